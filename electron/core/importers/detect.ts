/**
 * Format auto-detection from the first 64 KiB of a file (its content
 * decides; the extension only settles what the content leaves open):
 *
 * | first bytes                                         | format          |
 * | --------------------------------------------------- | --------------- |
 * | a folder                                            | google-location |
 * |   (a Takeout folder: google-takeout.ts looks inside) |                 |
 * | zip signature `PK\x03\x04` listing `…/export.xml`     | apple-health    |
 * | any other zip (a Takeout archive)                   | google-location |
 * | `<` … `<HealthData` or `<!DOCTYPE HealthData`       | apple-health    |
 * | `{` with first key locations / semanticSegments /   | google-location |
 * |   rawSignals / timelineObjects / userLocationProfile|                 |
 * |   / timelineEdits                                   |                 |
 * | `[` whose first object starts with startTime,       | google-location |
 * |   endTime, visit, activity, timelinePath (iOS)      |                 |
 * | `[` otherwise                                       | json            |
 * | `{` with a complete JSON object on the first line   | ndjson          |
 * | other text with `,` `;` or tab on the first line,   | csv             |
 * |   or any text in a .csv/.tsv/.txt file              |                 |
 *
 * Errors: EmptyFileError (0 bytes, or only whitespace/BOM);
 * BinaryFileError (NUL bytes, invalid UTF-8, UTF-16, gzip…);
 * UnknownFormatError otherwise (XML that is not Apple Health, a JSON
 * object of unknown shape, text without a delimiter), listing the
 * supported formats and suggesting to choose one.
 */
import { basename, extname } from 'node:path';
import type { ImportFormat } from '../../../shared/domain/record.js';
import { stat } from 'node:fs/promises';
import { isExportXmlEntry } from './apple-health.js';
import { BinaryFileError, EmptyFileError, UnknownFormatError, fileErrorFrom } from './errors.js';
import { openZipArchive, zipEntries } from './zip.js';
import { firstInvalidUtf8, readHead } from './stream.js';

export const HEAD_BYTES = 64 * 1024;

const GOOGLE_OBJECT_KEYS = new Set(['locations', 'semanticSegments', 'rawSignals', 'timelineObjects', 'userLocationProfile', 'timelineEdits']);
const GOOGLE_ARRAY_KEYS = new Set(['startTime', 'endTime', 'visit', 'activity', 'timelinePath', 'timelineMemory']);
const CSV_EXTENSIONS = new Set(['.csv', '.tsv', '.txt']);
const NDJSON_EXTENSIONS = new Set(['.ndjson', '.jsonl']);

/**
 * Detects the format of a file from its name and first bytes. A folder is a
 * Google Takeout folder; a zip archive is Apple Health when it holds an
 * `…/export.xml`, else a Google Takeout archive (the Google importer looks
 * inside and says what it found when there is no location history).
 */
export async function detectFormat(filePath: string): Promise<ImportFormat> {
  let st;
  try {
    st = await stat(filePath);
  } catch (e) {
    throw fileErrorFrom(basename(filePath), e);
  }
  if (st.isDirectory()) return 'google-location';
  const head = await readHead(filePath, HEAD_BYTES);
  const format = detectFormatFromHead(basename(filePath), head, head.length < HEAD_BYTES);
  if (format === 'apple-health' && isZipHead(head)) return (await zipHasExportXml(filePath)) ? 'apple-health' : 'google-location';
  return format;
}

function isZipHead(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b;
}

/** Whether a zip lists an Apple Health `…/export.xml` (names only; nothing is inflated). */
async function zipHasExportXml(filePath: string): Promise<boolean> {
  const a = await openZipArchive(filePath, basename(filePath));
  try {
    for await (const e of zipEntries(a)) if (isExportXmlEntry(e.fileName)) return true;
    return false;
  } finally {
    a.close();
  }
}

/**
 * Detects the format from a file's first bytes. `complete` says whether
 * `head` is the whole file (then its last line is complete too).
 */
export function detectFormatFromHead(fileName: string, head: Uint8Array, complete: boolean): ImportFormat {
  const name = basename(fileName);
  if (head.length === 0) throw new EmptyFileError({ fileName: name });
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5) && (head[3] === 4 || head[3] === 6)) {
    return 'apple-health';
  }
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new BinaryFileError({ fileName: name, reason: 'is UTF-16 text; save it as UTF-8 and import it again' });
  }
  if (head[0] === 0x1f && head[1] === 0x8b) {
    throw new BinaryFileError({ fileName: name, reason: 'is gzip-compressed; decompress it first' });
  }
  const nul = head.indexOf(0);
  if (nul !== -1) throw new BinaryFileError({ fileName: name, reason: 'looks like binary data, not text', byteOffset: nul });

  // Decode, ignoring a character cut off at the end of the head.
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: !complete });
  } catch {
    throw new BinaryFileError({ fileName: name, reason: 'is not UTF-8 text', byteOffset: firstInvalidUtf8(head) });
  }
  text = text.trimStart();
  if (text === '') throw new EmptyFileError({ fileName: name });
  const ext = extname(name).toLowerCase();
  const unknown = (reason: string): never => {
    throw new UnknownFormatError({ fileName: name, reason });
  };

  const first = text[0];
  if (first === '<') {
    if (/<HealthData[\s>]/.test(text) || /<!DOCTYPE\s+HealthData[\s[>]/.test(text)) return 'apple-health';
    return unknown('it is XML, but not an Apple Health export (no <HealthData> element)');
  }
  if (first === '[') {
    const key = /^\[\s*\{\s*"((?:[^"\\]|\\.)*)"/.exec(text)?.[1];
    return key !== undefined && GOOGLE_ARRAY_KEYS.has(key) ? 'google-location' : 'json';
  }
  if (first === '{') {
    const key = /^\{\s*"((?:[^"\\]|\\.)*)"/.exec(text)?.[1];
    if (key !== undefined && GOOGLE_OBJECT_KEYS.has(key)) return 'google-location';
    const nl = text.indexOf('\n');
    if (nl !== -1 || complete) {
      const line = nl === -1 ? text : text.slice(0, nl);
      if (isJsonObject(line)) return 'ndjson';
    } else if (NDJSON_EXTENSIONS.has(ext)) {
      return 'ndjson';
    }
    return unknown('it is a JSON object of unknown shape (not NDJSON with one object per line, nor a Google location export)');
  }
  const firstLine = text.slice(0, Math.max(0, text.search(/\r|\n/)) || text.length);
  if (CSV_EXTENSIONS.has(ext) || /[,;\t]/.test(firstLine)) return 'csv';
  return unknown('it is text, but not CSV (no comma, semicolon or tab on the first line), JSON or XML');
}

function isJsonObject(line: string): boolean {
  try {
    const v: unknown = JSON.parse(line);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}
