/** An error the wallet answered with, rebuilt on the renderer side from its serialised form. */
import type { SerializedError } from '../../../shared/api/envelope.js';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: string;
  readonly hint: string | undefined;
  readonly details: string | undefined;

  constructor(e: SerializedError) {
    super(e.message);
    this.code = e.code;
    this.hint = e.hint;
    this.details = e.details;
  }
}

export function errorCode(e: unknown): string | null {
  return e instanceof ApiError ? e.code : null;
}
