/**
 * Export → import must give back exactly the records: the vault's export
 * writers (electron/core/vault/export/*) feed the generic importers.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { openImporter } from '../../../electron/core/importers/index.js';
import { MAX_MS, MIN_MS } from '../../../electron/core/importers/timestamps.js';
import { CSV_HEADER, csvLine } from '../../../electron/core/vault/export/csv.js';
import { JSON_CLOSE, JSON_OPEN, jsonElement } from '../../../electron/core/vault/export/json.js';
import type { ExportRow } from '../../../electron/core/vault/export/row.js';
import { canonicalMetaJson } from '../../../electron/core/vault/records/record-hash.js';
import type { NewRecord } from '../../../shared/domain/record.js';
import { collect, fixture, importerTmpDir, removeImporterTmpDirs, utc, writeTemp } from '../../helpers/importer-collect.js';

afterAll(removeImporterTmpDirs);

const text = (maxLength: number, minLength = 0) => fc.string({ unit: 'grapheme', minLength, maxLength });
const num = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0));
const scalar = fc.oneof(text(20), num, fc.boolean(), fc.constant(null));
const time = fc.integer({ min: MIN_MS, max: MAX_MS });

const recordArb: fc.Arbitrary<NewRecord> = fc.record({
  kind: text(15, 1),
  unit: fc.option(text(10)),
  source: fc.option(text(40)),
  // A record never ends before it starts (both the vault and the importers refuse that).
  tStart: time,
  tEnd: time,
  valueNum: fc.option(num),
  valueText: fc.option(fc.oneof(text(40), fc.constantFrom('', ' ', '\r\n', '"', ',', 'a,"b"\nc', '{"x":1}'))),
  meta: fc.option(fc.dictionary(text(10).filter((k) => k !== '__proto__'), scalar, { maxKeys: 5 })),
}).map((r) => (r.tEnd < r.tStart ? { ...r, tStart: r.tEnd, tEnd: r.tStart } : r));

const toRow = (r: NewRecord): ExportRow => ({
  kind: r.kind,
  t_start: new Date(r.tStart).toISOString(),
  t_end: new Date(r.tEnd).toISOString(),
  value_num: r.valueNum,
  value_text: r.valueText,
  unit: r.unit,
  source: r.source,
  meta: canonicalMetaJson(r.meta),
});

const exportCsv = (rs: NewRecord[]): string => CSV_HEADER + rs.map((r) => csvLine(toRow(r))).join('');
const exportJson = (rs: NewRecord[]): string =>
  JSON_OPEN + rs.map((r, i) => jsonElement(toRow(r), i === 0)).join('') + (rs.length ? `\n${JSON_CLOSE}` : JSON_CLOSE);

/** What the CLI passes: a default kind from the file name, which the export shape overrides. */
const CLI_MAPPING = { kind: 'export' };

describe('Data Wallet export → import', () => {
  const dir = importerTmpDir();
  let n = 0;

  it('CSV round-trips exactly (nulls, empty strings, quotes, line breaks, meta)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(recordArb, { maxLength: 8 }), async (records) => {
        const path = writeTemp(`export-${n++}.csv`, exportCsv(records), dir);
        expect(await collect(openImporter(path, { format: 'auto', mapping: CLI_MAPPING }))).toEqual(records);
      }),
      { numRuns: 150 },
    );
  });

  it('JSON round-trips exactly', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(recordArb, { maxLength: 8 }), async (records) => {
        const path = writeTemp(`export-${n++}.json`, exportJson(records), dir);
        expect(await collect(openImporter(path, { format: 'auto', mapping: CLI_MAPPING }))).toEqual(records);
      }),
      { numRuns: 150 },
    );
  });

  it('the wallet-export fixtures', async () => {
    const steps: NewRecord = {
      kind: 'steps',
      unit: 'count',
      source: 'Alice’s iPhone',
      tStart: utc(2024, 3, 1, 7, 15),
      tEnd: utc(2024, 3, 1, 7, 20),
      valueNum: 412,
      valueText: null,
      meta: { sourceVersion: '17.2', HKWasUserEntered: '1' },
    };
    const journal: NewRecord = {
      kind: 'journal',
      unit: '',
      source: null,
      tStart: utc(2024, 3, 2, 20, 15),
      tEnd: utc(2024, 3, 2, 20, 15),
      valueNum: null,
      valueText: 'Headache\nwent to bed early',
      meta: null,
    };
    const location: NewRecord = { kind: 'location', unit: null, source: '', tStart: -1, tEnd: 0, valueNum: -0.000001, valueText: '', meta: null };
    const meta = { n: -1.5e-7, ok: true, x: null };
    expect(await collect(openImporter(fixture('generic/wallet-export.csv'), { format: 'auto', mapping: CLI_MAPPING }))).toEqual([
      steps,
      {
        kind: 'HKCategoryTypeIdentifierSleepAnalysis',
        unit: null,
        source: 'Watch, "Series 6"',
        tStart: utc(2024, 3, 1, 22, 40),
        tEnd: utc(2024, 3, 2, 0, 10, 30),
        valueNum: null,
        valueText: 'HKCategoryValueSleepAnalysisAsleepCore',
        meta: null,
      },
      { ...journal, meta },
      location,
    ]);
    expect(await collect(openImporter(fixture('generic/wallet-export.json'), { format: 'auto' }))).toEqual([steps, journal, { ...location, meta }]);
  });

  it('naming columns in the mapping turns the export shortcut off', async () => {
    const rs = await collect(
      openImporter(fixture('generic/wallet-export.csv'), { format: 'csv', mapping: { kind: 'v', timestamp: 't_start', values: ['value_num'] } }),
    );
    expect(rs.map((r) => [r.kind, r.valueNum])).toEqual([
      ['v', 412],
      ['v', -0.000001],
    ]);
  });

  it('a broken export row is an error, not a skipped row', async () => {
    const bad = `${CSV_HEADER}steps,2024-03-01T07:15:00.000Z,2024-03-01T07:20:00.000Z,12x,,,,\r\n`;
    await expect(collect(openImporter(writeTemp('bad.csv', bad), { format: 'auto' }))).rejects.toThrow(
      'bad.csv line 2: column "value_num" is not a number',
    );
    const badMeta = `${CSV_HEADER}steps,2024-03-01T07:15:00.000Z,2024-03-01T07:20:00.000Z,1,,,,"{""a"":[1]}"\r\n`;
    await expect(collect(openImporter(writeTemp('bad.csv', badMeta), { format: 'auto' }))).rejects.toThrow(
      'bad.csv line 2: column "meta" is not a JSON object of plain values',
    );
  });
});
