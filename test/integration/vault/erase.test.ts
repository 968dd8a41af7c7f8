/**
 * Erasure through the real `eraseDataset`: on the encrypted vault (what it
 * reports, what remains readable), and byte by byte on a plain-store twin —
 * a vault session over an unencrypted database, run through the same code —
 * where a control finds the needle before the erase.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMPACTION_PENDING_SETTING, compactIfPending, eraseDataset } from '../../../electron/core/vault/actions/erase-dataset.js';
import { ImportRun } from '../../../electron/core/vault/actions/import-run.js';
import { createVault, DatasetNotFoundError, MIN_ARGON2_COST, unlockVault } from '../../../electron/core/vault/index.js';
import { createKeySet } from '../../../electron/core/vault/keys/wraps.js';
import { migrate } from '../../../electron/core/vault/migrations/migrate.js';
import { resolveVaultOptions } from '../../../electron/core/vault/options.js';
import { vaultPaths } from '../../../electron/core/vault/paths.js';
import { canonicalMetaJson, recordHash } from '../../../electron/core/vault/records/record-hash.js';
import { VaultSession } from '../../../electron/core/vault/session.js';
import { openStore } from '../../../electron/core/vault/store/open-store.js';
import { batchesOf, filesContaining, makeRecord, minuteSeries, PASSPHRASE, tempVaultDir, TEST_OPTIONS } from '../../helpers/vault-fixtures.js';

const NEEDLE = 'erase-me-quokka-5521';
const diary = Array.from({ length: 400 }, (_, i) =>
  makeRecord({ kind: 'diary', tStart: i, tEnd: i, valueNum: null, valueText: `${NEEDLE} entry ${i}`, meta: { tag: NEEDLE } }),
);

let root: string;
let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ root, dir, cleanup } = await tempVaultDir()));
afterEach(() => cleanup());

/** A vault session over an unencrypted vault.db, so the bytes can be searched; diary + 300 steps records stored. */
async function plainTwin(): Promise<VaultSession> {
  const paths = vaultPaths(dir);
  await import('node:fs/promises').then((fs) => fs.mkdir(dir));
  const db = openStore(paths.db, null, { create: true });
  migrate(db);
  const dk = randomBytes(32);
  const vaultId = randomUUID();
  const { keySet } = await createKeySet(vaultId, dk, PASSPHRASE, MIN_ARGON2_COST, 0);
  const session = new VaultSession({
    paths,
    options: resolveVaultOptions(TEST_OPTIONS),
    keyFile: { format: 'data-wallet-keys', version: 1, vaultId, current: keySet },
    dk,
    db,
  });
  const gone = session.writes.ensureDataset('diary', null, 'json', 0);
  const keep = session.writes.ensureDataset('steps', 'count', 'csv', 0);
  db.transaction(() => {
    for (const [datasetId, records] of [[gone, diary], [keep, minuteSeries(300)]] as const) {
      for (const r of records) {
        const meta = canonicalMetaJson(r.meta);
        session.writes.insertRecord(datasetId, r, meta, recordHash(r, meta), 1);
      }
      session.writes.addToDatasetStats(datasetId, records.length, 0, 1, 0);
    }
  })();
  return session;
}

describe('erasing a dataset', () => {
  it('removes the dataset and its records, keeps the rest, shrinks the file, and says the free pages were wiped', async () => {
    const { vault } = await createVault(dir, PASSPHRASE, TEST_OPTIONS);
    await vault.importRecords({ fileName: 'd.json', format: 'json' }, batchesOf([...diary, ...minuteSeries(50)]));
    vault.settings.set('x', 1); // any write, so the WAL holds pages too
    const sizeBefore = (await stat(path.join(dir, 'vault.db'))).size + (await stat(path.join(dir, 'vault.db-wal'))).size;

    expect(vault.eraseDataset('diary')).toEqual({ recordsErased: 400, freePages: 'wiped' });
    expect(vault.listDatasets().map((d) => d.kind)).toEqual(['steps']);
    expect(() => vault.records('diary')).toThrow(DatasetNotFoundError);
    expect(() => vault.eraseDataset('diary')).toThrow(DatasetNotFoundError);
    expect((await stat(path.join(dir, 'vault.db-wal'))).size).toBe(0);
    expect((await stat(path.join(dir, 'vault.db'))).size).toBeLessThan(sizeBefore);
    expect(vault.settings.get(COMPACTION_PENDING_SETTING)).toBeUndefined();
    vault.lock();

    const again = await unlockVault(dir, { passphrase: PASSPHRASE }, TEST_OPTIONS);
    expect(again.records('steps', { limit: 1000 }).records).toHaveLength(50);
    expect(await again.importRecords({ fileName: 'd.json', format: 'json' }, batchesOf(diary))).toMatchObject({ added: 400 });
    again.lock();
  });

  it('leaves no trace of the values in the file, WAL or shm (plain-store twin through the real eraseDataset)', async () => {
    const session = await plainTwin();
    try {
      expect(await filesContaining(root, NEEDLE)).not.toEqual([]); // control: it is there in clear
      expect(eraseDataset(session, 'diary')).toEqual({ recordsErased: 400, freePages: 'wiped' });
      expect(await filesContaining(root, NEEDLE)).toEqual([]);
      expect(session.reads.listDatasets().map((d) => [d.kind, d.record_count])).toEqual([['steps', 300]]);
    } finally {
      session.close();
    }
    expect(await filesContaining(root, NEEDLE)).toEqual([]);
  });

  it('also erases the sources and devices (lookup table) that only the erased dataset used', async () => {
    const session = await plainTwin();
    const SOURCE = 'Quokka Ring 5521';
    try {
      const records = [
        ...Array.from({ length: 50 }, (_, i) => makeRecord({ kind: 'ring', tStart: i, tEnd: i, source: SOURCE, meta: { device: `<<HKDevice>, name:${SOURCE}>`, n: i } })),
        makeRecord({ kind: 'steps', tStart: 1e12, tEnd: 1e12, source: 'Watch', meta: { device: 'shared device', z: 1 } }),
        makeRecord({ kind: 'ring', tStart: 1e12, tEnd: 1e12, source: 'Watch', meta: { device: 'shared device' } }),
      ];
      await new ImportRun(session.db, { fileName: 'r.json', format: 'json' }, () => 0).run(batchesOf(records));
      expect(session.db.prepare('SELECT count(*) FROM sources').pluck().get()).toBe(2);
      expect(await filesContaining(root, SOURCE)).not.toEqual([]); // control
      expect(eraseDataset(session, 'ring')).toMatchObject({ recordsErased: 51, freePages: 'wiped' });
      expect(await filesContaining(root, SOURCE)).toEqual([]);
      // The pair the kept record uses stays, and reads put its source and device back.
      expect(session.db.prepare('SELECT source, device FROM sources').all()).toEqual([{ source: 'Watch', device: 'shared device' }]);
      const steps = session.reads.datasetByKind('steps')!;
      const kept = session.reads.recordPage(steps.id, { from: 1e12, to: 1e12 + 1, after: null, limit: 10 });
      expect(kept.map((r) => [r.source, r.meta])).toEqual([['Watch', '{"device":"shared device","z":1}']]);
    } finally {
      session.close();
    }
  });

  it('says so when another reader keeps old pages alive, and wipes them when the vault is next locked', async () => {
    const session = await plainTwin();
    const reader = openStore(session.paths.db, null);
    try {
      reader.exec('BEGIN');
      reader.prepare('SELECT count(*) FROM records').get(); // holds a read snapshot
      expect(eraseDataset(session, 'diary')).toEqual({ recordsErased: 400, freePages: 'pending' });
      expect(await filesContaining(root, NEEDLE)).not.toEqual([]); // the report was true: they are still there
      expect(session.reads.setting(COMPACTION_PENDING_SETTING)).toBe('true');
      reader.exec('COMMIT');
      compactIfPending(session); // what Vault.lock() does
      expect(session.reads.setting(COMPACTION_PENDING_SETTING)).toBeUndefined();
      expect(await filesContaining(root, NEEDLE)).toEqual([]);
    } finally {
      reader.close();
      session.close();
    }
  });

  it('with an unrelated damaged page: the dataset is erased and the report says compaction failed', async () => {
    const { vault } = await createVault(dir, PASSPHRASE, TEST_OPTIONS);
    await vault.importRecords({ fileName: 'd.json', format: 'json' }, batchesOf([...diary, ...minuteSeries(50)]));
    vault.settings.set('big', 'x'.repeat(64 * 1024)); // overflow pages at the end of the file, read by nothing but VACUUM
    vault.lock();
    const db = path.join(dir, 'vault.db');
    const size = (await stat(db)).size;
    const fh = await open(db, 'r+');
    await fh.write(randomBytes(64), 0, 64, size - 2048); // inside the last page: its HMAC no longer matches
    await fh.close();

    const damaged = await unlockVault(dir, { passphrase: PASSPHRASE }, { ...TEST_OPTIONS, verifyOnUnlock: 'none' });
    try {
      expect(damaged.eraseDataset('diary')).toEqual({ recordsErased: 400, freePages: 'failed', compactionError: 'DatabaseCorruptError' });
      expect(damaged.listDatasets().map((d) => d.kind)).toEqual(['steps']);
    } finally {
      damaged.lock();
    }
  });
});
