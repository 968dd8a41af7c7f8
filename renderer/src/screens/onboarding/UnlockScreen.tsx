import { Button, Container, Group, Loader, Paper, PasswordInput, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../../api/ApiProvider.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { s } from '../../strings.js';
import { PassphraseFields, passphraseReady, type PassphraseFieldsValue } from './PassphraseFields.js';

type Mode = 'passphrase' | 'recovery';

/** Unlock by passphrase, or by recovery key (which sets a new passphrase). */
export function UnlockScreen() {
  const api = useApi();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<Mode>('passphrase');
  const [passphrase, setPassphrase] = useState('');
  const [recoveryKey, setRecoveryKey] = useState('');
  const [next, setNext] = useState<PassphraseFieldsValue>({ passphrase: '', repeat: '', understood: true });

  const done = () => {
    setPassphrase('');
    setRecoveryKey('');
    setNext({ passphrase: '', repeat: '', understood: true });
    void queryClient.invalidateQueries();
  };
  const unlock = useMutation({
    mutationFn: () => api.call('vault.unlock', { passphrase }),
    onSuccess: done,
  });
  const recover = useMutation({
    mutationFn: async () => {
      await api.call('vault.recover', { recoveryKey, newPassphrase: next.passphrase });
      return api.call('vault.unlock', { passphrase: next.passphrase });
    },
    onSuccess: done,
  });
  const pending = unlock.isPending || recover.isPending;
  const error = mode === 'passphrase' ? unlock.error : recover.error;
  const ready = mode === 'passphrase' ? passphrase.length > 0 : recoveryKey.trim().length > 0 && passphraseReady(next, false);

  return (
    <Container size="xs" py="xl">
      <main>
        <Paper withBorder p="xl" shadow="sm">
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (!ready || pending) return;
              if (mode === 'passphrase') unlock.mutate();
              else recover.mutate();
            }}
          >
            <Stack>
              <Title order={1} size="h2">
                {s.onboarding.unlockTitle}
              </Title>
              <SegmentedControl
                aria-label={s.onboarding.unlockWith}
                value={mode}
                onChange={(v) => setMode(v as Mode)}
                data={[
                  { value: 'passphrase', label: s.onboarding.withPassphrase },
                  { value: 'recovery', label: s.onboarding.withRecoveryKey },
                ]}
              />
              {mode === 'passphrase' ? (
                <PasswordInput
                  label={s.onboarding.passphrase}
                  value={passphrase}
                  onChange={(e) => setPassphrase(e.currentTarget.value)}
                  autoComplete="current-password"
                  autoFocus
                  required
                />
              ) : (
                <>
                  <TextInput
                    label={s.onboarding.recoveryKey}
                    description={s.onboarding.recoveryKeyDescription}
                    value={recoveryKey}
                    onChange={(e) => setRecoveryKey(e.currentTarget.value)}
                    autoComplete="off"
                    spellCheck={false}
                    className="recovery-key"
                    required
                  />
                  <Text size="sm">{s.onboarding.newPassphraseDescription}</Text>
                  <PassphraseFields value={next} onChange={setNext} showWarning={false} label={s.onboarding.newPassphrase} />
                </>
              )}
              {error && <ErrorAlert error={error} />}
              <Group>
                <Button type="submit" disabled={!ready} loading={pending}>
                  {s.onboarding.unlock}
                </Button>
                {pending && (
                  <Group gap="xs" aria-live="polite">
                    <Loader size="xs" aria-hidden />
                    <Text size="sm">{s.onboarding.unlocking}</Text>
                  </Group>
                )}
              </Group>
            </Stack>
          </form>
        </Paper>
      </main>
    </Container>
  );
}
