import { stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createVault, DatasetNotFoundError, unlockVault } from '../../../electron/core/vault/index.js';
import { migrate } from '../../../electron/core/vault/migrations/migrate.js';
import { canonicalMetaJson, recordHash } from '../../../electron/core/vault/records/record-hash.js';
import { compact } from '../../../electron/core/vault/store/maintenance.js';
import { openStore } from '../../../electron/core/vault/store/open-store.js';
import { createReads } from '../../../electron/core/vault/store/reads.js';
import { createWrites } from '../../../electron/core/vault/store/writes.js';
import {
  batchesOf,
  filesContaining,
  makeRecord,
  minuteSeries,
  PASSPHRASE,
  tempVaultDir,
  TEST_OPTIONS,
} from '../../helpers/vault-fixtures.js';

const NEEDLE = 'erase-me-quokka-5521';

describe('erasing a dataset', () => {
  let root: string;
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ root, dir, cleanup } = await tempVaultDir()));
  afterEach(() => cleanup());

  const diary = Array.from({ length: 400 }, (_, i) =>
    makeRecord({ kind: 'diary', tStart: i, tEnd: i, valueNum: null, valueText: `${NEEDLE} entry ${i}`, meta: { tag: NEEDLE } }),
  );

  it('removes the dataset and its records, keeps the rest, and shrinks the file', async () => {
    const { vault } = await createVault(dir, PASSPHRASE, TEST_OPTIONS);
    await vault.importRecords({ fileName: 'd.json', format: 'json' }, batchesOf([...diary, ...minuteSeries(50)]));
    vault.settings.set('x', 1); // any write, so the WAL holds pages too
    const sizeBefore = (await stat(path.join(dir, 'vault.db'))).size + (await stat(path.join(dir, 'vault.db-wal'))).size;

    expect(vault.eraseDataset('diary')).toEqual({ recordsErased: 400 });
    expect(vault.listDatasets().map((d) => d.kind)).toEqual(['steps']);
    expect(() => vault.records('diary')).toThrow(DatasetNotFoundError);
    expect(() => vault.eraseDataset('diary')).toThrow(DatasetNotFoundError);
    expect((await stat(path.join(dir, 'vault.db-wal'))).size).toBe(0);
    expect((await stat(path.join(dir, 'vault.db'))).size).toBeLessThan(sizeBefore);
    expect(await filesContaining(dir, NEEDLE)).toEqual([]);
    vault.lock();

    const again = await unlockVault(dir, { passphrase: PASSPHRASE }, TEST_OPTIONS);
    expect(again.records('steps', { limit: 1000 }).records).toHaveLength(50);
    expect(await again.importRecords({ fileName: 'd.json', format: 'json' }, batchesOf(diary))).toMatchObject({ added: 400 });
    again.lock();
  });

  it('leaves no trace of the values in the file, WAL or shm (checked on an unencrypted store)', async () => {
    const file = path.join(root, 'plain.db');
    const db = openStore(file, null, { create: true });
    migrate(db);
    const writes = createWrites(db);
    const keep = writes.ensureDataset('steps', 'count', 'csv', 0);
    const gone = writes.ensureDataset('diary', null, 'json', 0);
    db.transaction(() => {
      for (const [datasetId, records] of [[gone, diary], [keep, minuteSeries(300)]] as const) {
        for (const r of records) {
          const meta = canonicalMetaJson(r.meta);
          writes.insertRecord(datasetId, r, meta, recordHash(r, meta), 1);
        }
      }
    })();
    expect(await filesContaining(root, NEEDLE)).not.toEqual([]); // control: it is there in clear

    // What vault.eraseDataset does, on the same store layer.
    db.transaction(() => writes.deleteDataset(gone)).immediate();
    expect(compact(db)).toEqual({ busy: false });
    expect(await filesContaining(root, NEEDLE)).toEqual([]);
    expect(createReads(db).recordPage(keep, { from: null, to: null, after: null, limit: 1000 })).toHaveLength(300);
    db.close();
    expect(await filesContaining(root, NEEDLE)).toEqual([]);
  });
});
