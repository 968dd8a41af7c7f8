/** What the vault part of the API returns: plain JSON, times in unix ms. */
import { z } from 'zod';
import { unixMs } from '../api/define.js';
import { ImportFormat, MetaValue } from './record.js';

/** Whether a vault exists in the data folder, whether it is unlocked, and whether a recovery key can open it. */
export const VaultStatus = z.object({
  /** A vault (key file) exists in the data folder. */
  exists: z.boolean(),
  /** This wallet holds the vault unlocked. */
  unlocked: z.boolean(),
  /** Null while locked (unknown); false after an interrupted key rotation: a new recovery key must be issued. */
  recoveryKeyWorks: z.boolean().nullable(),
  /** The wallet's own account address (owner of its leases), null while locked. */
  account: z.string().nullable(),
});
export type VaultStatus = z.infer<typeof VaultStatus>;

export const StoredRecord = z.object({
  id: z.number().int(),
  kind: z.string(),
  unit: z.string().nullable(),
  source: z.string().nullable(),
  tStart: z.number().int(),
  tEnd: z.number().int(),
  valueNum: z.number().nullable(),
  valueText: z.string().nullable(),
  meta: z.record(z.string(), MetaValue).nullable(),
});

export const RecordsPage = z.object({
  records: z.array(StoredRecord),
  /** Pass as `after` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type RecordsPage = z.infer<typeof RecordsPage>;

/** Statistics of the numeric values whose tStart falls in one hour or day. */
export const AggregateBucket = z.object({
  /** Start of the bucket, unix ms. */
  bucketStart: z.number().int(),
  count: z.number().int().nonnegative(),
  sum: z.number(),
  mean: z.number(),
  min: z.number(),
  max: z.number(),
});
export type AggregateBucket = z.infer<typeof AggregateBucket>;

/** The outcome of one finished import. */
export const ImportSummary = z.object({
  importId: z.number().int(),
  /** Base name of the file (never its full path). */
  fileName: z.string(),
  format: ImportFormat,
  /** New records stored. */
  added: z.number().int().nonnegative(),
  /** Records the vault already had (before this import). */
  skipped: z.number().int().nonnegative(),
  /** Records repeated within the file (or archive) itself, stored once; not counted in `skipped`. */
  duplicates: z.number().int().nonnegative().optional(),
  /** A Google Takeout archive (zip or folder): every file imported, in order, with its records and its repeats within the import. */
  files: z
    .array(z.object({ name: z.string(), records: z.number().int().nonnegative(), duplicates: z.number().int().nonnegative() }))
    .optional(),
  /** Wall-clock duration of the import. */
  seconds: z.number().nonnegative(),
  /** Known defects of the export repaired while importing, with counts (e.g. `control characters replaced`). */
  repaired: z.record(z.string(), z.number().int().nonnegative()).optional(),
  /** Elements of the file not imported, per element, with counts (e.g. `Me`, `Workout/WorkoutActivity`). */
  notImported: z.record(z.string(), z.number().int().nonnegative()).optional(),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

/** One entry of the import history. */
export const ImportJob = z.object({
  id: z.number().int(),
  fileName: z.string(),
  format: z.string(),
  status: z.enum(['running', 'done', 'failed', 'cancelled', 'interrupted']),
  startedAt: unixMs,
  finishedAt: unixMs.nullable(),
  bytes: z.number().int().nullable(),
  recordsAdded: z.number().int().nonnegative(),
  recordsSkipped: z.number().int().nonnegative(),
  errorMessage: z.string().nullable(),
});
export type ImportJob = z.infer<typeof ImportJob>;

/** Progress of the running import (an event; at most a few per second). */
export const ImportProgressEvent = z.object({
  fileName: z.string(),
  bytesRead: z.number().int().nonnegative(),
  /** Null when the size is unknown. */
  totalBytes: z.number().int().nonnegative().nullable(),
  records: z.number().int().nonnegative(),
});
export type ImportProgressEvent = z.infer<typeof ImportProgressEvent>;

export const ExportResult = z.object({
  /** The file written (absolute path as given). */
  path: z.string(),
  records: z.number().int().nonnegative(),
});
export type ExportResult = z.infer<typeof ExportResult>;

export const EraseResult = z.object({
  erased: z.string(),
  recordsErased: z.number().int().nonnegative(),
  /**
   * Freed pages (which may hold old copies): `wiped`; `pending` — another
   * process was reading, they are wiped when the vault is next locked while no
   * one else reads it; `failed` — compaction failed (compactionError names
   * the error), the dataset is erased all the same.
   */
  freePages: z.enum(['wiped', 'pending', 'failed']),
  compactionError: z.string().optional(),
});
export type EraseResult = z.infer<typeof EraseResult>;
