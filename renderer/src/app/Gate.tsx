import { Center, Loader } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Outlet } from 'react-router';
import { useApi } from '../api/ApiProvider.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { CreateVault } from '../screens/onboarding/CreateVault.js';
import { UnlockScreen } from '../screens/onboarding/UnlockScreen.js';
import { s } from '../strings.js';
import { Layout } from './Layout.js';
import { vaultStatusKey } from './query-keys.js';

/**
 * What the app shows depends on the vault: none yet → onboarding; locked →
 * unlock; unlocked → the main layout. A vault being created stays in
 * onboarding until its recovery key was confirmed.
 */
export function Gate() {
  const api = useApi();
  const queryClient = useQueryClient();
  const [onboarding, setOnboarding] = useState(false);
  const status = useQuery({ queryKey: vaultStatusKey, queryFn: () => api.call('vault.status', {}) });

  // Lock from elsewhere (tray, auto-lock, the CLI) shows the unlock screen at once.
  useEffect(() => {
    const offs = [
      api.on('vault.locked', () => void queryClient.invalidateQueries()),
      api.on('vault.unlocked', () => void queryClient.invalidateQueries({ queryKey: vaultStatusKey })),
    ];
    return () => offs.forEach((off) => off());
  }, [api, queryClient]);

  if (status.isPending) {
    return (
      <Center h="100vh">
        <Loader aria-label={s.loading} />
      </Center>
    );
  }
  if (status.isError) {
    return (
      <Center h="100vh" p="md">
        <main>
          <ErrorAlert error={status.error} onRetry={() => void status.refetch()} />
        </main>
      </Center>
    );
  }
  const v = status.data;
  if (!v.exists || onboarding) {
    return <CreateVault onStarted={() => setOnboarding(true)} onFinished={() => setOnboarding(false)} />;
  }
  if (!v.unlocked) return <UnlockScreen />;
  return (
    <Layout recoveryKeyMissing={v.recoveryKeyWorks === false}>
      <Outlet />
    </Layout>
  );
}
