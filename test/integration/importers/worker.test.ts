/**
 * importFile parses in a worker thread by default (issue 8 §3 throughput).
 * The worker must be invisible: the same records in a real vault, the same
 * error class, message and position, progress reported, and cancelling
 * keeps nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportFormatError, ImportLimitError, UnsupportedTimestampError } from '../../../electron/core/importers/errors.js';
import { importFile, type ImportFileParameters } from '../../../electron/core/importers/import-file.js';
import { workerAvailable } from '../../../electron/core/importers/worker/parse-in-worker.js';
import { createVault, ImportCancelledError, type Vault } from '../../../electron/core/vault/index.js';
import { writeFullExportZip } from '../../helpers/apple-health-full-export.js';
import { fixture, removeImporterTmpDirs, writeTemp } from '../../helpers/importer-collect.js';
import { PASSPHRASE, tempVaultDir, TEST_OPTIONS } from '../../helpers/vault-fixtures.js';

const FILES: [string, ImportFileParameters][] = [
  [fixture('apple-health/export.xml'), { format: 'apple-health' }],
  [fixture('google/Records.json'), { format: 'google-location' }],
  [fixture('google/Timeline.json'), { format: 'google-location' }],
  [fixture('google/takeout-de'), { format: 'auto' }],
  [fixture('generic/journal.csv'), { format: 'csv', mapping: { kind: 'journal' } }],
  [fixture('generic/heart.json'), { format: 'json', mapping: { kind: 'heart' } }],
  [fixture('generic/sleep.ndjson'), { format: 'ndjson', mapping: { kind: 'sleep' } }],
  [fixture('generic/wallet-export.csv'), { format: 'csv' }],
];

function dump(v: Vault): unknown {
  return v.listDatasets().map((d) => ({ ...d, records: v.records(d.kind, { limit: 1000 }).records.map(({ id: _id, ...r }) => r) }));
}

describe('parsing in a worker thread', () => {
  const vaults: { vault: Vault; cleanup: () => Promise<void> }[] = [];
  async function newVault(): Promise<Vault> {
    const { dir, cleanup } = await tempVaultDir();
    const { vault } = await createVault(dir, PASSPHRASE, TEST_OPTIONS);
    vaults.push({ vault, cleanup });
    return vault;
  }
  beforeAll(() => expect(workerAvailable()).toBe(true));
  afterAll(async () => {
    for (const v of vaults) {
      v.vault.lock();
      await v.cleanup();
    }
    removeImporterTmpDirs();
  });

  it('stores exactly what parsing in this thread stores, for every format', async () => {
    const inWorker = await newVault();
    const inThread = await newVault();
    for (const [file, params] of FILES) {
      const progress: number[] = [];
      const a = await importFile(inWorker, file, { ...params, worker: true, onProgress: (p) => progress.push(p.records) });
      const b = await importFile(inThread, file, { ...params, worker: false });
      expect({ added: a.added, skipped: a.skipped, duplicates: a.duplicates, files: a.files }).toEqual({ added: b.added, skipped: b.skipped, duplicates: b.duplicates, files: b.files });
      expect(a.added).toBeGreaterThan(0);
      expect(progress.at(-1)).toBe(a.added + a.skipped + a.duplicates);
    }
    expect(dump(inWorker)).toEqual(dump(inThread));
    // Re-importing through the worker dedupes against what the thread stored: the hashes agree.
    for (const [file, params] of FILES) {
      expect((await importFile(inThread, file, { ...params, worker: true })).added).toBe(0);
    }
  });

  it('an export.zip with side files (issue 13 §5): the same records and the same summary', async () => {
    const zip = writeFullExportZip();
    const inWorker = await newVault();
    const inThread = await newVault();
    const a = await importFile(inWorker, zip, { format: 'apple-health', worker: true });
    const b = await importFile(inThread, zip, { format: 'apple-health', worker: false });
    expect({ ...a, importId: 0 }).toEqual({ ...b, importId: 0 });
    expect(a.added).toBe(29);
    expect(a.notImported).toMatchObject({ 'export_cda.xml': 1, 'vision-prescriptions/*.jpg': 2 });
    expect(dump(inWorker)).toEqual(dump(inThread));
    const kinds = inWorker.listDatasets().map((d) => d.kind);
    expect(kinds).toEqual(expect.arrayContaining(['profile.dateOfBirth', 'HKHeartbeat', 'fhir.Observation', 'HKElectrocardiogram', 'HKAudiogram.leftEar', 'HKWorkoutActivity', 'HKWorkoutZone.HeartRate']));
    // The waveform survives the vault byte for byte.
    const ecg = inWorker.records('HKElectrocardiogram', { limit: 10 }).records;
    expect(ecg).toHaveLength(1);
    expect(ecg[0]!.valueText!.split(',')).toHaveLength(1024);
    expect((await importFile(inThread, zip, { format: 'apple-health', worker: true })).added).toBe(0);
  });

  it('throws the same error, with its class and position', async () => {
    const vault = await newVault();
    const bad: [string, string, ImportFileParameters, abstract new (...a: never[]) => Error][] = [
      ['export.xml', '<HealthData>\n<Record type="T" startDate="2024-03-01" endDate="2024-03-01"/>\n<Record type="T"', { format: 'apple-health' }, ImportFormatError],
      ['d.csv', 't,v\n2024-03-01,1\nnope,2\n', { format: 'csv', mapping: { kind: 'k' } }, UnsupportedTimestampError],
      ['d.json', `[{"t":"2024-03-01",${Array.from({ length: 10_001 }, (_, i) => `"f${i}":1`).join(',')}}]`, { format: 'json', mapping: { kind: 'k' } }, ImportLimitError],
    ];
    for (const [name, text, params, cls] of bad) {
      const path = writeTemp(name, text);
      const w = await importFile(vault, path, { ...params, worker: true }).catch((e: unknown) => e as Error);
      const t = await importFile(vault, path, { ...params, worker: false }).catch((e: unknown) => e as Error);
      expect(w).toBeInstanceOf(cls);
      expect(t).toBeInstanceOf(cls);
      const fields = (e: Error): unknown => {
        const x = e as Error & { code?: string; line?: number; hint?: string; fileName?: string };
        return { name: x.name, code: x.code, message: x.message, line: x.line, hint: x.hint, fileName: x.fileName };
      };
      expect(fields(w as Error)).toEqual(fields(t as Error));
    }
    expect(vault.listDatasets()).toEqual([]);
  });

  it('cancelling stops the worker and keeps nothing', async () => {
    const vault = await newVault();
    const rows = Array.from({ length: 200_000 }, (_, i) => `${1_700_000_000 + i},${i}\n`).join('');
    const path = writeTemp('big.csv', `t,v\n${rows}`);
    const controller = new AbortController();
    const e = await importFile(vault, path, {
      format: 'csv',
      mapping: { kind: 'k' },
      signal: controller.signal,
      onProgress: (p) => {
        if (p.records >= 2000) controller.abort();
      },
    }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ImportCancelledError);
    expect(vault.listDatasets()).toEqual([]);
    expect(vault.importJobs()[0]).toMatchObject({ status: 'cancelled', recordsAdded: 0 });
  });
});
