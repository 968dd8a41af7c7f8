import { fileExists } from '../fs-exists.js';
import { vaultPaths } from '../paths.js';
import { readKeyFile } from './key-file-io.js';

/**
 * The keychain backend whose wrap keys.json holds now, or null when keychain
 * unlock is off (or there is no vault yet). Reads the file as it is on disk,
 * so a change made by another process shows; needs no unlock and holds no secret.
 */
export async function keychainUnlockBackend(dir: string): Promise<string | null> {
  const paths = vaultPaths(dir);
  if (!(await fileExists(paths.keys))) return null;
  return (await readKeyFile(paths.keys)).current.keychain?.backend ?? null;
}
