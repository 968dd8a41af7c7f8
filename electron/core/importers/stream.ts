/**
 * The machinery every importer shares: read a byte source chunk by chunk,
 * feed a synchronous chunk parser, collect its records into batches, yield
 * them (the generator's suspension is the back-pressure: nothing more is
 * read until the consumer asks for the next batch), report progress, and
 * stop on abort. Memory stays bounded by one chunk plus what one chunk can
 * produce.
 */
import { createReadStream } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ImportProgress, NewRecord } from '../../../shared/domain/record.js';
import { BinaryFileError, EmptyFileError, ImportAbortedError, ImportFormatError, ImportLimitError, fileErrorFrom, type Position } from './errors.js';
import { MAX_DATASETS_PER_IMPORT } from './limits.js';
import { countIn, newImportReport, type ImportOptions, type ImportReport } from './types.js';

/** Bytes per read from disk. */
export const CHUNK_BYTES = 256 * 1024;
export const DEFAULT_BATCH_SIZE = 1000;
/** Minimum time between progress reports that are not tied to a batch. */
const PROGRESS_INTERVAL_MS = 200;

/** Limits of the record schema (shared/domain/record.ts), checked before a record leaves a parser. */
const MAX_KIND = 200;
const MAX_UNIT = 100;
const MAX_SOURCE = 500;

/** A stream of raw bytes to import. */
export interface ByteInput {
  /** Base name shown in messages. */
  fileName: string;
  /** Size in bytes when known. */
  totalBytes: number | null;
  chunks: AsyncIterable<Buffer>;
  /** Releases what the input holds open, in case `chunks` was never iterated to its end. */
  close?: () => void;
}

/** A synchronous parser: gets raw chunks, pushes records into its sink. */
export interface ChunkParser {
  write(chunk: Buffer): void;
  /** No more input: check completeness, push what is left. */
  end(): void;
}

/** Collects records into batches of a fixed size. */
export class RecordSink {
  private current: NewRecord[] = [];
  private readonly ready: NewRecord[][] = [];
  /** Records pushed so far. */
  count = 0;
  /** Where the parser is now; used to place errors about a record's fields. */
  position: () => Position = () => ({});
  /** Distinct kinds (datasets) pushed so far; bounded by MAX_DATASETS_PER_IMPORT. */
  private readonly kinds = new Set<string>();
  private lastKind = '';

  /** Repairs and skipped elements, counted for the import's summary. */
  readonly report: ImportReport;

  constructor(
    readonly fileName: string,
    private readonly batchSize: number,
    report?: ImportReport,
  ) {
    this.report = report ?? newImportReport();
  }

  /** One more known defect of kind `what` repaired (or `n`). */
  repaired(what: string, n = 1): void {
    countIn(this.report.repaired, what, n);
  }

  /** One more element of kind `what` not imported. */
  skipped(what: string, n = 1): void {
    countIn(this.report.skipped, what, n);
  }

  push(r: NewRecord): void {
    if (r.kind.length === 0 || r.kind.length > MAX_KIND) this.fail(`the dataset kind must be 1–${MAX_KIND} characters long`);
    if (r.unit !== null && r.unit.length > MAX_UNIT) this.fail(`the unit is longer than ${MAX_UNIT} characters`);
    if (r.source !== null && r.source.length > MAX_SOURCE) this.fail(`the source name is longer than ${MAX_SOURCE} characters`);
    if (r.tEnd < r.tStart) this.fail('the end time is before the start time');
    if (r.kind !== this.lastKind) {
      this.lastKind = r.kind;
      if (!this.kinds.has(r.kind)) {
        if (this.kinds.size >= MAX_DATASETS_PER_IMPORT) {
          throw new ImportLimitError({
            fileName: this.fileName,
            ...this.position(),
            limit: 'datasets',
            reason: `the file would create more than ${MAX_DATASETS_PER_IMPORT} datasets`,
            hint:
              'Nothing from this file was imported. Each value column (or field) becomes its own dataset: name the few value columns to import, or check that the first row really is a header.',
          });
        }
        this.kinds.add(r.kind);
      }
    }
    this.current.push(r);
    this.count++;
    if (this.current.length >= this.batchSize) {
      this.ready.push(this.current);
      this.current = [];
    }
  }

  /** Full batches collected since the last call. */
  takeReady(): NewRecord[][] {
    return this.ready.length === 0 ? [] : this.ready.splice(0, this.ready.length);
  }

  /** The last, partial batch (or null). */
  takeRest(): NewRecord[] | null {
    if (this.current.length === 0) return null;
    const rest = this.current;
    this.current = [];
    return rest;
  }

  private fail(reason: string): never {
    throw new ImportFormatError({ fileName: this.fileName, ...this.position(), reason });
  }
}

function abortError(fileName: string, signal: AbortSignal): ImportAbortedError {
  return new ImportAbortedError({ fileName, cause: signal.reason });
}

export interface RunOptions {
  /** Text formats: reject NUL bytes and treat a whitespace-only input as empty. */
  text: boolean;
}

/**
 * Drives `parser` over `input`, yielding batches. Throws ImportAbortedError
 * when `options.signal` aborts, EmptyFileError for empty input.
 */
export async function* runParser(
  input: ByteInput,
  options: Pick<ImportOptions, 'signal' | 'onProgress' | 'batchSize' | 'report'>,
  createParser: (sink: RecordSink) => ChunkParser,
  run: RunOptions,
): AsyncGenerator<NewRecord[], void, undefined> {
  const { fileName } = input;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000) {
    throw new RangeError('batchSize must be an integer from 1 to 100000');
  }
  const { signal, onProgress } = options;
  if (signal?.aborted) throw abortError(fileName, signal);
  if (input.totalBytes === 0) throw new EmptyFileError({ fileName });

  const sink = new RecordSink(fileName, batchSize, options.report);
  const parser = createParser(sink);
  let bytesRead = 0;
  let yielded = 0;
  let lastReport = 0;
  let lastBytes = -1;
  let lastRecords = -1;
  let sawContent = !run.text;
  const report = (force: boolean): void => {
    if (!onProgress) return;
    const now = Date.now();
    if (!force && now - lastReport < PROGRESS_INTERVAL_MS) return;
    if (bytesRead === lastBytes && yielded === lastRecords) return;
    lastReport = now;
    lastBytes = bytesRead;
    lastRecords = yielded;
    const p: ImportProgress = { bytesRead, totalBytes: input.totalBytes, records: yielded };
    onProgress(p);
  };

  for await (const chunk of input.chunks) {
    if (signal?.aborted) throw abortError(fileName, signal);
    if (run.text) {
      const nul = chunk.indexOf(0);
      if (nul !== -1) throw new BinaryFileError({ fileName, reason: 'contains NUL bytes, so it is not a text file', byteOffset: bytesRead + nul });
      if (!sawContent) sawContent = hasContent(chunk, bytesRead === 0);
    }
    bytesRead += chunk.length;
    parser.write(chunk);
    for (const batch of sink.takeReady()) {
      yielded += batch.length;
      report(true);
      if (signal?.aborted) throw abortError(fileName, signal);
      yield batch;
      if (signal?.aborted) throw abortError(fileName, signal);
    }
    report(false);
  }
  if (!sawContent || bytesRead === 0) throw new EmptyFileError({ fileName });
  parser.end();
  const batches = sink.takeReady();
  const rest = sink.takeRest();
  if (rest) batches.push(rest);
  for (const batch of batches) {
    yielded += batch.length;
    report(true);
    if (signal?.aborted) throw abortError(fileName, signal);
    yield batch;
    if (signal?.aborted) throw abortError(fileName, signal);
  }
  if (batches.length === 0) report(true);
}

/** True when the chunk has a byte other than whitespace (and, at the start, a UTF-8 BOM). */
function hasContent(chunk: Buffer, atStart: boolean): boolean {
  let i = 0;
  if (atStart && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3;
  for (; i < chunk.length; i++) {
    const b = chunk[i];
    if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) return true;
  }
  return false;
}

/** The first `n` bytes of a file (fewer if it is shorter); file-system errors become ImportFileError. */
export async function readHead(filePath: string, n: number): Promise<Buffer> {
  let fh: FileHandle | undefined;
  try {
    fh = await open(filePath, 'r');
    if ((await fh.stat()).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } catch (e) {
    throw fileErrorFrom(basename(filePath), e);
  } finally {
    await fh?.close();
  }
}

/** Opens a file as a ByteInput; file-system errors become ImportFileError. */
export async function openFileInput(filePath: string, chunkBytes = CHUNK_BYTES): Promise<ByteInput> {
  const fileName = basename(filePath);
  let size: number;
  try {
    const st = await stat(filePath);
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    size = st.size;
  } catch (e) {
    throw fileErrorFrom(fileName, e);
  }
  return { fileName, totalBytes: size, chunks: readChunks(filePath, fileName, chunkBytes) };
}

async function* readChunks(filePath: string, fileName: string, chunkBytes: number): AsyncGenerator<Buffer> {
  const stream = createReadStream(filePath, { highWaterMark: chunkBytes });
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (e) {
    throw fileErrorFrom(fileName, e);
  } finally {
    stream.destroy();
  }
}

/**
 * Streaming UTF-8 decoding that refuses invalid bytes (BinaryFileError with
 * the byte offset) instead of replacing them. A leading BOM is dropped.
 */
export class Utf8Decoder {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private offset = 0;

  constructor(private readonly fileName: string) {}

  decode(chunk: Uint8Array): string {
    try {
      const s = this.decoder.decode(chunk, { stream: true });
      this.offset += chunk.length;
      return s;
    } catch {
      throw new BinaryFileError({ fileName: this.fileName, reason: 'is not valid UTF-8 text', byteOffset: this.offset + firstInvalidUtf8(chunk) });
    }
  }

  end(): string {
    try {
      return this.decoder.decode();
    } catch {
      throw new BinaryFileError({ fileName: this.fileName, reason: 'ends in the middle of a UTF-8 character', byteOffset: this.offset });
    }
  }
}

/**
 * Index of the first byte that starts an invalid UTF-8 sequence (a
 * continuation byte carried over from the previous chunk counts as valid).
 * Only used to place an error, so it may be approximate at chunk starts.
 */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  // Skip continuation bytes of a character that began in the previous chunk.
  while (i < 3 && i < b.length && ((b[i] ?? 0) & 0xc0) === 0x80) i++;
  while (i < b.length) {
    const c = b[i] ?? 0;
    let need: number;
    if (c < 0x80) need = 0;
    else if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) need = 2;
    else if (c >= 0xf0 && c <= 0xf4) need = 3;
    else return i;
    for (let k = 1; k <= need; k++) {
      if (i + k >= b.length) return i;
      if (((b[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return Math.max(0, b.length - 1);
}
