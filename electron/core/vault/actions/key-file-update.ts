import { timingSafeEqual } from 'node:crypto';
import { KeyFileChangedError, WrongPassphraseError } from '../errors.js';
import { type KeyFileTransaction, withKeyFileLock } from '../keys/key-file-lock.js';
import type { KeyFile } from '../keys/key-file-schema.js';
import { openPassphraseWrap } from '../keys/wraps.js';
import type { VaultSession } from '../session.js';

/**
 * Runs a key-file change for this session: one at a time in this process,
 * under the cross-process key-file lock, on a fresh read of keys.json. The
 * fresh file is adopted when it still seals the session's data key (e.g.
 * another process changed the passphrase: `fn` then builds on that); if
 * another process rotated the data key, KeyFileChangedError and nothing is
 * written.
 */
export function updateKeyFile<T>(session: VaultSession, fn: (txn: KeyFileTransaction) => Promise<T>): Promise<T> {
  return session.serializeKeyFileUpdate(() =>
    withKeyFileLock(session.paths, { waitMs: session.options.keyFileWaitMs, waitingFor: "changing the vault's keys" }, async (txn) => {
      const fresh = await txn.read();
      session.assertOpen();
      if (fresh.vaultId !== session.keyFile.vaultId || fresh.current.dataKeyId !== session.keyFile.current.dataKeyId) {
        throw new KeyFileChangedError();
      }
      session.keyFile = fresh;
      session.recoveryKeyMissing = fresh.current.recovery === undefined;
      return fn(txn);
    }),
  );
}

/** Writes keys.json (compare-and-swap, see key-file-lock.ts) and adopts it as the session's key file. */
export async function replaceKeyFile(session: VaultSession, txn: KeyFileTransaction, next: KeyFile): Promise<void> {
  session.keyFile = await txn.write(next);
  session.recoveryKeyMissing = session.keyFile.current.recovery === undefined;
}

/**
 * Checks `passphrase` against the current passphrase wrap (a full Argon2id
 * derivation) and that it opens the data key in use. WrongPassphraseError if not.
 */
export async function assertCurrentPassphrase(session: VaultSession, passphrase: string): Promise<void> {
  const { vaultId, current } = session.keyFile;
  const dk = await openPassphraseWrap({ vaultId, dataKeyId: current.dataKeyId }, current.passphrase, passphrase);
  session.assertOpen();
  const ok = dk !== null && dk.length === session.dk.length && timingSafeEqual(dk, session.dk);
  dk?.fill(0);
  if (!ok) throw new WrongPassphraseError();
}
