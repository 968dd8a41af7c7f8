/** How many of the owner's records a request's (or a narrowed approval's) scope covers. */
import type { LeaseContext } from '../context.js';
import { secondsToMs } from './lease-rows.js';

export interface ScopeParameters {
  datasets: readonly string[];
  /** Unix seconds, inclusive. */
  dataFrom: bigint;
  /** Unix seconds, inclusive. */
  dataTo: bigint;
}

/**
 * Records of the scope's datasets whose start time falls in [dataFrom, dataTo]
 * (both ends inclusive, as the contract grants them): every record a lease on
 * this scope could read. Datasets the owner does not have count 0.
 */
export function recordsInScope(ctx: Pick<LeaseContext, 'vault'>, scope: ScopeParameters): number {
  if (scope.dataTo < scope.dataFrom) return 0;
  const from = scope.dataFrom <= 0n ? 0 : secondsToMs(scope.dataFrom);
  const to = secondsToMs(scope.dataTo + 1n);
  return ctx.vault.countRecords(scope.datasets, { from, to });
}
