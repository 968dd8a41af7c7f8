import { Alert, Group, Loader, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useApi } from '../../api/ApiProvider.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { datasetName, formatDate } from '../../format/format.js';
import { s } from '../../strings.js';
import { DailyChart, type DailyPoint } from './DailyChart.js';

type Range = 'all' | 'year' | 'quarter' | 'month';
const RANGE_DAYS: Record<Range, number | null> = { all: null, year: 365, quarter: 91, month: 30 };
const DAY = 86_400_000;

/** One dataset's daily aggregates with a range picker (keyboard) and drag-to-zoom (pointer). */
export function DatasetChart({ kind, unit, from, to }: { kind: string; unit: string | null; from: number; to: number }) {
  const api = useApi();
  const [range, setRange] = useState<Range>('all');
  const days = RANGE_DAYS[range];
  const qFrom = days === null ? from : Math.max(from, to - days * DAY);
  const offset = -new Date().getTimezoneOffset();
  const agg = useQuery({
    queryKey: ['data', 'aggregate', kind, qFrom, to],
    queryFn: () => api.call('data.aggregate', { kind, bucket: 'day', from: qFrom, to: to + 1, utcOffsetMinutes: offset }),
  });
  const points: DailyPoint[] = useMemo(
    () => (agg.data ?? []).map((b) => ({ t: b.bucketStart, mean: b.mean, min: b.min, max: b.max })),
    [agg.data],
  );
  const [zoom, setZoom] = useState<[number, number] | null>(null);
  const visible = zoom ? points.filter((p) => p.t >= zoom[0] && p.t <= zoom[1]) : points;
  const name = datasetName(kind);

  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Title order={2} size="h4">
          {s.data.chartTitle(name)}
        </Title>
        <SegmentedControl
          aria-label={s.data.range}
          value={range}
          onChange={(v) => {
            setRange(v as Range);
            setZoom(null);
          }}
          data={(Object.keys(RANGE_DAYS) as Range[]).map((r) => ({ value: r, label: s.data.ranges[r] }))}
        />
      </Group>
      <Text size="sm" c="dimmed">
        {s.data.chartHint}
      </Text>
      {agg.isPending && <Loader aria-label={s.loading} />}
      {agg.isError && <ErrorAlert error={agg.error} onRetry={() => void agg.refetch()} />}
      {agg.isSuccess && points.length === 0 && <Alert color="gray" role="note">{s.data.chartEmpty}</Alert>}
      {agg.isSuccess && points.length > 0 && (
        <>
          <DailyChart points={points} unit={unit ?? ''} label={s.data.chartTitle(name)} onZoom={(a, b) => setZoom([a, b])} />
          <Text size="sm" aria-live="polite" data-testid="chart-summary">
            {visible.length > 0
              ? s.data.chartSummary(visible.length, formatDate(visible[0]!.t), formatDate(visible[visible.length - 1]!.t))
              : s.data.chartEmpty}
          </Text>
        </>
      )}
    </Stack>
  );
}
