/**
 * Reading entries of an untrusted zip archive, bounded (the Google Takeout
 * archive importer uses it; the technique is the one apple-health.ts uses
 * for export.zip: yauzl for the directory, our own zlib inflater with large
 * pieces for the data):
 *
 * - the central directory may list at most MAX_ZIP_ENTRIES entries;
 * - an entry is inflated while it is read, never to disk; its output is
 *   counted as it arrives and refused as soon as it exceeds the size the
 *   directory declares (a zip bomb cannot make us inflate more than that),
 *   and at the end size and CRC-32 must match;
 * - callers check declared sizes before reading (ratio and total caps, see
 *   checkEntryBounds) so a bomb is refused before any work.
 *
 * Errors are ImportFormatError (damaged, encrypted, unsupported method) and
 * ImportLimitError (bounds), naming the archive and the entry, never data.
 */
import { pipeline, type Readable } from 'node:stream';
import { crc32, createInflateRaw, type ZlibOptions } from 'node:zlib';
import yauzl from 'yauzl';
import { ImportError, ImportFormatError, ImportLimitError, fileErrorFrom } from './errors.js';
import { MAX_ZIP_ENTRIES, MAX_ZIP_ENTRY_RATIO, MAX_ZIP_RATIO_FREE_BYTES } from './limits.js';
import type { ByteInput } from './stream.js';

const INFLATE_CHUNK_BYTES = 256 * 1024;
const INFLATE_READ_AHEAD_BYTES = 1024 * 1024;
const ZIP_HINT = 'The archive looks incomplete or damaged. Download or copy it again, or extract it and import the folder.';

export type ZipEntry = yauzl.Entry;

export interface ZipArchive {
  /** Base name of the archive file. */
  readonly name: string;
  readonly zip: yauzl.ZipFile;
  close(): void;
}

/** Opens a zip file; file-system errors become ImportFileError, a file that is not a zip ImportFormatError. */
export async function openZipArchive(filePath: string, name: string): Promise<ZipArchive> {
  let zip: yauzl.ZipFile;
  try {
    zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
      yauzl.open(filePath, { lazyEntries: true, autoClose: false, strictFileNames: false, validateEntrySizes: true }, (err, z) => {
        if (err || !z) reject(err ?? new Error('no zip file'));
        else resolve(z);
      });
    });
  } catch (e) {
    const mapped = fileErrorFrom(name, e);
    if (mapped !== e) throw mapped;
    throw new ImportFormatError({ fileName: name, reason: 'is not a readable zip archive (it may be incomplete or damaged)', hint: ZIP_HINT });
  }
  if (zip.entryCount > MAX_ZIP_ENTRIES) {
    zip.close();
    throw new ImportLimitError({ fileName: name, limit: 'archive-entries', reason: `the archive lists more than ${MAX_ZIP_ENTRIES.toLocaleString('en-US')} files` });
  }
  return { name, zip, close: () => zip.close() };
}

/** Every entry of the central directory, in order (directories included). */
export async function* zipEntries(a: ZipArchive): AsyncGenerator<ZipEntry> {
  for (;;) {
    let e: ZipEntry | null;
    try {
      e = await nextEntry(a.zip);
    } catch {
      throw new ImportFormatError({ fileName: a.name, reason: 'the zip archive is damaged (its directory cannot be read)', hint: ZIP_HINT });
    }
    if (e === null) return;
    yield e;
  }
}

function nextEntry(zip: yauzl.ZipFile): Promise<ZipEntry | null> {
  return new Promise((resolve, reject) => {
    const done = (): void => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    const onEntry = (e: ZipEntry): void => {
      done();
      resolve(e);
    };
    const onEnd = (): void => {
      done();
      resolve(null);
    };
    const onError = (err: Error): void => {
      done();
      reject(err);
    };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

/**
 * Refuses an entry whose declared sizes look like a zip bomb: more than
 * MAX_ZIP_ENTRY_RATIO times larger inflated than stored (above a small
 * size where ratios mean nothing), encrypted, or an unknown method.
 */
export function checkEntryBounds(a: ZipArchive, e: ZipEntry, shownAs: string): void {
  if (e.isEncrypted()) throw new ImportFormatError({ fileName: a.name, reason: `${shownAs} in the archive is encrypted`, hint: ZIP_HINT });
  if (e.compressionMethod !== 0 && e.compressionMethod !== 8) {
    throw new ImportFormatError({ fileName: a.name, reason: `${shownAs} in the archive uses an unsupported compression method (${e.compressionMethod})`, hint: ZIP_HINT });
  }
  checkEntryRatio(a.name, e, shownAs);
}

/** The ratio part of checkEntryBounds, for readers with their own archive handling (apple-health.ts). */
export function checkEntryRatio(zipName: string, e: ZipEntry, shownAs: string): void {
  if (e.uncompressedSize > MAX_ZIP_RATIO_FREE_BYTES && e.uncompressedSize > MAX_ZIP_ENTRY_RATIO * Math.max(1, e.compressedSize)) {
    throw new ImportLimitError({
      fileName: zipName,
      limit: 'archive-ratio',
      reason: `${shownAs} in the archive would inflate more than ${MAX_ZIP_ENTRY_RATIO} times its stored size (a zip bomb?)`,
    });
  }
}

/** Refuses inflated output beyond the entry's declared size as soon as it arrives. */
export function checkInflatedSize(zipName: string, shownAs: string, bytes: number, declared: number): void {
  if (bytes > declared) {
    throw new ImportLimitError({
      fileName: zipName,
      limit: 'archive-ratio',
      reason: `${shownAs} in the archive inflates to more than the size its directory declares (a damaged archive or a zip bomb)`,
    });
  }
}

function openRaw(zip: yauzl.ZipFile, e: ZipEntry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(e, { decompress: e.isCompressed() ? false : null, decrypt: null, start: null, end: null }, (err, s) => {
      if (err || !s) reject(err ?? new Error('no stream'));
      else resolve(s);
    });
  });
}

/**
 * The entry's inflated bytes as a ByteInput named `shownAs`. Output beyond
 * the declared size stops the read at once; at the end size and CRC-32 must
 * match. `limit` reads only the first bytes (for detection): then the size
 * and CRC are not checked.
 */
export async function openZipEntry(a: ZipArchive, e: ZipEntry, shownAs: string, limit?: number): Promise<ByteInput> {
  // A head read is bounded by `limit` itself; the ratio matters only for a whole read.
  if (limit === undefined) checkEntryBounds(a, e, shownAs);
  let raw: Readable;
  try {
    raw = await openRaw(a.zip, e);
  } catch {
    throw new ImportFormatError({ fileName: a.name, reason: `${shownAs} in the archive cannot be read (the archive is damaged)`, hint: ZIP_HINT });
  }
  const options: ZlibOptions & { readableHighWaterMark: number } = { chunkSize: INFLATE_CHUNK_BYTES, readableHighWaterMark: INFLATE_READ_AHEAD_BYTES };
  const stream = e.compressionMethod === 8 ? pipeline(raw, createInflateRaw(options), () => undefined) : raw;
  return {
    fileName: shownAs,
    totalBytes: e.uncompressedSize,
    chunks: inflated(stream, a.name, shownAs, e, limit),
    close: () => stream.destroy(),
  };
}

async function* inflated(stream: Readable, zipName: string, shownAs: string, e: ZipEntry, limit: number | undefined): AsyncGenerator<Buffer> {
  let bytes = 0;
  let crc = 0;
  try {
    for await (const chunk of stream) {
      const b = chunk as Buffer;
      bytes += b.length;
      checkInflatedSize(zipName, shownAs, bytes, e.uncompressedSize);
      if (limit !== undefined) {
        yield b;
        if (bytes >= limit) return;
        continue;
      }
      crc = crc32(b, crc);
      yield b;
    }
    if (limit === undefined && (bytes !== e.uncompressedSize || crc !== e.crc32)) {
      throw new ImportFormatError({ fileName: zipName, reason: `${shownAs} in the archive does not match its checksum: the archive is damaged`, hint: ZIP_HINT });
    }
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw new ImportFormatError({ fileName: zipName, reason: `the compressed data of ${shownAs} in the archive is damaged`, hint: ZIP_HINT });
  } finally {
    stream.destroy();
  }
}

/** The first `n` inflated bytes of an entry (fewer when it is shorter); empty for an encrypted entry or an unknown method. */
export async function readZipEntryHead(a: ZipArchive, e: ZipEntry, shownAs: string, n: number): Promise<Buffer> {
  if (e.isEncrypted() || (e.compressionMethod !== 0 && e.compressionMethod !== 8)) return Buffer.alloc(0);
  const input = await openZipEntry(a, e, shownAs, n);
  const parts: Buffer[] = [];
  let got = 0;
  try {
    for await (const c of input.chunks) {
      parts.push(c);
      got += c.length;
      if (got >= n) break;
    }
  } finally {
    input.close?.();
  }
  return Buffer.concat(parts).subarray(0, n);
}
