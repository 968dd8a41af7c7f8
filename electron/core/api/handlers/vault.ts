/** vault.*: create, unlock, lock, passphrase and recovery-key changes. */
import type { VaultStatus } from '../../../../shared/domain/vault.js';
import type { Wallet } from '../../wallet/wallet.js';
import type { HandlersOf } from '../handler.js';

async function status(wallet: Wallet): Promise<VaultStatus> {
  const now = wallet.statusNow();
  return { ...now, exists: now.unlocked || (await wallet.vaultExists()) };
}

export const vaultHandlers: HandlersOf<'vault.'> = {
  'vault.status': (wallet) => status(wallet),

  'vault.create': async (wallet, { passphrase }) => {
    const { recoveryKey, account } = await wallet.create(passphrase);
    return { recoveryKey, account, vaultDir: wallet.vaultDir };
  },

  'vault.unlock': async (wallet, secret) => {
    await wallet.unlock('passphrase' in secret ? { passphrase: secret.passphrase } : { recoveryKey: secret.recoveryKey });
    return status(wallet);
  },

  'vault.unlockWithKeychain': async (wallet) => {
    await wallet.unlockWithKeychain();
    return status(wallet);
  },

  'vault.enableKeychainUnlock': async (wallet, { passphrase }) => {
    const { backend } = await wallet.enableKeychainUnlock(passphrase);
    return { enabled: true as const, backend };
  },

  'vault.disableKeychainUnlock': async (wallet) => {
    await wallet.disableKeychainUnlock();
    return { enabled: false as const };
  },

  'vault.lock': async (wallet) => {
    await wallet.lock();
    return status(wallet);
  },

  'vault.changePassphrase': async (wallet, { current, next }) => {
    await wallet.vault.changePassphrase(current, next);
    return { changed: true as const };
  },

  'vault.verifyRecoveryKey': async (wallet, { recoveryKey }) => {
    await wallet.verifyRecoveryKey(recoveryKey);
    return { valid: true as const };
  },

  'vault.recover': async (wallet, { recoveryKey, newPassphrase }) => {
    await wallet.recover(recoveryKey, newPassphrase);
    return { recovered: true as const };
  },

  'vault.rotateKey': async (wallet, { passphrase }) => {
    const { recoveryKey } = await wallet.rotateDataKey(passphrase);
    return { rotated: true as const, recoveryKey };
  },

  'vault.issueRecoveryKey': async (wallet, { passphrase }) => {
    const { recoveryKey } = await wallet.vault.issueRecoveryKey(passphrase);
    return { recoveryKey };
  },
};
