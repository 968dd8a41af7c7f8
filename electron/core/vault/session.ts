/**
 * The state of one unlocked vault: the data key, the main connection and
 * what is running on it. Actions take it as their first argument; the Vault
 * class owns it and drops it on lock.
 */
import { ImportInProgressError, VaultBusyError, VaultLockedError } from './errors.js';
import type { KeyFile } from './keys/key-file-schema.js';
import { markVaultClosed, markVaultOpen } from './open-registry.js';
import type { ResolvedVaultOptions } from './options.js';
import type { VaultPaths } from './paths.js';
import type { Connection } from './store/database.js';
import { openStore } from './store/open-store.js';
import { createReads, type VaultReads } from './store/reads.js';
import { createWrites, type VaultWrites } from './store/writes.js';

/** Something running on its own connection that lock() must stop at once. */
export interface SideActivity {
  /** Rolls back and closes its connection synchronously. */
  stop(): void;
}

export class VaultSession {
  readonly paths: VaultPaths;
  readonly options: ResolvedVaultOptions;
  keyFile: KeyFile;
  /** The data key (32 bytes). Wiped on close. */
  dk: Buffer;
  readonly db: Connection;
  readonly reads: VaultReads;
  readonly writes: VaultWrites;
  /** Set when the recovery wrap was lost to an interrupted key rotation. */
  recoveryKeyMissing: boolean;

  importRun: SideActivity | null = null;
  readonly exportRuns = new Set<SideActivity>();
  rotating = false;
  #closed = false;
  #keyFileQueue: Promise<unknown> = Promise.resolve();

  constructor(init: { paths: VaultPaths; options: ResolvedVaultOptions; keyFile: KeyFile; dk: Buffer; db: Connection }) {
    this.paths = init.paths;
    this.options = init.options;
    this.keyFile = init.keyFile;
    this.dk = init.dk;
    this.db = init.db;
    this.reads = createReads(init.db);
    this.writes = createWrites(init.db);
    this.recoveryKeyMissing = init.keyFile.current.recovery === undefined;
    markVaultOpen(init.paths.dir);
  }

  get closed(): boolean {
    return this.#closed;
  }

  assertOpen(): void {
    if (this.#closed) throw new VaultLockedError();
  }

  /** Throws while an import holds the write lock. */
  assertWritable(): void {
    this.assertOpen();
    if (this.importRun) throw new ImportInProgressError();
  }

  /** Throws unless an import may start (readers, e.g. exports, may run). */
  assertCanStartImport(): void {
    this.assertWritable();
    if (this.rotating) throw new VaultBusyError('the data key is being rotated');
  }

  /** Throws unless an export may start (not during a key rotation). */
  assertCanStartExport(): void {
    this.assertOpen();
    if (this.rotating) throw new VaultBusyError('the data key is being rotated');
  }

  /** Throws unless nothing runs besides the main connection. */
  assertIdle(): void {
    this.assertOpen();
    if (this.importRun) throw new ImportInProgressError();
    if (this.exportRuns.size > 0) throw new VaultBusyError('an export is running');
    if (this.rotating) throw new VaultBusyError('the data key is being rotated');
  }

  /** A further connection with the same key, for an import or an export. */
  openSideConnection(cacheKiB: number): Connection {
    this.assertOpen();
    return openStore(this.paths.db, this.dk, { cacheKiB });
  }

  /** Runs key-file updates one after another. */
  serializeKeyFileUpdate<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#keyFileQueue.then(fn, fn);
    this.#keyFileQueue = run.catch(() => undefined);
    return run;
  }

  /** Stops side activities, closes the database and wipes the data key. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.importRun?.stop();
    for (const run of this.exportRuns) run.stop();
    try {
      this.db.close();
    } finally {
      this.dk.fill(0);
      markVaultClosed(this.paths.dir);
    }
  }
}
