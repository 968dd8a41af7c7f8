import { basename } from 'node:path';
import type { ImportFormat } from '../../../shared/domain/record.js';
import type { Vault } from '../vault/index.js';
import { detectFormat } from './detect.js';
import { openImporter } from './index.js';
import { newImportReport, type ImportOptions } from './types.js';
import { parseInWorker, workerAvailable } from './worker/parse-in-worker.js';

/** The importer's options (`format: 'auto'` detects it from the file's name and first bytes). */
export type ImportFileParameters = Pick<ImportOptions, 'format' | 'mapping' | 'signal' | 'onProgress'> & {
  /**
   * Parse in a worker thread while this thread stores (default true; falls
   * back to this thread where the worker script is missing). Same records,
   * same errors either way.
   */
  worker?: boolean;
};

export interface ImportFileReturnType {
  importId: number;
  fileName: string;
  format: ImportFormat;
  added: number;
  skipped: number;
  /** Known defects of the file repaired while importing, by kind, with counts. */
  repaired: Record<string, number>;
  /** Elements of the file not imported, by element, with counts. */
  notImported: Record<string, number>;
}

/**
 * Imports one file into an unlocked vault: picks the parser, streams its
 * batches into the vault's single import transaction. All or nothing: on a
 * parse error, abort or crash no record of this file stays, and importing the
 * same file again adds only what is missing.
 */
export async function importFile(vault: Vault, filePath: string, params: ImportFileParameters): Promise<ImportFileReturnType> {
  const format = params.format === 'auto' ? await detectFormat(filePath) : params.format;
  const fileName = basename(filePath);
  const report = newImportReport();
  const options = {
    format,
    report,
    ...(params.mapping && { mapping: params.mapping }),
    ...(params.signal && { signal: params.signal }),
    ...(params.onProgress && { onProgress: params.onProgress }),
  };
  const batches = params.worker !== false && workerAvailable() ? parseInWorker(filePath, options) : openImporter(filePath, options);
  const result = await vault.importRecords({ fileName, format }, batches, params.signal ? { signal: params.signal } : {});
  return {
    importId: result.importId,
    fileName,
    format,
    added: result.added,
    skipped: result.skipped,
    repaired: { ...report.repaired },
    notImported: { ...report.skipped },
  };
}
