/**
 * The base of every error the wallet shows a person (modelled on viem's
 * BaseError): a literal `name`, a stable `code`, a short message, optional
 * details, a line on what to do, and the cause.
 *
 * Rules for subclasses (checked by test/unit/errors/codes.test.ts):
 * - declare `override readonly name = 'SomethingError' as const` and
 *   `readonly code = 'UPPER_SNAKE' as const`, and add the code to
 *   `WALLET_ERROR_CODES` (./codes.ts), the documented list;
 * - hints describe the action in words, never a front end's syntax (no CLI
 *   commands or flags, no button names): each front end maps codes to its own
 *   wording;
 * - messages never contain secrets or record values: only metadata (file
 *   names, line numbers, field names, public addresses, counts).
 *
 * It lives in shared/ because errors cross transports: `serializeError` turns
 * one into `{ code, message, hint?, details? }` and `errorFromSerialized`
 * rebuilds it on the other side (./serialize.ts).
 */
export interface WalletErrorParameters {
  /** Technical details for debug output; never a secret or a record value. */
  details?: string;
  /** One or two sentences on what the user can do about it. */
  hint?: string;
  cause?: unknown;
}

/** What a concrete error's constructor takes besides its own facts: its wording and hint are fixed by the class. */
export type WalletErrorContext = Pick<WalletErrorParameters, 'cause' | 'details'>;

export abstract class WalletError extends Error {
  abstract override readonly name: string;
  /** Stable, UPPER_SNAKE: what front ends and scripts match on. Listed in WALLET_ERROR_CODES. */
  abstract readonly code: string;
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
