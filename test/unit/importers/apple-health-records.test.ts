/**
 * Issue 13 §5: what Apple Health exports hold besides Records and Workouts.
 * A small export.zip built from test/fixtures/apple-health/full-export (made
 * from the documented shapes): profile facts, beat-to-beat heart rate,
 * Audiogram points, ClinicalRecords with their FHIR documents, an ECG,
 * WorkoutActivity legs and WorkoutZoneGroups, checked element by element,
 * with the summary's not-imported counts.
 */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { importAppleHealth, parseAppleHealthXml } from '../../../electron/core/importers/apple-health.js';
import { beatInstant, clockTimeMs } from '../../../electron/core/importers/apple-health/heartbeats.js';
import { profileKind } from '../../../electron/core/importers/apple-health/profile.js';
import { sideFilePattern } from '../../../electron/core/importers/apple-health/side-files.js';
import { ecgSamples } from '../../../electron/core/importers/apple-health/ecg.js';
import { ImportFormatError, ImportLimitError } from '../../../electron/core/importers/errors.js';
import { newImportReport } from '../../../electron/core/importers/types.js';
import type { NewRecord } from '../../../shared/domain/record.js';
import { FULL_EXPORT_DIR, writeFullExportZip } from '../../helpers/apple-health-full-export.js';
import { collect, collectError, importerTmpDir, memoryInput, removeImporterTmpDirs, utc } from '../../helpers/importer-collect.js';

afterAll(removeImporterTmpDirs);

const DIR = FULL_EXPORT_DIR;

const EXPORTED = utc(2024, 3, 5, 9, 12, 44);
const HRV_START = utc(2024, 3, 2, 4, 59, 58);
const WORKOUT_START = utc(2024, 3, 3, 7);
const fact = (kind: string, valueText: string): NewRecord => ({ kind, unit: null, source: null, tStart: EXPORTED, tEnd: EXPORTED, valueNum: null, valueText, meta: null });
const beat = (bpm: number, t: number): NewRecord => ({ kind: 'HKHeartbeat', unit: 'count/min', source: 'Watch', tStart: t, tEnd: t, valueNum: bpm, valueText: null, meta: { hrvStart: HRV_START } });
const zone = (kind: string, zoneNo: number, minutes: number, bounds: { minimum?: number; maximum?: number }, shared: Record<string, string | number>, t: [number, number]): NewRecord => ({
  kind,
  unit: 'min',
  source: 'Watch',
  tStart: t[0],
  tEnd: t[1],
  valueNum: minutes,
  valueText: null,
  meta: { zone: zoneNo, ...bounds, ...shared },
});
const ear = (side: 'left' | 'right', frequency: number, value: number, extra: Record<string, number> = {}): NewRecord => ({
  kind: `HKAudiogram.${side}Ear`,
  unit: 'dBHL',
  source: 'Mimi',
  tStart: utc(2024, 2, 10, 16),
  tEnd: utc(2024, 2, 10, 16, 4, 30),
  valueNum: value,
  valueText: null,
  meta: {
    frequency,
    frequencyUnit: 'Hz',
    ...extra,
    sourceVersion: '5.1',
    creationDate: '2024-02-10 17:05:00 +0100',
    HKMetadataKeySyncVersion: '1',
    audiogramStart: utc(2024, 2, 10, 16),
  },
});

describe('a full export.zip (issue 13 §5)', () => {
  it('imports every shape as its own kind, linked, and counts what is still not imported', async () => {
    const report = newImportReport();
    const rs = await collect(importAppleHealth(writeFullExportZip(), { report }));
    const byKind = (k: string) => rs.filter((r) => r.kind === k);

    // <Me>: facts as of the export; not-set values (…NotSet, empty) are not facts.
    expect(rs.slice(0, 4)).toEqual([
      fact('profile.dateOfBirth', '1988-07-14'),
      fact('profile.biologicalSex', 'HKBiologicalSexFemale'),
      fact('profile.bloodType', 'HKBloodTypeAPositive'),
      fact('profile.wheelchairUse', 'HKWheelchairUseNo'),
    ]);
    expect(rs.filter((r) => r.kind.startsWith('profile.'))).toHaveLength(4);

    // Beats across midnight, 12-hour clock with AM/PM, decimal comma, 24-hour clock; a localized AM/PM word is counted, not guessed.
    expect(rs.slice(4, 9)).toEqual([
      beat(58, utc(2024, 3, 2, 4, 59, 58, 500)),
      beat(60, utc(2024, 3, 2, 4, 59, 59, 520)),
      beat(61, utc(2024, 3, 2, 5, 0, 0, 510)),
      beat(59, utc(2024, 3, 2, 5, 0, 1, 490)),
      expect.objectContaining({ kind: 'HKQuantityTypeIdentifierHeartRateVariabilitySDNN', tStart: HRV_START, valueNum: 41.5 }) as NewRecord,
    ]);

    // Workout legs (with their own statistics) and zones, each linked to the workout.
    const legs = byKind('HKWorkoutActivity');
    expect(legs).toEqual([
      {
        kind: 'HKWorkoutActivity',
        unit: 'min',
        source: 'Watch',
        tStart: WORKOUT_START,
        tEnd: utc(2024, 3, 3, 7, 30),
        valueNum: 30,
        valueText: null,
        meta: {
          workoutStart: WORKOUT_START,
          workoutActivityType: 'HKWorkoutActivityTypeSwimBikeRun',
          uuid: '2E5A0A6C-0000-4000-8000-000000000001',
          'events.Segment': 2,
          'stats.DistanceSwimming.sum': 1500,
          'stats.DistanceSwimming.unit': 'm',
          'stats.HeartRate.average': 131,
          'stats.HeartRate.minimum': 96,
          'stats.HeartRate.maximum': 152,
          'stats.HeartRate.unit': 'count/min',
          HKSwimmingLocationType: '2',
        },
      },
      {
        kind: 'HKWorkoutActivity',
        unit: 'min',
        source: 'Watch',
        tStart: utc(2024, 3, 3, 7, 35),
        tEnd: utc(2024, 3, 3, 8, 30),
        valueNum: 55,
        valueText: null,
        meta: {
          workoutStart: WORKOUT_START,
          workoutActivityType: 'HKWorkoutActivityTypeSwimBikeRun',
          uuid: '2E5A0A6C-0000-4000-8000-000000000002',
          'stats.DistanceCycling.sum': 24.5,
          'stats.DistanceCycling.unit': 'km',
        },
      },
    ]);
    const leg2: [number, number] = [utc(2024, 3, 3, 7, 35), utc(2024, 3, 3, 8, 30)];
    const power = { zoneUnit: 'W', zoneSource: 'user', workoutStart: WORKOUT_START, activityStart: leg2[0] };
    expect(byKind('HKWorkoutZone.CyclingPower')).toEqual([
      zone('HKWorkoutZone.CyclingPower', 1, 20, { maximum: 180 }, power, leg2),
      zone('HKWorkoutZone.CyclingPower', 2, 35, { minimum: 180 }, power, leg2),
    ]);
    const whole: [number, number] = [WORKOUT_START, utc(2024, 3, 3, 8, 30)];
    const hr = { zoneUnit: 'count/min', zoneSource: 'system', workoutStart: WORKOUT_START };
    expect(byKind('HKWorkoutZone.HeartRate')).toEqual([
      zone('HKWorkoutZone.HeartRate', 1, 22.5, { maximum: 132 }, hr, whole),
      zone('HKWorkoutZone.HeartRate', 2, 50, { minimum: 132, maximum: 146 }, hr, whole),
      zone('HKWorkoutZone.HeartRate', 3, 17.5, { minimum: 146 }, hr, whole),
    ]);
    // The workout itself is stored as before (its parts are records of their own, not in its meta).
    expect(byKind('HKWorkout')).toEqual([
      { kind: 'HKWorkout', unit: 'min', source: 'Watch', tStart: WORKOUT_START, tEnd: whole[1], valueNum: 90, valueText: null, meta: { workoutActivityType: 'HKWorkoutActivityTypeSwimBikeRun', HKIndoorWorkout: '0', routeFile: '/workout-routes/route_2024-03-03_8.35am.gpx' } },
    ]);

    // ClinicalRecords, then their FHIR documents from clinical-records/ (linked by resourceFilePath).
    expect(byKind('HKClinicalTypeIdentifierLabResultRecord')).toEqual([
      {
        kind: 'HKClinicalTypeIdentifierLabResultRecord',
        unit: null,
        source: 'Example Hospital',
        tStart: utc(2024, 2, 20, 9),
        tEnd: utc(2024, 2, 20, 9),
        valueNum: null,
        valueText: null,
        meta: { identifier: 'obs-1', sourceURL: 'https://fhir.example.org/api/Observation/obs-1', fhirVersion: '4.0.1', resourceFilePath: '/clinical-records/Observation-obs-1.json' },
      },
    ]);
    expect(byKind('HKClinicalTypeIdentifierConditionRecord')).toHaveLength(1);
    const observation = readFileSync(join(DIR, 'clinical-records/Observation-obs-1.json'), 'utf8').trim();
    expect(byKind('fhir.Observation')).toEqual([
      {
        kind: 'fhir.Observation',
        unit: null,
        source: 'Example Hospital',
        // the resource's own clinical time (effectiveDateTime), not when the phone received it
        tStart: utc(2024, 2, 19, 7, 30),
        tEnd: utc(2024, 2, 19, 7, 30),
        valueNum: null,
        valueText: observation,
        meta: { resourceFilePath: '/clinical-records/Observation-obs-1.json', id: 'obs-1', clinicalType: 'HKClinicalTypeIdentifierLabResultRecord', fhirVersion: '4.0.1' },
      },
    ]);
    const condition = byKind('fhir.Condition');
    // onsetDateTime "2016" is not an instant: the ClinicalRecord's receivedDate places it.
    expect(condition.map((r) => [r.tStart, r.source, r.meta])).toEqual([
      [utc(2024, 2, 21, 10, 30), 'Example Hospital', { resourceFilePath: '/clinical-records/Condition-cond-2.json', id: 'cond-2', clinicalType: 'HKClinicalTypeIdentifierConditionRecord', fhirVersion: '1.0.2' }],
    ]);
    expect(JSON.parse(condition[0]!.valueText!)).toMatchObject({ resourceType: 'Condition', code: { text: 'Seasonal allergic rhinitis' } });
    expect(byKind('fhir.Patient')).toEqual([]);

    // Audiogram: one record per point and ear.
    expect(rs.filter((r) => r.kind.startsWith('HKAudiogram.'))).toEqual([
      ear('left', 500, 10),
      ear('right', 500, 15),
      ear('left', 1000, 5, { masked: 0 }),
      ear('right', 1000, 20),
      ear('right', 4000, 35),
    ]);

    // The ECG: one waveform record; the name and date of birth of its header are read into nothing.
    const ecgText = readFileSync(join(DIR, 'electrocardiograms/ecg_2024-03-01.csv'), 'utf8');
    const expectedSamples = ecgText.split('\n').slice(13).filter((l) => l !== '').map(Number);
    const [ecg, ...moreEcgs] = byKind('HKElectrocardiogram');
    expect(moreEcgs).toEqual([]);
    expect({ ...ecg, valueText: undefined }).toEqual({
      kind: 'HKElectrocardiogram',
      unit: 'µV',
      source: null,
      tStart: utc(2024, 3, 1, 8, 30),
      tEnd: utc(2024, 3, 1, 8, 30, 2),
      valueNum: null,
      valueText: undefined,
      meta: { classification: 'Sinus Rhythm', softwareVersion: '2.0', device: 'Watch6,2', lead: 'Lead I', sampleRateHz: 512, samples: 1024, ecgFile: '/electrocardiograms/ecg_2024-03-01.csv' },
    });
    expect(ecgSamples(ecg!.valueText!)).toEqual(expectedSamples);
    expect(JSON.stringify(rs)).not.toMatch(/Alice|Jul 14/);

    // Route points still arrive from workout-routes/.
    expect(byKind('HKWorkoutRoute').map((r) => r.meta?.workoutStart)).toEqual([WORKOUT_START, WORKOUT_START]);

    expect(rs).toHaveLength(4 + 5 + 2 + 2 + 3 + 1 + 2 + 5 + 2 + 1 + 2);
    expect(report.skipped).toEqual({
      'Record/HeartRateVariabilityMetadataList/InstantaneousBeatsPerMinute (time not understood)': 1,
      VisionPrescription: 1,
      'export_cda.xml': 1,
      'vision-prescriptions/*.jpg': 2,
      'clinical-records/*.json (no date, no ClinicalRecord pointing to it)': 1,
    });
  });

  it('an unzipped export: export.xml reads the side folders beside it, the same records as the zip', async () => {
    const sorted = (rs: NewRecord[]) => rs.map((r) => JSON.stringify(r)).sort();
    const fromZip = await collect(importAppleHealth(writeFullExportZip(), {}));
    const report = newImportReport();
    const fromFolder = await collect(importAppleHealth(join(DIR, 'export.xml'), { report }));
    expect(sorted(fromFolder)).toEqual(sorted(fromZip));
    expect(report.skipped).toEqual({
      'Record/HeartRateVariabilityMetadataList/InstantaneousBeatsPerMinute (time not understood)': 1,
      VisionPrescription: 1,
      'clinical-records/*.json (no date, no ClinicalRecord pointing to it)': 1,
    });
  });

  it('an unzipped export: regular files only (a link is not followed); other files in the side folders are counted', async () => {
    const dir = importerTmpDir();
    writeFileSync(join(dir, 'export.xml'), readFileSync(join(DIR, 'export.xml')));
    mkdirSync(join(dir, 'clinical-records'));
    mkdirSync(join(dir, 'electrocardiograms'));
    writeFileSync(join(dir, 'clinical-records', 'Observation-obs-1.json'), readFileSync(join(DIR, 'clinical-records/Observation-obs-1.json')));
    writeFileSync(join(dir, 'clinical-records', 'notes.txt'), 'x');
    symlinkSync(join(DIR, 'electrocardiograms/ecg_2024-03-01.csv'), join(dir, 'electrocardiograms', 'ecg_link.csv'));
    const report = newImportReport();
    const rs = await collect(importAppleHealth(join(dir, 'export.xml'), { report }));
    expect(rs.filter((r) => r.kind.startsWith('fhir.')).map((r) => r.kind)).toEqual(['fhir.Observation']);
    expect(rs.filter((r) => r.kind === 'HKElectrocardiogram')).toEqual([]);
    expect(report.skipped).toMatchObject({ 'clinical-records/*.txt': 1 });
  });

  it('from export.xml alone: the XML shapes, and the FHIR documents and ECGs simply absent', async () => {
    const report = newImportReport();
    const rs = await collect(parseAppleHealthXml(memoryInput('export.xml', readFileSync(join(DIR, 'export.xml')), 97), { report }));
    expect(rs.map((r) => r.kind).filter((k) => k.startsWith('fhir.') || k === 'HKElectrocardiogram')).toEqual([]);
    expect(rs.filter((r) => r.kind === 'HKHeartbeat')).toHaveLength(4);
    expect(report.skipped).toEqual({ 'Record/HeartRateVariabilityMetadataList/InstantaneousBeatsPerMinute (time not understood)': 1, VisionPrescription: 1 });
  });
});

const xml = (body: string) => `<?xml version="1.0"?>\n<HealthData locale="en">\n${body}\n</HealthData>\n`;
const parse = async (body: string) => {
  const report = newImportReport();
  const records = await collect(parseAppleHealthXml(memoryInput('export.xml', xml(body)), { report }));
  return { records, report };
};

describe('element shapes', () => {
  it('<Me>: unknown attributes are counted; each fact its own profile.* kind', async () => {
    const { records, report } = await parse('<ExportDate value="2024-03-05 10:00:00 +0000"/><Me HKCharacteristicTypeIdentifierDateOfBirth="2001-02-03" locale="x"><Extra/></Me>');
    expect(records).toEqual([{ ...fact('profile.dateOfBirth', '2001-02-03'), tStart: utc(2024, 3, 5, 10), tEnd: utc(2024, 3, 5, 10) }]);
    expect(report.skipped).toEqual({ 'Me (attributes other than HKCharacteristicTypeIdentifier…)': 1, 'Me/Extra': 1 });
    expect(profileKind('HKCharacteristicTypeIdentifierFitzpatrickSkinType')).toBe('profile.fitzpatrickSkinType');
    expect(profileKind('HKCharacteristicTypeIdentifier')).toBeNull();
    expect(profileKind('locale')).toBeNull();
  });

  it('beats: bpm must be a number; every clock form Apple writes', async () => {
    const rec = (beats: string) =>
      `<Record type="HKQuantityTypeIdentifierHeartRateVariabilitySDNN" sourceName="W" unit="ms" startDate="2024-03-02 08:00:55 +0100" endDate="2024-03-02 08:01:55 +0100" value="48"><HeartRateVariabilityMetadataList>${beats}</HeartRateVariabilityMetadataList></Record>`;
    const e = await collectError(parseAppleHealthXml(memoryInput('export.xml', xml(rec('<InstantaneousBeatsPerMinute bpm="x" time="8:00:56 AM"/>'))), {}));
    expect(e).toBeInstanceOf(ImportFormatError);
    expect(e.message).toBe('export.xml line 3: an <InstantaneousBeatsPerMinute> has no numeric bpm');
    expect(clockTimeMs('8:00:56.21 AM')).toBe(((8 * 60 + 0) * 60 + 56) * 1000 + 210);
    expect(clockTimeMs('8:00:56,21\u202fPM')).toBe(((20 * 60 + 0) * 60 + 56) * 1000 + 210);
    expect(clockTimeMs('12:00:00 AM')).toBe(0);
    expect(clockTimeMs('12:30:00 p.m.')).toBe(12.5 * 3_600_000);
    expect(clockTimeMs('23:59:59.999')).toBe(86_399_999);
    for (const bad of ['24:00:00', '13:00:00 PM', '0:10:00 AM', '8:61:00', '', '8', 'noon', '0.00', '1.25']) expect(clockTimeMs(bad)).toBeNull();
    // A list that starts before midnight and ends after it, in a negative offset.
    expect(beatInstant(utc(2024, 3, 2, 4, 59, 58), -300, clockTimeMs('00:00:01')!)).toBe(utc(2024, 3, 2, 5, 0, 1));
    expect(beatInstant(utc(2024, 3, 2, 5, 0, 1), -300, clockTimeMs('11:59:59 PM')!)).toBe(utc(2024, 3, 2, 4, 59, 59));
  });

  it('beat times: written in any of the clock forms Apple writes, placed within 12 hours of the list start on the same local clock time (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: utc(2000, 1, 1), max: utc(2040, 1, 1) }),
        fc.integer({ min: -12 * 60, max: 14 * 60 }).map((m) => m - (m % 15)),
        fc.integer({ min: 0, max: 86_399_990 }).map((t) => t - (t % 10)),
        fc.constantFrom('24h', '12h', '12h-nnbsp'),
        fc.constantFrom('.', ','),
        (start, offset, tod, clock, sep) => {
          const h = Math.floor(tod / 3_600_000);
          const m = Math.floor(tod / 60_000) % 60;
          const sec = Math.floor(tod / 1000) % 60;
          const frac = String(Math.floor((tod % 1000) / 10)).padStart(2, '0');
          const mmss = `${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}${sep}${frac}`;
          const text = clock === '24h' ? `${h}:${mmss}` : `${h % 12 === 0 ? 12 : h % 12}:${mmss}${clock === '12h' ? ' ' : '\u202f'}${h < 12 ? 'AM' : 'PM'}`;
          expect(clockTimeMs(text)).toBe(tod);
          const t = beatInstant(start, offset, tod);
          expect(Math.abs(t - start)).toBeLessThanOrEqual(12 * 3_600_000);
          const local = t + offset * 60_000;
          expect(((local % 86_400_000) + 86_400_000) % 86_400_000).toBe(tod);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('Audiogram: a point without a numeric frequency or ear value is refused; too many points are a limit', async () => {
    const a = (pts: string) => `<Audiogram type="HKDataTypeIdentifierAudiogram" sourceName="S" startDate="2024-02-10 17:00:00 +0100" endDate="2024-02-10 17:04:30 +0100">${pts}</Audiogram>`;
    expect((await collectError(parseAppleHealthXml(memoryInput('export.xml', xml(a('<SensitivityPoint frequencyUnit="Hz" leftEarValue="1"/>'))), {}))).message).toBe(
      'export.xml line 3: a <SensitivityPoint> has no numeric frequencyValue',
    );
    expect((await collectError(parseAppleHealthXml(memoryInput('export.xml', xml(a('<SensitivityPoint frequencyValue="500" leftEarValue="loud"/>'))), {}))).message).toBe(
      'export.xml line 3: a <SensitivityPoint> leftEarValue is not a number',
    );
    const many = a('<SensitivityPoint frequencyValue="500" leftEarValue="1"/>\n'.repeat(1001));
    const e = await collectError(parseAppleHealthXml(memoryInput('export.xml', xml(many)), {}));
    expect(e).toBeInstanceOf(ImportLimitError);
    expect((e as ImportLimitError).limit).toBe('audiogram-points');
    const { records, report } = await parse(a('<SensitivityPoint frequencyValue="250" rightEarValue="5" rightEarUnit="dBHL"><Test/></SensitivityPoint><Note/>'));
    expect(records.map((r) => [r.kind, r.valueNum, r.meta?.frequency])).toEqual([['HKAudiogram.rightEar', 5, 250]]);
    expect(report.skipped).toEqual({ 'Audiogram/SensitivityPoint/Test': 1, 'Audiogram/Note': 1 });
  });

  it('ClinicalRecord needs a type and a receivedDate', async () => {
    expect((await collectError(parseAppleHealthXml(memoryInput('export.xml', xml('<ClinicalRecord receivedDate="2024-02-20 10:00:00 +0100"/>')), {}))).message).toBe(
      'export.xml line 3: <ClinicalRecord> has no type attribute',
    );
    expect((await collectError(parseAppleHealthXml(memoryInput('export.xml', xml('<ClinicalRecord type="T"/>')), {}))).message).toBe('export.xml line 3: <ClinicalRecord> has no receivedDate attribute');
  });

  it('WorkoutActivity metadata is bounded like a Record', async () => {
    const entries = Array.from({ length: 1001 }, (_, i) => `<MetadataEntry key="k${i}" value="v"/>`).join('');
    const body = `<Workout workoutActivityType="W" duration="1" sourceName="S" startDate="2024-03-03 08:00:00 +0100" endDate="2024-03-03 09:00:00 +0100"><WorkoutActivity startDate="2024-03-03 08:00:00 +0100">${entries}</WorkoutActivity></Workout>`;
    const e = await collectError(parseAppleHealthXml(memoryInput('export.xml', xml(body)), {}));
    expect(e).toBeInstanceOf(ImportLimitError);
    expect((e as ImportLimitError).limit).toBe('metadata-entries');
  });
});

describe('side-file patterns', () => {
  it('counts by folder and extension, relative to the export folder', () => {
    const root = 'apple_health_export/';
    expect(sideFilePattern('apple_health_export/export_cda.xml', root)).toBe('export_cda.xml');
    expect(sideFilePattern('apple_health_export/notes.PDF', root)).toBe('*.pdf');
    expect(sideFilePattern('apple_health_export/vision-prescriptions/a.jpg', root)).toBe('vision-prescriptions/*.jpg');
    expect(sideFilePattern('apple_health_export/a/b/c.bin', root)).toBe('a/…/*.bin');
    expect(sideFilePattern('apple_health_export/x/noext', root)).toBe('x/*');
    expect(sideFilePattern('apple_health_export/export.xml', root)).toBeNull();
    expect(sideFilePattern('apple_health_export/sub/', root)).toBeNull();
    expect(sideFilePattern('__MACOSX/apple_health_export/._export.xml', root)).toBeNull();
    expect(sideFilePattern('apple_health_export/.DS_Store', root)).toBeNull();
    expect(sideFilePattern(`apple_health_export/${'d'.repeat(300)}/f.txt`, root)).toBe('…/*.txt');
  });
});
