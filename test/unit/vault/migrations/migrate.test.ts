import { describe, expect, it } from 'vitest';
import { VaultNewerThanAppError } from '../../../../electron/core/vault/errors.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../../electron/core/vault/migrations/index.js';
import { migrate, schemaVersion } from '../../../../electron/core/vault/migrations/migrate.js';
import type { Migration } from '../../../../electron/core/vault/migrations/migration.js';
import type { Connection } from '../../../../electron/core/vault/store/database.js';
import { plainStorePerTest } from '../../../helpers/plain-store.js';

describe('migration runner', () => {
  let db: Connection;
  plainStorePerTest((opened) => (db = opened));

  it('runs every migration once and records the version', () => {
    expect(migrate(db)).toEqual({ from: 0, to: LATEST_SCHEMA_VERSION });
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(migrate(db)).toEqual({ from: LATEST_SCHEMA_VERSION, to: LATEST_SCHEMA_VERSION });
  });

  it('runs pending migrations in one transaction: a failure leaves nothing behind', () => {
    const failing: Migration = {
      version: MIGRATIONS.length + 1,
      name: 'fails',
      up(conn) {
        conn.exec('CREATE TABLE half_done (x INTEGER)');
        throw new Error('boom');
      },
    };
    expect(() => migrate(db, [...MIGRATIONS, failing])).toThrow('boom');
    expect(schemaVersion(db)).toBe(0);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'").pluck().get()).toBe(0);
  });

  it('refuses a database newer than the app', () => {
    migrate(db);
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    expect(() => migrate(db)).toThrow(VaultNewerThanAppError);
    expect(() => migrate(db)).toThrow('This vault was written by a newer version of Data Wallet.');
  });

  it('rejects a misnumbered migration list', () => {
    const m = MIGRATIONS[0] as Migration;
    expect(() => migrate(db, [{ ...m, version: 2 }])).toThrow(/out of order/);
  });
});
