/**
 * Temp files that must not outlive the process: removed when it is ended by
 * SIGINT or SIGTERM (an export's temp file holds plaintext). The handler
 * removes them synchronously and, when no one else listens for the signal,
 * raises it again so the process ends as it would have.
 */
import { unlinkSync } from 'node:fs';

const live = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

function onSignal(signal: NodeJS.Signals): void {
  for (const file of live) {
    try {
      unlinkSync(file);
    } catch {
      // already gone
    }
  }
  live.clear();
  uninstall();
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function install(): void {
  for (const s of SIGNALS) process.on(s, onSignal);
}

function uninstall(): void {
  for (const s of SIGNALS) process.off(s, onSignal);
}

/** Registers `file` for removal on SIGINT/SIGTERM; call the result once it is renamed or removed. */
export function guardTempFile(file: string): () => void {
  if (live.size === 0) install();
  live.add(file);
  return () => {
    if (!live.delete(file)) return;
    if (live.size === 0) uninstall();
  };
}
