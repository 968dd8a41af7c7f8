import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  fastNumber,
  importAppleHealth,
  isExportXmlEntry,
  parseAppleHealthXml,
} from '../../../electron/core/importers/apple-health.js';
import { BinaryFileError, EmptyFileError, ImportFormatError, ImportLimitError, UnsupportedTimestampError } from '../../../electron/core/importers/errors.js';
import type { NewRecord } from '../../../shared/domain/record.js';
import { collect, collectError, fixture, importerTmpDir, memoryInput, removeImporterTmpDirs, utc, writeTemp } from '../../helpers/importer-collect.js';
import { buildZip } from '../../helpers/importer-zip.js';

afterAll(removeImporterTmpDirs);

const XML = readFileSync(fixture('apple-health/export.xml'));
const IPHONE = '<<HKDevice: 0x283f5c0a0>, name:iPhone, manufacturer:Apple Inc., model:iPhone, hardware:iPhone14,5, software:17.2>';
const WATCH = '<<HKDevice: 0x2829b1f90>, name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch6,2, software:10.2>';

/** `<Me>` → profile facts as of the ExportDate (not-set values are not facts). */
const EXPORTED = utc(2024, 3, 5, 9, 12, 44);
const fact = (kind: string, valueText: string): NewRecord => ({ kind, unit: null, source: null, tStart: EXPORTED, tEnd: EXPORTED, valueNum: null, valueText, meta: null });
/** A beat of the HRV record's list, on the record's day in its offset. */
const beat = (bpm: number, t: number): NewRecord => ({
  kind: 'HKHeartbeat',
  unit: 'count/min',
  source: 'Alice’s Apple Watch',
  tStart: t,
  tEnd: t,
  valueNum: bpm,
  valueText: null,
  meta: { hrvStart: utc(2024, 3, 2, 7, 0, 55) },
});

const EXPECTED: NewRecord[] = [
  fact('profile.dateOfBirth', '1988-07-14'),
  fact('profile.biologicalSex', 'HKBiologicalSexFemale'),
  fact('profile.cardioFitnessMedicationsUse', 'None'),
  {
    kind: 'HKQuantityTypeIdentifierStepCount',
    unit: 'count',
    source: 'Alice’s iPhone',
    tStart: utc(2024, 3, 1, 7, 15),
    tEnd: utc(2024, 3, 1, 7, 20),
    valueNum: 412,
    valueText: null,
    meta: { sourceVersion: '17.2', device: IPHONE, creationDate: '2024-03-01 08:20:00 +0100', HKWasUserEntered: '1' },
  },
  {
    kind: 'HKQuantityTypeIdentifierHeartRate',
    unit: 'count/min',
    source: 'Alice’s Apple Watch',
    tStart: utc(2024, 3, 1, 19, 3, 10),
    tEnd: utc(2024, 3, 1, 19, 3, 10),
    valueNum: 72,
    valueText: null,
    meta: { sourceVersion: '10.2', device: WATCH, creationDate: '2024-03-01 14:05:12 -0500', HKMetadataKeyHeartRateMotionContext: '0' },
  },
  {
    kind: 'HKQuantityTypeIdentifierBodyMass',
    unit: 'kg',
    source: 'Withings & Co',
    tStart: utc(2024, 3, 2, 6),
    tEnd: utc(2024, 3, 2, 6),
    valueNum: 61.35,
    valueText: null,
    meta: { creationDate: '2024-03-02 07:01:00 +0100' },
  },
  {
    kind: 'HKCategoryTypeIdentifierSleepAnalysis',
    unit: null,
    source: 'Alice’s Apple Watch',
    tStart: utc(2024, 3, 1, 22, 40),
    tEnd: utc(2024, 3, 2, 0, 10, 30),
    valueNum: null,
    valueText: 'HKCategoryValueSleepAnalysisAsleepCore',
    meta: { sourceVersion: '10.2', device: WATCH, creationDate: '2024-03-02 06:30:00 +0100', HKTimeZone: 'Europe/Berlin' },
  },
  {
    kind: 'HKCategoryTypeIdentifierMindfulSession',
    unit: null,
    source: 'Breathe',
    tStart: utc(2024, 3, 2, 11),
    tEnd: utc(2024, 3, 2, 11, 1),
    valueNum: null,
    valueText: null,
    meta: { sourceVersion: '10.2', creationDate: '2024-03-02 12:01:00 +0100' },
  },
  beat(62, utc(2024, 3, 2, 7, 0, 56, 210)),
  beat(64, utc(2024, 3, 2, 7, 0, 57, 140)),
  {
    kind: 'HKQuantityTypeIdentifierHeartRateVariabilitySDNN',
    unit: 'ms',
    source: 'Alice’s Apple Watch',
    tStart: utc(2024, 3, 2, 7, 0, 55),
    tEnd: utc(2024, 3, 2, 7, 1, 55),
    valueNum: 48.2,
    valueText: null,
    meta: { sourceVersion: '10.2', creationDate: '2024-03-02 08:02:00 +0100' },
  },
  // The blood-pressure Correlation: its nested Records (identical to the top-level copies below, so the
  // vault stores them once), then the correlation itself naming its members.
  ...(['Systolic', 'Diastolic'] as const).map((p) => ({
    kind: `HKQuantityTypeIdentifierBloodPressure${p}`,
    unit: 'mmHg',
    source: 'Omron',
    tStart: utc(2024, 3, 2, 8),
    tEnd: utc(2024, 3, 2, 8),
    valueNum: p === 'Systolic' ? 118 : 76,
    valueText: null,
    meta: { creationDate: '2024-03-02 09:00:00 +0100' },
  })),
  {
    kind: 'HKCorrelationTypeIdentifierBloodPressure',
    unit: null,
    source: 'Omron',
    tStart: utc(2024, 3, 2, 8),
    tEnd: utc(2024, 3, 2, 8),
    valueNum: null,
    valueText: null,
    meta: {
      creationDate: '2024-03-02 09:00:00 +0100',
      BloodPressureSystolic: 118,
      'BloodPressureSystolic.unit': 'mmHg',
      BloodPressureDiastolic: 76,
      'BloodPressureDiastolic.unit': 'mmHg',
    },
  },
  ...(['Systolic', 'Diastolic'] as const).map((p) => ({
    kind: `HKQuantityTypeIdentifierBloodPressure${p}`,
    unit: 'mmHg',
    source: 'Omron',
    tStart: utc(2024, 3, 2, 8),
    tEnd: utc(2024, 3, 2, 8),
    valueNum: p === 'Systolic' ? 118 : 76,
    valueText: null,
    meta: { creationDate: '2024-03-02 09:00:00 +0100' },
  })),
  {
    kind: 'HKWorkout',
    unit: 'min',
    source: 'Alice’s Apple Watch',
    tStart: utc(2024, 3, 3, 17, 10),
    tEnd: utc(2024, 3, 3, 17, 44, 30),
    valueNum: 32.5,
    valueText: null,
    meta: {
      workoutActivityType: 'HKWorkoutActivityTypeRunning',
      totalDistance: 5.2,
      totalDistanceUnit: 'km',
      totalEnergyBurned: 310,
      totalEnergyBurnedUnit: 'kcal',
      sourceVersion: '10.2',
      device: WATCH,
      creationDate: '2024-03-03 18:45:02 +0100',
      HKIndoorWorkout: '0',
      HKAverageMETs: '9.8 kcal/hr·kg',
      'events.Segment': 1,
      'events.Pause': 2,
      'events.Resume': 1,
      'stats.HeartRate.average': 151.2,
      'stats.HeartRate.minimum': 98,
      'stats.HeartRate.maximum': 178,
      'stats.HeartRate.unit': 'count/min',
      'stats.ActiveEnergyBurned.sum': 310,
      'stats.ActiveEnergyBurned.unit': 'kcal',
      routeFile: '/workout-routes/route_2024-03-03_6.44pm.gpx',
    },
  },
  {
    kind: 'HKActivitySummary',
    unit: null,
    source: null,
    // A calendar day: midnight to midnight UTC, whatever the export's offset (issue 13.6).
    tStart: utc(2024, 3, 1),
    tEnd: utc(2024, 3, 2),
    valueNum: null,
    valueText: null,
    meta: {
      dateComponents: '2024-03-01',
      activeEnergyBurned: 480.5,
      activeEnergyBurnedGoal: 500,
      activeEnergyBurnedUnit: 'kcal',
      appleMoveTime: 0,
      appleMoveTimeGoal: 0,
      appleExerciseTime: 35,
      appleExerciseTimeGoal: 30,
      appleStandHours: 10,
      appleStandHoursGoal: 12,
    },
  },
  {
    kind: 'HKActivitySummary',
    unit: null,
    source: null,
    tStart: utc(2024, 3, 2),
    tEnd: utc(2024, 3, 3),
    valueNum: null,
    valueText: null,
    meta: {
      dateComponents: '2024-03-02',
      activeEnergyBurned: 512,
      activeEnergyBurnedGoal: 500,
      activeEnergyBurnedUnit: 'kcal',
      appleMoveTime: 0,
      appleMoveTimeGoal: 0,
      appleExerciseTime: 12,
      appleExerciseTimeGoal: 30,
      appleStandHours: 8,
      appleStandHoursGoal: 12,
    },
  },
];

const xml = (text: string | Uint8Array, chunk?: number) => collect(parseAppleHealthXml(memoryInput('export.xml', text, chunk), {}));
const xmlError = async (text: string | Uint8Array) => (await collectError(parseAppleHealthXml(memoryInput('export.xml', text), {}))) as ImportFormatError;

describe('Apple Health export.xml', () => {
  it('imports the fixture exactly: DTD skipped, entities decoded, offsets applied, correlations kept', async () => {
    expect(await collect(importAppleHealth(fixture('apple-health/export.xml'), {}))).toEqual(EXPECTED);
  });

  it('is the same for every chunk size (split UTF-8, entities and tags)', async () => {
    for (const size of [1, 7, 4096]) expect(await xml(XML, size)).toEqual(EXPECTED);
  });

  it('without ExportDate, activity summaries are UTC days', async () => {
    const rs = await xml(XML.toString('utf8').replace(/<ExportDate[^>]*>/, ''));
    expect(rs.filter((r) => r.kind === 'HKActivitySummary').at(-1)).toMatchObject({ tStart: utc(2024, 3, 2), tEnd: utc(2024, 3, 3) });
    // Profile facts with no export date to be true at: time 0, stored at the end of export.xml.
    expect(rs.slice(-3).map((r) => [r.kind, r.tStart])).toEqual([
      ['profile.dateOfBirth', 0],
      ['profile.biologicalSex', 0],
      ['profile.cardioFitnessMedicationsUse', 0],
    ]);
  });

  it('keeps a MetadataEntry that clashes with a built-in key', async () => {
    const rs = await xml(
      '<HealthData><Record type="T" sourceName="S" device="d" startDate="2024-03-01 08:00:00 +0000" endDate="2024-03-01 08:00:00 +0000" value="1"><MetadataEntry key="device" value="x"/></Record></HealthData>',
    );
    expect(rs[0]!.meta).toEqual({ device: 'd', 'metadata:device': 'x' });
  });
});

describe('Apple Health export.zip', () => {
  const zipped = (entries: Parameters<typeof buildZip>[0]): string => {
    const path = join(importerTmpDir(), 'export.zip');
    writeFileSync(path, buildZip(entries));
    return path;
  };

  it('reads apple_health_export/export.xml, not export_cda.xml', async () => {
    const path = zipped([
      { name: 'apple_health_export/', data: '', store: true },
      { name: 'apple_health_export/export_cda.xml', data: '<ClinicalDocument/>' },
      { name: 'apple_health_export/workout-routes/route_2024-03-03_6.44pm.gpx', data: '<gpx/>' },
      { name: 'apple_health_export/export.xml', data: XML },
    ]);
    expect(await collect(importAppleHealth(path, {}))).toEqual(EXPECTED);
  });

  it('accepts a localized folder name and a stored (uncompressed) entry', async () => {
    const path = zipped([{ name: 'Exportación de Salud/export.xml', data: XML, store: true }]);
    expect(await collect(importAppleHealth(path, {}))).toEqual(EXPECTED);
  });

  it('reports progress in uncompressed bytes of export.xml', async () => {
    const path = zipped([{ name: 'apple_health_export/export.xml', data: XML }]);
    const seen: number[] = [];
    await collect(importAppleHealth(path, { onProgress: (p) => seen.push(p.bytesRead, p.totalBytes ?? -1) }));
    expect(seen.slice(-2)).toEqual([XML.length, XML.length]);
  });

  it('an archive without export.xml', async () => {
    const e = await collectError(importAppleHealth(zipped([{ name: 'apple_health_export/export_cda.xml', data: '<x/>' }]), {}));
    expect(e).toBeInstanceOf(ImportFormatError);
    expect(e.message).toBe('export.zip: the archive has no export.xml (expected apple_health_export/export.xml)');
  });

  it('a truncated archive', async () => {
    const full = buildZip([{ name: 'apple_health_export/export.xml', data: XML }]);
    const path = writeTemp('export.zip', full.subarray(0, full.length - 30));
    const e = await collectError(importAppleHealth(path, {}));
    expect(e).toBeInstanceOf(ImportFormatError);
    expect(e.message).toBe('export.zip: is not a readable zip archive (it may be incomplete or damaged)');
  });

  it('damaged compressed data', async () => {
    const full = buildZip([{ name: 'apple_health_export/export.xml', data: XML }]);
    const bad = Buffer.from(full);
    for (let i = 200; i < 260; i++) bad[i] = (bad[i]! * 7 + 13) & 0xff;
    const e = await collectError(importAppleHealth(writeTemp('export.zip', bad), {}));
    expect(e).toBeInstanceOf(ImportFormatError);
    expect(e.message).toMatch(/^export\.xml (byte \d+|line \d+): /);
  });

  it('a damaged stored (uncompressed) entry is caught by its CRC-32', async () => {
    const full = buildZip([{ name: 'apple_health_export/export.xml', data: XML, store: true }]);
    const bad = Buffer.from(full);
    const at = bad.indexOf('value="412"');
    bad[at + 7] = '9'.charCodeAt(0); // 412 → 492: still well-formed XML
    const e = await collectError(importAppleHealth(writeTemp('export.zip', bad), {}));
    expect(e).toBeInstanceOf(ImportFormatError);
    expect(e.message).toBe(`export.xml byte ${XML.length}: the data in export.zip does not match its checksum: the archive is damaged`);
  });

  it('an unsupported compression method', async () => {
    const full = buildZip([{ name: 'apple_health_export/export.xml', data: XML }]);
    const bad = Buffer.from(full);
    const central = bad.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bad.writeUInt16LE(12, central + 10); // bzip2
    const e = await collectError(importAppleHealth(writeTemp('export.zip', bad), {}));
    expect(e.message).toBe('export.zip: export.xml in the archive uses an unsupported compression method (12)');
  });

  it('zip bombs: export.xml or a side file declaring more than 250× its stored size is refused before inflating; one inflating past its declared size is stopped', async () => {
    const text = XML.toString('utf8');
    const bomb = text.replace('</HealthData>', `${' '.repeat(4 * 1024 * 1024)}</HealthData>`);
    const e = await collectError(importAppleHealth(zipped([{ name: 'apple_health_export/export.xml', data: bomb }]), {}));
    expect(e).toBeInstanceOf(ImportLimitError);
    expect((e as ImportLimitError).limit).toBe('archive-ratio');
    expect(e.message).toBe('export.zip: export.xml in the archive would inflate more than 250 times its stored size (a zip bomb?)');

    const gpx = `<?xml version="1.0"?><gpx>${' '.repeat(4 * 1024 * 1024)}</gpx>`;
    const side = await collectError(
      importAppleHealth(zipped([{ name: 'apple_health_export/export.xml', data: XML }, { name: 'apple_health_export/workout-routes/route_1.gpx', data: gpx }]), {}),
    );
    expect(side).toBeInstanceOf(ImportLimitError);
    expect(side.message).toBe('export.zip: route_1.gpx in the archive would inflate more than 250 times its stored size (a zip bomb?)');

    // A directory that lies: declares 100 bytes less than export.xml inflates to.
    const lie = Buffer.from(buildZip([{ name: 'apple_health_export/export.xml', data: XML }]));
    lie.writeUInt32LE(XML.length - 100, 22); // local header uncompressed size
    const central = lie.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    lie.writeUInt32LE(XML.length - 100, central + 24); // central directory uncompressed size
    const l = await collectError(importAppleHealth(writeTemp('export.zip', lie), {}));
    expect(l).toBeInstanceOf(ImportLimitError);
    expect(l.message).toBe('export.zip: export.xml in the archive inflates to more than the size its directory declares (a damaged archive or a zip bomb)');
  });

  it('an empty export.xml inside the archive', async () => {
    const e = await collectError(importAppleHealth(zipped([{ name: 'apple_health_export/export.xml', data: '' }]), {}));
    expect(e).toBeInstanceOf(EmptyFileError);
  });
});

describe('Apple Health errors', () => {
  const text = XML.toString('utf8');

  it('truncated inside a Record tag', async () => {
    const cut = text.indexOf('<Record type="HKQuantityTypeIdentifierBodyMass"') + 40;
    const e = await xmlError(text.slice(0, cut));
    expect(e).toBeInstanceOf(ImportFormatError);
    const line = text.slice(0, cut).split('\n').length;
    expect(e.message).toBe(`export.xml line ${line}: unexpected end of file inside <Record>`);
    expect(e.line).toBe(line);
    expect(e.column).toBeGreaterThan(1);
    expect(e.hint).toContain('Export All Health Data');
  });

  it('truncated between elements and inside a Workout', async () => {
    const afterRecord = text.indexOf('</Record>') + '</Record>'.length;
    expect((await xmlError(text.slice(0, afterRecord))).message).toMatch(/unexpected end of file inside <HealthData>$/);
    const inWorkout = text.indexOf('<WorkoutStatistics');
    expect((await xmlError(text.slice(0, inWorkout))).message).toMatch(/unexpected end of file inside <Workout>$/);
  });

  it('malformed XML → line and column', async () => {
    const bad = text.replace('</Record>', '</Recrod>');
    const e = await xmlError(bad);
    expect(e.message).toMatch(/^export\.xml line \d+: unexpected close tag$/);
    expect(e.column).toBeDefined();
    const ent = await xmlError(text.replace('&amp; Co', '&nbsp; Co'));
    expect(ent.message).toMatch(/: undefined entity$/);
  });

  it('not an Apple Health document', async () => {
    expect((await xmlError('<?xml version="1.0"?><gpx></gpx>')).message).toBe(
      'export.xml line 1: the root element is <gpx>, not <HealthData>: this is not an Apple Health export',
    );
    expect((await xmlError('hello')).message).toMatch(/^export\.xml line 1: /);
  });

  it('a Record without type or with a bad date', async () => {
    const noType = await xmlError('<HealthData><Record sourceName="S" startDate="2024-03-01 08:00:00 +0100" endDate="2024-03-01 08:00:00 +0100"/></HealthData>');
    expect(noType.message).toBe('export.xml line 1: <Record> has no type attribute');
    const badDate = await collectError(
      parseAppleHealthXml(memoryInput('export.xml', '<HealthData>\n<Record type="T" sourceName="S" startDate="01.03.2024 08:00" endDate="x"/></HealthData>'), {}),
    );
    expect(badDate).toBeInstanceOf(UnsupportedTimestampError);
    expect(badDate.message).toBe('export.xml line 2: "Record startDate" does not hold a supported timestamp');
  });

  it('absurdly deep nesting', async () => {
    const e = await xmlError(`<HealthData>${'<a>'.repeat(10_000)}`);
    expect(e.message).toBe('export.xml line 1: elements are nested more than 64 levels deep');
  });

  it('invalid UTF-8 and empty files', async () => {
    const e = await collectError(parseAppleHealthXml(memoryInput('export.xml', Buffer.concat([Buffer.from('<HealthData>'), Buffer.from([0xc3, 0x28])])), {}));
    expect(e).toBeInstanceOf(BinaryFileError);
    expect(await collectError(parseAppleHealthXml(memoryInput('export.xml', ''), {}))).toBeInstanceOf(EmptyFileError);
  });
});

describe('helpers', () => {
  it('fastNumber accepts plain decimals only', () => {
    expect(['412', '-3.5', '0.199', '1e3', '1.5E-7', '+2', '.5', '5.'].map(fastNumber)).toEqual([412, -3.5, 0.199, 1000, 1.5e-7, 2, 0.5, 5]);
    expect(['', '-', '.', 'e5', '1e', '0x10', '0b1', 'Infinity', 'NaN', ' 1', '1 ', '1-2', 'HKCategoryValueNotApplicable'].map(fastNumber)).toEqual(
      Array(13).fill(null),
    );
  });

  it('isExportXmlEntry', () => {
    expect(isExportXmlEntry('apple_health_export/export.xml')).toBe(true);
    expect(isExportXmlEntry('export.xml')).toBe(true);
    expect(isExportXmlEntry('Exportación de Salud/export.xml')).toBe(true);
    expect(isExportXmlEntry('apple_health_export/export_cda.xml')).toBe(false);
    expect(isExportXmlEntry('__MACOSX/apple_health_export/export.xml')).toBe(false);
    expect(isExportXmlEntry('apple_health_export/myexport.xml')).toBe(false);
  });
});
