/**
 * Issue 13, Apple Health: real exports import whole. Small fixtures written
 * from the documented shapes, one per defect or shape, checked element by
 * element, with the summary's repair and not-imported counts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandCompactDate, parseAppleHealthXml } from '../../../electron/core/importers/apple-health.js';
import { ImportFormatError } from '../../../electron/core/importers/errors.js';
import { newImportReport, type ImportReport } from '../../../electron/core/importers/types.js';
import { SPACED_NAME_MARK, XmlRepair } from '../../../electron/core/importers/xml-repair.js';
import type { NewRecord } from '../../../shared/domain/record.js';
import { collect, collectError, memoryInput, utc } from '../../helpers/importer-collect.js';

const wrap = (body: string): string => `<?xml version="1.0" encoding="UTF-8"?>\n<HealthData locale="en_US">\n${body}\n</HealthData>\n`;

async function parse(body: string, chunk?: number): Promise<{ records: NewRecord[]; report: ImportReport }> {
  const report = newImportReport();
  const records = await collect(parseAppleHealthXml(memoryInput('export.xml', wrap(body), chunk), { report }));
  return { records, report };
}

describe('known defects are repaired and counted', () => {
  it('a control character in a metadata value (iOS 16) becomes U+FFFD', async () => {
    const { records, report } = await parse(
      '<Record type="T" sourceName="S" startDate="2024-03-01 08:00:00 +0100" endDate="2024-03-01 08:00:00 +0100" value="1">' +
        '<MetadataEntry key="HKMetadataKeySyncIdentifier" value="a\x01b\x1fc"/></Record>',
    );
    expect(records).toHaveLength(1);
    expect(records[0]!.meta).toEqual({ HKMetadataKeySyncIdentifier: 'a\ufffdb\ufffdc' });
    expect(report.repaired).toEqual({ 'control characters replaced': 2 });
  });

  it('iOS 8 metadata written as attribute names with spaces becomes metadata', async () => {
    const { records, report } = await parse(
      '<Record type="HKQuantityTypeIdentifierBodyMass" source="Health Mate" unit="kg" Health Mate App Version="2.6.2" Withings User Identifier="12345" startDate="20151107171924+0100" endDate="20151107171924+0100" value="61"/>',
    );
    expect(records).toEqual([
      {
        kind: 'HKQuantityTypeIdentifierBodyMass',
        unit: 'kg',
        source: 'Health Mate',
        tStart: utc(2015, 11, 7, 16, 19, 24),
        tEnd: utc(2015, 11, 7, 16, 19, 24),
        valueNum: 61,
        valueText: null,
        meta: { 'Health Mate App Version': '2.6.2', 'Withings User Identifier': '12345' },
      },
    ]);
    expect(report.repaired).toEqual({ 'attribute names with spaces turned into metadata': 2 });
  });

  it('the same records whatever the chunk size (names split across pieces)', async () => {
    const body =
      '<Record type="T" source="A B" Some Long App Version Name="1" startDate="20151107171924+0100" endDate="20151107171924+0100" value="x\x02"/>\n' +
      '<Workout workoutActivityType="W" duration="1" Health Mate Extra="y" startDate="2015-11-07 17:19:24 +0100" endDate="2015-11-07 17:20:24 +0100"/>';
    const whole = await parse(body);
    for (const size of [1, 2, 3, 5, 13]) expect(await parse(body, size)).toEqual(whole);
    expect(whole.records[1]!.meta).toMatchObject({ 'Health Mate Extra': 'y' });
  });

  it('unknown malformations are still refused whole', async () => {
    for (const bad of ['<Record type="T" startDate="2024-03-01" endDate="2024-03-01" value="1" broken/>', '<Record type="T" <x/>']) {
      const e = await collectError(parseAppleHealthXml(memoryInput('export.xml', wrap(bad)), {}));
      expect(e).toBeInstanceOf(ImportFormatError);
    }
  });
});

// eslint-disable-next-line no-control-regex -- the control characters the repair replaces
const CONTROLS = /[\x01\x1f]/g;

describe('XmlRepair (property)', () => {
  const word = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,6}$/);
  const value = fc.string({ unit: fc.constantFrom('a', ' ', '>', '<'.replace('<', 'b'), '=', '\x01', '\x1f', 'é', '\t'), maxLength: 10 });
  const attr = fc.tuple(fc.array(word, { minLength: 1, maxLength: 3 }), value);
  const element = fc.tuple(word, fc.array(attr, { maxLength: 4 }));

  it('repairs exactly the spaced names and control characters, wherever the input is split', () => {
    fc.assert(
      fc.property(fc.array(element, { maxLength: 6 }), fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 5 }), (elements, cuts) => {
        let input = '<?xml version="1.0"?>\n<!-- a comment with "quotes > and \' -->\n<Root>\n';
        let expected = input;
        let spaced = 0;
        let controls = 0;
        for (const [name, attrs] of elements) {
          input += `<${name}`;
          expected += `<${name}`;
          for (const [words, v] of attrs) {
            input += ` ${words.join(' ')}="${v}"`;
            expected += ` ${words.join(SPACED_NAME_MARK)}="${v.replace(CONTROLS, '\ufffd')}"`;
            if (words.length > 1) spaced++;
            controls += (v.match(CONTROLS) ?? []).length;
          }
          input += '/>\n';
          expected += '/>\n';
        }
        input += '</Root>\n';
        expected += '</Root>\n';
        const r = new XmlRepair();
        let out = '';
        let at = 0;
        let k = 0;
        while (at < input.length) {
          const next = Math.min(input.length, at + cuts[k++ % cuts.length]!);
          out += r.process(input.slice(at, next));
          at = next;
        }
        out += r.end();
        expect(out).toBe(expected);
        expect([r.spacedNames, r.controlChars]).toEqual([spaced, controls]);
      }),
      { numRuns: 500 },
    );
  });
});

describe('iOS 8/9 shapes', () => {
  it('compact dates expand; anything else is left for the normal parser', () => {
    expect(expandCompactDate('20151107171924+0100')).toBe('2015-11-07 17:19:24 +0100');
    expect(expandCompactDate('2015-11-07 17:19:24')).toBe('2015-11-07 17:19:24');
  });
});

describe('nested records', () => {
  const R = (type: string, value: string, extra = ''): string =>
    `<Record type="${type}" sourceName="Cuff" unit="mmHg" startDate="2024-03-02 09:00:00 +0100" endDate="2024-03-02 09:00:00 +0100" value="${value}"${extra}/>`;

  it('a Correlation not repeated at top level keeps its Records, linked by the correlation record', async () => {
    const { records, report } = await parse(
      `<Correlation type="HKCorrelationTypeIdentifierBloodPressure" sourceName="Cuff" startDate="2024-03-02 09:00:00 +0100" endDate="2024-03-02 09:00:00 +0100">` +
        `<MetadataEntry key="HKWasUserEntered" value="1"/>${R('HKQuantityTypeIdentifierBloodPressureSystolic', '121')}${R('HKQuantityTypeIdentifierBloodPressureDiastolic', '79')}</Correlation>`,
    );
    expect(records.map((r) => [r.kind, r.valueNum])).toEqual([
      ['HKQuantityTypeIdentifierBloodPressureSystolic', 121],
      ['HKQuantityTypeIdentifierBloodPressureDiastolic', 79],
      ['HKCorrelationTypeIdentifierBloodPressure', null],
    ]);
    expect(records[2]!.meta).toEqual({
      HKWasUserEntered: '1',
      BloodPressureSystolic: 121,
      'BloodPressureSystolic.unit': 'mmHg',
      BloodPressureDiastolic: 79,
      'BloodPressureDiastolic.unit': 'mmHg',
    });
    expect(report.skipped).toEqual({});
  });

  it('Records nested in a Workout are kept; what is still not imported is counted per element', async () => {
    const { records, report } = await parse(
      `<Workout workoutActivityType="HKWorkoutActivityTypeCycling" duration="10" durationUnit="min" sourceName="Watch" startDate="2024-03-03 18:00:00 +0100" endDate="2024-03-03 18:10:00 +0100">` +
        `${R('HKQuantityTypeIdentifierHeartRate', '140')}` +
        `<WorkoutRoute><FileReference path="/workout-routes/route_1.gpx"/></WorkoutRoute>` +
        `<WorkoutFutureThing a="1"><Inner/></WorkoutFutureThing>` +
        `</Workout>` +
        `<VisionPrescription type="HKVisionPrescriptionTypeGlasses" dateIssued="2024-01-01 00:00:00 +0100"><Attachment identifier="x"/></VisionPrescription>`,
    );
    expect(records.map((r) => r.kind)).toEqual(['HKQuantityTypeIdentifierHeartRate', 'HKWorkout']);
    expect(records[1]!.meta).toMatchObject({ routeFile: '/workout-routes/route_1.gpx' });
    expect(report.skipped).toEqual({ 'Workout/WorkoutFutureThing': 1, 'Workout/WorkoutFutureThing/Inner': 1, VisionPrescription: 1 });
  });
});

describe('ActivitySummary', () => {
  it('is its calendar day, the same across a daylight-saving change', async () => {
    const { records } = await parse(
      '<ExportDate value="2024-04-05 10:12:44 +0200"/>' +
        '<ActivitySummary dateComponents="2024-03-30" activeEnergyBurned="1"/><ActivitySummary dateComponents="2024-03-31" activeEnergyBurned="2"/>',
    );
    expect(records.map((r) => [r.tStart, r.tEnd])).toEqual([
      [utc(2024, 3, 30), utc(2024, 3, 31)],
      [utc(2024, 3, 31), utc(2024, 4, 1)],
    ]);
  });
});
