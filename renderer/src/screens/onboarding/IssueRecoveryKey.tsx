import { Button, Group, Paper, PasswordInput, Stack } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../../api/ApiProvider.js';
import { vaultStatusKey } from '../../app/query-keys.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { s } from '../../strings.js';
import { RecoveryKeyStep } from './RecoveryKeyStep.js';

/** Issues a new recovery key (the old one stops working), shows it once and confirms part of it. */
export function IssueRecoveryKey({ onDone }: { onDone: () => void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [passphrase, setPassphrase] = useState('');
  const [key, setKey] = useState<string | null>(null);
  const issue = useMutation({
    mutationFn: () => api.call('vault.issueRecoveryKey', { passphrase }),
    onSuccess: (r) => {
      setPassphrase('');
      setKey(r.recoveryKey);
    },
  });
  return (
    <Paper withBorder p="md" mb="md">
      {key ? (
        <RecoveryKeyStep
          recoveryKey={key}
          onConfirmed={() => {
            setKey(null);
            void queryClient.invalidateQueries({ queryKey: vaultStatusKey });
            onDone();
          }}
        />
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (passphrase) issue.mutate();
          }}
        >
          <Stack>
            <PasswordInput
              label={s.onboarding.issueRecoveryPassphrase}
              value={passphrase}
              onChange={(e) => setPassphrase(e.currentTarget.value)}
              autoComplete="current-password"
              autoFocus
            />
            {issue.isError && <ErrorAlert error={issue.error} />}
            <Group>
              <Button variant="default" onClick={onDone}>
                {s.common.cancel}
              </Button>
              <Button type="submit" loading={issue.isPending} disabled={!passphrase}>
                {s.onboarding.issueRecovery}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Paper>
  );
}
