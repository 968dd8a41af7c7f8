import { Alert, Button, Group, NumberInput, Paper, PasswordInput, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { SettingsView } from '../../../../shared/domain/settings.js';
import { useApi } from '../../api/ApiProvider.js';
import { settingsKey } from '../../app/query-keys.js';
import { useSettings } from '../../app/use-settings.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { s } from '../../strings.js';

const MAX_AUTO_LOCK = 24 * 60;
const MAX_NOTICE = 7 * 24 * 60;

/** "1.5" → 1500 milli-ε; '' → null (no limit); undefined when it is not a usable number. */
export function parseEpsilonLimit(text: string): number | null | undefined {
  const t = text.trim();
  if (t === '') return null;
  if (!/^\d+(\.\d{1,3})?$/.test(t)) return undefined;
  const milli = Math.round(Number(t) * 1000);
  return milli <= 4_294_967_295 ? milli : undefined;
}

const wholeIn = (v: number | string, max: number) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;

function useUpdate() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: Parameters<typeof api.call<'settings.update'>>[1]) => api.call('settings.update', patch),
    onSuccess: (view) => queryClient.setQueryData(settingsKey, view),
  });
}

/** Auto-lock, expiry notices and the privacy defaults, saved together. */
function PreferencesForm({ settings, update }: { settings: SettingsView; update: ReturnType<typeof useUpdate> }) {
  const [autoLock, setAutoLock] = useState<number | string>(settings.autoLockMinutes);
  const [notice, setNotice] = useState<number | string>(settings.expiryNoticeMinutes);
  const [epsilon, setEpsilon] = useState(settings.maxEpsilonMilli === null ? '' : String(settings.maxEpsilonMilli / 1000));
  const [review, setReview] = useState(settings.reviewBeforeSend);
  const epsilonMilli = parseEpsilonLimit(epsilon);
  const valid = wholeIn(autoLock, MAX_AUTO_LOCK) && wholeIn(notice, MAX_NOTICE) && epsilonMilli !== undefined;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) update.mutate({ autoLockMinutes: Number(autoLock), expiryNoticeMinutes: Number(notice), maxEpsilonMilli: epsilonMilli!, reviewBeforeSend: review });
      }}
    >
      <Stack>
        <NumberInput
          label={s.settings.autoLock}
          description={s.settings.autoLockDescription}
          value={autoLock}
          onChange={setAutoLock}
          allowNegative={false}
          allowDecimal={false}
          error={wholeIn(autoLock, MAX_AUTO_LOCK) ? undefined : s.settings.minutesInvalid(MAX_AUTO_LOCK)}
        />
        <NumberInput
          label={s.settings.expiryNotice}
          description={s.settings.expiryNoticeDescription}
          value={notice}
          onChange={setNotice}
          allowNegative={false}
          allowDecimal={false}
          error={wholeIn(notice, MAX_NOTICE) ? undefined : s.settings.minutesInvalid(MAX_NOTICE)}
        />
        <Title order={3} size="h5">
          {s.settings.privacy}
        </Title>
        <TextInput
          label={s.settings.maxEpsilon}
          description={s.settings.maxEpsilonDescription}
          value={epsilon}
          onChange={(e) => setEpsilon(e.currentTarget.value)}
          inputMode="decimal"
          error={epsilonMilli === undefined ? s.settings.maxEpsilonInvalid : undefined}
        />
        <Switch label={s.settings.reviewBeforeSend} checked={review} onChange={(e) => setReview(e.currentTarget.checked)} />
        {update.isSuccess && (
          <Alert color="wallet" role="status">
            {s.settings.preferencesSaved}
          </Alert>
        )}
        {update.isError && <ErrorAlert error={update.error} />}
        <Group>
          <Button type="submit" loading={update.isPending} disabled={!valid}>
            {s.settings.savePreferences}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Unlock with the system keychain: on (asks the passphrase) or off; explains why it is unavailable. */
function KeychainSetting({ keychain }: { keychain: SettingsView['keychain'] }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: settingsKey });
  const enable = useMutation({
    mutationFn: () => api.call('vault.enableKeychainUnlock', { passphrase }),
    onSuccess: async () => {
      setAsking(false);
      setPassphrase('');
      await refresh();
    },
  });
  const disable = useMutation({ mutationFn: () => api.call('vault.disableKeychainUnlock', {}), onSuccess: refresh });
  const reason = keychain.unavailableReason;
  return (
    <Stack gap="xs">
      <Switch
        label={s.settings.keychain}
        description={reason ? s.settings.keychainUnavailable[reason] : s.settings.keychainDescription}
        checked={keychain.enabled || asking}
        disabled={(!keychain.available && !keychain.enabled) || enable.isPending || disable.isPending}
        onChange={(e) => {
          if (e.currentTarget.checked) setAsking(true);
          else if (asking) setAsking(false);
          else disable.mutate();
        }}
      />
      {keychain.enabled && <Text size="sm">{s.settings.keychainOn}</Text>}
      {asking && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (passphrase) enable.mutate();
          }}
        >
          <Group align="flex-end">
            <PasswordInput label={s.settings.keychainPassphrase} value={passphrase} onChange={(e) => setPassphrase(e.currentTarget.value)} autoComplete="current-password" />
            <Button type="submit" loading={enable.isPending} disabled={!passphrase}>
              {s.settings.keychainEnable}
            </Button>
          </Group>
        </form>
      )}
      {enable.isError && <ErrorAlert error={enable.error} />}
      {disable.isError && <ErrorAlert error={disable.error} />}
    </Stack>
  );
}

/** "Pause all leases" (revokes nothing) and launch at login (desktop app only). */
function LeasesAndSystem({ settings }: { settings: SettingsView }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const update = useUpdate();
  const pause = useMutation({
    mutationFn: (paused: boolean) => api.call(paused ? 'leases.pause' : 'leases.resume', {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: settingsKey }),
  });
  return (
    <Stack gap="sm">
      <Title order={3} size="h5">
        {s.settings.leasesSection}
      </Title>
      <Switch
        label={s.settings.pauseAll}
        description={s.settings.pauseAllDescription}
        checked={settings.leases.paused}
        disabled={pause.isPending}
        onChange={(e) => pause.mutate(e.currentTarget.checked)}
      />
      {pause.isError && <ErrorAlert error={pause.error} />}
      <Title order={3} size="h5">
        {s.settings.system}
      </Title>
      <Switch
        label={s.settings.launchAtLogin}
        description={settings.launchAtLogin === null ? s.settings.launchAtLoginDesktopOnly : undefined}
        checked={settings.launchAtLogin === true}
        disabled={settings.launchAtLogin === null || update.isPending}
        onChange={(e) => update.mutate({ launchAtLogin: e.currentTarget.checked })}
      />
      {update.isError && <ErrorAlert error={update.error} />}
    </Stack>
  );
}

export function PreferencesPanel() {
  const settings = useSettings();
  const update = useUpdate();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="preferences-title">
      <Stack>
        <Title order={2} size="h4" id="preferences-title">
          {s.settings.preferences}
        </Title>
        {settings.isError && <ErrorAlert error={settings.error} onRetry={() => void settings.refetch()} />}
        {settings.data && (
          <>
            <PreferencesForm key={JSON.stringify([settings.data.autoLockMinutes, settings.data.expiryNoticeMinutes, settings.data.maxEpsilonMilli, settings.data.reviewBeforeSend])} settings={settings.data} update={update} />
            <KeychainSetting keychain={settings.data.keychain} />
            <LeasesAndSystem settings={settings.data} />
          </>
        )}
      </Stack>
    </Paper>
  );
}
