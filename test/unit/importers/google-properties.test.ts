/**
 * Properties of the Google parsers added for Takeout archives: label
 * normalisation, archive detection by content (random archives with random,
 * localised names), and raw signals (Wi-Fi scans, activity records,
 * positions) in any mix.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportError, NoLocationHistoryError, UnknownFormatError } from '../../../electron/core/importers/errors.js';
import { normaliseActivityType, normalisePlaceType } from '../../../electron/core/importers/google-labels.js';
import { KIND_DETECTED_ACTIVITY, KIND_WIFI_SCAN, importGoogleLocation, parseGoogleLocation } from '../../../electron/core/importers/google-location.js';
import { newImportReport } from '../../../electron/core/importers/types.js';
import { assertValidRecord } from '../../../electron/core/vault/records/validate-record.js';
import type { NewRecord } from '../../../shared/domain/record.js';
import { collect, importerTmpDir, memoryInput, removeImporterTmpDirs } from '../../helpers/importer-collect.js';
import { buildZip } from '../../helpers/importer-zip.js';

afterAll(removeImporterTmpDirs);

const word = fc.stringMatching(/^[a-zA-Z]{1,8}$/);

describe('label normalisation', () => {
  it('is idempotent, leaves no separators, and maps every spelling of the same words to one label', () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 4 }), fc.constantFrom(' ', '_', '-', '  '), fc.boolean(), (words, sep, upper) => {
        const written = words.map((w) => (upper ? w.toUpperCase() : w.toLowerCase())).join(sep);
        const n = normaliseActivityType(written);
        expect(n).toBe(words.join('_').toUpperCase());
        expect(n).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
        expect(normaliseActivityType(n)).toBe(n);
        expect(normalisePlaceType(`TYPE_${n}`)).toBe(normalisePlaceType(n));
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        const a = normaliseActivityType(s);
        expect(normaliseActivityType(a)).toBe(a);
        expect(a).not.toMatch(/[\s-]/u);
        const p = normalisePlaceType(s);
        expect(normalisePlaceType(p)).toBe(p);
      }),
      { numRuns: 300 },
    );
    expect(normaliseActivityType('in passenger vehicle')).toBe('IN_PASSENGER_VEHICLE');
    expect(normalisePlaceType('Inferred Home')).toBe('INFERRED_HOME');
    expect(normalisePlaceType('Home')).toBe('HOME');
    expect(normalisePlaceType('TYPE_SEARCHED_ADDRESS')).toBe('SEARCHED_ADDRESS');
  });
});

/** One file of a random archive. */
type FileSpec = { kind: 'records'; points: number } | { kind: 'semantic'; visits: number } | { kind: 'other-json'; key: string } | { kind: 'text' };

const folderName = fc.constantFrom('Location History', 'Standortverlauf', 'Historial de ubicaciones', 'Историја локација', '位置记录', 'Mail', 'Drive', 'Fit');
const fileSpec: fc.Arbitrary<FileSpec> = fc.oneof(
  fc.record({ kind: fc.constant('records' as const), points: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ kind: fc.constant('semantic' as const), visits: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('other-json' as const), key: fc.constantFrom('createdTime', 'title', 'deviceSettings', 'photoTakenTime') }),
  fc.record({ kind: fc.constant('text' as const) }),
);

function contentOf(f: FileSpec, seed: number): string {
  switch (f.kind) {
    case 'records':
      return JSON.stringify({
        locations: Array.from({ length: f.points }, (_, i) => ({ latitudeE7: 100_000 * (i + seed), longitudeE7: 200_000 * i, timestamp: new Date(Date.UTC(2020, 0, 1) + i * 60_000 + seed).toISOString() })),
      });
    case 'semantic':
      return JSON.stringify({
        timelineObjects: Array.from({ length: f.visits }, (_, i) => ({
          placeVisit: {
            location: { latitudeE7: 10 * i, longitudeE7: 20 * i, semanticType: 'TYPE_WORK' },
            duration: { startTimestampMs: String(1_500_000_000_000 + seed * 1000 + i * 10), endTimestampMs: String(1_500_000_000_000 + seed * 1000 + i * 10 + 5) },
          },
        })),
      });
    case 'other-json':
      return JSON.stringify({ [f.key]: 'x', n: seed });
    case 'text':
      return `line ${seed}\n`;
  }
}
const recordsOf = (f: FileSpec): number => (f.kind === 'records' ? f.points : f.kind === 'semantic' ? f.visits : 0);
const isLocation = (f: FileSpec): boolean => f.kind === 'records' || f.kind === 'semantic';

describe('archive detection by content', () => {
  it('a random archive imports exactly its location files (any folder language, any file name), or says it has none', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(folderName, fileSpec), { minLength: 1, maxLength: 6 }), fc.boolean(), async (files, takeout) => {
        const entries = files.map(([folder, spec], i) => ({
          name: `${takeout ? 'Takeout/' : ''}${folder}/${spec.kind === 'text' ? `notes-${i}.txt` : `file-${i}.json`}`,
          data: contentOf(spec, i),
        }));
        const path = join(importerTmpDir(), 'archive.zip');
        writeFileSync(path, buildZip(entries));
        const report = newImportReport();
        const expected = entries
          .map((e, i) => ({ name: e.name, records: recordsOf(files[i]![1]), location: isLocation(files[i]![1]) }))
          .filter((e) => e.location)
          .sort((a, b) => (a.name < b.name ? -1 : 1))
          .map(({ name, records }) => ({ name, records }));
        try {
          const records = await collect(importGoogleLocation(path, { report }));
          expect(report.files).toEqual(expected);
          expect(records).toHaveLength(expected.reduce((n, e) => n + e.records, 0));
        } catch (e) {
          expect(expected).toEqual([]);
          expect(e).toBeInstanceOf(takeout ? NoLocationHistoryError : UnknownFormatError);
        }
      }),
      { numRuns: 40 },
    );
  });
});

const activity = fc.record({ type: fc.constantFrom('STILL', 'WALKING', 'in passenger vehicle', 'ON_FOOT', 'cycling'), confidence: fc.double({ min: 0, max: 1, noNaN: true }) });
const signal = fc.oneof(
  fc.record({
    position: fc.record({
      LatLng: fc.tuple(fc.integer({ min: -89, max: 89 }), fc.integer({ min: -179, max: 179 })).map(([a, b]) => `${a}.5°, ${b}.25°`),
      timestamp: fc.constant('2024-01-01T07:59:30.000Z'),
      accuracyMeters: fc.integer({ min: 1, max: 100 }),
    }),
  }),
  fc.record({
    wifiScan: fc.record({
      deliveryTime: fc.constant('2024-01-01T07:59:31.000Z'),
      devicesRecords: fc.array(fc.record({ mac: fc.integer({ min: 0, max: 2 ** 48 - 1 }), rawRssi: fc.integer({ min: -100, max: 0 }) }), { maxLength: 20 }),
    }),
  }),
  fc.record({ activityRecord: fc.record({ timestamp: fc.constant('2024-01-01T07:59:32.000Z'), probableActivities: fc.array(activity, { maxLength: 5 }) }) }),
  fc.record({ somethingElse: fc.record({ a: fc.integer() }) }),
);

describe('Timeline.json raw signals', () => {
  it('every position, Wi-Fi scan and non-empty activity record becomes one valid record; the rest is counted', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(signal, { maxLength: 12 }), async (signals) => {
        const report = newImportReport();
        const records = await collect(parseGoogleLocation(memoryInput('Timeline.json', JSON.stringify({ rawSignals: signals })), { report }));
        records.forEach((r, i) => assertValidRecord(r, 0, i));
        const expected: string[] = [];
        let unknown = 0;
        for (const s of signals) {
          if ('position' in s) expected.push('location');
          else if ('wifiScan' in s) expected.push(KIND_WIFI_SCAN);
          else if ('activityRecord' in s) {
            if (s.activityRecord.probableActivities.length > 0) expected.push(KIND_DETECTED_ACTIVITY);
          } else unknown++;
        }
        expect(records.map((r) => r.kind)).toEqual(expected);
        expect(report.skipped['rawSignals/somethingElse'] ?? 0).toBe(unknown);
        const wifi = signals.filter((s) => 'wifiScan' in s);
        records
          .filter((r) => r.kind === KIND_WIFI_SCAN)
          .forEach((r, i) => {
            const devices = (wifi[i] as { wifiScan: { devicesRecords: { mac: number; rawRssi: number }[] } }).wifiScan.devicesRecords;
            expect(r.valueNum).toBe(devices.length);
            devices.forEach((d, k) => expect([r.meta?.[`device.${k}.mac`], r.meta?.[`device.${k}.rssi`]]).toEqual([d.mac, d.rawRssi]));
          });
        const acts = signals.filter((s) => 'activityRecord' in s && s.activityRecord.probableActivities.length > 0);
        records
          .filter((r: NewRecord) => r.kind === KIND_DETECTED_ACTIVITY)
          .forEach((r, i) => {
            const list = (acts[i] as { activityRecord: { probableActivities: { type: string; confidence: number }[] } }).activityRecord.probableActivities;
            const max = Math.max(...list.map((a) => a.confidence));
            expect(r.valueNum).toBe(max);
            expect(r.valueText).toBe(normaliseActivityType(list.find((a) => a.confidence === max)!.type));
          });
      }),
      { numRuns: 150 },
    );
  });

  it('any JSON inside rawSignals gives records or one of our errors', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.dictionary(fc.constantFrom('position', 'wifiScan', 'activityRecord', 'x'), fc.jsonValue({ maxDepth: 3 })), { maxLength: 4 }), async (signals) => {
        try {
          const records = await collect(parseGoogleLocation(memoryInput('Timeline.json', JSON.stringify({ rawSignals: signals })), {}));
          records.forEach((r, i) => assertValidRecord(r, 0, i));
        } catch (e) {
          expect(e).toBeInstanceOf(ImportError);
        }
      }),
      { numRuns: 200 },
    );
  });
});
