/**
 * The owner's privacy limit per lease, applied at approval: a request whose
 * ε budget is above the limit is flagged in the approval preview, and its
 * approval is refused (EpsilonAboveLimitError) unless it is narrowed to a
 * budget at or below the limit. The narrowed budget becomes the lease's own
 * ε cap, which the training runner enforces.
 */
import type { LeaseContext } from '../context.js';
import { EpsilonAboveLimitError } from '../errors.js';
import * as store from '../store.js';
import { verifyLink } from './intake.js';
import { DIGEST, messageOf } from './lease-rows.js';

/** The ε budget (× 1000) a stored request or a link asks for. */
export async function requestedEpsilonMilli(ctx: LeaseContext, ref: string): Promise<number> {
  const request = DIGEST.test(ref) ? ctx.read((db) => store.getRequest(db, ref.toLowerCase())) : undefined;
  const message = request ? messageOf(request) : (await verifyLink(ctx, ref)).payload.message;
  return message.maxEpsilonMilli;
}

export interface PrivacyLimitCheck {
  /** The request's own budget. */
  requestedMilli: number;
  /** The budget the lease would get: the narrowed one when given (never above the request's), else the request's. */
  grantedMilli: number;
  /** The owner's limit per lease; null when none is set. */
  limitMilli: number | null;
  /** Whether the granted budget is above the limit (approval would be refused). */
  aboveLimit: boolean;
}

/** Compares a request's budget, an optional narrowed budget and the owner's limit. Pure. */
export function checkPrivacyLimit(requestedMilli: number, narrowedMilli: number | undefined, limitMilli: number | null): PrivacyLimitCheck {
  const grantedMilli = narrowedMilli === undefined ? requestedMilli : Math.min(narrowedMilli, requestedMilli);
  return { requestedMilli, grantedMilli, limitMilli, aboveLimit: limitMilli !== null && grantedMilli > limitMilli };
}

/** Throws EpsilonAboveLimitError when the check says the approval must be refused. */
export function assertWithinPrivacyLimit(check: PrivacyLimitCheck): void {
  if (check.aboveLimit && check.limitMilli !== null) throw new EpsilonAboveLimitError(check.grantedMilli, check.limitMilli);
}
