/** Expiry: marking leases whose time is up as expired, settling them, and the timer that runs it. */
import { settleLease } from '../../chain/data-lease/settle-lease.js';
import { DataLeaseRevertError, mapChainError } from '../../chain/errors.js';
import type { LeaseContext } from '../context.js';
import * as store from '../store.js';
import type { LeaseRow } from '../store.js';
import type { TickResult } from '../types.js';
import { reconcileLease } from './reconcile.js';
import { markExpired, recordSettle } from './records.js';

/** Marks leases whose time is up as expired and settles expired leases on the chain. */
export function tick(ctx: LeaseContext): Promise<TickResult> {
  ctx.scheduler.ticking ??= ctx.serial(() => doTick(ctx)).finally(() => {
    ctx.scheduler.ticking = null;
  });
  return ctx.scheduler.ticking;
}

export async function doTick(ctx: LeaseContext): Promise<TickResult> {
  const result: TickResult = { expired: [], settled: [], failed: [] };
  const now = ctx.now();
  const mine = (r: LeaseRow) => r.chain_id === ctx.chain.chainId && r.contract === ctx.chain.contract && r.lease_id !== null;
  for (const row of ctx.read((db) => store.listLeasesInState(db, ['active']))) {
    if (mine(row) && row.expires_at !== null && now >= row.expires_at) {
      markExpired(ctx, row);
      result.expired.push(row.lease_id!);
    }
  }
  for (const row of ctx.read((db) => store.listLeasesInState(db, ['expired']))) {
    if (!mine(row)) continue;
    try {
      const settled = await settleLease(ctx.chain.ctx, BigInt(row.lease_id!));
      recordSettle(ctx, row, settled.transactionHash, settled.time, settled.ownerAmount, false);
      result.settled.push(row.lease_id!);
    } catch (e) {
      const mapped = mapChainError(e);
      if (mapped instanceof DataLeaseRevertError && mapped.reason === 'LeaseClosed') {
        await reconcileLease(ctx, row, { found: [], resubmitted: [], updated: [], missing: [], unconfirmed: [] });
      } else if (!(mapped instanceof DataLeaseRevertError && mapped.reason === 'LeaseNotExpired')) {
        result.failed.push({ leaseId: row.lease_id!, error: mapped });
      }
    }
  }
  return result;
}

/**
 * Runs tick() when the next lease expires (setTimeout on the injected
 * clock's distance to it), and every `retryMs` while an expired lease is
 * still unsettled. The timer does not keep the process alive.
 */
export function startScheduler(ctx: LeaseContext, options: { onTick?: (r: TickResult) => void; onError?: (e: unknown) => void; retryMs?: number } = {}): void {
  ctx.scheduler.schedulerOptions = { retryMs: 30_000, ...options };
  arm(ctx);
}

export function stopScheduler(ctx: LeaseContext): void {
  ctx.scheduler.schedulerOptions = null;
  if (ctx.scheduler.timer) clearTimeout(ctx.scheduler.timer);
  ctx.scheduler.timer = null;
}

export function rescheduleSoon(ctx: LeaseContext): void {
  if (ctx.scheduler.schedulerOptions) arm(ctx);
}

export function arm(ctx: LeaseContext): void {
  const opts = ctx.scheduler.schedulerOptions;
  if (!opts) return;
  if (ctx.scheduler.timer) clearTimeout(ctx.scheduler.timer);
  ctx.scheduler.timer = null;
  const { next, unsettled } = ctx.read((db) => ({
    next: store.nextExpiry(db),
    unsettled: store.listLeasesInState(db, ['expired']).length > 0,
  }));
  let delay = next === null ? null : Math.max(0, next - ctx.now());
  if (unsettled) delay = delay === null ? opts.retryMs : Math.min(delay, opts.retryMs);
  if (delay === null) return;
  ctx.scheduler.timer = setTimeout(() => {
    ctx.scheduler.timer = null;
    tick(ctx).then(
      (r) => {
        opts.onTick?.(r);
        if (ctx.scheduler.schedulerOptions === opts) arm(ctx);
      },
      (e: unknown) => {
        opts.onError?.(e);
        if (ctx.scheduler.schedulerOptions === opts) arm(ctx);
      },
    );
  }, Math.min(delay, 2 ** 31 - 1));
  ctx.scheduler.timer.unref();
}
