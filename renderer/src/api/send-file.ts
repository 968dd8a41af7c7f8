/**
 * Files and the wallet: the core imports from and exports to paths on this
 * computer. Inside Electron the preload can tell a picked or dropped file's
 * path (`window.walletFiles.pathFor`, from `webUtils.getPathForFile`) and
 * ask where to save; a browser page cannot know a file's path, so in browser
 * mode the user types it (the wallet runs on the same computer).
 */
import type { WalletClient } from './client.js';

export interface WalletFiles {
  /** The absolute path of a File the user picked or dropped, or null. */
  pathFor(file: File): string | null;
  /** Asks the user where to save (a native dialog); null when cancelled. */
  chooseSavePath?(suggestedName: string): Promise<string | null>;
}

declare global {
  interface Window {
    walletFiles?: WalletFiles;
  }
}

export function pathOfFile(file: File): string | null {
  try {
    const path = window.walletFiles?.pathFor(file);
    return typeof path === 'string' && path.length > 0 ? path : null;
  } catch {
    return null;
  }
}

/** Whether absolute paths typed by the user look plausible (POSIX or Windows). */
export function looksLikeAbsolutePath(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\') || p.startsWith('~/');
}

export async function importFromPath(api: WalletClient, path: string) {
  return api.call('data.import', { path, format: 'auto' });
}
