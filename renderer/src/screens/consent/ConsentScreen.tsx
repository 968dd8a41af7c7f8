import { Alert, Button, Group, Loader, Stack, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useApi } from '../../api/ApiProvider.js';
import { leasesKey, requestersKey, requestsKey } from '../../app/query-keys.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useSettings } from '../../app/use-settings.js';
import { s } from '../../strings.js';
import { ConsentPrompt, type Narrowing } from './ConsentPrompt.js';

/**
 * The consent prompt for a lease link (`?link=`), or for a request that
 * arrived as a deep link and is stored as pending (`?id=`, its terms cached
 * from the `requests.received` event).
 */
export default function ConsentScreen() {
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const link = params.get('link');
  const id = params.get('id');
  const ref = link ?? id ?? '';

  const request = useQuery({
    queryKey: [...requestsKey, 'inspect', ref],
    queryFn: async () => {
      if (link) return api.call('requests.inspect', { link });
      const cached = queryClient.getQueryData<Awaited<ReturnType<typeof api.call<'requests.inspect'>>>>([...requestsKey, 'received', id]);
      return cached ?? null;
    },
    enabled: ref.length > 0,
    staleTime: Infinity,
  });
  const requesters = useQuery({ queryKey: requestersKey, queryFn: () => api.call('requesters.list', {}) });
  // A narrowing is sent to the core, which says what it covers and pays (nothing is granted).
  const [narrowing, setNarrowing] = useState<Narrowing | null>(null);
  const narrowed = useQuery({
    queryKey: [...requestsKey, 'previewApproval', ref, narrowing],
    queryFn: () => api.call('requests.previewApproval', { ref, narrowing: narrowing! }),
    enabled: narrowing !== null && request.isSuccess && request.data !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });
  // What would leave the device: the wallet fetches and checks the requester's task (nothing is sent).
  const preview = useQuery({
    queryKey: ['task-preview', ref],
    queryFn: () => api.call('training.preview', { link: link! }),
    enabled: link !== null && request.isSuccess && request.data !== null && Boolean(request.data.taskUrl),
    staleTime: Infinity,
    retry: false,
  });
  const settings = useSettings();
  const [busy, setBusy] = useState<'approve' | 'decline' | null>(null);
  const done = async () => {
    await queryClient.invalidateQueries({ queryKey: leasesKey });
    await queryClient.invalidateQueries({ queryKey: requestsKey });
  };
  const approve = useMutation({
    mutationFn: (narrowing: (Narrowing & { maxEpsilonMilli?: number }) | null) => api.call('requests.approve', { ref, ...(narrowing ? { narrowing } : {}) }),
    onMutate: () => setBusy('approve'),
    onSettled: () => setBusy(null),
    onSuccess: async (lease) => {
      await done();
      navigate(`/leases?highlight=${encodeURIComponent(lease.id)}`);
    },
  });
  const decline = useMutation({
    mutationFn: () => api.call('requests.decline', { ref }),
    onMutate: () => setBusy('decline'),
    onSettled: () => setBusy(null),
    onSuccess: done,
  });

  // Opened without a request (e.g. the prompt window before a link arrived): the list of pending requests.
  if (!ref) return <Navigate to="/requests" replace />;
  if (request.isPending) return <Loader aria-label={s.loading} />;
  if (request.isError) {
    return (
      <Stack>
        <Title order={1} size="h2">
          {s.consent.refusedTitle}
        </Title>
        <ErrorAlert error={request.error} />
        <Group>
          <Button variant="default" onClick={() => navigate('/requests')}>
            {s.errors.actions.requests}
          </Button>
        </Group>
      </Stack>
    );
  }
  const r = request.data;
  if (r === null) {
    return (
      <Stack>
        <Alert color="orange" role="alert" title={s.consent.notCachedTitle}>
          {s.consent.notCached}
        </Alert>
        <Group>
          <Button variant="default" onClick={() => navigate('/requests')}>
            {s.errors.actions.requests}
          </Button>
        </Group>
      </Stack>
    );
  }
  const labelled = (requesters.data ?? []).filter((q) => q.label).map((q) => ({ address: q.address, label: q.label! }));
  const blocked = (requesters.data ?? []).some((q) => q.blocked && q.address.toLowerCase() === r.requester.toLowerCase());
  // The owner's privacy limit per lease: a request above it is flagged and can be approved only with a smaller budget.
  const limit = settings.data?.maxEpsilonMilli ?? null;
  const aboveLimit = limit !== null && r.maxEpsilonMilli > limit && r.status !== 'declined' && !decline.isSuccess;
  return (
    <Stack>
      {aboveLimit && (
        <Alert color="orange" role="alert" title={s.errorCodes.EPSILON_ABOVE_LIMIT![0]} data-testid="epsilon-above-limit">
          {s.privacyLimit.flag(String(r.maxEpsilonMilli / 1000), String(limit / 1000))}
          <Group mt="sm">
            <Button size="xs" color="orange" loading={busy === 'approve'} disabled={busy !== null} onClick={() => approve.mutate({ maxEpsilonMilli: limit })}>
              {s.privacyLimit.narrowTo(String(limit / 1000))}
            </Button>
          </Group>
        </Alert>
      )}
      {decline.isSuccess && (
        <Alert color="gray" role="status">
          {s.consent.declined}
        </Alert>
      )}
      <ConsentPrompt
        request={{ ...r, blocked, status: decline.isSuccess ? 'declined' : r.status }}
        knownRequesters={labelled}
        recordsInScope={r.recordsInScope}
        narrowedPreview={
          narrowing === null
            ? null
            : {
                recordsInScope: narrowed.isPlaceholderData || !narrowed.data ? null : narrowed.data.recordsInScope,
                price: narrowed.isPlaceholderData || !narrowed.data ? null : narrowed.data.terms.price,
                error: narrowed.error,
              }
        }
        onNarrowingChange={setNarrowing}
        taskPreview={
          preview.data?.ok ? { updateBytes: preview.data.updateBytes, layers: preview.data.layers.map((l) => l.className) } : null
        }
        currency={r.currency.symbol}
        decimals={r.currency.decimals}
        busy={busy}
        error={approve.error ?? decline.error}
        onApprove={(n) => approve.mutate(n)}
        onDecline={() => decline.mutate()}
      />
    </Stack>
  );
}
