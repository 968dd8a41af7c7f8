import { lazy, Suspense, type ReactNode } from 'react';
import { Center, Loader } from '@mantine/core';
import { createHashRouter, Navigate } from 'react-router';
import { Gate } from './Gate.js';
import { s } from '../strings.js';

// Screens past the unlock screen load on demand: the first paint needs only onboarding/unlock.
const DataScreen = lazy(() => import('../screens/data/DataScreen.js'));
const RequestsScreen = lazy(() => import('../screens/consent/RequestsScreen.js'));
const ConsentScreen = lazy(() => import('../screens/consent/ConsentScreen.js'));
const LeasesScreen = lazy(() => import('../screens/leases/LeasesScreen.js'));
const TrainingScreen = lazy(() => import('../screens/training/TrainingScreen.js'));
const AuditScreen = lazy(() => import('../screens/audit/AuditScreen.js'));
const SettingsScreen = lazy(() => import('../screens/settings/SettingsScreen.js'));

function Lazy({ children }: { children: ReactNode }) {
  return (
    <Suspense
      fallback={
        <Center py="xl">
          <Loader aria-label={s.loading} />
        </Center>
      }
    >
      {children}
    </Suspense>
  );
}

export function createAppRouter() {
  return createHashRouter([
    {
      path: '/',
      element: <Gate />,
      children: [
        { index: true, element: <Navigate to="/data" replace /> },
        { path: 'data', element: <Lazy><DataScreen /></Lazy> },
        { path: 'requests', element: <Lazy><RequestsScreen /></Lazy> },
        { path: 'consent', element: <Lazy><ConsentScreen /></Lazy> },
        { path: 'leases', element: <Lazy><LeasesScreen /></Lazy> },
        { path: 'training', element: <Lazy><TrainingScreen /></Lazy> },
        { path: 'audit', element: <Lazy><AuditScreen /></Lazy> },
        { path: 'settings', element: <Lazy><SettingsScreen /></Lazy> },
        { path: '*', element: <Navigate to="/data" replace /> },
      ],
    },
  ]);
}
