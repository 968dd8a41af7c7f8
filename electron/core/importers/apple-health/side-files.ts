/**
 * The files of an Apple Health export.zip besides export.xml, read after it
 * in one pass over the archive (each entry inflated as it is read, size and
 * CRC checked, with the bounds of its own parser):
 *
 * - `workout-routes/*.gpx` → route points (gpx.ts), linked by `routeFile`;
 * - `clinical-records/*.json` → FHIR documents (clinical.ts), linked by
 *   `resourceFilePath`;
 * - `electrocardiograms/*.csv` → ECG waveforms (ecg.ts).
 *
 * Every other file is counted in the report's not-imported section by a
 * path pattern relative to the export's folder: the top-level folder and
 * the extension (`workout-routes/*.fit`, `export_cda.xml` — the same data
 * as export.xml in another form — `*.pdf`). Folders, `__MACOSX/` and dot
 * files (archive tool droppings) are not counted. At most
 * MAX_SIDE_PATTERNS patterns are named; the rest are counted as
 * `other files`.
 *
 * An export.xml imported on its own from an unzipped export reads the same
 * three folders beside it (`workout-routes/`, `clinical-records/`,
 * `electrocardiograms/`; regular files only, in name order); other files
 * in those folders are counted the same way, files elsewhere in the folder
 * are not looked at.
 */
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import type yauzl from 'yauzl';
import type { NewRecord } from '../../../../shared/domain/record.js';
import {
  INFLATE_CHUNK_BYTES,
  isExportXmlEntry,
  nextEntry,
  openRawEntry,
  openZip,
  parseGpx,
  routeEntryPath,
  zipChunks,
  ZIP_HINT,
} from '../apple-health.js';
import { ImportError, ImportFormatError, fileErrorFrom } from '../errors.js';
import { openFileInput, runParser, type ByteInput } from '../stream.js';
import { checkEntryRatio } from '../zip.js';
import { countIn, type ImportOptions } from '../types.js';
import { clinicalEntryPath, FhirDocumentParser, type ClinicalLinks } from './clinical.js';
import { ecgEntryPath, EcgCsvParser } from './ecg.js';

/** Distinct path patterns named in the report; the rest are `other files`. */
const MAX_SIDE_PATTERNS = 50;
export const OTHER_FILES = 'other files';

/** What export.xml told about the side files. */
export interface SideFileLinks {
  /** Route file → its workout's tStart. */
  routes: Map<string, number>;
  clinical: ClinicalLinks;
}

/**
 * The pattern a not-imported entry is counted under, relative to the
 * export's folder `root` (`apple_health_export/`), or null for entries not
 * counted (folders, export.xml itself, `__MACOSX/`, dot files).
 */
export function sideFilePattern(name: string, root: string): string | null {
  if (name.endsWith('/') || name.startsWith('__MACOSX/') || isExportXmlEntry(name)) return null;
  const rel = root !== '' && name.startsWith(root) ? name.slice(root.length) : name;
  const parts = rel.split('/');
  const base = parts.at(-1)!;
  if (base === '' || base.startsWith('.')) return null;
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 ? base.slice(dot).toLowerCase() : '';
  const extension = /^\.[a-z0-9]{1,10}$/.test(ext) ? ext : '';
  if (parts.length === 1) return base === 'export_cda.xml' ? base : `*${extension}`;
  const dir = parts[0]!;
  const folder = /^[\p{L}\p{N} _.-]{1,64}$/u.test(dir) ? dir : '…';
  return `${folder}/${parts.length > 2 ? '…/' : ''}*${extension}`;
}

type SideKind = 'route' | 'clinical' | 'ecg';

function classify(name: string): { kind: SideKind; path: string } | null {
  const route = routeEntryPath(name);
  if (route !== null) return { kind: 'route', path: route };
  const clinical = clinicalEntryPath(name);
  if (clinical !== null) return { kind: 'clinical', path: clinical };
  const ecg = ecgEntryPath(name);
  if (ecg !== null) return { kind: 'ecg', path: ecg };
  return null;
}

/** The folder holding export.xml (`apple_health_export/`), or '' (read from the central directory only). */
async function exportRoot(filePath: string): Promise<string> {
  const zip = await openZip(filePath);
  try {
    for (let e = await nextEntry(zip); e !== null; e = await nextEntry(zip)) {
      if (isExportXmlEntry(e.fileName)) return e.fileName.slice(0, e.fileName.length - 'export.xml'.length);
    }
    return '';
  } finally {
    zip.close();
  }
}

function entryInput(zip: yauzl.ZipFile, entry: yauzl.Entry, zipName: string): Promise<ByteInput> {
  const method = entry.compressionMethod;
  if (entry.isEncrypted() || (method !== 0 && method !== 8)) {
    throw new ImportFormatError({ fileName: zipName, reason: `${basename(entry.fileName)} in the archive is encrypted or uses an unsupported compression method`, hint: ZIP_HINT });
  }
  checkEntryRatio(zipName, entry, basename(entry.fileName));
  return openRawEntry(zip, entry).then((raw) => {
    const stream = method === 8 ? pipeline(raw, createInflateRaw({ chunkSize: INFLATE_CHUNK_BYTES }), () => undefined) : raw;
    const fileName = basename(entry.fileName);
    return {
      fileName,
      totalBytes: entry.uncompressedSize,
      chunks: zipChunks(stream, fileName, zipName, { size: entry.uncompressedSize, crc: entry.crc32 }),
      close: () => stream.destroy(),
    };
  });
}

/** One side file → its records, with the parser for its kind. */
function parseSide(side: { kind: SideKind; path: string }, input: ByteInput, opts: Omit<ImportOptions, 'format'>, links: SideFileLinks): AsyncGenerator<NewRecord[], void, undefined> {
  if (side.kind === 'route') {
    const workoutStart = links.routes.get(side.path);
    return parseGpx(input, opts, { routeFile: side.path, ...(workoutStart !== undefined && { workoutStart }) });
  }
  if (side.kind === 'clinical') {
    const link = links.clinical.get(side.path);
    return runParser(input, opts, (sink) => new FhirDocumentParser(input.fileName, sink, side.path, link), { text: true });
  }
  return runParser(input, opts, (sink) => new EcgCsvParser(input.fileName, sink, side.path), { text: true });
}

/** Counts not-imported files by pattern into the report, naming at most MAX_SIDE_PATTERNS patterns. */
function patternCounter(options: Omit<ImportOptions, 'format'>): (pattern: string) => void {
  const patterns = new Set<string>();
  return (pattern) => {
    if (options.report === undefined) return;
    if (!patterns.has(pattern) && patterns.size >= MAX_SIDE_PATTERNS) pattern = OTHER_FILES;
    else patterns.add(pattern);
    countIn(options.report.skipped, pattern);
  };
}

/** The folders of an unzipped export that hold side files. */
const SIDE_FOLDERS = ['workout-routes', 'clinical-records', 'electrocardiograms'] as const;

/** Imports the side files in the folders beside an export.xml imported on its own; see the module comment. */
export async function* importSideFolders(xmlPath: string, options: Omit<ImportOptions, 'format'>, links: SideFileLinks): AsyncGenerator<NewRecord[], void, undefined> {
  const dir = dirname(xmlPath);
  const opts = { ...options, onProgress: undefined };
  const count = patternCounter(options);
  for (const folder of SIDE_FOLDERS) {
    let entries: Dirent[];
    try {
      entries = await readdir(join(dir, folder), { withFileTypes: true });
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') continue;
      throw fileErrorFrom(folder, e);
    }
    // Regular files only: a link could point anywhere on the computer.
    for (const name of entries.filter((d) => d.isFile()).map((d) => d.name).sort()) {
      const rel = `${folder}/${name}`;
      const side = classify(rel);
      if (side === null) {
        const pattern = sideFilePattern(rel, '');
        if (pattern !== null) count(pattern);
        continue;
      }
      const input = await openFileInput(join(dir, folder, name));
      try {
        yield* parseSide(side, input, opts, links);
      } finally {
        input.close?.();
      }
    }
  }
}

/** Imports the side files of export.zip `filePath` (after its export.xml); see the module comment. */
export async function* importSideFiles(filePath: string, options: Omit<ImportOptions, 'format'>, links: SideFileLinks): AsyncGenerator<NewRecord[], void, undefined> {
  const zipName = basename(filePath);
  const opts = { ...options, onProgress: undefined };
  const count = patternCounter(options);
  let zip: yauzl.ZipFile;
  let root: string;
  try {
    root = await exportRoot(filePath);
    zip = await openZip(filePath);
  } catch (e) {
    throw fileErrorFrom(zipName, e);
  }
  try {
    for (let entry = await nextEntry(zip); entry !== null; entry = await nextEntry(zip)) {
      const side = classify(entry.fileName);
      if (side === null) {
        const pattern = sideFilePattern(entry.fileName, root);
        if (pattern !== null) count(pattern);
        continue;
      }
      const input = await entryInput(zip, entry, zipName);
      try {
        yield* parseSide(side, input, opts, links);
      } finally {
        input.close?.();
      }
    }
  } catch (e) {
    if (e instanceof ImportError) throw e;
    throw new ImportFormatError({ fileName: zipName, reason: 'the zip archive is damaged', hint: ZIP_HINT, details: e instanceof Error ? e.message : undefined });
  } finally {
    zip.close();
  }
}
