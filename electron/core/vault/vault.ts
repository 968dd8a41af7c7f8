import type { DatasetSummary, NewRecord } from '../../../shared/domain/record.js';
import type { PreparedBatch } from './records/prepared-batch.js';
import { type AggregateBucket, type AggregateQuery, aggregateRecords } from './actions/aggregate-records.js';
import { countRecords, type CountRecordsQuery } from './actions/count-records.js';
import { changePassphrase } from './actions/change-passphrase.js';
import { compactIfPending, eraseDataset, type EraseDatasetReturnType } from './actions/erase-dataset.js';
import {
  type ImportJobInput,
  importRecords,
  type ImportRecordsOptions,
  type ImportRecordsResult,
} from './actions/import-records.js';
import { issueRecoveryKey, type IssueRecoveryKeyReturnType } from './actions/issue-recovery-key.js';
import { disableKeychainUnlock, enableKeychainUnlock } from './actions/keychain-unlock.js';
import type { KeychainSealer } from './keys/keychain-wrap.js';
import { queryRecords, type RecordsPage, type RecordsQuery } from './actions/query-records.js';
import { rotateDataKey, type RotateDataKeyReturnType } from './actions/rotate-data-key.js';
import { VaultLockedError } from './errors.js';
import { type ExportOptions, exportRecords, type ExportResult, type ExportTarget } from './export.js';
import { exportRecordsToFile, type ExportToFileResult } from './export/to-file.js';
import { type ImportJobSummary, toDatasetSummary, toImportJobSummary } from './records/to-domain.js';
import type { VaultSession } from './session.js';
import { createVaultSettings, type VaultSettings } from './settings.js';
import { mapSqliteError } from './store/sqlite-errors.js';
import type { Connection } from './store/database.js';

const sessions = new WeakMap<Vault, VaultSession>();

/** @internal The live session of an unlocked vault (for recovery and crash tests). */
export function sessionOf(vault: Vault): VaultSession {
  const s = sessions.get(vault);
  if (!s || s.closed) throw new VaultLockedError();
  return s;
}

/** Runs `fn` with the live session, mapping raw SQLite errors to ours. */
function withSession<T>(vault: Vault, fn: (s: VaultSession) => T): T {
  const s = sessionOf(vault);
  try {
    return fn(s);
  } catch (e) {
    throw mapSqliteError(e);
  }
}

/**
 * An unlocked vault. Get one from `createVault`, `unlockVault` or
 * `recoverVault`. After `lock()` every method throws VaultLockedError.
 */
export class Vault {
  /** Id of the vault (from keys.json); stable across key changes. */
  readonly vaultId: string;
  /** Absolute path of the vault folder. */
  readonly dir: string;
  /** Settings stored inside the encrypted database. */
  readonly settings: VaultSettings;

  /** @internal Use createVault / unlockVault. */
  constructor(session: VaultSession) {
    sessions.set(this, session);
    this.vaultId = session.keyFile.vaultId;
    this.dir = session.paths.dir;
    this.settings = createVaultSettings(() => sessionOf(this));
  }

  get isLocked(): boolean {
    return sessions.get(this)?.closed ?? true;
  }

  /**
   * False when no recovery key can open the vault (after a key rotation that
   * was interrupted before its new recovery key was shown): offer
   * {@link issueRecoveryKey}.
   */
  get hasRecoveryKey(): boolean {
    return !sessionOf(this).recoveryKeyMissing;
  }

  /**
   * Finishes a compaction that an erase could not do (see eraseDataset),
   * closes the database, stops a running import (rolled back, marked
   * cancelled) or export, and wipes the data key from memory. Idempotent.
   */
  lock(): void {
    const s = sessions.get(this);
    // An erase whose free pages could not be wiped (another process was reading): try again now.
    if (s && !s.closed && !s.importRun && s.exportRuns.size === 0 && !s.rotating) compactIfPending(s);
    s?.close();
    sessions.delete(this);
  }

  /** Rewraps the data key under a new passphrase; the database is not touched. */
  async changePassphrase(current: string, next: string): Promise<void> {
    return changePassphrase(sessionOf(this), current, next);
  }

  /**
   * Re-encrypts the database under a new data key and returns a new recovery
   * key (the old one stops working). Crash-safe; refused while an import or
   * export runs.
   */
  async rotateDataKey(passphrase: string): Promise<RotateDataKeyReturnType> {
    return rotateDataKey(sessionOf(this), passphrase);
  }

  /** Adds the system-keychain wrap of the data key (after checking the passphrase); passphrase and recovery key keep working. */
  async enableKeychainUnlock(passphrase: string, sealer: KeychainSealer): Promise<{ backend: string }> {
    return enableKeychainUnlock(sessionOf(this), passphrase, sealer);
  }

  /** Removes the system-keychain wrap; true when there was one. */
  async disableKeychainUnlock(): Promise<boolean> {
    return disableKeychainUnlock(sessionOf(this));
  }

  /** Replaces the recovery key; the previous one stops working. */
  async issueRecoveryKey(passphrase: string): Promise<IssueRecoveryKeyReturnType> {
    return issueRecoveryKey(sessionOf(this), passphrase);
  }

  /**
   * Stores the records of one import atomically (all or nothing), skipping
   * ones the vault already has. One import at a time (ImportInProgressError).
   * Abort via `opts.signal` → ImportCancelledError, nothing kept.
   */
  async importRecords(job: ImportJobInput, batches: AsyncIterable<NewRecord[] | PreparedBatch>, opts?: ImportRecordsOptions): Promise<ImportRecordsResult> {
    return importRecords(sessionOf(this), job, batches, opts);
  }

  /** Import history, newest first. */
  importJobs(limit = 100): ImportJobSummary[] {
    return withSession(this, (s) => s.reads.importJobs(limit).map(toImportJobSummary));
  }

  /** All datasets, by kind. */
  listDatasets(): DatasetSummary[] {
    return withSession(this, (s) => s.reads.listDatasets().map(toDatasetSummary));
  }

  /** A page of one dataset's records, ordered by (tStart, id). */
  records(kind: string, query?: RecordsQuery): RecordsPage {
    return withSession(this, (s) => queryRecords(s, kind, query));
  }

  /** Count/sum/mean/min/max of valueNum per hour or day. */
  aggregate(kind: string, query: AggregateQuery): AggregateBucket[] {
    return withSession(this, (s) => aggregateRecords(s, kind, query));
  }

  /** How many records of these datasets start in [from, to) (kinds the vault lacks count 0). */
  countRecords(kinds: readonly string[], query?: CountRecordsQuery): number {
    return withSession(this, (s) => countRecords(s, kinds, query));
  }

  /** Streams records as CSV or JSON (format documented in export.ts). */
  async exportTo(target: ExportTarget, opts: ExportOptions): Promise<ExportResult> {
    return exportRecords(sessionOf(this), target, opts);
  }

  /**
   * Exports into `file` (replaced only when the export is complete; a temp
   * file beside it, 0600, is removed on failure and on SIGINT/SIGTERM).
   */
  async exportToFile(file: string, opts: ExportOptions): Promise<ExportToFileResult> {
    return exportRecordsToFile(sessionOf(this), file, opts);
  }

  /**
   * Runs `fn` with the vault's encrypted database, for core services that keep
   * their own tables in the vault (audit log, leases); their tables come from
   * the vault's migrations. `fn` must not keep the connection. With
   * `write: true` it is refused while an import holds its transaction open
   * (ImportInProgressError), so a rolled-back import never takes a service's
   * writes with it. SQLite errors come back as vault errors.
   */
  withDatabase<T>(fn: (db: Connection) => T, opts: { write: boolean }): T {
    return withSession(this, (s) => {
      if (opts.write) s.assertWritable();
      else s.assertOpen();
      return fn(s.db);
    });
  }

  /** Erases a dataset and its records from every file of the vault. */
  eraseDataset(kind: string): EraseDatasetReturnType {
    return withSession(this, (s) => eraseDataset(s, kind));
  }
}
