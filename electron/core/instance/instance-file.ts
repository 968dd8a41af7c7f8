/**
 * `<dataDir>/app-instance.json` (0600): how other processes of the same user
 * reach the running app — its pid, the path of its link socket and the secret
 * a client must present on it. Holding the file is the authentication: only
 * the owner of the data folder can read it.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const INSTANCE_FILE = 'app-instance.json';

export const InstanceRecord = z.strictObject({
  pid: z.number().int().positive(),
  socketPath: z.string().min(1).max(4096),
  secret: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  /** `electron` or `browser`. */
  mode: z.enum(['electron', 'browser']),
});
export type InstanceRecord = z.infer<typeof InstanceRecord>;

export function newInstanceSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function instanceFilePath(dataDir: string): string {
  return join(dataDir, INSTANCE_FILE);
}

/** Written atomically (temp file + rename), readable by the owner only. */
export function writeInstanceFile(dataDir: string, record: InstanceRecord): void {
  const path = instanceFilePath(dataDir);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(record)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
}

export function readInstanceFile(dataDir: string): InstanceRecord | null {
  try {
    const parsed = InstanceRecord.safeParse(JSON.parse(readFileSync(instanceFilePath(dataDir), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Removes the file if it is still ours (another instance may have replaced it). */
export function removeInstanceFile(dataDir: string, secret: string): void {
  if (readInstanceFile(dataDir)?.secret === secret) rmSync(instanceFilePath(dataDir), { force: true });
}
