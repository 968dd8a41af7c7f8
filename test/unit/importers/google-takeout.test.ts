/**
 * A whole Google Takeout archive (zip or extracted folder), found by what
 * its files hold: the fixture is a German Takeout (`Standortverlauf
 * (Zeitachse)`, `2023_MAI.json`) with Mail beside it and a Settings file that
 * is not location history.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectFormat } from '../../../electron/core/importers/detect.js';
import { ImportFormatError, ImportLimitError, NoLocationHistoryError, UnknownFormatError } from '../../../electron/core/importers/errors.js';
import { KIND_DETECTED_ACTIVITY, SOURCE_TAKEOUT, importGoogleLocation, parseGoogleLocation } from '../../../electron/core/importers/google-location.js';
import { describe as describeArchive } from '../../../electron/core/importers/google-takeout.js';
import { newImportReport } from '../../../electron/core/importers/types.js';
import type { ImportProgress, NewRecord } from '../../../shared/domain/record.js';
import { collect, collectError, fixture, importerTmpDir, memoryInput, removeImporterTmpDirs, utc } from '../../helpers/importer-collect.js';
import { buildZip, type ZipEntryInput } from '../../helpers/importer-zip.js';

afterAll(removeImporterTmpDirs);

const TAKEOUT = fixture('google/takeout-de');
const LH = 'Takeout/Standortverlauf (Zeitachse)';

/** Every file under `dir` as zip entries, paths relative to it. */
function entriesOf(dir: string): ZipEntryInput[] {
  const out: ZipEntryInput[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push({ name: relative(dir, p).split('\\').join('/'), data: readFileSync(p) });
    }
  };
  walk(dir);
  return out;
}

function zipFile(name: string, entries: ZipEntryInput[]): string {
  const path = join(importerTmpDir(), name);
  writeFileSync(path, buildZip(entries));
  return path;
}

type Meta = NonNullable<NewRecord['meta']>;
const loc = (tStart: number, tEnd: number, meta: Meta & { lat: number; lon: number }, source = SOURCE_TAKEOUT): NewRecord => ({
  kind: 'location',
  unit: null,
  source,
  tStart,
  tEnd,
  valueNum: null,
  valueText: `geo:${meta.lat},${meta.lon}`,
  meta,
});
const t0 = utc(2023, 5, 2, 8);
const point2 = loc(utc(2023, 5, 2, 8, 5), utc(2023, 5, 2, 8, 5), { type: 'point', lat: 52.521, lon: 13.406, accuracy: 5, source: 'GPS', deviceTag: -1738235113 });

/** The fixture's records, file by file in path order. */
const EXPECTED: NewRecord[] = [
  // Records.json: a point with two activity readings, then the same point twice.
  loc(t0, t0, { type: 'point', lat: 52.52, lon: 13.405, accuracy: 12, source: 'WIFI', deviceTag: -1738235113, activity: 'STILL' }),
  {
    kind: KIND_DETECTED_ACTIVITY,
    unit: null,
    source: SOURCE_TAKEOUT,
    tStart: utc(2023, 5, 2, 8, 0, 5),
    tEnd: utc(2023, 5, 2, 8, 0, 5),
    valueNum: 77,
    valueText: 'STILL',
    meta: { type: 'detectedActivity', parent: 'point', parentStart: t0, lat: 52.52, lon: 13.405, 'confidence.STILL': 77, 'confidence.IN_VEHICLE': 15, 'confidence.ON_FOOT': 8, activityType: 'STILL' },
  },
  {
    kind: KIND_DETECTED_ACTIVITY,
    unit: null,
    source: SOURCE_TAKEOUT,
    tStart: utc(2023, 5, 2, 8, 1),
    tEnd: utc(2023, 5, 2, 8, 1),
    valueNum: 60,
    // A tie: the first listed wins.
    valueText: 'ON_FOOT',
    meta: { type: 'detectedActivity', parent: 'point', parentStart: t0, lat: 52.52, lon: 13.405, 'confidence.ON_FOOT': 60, 'confidence.WALKING': 60, activityType: 'ON_FOOT' },
  },
  point2,
  point2,
  // Semantischer Standortverlauf/2023/2023_MAI.json
  loc(utc(2023, 5, 2, 6), utc(2023, 5, 2, 8, 2), {
    type: 'visit',
    lat: 52.52,
    lon: 13.405,
    placeId: 'ChIJAVkDPzdOqEcRcDteW0YgIQQ',
    semanticType: 'HOME',
    semanticTypeOriginal: 'TYPE_HOME',
    address: 'Pariser Platz, 10117 Berlin',
    visitConfidence: 93,
    placeConfidence: 'HIGH_CONFIDENCE',
  }),
  loc(utc(2023, 5, 2, 8, 2), utc(2023, 5, 2, 8, 20), {
    type: 'activity',
    lat: 52.52,
    lon: 13.405,
    endLat: 52.53,
    endLon: 13.415,
    activityType: 'IN_PASSENGER_VEHICLE',
    'probability.IN_PASSENGER_VEHICLE': 91.5,
    'probability.IN_BUS': 5.25,
    'probability.WALKING': 3.25,
    distanceMeters: 1480,
    confidence: 'HIGH',
  }),
  // Timeline Edits.json: the raw position; placeAggregates counted as not imported.
  loc(utc(2023, 5, 2, 8, 20), utc(2023, 5, 2, 8, 20), { type: 'point', lat: 52.53, lon: 13.415, accuracy: 9, altitude: 41.5, source: 'GPS' }),
];
const FILES = [
  { name: `${LH}/Records.json`, records: 5 },
  { name: `${LH}/Semantischer Standortverlauf/2023/2023_MAI.json`, records: 2 },
  { name: `${LH}/Timeline Edits.json`, records: 1 },
];

async function importAll(path: string): Promise<{ records: NewRecord[]; report: ReturnType<typeof newImportReport>; progress: ImportProgress[] }> {
  const report = newImportReport();
  const progress: ImportProgress[] = [];
  const records = await collect(importGoogleLocation(path, { report, onProgress: (p) => progress.push(p) }));
  return { records, report, progress };
}

describe('Google Takeout archive', () => {
  it('an extracted folder: every location file by content, in path order, one report with per-file counts', async () => {
    const { records, report, progress } = await importAll(TAKEOUT);
    expect(records).toEqual(EXPECTED);
    expect(report.files).toEqual(FILES);
    expect({ ...report.skipped }).toEqual({ 'timelineEdits/placeAggregates': 1 });
    // Progress runs over the whole archive: never backwards, ending at the sum of the three files.
    const total = FILES.reduce((n, f) => n + statSync(join(TAKEOUT, f.name)).size, 0);
    expect(progress.every((p) => p.totalBytes === total)).toBe(true);
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.bytesRead).toBeGreaterThanOrEqual(progress[i - 1]!.bytesRead);
    expect(progress.at(-1)).toEqual({ bytesRead: total, totalBytes: total, records: EXPECTED.length });
  });

  it('the same archive as a .zip gives the same records and report', async () => {
    const zip = zipFile('takeout-20240101T000000Z-001.zip', entriesOf(TAKEOUT));
    expect(await detectFormat(zip)).toBe('google-location');
    const { records, report } = await importAll(zip);
    expect(records).toEqual(EXPECTED);
    expect(report.files).toEqual(FILES);
  });

  it('a folder is detected as a Takeout; a zip with export.xml stays Apple Health', async () => {
    expect(await detectFormat(TAKEOUT)).toBe('google-location');
    const apple = zipFile('export.zip', [{ name: 'apple_health_export/export.xml', data: '<HealthData locale="en_US"></HealthData>' }]);
    expect(await detectFormat(apple)).toBe('apple-health');
  });

  it('a Takeout without location history says what it holds, and not a word about Apple Health', async () => {
    const zip = zipFile('takeout.zip', [
      { name: 'Takeout/archive_browser.html', data: '<html></html>' },
      { name: 'Takeout/Mail/All mail Including Spam and Trash.mbox', data: 'From x\n' },
      { name: 'Takeout/Drive/notes.txt', data: 'hello' },
      { name: 'Takeout/Drive/data.json', data: '{"title":"a photo sidecar or anything else"}' },
    ]);
    const e = await collectError(importGoogleLocation(zip, {}));
    expect(e).toBeInstanceOf(NoLocationHistoryError);
    expect(e.message).toBe('takeout.zip: a Google Takeout archive with Drive and Mail, no location history');
    expect(`${e.message} ${(e as NoLocationHistoryError).hint ?? ''}`).not.toMatch(/apple|health/i);

    const dir = join(importerTmpDir(), 'Takeout');
    mkdirSync(join(dir, 'Fit'), { recursive: true });
    writeFileSync(join(dir, 'Fit', 'Daily activity metrics.csv'), 'Date,Steps\n');
    writeFileSync(join(dir, 'archive_browser.html'), '<html></html>');
    const f = await collectError(importGoogleLocation(dir, {}));
    expect(f.message).toBe('Takeout: a Google Takeout folder with Fit, no location history');
  });

  it('an unzipped Apple Health export given as a folder says which file to import', async () => {
    const dir = join(importerTmpDir(), 'apple_health_export');
    mkdirSync(dir);
    writeFileSync(join(dir, 'export.xml'), '<HealthData locale="en_US"></HealthData>');
    const e = await collectError(importGoogleLocation(dir, {}));
    expect(e).toBeInstanceOf(UnknownFormatError);
    expect(e.message).toBe('Could not tell the format of apple_health_export: it is a folder holding an Apple Health export: import its export.xml (or the export.zip) instead');
  });

  it('a zip that is neither Takeout nor Apple Health is an unknown format', async () => {
    const zip = zipFile('photos.zip', [
      { name: 'a.jpg', data: 'x' },
      { name: 'b.jpg', data: 'y' },
    ]);
    const e = await collectError(importGoogleLocation(zip, {}));
    expect(e).toBeInstanceOf(UnknownFormatError);
    expect(e.message).toBe('Could not tell the format of photos.zip: it is a zip archive with 2 files, but none of them is an Apple Health export.xml or a Google location history file');
  });

  it('a broken file inside names that file; nothing after it is read', async () => {
    const entries = entriesOf(TAKEOUT).map((e) => (e.name.endsWith('2023_MAI.json') ? { ...e, data: '{"timelineObjects":[{"placeVisit":{"location":' } : e));
    const e = await collectError(importGoogleLocation(zipFile('t.zip', entries), {}));
    expect(e).toBeInstanceOf(ImportFormatError);
    expect(e.message).toMatch(/^2023_MAI\.json line 1: unexpected end of file/);
  });

  it('zip bombs: an entry declaring more than 250× its stored size is refused before inflating; one inflating past its declared size is stopped', async () => {
    const bomb = `{"locations":[${' '.repeat(4 * 1024 * 1024)}]}`;
    const e = await collectError(importGoogleLocation(zipFile('bomb.zip', [{ name: 'Takeout/Location History/Records.json', data: bomb }]), {}));
    expect(e).toBeInstanceOf(ImportLimitError);
    expect((e as ImportLimitError).limit).toBe('archive-ratio');
    expect(e.message).toMatch(/would inflate more than 250 times its stored size/);

    // A directory that lies: declares 100 bytes, inflates to 2000.
    const honest = `{"locations":[${'{"latitudeE7":1,"longitudeE7":2,"timestamp":"2024-01-01T00:00:00Z"},'.repeat(30)}{"latitudeE7":1,"longitudeE7":2,"timestamp":"2024-01-01T00:00:00Z"}]}`;
    const zip = buildZip([{ name: 'Records.json', data: honest }]);
    const lie = Buffer.from(zip);
    lie.writeUInt32LE(100, 22); // local header uncompressed size
    const central = lie.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    lie.writeUInt32LE(100, central + 24); // central directory uncompressed size
    const path = join(importerTmpDir(), 'lie.zip');
    writeFileSync(path, lie);
    const l = await collectError(importGoogleLocation(path, {}));
    expect(l).toBeInstanceOf(ImportLimitError);
    expect(l.message).toMatch(/inflates to more than the size its directory declares/);
  });

  it('a Timeline Edits file alone: raw signals imported; one with only placeAggregates is refused naming the shape', async () => {
    const edits = readFileSync(join(TAKEOUT, LH, 'Timeline Edits.json'), 'utf8');
    expect(await collect(parseGoogleLocation(memoryInput('Timeline Edits.json', edits), {}))).toEqual([EXPECTED.at(-1)]);
    const only = '{"timelineEdits":[{"deviceId":"1","placeAggregates":{"windowSizeHrs":1}},{"deviceId":"1","somethingNew":{}}]}';
    const e = await collectError(parseGoogleLocation(memoryInput('Timeline Edits.json', only), {}));
    expect(e).toBeInstanceOf(ImportFormatError);
    expect(e.message).toBe('Timeline Edits.json line 1: is a Timeline Edits file holding only placeAggregates, somethingNew entries, which carry no location history to import');
  });

  it('describes what an archive holds', () => {
    expect(describeArchive(['Takeout/Mail/a.mbox', 'Takeout/Drive/b', 'Takeout/archive_browser.html'], 'zip')).toEqual({
      takeout: true,
      found: 'a Google Takeout archive with Drive and Mail',
    });
    const many = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I'].map((p) => `Takeout/${p}/x`);
    expect(describeArchive(many, 'zip').found).toBe('a Google Takeout archive with A, B, C, D, E, F and 3 more');
    expect(describeArchive(['x.txt'], 'folder')).toEqual({ takeout: false, found: 'a folder with 1 file' });
  });
});
