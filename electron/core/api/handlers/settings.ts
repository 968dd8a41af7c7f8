/** settings.*: the owner's wallet settings (auto-lock, notices, privacy defaults, keychain, launch at login). */
import type { Wallet } from '../../wallet/wallet.js';
import type { HandlersOf } from '../handler.js';

export const settingsHandlers: HandlersOf<'settings.'> = {
  'settings.get': (wallet: Wallet) => wallet.settings(),
  'settings.update': (wallet, patch) => wallet.updateSettings(patch),
};
