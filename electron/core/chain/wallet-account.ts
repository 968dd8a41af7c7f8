/**
 * The wallet's own account: a secp256k1 key created once (at init, or on
 * first use) and kept only inside the encrypted vault settings. It signs the
 * owner's transactions (grant, revoke, settle); it is never logged, printed
 * or returned except as a viem account.
 */
import { isHex, type LocalAccount } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import type { Vault } from '../vault/index.js';
import { WalletAccountDamagedError } from './errors.js';

export const WALLET_KEY_SETTING = 'wallet.account.key';

/** The wallet's account if its key is stored, else null; never writes. */
export function readWalletAccount(vault: Vault): LocalAccount | null {
  const stored = vault.settings.get(WALLET_KEY_SETTING);
  if (stored === undefined) return null;
  if (typeof stored === 'string' && isHex(stored) && stored.length === 66) return privateKeyToAccount(stored);
  throw new WalletAccountDamagedError();
}

/** The wallet's account, creating (and storing) its key on first call. */
export function ensureWalletAccount(vault: Vault): LocalAccount {
  const stored = vault.settings.get(WALLET_KEY_SETTING);
  if (typeof stored === 'string' && isHex(stored) && stored.length === 66) {
    return privateKeyToAccount(stored);
  }
  if (stored !== undefined) throw new WalletAccountDamagedError();
  const key = generatePrivateKey();
  const account = privateKeyToAccount(key);
  // The address is derived from the key whenever it is needed; only the key is stored.
  vault.settings.set(WALLET_KEY_SETTING, key);
  return account;
}
