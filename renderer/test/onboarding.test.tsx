import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { CreateVault } from '../src/screens/onboarding/CreateVault.js';
import { UnlockScreen } from '../src/screens/onboarding/UnlockScreen.js';
import { estimateStrength } from '../src/screens/onboarding/passphrase-strength.js';
import { renderWithApp, scriptedTransport, walletError } from './render.js';

const KEY = '7K3M-Q8R0-ABCD-EFGH-JKMN-PQRS-TVWX-YZ12-3456';

describe('passphrase strength', () => {
  it('orders passphrases sensibly', () => {
    expect(estimateStrength('short').level).toBe(0);
    expect(estimateStrength('password1').common).toBe(true);
    expect(estimateStrength('password1').level).toBe(1);
    expect(estimateStrength('aaaaaaaaaaaa').level).toBe(1);
    expect(estimateStrength('correct horse battery staple').level).toBeGreaterThanOrEqual(3);
    expect(estimateStrength('T7#qv!2Lp9@zWm4$').level).toBe(4);
  });
});

describe('onboarding: create vault', () => {
  it('needs matching passphrases and the warning acknowledged, shows the key once, and confirms a group of it', async () => {
    const t = scriptedTransport({ 'vault.create': () => ({ recoveryKey: KEY, account: '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc', vaultDir: '/x' }) });
    renderWithApp(<CreateVault onStarted={() => {}} onFinished={() => {}} />, t.transport);
    const create = screen.getByRole('button', { name: 'Create vault' }) as HTMLButtonElement;
    await userEvent.type(screen.getByLabelText(/^Passphrase/, { selector: 'input[type=password]' }), 'correct horse battery staple');
    expect(screen.getByText(/Passphrase strength: (Good|Strong)/)).toBeTruthy();
    await userEvent.type(screen.getByLabelText(/Repeat the passphrase/, { selector: 'input[type=password]' }), 'correct horse battery stapl');
    expect(screen.getByText('The two passphrases are not the same.')).toBeTruthy();
    await userEvent.type(screen.getByLabelText(/Repeat the passphrase/, { selector: 'input[type=password]' }), 'e');
    expect(create.disabled).toBe(true);
    await userEvent.click(screen.getByRole('checkbox', { name: /cannot be replaced/ }));
    expect(create.disabled).toBe(false);
    await userEvent.click(create);
    expect((await screen.findByTestId('recovery-key')).textContent).toBe(KEY);
    expect(t.calls.find((c) => c.call === 'vault.create')?.input).toEqual({ passphrase: 'correct horse battery staple' });
    await userEvent.click(screen.getByRole('button', { name: 'I have written it down' }));
    // the key is no longer on screen while confirming
    expect(screen.queryByTestId('recovery-key')).toBeNull();
    const label = screen.getByText(/^Type group \d of your recovery key/).textContent!;
    const group = Number(/group (\d)/.exec(label)![1]);
    const input = screen.getByRole('textbox', { name: /Group \d of the recovery key/ });
    await userEvent.type(input, 'ZZZZ');
    await userEvent.click(screen.getByRole('button', { name: 'Open my wallet' }));
    expect(screen.getByText(/not this group/)).toBeTruthy();
    await userEvent.clear(input);
    await userEvent.type(input, KEY.split('-')[group - 1]!.toLowerCase());
    await userEvent.click(screen.getByRole('button', { name: 'Open my wallet' }));
    await waitFor(() => expect(screen.queryByText(/not this group/)).toBeNull());
  });
});

describe('unlock', () => {
  it('shows the core’s specific errors in plain words', async () => {
    const t = scriptedTransport({ 'vault.unlock': () => { throw walletError('WRONG_PASSPHRASE', 'Wrong passphrase.'); } });
    renderWithApp(<UnlockScreen />, t.transport);
    await userEvent.type(screen.getByLabelText(/^Passphrase/, { selector: 'input[type=password]' }), 'nope nope');
    await userEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Caps Lock');
  });

  it('recovers with the recovery key and a new passphrase, and reports a typo in the key', async () => {
    let attempts = 0;
    const t = scriptedTransport({
      'vault.recover': () => {
        attempts++;
        if (attempts === 1) throw walletError('RECOVERY_KEY_TYPO', 'Typo in group 3.');
        return { recovered: true };
      },
      'vault.unlock': () => ({ exists: true, unlocked: true, recoveryKeyWorks: true, account: null }),
    });
    renderWithApp(<UnlockScreen />, t.transport);
    await userEvent.click(screen.getByRole('radio', { name: 'Recovery key' }));
    await userEvent.type(screen.getByRole('textbox', { name: /Recovery key/ }), KEY);
    await userEvent.type(screen.getByLabelText(/^New passphrase/, { selector: 'input[type=password]' }), 'a brand new passphrase');
    await userEvent.type(screen.getByLabelText(/Repeat the passphrase/, { selector: 'input[type=password]' }), 'a brand new passphrase');
    await userEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    expect((await screen.findByRole('alert')).textContent).toContain('typo');
    await userEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    await waitFor(() => expect(t.calls.filter((c) => c.call === 'vault.unlock')).toHaveLength(1));
    expect(t.calls.find((c) => c.call === 'vault.unlock')?.input).toEqual({ passphrase: 'a brand new passphrase' });
  });
});
