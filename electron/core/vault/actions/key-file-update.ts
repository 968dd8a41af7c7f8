import { timingSafeEqual } from 'node:crypto';
import { WrongPassphraseError } from '../errors.js';
import type { KeyFile } from '../keys/key-file-schema.js';
import { writeKeyFile } from '../keys/key-file-io.js';
import { openPassphraseWrap } from '../keys/wraps.js';
import type { VaultSession } from '../session.js';

/** Writes keys.json atomically and adopts it as the session's key file. */
export async function replaceKeyFile(session: VaultSession, next: KeyFile): Promise<void> {
  await writeKeyFile(session.paths.keys, next);
  session.keyFile = next;
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
