/** data.*: import, browse, aggregate, export and erase records. */
import { basename, extname } from 'node:path';
import { importFile } from '../../importers/import-file.js';
import type { GenericMapping } from '../../importers/types.js';
import type { HandlersOf } from '../handler.js';

/** A dataset kind for CSV/JSON files when none is given: the file's base name without its extension. */
export function defaultDatasetKind(path: string): string {
  const name = basename(path);
  const ext = extname(name);
  return (ext && ext !== name ? name.slice(0, -ext.length) : name) || name;
}

export const dataHandlers: HandlersOf<'data.'> = {
  'data.import': async (wallet, { path, format, mapping: given }) => {
    const vault = wallet.vault;
    const fileName = basename(path);
    const mapping: GenericMapping = {
      kind: given?.kind ?? defaultDatasetKind(path),
      ...(given?.timestamp !== undefined && { timestamp: given.timestamp }),
      ...(given?.timestampEnd !== undefined && { timestampEnd: given.timestampEnd }),
      ...(given?.values !== undefined && { values: given.values }),
      ...(given?.unit !== undefined && { unit: given.unit }),
      ...(given?.timeFormat !== undefined && { timeFormat: given.timeFormat }),
    };
    const controller = wallet.beginImport();
    const started = performance.now();
    try {
      const result = await importFile(vault, path, {
        format,
        mapping,
        signal: controller.signal,
        onProgress: (p) => wallet.events.emit('data.importProgress', { fileName, ...p }),
      });
      wallet.events.emit('data.changed', { cause: 'import', kind: null });
      return { ...result, seconds: (performance.now() - started) / 1000 };
    } finally {
      wallet.endImport(controller);
    }
  },

  'data.cancelImport': (wallet) => ({ cancelled: wallet.cancelImport() }),

  'data.imports': (wallet, { limit }) => wallet.vault.importJobs(limit),

  'data.datasets': (wallet) => wallet.vault.listDatasets(),

  'data.records': (wallet, { kind, ...query }) => wallet.vault.records(kind, query),

  'data.aggregate': (wallet, { kind, ...query }) => wallet.vault.aggregate(kind, query),

  'data.export': async (wallet, { kind, format, path }) => {
    // Unique O_EXCL 0600 temp file beside the target, removed on failure and on SIGINT/SIGTERM (vault/export/to-file.ts).
    const { records } = await wallet.vault.exportToFile(path, { format, ...(kind !== undefined && { kind }) });
    return { path, records };
  },

  'data.erase': (wallet, { kind }) => {
    const result = wallet.vault.eraseDataset(kind);
    wallet.events.emit('data.changed', { cause: 'erase', kind });
    return { erased: kind, ...result };
  },
};
