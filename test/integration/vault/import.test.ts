import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewRecord } from '../../../shared/domain/record.js';
import {
  createVault,
  DatasetNotFoundError,
  ImportCancelledError,
  ImportInProgressError,
  InvalidRecordError,
  unlockVault,
  type Vault,
  VaultLockedError,
} from '../../../electron/core/vault/index.js';
import { sessionOf } from '../../../electron/core/vault/vault.js';
import { batchesOf, makeRecord, minuteSeries, PASSPHRASE, tempVaultDir, TEST_OPTIONS } from '../../helpers/vault-fixtures.js';

const JOB = { fileName: 'export.csv', format: 'csv' } as const;
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('importRecords', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let vault: Vault;
  beforeEach(async () => {
    ({ dir, cleanup } = await tempVaultDir());
    ({ vault } = await createVault(dir, PASSPHRASE, { ...TEST_OPTIONS, now: () => 1_000 }));
  });
  afterEach(async () => {
    vault.lock();
    await cleanup();
  });

  it('stores records, creates datasets on first sight and keeps exact values', async () => {
    const records: NewRecord[] = [
      makeRecord({ kind: 'hr', unit: 'bpm', tStart: 5_000, tEnd: 6_000, valueNum: 61.5 }),
      makeRecord({ kind: 'hr', unit: 'ignored-later-unit', tStart: 1_000, tEnd: 9_000, valueNum: 70 }),
      makeRecord({ kind: 'note', unit: null, source: null, tStart: -5, tEnd: -5, valueNum: null, valueText: '', meta: { z: 1, a: 'x', n: null, b: false } }),
    ];
    const result = await vault.importRecords({ ...JOB, bytes: 1234 }, batchesOf(records, 2));
    expect(result).toEqual({ importId: 1, added: 3, skipped: 0, duplicates: 0 });
    expect(vault.listDatasets()).toEqual([
      { kind: 'hr', unit: 'bpm', source: 'csv', recordCount: 2, from: 1_000, to: 9_000 },
      { kind: 'note', unit: null, source: 'csv', recordCount: 1, from: -5, to: -5 },
    ]);
    expect(vault.records('note').records).toEqual([{ id: 3, ...records[2], meta: { a: 'x', b: false, n: null, z: 1 } }]);
    expect(vault.importJobs()).toEqual([
      {
        id: 1, fileName: 'export.csv', format: 'csv', status: 'done', startedAt: 1_000, finishedAt: 1_000, bytes: 1234,
        recordsAdded: 3, recordsSkipped: 0, errorMessage: null,
      },
    ]);
  });

  it('is idempotent: re-importing the same data adds nothing', async () => {
    const records = minuteSeries(2500);
    expect(await vault.importRecords(JOB, batchesOf(records, 700))).toMatchObject({ added: 2500, skipped: 0 });
    expect(await vault.importRecords(JOB, batchesOf(records, 300))).toMatchObject({ importId: 2, added: 0, skipped: 2500 });
    const doubled = [...minuteSeries(3), ...minuteSeries(3), makeRecord({ tStart: 42 })];
    // The six were in the vault before this import: skipped, none of them a repeat within it.
    expect(await vault.importRecords(JOB, batchesOf(doubled))).toMatchObject({ added: 1, skipped: 6, duplicates: 0 });
    expect(vault.listDatasets()[0]?.recordCount).toBe(2501);
  });

  it('tells records repeated within one import from records the vault already had, batch by batch', async () => {
    expect(await vault.importRecords(JOB, batchesOf(minuteSeries(2)))).toMatchObject({ added: 2, duplicates: 0 });
    const [a, b] = minuteSeries(2);
    const c = makeRecord({ tStart: 7_000_000 });
    const d = makeRecord({ tStart: 8_000_000 });
    const outcomes: unknown[] = [];
    // a and b are old; c is new and repeated twice (once in the next batch); d is new.
    const result = await vault.importRecords(JOB, batchesOf([a!, c, c, b!, c, d], 3), { onBatch: (o) => outcomes.push(o) });
    expect(result).toMatchObject({ added: 2, skipped: 4, duplicates: 2 });
    expect(outcomes).toEqual([
      { count: 3, added: 1, duplicates: 1 },
      { count: 3, added: 1, duplicates: 1 },
    ]);
  });

  it('keeps nothing when the batches throw midway, and records why without values', async () => {
    async function* failing(): AsyncGenerator<NewRecord[]> {
      yield minuteSeries(1000);
      throw new Error('parser choked on value 31337');
    }
    await expect(vault.importRecords(JOB, failing())).rejects.toThrow('parser choked');
    expect(vault.listDatasets()).toEqual([]);
    const [job] = vault.importJobs();
    expect(job).toMatchObject({ status: 'failed', recordsAdded: 0, errorMessage: 'The import stopped on an unexpected error (Error).' });
    expect(JSON.stringify(job)).not.toContain('31337');
  });

  it('rolls back on a malformed record and stores our short message', async () => {
    const bad = [makeRecord(), { ...makeRecord({ tStart: 7 }), valueNum: Number.NaN }];
    await expect(vault.importRecords(JOB, batchesOf(bad))).rejects.toThrow(InvalidRecordError);
    expect(vault.listDatasets()).toEqual([]);
    expect(vault.importJobs()[0]?.errorMessage).toBe('An imported record is invalid: valueNum of record 2 in batch 1 is missing or malformed.');
  });

  it('cancels on abort: nothing kept, job cancelled', async () => {
    const controller = new AbortController();
    async function* endless(): AsyncGenerator<NewRecord[]> {
      for (let i = 0; ; i++) {
        if (i === 3) controller.abort();
        yield minuteSeries(100, Date.UTC(2024, 0, 1) + i * 6_000_000);
      }
    }
    await expect(vault.importRecords(JOB, endless(), { signal: controller.signal })).rejects.toThrow(ImportCancelledError);
    expect(vault.listDatasets()).toEqual([]);
    expect(vault.importJobs()[0]).toMatchObject({ status: 'cancelled', errorMessage: 'The import was cancelled; nothing from it was kept.' });
    await expect(vault.importRecords(JOB, batchesOf(minuteSeries(1)), { signal: AbortSignal.abort() })).rejects.toThrow(
      ImportCancelledError,
    );
  });

  it('readers never see an import in flight, and a second import is refused', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    async function* slow(): AsyncGenerator<NewRecord[]> {
      yield minuteSeries(1500);
      await gate;
      yield minuteSeries(10, Date.UTC(2030, 0, 1));
    }
    const running = vault.importRecords(JOB, slow());
    await tick();
    await tick();
    expect(vault.listDatasets()).toEqual([]);
    expect(() => vault.records('steps')).toThrow(DatasetNotFoundError);
    expect(vault.importJobs()[0]?.status).toBe('running');
    await expect(vault.importRecords(JOB, batchesOf(minuteSeries(1)))).rejects.toThrow(ImportInProgressError);
    expect(() => vault.settings.set('theme', 'dark')).toThrow(ImportInProgressError);
    expect(() => vault.eraseDataset('steps')).toThrow(ImportInProgressError);
    release();
    expect(await running).toMatchObject({ added: 1510 });
    expect(vault.listDatasets()[0]?.recordCount).toBe(1510);
  });

  it('locking mid-import rolls it back, marks it cancelled and rejects at once, even if the source is stuck', async () => {
    async function* stalls(): AsyncGenerator<NewRecord[]> {
      yield minuteSeries(500);
      await new Promise(() => undefined);
    }
    const running = vault.importRecords(JOB, stalls());
    await tick();
    vault.lock();
    await expect(running).rejects.toThrow(VaultLockedError);
    vault = await unlockVault(dir, { passphrase: PASSPHRASE }, TEST_OPTIONS);
    expect(vault.listDatasets()).toEqual([]);
    expect(vault.importJobs()[0]).toMatchObject({ status: 'cancelled', errorMessage: 'The vault was locked during the import.' });
  });

  it('an abort stops an import whose source is stuck', async () => {
    const controller = new AbortController();
    async function* stalls(): AsyncGenerator<NewRecord[]> {
      yield minuteSeries(500);
      await new Promise(() => undefined);
    }
    const running = vault.importRecords(JOB, stalls(), { signal: controller.signal });
    await tick();
    controller.abort();
    await expect(running).rejects.toThrow(ImportCancelledError);
    expect(vault.listDatasets()).toEqual([]);
    expect(vault.importJobs()[0]?.status).toBe('cancelled');
  });

  it('a job left running by a killed process is marked interrupted on unlock', async () => {
    sessionOf(vault).writes.insertImportJob({ fileName: 'killed.xml', format: 'apple-health', bytes: null, startedAt: 5 });
    vault.lock();
    vault = await unlockVault(dir, { passphrase: PASSPHRASE }, { ...TEST_OPTIONS, now: () => 99 });
    expect(vault.importJobs()[0]).toMatchObject({ fileName: 'killed.xml', status: 'interrupted', finishedAt: 99 });
  });
});
