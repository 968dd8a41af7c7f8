import { WalletError, type WalletErrorContext } from '../errors.js';

/** No running Data Wallet app serves this data folder. */
export class AppNotRunningError extends WalletError {
  override readonly name = 'AppNotRunningError' as const;
  readonly code = 'APP_NOT_RUNNING' as const;
  constructor(context: WalletErrorContext = {}) {
    super('Data Wallet is not running for this data folder.', {
      ...context,
      hint: 'Start the app (or browser mode) first, then open the link again.',
    });
  }
}

/** The running app refused a forwarded link (bad link, or the socket's key did not match). */
export class LinkForwardRefusedError extends WalletError {
  override readonly name = 'LinkForwardRefusedError' as const;
  readonly code = 'LINK_FORWARD_REFUSED' as const;
  constructor(reason: string, context: WalletErrorContext = {}) {
    super(`The running app refused the link: ${reason.slice(0, 500)}`, {
      ...context,
      hint: 'Check that the link is complete and unchanged; ask the requester for a new one if it is.',
    });
  }
}
