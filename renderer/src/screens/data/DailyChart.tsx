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
    // Days without data break the lines instead of drawing across the gap.
    const xs: number[] = [];
    const cols: (number | null)[][] = [[], [], []];
    points.forEach((p, i) => {
      const prev = points[i - 1];
      if (prev && p.t - prev.t > 1.5 * 86_400_000) {
        xs.push((prev.t + 86_400_000) / 1000);
        cols.forEach((c) => c.push(null));
      }
      xs.push(p.t / 1000);
      cols[0]!.push(p.mean);
      cols[1]!.push(p.min);
      cols[2]!.push(p.max);
    });
    const data: uPlot.AlignedData = [xs, ...cols];
    const opts: uPlot.Options = {
      width: Math.max(300, el.clientWidth),
      height: 280,
      cursor: { drag: { x: true, y: false, setScale: true } },
      scales: {
        x: {
          time: true,
          // One day of data: show a week around it instead of uPlot's padding to a year.
          range: (_u, min, max) => (max - min < 86_400 ? [min - 3 * 86_400, max + 4 * 86_400] : [min, max]),
        },
      },
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
