/**
 * The wallet's own account: a secp256k1 key created once (at init, or on
 * first use) and kept only inside the encrypted vault settings. It signs the
 * owner's transactions (grant, revoke, settle); it is never logged, printed
 * or returned except as a viem account.
 */
import { getAddress, isHex, type Address, type LocalAccount } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import type { Vault } from '../vault/index.js';
import { WalletAccountDamagedError } from './errors.js';

export const WALLET_KEY_SETTING = 'wallet.account.key';
export const WALLET_ADDRESS_SETTING = 'wallet.account.address';

/** The wallet's account, creating (and storing) its key on first call. */
export function ensureWalletAccount(vault: Vault): LocalAccount {
  const stored = vault.settings.get(WALLET_KEY_SETTING);
  if (typeof stored === 'string' && isHex(stored) && stored.length === 66) {
    return privateKeyToAccount(stored);
  }
  if (stored !== undefined) throw new WalletAccountDamagedError();
  const key = generatePrivateKey();
  const account = privateKeyToAccount(key);
  vault.withDatabase(
    (db) =>
      db.transaction(() => {
        vault.settings.set(WALLET_KEY_SETTING, key);
        vault.settings.set(WALLET_ADDRESS_SETTING, account.address);
      })(),
    { write: true },
  );
  return account;
}

/** The account's address without touching the key, or null before the account exists. */
export function walletAddress(vault: Vault): Address | null {
  const stored = vault.settings.get(WALLET_ADDRESS_SETTING);
  return typeof stored === 'string' ? getAddress(stored) : null;
}
