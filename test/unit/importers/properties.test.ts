/**
 * Robustness properties for every importer: whatever bytes come in
 * (truncated, corrupted, random, or valid text with junk spliced in), an
 * import either completes with records the vault accepts, or throws one of
 * OUR error classes — never a TypeError/RangeError or an unhandled library
 * error — and it never hangs.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAppleHealthXml } from '../../../electron/core/importers/apple-health.js';
import { parseCsv } from '../../../electron/core/importers/csv.js';
import { ImportError } from '../../../electron/core/importers/errors.js';
import { parseGoogleLocation } from '../../../electron/core/importers/google-location.js';
import { openImporter } from '../../../electron/core/importers/index.js';
import { parseJson, parseNdjson } from '../../../electron/core/importers/json.js';
import type { ByteInput } from '../../../electron/core/importers/stream.js';
import { assertValidRecord } from '../../../electron/core/vault/records/validate-record.js';
import type { NewRecord } from '../../../shared/domain/record.js';
import { importerTmpDir, memoryInput, readFixture, removeImporterTmpDirs } from '../../helpers/importer-collect.js';
import { buildZip } from '../../helpers/importer-zip.js';

afterAll(removeImporterTmpDirs);

type Parse = (input: ByteInput) => AsyncIterable<NewRecord[]>;

const CASES: { name: string; file: string; parse: Parse }[] = [
  { name: 'CSV', file: 'generic/journal.csv', parse: (i) => parseCsv(i, { mapping: { kind: 'k' } }) },
  { name: 'CSV (semicolon, BOM)', file: 'generic/gewicht.csv', parse: (i) => parseCsv(i, { mapping: { kind: 'k' } }) },
  { name: 'CSV (Data Wallet export)', file: 'generic/wallet-export.csv', parse: (i) => parseCsv(i, { mapping: { kind: 'k' } }) },
  { name: 'JSON', file: 'generic/heart.json', parse: (i) => parseJson(i, { mapping: { kind: 'k' } }) },
  { name: 'JSON (Data Wallet export)', file: 'generic/wallet-export.json', parse: (i) => parseJson(i, { mapping: { kind: 'k' } }) },
  { name: 'NDJSON', file: 'generic/sleep.ndjson', parse: (i) => parseNdjson(i, { mapping: { kind: 'k' } }) },
  { name: 'Apple Health XML', file: 'apple-health/export.xml', parse: (i) => parseAppleHealthXml(i, {}) },
  { name: 'Google Records.json', file: 'google/Records.json', parse: (i) => parseGoogleLocation(i, {}) },
  { name: 'Google Timeline.json', file: 'google/Timeline.json', parse: (i) => parseGoogleLocation(i, {}) },
  { name: 'Google iOS timeline', file: 'google/timeline-ios.json', parse: (i) => parseGoogleLocation(i, {}) },
];

const RUNS = 120;
const PARAMS = { numRuns: RUNS, timeout: 5000, interruptAfterTimeLimit: 20_000 };

/** Runs an import to its end; true when it completed, throws if the failure is not ours. */
async function outcome(batches: AsyncIterable<NewRecord[]>): Promise<'ok' | 'error'> {
  try {
    let b = 0;
    for await (const batch of batches) {
      batch.forEach((r, i) => assertValidRecord(r, b, i));
      b++;
    }
    return 'ok';
  } catch (e) {
    if (e instanceof ImportError) {
      // Our errors carry a base file name and a message, never a stack-only object.
      expect(e.fileName).not.toContain('/');
      expect(e.shortMessage.length).toBeGreaterThan(0);
      return 'error';
    }
    throw e;
  }
}

const chunkSize = fc.integer({ min: 7, max: 4096 });

describe.each(CASES)('$name', ({ file, parse }) => {
  const bytes = readFixture(file);
  const name = file.split('/').pop()!;

  it('the intact fixture imports', async () => {
    expect(await outcome(parse(memoryInput(name, bytes)))).toBe('ok');
  });

  it('random truncation → completes or throws our error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: bytes.length }), chunkSize, async (cut, size) => {
        await outcome(parse(memoryInput(name, bytes.subarray(0, cut), size)));
      }),
      PARAMS,
    );
  });

  it('random byte corruption → completes or throws our error', async () => {
    const edit = fc.record({ at: fc.integer({ min: 0, max: bytes.length - 1 }), byte: fc.integer({ min: 0, max: 255 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 8 }), chunkSize, async (edits, size) => {
        const b = Buffer.from(bytes);
        for (const { at, byte } of edits) b[at] = byte;
        await outcome(parse(memoryInput(name, b, size)));
      }),
      PARAMS,
    );
  });

  it('random text spliced in, or random strings → completes or throws our error', async () => {
    const junk = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom('"', '""', ',', ';', '\n', '\r', '{', '}', '[', ']', '<', '>', '&', '&#x0;', '</Record>', '<Record>', '\\', '\u2028', '\ufeff', '1e999', '-', 'null'),
    );
    const input = fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: bytes.length }), fc.integer({ min: 0, max: 20 }), junk).map(([at, del, s]) =>
        Buffer.concat([bytes.subarray(0, at), Buffer.from(s, 'utf8'), bytes.subarray(Math.min(bytes.length, at + del))]),
      ),
      fc.string({ unit: 'binary', maxLength: 300 }).map((s) => Buffer.from(s, 'utf8')),
      fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
    );
    await fc.assert(
      fc.asyncProperty(input, chunkSize, async (b, size) => {
        await outcome(parse(memoryInput(name, b, size)));
      }),
      PARAMS,
    );
  });
});

describe('through openImporter (detection + files)', () => {
  const dir = importerTmpDir();
  let n = 0;

  it('random bytes with format auto → completes or throws our error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 200 }),
          fc.string({ unit: 'binary', maxLength: 200 }).map((s) => Buffer.from(s, 'utf8')),
          fc.constantFrom('[', '{', '<', 'PK\u0003\u0004', '{"locations":', '[{"startTime":', '<HealthData>').map((s) => Buffer.from(s, 'utf8')),
        ),
        async (b) => {
          const path = join(dir, `random-${n++}.dat`);
          writeFileSync(path, b);
          await outcome(openImporter(path, { format: 'auto', mapping: { kind: 'k' } }));
        },
      ),
      PARAMS,
    );
  });

  it('a corrupted or truncated export.zip → completes or throws our error', async () => {
    const zip = buildZip([
      { name: 'apple_health_export/export_cda.xml', data: '<ClinicalDocument/>' },
      { name: 'apple_health_export/export.xml', data: readFixture('apple-health/export.xml') },
    ]);
    const damage = fc.oneof(
      fc.integer({ min: 0, max: zip.length }).map((cut) => zip.subarray(0, cut)),
      fc.array(fc.record({ at: fc.integer({ min: 0, max: zip.length - 1 }), byte: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 6 }).map(
        (edits) => {
          const b = Buffer.from(zip);
          for (const { at, byte } of edits) b[at] = byte;
          return b;
        },
      ),
    );
    await fc.assert(
      fc.asyncProperty(damage, async (b) => {
        const path = join(dir, `export-${n++}.zip`);
        writeFileSync(path, b);
        await outcome(openImporter(path, { format: 'apple-health' }));
      }),
      PARAMS,
    );
  });
});
