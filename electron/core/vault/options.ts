import { Argon2Cost, DEFAULT_ARGON2_COST } from './keys/kdf-params.js';

/** Options shared by the vault's lifecycle operations. */
export interface VaultOptions {
  /**
   * Argon2id cost for passphrase wraps this call creates. Defaults to
   * {@link DEFAULT_ARGON2_COST}; must satisfy the minimums (tests use
   * `MIN_ARGON2_COST`, 19 MiB / t=2).
   */
  kdf?: Argon2Cost;
  /** Clock (unix ms); injected so tests can travel in time. */
  now?: () => number;
  /**
   * Integrity check when unlocking. `quick` runs `PRAGMA quick_check`
   * (≈0.5 s per million records, so unlock time would grow with the vault);
   * `none` only checks that the database decrypts and its schema is
   * readable; `auto` (default) runs the quick check only when the last
   * session did not end cleanly — a `vault.db-wal` file is still there
   * (SQLite removes it when the last connection closes normally), i.e. after
   * a crash, a kill or a power cut.
   */
  verifyOnUnlock?: VerifyOnUnlock;
  /**
   * How long to wait (ms) for another process that is changing keys.json
   * (a key rotation, a passphrase change) before giving up with
   * KeyFileBusyError. Default 30 s.
   */
  keyFileWaitMs?: number;
}

export const DEFAULT_KEY_FILE_WAIT_MS = 30_000;

export type VerifyOnUnlock = 'auto' | 'quick' | 'none';

export interface ResolvedVaultOptions {
  kdf: Argon2Cost;
  now: () => number;
  verifyOnUnlock: VerifyOnUnlock;
  keyFileWaitMs: number;
}

/** Applies defaults and validates the KDF cost against the minimums. */
export function resolveVaultOptions(opts: VaultOptions = {}): ResolvedVaultOptions {
  const parsed = Argon2Cost.safeParse(opts.kdf ?? DEFAULT_ARGON2_COST);
  if (!parsed.success) {
    throw new RangeError(`Vault options: kdf is below the minimums or malformed (${parsed.error.issues[0]?.path.join('.') ?? 'kdf'}).`);
  }
  return {
    kdf: parsed.data,
    now: opts.now ?? Date.now,
    verifyOnUnlock: opts.verifyOnUnlock ?? 'auto',
    keyFileWaitMs: opts.keyFileWaitMs ?? DEFAULT_KEY_FILE_WAIT_MS,
  };
}
