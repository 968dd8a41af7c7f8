import { homedir } from 'node:os';
import { join } from 'node:path';

/** The product folder name used by the desktop app (Electron's `userData`). */
export const APP_FOLDER = 'Data Wallet';

/**
 * The folder the desktop app keeps its data in, per platform — the same place
 * Electron's `app.getPath('userData')` points to — so the CLI and the app
 * share one vault by default.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.DATA_WALLET_HOME) return env.DATA_WALLET_HOME;
  const home = env.HOME ?? homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_FOLDER);
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_FOLDER);
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), APP_FOLDER);
}

/** The vault lives in its own sub-folder of the data folder. */
export function defaultVaultDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  return join(defaultDataDir(env, platform), 'vault');
}
