/** Text formatting shared by the commands: times, amounts, durations, tables. */
import { formatUnits } from 'viem';

/** Unix ms as ISO-8601 (UTC); '—' for null. */
export const iso = (ms: number | null): string => (ms === null ? '—' : new Date(ms).toISOString());

/** Unix ms as ISO-8601 without a zero millisecond part. */
export const isoShort = (ms: number | null): string => (ms === null ? '—' : new Date(ms).toISOString().replace('.000Z', 'Z'));

/** A contract time (unix seconds, decimal string). */
export const isoSeconds = (s: string): string => {
  const n = Number(s);
  return Number.isSafeInteger(n * 1000) ? isoShort(n * 1000) : `${s} (unix s)`;
};

/**
 * An amount in the smallest unit (decimal string, e.g. wei) in `currency`, the wallet network's
 * own (never one a request names); '—' for ''.
 */
export const money = (amount: string, currency: { symbol: string; decimals: number }): string =>
  amount === '' ? '—' : `${formatUnits(BigInt(amount), currency.decimals)} ${currency.symbol}`;

/** Seconds (decimal string) in the largest whole unit. */
export const secondsText = (s: string): string => {
  const n = Number(s);
  if (n % 86_400 === 0) return `${n / 86_400} d`;
  if (n % 3600 === 0) return `${n / 3600} h`;
  if (n % 60 === 0 && n >= 60) return `${n / 60} min`;
  return `${s} s`;
};

/** Columns padded to their widest cell, two spaces apart. */
export function table(header: string[], body: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  return [header, ...body].map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}
