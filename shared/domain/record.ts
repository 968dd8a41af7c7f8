import { z } from 'zod';

/** JSON-safe scalar used in record metadata. */
export const MetaValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/**
 * One record as importers produce it and the vault stores it. Times are unix
 * milliseconds (UTC). A record has a numeric value, a text value, or both.
 */
export const NewRecord = z.object({
  /** Dataset kind, e.g. `HKQuantityTypeIdentifierStepCount`, `location`. */
  kind: z.string().min(1).max(200),
  unit: z.string().max(100).nullable(),
  /** Where the record came from (app/device name); null when unknown. */
  source: z.string().max(500).nullable(),
  tStart: z.number().int(),
  tEnd: z.number().int(),
  valueNum: z.number().nullable(),
  valueText: z.string().nullable(),
  meta: z.record(z.string(), MetaValue).nullable(),
});
export type NewRecord = z.infer<typeof NewRecord>;

/** A stored record as queries return it. */
export interface StoredRecord extends NewRecord {
  id: number;
}

export const DatasetSummary = z.object({
  kind: z.string(),
  unit: z.string().nullable(),
  /** Import format that created it, e.g. `apple-health`, `csv`. */
  source: z.string().nullable(),
  recordCount: z.number().int().nonnegative(),
  /** Earliest tStart and latest tEnd, unix ms; null when empty. */
  from: z.number().int().nullable(),
  to: z.number().int().nullable(),
});
export type DatasetSummary = z.infer<typeof DatasetSummary>;

export const ImportFormat = z.enum(['csv', 'json', 'ndjson', 'apple-health', 'google-location']);
export type ImportFormat = z.infer<typeof ImportFormat>;

export interface ImportProgress {
  bytesRead: number;
  /** Total bytes of the input when known (file size), else null. */
  totalBytes: number | null;
  records: number;
}
