/**
 * Worker-thread entry: parses one file with the normal importer, prepares
 * each batch for the store (validation, canonical meta JSON, content
 * hashes: see vault/records/prepared-batch.ts) and posts it to the thread
 * that stores, at most MAX_BATCHES_IN_FLIGHT ahead of it. Errors are posted
 * in the serialised WalletError form plus their own fields; a thrown value
 * that is not ours is reported by class name only (a library message may
 * quote the file's contents).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { serializeError } from '../../../../shared/errors/serialize.js';
import { isWalletError } from '../../../../shared/errors/wallet-error.js';
import { BatchPreparer, transferablesOf } from '../../vault/records/prepared-batch.js';
import { openImporter } from '../index.js';
import { newImportReport } from '../types.js';
import { HASH_WHEN_QUEUED, MAX_BATCHES_IN_FLIGHT, type MainToWorker, type ParseWorkerData, type WorkerToMain } from './protocol.js';

const port = parentPort;
if (port === null) throw new Error('parse-worker.js must run in a worker thread');
const data = workerData as ParseWorkerData;

let inFlight = 0;
let wake: (() => void) | null = null;
port.on('message', (m: MainToWorker) => {
  if (m.type !== 'ack') return;
  inFlight--;
  const w = wake;
  wake = null;
  w?.();
});

const post = (m: WorkerToMain, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);

function scalarFields(e: object): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [k, v] of Object.entries(e)) {
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  }
  return out;
}

async function run(): Promise<void> {
  let batchNo = 0;
  const report = newImportReport();
  try {
    const batches = openImporter(data.filePath, {
      report,
      format: data.format,
      ...(data.mapping && { mapping: data.mapping }),
      ...(data.batchSize !== undefined && { batchSize: data.batchSize }),
      onProgress: (progress) => post({ type: 'progress', progress }),
    });
    const preparer = new BatchPreparer();
    for await (const batch of batches) {
      // Hash here while the store has batches waiting; when it is waiting for this thread, it hashes (prepared-batch.ts).
      const prepared = preparer.prepare(batch, ++batchNo, inFlight >= HASH_WHEN_QUEUED);
      while (inFlight >= MAX_BATCHES_IN_FLIGHT) await new Promise<void>((r) => (wake = r));
      inFlight++;
      post({ type: 'batch', batch: prepared }, transferablesOf(prepared));
    }
    post({ type: 'done', report });
  } catch (e) {
    post({
      type: 'error',
      error: serializeError(e),
      fields: isWalletError(e) ? scalarFields(e) : {},
      ...(!isWalletError(e) && { unexpected: e instanceof Error ? e.name : typeof e }),
    });
  }
}

void run();
