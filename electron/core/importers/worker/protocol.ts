/**
 * Messages between the parse worker (parse-worker.ts) and the thread that
 * stores (parse-in-worker.ts). Plain data only: the worker runs our own
 * importer code over an untrusted FILE, so its messages are trusted as far
 * as their shape goes and the store still checks every prepared batch's
 * shape (import-run.ts).
 */
import type { ImportFormat, ImportProgress } from '../../../../shared/domain/record.js';
import type { SerializedError } from '../../../../shared/api/envelope.js';
import type { PreparedBatch } from '../../vault/records/prepared-batch.js';
import type { GenericMapping, ImportReport } from '../types.js';

export interface ParseWorkerData {
  filePath: string;
  format: ImportFormat;
  mapping?: GenericMapping;
  batchSize?: number;
}

export type WorkerToMain =
  | { type: 'batch'; batch: PreparedBatch }
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'done'; report: ImportReport }
  | {
      type: 'error';
      error: SerializedError;
      /** The error's own scalar fields (line, limit, fileName, …) so the rebuilt error matches the one thrown. */
      fields: Record<string, string | number | boolean | null>;
      /** Not one of ours: the worker failed in an unexpected way (only the class name is passed). */
      unexpected?: string;
    };

/** Main → worker: one batch consumed (flow control). */
export type MainToWorker = { type: 'ack' };

/** Batches the worker may have sent and not yet seen acknowledged. */
export const MAX_BATCHES_IN_FLIGHT = 4;
/**
 * The worker hashes a batch itself when at least this many batches it sent
 * are not yet acknowledged (the store is the slower side); with fewer, the
 * store is waiting for it and hashes the batch itself.
 */
export const HASH_WHEN_QUEUED = 2;
