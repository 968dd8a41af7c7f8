/** Errors of the wallet settings. */
import { WalletError, type WalletErrorContext as Params } from '../errors.js';

/** A setting was given a value outside its range; nothing was changed. */
export class InvalidSettingError extends WalletError {
  override readonly name = 'InvalidSettingError' as const;
  readonly code = 'INVALID_SETTING' as const;
  readonly setting: string;
  constructor(setting: string, problem: string, params: Params = {}) {
    super(`The setting ${setting} ${problem}.`, { ...params, details: [params.details, `setting=${setting}`].filter(Boolean).join(' '), hint: 'Choose a value in the range shown; no setting was changed.' });
    this.setting = setting;
  }
}

/** A setting only the desktop app can change (e.g. launch at login) was changed elsewhere. */
export class SettingNeedsDesktopError extends WalletError {
  override readonly name = 'SettingNeedsDesktopError' as const;
  readonly code = 'SETTING_NEEDS_DESKTOP' as const;
  constructor(setting: string, params: Params = {}) {
    super(`The setting ${setting} can only be changed in the desktop app.`, { ...params, details: [params.details, `setting=${setting}`].filter(Boolean).join(' '), hint: 'Open Data Wallet as the desktop app to change it; no setting was changed.' });
  }
}
