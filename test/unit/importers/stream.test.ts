import { existsSync, readdirSync, readlinkSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportAbortedError, ImportError, openImporter } from '../../../electron/core/importers/index.js';
import type { ImportProgress } from '../../../shared/domain/record.js';
import { collect, collectError, fixture, importerTmpDir, readFixture, removeImporterTmpDirs, writeTemp } from '../../helpers/importer-collect.js';
import { elementsForBytes, writeAppleHealthExport } from '../../helpers/importer-gen-apple-health.js';
import { buildZip } from '../../helpers/importer-zip.js';

afterAll(removeImporterTmpDirs);

/** A CSV of `rows` rows (about 40 bytes each). */
function bigCsv(rows: number): string {
  const lines = ['time,steps,note'];
  for (let i = 0; i < rows; i++) lines.push(`${new Date(1_700_000_000_000 + i * 60_000).toISOString()},${i % 977},"row ${i}, ok"`);
  return `${lines.join('\n')}\n`;
}

/** Where this process's open descriptors are listed as links to their files (Linux); the fd tests are skipped, visibly, elsewhere. */
const FD_DIR = existsSync('/proc/self/fd') ? '/proc/self/fd' : undefined;
/** How many of this process's descriptors are open on `path` (other tests' descriptors are not counted). */
function fdsOpenOn(path: string): number {
  const target = realpathSync(path);
  let n = 0;
  for (const fd of readdirSync(FD_DIR!)) {
    try {
      if (readlinkSync(join(FD_DIR!, fd)) === target) n++;
    } catch {
      // closed between the listing and the lookup: not ours
    }
  }
  return n;
}
/** Waits (bounded) until no descriptor is open on `path`; closing is asynchronous, so this polls. */
async function waitUntilClosed(path: string, deadlineMs = 10_000): Promise<number> {
  const end = Date.now() + deadlineMs;
  let open = fdsOpenOn(path);
  while (open > 0 && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 10));
    open = fdsOpenOn(path);
  }
  return open;
}

describe('batches and progress', () => {
  it('yields batches of batchSize and a smaller last one', async () => {
    const sizes: number[] = [];
    for await (const b of openImporter(fixture('apple-health/export.xml'), { format: 'apple-health', batchSize: 4 })) sizes.push(b.length);
    expect(sizes).toEqual([4, 4, 4, 4, 3]);
  });

  it('defaults to 1000 records per batch', async () => {
    const path = writeTemp('big.csv', bigCsv(2500));
    const sizes: number[] = [];
    for await (const b of openImporter(path, { format: 'csv', mapping: { kind: 'k', values: ['steps'] } })) sizes.push(b.length);
    expect(sizes).toEqual([1000, 1000, 500]);
  });

  it('reports progress per batch, monotonic, ending at the file size', async () => {
    const text = bigCsv(3000);
    const path = writeTemp('big.csv', text);
    const events: ImportProgress[] = [];
    const yielded: number[] = [];
    let total = 0;
    for await (const b of openImporter(path, { format: 'csv', mapping: { kind: 'k', values: ['steps'] }, onProgress: (p) => events.push(p) })) {
      total += b.length;
      yielded.push(total);
      // The event for a batch arrives before the batch itself.
      expect(events.at(-1)!.records).toBe(total);
    }
    const size = Buffer.byteLength(text);
    expect(events.length).toBeGreaterThanOrEqual(3);
    expect(events.every((e) => e.totalBytes === size)).toBe(true);
    for (let i = 1; i < events.length; i++) {
      expect(events[i]!.bytesRead).toBeGreaterThanOrEqual(events[i - 1]!.bytesRead);
      expect(events[i]!.records).toBeGreaterThanOrEqual(events[i - 1]!.records);
    }
    expect(events.at(-1)).toEqual({ bytesRead: size, totalBytes: size, records: 3000 });
  });

  it('reports progress once even when there are no records', async () => {
    const events: ImportProgress[] = [];
    const path = writeTemp('Records.json', '{"locations": []}');
    expect(await collect(openImporter(path, { format: 'auto', onProgress: (p) => events.push(p) }))).toEqual([]);
    expect(events).toEqual([{ bytesRead: 17, totalBytes: 17, records: 0 }]);
  });
});

describe('abort', () => {
  it('an already aborted signal stops before reading', async () => {
    const c = new AbortController();
    c.abort(new Error('user pressed cancel'));
    const e = await collectError(openImporter(fixture('google/Records.json'), { format: 'google-location', signal: c.signal }));
    expect(e).toBeInstanceOf(ImportAbortedError);
    expect(e.name).toBe('AbortError');
    expect(e.message).toBe('Import of Records.json was cancelled');
  });

  it('aborting between batches stops at the next batch', async () => {
    const path = writeTemp('big.csv', bigCsv(20_000));
    const c = new AbortController();
    let batches = 0;
    const e = await collectError(
      (async function* () {
        for await (const b of openImporter(path, { format: 'csv', mapping: { kind: 'k' }, signal: c.signal })) {
          batches++;
          if (batches === 2) c.abort();
          yield b;
        }
      })(),
    );
    expect(e).toBeInstanceOf(ImportAbortedError);
    expect(batches).toBe(2);
  });

  it('aborting while reading (from the progress callback) stops within one chunk', async () => {
    const path = join(importerTmpDir(), 'export.xml');
    await writeAppleHealthExport(path, { elements: 20_000 });
    const c = new AbortController();
    let abortedAt = -1;
    let lastBytes = 0;
    let batches = 0;
    const e = await collectError(
      (async function* () {
        for await (const b of openImporter(path, {
          format: 'apple-health',
          signal: c.signal,
          onProgress: (p) => {
            lastBytes = p.bytesRead;
            if (p.records >= 1000 && abortedAt === -1) {
              abortedAt = p.bytesRead;
              c.abort();
            }
          },
        })) {
          batches++;
          yield b;
        }
      })(),
    );
    expect(e).toBeInstanceOf(ImportAbortedError);
    // The batch whose progress event aborted is not handed out, and nothing more is read.
    expect(batches).toBe(0);
    expect(lastBytes).toBe(abortedAt);
    expect(abortedAt).toBeLessThan(1024 * 1024);
  });

  it.skipIf(!FD_DIR)('an abort inside an export.zip closes the archive', async () => {
    const xml = join(importerTmpDir(), 'export.xml');
    await writeAppleHealthExport(xml, { elements: 5000 });
    const { readFileSync } = await import('node:fs');
    const zip = writeTemp('export.zip', buildZip([{ name: 'apple_health_export/export.xml', data: readFileSync(xml) }]));
    const c = new AbortController();
    let openWhileReading = 0;
    const e = await collectError(
      openImporter(zip, {
        format: 'auto',
        signal: c.signal,
        batchSize: 100,
        onProgress: (p) => {
          if (p.records >= 200 && !c.signal.aborted) {
            openWhileReading = fdsOpenOn(zip);
            c.abort();
          }
        },
      }),
    );
    expect(e).toBeInstanceOf(ImportAbortedError);
    expect(openWhileReading).toBeGreaterThan(0); // the check below looks at the right file
    expect(await waitUntilClosed(zip)).toBe(0);
  });

  it.skipIf(!FD_DIR)('breaking out of the loop closes the file', async () => {
    const path = writeTemp('big.csv', bigCsv(5000));
    let openWhileReading = 0;
    for await (const b of openImporter(path, { format: 'csv', mapping: { kind: 'k' } })) {
      expect(b.length).toBe(1000);
      openWhileReading = fdsOpenOn(path);
      break;
    }
    expect(openWhileReading).toBeGreaterThan(0); // the check below looks at the right file
    expect(await waitUntilClosed(path)).toBe(0);
  });
});

describe('errors keep their class through openImporter', () => {
  it('every failure is an ImportError', async () => {
    const bad = writeTemp('bad.csv', 't,v\n2024-03-01,1\n2024-03-02\n');
    expect(await collectError(openImporter(bad, { format: 'auto', mapping: { kind: 'k' } }))).toBeInstanceOf(ImportError);
    const xml = writeTemp('export.xml', readFixture('apple-health/export.xml').subarray(0, 9000));
    expect(await collectError(openImporter(xml, { format: 'auto' }))).toBeInstanceOf(ImportError);
  });
});

describe('constant memory', () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;

  /** Largest live-heap growth (after GC) seen while importing, in bytes. */
  async function heapGrowth(path: string, format: 'apple-health' | 'google-location'): Promise<{ growth: number; records: number }> {
    gc();
    const base = process.memoryUsage().heapUsed;
    let peak = 0;
    let records = 0;
    let n = 0;
    for await (const b of openImporter(path, { format })) {
      records += b.length;
      if (++n % 10 === 0) {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed - base);
      }
    }
    return { growth: peak, records };
  }

  it('a ~30 MB Apple Health export keeps the live heap flat', async () => {
    const path = join(importerTmpDir(), 'export.xml');
    const { bytes, records } = await writeAppleHealthExport(path, { elements: elementsForBytes(30e6) });
    expect(bytes).toBeGreaterThan(25e6);
    const r = await heapGrowth(path, 'apple-health');
    expect(r.records).toBe(records);
    // All records held at once would be > 40 MB.
    expect(r.growth).toBeLessThan(12e6);
  });

  it('a ~15 MB Records.json keeps the live heap flat (elements are not kept by the JSON parser)', async () => {
    const path = join(importerTmpDir(), 'Records.json');
    const n = 60_000;
    const parts = ['{"locations":['];
    for (let i = 0; i < n; i++) {
      parts.push(
        `${i ? ',' : ''}\n  {"latitudeE7": ${515000000 + i}, "longitudeE7": ${-1400000 - i}, "accuracy": ${i % 50}, "source": "WIFI", "deviceTag": 123456, "platformType": "ANDROID", "timestamp": "${new Date(1.68e12 + i * 1000).toISOString()}", "activity": [{"activity": [{"type": "STILL", "confidence": 100}], "timestamp": "2023-05-01T10:00:00Z"}]}`,
      );
    }
    parts.push('\n]}\n');
    writeFileSync(path, parts.join(''));
    const r = await heapGrowth(path, 'google-location');
    // Each point and its activity reading.
    expect(r.records).toBe(2 * n);
    expect(r.growth).toBeLessThan(12e6);
  });
});
