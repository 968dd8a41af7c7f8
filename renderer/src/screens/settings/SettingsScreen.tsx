import { Alert, Button, Group, Paper, PasswordInput, Stack, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../../api/ApiProvider.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { s } from '../../strings.js';
import { IssueRecoveryKey } from '../onboarding/IssueRecoveryKey.js';
import { PassphraseFields, passphraseReady, type PassphraseFieldsValue } from '../onboarding/PassphraseFields.js';
import { ChainSettings } from './ChainPanel.js';
import { PreferencesPanel } from './PreferencesPanel.js';
import { RequestersPanel } from './RequestersPanel.js';

function SecurityPanel() {
  const api = useApi();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState<PassphraseFieldsValue>({ passphrase: '', repeat: '', understood: true });
  const [issuing, setIssuing] = useState(false);
  const change = useMutation({
    mutationFn: () => api.call('vault.changePassphrase', { current, next: next.passphrase }),
    onSuccess: () => {
      setCurrent('');
      setNext({ passphrase: '', repeat: '', understood: true });
    },
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="security-title">
      <Stack>
        <Title order={2} size="h4" id="security-title">
          {s.settings.security}
        </Title>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (current && passphraseReady(next, false)) change.mutate();
          }}
        >
          <Stack>
            <Title order={3} size="h5">
              {s.settings.changePassphrase}
            </Title>
            <PasswordInput label={s.settings.currentPassphrase} value={current} onChange={(e) => setCurrent(e.currentTarget.value)} autoComplete="current-password" />
            <PassphraseFields value={next} onChange={setNext} showWarning={false} label={s.onboarding.newPassphrase} />
            {change.isSuccess && (
              <Alert color="wallet" role="status">
                {s.settings.passphraseChanged}
              </Alert>
            )}
            {change.isError && <ErrorAlert error={change.error} />}
            <Group>
              <Button type="submit" loading={change.isPending} disabled={!current || !passphraseReady(next, false)}>
                {s.settings.changePassphrase}
              </Button>
            </Group>
          </Stack>
        </form>
        <Title order={3} size="h5">
          {s.settings.recovery}
        </Title>
        {issuing ? (
          <IssueRecoveryKey onDone={() => setIssuing(false)} />
        ) : (
          <Group>
            <Button variant="default" onClick={() => setIssuing(true)}>
              {s.onboarding.issueRecovery}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

export default function SettingsScreen() {
  return (
    <Stack>
      <Title order={1} size="h2">
        {s.settings.title}
      </Title>
      <SecurityPanel />
      <PreferencesPanel />
      <ChainSettings />
      <RequestersPanel />
    </Stack>
  );
}
