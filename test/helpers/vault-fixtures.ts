/** Shared fixtures for the vault tests: temp folders, records, file snapshots. */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { NewRecord } from '../../shared/domain/record.js';
import { MIN_ARGON2_COST, type VaultOptions } from '../../electron/core/vault/index.js';

/** Cheapest valid KDF cost, so the suite stays fast. */
export const TEST_OPTIONS: VaultOptions = { kdf: MIN_ARGON2_COST };
export const PASSPHRASE = 'correct horse battery staple';

/** A fresh temp folder; `dir` is a not-yet-existing vault folder inside it. */
export async function tempVaultDir(): Promise<{ root: string; dir: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'dw-vault-'));
  return { root, dir: path.join(root, 'vault'), cleanup: () => rm(root, { recursive: true, force: true }) };
}

export function makeRecord(overrides: Partial<NewRecord> = {}): NewRecord {
  return {
    kind: 'steps',
    unit: 'count',
    source: 'Watch',
    tStart: Date.UTC(2024, 0, 1),
    tEnd: Date.UTC(2024, 0, 1, 0, 1),
    valueNum: 1,
    valueText: null,
    meta: null,
    ...overrides,
  };
}

/** `n` step records one minute apart from `start`, value = index. */
export function minuteSeries(n: number, start = Date.UTC(2024, 0, 1), kind = 'steps'): NewRecord[] {
  const out: NewRecord[] = [];
  for (let i = 0; i < n; i++) {
    out.push(makeRecord({ kind, tStart: start + i * 60_000, tEnd: start + (i + 1) * 60_000, valueNum: i }));
  }
  return out;
}

export async function* batchesOf(records: NewRecord[], size = 1000): AsyncGenerator<NewRecord[]> {
  for (let i = 0; i < records.length; i += size) yield records.slice(i, i + size);
}

/** Every file in the folder (recursively) with its bytes. */
export async function snapshotFiles(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    out.set(path.relative(dir, full), await readFile(full));
  }
  return out;
}

/** Names of files under `dir` whose bytes contain `needle` (UTF-8). */
export async function filesContaining(dir: string, needle: string): Promise<string[]> {
  const bytes = Buffer.from(needle, 'utf8');
  const hits: string[] = [];
  for (const [name, content] of await snapshotFiles(dir)) if (content.includes(bytes)) hits.push(name);
  return hits;
}
