/**
 * Errors of the lease-link codec: a WalletError with one stable `code` per
 * failure reason (all listed in shared/errors/codes.ts); the core maps it to
 * LeaseRequestRefusedError at its boundary.
 *
 * Messages are for the person looking at the consent prompt: they never echo
 * the link's content (it is attacker-controlled), only positions, field names
 * and limits.
 */
import { WalletError } from '../errors/wallet-error.js';

export const LEASE_LINK_ERROR_CODES = [
  'LINK_TOO_LONG',
  'LINK_MALFORMED',
  'LINK_SCHEME',
  'LINK_HOST',
  'LINK_PATH',
  'LINK_PARAMS',
  'LINK_BASE64',
  'LINK_UTF8',
  'LINK_JSON',
  'LINK_DUPLICATE_FIELD',
  'LINK_UNKNOWN_FIELD',
  'LINK_MISSING_FIELD',
  'LINK_NUMBER_FORMAT',
  'LINK_NUMBER_RANGE',
  'LINK_ADDRESS',
  'LINK_SIGNATURE_FORMAT',
  'LINK_FIELD_INVALID',
  'LINK_PROTOCOL_VERSION',
] as const;

export type LeaseLinkErrorCode = (typeof LEASE_LINK_ERROR_CODES)[number];

const SHORT_MESSAGES: Record<LeaseLinkErrorCode, string> = {
  LINK_TOO_LONG: 'This lease link is too long.',
  LINK_MALFORMED: 'This is not a valid lease link.',
  LINK_SCHEME: 'This link is not a Data Wallet link.',
  LINK_HOST: 'This Data Wallet link is not a lease request.',
  LINK_PATH: 'This lease link has an unexpected path.',
  LINK_PARAMS: 'This lease link has missing or unexpected parameters.',
  LINK_BASE64: 'The request inside this lease link is not valid base64url.',
  LINK_UTF8: 'The request inside this lease link is not valid UTF-8 text.',
  LINK_JSON: 'The request inside this lease link is not valid JSON.',
  LINK_DUPLICATE_FIELD: 'The request inside this lease link repeats a field.',
  LINK_UNKNOWN_FIELD: 'The request inside this lease link has a field Data Wallet does not know.',
  LINK_MISSING_FIELD: 'The request inside this lease link is missing a field.',
  LINK_NUMBER_FORMAT: 'A number in this lease request is not written as a plain decimal string.',
  LINK_NUMBER_RANGE: 'A number in this lease request is out of range.',
  LINK_ADDRESS: 'An address in this lease request is not valid.',
  LINK_SIGNATURE_FORMAT: 'The signature in this lease link is malformed.',
  LINK_FIELD_INVALID: 'A field in this lease request is not valid.',
  LINK_PROTOCOL_VERSION:
    'This lease link uses version 1 of the lease protocol, which has no payment token; Data Wallet accepts version 2 only.',
};

const DEFAULT_HINT = 'Ask the requester for a new link; do not edit links by hand.';

export interface LeaseLinkErrorParameters {
  details?: string;
  hint?: string;
  cause?: unknown;
  /** JSON path of the offending field, e.g. `message.price`. */
  field?: string;
}

export class LeaseLinkError extends WalletError {
  override readonly name = 'LeaseLinkError' as const;
  readonly code: LeaseLinkErrorCode;
  readonly field: string | undefined;

  constructor(code: LeaseLinkErrorCode, params: LeaseLinkErrorParameters = {}) {
    const shortMessage = SHORT_MESSAGES[code];
    const full = [shortMessage, params.field ? `Field: ${params.field}.` : '', params.details ?? '']
      .filter(Boolean)
      .join(' ');
    super(shortMessage, {
      hint: params.hint ?? DEFAULT_HINT,
      ...(params.details !== undefined && { details: params.details }),
      ...(params.cause !== undefined && { cause: params.cause }),
    });
    this.message = full;
    this.code = code;
    this.field = params.field;
  }

  override toString(): string {
    return this.hint ? `${this.shortMessage} ${this.hint}` : this.shortMessage;
  }
}

export function isLeaseLinkError(e: unknown): e is LeaseLinkError {
  return e instanceof LeaseLinkError;
}
