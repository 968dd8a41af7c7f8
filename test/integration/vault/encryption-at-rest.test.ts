import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createVault, unlockVault } from '../../../electron/core/vault/index.js';
import { migrate } from '../../../electron/core/vault/migrations/migrate.js';
import { openStore } from '../../../electron/core/vault/store/open-store.js';
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

const SECRET_TEXT = 'zebra-pineapple-fixture-7731';
const SECRET_NUMBER_TEXT = '98765.4321';

describe('nothing readable at rest', () => {
  let root: string;
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ root, dir, cleanup } = await tempVaultDir()));
  afterEach(() => cleanup());

  const fixture = [
    makeRecord({ kind: 'diary', valueText: SECRET_TEXT, valueNum: 98765.4321, meta: { note: SECRET_NUMBER_TEXT } }),
    ...minuteSeries(2000),
  ];

  it('the fixture values appear in no file, unlocked or locked, and no file is plain SQLite', async () => {
    const { vault } = await createVault(dir, PASSPHRASE, TEST_OPTIONS);
    await vault.importRecords({ fileName: 'diary.json', format: 'json' }, batchesOf(fixture, 500));
    expect(vault.records('diary').records[0]?.valueText).toBe(SECRET_TEXT);

    for (const needle of [SECRET_TEXT, SECRET_NUMBER_TEXT, 'diary']) expect(await filesContaining(dir, needle)).toEqual([]);
    for (const f of ['vault.db', 'vault.db-wal']) {
      const head = (await readFile(path.join(dir, f))).subarray(0, 16).toString('latin1');
      expect(head).not.toBe('SQLite format 3\0');
    }
    vault.lock();
    for (const needle of [SECRET_TEXT, SECRET_NUMBER_TEXT]) expect(await filesContaining(dir, needle)).toEqual([]);
    expect((await readFile(path.join(dir, 'vault.db'))).subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');

    const again = await unlockVault(dir, { passphrase: PASSPHRASE }, TEST_OPTIONS);
    expect(again.records('diary').records[0]?.meta).toEqual({ note: SECRET_NUMBER_TEXT });
    for (const needle of [SECRET_TEXT, SECRET_NUMBER_TEXT]) expect(await filesContaining(dir, needle)).toEqual([]);
    again.lock();
  });

  it('control: the same search finds the values in an unencrypted store', async () => {
    const file = path.join(root, 'plain.db');
    const db = openStore(file, null, { create: true });
    migrate(db);
    const writes = createWrites(db);
    const id = writes.ensureDataset('diary', null, 'json', 0);
    const r = { tStart: 0, tEnd: 0, valueNum: null, valueText: SECRET_TEXT, unit: null, source: null };
    writes.insertRecord(id, r, JSON.stringify({ note: SECRET_NUMBER_TEXT }), Buffer.alloc(16), 0);
    expect(await filesContaining(root, SECRET_TEXT)).not.toEqual([]);
    db.close();
    expect((await readFile(file)).subarray(0, 15).toString('latin1')).toBe('SQLite format 3');
    expect(await filesContaining(root, SECRET_NUMBER_TEXT)).toEqual(['plain.db']);
  });

  it('keys.json holds no data key, passphrase or recovery key in clear', async () => {
    const { vault, recoveryKey } = await createVault(dir, PASSPHRASE, TEST_OPTIONS);
    vault.lock();
    const text = await readFile(path.join(dir, 'keys.json'), 'utf8');
    expect(text).not.toContain(PASSPHRASE);
    expect(text).not.toContain(recoveryKey);
    expect(text).not.toContain(recoveryKey.replaceAll('-', ''));
  });
});
