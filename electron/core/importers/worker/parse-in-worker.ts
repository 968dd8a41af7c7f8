/**
 * Parses a file in a worker thread while the calling thread stores: the
 * worker runs the importer and prepares every batch (validation, canonical
 * meta, hashes), this side only inserts. On 2 cores this overlaps parsing
 * with SQLite and encryption; memory stays bounded because the worker is at
 * most MAX_BATCHES_IN_FLIGHT batches ahead.
 *
 * Errors thrown in the worker are rebuilt here as the same class with the
 * same fields (`instanceof ImportFormatError`, `.line`, `.limit` work).
 * Aborting the signal, breaking out of the loop or an error terminates the
 * worker. Where no worker script can be found (a bundle without it), the
 * caller falls back to parsing in its own thread (see workerAvailable).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ImportFormat } from '../../../../shared/domain/record.js';
import { errorClassLookup, errorFromSerialized, type WalletErrorClass } from '../../../../shared/errors/serialize.js';
import { WalletError } from '../../../../shared/errors/wallet-error.js';
import * as vaultErrors from '../../vault/errors.js';
import type { PreparedBatch } from '../../vault/records/prepared-batch.js';
import * as importerErrors from '../errors.js';
import { ImportAbortedError } from '../errors.js';
import { mergeReport, type ImportOptions } from '../types.js';
import type { MainToWorker, ParseWorkerData, WorkerToMain } from './protocol.js';

const isErrorClass = (v: unknown): v is WalletErrorClass => typeof v === 'function' && v.prototype instanceof WalletError;
const lookup = errorClassLookup(([...Object.values(importerErrors), ...Object.values(vaultErrors)] as unknown[]).filter(isErrorClass));

/**
 * The worker script beside this module: the compiled `parse-worker.js`, or,
 * when running from TypeScript sources (tests), `parse-worker.ts` loaded
 * through tsx's loader from a small bootstrap module.
 */
function workerScript(): URL | null {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) {
    const url = new URL('./parse-worker.js', here);
    return existsSync(fileURLToPath(url)) ? url : null;
  }
  const source = new URL('./parse-worker.ts', here);
  let tsx: string;
  try {
    tsx = join(dirname(createRequire(here).resolve('tsx/package.json')), 'dist/esm/api/index.mjs');
  } catch {
    return null;
  }
  if (!existsSync(fileURLToPath(source)) || !existsSync(tsx)) return null;
  const code = `const { register } = await import(${JSON.stringify(pathToFileURL(tsx).href)}); register(); await import(${JSON.stringify(source.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

/** True when imports can be parsed in a worker thread here. */
export function workerAvailable(): boolean {
  return workerScript() !== null;
}

export type ParseInWorkerOptions = Pick<ImportOptions, 'mapping' | 'signal' | 'onProgress' | 'batchSize' | 'report'> & { format: ImportFormat };

export async function* parseInWorker(filePath: string, options: ParseInWorkerOptions): AsyncGenerator<PreparedBatch, void, undefined> {
  const script = workerScript();
  if (script === null) throw new Error('the parse worker script is missing');
  const fileName = basename(filePath);
  const { signal } = options;
  if (signal?.aborted) throw new ImportAbortedError({ fileName, cause: signal.reason });
  const data: ParseWorkerData = {
    filePath,
    format: options.format,
    ...(options.mapping && { mapping: options.mapping }),
    ...(options.batchSize !== undefined && { batchSize: options.batchSize }),
  };
  const worker = new Worker(script, { workerData: data });
  const queue: (WorkerToMain | { type: 'crash'; error: unknown } | { type: 'abort' })[] = [];
  let wake: (() => void) | null = null;
  const push = (m: (typeof queue)[number]): void => {
    queue.push(m);
    const w = wake;
    wake = null;
    w?.();
  };
  const onAbort = (): void => push({ type: 'abort' });
  worker.on('message', (m: WorkerToMain) => push(m));
  worker.on('error', (error) => push({ type: 'crash', error }));
  worker.on('exit', (code) => push({ type: 'crash', error: new Error(`parse worker exited with code ${code}`) }));
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      while (queue.length === 0) await new Promise<void>((r) => (wake = r));
      const m = queue.shift()!;
      switch (m.type) {
        case 'batch':
          yield m.batch;
          worker.postMessage({ type: 'ack' } satisfies MainToWorker);
          break;
        case 'progress':
          options.onProgress?.(m.progress);
          break;
        case 'done':
          if (options.report) mergeReport(options.report, m.report);
          return;
        case 'abort':
          throw new ImportAbortedError({ fileName, cause: signal?.reason });
        case 'error':
          throw rebuild(m);
        case 'crash':
          throw m.error;
      }
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    worker.removeAllListeners('exit');
    void worker.terminate();
  }
}

function rebuild(m: Extract<WorkerToMain, { type: 'error' }>): Error {
  if (m.unexpected !== undefined) return new Error(`the parse worker failed (${m.unexpected})`);
  const e = errorFromSerialized(m.error, lookup);
  for (const [k, v] of Object.entries(m.fields)) {
    if (k === 'stack') continue;
    Object.defineProperty(e, k, { value: v, writable: true, configurable: true, enumerable: k !== 'message' });
  }
  return e;
}
