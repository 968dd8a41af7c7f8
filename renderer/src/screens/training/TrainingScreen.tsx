import { Alert, Anchor, Loader, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useApi } from '../../api/ApiProvider.js';
import { auditKey, chainKey, trainingKey } from '../../app/query-keys.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { s } from '../../strings.js';
import { HistoryTable } from './HistoryTable.js';
import { JobCard, type JobAction } from './JobCard.js';
import { REVIEW_STATES, RUNNING_STATES, type TrainingJob } from './job-types.js';
import { StartPanel } from './StartPanel.js';

export const jobsKey = [...trainingKey, 'jobs'] as const;

/**
 * Training jobs, wired to the wallet's training.* calls and events: run an
 * active lease's task, watch running jobs (progress, loss, samples/s, ε
 * against the lease's budget), review a finished result and send or
 * discard it, and the history of jobs that are over.
 */
export default function TrainingScreen() {
  const api = useApi();
  const queryClient = useQueryClient();
  const jobs = useQuery({
    queryKey: jobsKey,
    queryFn: () => api.call('training.jobs', { limit: 100 }),
    // Events keep it current; polling only backs them up (e.g. a job run by the tray agent or the CLI).
    refetchInterval: (q) => ((q.state.data ?? []).some((j) => RUNNING_STATES.has(j.state)) ? 3_000 : 15_000),
  });

  useEffect(() => {
    const offProgress = api.on('training.progress', ({ jobId, progress }) => {
      queryClient.setQueryData<TrainingJob[]>(jobsKey, (old) => old?.map((j) => (j.id === jobId && j.state === 'running' ? { ...j, progress } : j)));
    });
    const offState = api.on('training.job', () => void queryClient.invalidateQueries({ queryKey: jobsKey }));
    return () => {
      offProgress();
      offState();
    };
  }, [api, queryClient]);

  const [busy, setBusy] = useState<{ id: string; what: JobAction } | null>(null);
  const act = useMutation({
    mutationFn: ({ id, what }: { id: string; what: JobAction }) =>
      what === 'send' ? api.call('training.send', { id }) : what === 'discard' ? api.call('training.discard', { id }) : api.call('training.cancel', { id }),
    onMutate: (v) => setBusy(v),
    onSettled: async () => {
      setBusy(null);
      await queryClient.invalidateQueries({ queryKey: trainingKey });
      await queryClient.invalidateQueries({ queryKey: auditKey });
      await queryClient.invalidateQueries({ queryKey: chainKey });
    },
  });

  const list = jobs.data ?? [];
  const running = list.filter((j) => RUNNING_STATES.has(j.state));
  const review = list.filter((j) => REVIEW_STATES.has(j.state));
  const done = list.filter((j) => !RUNNING_STATES.has(j.state) && !REVIEW_STATES.has(j.state));
  const card = (job: TrainingJob) => (
    <JobCard
      key={job.id}
      job={job}
      busy={busy?.id === job.id ? busy.what : null}
      onSend={() => act.mutate({ id: job.id, what: 'send' })}
      onDiscard={() => act.mutate({ id: job.id, what: 'discard' })}
      onCancel={() => act.mutate({ id: job.id, what: 'cancel' })}
    />
  );
  const sent = act.isSuccess && act.data.state === 'sent' ? act.data : null;

  return (
    <Stack>
      <Title order={1} size="h2">
        {s.training.title}
      </Title>
      <Text size="sm" c="dimmed">
        {s.training.intro}
      </Text>
      {sent && (
        <Alert color="wallet" role="status" data-testid="sent-notice">
          {s.training.sentNotice(sent.destination ?? sent.summary.endpoint)}{' '}
          <Anchor component={Link} to="/audit" size="sm">
            {s.training.seeLedger}
          </Anchor>
        </Alert>
      )}
      {act.isSuccess && act.data.state === 'discarded' && (
        <Alert color="gray" role="status">
          {s.training.discardedNotice}
        </Alert>
      )}
      {act.isError && <ErrorAlert error={act.error} />}
      <StartPanel running={running.length > 0} />
      {jobs.isPending && <Loader aria-label={s.loading} />}
      {jobs.isError && <ErrorAlert error={jobs.error} onRetry={() => void jobs.refetch()} />}
      {running.length > 0 && (
        <Stack gap="sm" component="section" aria-labelledby="running-title">
          <Title order={2} size="h4" id="running-title">
            {s.training.runningTitle}
          </Title>
          {running.map(card)}
        </Stack>
      )}
      {review.length > 0 && (
        <Stack gap="sm" component="section" aria-labelledby="review-title">
          <Title order={2} size="h4" id="review-title">
            {s.training.waitingTitle}
          </Title>
          {review.map(card)}
        </Stack>
      )}
      {jobs.isSuccess && <HistoryTable jobs={done} />}
    </Stack>
  );
}
