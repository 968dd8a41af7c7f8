import { Alert, Button, Group, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/ApiProvider.js';
import { leasesKey, trainingKey } from '../../app/query-keys.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { datasetName, formatDuration, shortHex } from '../../format/format.js';
import { s } from '../../strings.js';
import { cleanOneLine } from '../consent/display-text.js';
import { secondsLeft } from '../leases/lease-math.js';
import type { LeaseView } from '../../../../shared/domain/leases.js';

/** Whether this lease's results wait for the owner's review before they leave (training.leaseSettings). */
function ReviewSwitch({ leaseId }: { leaseId: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const key = [...trainingKey, 'settings', leaseId];
  const settings = useQuery({ queryKey: key, queryFn: () => api.call('training.leaseSettings', { leaseId }) });
  const change = useMutation({
    mutationFn: (review: boolean) => api.call('training.leaseSettings', { leaseId, review }),
    onSuccess: (next) => queryClient.setQueryData(key, next),
  });
  return (
    <Stack gap={4}>
      <Switch
        label={s.training.reviewSwitch}
        checked={settings.data?.review ?? true}
        disabled={!settings.isSuccess || change.isPending}
        onChange={(e) => change.mutate(e.currentTarget.checked)}
      />
      {(settings.isError || change.isError) && <ErrorAlert error={settings.error ?? change.error} />}
    </Stack>
  );
}

/** One active lease whose task can be run now. */
function LeaseRow({ lease, busy, blocked, onRun }: { lease: LeaseView; busy: boolean; blocked: boolean; onRun: () => void }) {
  const name = lease.label ?? `“${cleanOneLine(lease.requesterName, 60).text}”`;
  const left = secondsLeft(lease.expiresAt, Date.now());
  return (
    <Paper withBorder p="sm" component="li" style={{ listStyle: 'none' }} data-testid={`train-lease-${lease.leaseId}`}>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={2} style={{ flex: '1 1 16rem' }}>
          <Text fw={600}>{s.training.leaseLine(lease.leaseId ?? shortHex(lease.id), name)}</Text>
          <Text size="sm" c="dimmed">
            {lease.terms.datasets.map(datasetName).join(', ')}
            {left !== null && ` · ${s.training.leaseLeft(formatDuration(left))}`}
          </Text>
          <ReviewSwitch leaseId={lease.leaseId!} />
        </Stack>
        <Button onClick={onRun} loading={busy} disabled={blocked}>
          {s.training.run}
        </Button>
      </Group>
    </Paper>
  );
}

/**
 * Active leases and a button to run each one's task now (training.train):
 * the wallet fetches and checks the task, builds features only from the
 * leased data and trains with DP-SGD; the job then shows up below.
 */
export function StartPanel({ running }: { running: boolean }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const leases = useQuery({ queryKey: [...leasesKey, 'local'], queryFn: () => api.call('leases.list', { chain: false }), refetchInterval: 15_000 });
  const train = useMutation({
    mutationFn: (leaseId: string) => api.call('training.train', { leaseId }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: trainingKey }),
  });
  const active = (leases.data ?? []).filter((l) => l.status === 'active' && l.leaseId !== null);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="start-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="start-title">
          {s.training.startTitle}
        </Title>
        <Text size="sm" c="dimmed">
          {s.training.startBody}
        </Text>
        {leases.isError && <ErrorAlert error={leases.error} onRetry={() => void leases.refetch()} />}
        {train.isError && <ErrorAlert error={train.error} onRetry={() => train.variables && train.mutate(train.variables)} />}
        {leases.isSuccess && active.length === 0 && (
          <Alert color="gray" role="note">
            {s.training.noActiveLease}
          </Alert>
        )}
        {running && active.length > 0 && (
          <Text size="sm" role="note">
            {s.training.oneAtATime}
          </Text>
        )}
        {active.length > 0 && (
          <Stack component="ul" gap="xs" p={0} m={0}>
            {active.map((l) => (
              <LeaseRow
                key={l.id}
                lease={l}
                busy={train.isPending && train.variables === l.leaseId}
                blocked={running || train.isPending}
                onRun={() => train.mutate(l.leaseId!)}
              />
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
