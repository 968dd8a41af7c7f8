/**
 * How a WalletError crosses a transport: `serializeError` on the side that
 * caught it, `errorFromSerialized` on the side that shows it.
 *
 * The serialised form is `{ code, message, hint?, details? }`
 * (`serializedErrorSchema` in shared/api/envelope.ts): `message` is the
 * error's short message, `details` its technical details. Anything that is
 * not a WalletError becomes UNEXPECTED (its message is withheld: a library's
 * message may quote data), and an AbortError becomes CANCELLED.
 */
import { serializedErrorSchema, type SerializedError } from '../api/envelope.js';
import { CancelledError, RemoteWalletError, UnexpectedError } from './api-errors.js';
import { isKnownErrorCode, WALLET_ERROR_CODES } from './codes.js';
import { isWalletError, type WalletError } from './wallet-error.js';

const MAX_MESSAGE = 2000;
const MAX_DETAILS = 4000;
const CODE = /^[A-Z][A-Z0-9_]{1,63}$/;

const clip = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** Turns anything thrown into the serialised form. Never throws. */
export function serializeError(error: unknown): SerializedError {
  const e: WalletError = isWalletError(error)
    ? error
    : error instanceof Error && error.name === 'AbortError'
      ? new CancelledError({ cause: error })
      : new UnexpectedError({ cause: error, details: error instanceof Error ? error.name : typeof error });
  if (!CODE.test(e.code)) return serializeError(new UnexpectedError({ details: `${e.name} has a malformed code` }));
  return {
    code: e.code,
    message: clip(e.shortMessage, MAX_MESSAGE),
    ...(e.hint !== undefined && { hint: clip(e.hint, MAX_MESSAGE) }),
    ...(e.details !== undefined && { details: clip(e.details, MAX_DETAILS) }),
  };
}

/** A WalletError class, for rebuilding: its constructor is not called. */
export type WalletErrorClass = abstract new (...args: never[]) => WalletError;

/** Finds the class for a code (the core passes its own; other sides get RemoteWalletError). */
export type WalletErrorClassLookup = (code: string) => WalletErrorClass | undefined;

/**
 * Builds a lookup from classes by their class name, using the documented list
 * (code → class name). Classes whose name is not in the list are ignored.
 */
export function errorClassLookup(classes: Iterable<WalletErrorClass>): WalletErrorClassLookup {
  const byName = new Map<string, WalletErrorClass>();
  for (const c of classes) byName.set(c.name, c);
  return (code) => (isKnownErrorCode(code) ? byName.get(WALLET_ERROR_CODES[code].name) : undefined);
}

/**
 * Rebuilds a thrown error from its serialised form: an instance of the class
 * the lookup gives for its code (so `instanceof` and `code` work as on the
 * side that threw it; class-specific fields other than the serialised ones
 * are not carried), else a RemoteWalletError with the same code. Input that
 * is not a serialised error becomes UNEXPECTED.
 */
export function errorFromSerialized(value: unknown, lookup?: WalletErrorClassLookup): WalletError {
  const parsed = serializedErrorSchema.safeParse(value);
  if (!parsed.success) return new UnexpectedError({ details: 'the error from the other side was malformed' });
  const s = parsed.data;
  const cls = lookup?.(s.code);
  const remote = new RemoteWalletError(s.code, s.message, {
    ...(s.hint !== undefined && { hint: s.hint }),
    ...(s.details !== undefined && { details: s.details }),
  });
  if (!cls) return remote;
  const rebuilt = Object.create(cls.prototype as object) as WalletError;
  for (const key of ['message', 'stack', 'shortMessage', 'hint', 'details', 'code', 'name'] as const) {
    Object.defineProperty(rebuilt, key, { value: remote[key], writable: true, configurable: true, enumerable: key !== 'stack' && key !== 'message' });
  }
  return rebuilt;
}
