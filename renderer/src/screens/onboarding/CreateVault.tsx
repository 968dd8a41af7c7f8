import { Button, Container, Loader, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../../api/ApiProvider.js';
import { vaultStatusKey } from '../../app/query-keys.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { s } from '../../strings.js';
import { PassphraseFields, passphraseReady, type PassphraseFieldsValue } from './PassphraseFields.js';
import { RecoveryKeyStep } from './RecoveryKeyStep.js';

/** Onboarding: choose a passphrase, create the vault, write down and confirm the recovery key. */
export function CreateVault({ onStarted, onFinished }: { onStarted: () => void; onFinished: () => void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [value, setValue] = useState<PassphraseFieldsValue>({ passphrase: '', repeat: '', understood: false });
  const [recoveryKey, setRecoveryKey] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (passphrase: string) => api.call('vault.create', { passphrase }),
    onMutate: onStarted,
    onSuccess: (r) => {
      setValue({ passphrase: '', repeat: '', understood: false });
      setRecoveryKey(r.recoveryKey);
    },
    onError: onFinished,
  });

  return (
    <Container size="sm" py="xl">
      <main>
        <Paper withBorder p="xl" shadow="sm">
          {recoveryKey ? (
            <RecoveryKeyStep
              recoveryKey={recoveryKey}
              onConfirmed={() => {
                setRecoveryKey(null);
                onFinished();
                void queryClient.invalidateQueries({ queryKey: vaultStatusKey });
              }}
            />
          ) : (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                if (passphraseReady(value) && !create.isPending) create.mutate(value.passphrase);
              }}
            >
              <Stack>
                <Title order={1} size="h2">
                  {s.onboarding.welcomeTitle}
                </Title>
                <Text>{s.onboarding.welcomeBody}</Text>
                <Title order={2} size="h3">
                  {s.onboarding.createTitle}
                </Title>
                <PassphraseFields value={value} onChange={setValue} />
                {create.isError && <ErrorAlert error={create.error} />}
                {create.isPending ? (
                  <Group aria-live="polite">
                    <Loader size="sm" aria-hidden />
                    <Text>{s.onboarding.creating}</Text>
                  </Group>
                ) : (
                  <Button type="submit" disabled={!passphraseReady(value)}>
                    {s.onboarding.create}
                  </Button>
                )}
              </Stack>
            </form>
          )}
        </Paper>
      </main>
    </Container>
  );
}
