/**
 * What only the desktop app gives the core (OpenWalletOptions.host): the OS
 * keychain through safeStorage (asked each time: its backend is known only
 * once the app is ready) and the launch-at-login item.
 */
import { app, safeStorage } from 'electron';
import type { WalletHost } from '../core/wallet/index.js';
import { safeStorageSealer } from './keychain.js';

export function desktopHost(platform: NodeJS.Platform = process.platform): WalletHost {
  return {
    keychain: () => safeStorageSealer(safeStorage, platform),
    loginItem: {
      get: () => app.getLoginItemSettings().openAtLogin,
      set: (openAtLogin) => app.setLoginItemSettings({ openAtLogin }),
    },
  };
}
