import 'uplot/dist/uPlot.min.css';
import { useComputedColorScheme } from '@mantine/core';
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';

export interface DailyPoint {
  /** Start of the day, unix ms. */
  t: number;
  mean: number;
  min: number;
  max: number;
}

/**
 * Daily aggregates as a line (mean) with min/max. Drag across to zoom into a
 * range (uPlot's own selection); double-click zooms back out. `onZoom` tells
 * the screen the visible range so its summary and range picker follow.
 */
export function DailyChart({
  points,
  unit,
  label,
  onZoom,
}: {
  points: DailyPoint[];
  unit: string;
  label: string;
  onZoom?: (fromMs: number, toMs: number) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const scheme = useComputedColorScheme('light');
  const zoomRef = useRef(onZoom);
  zoomRef.current = onZoom;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const dark = scheme === 'dark';
    const axis = { stroke: dark ? '#c1c2c5' : '#373a40', grid: { stroke: dark ? '#2c2e33' : '#e9ecef' }, ticks: { stroke: dark ? '#2c2e33' : '#dee2e6' } };
    const data: uPlot.AlignedData = [
      points.map((p) => p.t / 1000),
      points.map((p) => p.mean),
      points.map((p) => p.min),
      points.map((p) => p.max),
    ];
    const opts: uPlot.Options = {
      width: Math.max(300, el.clientWidth),
      height: 280,
      cursor: { drag: { x: true, y: false, setScale: true } },
      scales: { x: { time: true } },
      legend: { show: true },
      axes: [axis, { ...axis, label: unit, size: 60 }],
      series: [
        {},
        { label: 'mean', stroke: dark ? '#38d9a9' : '#087f5b', width: 2 },
        { label: 'min', stroke: dark ? '#74c0fc' : '#1864ab', width: 1, dash: [4, 4] },
        { label: 'max', stroke: dark ? '#ffa8a8' : '#c92a2a', width: 1, dash: [4, 4] },
      ],
      hooks: {
        setScale: [
          (u, key) => {
            if (key !== 'x') return;
            const { min, max } = u.scales.x!;
            if (min != null && max != null) zoomRef.current?.(min * 1000, max * 1000);
          },
        ],
      },
    };
    const plot = new uPlot(opts, data, el);
    const ro = new ResizeObserver(() => plot.setSize({ width: Math.max(300, el.clientWidth), height: 280 }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
    };
  }, [points, unit, scheme]);

  return <div ref={box} className="chart-box" role="img" aria-label={label} />;
}
