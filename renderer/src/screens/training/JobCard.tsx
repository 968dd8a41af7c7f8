import { Badge, Button, Code, Group, Paper, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { datasetName, formatBytes, formatDateTime } from '../../format/format.js';
import { s } from '../../strings.js';
import { percentDone, type TrainingJob } from './job-types.js';

const RUNNING = new Set(['queued', 'running', 'training', 'preparing']);
const REVIEW = new Set(['review', 'awaiting-review', 'ready']);

/** One job: progress, loss, samples/s and ε spent against the budget while it runs; the review of its result when it is done. */
export function JobCard({
  job,
  busy,
  onSend,
  onDiscard,
}: {
  job: TrainingJob;
  busy: 'send' | 'discard' | null;
  onSend: () => void;
  onDiscard: () => void;
}) {
  const p = job.progress;
  const budget = job.summary.epsilon;
  const spent = job.epsilon ?? p?.epsilonSpent ?? 0;
  const epsPercent = budget > 0 ? Math.min(100, (spent / budget) * 100) : 0;
  const running = RUNNING.has(job.state);
  const inReview = REVIEW.has(job.state);
  return (
    <Paper withBorder p="md" component="article" aria-labelledby={`job-${job.id}`}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id={`job-${job.id}`}>
            {s.training.jobTitle(job.summary.taskName, job.leaseId)}
          </Title>
          <Badge variant="dot" c="var(--mantine-color-text)" color={running ? 'wallet' : inReview ? 'orange' : job.error ? 'red' : 'gray'}>
            {s.training.states[job.state] ?? job.state}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed">
          {job.summary.datasets.map(datasetName).join(', ')} · {s.training.examples(job.summary.examples)}
        </Text>
        {running && (
          <>
            <Progress value={percentDone(p)} aria-label={s.training.progress} size="lg" striped animated />
            <SimpleGrid cols={3}>
              <Text size="sm">
                {s.training.progress}: {p ? `${p.epoch}/${p.epochs} · ${Math.round(percentDone(p))} %` : '—'}
              </Text>
              <Text size="sm">
                {s.training.loss}: {p ? p.loss.toFixed(4) : '—'}
              </Text>
              <Text size="sm">
                {s.training.samplesPerSecond}: {p ? Math.round(p.samplesPerSecond) : '—'}
              </Text>
            </SimpleGrid>
          </>
        )}
        <div>
          <Text size="sm">{s.training.epsilon(spent.toFixed(2), budget.toFixed(2))}</Text>
          <Progress value={epsPercent} color={epsPercent > 90 ? 'red' : epsPercent > 70 ? 'orange' : 'wallet'} aria-label={s.training.epsilonBar} size="sm" />
        </div>
        {job.error && (
          <Text size="sm" c="red.9" role="alert">
            {job.error.message}
          </Text>
        )}
        {inReview && (
          <Stack gap="xs">
            <Title order={3} size="h5">
              {s.training.reviewTitle}
            </Title>
            <Table variant="vertical" withTableBorder={false}>
              <Table.Tbody>
                <Table.Tr>
                  <Table.Th scope="row">{s.training.size}</Table.Th>
                  <Table.Td>{job.resultBytes !== null ? formatBytes(job.resultBytes) : '—'}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th scope="row">{s.training.hash}</Table.Th>
                  <Table.Td>
                    <Code style={{ overflowWrap: 'anywhere' }}>{job.resultSha256 ?? '—'}</Code>
                  </Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th scope="row">{s.training.metrics}</Table.Th>
                  <Table.Td>
                    {p ? `${s.training.loss} ${p.loss.toFixed(4)}` : '—'} · ε {spent.toFixed(2)}
                  </Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th scope="row">{s.training.destination}</Table.Th>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{job.destination ?? job.summary.endpoint}</Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
            <Text size="sm">{s.consent.leavesLayers(job.summary.layers.join(', '))}</Text>
            <Group justify="flex-end">
              <Button variant="default" color="red" onClick={onDiscard} loading={busy === 'discard'} disabled={busy !== null}>
                {s.training.discard}
              </Button>
              <Button onClick={onSend} loading={busy === 'send'} disabled={busy !== null}>
                {s.training.send}
              </Button>
            </Group>
          </Stack>
        )}
        {job.finishedAt && (
          <Text size="xs" c="dimmed">
            {s.training.finished(formatDateTime(job.finishedAt))}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
