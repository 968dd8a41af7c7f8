import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { Layout } from '../src/app/Layout.js';
import { parseEpsilonLimit, PreferencesPanel } from '../src/screens/settings/PreferencesPanel.js';
import { renderWithApp, scriptedTransport, walletError } from './render.js';

const base = {
  autoLockMinutes: 15,
  expiryNoticeMinutes: 60,
  maxEpsilonMilli: null as number | null,
  reviewBeforeSend: true,
  leases: { paused: false, since: null as number | null },
  keychain: { enabled: false, backend: null as string | null, available: false, unavailableReason: 'desktop-only' as string | null },
  launchAtLogin: null as boolean | null,
};
type View = typeof base;

function renderPanel(view: Partial<View> = {}, handlers: Record<string, (i: unknown) => unknown> = {}) {
  let current: View = { ...base, ...view };
  const t = scriptedTransport({
    'settings.get': () => current,
    'settings.update': (patch) => (current = { ...current, ...(patch as Partial<View>) }),
    'leases.pause': () => (current = { ...current, leases: { paused: true, since: 1 } }).leases,
    'leases.resume': () => (current = { ...current, leases: { paused: false, since: null } }).leases,
    ...handlers,
  });
  renderWithApp(<PreferencesPanel />, t.transport);
  return t;
}

describe('settings: locking, notices, privacy, keychain, pause, launch at login', () => {
  it('shows the stored settings and saves changes together', async () => {
    const t = renderPanel({ maxEpsilonMilli: 2500 });
    const autoLock = await screen.findByLabelText(/Lock automatically after/);
    expect((autoLock as HTMLInputElement).value).toBe('15');
    expect((screen.getByLabelText(/Largest privacy budget/) as HTMLInputElement).value).toBe('2.5');
    await userEvent.clear(autoLock);
    await userEvent.type(autoLock, '5');
    const eps = screen.getByLabelText(/Largest privacy budget/);
    await userEvent.clear(eps);
    await userEvent.type(eps, '1.5');
    await userEvent.click(screen.getByRole('switch', { name: /review every training result/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Save these settings' }));
    expect(await screen.findByText('Settings saved.')).toBeTruthy();
    expect(t.calls.find((c) => c.call === 'settings.update')?.input).toEqual({ autoLockMinutes: 5, expiryNoticeMinutes: 60, maxEpsilonMilli: 1500, reviewBeforeSend: false });
  });

  it('out-of-range values are pointed out and cannot be saved; an empty limit means none', async () => {
    const t = renderPanel();
    const autoLock = await screen.findByLabelText(/Lock automatically after/);
    await userEvent.clear(autoLock);
    await userEvent.type(autoLock, '99999');
    await userEvent.type(screen.getByLabelText(/Largest privacy budget/), 'lots');
    expect(await screen.findByText(/whole number of minutes from 0 to 1440/)).toBeTruthy();
    expect(screen.getByText(/Enter a number of ε/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Save these settings' }) as HTMLButtonElement).disabled).toBe(true);
    expect(t.calls.some((c) => c.call === 'settings.update')).toBe(false);
    expect(parseEpsilonLimit('')).toBeNull();
    expect(parseEpsilonLimit(' 2 ')).toBe(2000);
    expect(parseEpsilonLimit('0.125')).toBe(125);
    expect(parseEpsilonLimit('-1')).toBeUndefined();
    expect(parseEpsilonLimit('1e3')).toBeUndefined();
    expect(parseEpsilonLimit('99999999')).toBeUndefined();
  });

  it('in browser mode keychain unlock and launch at login say they need the desktop app', async () => {
    renderPanel();
    const keychain = await screen.findByRole('switch', { name: /Unlock with the system keychain/ });
    expect((keychain as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByText(/Needs the desktop app/)).toBeTruthy();
    expect((screen.getByRole('switch', { name: /Start Data Wallet when I log in/ }) as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByText('Only the desktop app can start at login.')).toBeTruthy();
  });

  it('Linux without a keyring: off, with the reason', async () => {
    renderPanel({ keychain: { enabled: false, backend: null, available: false, unavailableReason: 'no-keyring' } });
    expect(await screen.findByText(/No secure keyring/)).toBeTruthy();
  });

  it('turning keychain unlock on asks for the passphrase; a wrong one is shown in the GUI’s words; off removes it', async () => {
    let enabled = false;
    const keychain = () => ({ enabled, backend: enabled ? 'gnome_libsecret' : null, available: true, unavailableReason: null });
    const t = renderPanel(
      { launchAtLogin: false },
      {
        'settings.get': () => ({ ...base, keychain: keychain(), launchAtLogin: false }),
        'vault.enableKeychainUnlock': (i) => {
          if ((i as { passphrase: string }).passphrase !== 'correct horse') throw walletError('WRONG_PASSPHRASE', 'The passphrase is not correct.');
          enabled = true;
          return { enabled: true, backend: 'gnome_libsecret' };
        },
        'vault.disableKeychainUnlock': () => ((enabled = false), { enabled: false }),
        'settings.update': (patch) => ({ ...base, keychain: keychain(), launchAtLogin: false, ...(patch as object) }),
      },
    );
    await userEvent.click(await screen.findByRole('switch', { name: /Start Data Wallet when I log in/ }));
    await waitFor(() => expect(t.calls.find((c) => c.call === 'settings.update')?.input).toEqual({ launchAtLogin: true }));

    await userEvent.click(screen.getByRole('switch', { name: /Unlock with the system keychain/ }));
    const pass = screen.getByLabelText(/Your passphrase, to turn on keychain unlock/, { selector: 'input' });
    await userEvent.type(pass, 'wrong');
    await userEvent.click(screen.getByRole('button', { name: 'Turn on keychain unlock' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Wrong passphrase');
    await userEvent.clear(pass);
    await userEvent.type(pass, 'correct horse');
    await userEvent.click(screen.getByRole('button', { name: 'Turn on keychain unlock' }));
    expect(await screen.findByText(/Keychain unlock is on/)).toBeTruthy();
    expect(t.calls.filter((c) => c.call === 'vault.enableKeychainUnlock').map((c) => c.input)).toEqual([{ passphrase: 'wrong' }, { passphrase: 'correct horse' }]);

    await userEvent.click(screen.getByRole('switch', { name: /Unlock with the system keychain/ }));
    await waitFor(() => expect(screen.queryByText(/Keychain unlock is on/)).toBeNull());
    expect(t.calls.some((c) => c.call === 'vault.disableKeychainUnlock')).toBe(true);
  });

  it('pause all leases from the settings', async () => {
    const t = renderPanel();
    const pause = await screen.findByRole('switch', { name: /Pause all leases/ });
    await userEvent.click(pause);
    await waitFor(() => expect(t.calls.some((c) => c.call === 'leases.pause')).toBe(true));
    await waitFor(() => expect((screen.getByRole('switch', { name: /Pause all leases/ }) as HTMLInputElement).checked).toBe(true));
  });
});

describe('the paused banner', () => {
  it('shows on every screen while paused, resumes, and follows a pause made elsewhere', async () => {
    let paused = true;
    const t = scriptedTransport({
      'settings.get': () => ({ ...base, leases: { paused, since: paused ? 1 : null } }),
      'leases.resume': () => ((paused = false), { paused: false, since: null }),
    });
    renderWithApp(<Layout recoveryKeyMissing={false}>screen</Layout>, t.transport);
    const banner = await screen.findByTestId('paused-banner');
    expect(banner.textContent).toContain('All leases are paused');
    await userEvent.click(within(banner).getByRole('button', { name: 'Resume leases' }));
    await waitFor(() => expect(screen.queryByTestId('paused-banner')).toBeNull());
    paused = true;
    t.emit('leases.paused', { paused: true, since: 2 });
    expect(await screen.findByTestId('paused-banner')).toBeTruthy();
  });
});
