/** Formatting for people: amounts, durations, times, sizes. Locale-aware where the platform helps. */

const nf = new Intl.NumberFormat(undefined);

export function formatCount(n: number): string {
  return nf.format(n);
}

/** A wei amount (decimal string) in the network's currency, without float rounding surprises. */
export function formatWei(wei: string | bigint, symbol = 'ETH', decimals = 18): string {
  const v = typeof wei === 'bigint' ? wei : BigInt(wei);
  const neg = v < 0n;
  const abs = neg ? -v : v;
  const base = 10n ** BigInt(decimals);
  const whole = abs / base;
  let frac = (abs % base).toString().padStart(decimals, '0').replace(/0+$/, '');
  if (frac.length > 8) {
    frac = frac.slice(0, 8).replace(/0+$/, '');
    // Too small to show with 8 decimals, but not nothing.
    if (!frac && whole === 0n) return `${neg ? '−' : ''}< 0.00000001 ${symbol}`;
  }
  const text = frac ? `${nf.format(whole)}.${frac}` : nf.format(whole);
  return `${neg ? '−' : ''}${text} ${symbol}`;
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const parts: string[] = [];
  if (d) parts.push(`${d} d`);
  if (h) parts.push(`${h} h`);
  if (m && d === 0) parts.push(`${m} min`);
  if (sec && d === 0 && h === 0) parts.push(`${sec} s`);
  return parts.length ? parts.join(' ') : '0 s';
}

const dateFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDate(ms: number | string | Date): string {
  return dateFmt.format(new Date(ms));
}

export function formatDateTime(ms: number | string | Date): string {
  return dateTimeFmt.format(new Date(ms));
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

/** 0x1234…abcd */
export function shortHex(hex: string, keep = 6): string {
  return hex.length <= keep * 2 + 2 ? hex : `${hex.slice(0, keep + 2)}…${hex.slice(-keep)}`;
}

/** `HKQuantityTypeIdentifierHeartRate` → `Heart rate`; other names as they are. */
export function datasetName(kind: string): string {
  const m = /^HK(?:(?:Quantity|Category|Correlation)TypeIdentifier)?([A-Z][A-Za-z]+)$/.exec(kind);
  if (!m) return kind;
  const words = m[1]!.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
  return words.charAt(0) + words.slice(1).toLowerCase();
}
