import { describe, expect, it } from 'vitest';
import { migration001Initial } from '../../../../electron/core/vault/migrations/001-initial.js';
import type { Connection } from '../../../../electron/core/vault/store/database.js';
import { plainStorePerTest } from '../../../helpers/plain-store.js';

describe('migration 001-initial', () => {
  let db: Connection;
  plainStorePerTest((opened) => {
    db = opened;
    db.transaction(() => migration001Initial.up(db))();
  });

  const columns = (table: string): string[] =>
    (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => c.name);

  it('creates the four tables with their columns', () => {
    expect(columns('datasets')).toEqual(['id', 'kind', 'unit', 'source', 'record_count', 't_min', 't_max', 'created_at', 'updated_at']);
    expect(columns('records')).toEqual([
      'id', 'dataset_id', 't_start', 't_end', 'value_num', 'value_text', 'unit', 'source', 'meta', 'hash', 'import_id',
    ]);
    expect(columns('import_jobs')).toEqual([
      'id', 'file_name', 'format', 'status', 'started_at', 'finished_at', 'bytes', 'records_added', 'records_skipped', 'error_message',
    ]);
    expect(columns('settings')).toEqual(['key', 'value']);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(['datasets', 'import_jobs', 'records', 'settings']);
  });

  it('dedupes on (dataset, t_start, hash) and uses that index for time ranges', () => {
    db.prepare("INSERT INTO datasets (kind, created_at, updated_at) VALUES ('k', 0, 0)").run();
    const ins = db.prepare('INSERT OR IGNORE INTO records (dataset_id, t_start, t_end, hash) VALUES (1, ?, ?, ?)');
    const h = Buffer.alloc(16, 1);
    expect(ins.run(10, 20, h).changes).toBe(1);
    expect(ins.run(10, 20, h).changes).toBe(0);
    expect(ins.run(11, 20, Buffer.alloc(16, 2)).changes).toBe(1);
    const plan = db
      .prepare('EXPLAIN QUERY PLAN SELECT id FROM records WHERE dataset_id = 1 AND t_start >= 0 AND t_start < 100 ORDER BY t_start')
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('records_dataset_time_hash');
  });

  it('cascades dataset deletion to records and enforces the foreign key', () => {
    db.prepare("INSERT INTO datasets (kind, created_at, updated_at) VALUES ('k', 0, 0)").run();
    db.prepare('INSERT INTO records (dataset_id, t_start, t_end, hash) VALUES (1, 1, 2, ?)').run(Buffer.alloc(16));
    db.prepare('DELETE FROM datasets WHERE id = 1').run();
    expect(db.prepare('SELECT count(*) FROM records').pluck().get()).toBe(0);
    expect(() => db.prepare('INSERT INTO records (dataset_id, t_start, t_end, hash) VALUES (99, 1, 2, ?)').run(Buffer.alloc(16))).toThrow(
      /FOREIGN KEY/,
    );
  });

  it('checks types and values (STRICT, CHECKs, UNIQUE kind)', () => {
    db.prepare("INSERT INTO datasets (kind, created_at, updated_at) VALUES ('k', 0, 0)").run();
    expect(() => db.prepare("INSERT INTO datasets (kind, created_at, updated_at) VALUES ('k', 0, 0)").run()).toThrow(/UNIQUE/);
    expect(() => db.prepare("INSERT INTO records (dataset_id, t_start, t_end, hash) VALUES (1, 'x', 2, ?)").run(Buffer.alloc(16))).toThrow(
      /cannot store TEXT value in INTEGER column records\.t_start/,
    );
    expect(() => db.prepare('INSERT INTO records (dataset_id, t_start, t_end, hash) VALUES (1, 1, 2, ?)').run(Buffer.alloc(8))).toThrow(
      /CHECK/,
    );
    expect(() =>
      db.prepare("INSERT INTO import_jobs (file_name, format, status, started_at) VALUES ('f', 'csv', 'weird', 0)").run(),
    ).toThrow(/CHECK/);
  });
});
