/**
 * Migration 005 moves stored Apple activity summaries to calendar days and
 * recomputes their hashes, so that the new importer's records dedupe against
 * them (issue 13.6; hashes must not change silently under stored records).
 */
import { describe, expect, it } from 'vitest';
import { parseAppleHealthXml } from '../../../../electron/core/importers/apple-health.js';
import { ImportRun } from '../../../../electron/core/vault/actions/import-run.js';
import { MIGRATIONS } from '../../../../electron/core/vault/migrations/index.js';
import { migrate } from '../../../../electron/core/vault/migrations/migrate.js';
import { canonicalMetaJson, recordHash } from '../../../../electron/core/vault/records/record-hash.js';
import type { Connection } from '../../../../electron/core/vault/store/database.js';
import { createWrites } from '../../../../electron/core/vault/store/writes.js';
import type { NewRecord } from '../../../../shared/domain/record.js';
import { memoryInput } from '../../../helpers/importer-collect.js';
import { plainStorePerTest } from '../../../helpers/plain-store.js';

const HOUR = 3_600_000;
const summary = (day: string, tStart: number, extra: Record<string, number> = {}): NewRecord => ({
  kind: 'HKActivitySummary',
  unit: null,
  source: null,
  tStart,
  tEnd: tStart + 24 * HOUR,
  valueNum: null,
  valueText: null,
  meta: { dateComponents: day, activeEnergyBurned: 480.5, activeEnergyBurnedUnit: 0, ...extra },
});

describe('migration 005-activity-summary-days', () => {
  let db: Connection;
  plainStorePerTest((opened) => {
    db = opened;
    migrate(db, MIGRATIONS.slice(0, 4));
  });

  function insertOld(records: NewRecord[]): void {
    const w = createWrites(db);
    w.begin();
    const id = w.ensureDataset('HKActivitySummary', null, 'apple-health', 0);
    for (const r of records) {
      const meta = canonicalMetaJson(r.meta);
      w.insertRecord(id, r, meta, recordHash(r, meta), 1);
    }
    w.addToDatasetStats(id, records.length, Math.min(...records.map((r) => r.tStart)), Math.max(...records.map((r) => r.tEnd)), 0);
    w.commit();
  }

  it('moves summaries stored in the export offset (+01:00, +02:00 after DST) to UTC calendar days with new hashes', () => {
    insertOld([summary('2024-03-30', Date.UTC(2024, 2, 30) - HOUR), summary('2024-03-31', Date.UTC(2024, 2, 31) - 2 * HOUR)]);
    migrate(db);
    const rows = db.prepare('SELECT t_start, t_end, meta, hash FROM records ORDER BY t_start').all() as { t_start: number; t_end: number; meta: string; hash: Buffer }[];
    expect(rows.map((r) => [r.t_start, r.t_end])).toEqual([
      [Date.UTC(2024, 2, 30), Date.UTC(2024, 2, 31)],
      [Date.UTC(2024, 2, 31), Date.UTC(2024, 3, 1)],
    ]);
    for (const r of rows) {
      const moved = { ...summary(JSON.parse(r.meta).dateComponents as string, r.t_start), meta: JSON.parse(r.meta) as NewRecord['meta'] };
      expect(r.hash.toString('hex')).toBe(recordHash(moved, r.meta).toString('hex'));
    }
    expect(db.prepare('SELECT record_count, t_min, t_max FROM datasets').get()).toEqual({ record_count: 2, t_min: Date.UTC(2024, 2, 30), t_max: Date.UTC(2024, 3, 1) });
  });

  it('removes the old copy when the new one is already stored, and leaves other data alone', () => {
    const day = Date.UTC(2024, 2, 1);
    insertOld([summary('2024-03-01', day - HOUR), summary('2024-03-01', day), summary('2024-03-02', day + 24 * HOUR, { x: 1 })]);
    migrate(db);
    expect(db.prepare('SELECT count(*) FROM records').pluck().get()).toBe(2);
    expect(db.prepare('SELECT record_count FROM datasets').pluck().get()).toBe(2);
  });

  it('after it, importing the same export again adds nothing', async () => {
    const xml =
      '<HealthData><ExportDate value="2024-03-05 10:12:44 +0100"/>' +
      '<ActivitySummary dateComponents="2024-03-01" activeEnergyBurned="480.5" activeEnergyBurnedUnit="kcal"/></HealthData>';
    const [fresh] = (await (async () => {
      const out: NewRecord[] = [];
      for await (const b of parseAppleHealthXml(memoryInput('export.xml', xml), {})) out.push(...b);
      return out;
    })()) as [NewRecord];
    // What the previous importer stored: the same record an hour earlier (the export's +01:00).
    insertOld([{ ...fresh, tStart: fresh.tStart - HOUR, tEnd: fresh.tEnd - HOUR }]);
    migrate(db);
    const again = await new ImportRun(db, { fileName: 'export.xml', format: 'apple-health' }, () => 0).run(parseAppleHealthXml(memoryInput('export.xml', xml), {}));
    expect(again).toMatchObject({ added: 0, skipped: 1 });
  });
});
