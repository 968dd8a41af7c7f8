import { basename } from 'node:path';
import type { ImportFormat } from '../../../shared/domain/record.js';
import type { BatchOutcome, Vault } from '../vault/index.js';
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
  /** Records not stored because the vault already had them (repeats within the file are counted in `duplicates` instead). */
  skipped: number;
  /** Records repeated within the file (or within the archive) and stored once. */
  duplicates: number;
  /** An archive (Google Takeout zip or folder): each file imported, with the records read and those repeated within the import. */
  files?: { name: string; records: number; duplicates: number }[];
  /** Known defects of the file repaired while importing, by kind, with counts. */
  repaired: Record<string, number>;
  /** Elements of the file not imported, by element, with counts. */
  notImported: Record<string, number>;
}

/**
 * Imports one file — or a whole Google Takeout, zip or folder
 * (google-takeout.ts) — into an unlocked vault: picks the parser, streams its
 * batches into the vault's single import transaction. All or nothing: on a
 * parse error, abort or crash no record of this file (or archive) stays, and
 * importing it again adds only what is missing. The result tells records the
 * vault already had (`skipped`) from records repeated within the import
 * (`duplicates`), per file for an archive.
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
  // Batches never span two files of an archive, so each batch's duplicates belong to the file its records came from.
  const withDuplicates: { endRecord: number; duplicates: number }[] = [];
  let recordsSeen = 0;
  const onBatch = (b: BatchOutcome): void => {
    recordsSeen += b.count;
    if (b.duplicates > 0) withDuplicates.push({ endRecord: recordsSeen, duplicates: b.duplicates });
  };
  const result = await vault.importRecords({ fileName, format }, batches, { onBatch, ...(params.signal && { signal: params.signal }) });
  const summary: ImportFileReturnType = {
    importId: result.importId,
    fileName,
    format,
    added: result.added,
    skipped: result.skipped - result.duplicates,
    duplicates: result.duplicates,
    repaired: { ...report.repaired },
    notImported: { ...report.skipped },
  };
  if (report.files) summary.files = perFile(report.files, withDuplicates);
  return summary;
}

/** Each file's records and the duplicates of the batches that fall within its records. */
function perFile(files: readonly { name: string; records: number }[], batches: readonly { endRecord: number; duplicates: number }[]): NonNullable<ImportFileReturnType['files']> {
  let end = 0;
  let i = 0;
  return files.map((f) => {
    end += f.records;
    let duplicates = 0;
    while (i < batches.length && batches[i]!.endRecord <= end) duplicates += batches[i++]!.duplicates;
    return { name: f.name, records: f.records, duplicates };
  });
}
