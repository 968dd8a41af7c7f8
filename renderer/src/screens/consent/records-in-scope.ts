/**
 * How many of the user's records a request covers: the day buckets of each
 * requested dataset the user has, summed over the requested time range.
 * Counts records with a numeric value (what training reads).
 */
import type { WalletClient } from '../../api/client.js';

export async function countRecordsInScope(
  api: WalletClient,
  datasets: readonly string[],
  fromSeconds: string,
  toSeconds: string,
): Promise<number> {
  const have = new Set((await api.call('data.datasets', {})).map((d) => d.kind));
  const from = Number(fromSeconds) * 1000;
  const to = Number(toSeconds) * 1000 + 1000;
  let total = 0;
  for (const kind of datasets) {
    if (!have.has(kind)) continue;
    const buckets = await api.call('data.aggregate', { kind, bucket: 'day', from, to: Math.min(to, 8.64e15) });
    for (const b of buckets) total += b.count;
  }
  return total;
}
