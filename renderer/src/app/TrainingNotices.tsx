import { Alert, Button, CloseButton, Group, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useApi } from '../api/ApiProvider.js';
import { s } from '../strings.js';
import { trainingKey } from './query-keys.js';

/**
 * Training jobs run in the background: when one's result waits for the
 * owner's review (review before sending is on for its lease), every screen
 * says so, with the way there. Job changes also refresh the training screen.
 */
export function TrainingNotices() {
  const api = useApi();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const [waiting, setWaiting] = useState<{ jobId: string; leaseId: string } | null>(null);
  useEffect(
    () =>
      api.on('training.job', ({ jobId, state }) => {
        void queryClient.invalidateQueries({ queryKey: trainingKey });
        if (state !== 'review') {
          setWaiting((w) => (w?.jobId === jobId ? null : w));
          return;
        }
        // With review off the result is sent on at once: only a result that waits is worth a notice.
        api.call('training.job', { id: jobId }).then(
          (job) => {
            if (job.state === 'review' && job.review) setWaiting({ jobId, leaseId: job.leaseId });
          },
          () => undefined,
        );
      }),
    [api, queryClient],
  );
  if (!waiting || location.pathname.startsWith('/training')) return null;
  return (
    <Alert color="orange" role="status" mb="md" data-testid="training-notice">
      <Group justify="space-between" wrap="nowrap" align="center">
        <Text size="sm">{s.training.notice(waiting.leaseId)}</Text>
        <Group gap="xs" wrap="nowrap">
          <Button size="xs" color="orange" onClick={() => navigate('/training')}>
            {s.training.noticeOpen}
          </Button>
          <CloseButton aria-label={s.training.noticeDismiss} onClick={() => setWaiting(null)} />
        </Group>
      </Group>
    </Alert>
  );
}
