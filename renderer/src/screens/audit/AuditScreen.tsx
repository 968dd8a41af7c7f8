import { Alert, Badge, Button, Code, Group, Loader, Paper, Select, Stack, Table, Text, TextInput, Timeline, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useApi } from '../../api/ApiProvider.js';
import { auditKey } from '../../app/query-keys.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { formatBytes, formatCount, formatDateTime, shortHex } from '../../format/format.js';
import { s } from '../../strings.js';

/** The egress ledger: every result that left (`egress.sent`) or was attempted and may have left (`egress.failed`). */
const EGRESS = /^egress\.(sent|failed)$/;

function summary(data: Record<string, unknown>): string {
  return Object.entries(data)
    .slice(0, 6)
    .map(([k, v]) => `${k}: ${typeof v === 'string' && /^0x[0-9a-fA-F]{40,}$/.test(v) ? shortHex(v) : typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' · ');
}

export default function AuditScreen() {
  const api = useApi();
  const [kind, setKind] = useState<string | null>(null);
  const [subject, setSubject] = useState('');
  const [debounced] = useDebouncedValue(subject.trim(), 300);
  const entries = useQuery({
    queryKey: [...auditKey, debounced],
    queryFn: () => api.call('audit.list', { limit: 1000, ...(debounced ? { subject: debounced } : {}) }),
  });
  const verify = useMutation({ mutationFn: () => api.call('audit.verify', {}) });
  const all = entries.data ?? [];
  const types = useMemo(() => [...new Set(all.map((e) => e.type))].sort(), [all]);
  const shown = all.filter((e) => !kind || e.type === kind).slice().reverse();
  const egress = all.filter((e) => EGRESS.test(e.type));

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {s.audit.title}
        </Title>
        <Button onClick={() => verify.mutate()} loading={verify.isPending}>
          {s.audit.verify}
        </Button>
      </Group>
      {verify.isPending && <Text aria-live="polite">{s.audit.verifying}</Text>}
      {verify.isSuccess && (
        <Alert color="wallet" role="status" data-testid="audit-verified">
          {s.audit.verifyOk(formatCount(verify.data.count))}
        </Alert>
      )}
      {verify.isError && <ErrorAlert error={verify.error} onRetry={() => verify.mutate()} />}

      <Paper withBorder p="md">
        <Group grow>
          <Select label={s.audit.filterKind} data={types} value={kind} onChange={setKind} clearable placeholder={s.audit.all} />
          <TextInput label={s.audit.filterSubject} value={subject} onChange={(e) => setSubject(e.currentTarget.value)} autoComplete="off" spellCheck={false} />
        </Group>
      </Paper>

      {entries.isPending && <Loader aria-label={s.loading} />}
      {entries.isError && <ErrorAlert error={entries.error} onRetry={() => void entries.refetch()} />}
      {entries.isSuccess && shown.length === 0 && <Alert color="gray" role="note">{s.audit.empty}</Alert>}
      {shown.length > 0 && (
        <Paper withBorder p="md">
          <Timeline bulletSize={14} lineWidth={2}>
            {shown.slice(0, 300).map((e) => (
              <Timeline.Item
                key={e.seq}
                title={
                  <Group gap="xs">
                    <Badge variant="outline" color="gray" c="var(--mantine-color-text)" tt="none">
                      {e.type}
                    </Badge>
                    <Text size="xs" c="dimmed">
                      #{e.seq} · {formatDateTime(e.at)}
                    </Text>
                  </Group>
                }
              >
                {e.subject && (
                  <Text size="sm">
                    <Code>{shortHex(e.subject, 8)}</Code>
                  </Text>
                )}
                <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                  {summary(e.data)}
                </Text>
              </Timeline.Item>
            ))}
          </Timeline>
        </Paper>
      )}

      <Paper withBorder p="md" component="section" aria-labelledby="egress-title">
        <Title order={2} size="h4" id="egress-title" mb="xs">
          {s.audit.egressTitle}
        </Title>
        {egress.length === 0 ? (
          <Text size="sm">{s.audit.egressEmpty}</Text>
        ) : (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{s.audit.when}</Table.Th>
                <Table.Th scope="col">{s.audit.lease}</Table.Th>
                <Table.Th scope="col">{s.audit.destination}</Table.Th>
                <Table.Th scope="col">{s.audit.size}</Table.Th>
                <Table.Th scope="col">{s.audit.hash}</Table.Th>
                <Table.Th scope="col">{s.audit.outcome}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {egress.map((e) => (
                <Table.Tr key={e.seq} data-testid="egress-row">
                  <Table.Td>{formatDateTime(e.at)}</Table.Td>
                  <Table.Td>{String(e.data.leaseId ?? e.subject ?? '—')}</Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{String(e.data.destination ?? e.data.url ?? '—')}</Table.Td>
                  <Table.Td>{typeof e.data.bytes === 'number' ? formatBytes(e.data.bytes) : '—'}</Table.Td>
                  <Table.Td>
                    <Code>{typeof e.data.sha256 === 'string' ? shortHex(e.data.sha256, 8) : typeof e.data.hash === 'string' ? shortHex(e.data.hash, 8) : '—'}</Code>
                  </Table.Td>
                  <Table.Td>{e.type === 'egress.sent' ? s.audit.egressSent : s.audit.egressFailed}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
    </Stack>
  );
}
