import { Alert, AppShell, Burger, Button, Group, NavLink, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState, type ReactNode } from 'react';
import { NavLink as RouterLink, useLocation } from 'react-router';
import { useApi } from '../api/ApiProvider.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { IssueRecoveryKey } from '../screens/onboarding/IssueRecoveryKey.js';
import { s } from '../strings.js';
import { IncomingRequests } from './IncomingRequests.js';
import { settingsKey } from './query-keys.js';
import { TrainingNotices } from './TrainingNotices.js';
import { useIdleLock } from './use-idle-lock.js';
import { useSettings } from './use-settings.js';

const LINKS = [
  { to: '/data', label: s.nav.data },
  { to: '/requests', label: s.nav.requests },
  { to: '/leases', label: s.nav.leases },
  { to: '/training', label: s.nav.training },
  { to: '/audit', label: s.nav.audit },
  { to: '/settings', label: s.nav.settings },
];

export function Layout({ children, recoveryKeyMissing }: { children: ReactNode; recoveryKeyMissing: boolean }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const location = useLocation();
  const [opened, { toggle, close }] = useDisclosure();
  const [issuing, setIssuing] = useState(false);
  const lock = useMutation({
    mutationFn: () => api.call('vault.lock', {}),
    onSuccess: () => queryClient.invalidateQueries(),
  });
  const settings = useSettings();
  const resume = useMutation({
    mutationFn: () => api.call('leases.resume', {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: settingsKey }),
  });
  // The desktop app locks on the system's idle time; a browser page locks on its own.
  const { mutate: lockMutate } = lock;
  const lockNow = useCallback(() => lockMutate(), [lockMutate]);
  useIdleLock(settings.data?.autoLockMinutes ?? null, typeof window !== 'undefined' && !window.wallet, lockNow);
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 200, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <a href="#main" className="skip-link">
        {s.nav.skip}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={s.nav.label} />
            <Title order={1} size="h4">
              {s.appName}
            </Title>
          </Group>
          <Button variant="default" size="sm" onClick={() => lock.mutate()} loading={lock.isPending}>
            {s.nav.lock}
          </Button>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={s.nav.label}>
        {LINKS.map((l) => (
          <NavLink
            key={l.to}
            component={RouterLink}
            to={l.to}
            label={l.label}
            active={location.pathname.startsWith(l.to)}
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <IncomingRequests />
        <TrainingNotices />
        {lock.isError && <ErrorAlert error={lock.error} onRetry={() => lock.mutate()} />}
        {settings.data?.leases.paused && (
          <Alert color="yellow" title={s.pause.bannerTitle} mb="md" role="status" data-testid="paused-banner">
            {s.pause.banner}
            <Group mt="sm">
              <Button size="xs" color="yellow" onClick={() => resume.mutate()} loading={resume.isPending}>
                {s.pause.resume}
              </Button>
            </Group>
          </Alert>
        )}
        {resume.isError && <ErrorAlert error={resume.error} />}
        {recoveryKeyMissing && !issuing && (
          <Alert color="orange" title={s.onboarding.noRecoveryTitle} mb="md" role="alert">
            {s.onboarding.noRecoveryBody}
            <Group mt="sm">
              <Button size="xs" color="orange" onClick={() => setIssuing(true)}>
                {s.onboarding.issueRecovery}
              </Button>
            </Group>
          </Alert>
        )}
        {issuing && <IssueRecoveryKey onDone={() => setIssuing(false)} />}
        {children}
      </AppShell.Main>
    </AppShell>
  );
}
