import type { ImportProgress } from '../../shared/domain/record.js';
import type { CliIo } from './io.js';

const MiB = 1024 * 1024;

/**
 * A one-line progress bar on stderr, redrawn at most every 100 ms. Silent when
 * stderr is not a terminal (pipes, CI, --json).
 */
export function progressBar(io: CliIo, label: string): { update: (p: ImportProgress) => void; done: () => void } {
  if (!io.stderr.isTTY) return { update: () => undefined, done: () => undefined };
  let last = 0;
  let drawn = false;
  const draw = (p: ImportProgress): void => {
    const width = Math.max(10, Math.min(40, (io.stderr.columns ?? 80) - 50));
    const frac = p.totalBytes ? Math.min(1, p.bytesRead / p.totalBytes) : 0;
    const filled = Math.round(frac * width);
    const bar = p.totalBytes ? `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}%` : '';
    const mb = `${(p.bytesRead / MiB).toFixed(1)} MiB`;
    io.stderr.write(`\r${label} ${bar} ${mb} ${p.records.toLocaleString('en-US')} records\u001b[K`);
    drawn = true;
  };
  return {
    update(p) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      draw(p);
    },
    done() {
      if (drawn) io.stderr.write('\r\u001b[K');
    },
  };
}
