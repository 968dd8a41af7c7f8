import { Badge, Button, Code, Group, Paper, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { datasetName, formatBytes, formatCount, formatDateTime } from '../../format/format.js';
import { s } from '../../strings.js';
import { epsilonUse, percentDone, REVIEW_STATES, RUNNING_STATES, type TrainingJob } from './job-types.js';

export type JobAction = 'send' | 'discard' | 'cancel';

const STATE_COLOR: Record<string, string> = {
  running: 'wallet',
  review: 'orange',
  sending: 'orange',
  sent: 'wallet',
  discarded: 'gray',
  stopped: 'gray',
  failed: 'red',
};

/** A job's state as a badge (also used by the history table). */
export function JobStateBadge({ state }: { state: string }) {
  return (
    <Badge variant="dot" c="var(--mantine-color-text)" color={STATE_COLOR[state] ?? 'gray'}>
      {s.training.states[state] ?? state}
    </Badge>
  );
}

/** ε spent on the job's lease (earlier results plus this job) against the lease's budget, as words and a bar. */
export function EpsilonBar({ job }: { job: TrainingJob }) {
  const eps = epsilonUse(job);
  const words = s.training.epsilon(eps.spent.toFixed(2), eps.budget.toFixed(2));
  return (
    <div>
      <Group justify="space-between" gap="xs">
        <Text size="sm">{words}</Text>
        <Text size="xs" c="dimmed">
          {s.training.epsilonThisJob(eps.job.toFixed(2))}
        </Text>
      </Group>
      <Progress.Root size="md">
        {/* Mantine's own ARIA would read "62.5%"; screen readers get the words instead. */}
        <Progress.Section
          value={eps.percent}
          color={eps.percent > 90 ? 'red' : eps.percent > 70 ? 'orange' : 'wallet'}
          withAria={false}
          role="progressbar"
          aria-label={s.training.epsilonBar}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={eps.percent}
          aria-valuetext={words}
        />
      </Progress.Root>
    </div>
  );
}

/** A job's error in the GUI's words (by its code), with the core's message as the detail. */
function JobError({ error }: { error: NonNullable<TrainingJob['error']> }) {
  const known = s.errorCodes[error.code];
  return (
    <Stack gap={2} role="alert">
      <Text size="sm" c="red.9" fw={600}>
        {known ? known[0] : s.training.failedTitle}
      </Text>
      <Text size="sm">{known ? known[1] : error.message}</Text>
      {known && (
        <Text size="xs" c="dimmed">
          {error.message}
        </Text>
      )}
    </Stack>
  );
}

/**
 * One job that needs the owner's eye: while it runs, its progress, loss,
 * samples/s and ε spent against the lease's budget (with Stop); when its
 * result waits, the review (size, hash, metrics, destination) with Send and
 * Discard. Finished jobs go to the history table instead.
 */
export function JobCard({
  job,
  busy,
  onSend,
  onDiscard,
  onCancel,
}: {
  job: TrainingJob;
  busy: JobAction | null;
  onSend: () => void;
  onDiscard: () => void;
  onCancel?: () => void;
}) {
  const p = job.progress;
  const running = RUNNING_STATES.has(job.state);
  const inReview = REVIEW_STATES.has(job.state);
  const sending = job.state === 'sending';
  const titleId = `job-${job.id}`;
  return (
    <Paper withBorder p="md" component="article" aria-labelledby={titleId} data-testid={titleId}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Title order={3} size="h4" id={titleId}>
            {s.training.jobTitle(job.summary.taskName, job.leaseId)}
          </Title>
          <JobStateBadge state={job.state} />
        </Group>
        <Text size="sm" c="dimmed">
          {job.summary.datasets.map(datasetName).join(', ')} · {s.training.examples(formatCount(job.summary.examples))} ·{' '}
          {s.training.epochs(job.summary.epochs)}
        </Text>
        {running && (
          <>
            <Progress value={percentDone(p)} aria-label={s.training.progress} size="lg" striped animated />
            <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="xs">
              <Text size="sm" data-testid="job-progress">
                {s.training.progress}: {p ? s.training.epochOf(p.epoch, p.epochs, Math.round(percentDone(p))) : s.training.starting}
              </Text>
              <Text size="sm" data-testid="job-loss">
                {s.training.loss}: {p ? p.loss.toFixed(4) : '—'}
              </Text>
              <Text size="sm" data-testid="job-rate">
                {s.training.samplesPerSecond}: {p ? formatCount(Math.round(p.samplesPerSecond)) : '—'}
              </Text>
            </SimpleGrid>
          </>
        )}
        <EpsilonBar job={job} />
        {job.error && <JobError error={job.error} />}
        {running && onCancel && (
          <Group justify="flex-end">
            <Button variant="default" color="red" onClick={onCancel} loading={busy === 'cancel'} disabled={busy !== null}>
              {s.training.cancel}
            </Button>
          </Group>
        )}
        {inReview && (
          <Stack gap="xs" component="section" aria-labelledby={`${titleId}-review`}>
            <Title order={4} size="h5" id={`${titleId}-review`}>
              {s.training.reviewTitle}
            </Title>
            <Text size="sm">{s.training.reviewBody}</Text>
            <Table variant="vertical" withTableBorder={false} layout="fixed">
              <Table.Tbody>
                <Table.Tr>
                  <Table.Th scope="row" w="30%">
                    {s.training.size}
                  </Table.Th>
                  <Table.Td data-testid="result-size">{job.resultBytes !== null ? formatBytes(job.resultBytes) : '—'}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th scope="row">{s.training.hash}</Table.Th>
                  <Table.Td>
                    <Code style={{ overflowWrap: 'anywhere' }} data-testid="result-hash">
                      {job.resultSha256 ?? '—'}
                    </Code>
                  </Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th scope="row">{s.training.metrics}</Table.Th>
                  <Table.Td data-testid="result-metrics">
                    {s.training.metricsValue({
                      loss: p ? p.loss.toFixed(4) : null,
                      examples: formatCount(job.summary.examples),
                      epsilon: (job.epsilon ?? 0).toFixed(2),
                      delta: job.delta !== null ? job.delta.toExponential(0) : null,
                    })}
                  </Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th scope="row">{s.training.destination}</Table.Th>
                  <Table.Td style={{ overflowWrap: 'anywhere' }} data-testid="result-destination">
                    {job.destination ?? job.summary.endpoint}
                  </Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
            <Text size="sm">{s.consent.leavesLayers(job.summary.layers.join(', '))}</Text>
            <Text size="sm" fw={600}>
              {s.consent.leavesNever}
            </Text>
            <Group justify="flex-end">
              <Button variant="default" color="red" onClick={onDiscard} loading={busy === 'discard'} disabled={busy !== null || sending}>
                {s.training.discard}
              </Button>
              <Button onClick={onSend} loading={busy === 'send' || sending} disabled={busy !== null || sending}>
                {s.training.send}
              </Button>
            </Group>
          </Stack>
        )}
        <Text size="xs" c="dimmed">
          {job.finishedAt ? s.training.finished(formatDateTime(job.finishedAt)) : s.training.started(formatDateTime(job.createdAt))}
        </Text>
      </Stack>
    </Paper>
  );
}
