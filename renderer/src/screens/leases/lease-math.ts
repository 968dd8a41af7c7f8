/** What a lease has earned so far: its price pro rata for the time it ran (what the contract pays on early revoke). */
export function earnedSoFar(priceWei: string, startsAt: number | null, expiresAt: number | null, now: number): bigint | null {
  if (!priceWei || startsAt === null || expiresAt === null || expiresAt <= startsAt) return null;
  const price = BigInt(priceWei);
  const total = BigInt(expiresAt - startsAt);
  const ran = BigInt(Math.min(Math.max(0, now - startsAt), expiresAt - startsAt));
  return (price * ran) / total;
}

export function secondsLeft(expiresAt: number | null, now: number): number | null {
  return expiresAt === null ? null : Math.max(0, Math.round((expiresAt - now) / 1000));
}
