import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChainIpcPathTooLongError } from './errors.js';

export const IPC_SOCKET_NAME = 'anvil.ipc';

/** Longest Unix socket path (bytes, without the terminating NUL): sun_path is 108 bytes on Linux, 104 on macOS/BSD. */
export function maxUnixSocketPathBytes(platform: NodeJS.Platform = process.platform): number {
  return platform === 'linux' ? 107 : 103;
}

export interface IpcPath {
  path: string;
  /** A private temp folder created because the preferred path was too long; remove it on stop. */
  fallbackDir: string | null;
}

export interface ResolveIpcPathOptions {
  platform?: NodeJS.Platform;
  /** Use a private folder under os.tmpdir() when `<chainDir>/anvil.ipc` is too long (default true). */
  allowTmpFallback?: boolean;
  tmpDir?: string;
}

/**
 * Where the chain's IPC endpoint lives: `<chainDir>/anvil.ipc` when it fits the
 * platform's socket path limit; otherwise, if allowed, a fresh 0700 folder
 * from mkdtemp under the temp directory (not guessable, not shared with other
 * users); otherwise ChainIpcPathTooLongError. On Windows, a named pipe derived
 * from the folder.
 */
export function resolveIpcPath(chainDir: string, options: ResolveIpcPathOptions = {}): IpcPath {
  const platform = options.platform ?? process.platform;
  if (platform === 'win32') {
    const id = createHash('sha256').update(chainDir).digest('hex').slice(0, 24);
    return { path: `\\\\.\\pipe\\data-wallet-${id}`, fallbackDir: null };
  }
  const limit = maxUnixSocketPathBytes(platform);
  const preferred = join(chainDir, IPC_SOCKET_NAME);
  const preferredBytes = Buffer.byteLength(preferred, 'utf8');
  if (preferredBytes <= limit) return { path: preferred, fallbackDir: null };
  if (options.allowTmpFallback === false) {
    throw new ChainIpcPathTooLongError(preferredBytes, limit, { details: 'The temp-folder fallback is disabled.' });
  }
  const base = options.tmpDir ?? tmpdir();
  // Check before creating anything: mkdtemp adds 6 characters to the prefix.
  const projected = Buffer.byteLength(join(base, 'dw-XXXXXX', IPC_SOCKET_NAME), 'utf8');
  if (projected > limit) {
    throw new ChainIpcPathTooLongError(preferredBytes, limit, { details: `The temp folder is too long as well (${projected} bytes).` });
  }
  const dir = mkdtempSync(join(base, 'dw-'));
  return { path: join(dir, IPC_SOCKET_NAME), fallbackDir: dir };
}

export function removeIpcFallback(ipc: IpcPath): void {
  if (ipc.fallbackDir) rmSync(ipc.fallbackDir, { recursive: true, force: true });
}
