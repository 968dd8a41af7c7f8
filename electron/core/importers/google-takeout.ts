/**
 * A whole Google Takeout archive — the `.zip` Takeout sends, or the folder
 * it extracts to — imported as ONE job: every location history file in it,
 * in path order, through the Google location parser, so the vault writes
 * all of them in one transaction (all or nothing), progress runs over the
 * whole archive, and the summary lists each file with its record count.
 *
 * Files are recognised by what they hold, not by their names (Takeout
 * localises folder and month names: `Standortverlauf`, `2023_MAI.json`,
 * `Historial de ubicaciones (Timeline)`): every `.json` file's first 64 KiB
 * goes through the same detection as a single file (detect.ts), and those
 * detected as Google location history are imported — Records.json,
 * Semantic Location History months, Timeline Edits, a Timeline.json placed
 * in the folder. Everything else (Settings.json, Mail, Drive, Photos
 * sidecars…) is left alone. An archive with no location file is refused
 * with NoLocationHistoryError saying what it holds (`a Google Takeout
 * archive with Mail and Drive`).
 *
 * Bounds: zip entries and folder files (MAX_ZIP_ENTRIES), files that need a
 * look inside (MAX_ARCHIVE_CANDIDATES), folder depth (MAX_FOLDER_DEPTH; links
 * are not followed), the per-entry inflate ratio and declared sizes
 * (zip.ts), and the total size of the location files (MAX_ARCHIVE_BYTES).
 */
import type { Dirent } from 'node:fs';
import { opendir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { NewRecord } from '../../../shared/domain/record.js';
import { detectFormatFromHead, HEAD_BYTES } from './detect.js';
import { ImportLimitError, NoLocationHistoryError, UnknownFormatError, fileErrorFrom } from './errors.js';
import { GoogleLocationParser } from './google-location.js';
import { MAX_ARCHIVE_BYTES, MAX_ARCHIVE_CANDIDATES, MAX_FOLDER_DEPTH, MAX_ZIP_ENTRIES } from './limits.js';
import { openFileInput, readHead, runParser, type ByteInput } from './stream.js';
import type { ImportOptions } from './types.js';
import { openZipArchive, openZipEntry, readZipEntryHead, zipEntries, type ZipEntry } from './zip.js';

/** One location history file of an archive. */
export interface ArchiveFile {
  /** Path inside the archive or folder, `/`-separated (control characters shown as `?`). */
  path: string;
  /** Uncompressed size in bytes. */
  size: number;
  open(): Promise<ByteInput>;
}

export interface TakeoutScan {
  /** Base name of the archive or folder. */
  name: string;
  /** The location history files, in path order. */
  files: ArchiveFile[];
  /** What the archive holds, in words: `a Google Takeout archive with Mail and Drive`. */
  found: string;
  /** Whether it looks like a Google Takeout (a `Takeout` folder or `archive_browser.html`). */
  takeout: boolean;
  /** An Apple Health export.xml is in it (an unzipped Health export). */
  appleExport: boolean;
  close(): void;
}

const ZIP_MAGIC = 0x04034b50;

const printable = (s: string): string => s.replace(/[\p{Cc}\p{Cf}]/gu, '?');

/** `zip` for a zip file, `folder` for a directory, else null (a single file). */
export async function archiveKind(path: string): Promise<'zip' | 'folder' | null> {
  let st;
  try {
    st = await stat(path);
  } catch (e) {
    throw fileErrorFrom(basename(path), e);
  }
  if (st.isDirectory()) return 'folder';
  const head = await readHead(path, 4);
  return head.length >= 4 && head.readUInt32LE(0) === ZIP_MAGIC ? 'zip' : null;
}

/** Whether a file's first bytes are Google location history (any detection error: no). */
function isLocationHead(name: string, head: Buffer, complete: boolean): boolean {
  try {
    return detectFormatFromHead(name, head, complete) === 'google-location';
  } catch {
    return false;
  }
}

const isJsonName = (p: string): boolean => /\.json$/i.test(p) && !p.startsWith('__MACOSX/') && !basename(p).startsWith('._');

/** Opens a zip or folder and finds its location history files (see the module comment). */
export async function scanTakeout(path: string, kind: 'zip' | 'folder'): Promise<TakeoutScan> {
  const name = basename(path);
  return kind === 'zip' ? scanZip(path, name) : scanFolder(path, name);
}

async function scanZip(path: string, name: string): Promise<TakeoutScan> {
  const a = await openZipArchive(path, name);
  try {
    const seen = new ArchiveContents();
    const candidates: { path: string; entry: ZipEntry }[] = [];
    for await (const e of zipEntries(a)) {
      if (e.fileName.endsWith('/')) continue;
      const p = printable(e.fileName);
      seen.add(p);
      if (isJsonName(p)) {
        if (candidates.length >= MAX_ARCHIVE_CANDIDATES) throw tooManyCandidates(name);
        candidates.push({ path: p, entry: e });
      }
    }
    const files: ArchiveFile[] = [];
    for (const c of candidates.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0))) {
      if (c.entry.uncompressedSize === 0) continue;
      const head = await readZipEntryHead(a, c.entry, c.path, HEAD_BYTES);
      if (head.length === 0 || !isLocationHead(c.path, head, c.entry.uncompressedSize <= HEAD_BYTES)) continue;
      files.push({ path: c.path, size: c.entry.uncompressedSize, open: () => openZipEntry(a, c.entry, c.path) });
    }
    return { name, files, ...seen.describe('zip'), appleExport: seen.appleExport, close: () => a.close() };
  } catch (e) {
    a.close();
    throw e;
  }
}

async function scanFolder(root: string, name: string): Promise<TakeoutScan> {
  const seen = new ArchiveContents();
  const candidates: { path: string; full: string }[] = [];
  const walk = async (dir: string, rel: string, depth: number): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = [];
      for await (const d of await opendir(dir)) entries.push(d);
    } catch (e) {
      throw fileErrorFrom(rel === '' ? name : basename(dir), e);
    }
    entries.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
    for (const d of entries) {
      const r = rel === '' ? d.name : `${rel}/${d.name}`;
      if (d.isSymbolicLink()) continue;
      if (d.isDirectory()) {
        if (depth < MAX_FOLDER_DEPTH) await walk(join(dir, d.name), r, depth + 1);
        continue;
      }
      if (!d.isFile()) continue;
      if (seen.files >= MAX_ZIP_ENTRIES) {
        throw new ImportLimitError({ fileName: name, limit: 'archive-entries', reason: `the folder holds more than ${MAX_ZIP_ENTRIES.toLocaleString('en-US')} files` });
      }
      const p = printable(r);
      seen.add(p);
      if (isJsonName(p)) {
        if (candidates.length >= MAX_ARCHIVE_CANDIDATES) throw tooManyCandidates(name);
        candidates.push({ path: p, full: join(dir, d.name) });
      }
    }
  };
  await walk(root, '', 0);
  const files: ArchiveFile[] = [];
  for (const c of candidates) {
    const head = await readHead(c.full, HEAD_BYTES);
    if (head.length === 0 || !isLocationHead(c.path, head, head.length < HEAD_BYTES)) continue;
    const size = (await stat(c.full)).size;
    files.push({ path: c.path, size, open: async () => ({ ...(await openFileInput(c.full)), fileName: c.path }) });
  }
  return { name, files, ...seen.describe('folder'), appleExport: seen.appleExport, close: () => undefined };
}

function tooManyCandidates(name: string): ImportLimitError {
  return new ImportLimitError({ fileName: name, limit: 'archive-entries', reason: `more than ${MAX_ARCHIVE_CANDIDATES.toLocaleString('en-US')} .json files to look into` });
}

/** `Mail`, `Mail and Drive`, `Mail, Drive and Photos`, `A, B, C, D, E, F and 3 more`. */
function listWords(items: string[]): string {
  const shown = items.length > 7 ? [...items.slice(0, 6), `${items.length - 6} more`] : items;
  return shown.length <= 1 ? (shown[0] ?? '') : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)!}`;
}

/** What an archive holds, gathered path by path (no list of every path is kept). */
class ArchiveContents {
  files = 0;
  /** An Apple Health `export.xml` is among the files (an unzipped Health export). */
  appleExport = false;
  private takeout = false;
  private readonly products = new Set<string>();

  add(path: string): void {
    this.files++;
    const parts = path.split('/');
    if (parts.at(-1) === 'export.xml') this.appleExport = true;
    const at = parts.findIndex((x) => x.toLowerCase() === 'takeout');
    if (at !== -1 || parts.at(-1)?.toLowerCase() === 'archive_browser.html') this.takeout = true;
    // Product folders: below Takeout/ when there is one, else the top folders of an extracted Takeout.
    const base = at !== -1 ? at + 1 : 0;
    if (parts.length > base + 1 && this.products.size < 1000) this.products.add(parts[base]!);
  }

  /** `a Google Takeout archive with Drive and Mail`, or a count of files. */
  describe(kind: 'zip' | 'folder'): { found: string; takeout: boolean } {
    const what = kind === 'zip' ? 'archive' : 'folder';
    const { takeout, products } = this;
    if (takeout) {
      return { takeout, found: products.size === 0 ? `a Google Takeout ${what} with no product folders` : `a Google Takeout ${what} with ${listWords([...products].sort())}` };
    }
    const n = this.files;
    return { takeout, found: `a ${kind === 'zip' ? 'zip archive' : 'folder'} with ${n.toLocaleString('en-US')} file${n === 1 ? '' : 's'}` };
  }
}

/** What an archive with these file paths holds, in words (see ArchiveContents). */
export function describe(paths: readonly string[], kind: 'zip' | 'folder'): { found: string; takeout: boolean } {
  const c = new ArchiveContents();
  for (const p of paths) c.add(p);
  return c.describe(kind);
}

/**
 * Imports every location history file of an archive or folder (see the
 * module comment); `options.report.files` gets one entry per file.
 */
export async function* importTakeout(path: string, kind: 'zip' | 'folder', options: Omit<ImportOptions, 'format'>): AsyncGenerator<NewRecord[], void, undefined> {
  const scan = await scanTakeout(path, kind);
  try {
    if (scan.files.length === 0) {
      if (scan.takeout) throw new NoLocationHistoryError({ fileName: scan.name, found: scan.found });
      if (scan.appleExport) {
        throw new UnknownFormatError({ fileName: scan.name, reason: 'it is a folder holding an Apple Health export: import its export.xml (or the export.zip) instead' });
      }
      throw new UnknownFormatError({
        fileName: scan.name,
        reason: `it is ${scan.found}, but none of them is an Apple Health export.xml or a Google location history file`,
      });
    }
    const total = scan.files.reduce((n, f) => n + f.size, 0);
    if (total > MAX_ARCHIVE_BYTES) {
      throw new ImportLimitError({
        fileName: scan.name,
        limit: 'archive-bytes',
        reason: `its location files hold more than ${MAX_ARCHIVE_BYTES / 1024 ** 3} GiB uncompressed`,
      });
    }
    let bytesBefore = 0;
    let recordsBefore = 0;
    const { onProgress } = options;
    for (const f of scan.files) {
      const input = await f.open();
      let records = 0;
      try {
        const parse = runParser(
          input,
          {
            ...options,
            onProgress: onProgress && ((p) => onProgress({ bytesRead: bytesBefore + p.bytesRead, totalBytes: total, records: recordsBefore + p.records })),
          },
          (sink) => new GoogleLocationParser(f.path, sink, true),
          { text: true },
        );
        for await (const batch of parse) {
          records += batch.length;
          yield batch;
        }
      } finally {
        input.close?.();
      }
      bytesBefore += f.size;
      recordsBefore += records;
      if (options.report) (options.report.files ??= []).push({ name: f.path, records });
    }
  } finally {
    scan.close();
  }
}
