/**
 * Errors of the API layer itself (router, transports, clients). They live in
 * shared/ because both sides raise or rebuild them.
 */
import { isKnownErrorCode, WALLET_ERROR_CODES } from './codes.js';
import { WalletError, type WalletErrorContext as Params } from './wallet-error.js';

/** A call's input does not match its schema. Names the field and the problem, never the value. */
export class InvalidInputError extends WalletError {
  override readonly name = 'InvalidInputError' as const;
  readonly code = 'INVALID_INPUT' as const;
  /** Dotted path of the first offending field ('' for the input as a whole). */
  readonly field: string;
  constructor(call: string, field: string, problem: string, params: Params = {}) {
    super(`The input of ${call} is not valid: ${field ? `${field}: ` : ''}${problem}.`, {
      ...params,
      hint: 'Correct the value named and try again.',
    });
    this.field = field;
  }
}

export class UnknownCallError extends WalletError {
  override readonly name = 'UnknownCallError' as const;
  readonly code = 'UNKNOWN_CALL' as const;
  constructor(call: string, params: Params = {}) {
    super(`There is no API call named ${JSON.stringify(call.slice(0, 100))}.`, {
      ...params,
      hint: 'This front end and the wallet core are out of step; update Data Wallet.',
    });
  }
}

/** Anything that was not a WalletError, reduced to its class name: a library's message may quote data. */
export class UnexpectedError extends WalletError {
  override readonly name = 'UnexpectedError' as const;
  readonly code = 'UNEXPECTED' as const;
  constructor(params: Params = {}) {
    super('Something unexpected went wrong; nothing more is known about it here.', {
      ...params,
      hint: 'Try again. If it keeps happening, report it with the debug details.',
    });
  }
}

export class CancelledError extends WalletError {
  override readonly name = 'CancelledError' as const;
  readonly code = 'CANCELLED' as const;
  constructor(params: Params = {}) {
    super('Cancelled; nothing was changed.', params);
  }
}

/** A call reached a wallet object after `close()`. */
export class WalletClosedError extends WalletError {
  override readonly name = 'WalletClosedError' as const;
  readonly code = 'WALLET_CLOSED' as const;
  constructor(params: Params = {}) {
    super('The wallet has been closed.', { ...params, hint: 'Restart Data Wallet.' });
  }
}

/**
 * An error rebuilt from its serialised form where its own class is not
 * available (e.g. in the renderer for a core error): same code, wording and
 * hint; `name` is the class name from the documented list.
 */
export class RemoteWalletError extends WalletError {
  override readonly name: string;
  readonly code: string;
  constructor(code: string, message: string, params: { hint?: string; details?: string } = {}) {
    super(message, params);
    this.code = code;
    this.name = isKnownErrorCode(code) ? WALLET_ERROR_CODES[code].name : 'WalletError';
  }
}
