/** The owner's requester directory: labels and the block list. */
import { type Address, getAddress, isAddress } from 'viem';
import { displayTextProblem } from '../../../../shared/lease/display-text.js';
import type { LeaseContext } from '../context.js';
import { RequesterLabelError } from '../errors.js';
import * as store from '../store.js';
import type { RequesterView } from '../types.js';

export function listRequesters(ctx: LeaseContext): RequesterView[] {
  return ctx.read((db) => store.listRequesters(db)).map((r) => ({ address: r.address, label: r.label, blocked: r.blocked === 1 }));
}

/** Names a requester for later prompts (null clears the label). */
export function labelRequester(ctx: LeaseContext, address: string, label: string | null): RequesterView {
  const addr = checkedAddress(ctx, address);
  if (label !== null && (label.trim().length === 0 || label.length > 80 || displayTextProblem(label) !== null)) {
    throw new RequesterLabelError();
  }
  return ctx.write((db) => {
    const row = store.getRequester(db, addr);
    const next = { address: addr, label, blocked: row?.blocked ?? 0, updated_at: ctx.now() } as const;
    store.upsertRequester(db, next);
    return { address: addr, label, blocked: next.blocked === 1 };
  });
}

export function blockRequester(ctx: LeaseContext, address: string): RequesterView {
  return setBlocked(ctx, address, true);
}

export function unblockRequester(ctx: LeaseContext, address: string): RequesterView {
  return setBlocked(ctx, address, false);
}

export function setBlocked(ctx: LeaseContext, address: string, blocked: boolean): RequesterView {
  const addr = checkedAddress(ctx, address);
  return ctx.write((db) => {
    const row = store.getRequester(db, addr);
    store.upsertRequester(db, { address: addr, label: row?.label ?? null, blocked: blocked ? 1 : 0, updated_at: ctx.now() });
    ctx.log({ type: blocked ? 'requester.blocked' : 'requester.unblocked', subject: addr, data: { requester: addr } });
    return { address: addr, label: row?.label ?? null, blocked };
  });
}

export function checkedAddress(ctx: LeaseContext, address: string): Address {
  if (!isAddress(address, { strict: false })) throw new RequesterLabelError('address');
  return getAddress(address);
}
