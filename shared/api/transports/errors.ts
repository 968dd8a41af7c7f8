/**
 * Errors of the transports themselves (browser-mode host, its client, the
 * Electron bridge): the request never reached the router. They travel in the
 * same serialised form as the router's errors.
 */
import { WalletError, type WalletErrorContext as Params } from '../../errors/wallet-error.js';

export class TransportUnauthorizedError extends WalletError {
  override readonly name = 'TransportUnauthorizedError' as const;
  readonly code = 'HOST_UNAUTHORIZED' as const;
  constructor(params: Params = {}) {
    super('This page is not allowed to use the wallet: its access key is missing or wrong.', {
      ...params,
      hint: 'Open the address the wallet printed when it started, in full.',
    });
  }
}

export class TransportForbiddenError extends WalletError {
  override readonly name = 'TransportForbiddenError' as const;
  readonly code = 'HOST_FORBIDDEN' as const;
  constructor(params: Params = {}) {
    super('This request did not come from the wallet’s own page.', {
      ...params,
      hint: 'Use the wallet only through the address it printed; other sites cannot reach it.',
    });
  }
}

export class TransportBadRequestError extends WalletError {
  override readonly name = 'TransportBadRequestError' as const;
  readonly code = 'HOST_BAD_REQUEST' as const;
  constructor(problem: string, params: Params = {}) {
    super(`The wallet could not read the request: ${problem}.`, {
      ...params,
      hint: 'Reload the page; if it keeps happening, this page and the wallet are out of step.',
    });
  }
}

export class RequestTooLargeError extends WalletError {
  override readonly name = 'RequestTooLargeError' as const;
  readonly code = 'HOST_REQUEST_TOO_LARGE' as const;
  constructor(limitBytes: number, params: Params = {}) {
    super(`The request is larger than the wallet accepts (${limitBytes} bytes).`, {
      ...params,
      hint: 'Send less at once.',
    });
  }
}

export class WalletUnreachableError extends WalletError {
  override readonly name = 'WalletUnreachableError' as const;
  readonly code = 'HOST_UNREACHABLE' as const;
  constructor(params: Params = {}) {
    super('The wallet is not answering.', { ...params, hint: 'Check that Data Wallet is still running, then reload the page.' });
  }
}

export class BadAnswerError extends WalletError {
  override readonly name = 'BadAnswerError' as const;
  readonly code = 'HOST_BAD_ANSWER' as const;
  constructor(status: number, params: Params = {}) {
    super(`The wallet gave an unreadable answer (HTTP ${status}).`, {
      ...params,
      hint: 'Reload the page; if it keeps happening, restart Data Wallet.',
    });
  }
}

/** The renderer found neither the desktop bridge nor a browser-mode access key. */
export class NoWalletConnectionError extends WalletError {
  override readonly name = 'NoWalletConnectionError' as const;
  readonly code = 'NO_WALLET_CONNECTION' as const;
  constructor(params: Params = {}) {
    super('This page was opened without its access key.', {
      ...params,
      hint: 'Open the address the wallet printed when it started, in full.',
    });
  }
}
