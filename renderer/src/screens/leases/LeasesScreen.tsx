import { Alert, Badge, Button, Group, Loader, Modal, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useApi } from '../../api/ApiProvider.js';
import { chainKey, leasesKey } from '../../app/query-keys.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { datasetName, formatDateTime, formatDuration, formatWei, shortHex } from '../../format/format.js';
import { s } from '../../strings.js';
import { cleanOneLine } from '../consent/display-text.js';
import { ChainStatusCard } from './ChainStatusCard.js';
import { earnedSoFar, secondsLeft } from './lease-math.js';

const STATUS_COLOR: Record<string, string> = {
  active: 'wallet',
  pending: 'yellow',
  unconfirmed: 'yellow',
  revoking: 'orange',
  expired: 'gray',
  revoked: 'red',
  settled: 'blue',
  missing: 'red',
};

function useNow(periodMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), periodMs);
    return () => clearInterval(t);
  }, [periodMs]);
  return now;
}

export default function LeasesScreen() {
  const api = useApi();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const highlight = params.get('highlight');
  const now = useNow(1000);
  const leases = useQuery({ queryKey: leasesKey, queryFn: () => api.call('leases.list', {}), refetchInterval: 10_000 });
  const [revoking, setRevoking] = useState<{ ref: string; label: string } | null>(null);
  const revoke = useMutation({
    mutationFn: (ref: string) => api.call('leases.revoke', { ref }),
    onSuccess: async () => {
      setRevoking(null);
      await queryClient.invalidateQueries({ queryKey: leasesKey });
      await queryClient.invalidateQueries({ queryKey: chainKey });
    },
  });
  const list = (leases.data ?? []).filter((l) => l.status !== 'pending');

  return (
    <Stack>
      <Title order={1} size="h2">
        {s.leases.title}
      </Title>
      <ChainStatusCard />
      {revoke.isSuccess && (
        <Alert color="wallet" role="status">
          {s.leases.revoked(revoke.data.leaseId ?? shortHex(revoke.data.id))}
        </Alert>
      )}
      {leases.isPending && <Loader aria-label={s.loading} />}
      {leases.isError && <ErrorAlert error={leases.error} onRetry={() => void leases.refetch()} />}
      {leases.isSuccess && list.length === 0 && <Alert color="gray" role="note">{s.leases.empty}</Alert>}
      {list.length > 0 && (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={760}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{s.leases.lease}</Table.Th>
                  <Table.Th scope="col">{s.leases.requester}</Table.Th>
                  <Table.Th scope="col">{s.consent.datasets}</Table.Th>
                  <Table.Th scope="col">{s.leases.status}</Table.Th>
                  <Table.Th scope="col">{s.leases.remaining}</Table.Th>
                  <Table.Th scope="col">{s.leases.payout}</Table.Th>
                  <Table.Th scope="col">{s.data.actions}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((l) => {
                  const left = secondsLeft(l.expiresAt, now);
                  const earned =
                    l.ownerPaid !== null ? BigInt(l.ownerPaid) : l.status === 'active' ? earnedSoFar(l.terms.price, l.startsAt, l.expiresAt, now) : null;
                  const name = l.label ?? `“${cleanOneLine(l.requesterName, 60).text}”`;
                  const ref = l.leaseId ?? l.id;
                  return (
                    <Table.Tr key={l.id} bg={highlight === l.id ? 'var(--mantine-color-teal-light)' : undefined} data-testid={`lease-${ref}`}>
                      <Table.Th scope="row">{l.leaseId ?? shortHex(l.id)}</Table.Th>
                      <Table.Td>
                        <Text size="sm">{name}</Text>
                        <Text size="xs" c="dimmed">
                          {shortHex(l.requester)}
                          {l.label === null && ` · ${s.leases.unverifiedName}`}
                        </Text>
                      </Table.Td>
                      <Table.Td>{l.terms.datasets.map(datasetName).join(', ')}</Table.Td>
                      <Table.Td>
                        <Badge color={STATUS_COLOR[l.status] ?? 'gray'} variant="dot" c="var(--mantine-color-text)">
                          {s.leases.statuses[l.status] ?? l.status}
                        </Badge>
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        {l.status === 'active' && left !== null ? (
                          <Text size="sm" title={l.expiresAt ? formatDateTime(l.expiresAt) : undefined}>
                            {formatDuration(left)}
                          </Text>
                        ) : l.expiresAt ? (
                          <Text size="sm">{formatDateTime(l.expiresAt)}</Text>
                        ) : (
                          '—'
                        )}
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{earned !== null ? formatWei(earned, l.currency.symbol, l.currency.decimals) : '—'}</Table.Td>
                      <Table.Td>
                        {l.status === 'active' && (
                          <Button size="xs" color="red" variant="light" onClick={() => setRevoking({ ref, label: l.leaseId ?? shortHex(l.id) })}>
                            {s.leases.revoke}
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      {revoking && (
        <Modal opened onClose={() => setRevoking(null)} title={s.leases.revokeTitle(revoking.label)} closeButtonProps={{ 'aria-label': s.common.close }}>
          <Stack>
            <Text>{s.leases.revokeBody}</Text>
            {revoke.isError && <ErrorAlert error={revoke.error} onRetry={() => revoke.mutate(revoking.ref)} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setRevoking(null)} data-autofocus>
                {s.common.cancel}
              </Button>
              <Button color="red" onClick={() => revoke.mutate(revoking.ref)} loading={revoke.isPending}>
                {s.leases.revokeConfirm}
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </Stack>
  );
}
