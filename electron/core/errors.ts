/**
 * Errors that guide (modelled on viem's BaseError): a literal `name`, a short
 * message for people, optional details, a line on what to do, and the cause.
 * Messages never contain secrets or record values: callers pass only
 * metadata (file names, line numbers, field names) into them.
 */
export interface WalletErrorParameters {
  /** Technical details for --debug output; never a secret or a record value. */
  details?: string;
  /** One or two sentences on what the user can do about it. */
  hint?: string;
  cause?: unknown;
}

/** What a concrete error's constructor takes besides its own facts: its wording and hint are fixed by the class. */
export type WalletErrorContext = Pick<WalletErrorParameters, 'cause' | 'details'>;

export abstract class WalletError extends Error {
  abstract override readonly name: string;
  readonly shortMessage: string;
  readonly details: string | undefined;
  readonly hint: string | undefined;

  constructor(shortMessage: string, params: WalletErrorParameters = {}) {
    super(shortMessage, params.cause === undefined ? undefined : { cause: params.cause });
    this.shortMessage = shortMessage;
    this.details = params.details;
    this.hint = params.hint;
  }

  /** One line for a person: what went wrong and what to do. */
  override toString(): string {
    if (!this.hint) return this.shortMessage;
    const sep = /[.!?:)]$/.test(this.shortMessage) ? ' ' : '. ';
    return `${this.shortMessage}${sep}${this.hint}`;
  }
}

export function isWalletError(e: unknown): e is WalletError {
  return e instanceof WalletError;
}
