/**
 * Issue 8 §3 "nothing half-imported": an import that hits a bound after
 * several batches were already written leaves no record and no dataset in
 * a real SQCipher vault, and the job history names the failure without a
 * value.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImportLimitError } from '../../../electron/core/importers/errors.js';
import { importFile } from '../../../electron/core/importers/import-file.js';
import { MAX_DATASETS_PER_IMPORT, MAX_META_ENTRIES } from '../../../electron/core/importers/limits.js';
import { createVault, type Vault } from '../../../electron/core/vault/index.js';
import { removeImporterTmpDirs, writeTemp } from '../../helpers/importer-collect.js';
import { PASSPHRASE, tempVaultDir, TEST_OPTIONS } from '../../helpers/vault-fixtures.js';

describe('an import that exceeds a bound keeps nothing', () => {
  let cleanup: () => Promise<void>;
  let vault: Vault;
  beforeEach(async () => {
    let dir: string;
    ({ dir, cleanup } = await tempVaultDir());
    ({ vault } = await createVault(dir, PASSPHRASE, TEST_OPTIONS));
  });
  afterEach(async () => {
    vault.lock();
    await cleanup();
    removeImporterTmpDirs();
  });

  it('Apple Health: 5000 good records, then one with too much metadata', async () => {
    const rec = (i: number, meta = ''): string =>
      `<Record type="HKQuantityTypeIdentifierStepCount" sourceName="SECRET-SOURCE" unit="count" startDate="2024-03-01 08:00:${String(i % 60).padStart(2, '0')} +0100" endDate="2024-03-01 09:00:00 +0100" value="${i}">${meta}</Record>\n`;
    const good = Array.from({ length: 5000 }, (_, i) => rec(i)).join('');
    const bad = rec(1, '<MetadataEntry key="k" value="SECRET-VALUE"/>'.repeat(MAX_META_ENTRIES + 1));
    const path = writeTemp('export.xml', `<?xml version="1.0"?>\n<HealthData locale="en">\n${good}${bad}</HealthData>\n`);
    const e = await importFile(vault, path, { format: 'apple-health' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ImportLimitError);
    expect((e as ImportLimitError).line).toBe(5003);
    expect(vault.listDatasets()).toEqual([]);
    const [job] = vault.importJobs();
    expect(job).toMatchObject({ status: 'failed', recordsAdded: 0 });
    expect(job!.errorMessage).toBe(`export.xml line 5003: a <Record> has more than ${MAX_META_ENTRIES} MetadataEntry elements`);
    expect(job!.errorMessage).not.toContain('SECRET');
  });

  it('CSV (Data Wallet export): one kind too many, after 1000 kinds were written', async () => {
    const rows = Array.from({ length: MAX_DATASETS_PER_IMPORT + 1 }, (_, i) => `k${i},2024-03-01T00:00:00.000Z,2024-03-01T00:00:00.000Z,${i},,,,\n`).join('');
    const path = writeTemp('export.csv', `kind,t_start,t_end,value_num,value_text,unit,source,meta\n${rows}`);
    const e = await importFile(vault, path, { format: 'csv' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ImportLimitError);
    expect((e as ImportLimitError).limit).toBe('datasets');
    expect(vault.listDatasets()).toEqual([]);
  });
});
