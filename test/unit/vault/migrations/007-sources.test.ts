/**
 * Migration 007 moves sources and meta.device into the `sources` lookup
 * table. What readers and exports see must not change by one byte, hashes
 * stay as they were (re-imports dedupe), and rows it cannot move exactly
 * stay whole.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAppleHealthXml } from '../../../../electron/core/importers/apple-health.js';
import { ImportRun } from '../../../../electron/core/vault/actions/import-run.js';
import { csvLine } from '../../../../electron/core/vault/export/csv.js';
import { jsonElement } from '../../../../electron/core/vault/export/json.js';
import { toExportRow } from '../../../../electron/core/vault/export/row.js';
import { MIGRATIONS } from '../../../../electron/core/vault/migrations/index.js';
import { migrate } from '../../../../electron/core/vault/migrations/migrate.js';
import { canonicalMetaJson, recordHash } from '../../../../electron/core/vault/records/record-hash.js';
import { joinDevice, splitAt, deviceMemberLength } from '../../../../electron/core/vault/records/stored-meta.js';
import type { Connection } from '../../../../electron/core/vault/store/database.js';
import { createReads } from '../../../../electron/core/vault/store/reads.js';
import type { RecordRow } from '../../../../electron/core/vault/store/rows.js';
import { createWrites } from '../../../../electron/core/vault/store/writes.js';
import type { NewRecord } from '../../../../shared/domain/record.js';
import { collect, fixture, memoryInput, readFixture } from '../../../helpers/importer-collect.js';
import { plainStorePerTest } from '../../../helpers/plain-store.js';
import { openFileInput } from '../../../../electron/core/importers/stream.js';

const OLD_COLUMNS = 'id, t_start, t_end, value_num, value_text, unit, source, meta';

describe('migration 007-sources', () => {
  let db: Connection;
  plainStorePerTest((opened) => {
    db = opened;
    migrate(db, MIGRATIONS.slice(0, 6));
  });

  /** Stores records the way versions before 007 did (source and meta inline). */
  function insertOld(records: NewRecord[]): void {
    const w = createWrites(db);
    w.begin();
    const ids = new Map<string, number>();
    for (const r of records) {
      let id = ids.get(r.kind);
      if (id === undefined) ids.set(r.kind, (id = w.ensureDataset(r.kind, r.unit, 'apple-health', 0)));
      const meta = canonicalMetaJson(r.meta);
      w.insertRecord(id, r, meta, recordHash(r, meta), 1);
    }
    w.commit();
  }

  /** Every record as the export writes it (CSV line and JSON element), per dataset in export order. */
  function exported(read: (datasetId: number) => Iterable<RecordRow>): string[] {
    const out: string[] = [];
    for (const d of db.prepare('SELECT id, kind FROM datasets ORDER BY kind').all() as { id: number; kind: string }[]) {
      for (const row of read(d.id)) {
        const e = toExportRow(d.kind, row);
        out.push(csvLine(e), jsonElement(e, false));
      }
    }
    return out;
  }
  const exportedBefore = (): string[] =>
    exported((id) => db.prepare(`SELECT ${OLD_COLUMNS} FROM records WHERE dataset_id = ? ORDER BY t_start, id`).all(id) as RecordRow[]);
  const exportedAfter = (): string[] => {
    const reads = createReads(db);
    return exported((id) => reads.iterateRecords(id));
  };

  it('moves the sources and devices of a real Apple Health export; exports are byte-identical and hashes unchanged', async () => {
    const records = await collect(parseAppleHealthXml(await openFileInput(fixture('apple-health', 'export.xml')), {}));
    expect(records.filter((r) => typeof r.meta?.device === 'string').length).toBeGreaterThan(3);
    insertOld(records);
    const before = exportedBefore();
    const hashes = db.prepare('SELECT id, hash FROM records ORDER BY id').all();
    migrate(db);

    expect(exportedAfter()).toEqual(before);
    expect(db.prepare('SELECT id, hash FROM records ORDER BY id').all()).toEqual(hashes);
    // Moved: no row keeps a source or a string device inline; each pair is stored once.
    expect(db.prepare(`SELECT count(*) FROM records WHERE source IS NOT NULL OR meta LIKE '%"device":"%'`).pluck().get()).toBe(0);
    const pairs = new Set(records.filter((r) => r.source !== null || typeof r.meta?.device === 'string').map((r) => JSON.stringify([r.source, typeof r.meta?.device === 'string' ? r.meta.device : null])));
    expect(db.prepare('SELECT count(*) FROM sources').pluck().get()).toBe(pairs.size);
    // Re-importing the same export after the migration adds nothing.
    const again = await new ImportRun(db, { fileName: 'export.xml', format: 'apple-health' }, () => 0).run(
      parseAppleHealthXml(memoryInput('export.xml', readFixture('apple-health', 'export.xml').toString('utf8')), {}),
    );
    expect(again).toMatchObject({ added: 0, skipped: records.length });
  });

  it('leaves rows it cannot rebuild exactly whole: non-canonical meta, a device that is not a string', () => {
    insertOld([
      { kind: 'a', unit: null, source: null, tStart: 1, tEnd: 1, valueNum: 1, valueText: null, meta: { device: 7, x: 'y' } },
      { kind: 'a', unit: null, source: null, tStart: 2, tEnd: 2, valueNum: 1, valueText: null, meta: null },
      { kind: 'a', unit: null, source: 'S', tStart: 3, tEnd: 3, valueNum: 1, valueText: null, meta: { device: 'd' } },
    ]);
    // Not what canonicalMetaJson writes (a space, unsorted): must come back as it is.
    db.prepare(`UPDATE records SET meta = '{"z":1, "device":"d"}' WHERE t_start = 1`).run();
    const before = exportedBefore();
    migrate(db);
    expect(exportedAfter()).toEqual(before);
    const rows = db.prepare('SELECT t_start, source, meta, source_id IS NOT NULL AS linked, device_at FROM records ORDER BY t_start').all();
    expect(rows).toEqual([
      { t_start: 1, source: null, meta: '{"z":1, "device":"d"}', linked: 0, device_at: null },
      { t_start: 2, source: null, meta: null, linked: 0, device_at: null },
      { t_start: 3, source: null, meta: '{}', linked: 1, device_at: 1 },
    ]);
  });

  it('moves vaults larger than one slice of rows', () => {
    const many: NewRecord[] = Array.from({ length: 25_000 }, (_, i) => ({
      kind: 'k',
      unit: null,
      source: `src${i % 3}`,
      tStart: i,
      tEnd: i,
      valueNum: i,
      valueText: null,
      meta: { device: `dev${i % 2}`, n: i },
    }));
    insertOld(many);
    const before = exportedBefore();
    migrate(db);
    expect(exportedAfter()).toEqual(before);
    expect(db.prepare('SELECT count(*) FROM records WHERE source_id IS NULL').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM sources').pluck().get()).toBe(6);
  });
});

describe('stored meta: device member taken out and put back', () => {
  it('joinDevice(splitAt(full)) is the full canonical JSON for any meta with a string device (property)', () => {
    const value = fc.oneof(fc.string({ unit: 'grapheme' }), fc.integer(), fc.boolean(), fc.constant(null));
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 8 }).filter((k) => k !== '__proto__'), value, { maxKeys: 6 }), fc.string({ unit: 'grapheme' }), (rest, device) => {
        const full = canonicalMetaJson({ ...rest, device })!;
        const mark = { at: -1, length: 0 };
        expect(canonicalMetaJson({ ...rest, device }, mark)).toBe(full);
        expect(mark.length).toBe(deviceMemberLength(device));
        const { stored, deviceAt } = splitAt(full, mark.at, mark.length);
        const withoutDevice = { ...rest } as Record<string, unknown>;
        delete withoutDevice.device;
        expect(stored).toBe(canonicalMetaJson(withoutDevice as NewRecord['meta']));
        expect(joinDevice(stored, deviceAt, device)).toBe(full);
      }),
      { numRuns: 1000 },
    );
  });
});
