/** The owner's privacy limit per lease in the consent prompt: a request above it is flagged and approved only with a smaller budget. */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import ConsentScreen from '../src/screens/consent/ConsentScreen.js';
import { renderWithApp, scriptedTransport } from './render.js';

const LINK = 'datawallet://lease-request?r=abc';
const OTHER = '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65';
const terms = { datasets: ['HKQuantityTypeIdentifierStepCount'], dataFrom: '1704067200', dataTo: '1735689599', duration: '86400', price: '1000' };
const inspected = {
  id: `0x${'ab'.repeat(32)}`,
  chainId: 31337,
  contract: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  requester: OTHER,
  requesterName: 'Weather Research Co',
  label: null,
  known: false,
  purpose: 'dpv:ResearchAndDevelopment',
  purposeLabel: 'Research and Development',
  description: 'Train a model.',
  taskUrl: '',
  maxEpsilonMilli: 3000,
  nonce: '1',
  deadline: '1893456000',
  terms,
  recordsInScope: 42,
  status: 'new',
  receivedAt: null,
  currency: { symbol: 'ETH', decimals: 18 },
  warnings: [],
};
const settings = (maxEpsilonMilli: number | null) => ({
  autoLockMinutes: 15,
  expiryNoticeMinutes: 60,
  maxEpsilonMilli,
  reviewBeforeSend: true,
  leases: { paused: false, since: null },
  keychain: { enabled: false, backend: null, available: false, unavailableReason: 'desktop-only' },
  launchAtLogin: null,
});

function renderScreen(limit: number | null) {
  const t = scriptedTransport({
    'requests.inspect': () => inspected,
    'requesters.list': () => [],
    'data.datasets': () => [],
    'settings.get': () => settings(limit),
    'requests.approve': () => ({
      id: inspected.id, leaseId: '1', status: 'active', requester: OTHER, requesterName: 'x', label: null, purpose: inspected.purpose, purposeLabel: null,
      terms, requested: terms, startsAt: 1, expiresAt: 2, grantTx: null, revokeTx: null, settleTx: null, ownerPaid: null, refunded: null, note: null,
      deadlinePassed: false, currency: inspected.currency,
    }),
  });
  renderWithApp(
    <Routes>
      <Route path="/consent" element={<ConsentScreen />} />
      <Route path="/leases" element={<p>leases page</p>} />
    </Routes>,
    t.transport,
    `/consent?link=${encodeURIComponent(LINK)}`,
  );
  return t;
}

describe('privacy limit in the consent prompt', () => {
  it('flags a request above the limit and approves it with the limit as its budget', async () => {
    const t = renderScreen(2000);
    const flag = await screen.findByTestId('epsilon-above-limit');
    expect(flag.textContent).toContain('ε 3, above your limit of ε 2 per lease');
    await userEvent.click(within(flag).getByRole('button', { name: 'Approve with ε 2' }));
    await screen.findByText('leases page');
    expect(t.calls.find((c) => c.call === 'requests.approve')?.input).toEqual({ ref: LINK, narrowing: { maxEpsilonMilli: 2000 } });
  });

  it('no flag within the limit or without one', async () => {
    renderScreen(5000);
    await screen.findByRole('region', { name: 'What your wallet verified' });
    await waitFor(() => expect(screen.queryByTestId('epsilon-above-limit')).toBeNull());
  });
});
