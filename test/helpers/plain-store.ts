/** A fresh unencrypted store per test, for schema tests: same pragmas as the vault, removed afterwards. */
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { Connection } from '../../electron/core/vault/store/database.js';
import { openStore } from '../../electron/core/vault/store/open-store.js';
import { tempVaultDir } from './vault-fixtures.js';

/**
 * Registers beforeEach/afterEach hooks that open a new plain store, hand it
 * to `opened` (keep it, run migrations…), and close and delete it after the test.
 */
export function plainStorePerTest(opened: (db: Connection) => void): void {
  let db: Connection | undefined;
  let cleanup: () => Promise<void> = () => Promise.resolve();
  beforeEach(async () => {
    const t = await tempVaultDir();
    cleanup = t.cleanup;
    db = openStore(path.join(t.root, 'plain.db'), null, { create: true });
    opened(db);
  });
  afterEach(async () => {
    db?.close();
    db = undefined;
    await cleanup();
  });
}
