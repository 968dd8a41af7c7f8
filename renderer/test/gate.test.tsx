import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import { Gate } from '../src/app/Gate.js';
import { renderWithApp, scriptedTransport } from './render.js';

const KEY = '7K3M-Q8R0-ABCD-EFGH-JKMN-PQRS-TVWX-YZ12-3456';

function renderGate(status: { exists: boolean; unlocked: boolean; recoveryKeyWorks: boolean | null }, handlers: Record<string, (i: unknown) => unknown> = {}) {
  const t = scriptedTransport({ 'vault.status': () => ({ ...status, account: null }), ...handlers });
  renderWithApp(
    <Routes>
      <Route path="/" element={<Gate />}>
        <Route index element={<p>home screen</p>} />
      </Route>
    </Routes>,
    t.transport,
  );
  return t;
}

describe('the gate in front of every screen', () => {
  it('no vault → onboarding; locked → unlock; unlocked → the app', async () => {
    renderGate({ exists: false, unlocked: false, recoveryKeyWorks: null });
    expect(await screen.findByRole('heading', { name: 'Create your vault' })).toBeTruthy();
  });

  it('a locked vault shows the unlock screen', async () => {
    renderGate({ exists: true, unlocked: false, recoveryKeyWorks: null });
    expect(await screen.findByRole('heading', { name: 'Unlock your vault' })).toBeTruthy();
    expect(screen.queryByText('home screen')).toBeNull();
  });

  it('warns when no recovery key works and issues a new one, shown once and confirmed', async () => {
    const t = renderGate({ exists: true, unlocked: true, recoveryKeyWorks: false }, { 'vault.issueRecoveryKey': () => ({ recoveryKey: KEY }) });
    expect(await screen.findByText('home screen')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('no working recovery key');
    await userEvent.click(screen.getByRole('button', { name: 'Issue a new recovery key' }));
    await userEvent.type(screen.getByLabelText(/Your passphrase, to issue the new key/, { selector: 'input' }), 'correct horse battery staple');
    await userEvent.click(screen.getByRole('button', { name: 'Issue a new recovery key' }));
    expect((await screen.findByTestId('recovery-key')).textContent).toBe(KEY);
    expect(t.calls.find((c) => c.call === 'vault.issueRecoveryKey')?.input).toEqual({ passphrase: 'correct horse battery staple' });
  });

  it('no warning when the recovery key works', async () => {
    renderGate({ exists: true, unlocked: true, recoveryKeyWorks: true });
    expect(await screen.findByText('home screen')).toBeTruthy();
    expect(screen.queryByText(/no working recovery key/)).toBeNull();
  });
});
