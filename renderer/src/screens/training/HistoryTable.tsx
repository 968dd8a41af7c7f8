import { Code, Paper, Table, Text, Title } from '@mantine/core';
import { formatBytes, formatDateTime, shortHex } from '../../format/format.js';
import { s } from '../../strings.js';
import { JobStateBadge } from './JobCard.js';
import type { TrainingJob } from './job-types.js';

/** What became of a finished job: where its result went, or why there is none. */
function outcome(job: TrainingJob): string {
  if (job.state === 'sent') return job.destination ?? job.summary.endpoint;
  if (job.error) return s.errorCodes[job.error.code]?.[0] ?? job.error.message;
  if (job.state === 'discarded') return s.training.discardedNote;
  return '—';
}

/** Finished jobs (sent, discarded, stopped, failed), newest first. */
export function HistoryTable({ jobs }: { jobs: TrainingJob[] }) {
  return (
    <Paper withBorder component="section" aria-labelledby="history-title">
      <Title order={2} size="h4" id="history-title" p="md" pb={0}>
        {s.training.history}
      </Title>
      {jobs.length === 0 ? (
        <Text size="sm" c="dimmed" p="md">
          {s.training.historyEmpty}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{s.training.task}</Table.Th>
                <Table.Th scope="col">{s.leases.lease}</Table.Th>
                <Table.Th scope="col">{s.leases.status}</Table.Th>
                <Table.Th scope="col">ε</Table.Th>
                <Table.Th scope="col">{s.training.size}</Table.Th>
                <Table.Th scope="col">{s.training.outcome}</Table.Th>
                <Table.Th scope="col">{s.training.finishedAt}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {jobs.map((j) => (
                <Table.Tr key={j.id} data-testid={`history-${j.id}`}>
                  <Table.Th scope="row" fw={500}>
                    {j.summary.taskName}
                  </Table.Th>
                  <Table.Td>{j.leaseId}</Table.Td>
                  <Table.Td>
                    <JobStateBadge state={j.state} />
                  </Table.Td>
                  <Table.Td>{j.epsilon !== null && j.state === 'sent' ? j.epsilon.toFixed(2) : '—'}</Table.Td>
                  <Table.Td>{j.resultBytes !== null && j.state === 'sent' ? formatBytes(j.resultBytes) : '—'}</Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>
                    <Text size="sm">{outcome(j)}</Text>
                    {j.deliveryTx && (
                      <Text size="xs" c="dimmed">
                        {s.training.deliveryTx} <Code>{shortHex(j.deliveryTx)}</Code>
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{j.finishedAt ? formatDateTime(j.finishedAt) : '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
