/**
 * "A lease ends soon": which active leases reach their end within the
 * owner's lead time and were not announced yet. Pure (the wallet runs it on a
 * timer and emits `leases.expiring`), so the once-per-lease rule is tested
 * without waiting.
 */
export interface ExpiringLease {
  id: string;
  leaseId: string | null;
  status: string;
  expiresAt: number | null;
}

export interface ExpiryNotice {
  id: string;
  leaseId: string | null;
  expiresAt: number;
  msLeft: number;
}

/**
 * The notices due now: active leases with `now < expiresAt <= now + lead`
 * whose id is not in `announced`. Adds the ids it returns to `announced`;
 * a lead of 0 turns notices off.
 */
export function dueExpiryNotices(leases: readonly ExpiringLease[], now: number, leadMinutes: number, announced: Set<string>): ExpiryNotice[] {
  if (!(leadMinutes > 0)) return [];
  const horizon = now + leadMinutes * 60_000;
  const due: ExpiryNotice[] = [];
  for (const l of leases) {
    if (l.status !== 'active' || l.expiresAt === null || announced.has(l.id)) continue;
    if (l.expiresAt <= now || l.expiresAt > horizon) continue;
    announced.add(l.id);
    due.push({ id: l.id, leaseId: l.leaseId, expiresAt: l.expiresAt, msLeft: l.expiresAt - now });
  }
  return due;
}
