import { readFile, stat } from 'node:fs/promises';
import { KeyFileCorruptError, KeyFileMissingError, VaultNewerThanAppError } from '../errors.js';
import { errnoCode, writeFileAtomic } from './atomic-file.js';
import { KEY_FILE_VERSION, KeyFile, KeyFileHeader } from './key-file-schema.js';

/** keys.json is a few KiB; anything much larger is not ours. */
const MAX_KEY_FILE_BYTES = 64 * 1024;

/**
 * Parses keys.json text. Throws KeyFileCorruptError for anything that is not
 * a valid version-1 key file (including KDF settings below the minimums), and
 * VaultNewerThanAppError for a later format version.
 */
export function parseKeyFile(text: string): KeyFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new KeyFileCorruptError('it is not valid JSON (it may be truncated)');
  }
  const header = KeyFileHeader.safeParse(json);
  if (!header.success) throw new KeyFileCorruptError('it is not a Data Wallet key file');
  if (header.data.version > KEY_FILE_VERSION) {
    throw new VaultNewerThanAppError({
      details: `keys.json format version ${header.data.version}; this app reads up to ${KEY_FILE_VERSION}`,
    });
  }
  const parsed = KeyFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'the file';
    // zod messages describe the rule (e.g. "expected number to be >=19456"), not the value.
    throw new KeyFileCorruptError(`${where} is invalid (${issue?.message ?? 'schema mismatch'})`);
  }
  if (parsed.data.pending && parsed.data.pending.dataKeyId === parsed.data.current.dataKeyId) {
    throw new KeyFileCorruptError('pending.dataKeyId repeats current.dataKeyId');
  }
  return parsed.data;
}

/** Reads and parses keys.json; KeyFileMissingError when it is absent. */
export async function readKeyFile(path: string): Promise<KeyFile> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') throw new KeyFileMissingError();
    throw e;
  }
  if (size > MAX_KEY_FILE_BYTES) throw new KeyFileCorruptError(`it is ${size} bytes, far larger than a key file`);
  const buf = await readFile(path);
  return parseKeyFile(buf.toString('utf8'));
}

export function serializeKeyFile(kf: KeyFile): string {
  // Fixed key order, revision near the top, so the file reads the same way every time.
  const { format, version, revision, vaultId, current, pending } = kf;
  return `${JSON.stringify({ format, version, revision, vaultId, current, pending }, null, 2)}\n`;
}

/** Writes keys.json atomically; `exclusive` refuses to replace an existing one. */
export async function writeKeyFile(path: string, kf: KeyFile, opts: { exclusive?: boolean } = {}): Promise<void> {
  await writeFileAtomic(path, serializeKeyFile(KeyFile.parse(kf)), { exclusive: opts.exclusive ?? false, mode: 0o600 });
}
