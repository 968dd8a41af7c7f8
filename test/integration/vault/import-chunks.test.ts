/**
 * The import inserts records ROWS_PER_INSERT at a time in one multi-row
 * statement (import-run.ts insertBatch). Whatever mixes a statement gets —
 * all new, all known, records the vault had before, records repeated inside
 * the same statement or across batches — the outcome must be what inserting
 * row by row gives: the counts (added, skipped, duplicates per batch and in
 * all), the dataset statistics and the stored rows, in input order.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewRecord } from '../../../shared/domain/record.js';
import { createVault, type Vault } from '../../../electron/core/vault/index.js';
import { ROWS_PER_INSERT } from '../../../electron/core/vault/store/writes.js';
import { batchesOf, makeRecord, PASSPHRASE, tempVaultDir, TEST_OPTIONS } from '../../helpers/vault-fixtures.js';

const JOB = { fileName: 'export.csv', format: 'csv' } as const;

/** A pool of distinct records over three kinds; a record is named by its index. */
const POOL = Array.from({ length: 400 }, (_, i) =>
  makeRecord({ kind: ['hr', 'steps', 'sleep'][i % 3]!, tStart: 1_000_000 + Math.floor(i / 3) * 60_000, tEnd: 1_000_000 + Math.floor(i / 3) * 60_000 + 5, valueNum: i }),
);

/** What row-by-row inserting gives: per batch counts and the whole import's. */
function model(before: number[], file: number[], batchSize: number) {
  const had = new Set(before);
  const mine = new Set<number>();
  const batches: { count: number; added: number; duplicates: number }[] = [];
  for (let s = 0; s < file.length; s += batchSize) {
    const o = { count: 0, added: 0, duplicates: 0 };
    for (const r of file.slice(s, s + batchSize)) {
      o.count++;
      if (mine.has(r)) o.duplicates++;
      else if (!had.has(r)) {
        mine.add(r);
        o.added++;
      }
    }
    batches.push(o);
  }
  const added = batches.reduce((n, b) => n + b.added, 0);
  return { batches, added, skipped: file.length - added, duplicates: batches.reduce((n, b) => n + b.duplicates, 0), stored: new Set([...had, ...mine]) };
}

describe('multi-row inserts', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let vault: Vault | undefined;
  beforeEach(async () => {
    ({ dir, cleanup } = await tempVaultDir());
  });
  afterEach(async () => {
    vault?.lock();
    await cleanup();
  });

  it('counts, statistics and rows are those of row-by-row inserts, whatever the mix (property)', async () => {
    // Runs in long stretches of new, known and repeated records, so statements get all-new, all-known and mixed rows.
    const stretch = fc.record({
      kind: fc.constantFrom('new', 'known', 'repeat', 'any'),
      length: fc.integer({ min: 1, max: ROWS_PER_INSERT * 2 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 0, max: POOL.length - 1 }), { maxLength: 150 }),
        fc.array(stretch, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer(),
        async (before, stretches, batchSize, seed) => {
          let x = seed >>> 0;
          const rnd = (n: number): number => {
            x = (Math.imul(x ^ (x >>> 15), 2246822507) + 0x9e3779b9) >>> 0;
            return x % n;
          };
          const file: number[] = [];
          for (const s of stretches) {
            for (let k = 0; k < s.length; k++) {
              const pick =
                s.kind === 'known' && before.length > 0 ? before[rnd(before.length)]! : s.kind === 'repeat' && file.length > 0 ? file[rnd(file.length)]! : rnd(POOL.length);
              file.push(pick);
            }
          }
          const expected = model(before, file, batchSize);
          vault?.lock();
          await cleanup();
          ({ dir, cleanup } = await tempVaultDir());
          ({ vault } = await createVault(dir, PASSPHRASE, TEST_OPTIONS));
          if (before.length > 0) await vault.importRecords(JOB, batchesOf(before.map((i) => POOL[i]!), 97));
          const outcomes: unknown[] = [];
          const result = await vault.importRecords(JOB, batchesOf(file.map((i) => POOL[i]!), batchSize), { onBatch: (o) => outcomes.push(o) });
          expect(outcomes).toEqual(expected.batches);
          expect(result).toMatchObject({ added: expected.added, skipped: expected.skipped, duplicates: expected.duplicates });
          const stored = [...expected.stored].map((i) => POOL[i]!);
          for (const kind of ['hr', 'steps', 'sleep']) {
            const mine = stored.filter((r) => r.kind === kind);
            const ds = vault.listDatasets().find((d) => d.kind === kind);
            if (mine.length === 0) {
              expect(ds?.recordCount ?? 0).toBe(0);
              continue;
            }
            expect(ds).toMatchObject({ recordCount: mine.length, from: Math.min(...mine.map((r) => r.tStart)), to: Math.max(...mine.map((r) => r.tEnd)) });
            const rows = vault.records(kind, { limit: 1000 }).records.map((r) => r.valueNum);
            expect(rows).toEqual(mine.sort((a, b) => a.tStart - b.tStart).map((r) => r.valueNum));
          }
        },
      ),
      { numRuns: 25, seed: 0x5eed, endOnFailure: true },
    );
  });

  it('ids follow the input order across a multi-row statement and the row-by-row rest', async () => {
    ({ vault } = await createVault(dir, PASSPHRASE, TEST_OPTIONS));
    const n = ROWS_PER_INSERT * 2 + 5;
    // Descending times: the id order shows insertion order, not time order.
    const records: NewRecord[] = Array.from({ length: n }, (_, i) => makeRecord({ tStart: 10_000_000 - i * 1000, tEnd: 10_000_000 - i * 1000, valueNum: i }));
    expect(await vault.importRecords(JOB, batchesOf(records, n))).toMatchObject({ added: n, skipped: 0, duplicates: 0 });
    const page = vault.records(records[0]!.kind, { limit: 1000 }).records;
    expect(page.map((r) => [r.id, r.valueNum])).toEqual(records.map((r, i) => [i + 1, r.valueNum]).reverse());
  });
});
