/** Helpers for the importer tests: collecting batches, temp files, inputs from memory. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { NewRecord } from '../../shared/domain/record.js';
import type { ByteInput } from '../../electron/core/importers/stream.js';

export const FIXTURES = resolve('test/fixtures');

export const fixture = (...parts: string[]): string => join(FIXTURES, ...parts);
export const readFixture = (...parts: string[]): Buffer => readFileSync(fixture(...parts));

/** Date.UTC with a 1-based month. */
export const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number => Date.UTC(y, mo - 1, d, h, mi, s, ms);

/** All records of an import, in order. */
export async function collect(batches: AsyncIterable<NewRecord[]>): Promise<NewRecord[]> {
  const out: NewRecord[] = [];
  for await (const b of batches) out.push(...b);
  return out;
}

/** The error an import throws; fails the test when it completes. */
export async function collectError(batches: AsyncIterable<NewRecord[]>): Promise<Error> {
  try {
    await collect(batches);
  } catch (e) {
    if (e instanceof Error) return e;
    throw new Error(`import threw a non-Error: ${String(e)}`, { cause: e });
  }
  throw new Error('expected the import to fail, but it completed');
}

const tmpDirs: string[] = [];

/** A new temp folder; remove them all with removeImporterTmpDirs (in afterAll). */
export function importerTmpDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dw-importers-'));
  tmpDirs.push(dir);
  return dir;
}

export function removeImporterTmpDirs(): void {
  for (const d of tmpDirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Writes `content` to a new temp file named `name` and returns its path. */
export function writeTemp(name: string, content: string | Uint8Array, dir = importerTmpDir()): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** A ByteInput over bytes in memory, cut into chunks of `chunkSize` bytes. */
export function memoryInput(fileName: string, data: Uint8Array | string, chunkSize = 64 * 1024): ByteInput {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
  return {
    fileName,
    totalBytes: buf.length,
    chunks: (async function* () {
      for (let i = 0; i < buf.length; i += chunkSize) yield buf.subarray(i, i + chunkSize);
    })(),
  };
}
