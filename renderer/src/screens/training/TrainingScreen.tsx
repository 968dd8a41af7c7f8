import { Alert, Loader, Stack, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../../api/ApiProvider.js';
import type { WalletClient } from '../../api/client.js';
import { trainingKey } from '../../app/query-keys.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { apiCalls } from '../../../../shared/api/contract.js';
import { s } from '../../strings.js';
import { JobCard } from './JobCard.js';
import type { TrainingJob } from './job-types.js';

/**
 * The training calls come with the training engine; a wallet whose contract
 * lacks them says so instead of failing. Calls are still parsed by the typed
 * client against the contract's own schemas.
 */
const CALLS = { list: 'training.jobs', send: 'training.send', discard: 'training.discard' } as const;
const available = CALLS.list in apiCalls;

function callByName<T>(api: WalletClient, name: string, input: unknown): Promise<T> {
  return (api.call as unknown as (n: string, i: unknown) => Promise<T>)(name, input);
}

export default function TrainingScreen() {
  const api = useApi();
  const queryClient = useQueryClient();
  const jobs = useQuery({
    queryKey: trainingKey,
    queryFn: () => callByName<TrainingJob[]>(api, CALLS.list, {}),
    enabled: available,
    refetchInterval: 2_000,
  });
  const [busy, setBusy] = useState<{ id: string; what: 'send' | 'discard' } | null>(null);
  const act = useMutation({
    mutationFn: ({ id, what }: { id: string; what: 'send' | 'discard' }) => callByName(api, what === 'send' ? CALLS.send : CALLS.discard, { id }),
    onMutate: (v) => setBusy(v),
    onSettled: async () => {
      setBusy(null);
      await queryClient.invalidateQueries({ queryKey: trainingKey });
    },
  });
  const list = jobs.data ?? [];
  return (
    <Stack>
      <Title order={1} size="h2">
        {s.training.title}
      </Title>
      {!available && (
        <Alert color="gray" role="note">
          {s.training.unavailable}
        </Alert>
      )}
      {available && jobs.isPending && <Loader aria-label={s.loading} />}
      {jobs.isError && <ErrorAlert error={jobs.error} onRetry={() => void jobs.refetch()} />}
      {act.isError && <ErrorAlert error={act.error} />}
      {jobs.isSuccess && list.length === 0 && (
        <Alert color="gray" role="note">
          {s.training.empty}
        </Alert>
      )}
      {list.map((job) => (
        <JobCard
          key={job.id}
          job={job}
          busy={busy?.id === job.id ? busy.what : null}
          onSend={() => act.mutate({ id: job.id, what: 'send' })}
          onDiscard={() => act.mutate({ id: job.id, what: 'discard' })}
        />
      ))}
    </Stack>
  );
}
