/** The data-access gate for the training runner: only an active lease, inside its datasets and time range. */
import { leaseCoversKind } from '../../../../shared/domain/profile-kinds.js';
import type { LeaseContext } from '../context.js';
import { LeaseAccessDeniedError } from '../errors.js';
import { assertNotPaused } from '../pause.js';
import * as store from '../store.js';
import type { LeaseRow } from '../store.js';
import type { ActiveLeaseGrant } from '../types.js';
import { leaseRow, localStatus } from './views.js';

/**
 * Data access gate for the training runner: returns the lease's grant when
 * lease `leaseId` is active now and covers `datasetKind` at `timeMs`;
 * throws LeaseAccessDeniedError otherwise, and LeasesPausedError while all
 * leases are paused. Local records only (fast, synchronous); revocation,
 * expiry and a pause by any process update them as they happen.
 */
export function requireActiveLease(ctx: LeaseContext, leaseId: string | bigint, datasetKind: string, timeMs: number): ActiveLeaseGrant {
  assertNotPaused(ctx.vault);
  let row: LeaseRow;
  try {
    row = leaseRow(ctx, leaseId);
  } catch (e) {
    throw new LeaseAccessDeniedError('lease-not-active', 'There is no such lease.', { cause: e });
  }
  const status = localStatus(ctx, row);
  if (status !== 'active' || row.lease_id === null || row.expires_at === null) {
    throw new LeaseAccessDeniedError('lease-not-active', `Lease ${row.lease_id ?? row.request_digest} is not active (it is ${status}).`);
  }
  const datasets = JSON.parse(row.datasets) as string[];
  // Exact kinds only: no "all", wildcard or prefix, so profile.* facts are never granted unless named.
  if (!leaseCoversKind(datasets, datasetKind)) {
    throw new LeaseAccessDeniedError('dataset-not-in-lease', `Lease ${row.lease_id} does not cover this dataset.`);
  }
  const from = BigInt(row.data_from) * 1000n;
  const to = BigInt(row.data_to) * 1000n + 999n;
  if (!Number.isFinite(timeMs) || BigInt(Math.floor(timeMs)) < from || BigInt(Math.floor(timeMs)) > to) {
    throw new LeaseAccessDeniedError('time-outside-lease', `Lease ${row.lease_id} does not cover records from this time.`);
  }
  const request = ctx.read((db) => store.getRequest(db, row.request_digest))!;
  return {
    leaseId: row.lease_id,
    id: row.request_digest,
    requester: request.requester,
    datasets,
    dataFrom: BigInt(row.data_from),
    dataTo: BigInt(row.data_to),
    expiresAt: row.expires_at,
  };
}
