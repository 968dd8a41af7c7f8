/**
 * A Google Takeout archive into a real SQLCipher vault, as one job: through
 * importFile (parse worker), the API router (a folder path) and again as a
 * zip; repeats within the archive are reported as such, not as "already in
 * the vault"; a broken file keeps nothing of the whole archive.
 */
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportFormatError, NoLocationHistoryError } from '../../../electron/core/importers/errors.js';
import { importFile } from '../../../electron/core/importers/import-file.js';
import { createVault, type Vault } from '../../../electron/core/vault/index.js';
import { openApiWallet } from '../../helpers/api-wallet.js';
import { fixture, importerTmpDir, removeImporterTmpDirs } from '../../helpers/importer-collect.js';
import { buildZip, type ZipEntryInput } from '../../helpers/importer-zip.js';
import { PASSPHRASE, tempVaultDir, TEST_OPTIONS } from '../../helpers/vault-fixtures.js';

const TAKEOUT = fixture('google/takeout-de');
const LH = 'Takeout/Standortverlauf (Zeitachse)';
const FILES = [
  // 3 points (the last repeats the second) and 2 activity readings.
  { name: `${LH}/Records.json`, records: 5, duplicates: 1 },
  { name: `${LH}/Semantischer Standortverlauf/2023/2023_MAI.json`, records: 2, duplicates: 0 },
  { name: `${LH}/Timeline Edits.json`, records: 1, duplicates: 0 },
];

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
  removeImporterTmpDirs();
});

async function newVault(): Promise<Vault> {
  const { dir, cleanup } = await tempVaultDir();
  const { vault } = await createVault(dir, PASSPHRASE, TEST_OPTIONS);
  cleanups.push(async () => {
    vault.lock();
    await cleanup();
  });
  return vault;
}

function zipOf(dir: string): string {
  const entries: ZipEntryInput[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else entries.push({ name: relative(dir, p), data: readFileSync(p) });
    }
  };
  walk(dir);
  const path = join(importerTmpDir(), 'takeout-001.zip');
  writeFileSync(path, buildZip(entries));
  return path;
}

const counts = (v: Vault): Record<string, number> => Object.fromEntries(v.listDatasets().map((d) => [d.kind, d.recordCount]));

describe('Takeout archive into a vault', () => {
  it('folder then zip: one job each, per-file counts, repeats within the archive apart from what the vault had', async () => {
    const vault = await newVault();
    const first = await importFile(vault, TAKEOUT, { format: 'auto' });
    expect(first).toMatchObject({ fileName: 'takeout-de', format: 'google-location', added: 7, skipped: 0, duplicates: 1, files: FILES });
    expect(first.notImported).toEqual({ 'timelineEdits/placeAggregates': 1 });
    expect(counts(vault)).toEqual({ location: 5, 'location.activity': 2 });
    expect(vault.importJobs()).toHaveLength(1);

    const again = await importFile(vault, zipOf(TAKEOUT), { format: 'auto' });
    expect(again).toMatchObject({ added: 0, skipped: 8, duplicates: 0 });
    expect(again.files?.map((f) => f.records)).toEqual([5, 2, 1]);
    expect(counts(vault)).toEqual({ location: 5, 'location.activity': 2 });
  });

  it('a broken month keeps nothing of the archive; the job is recorded as failed', async () => {
    const vault = await newVault();
    const copy = join(importerTmpDir(), 'Takeout-copy');
    cpSync(TAKEOUT, copy, { recursive: true });
    writeFileSync(join(copy, LH, 'Semantischer Standortverlauf/2023/2023_MAI.json'), '{"timelineObjects":[{"placeVisit":');
    await expect(importFile(vault, copy, { format: 'auto' })).rejects.toBeInstanceOf(ImportFormatError);
    expect(vault.listDatasets()).toEqual([]);
    expect(vault.importJobs()[0]).toMatchObject({ status: 'failed', recordsAdded: 0 });
  });

  it('through the API: data.import takes the folder path; an archive without location history is refused by name', async () => {
    const w = await openApiWallet();
    try {
      const summary = await w.client.call('data.import', { path: TAKEOUT, format: 'auto' });
      expect(summary).toMatchObject({ fileName: 'takeout-de', added: 7, skipped: 0, duplicates: 1, files: FILES });
      expect(w.events.filter((e) => e.event === 'data.importProgress').at(-1)).toMatchObject({ payload: { records: 8 } });
      const empty = join(importerTmpDir(), 'mail.zip');
      writeFileSync(empty, buildZip([{ name: 'Takeout/Mail/all.mbox', data: 'From x\n' }]));
      await expect(w.client.call('data.import', { path: empty, format: 'auto' })).rejects.toBeInstanceOf(NoLocationHistoryError);
    } finally {
      await w.close();
    }
  });
});
