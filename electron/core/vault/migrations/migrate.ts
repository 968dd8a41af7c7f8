import { VaultNewerThanAppError } from '../errors.js';
import type { Connection } from '../store/database.js';
import { MIGRATIONS } from './index.js';
import type { Migration } from './migration.js';

export function schemaVersion(db: Connection): number {
  return Number(db.pragma('user_version', { simple: true }));
}

export interface MigrateResult {
  from: number;
  to: number;
}

/**
 * Brings the schema up to date: all pending migrations run in one
 * transaction that also sets `user_version`, so a failure leaves the
 * database as it was. A database newer than `migrations` knows is refused.
 * When nothing is pending it only reads.
 */
export function migrate(db: Connection, migrations: readonly Migration[] = MIGRATIONS): MigrateResult {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration list out of order at ${m.name}`);
  });
  const latest = migrations.length;
  // Up to date: read only, no write lock (an unlock must work while another process imports).
  const current = schemaVersion(db);
  if (current === latest) return { from: current, to: latest };
  const run = db.transaction((): MigrateResult => {
    const from = schemaVersion(db);
    if (from > latest) {
      throw new VaultNewerThanAppError({ details: `database schema version ${from}; this app knows up to ${latest}` });
    }
    for (const m of migrations.slice(from)) m.up(db);
    if (latest !== from) db.pragma(`user_version = ${latest}`);
    return { from, to: latest };
  });
  return run.immediate();
}
