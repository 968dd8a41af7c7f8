/**
 * Issue 13 §5, the side files of an Apple Health export.zip: FHIR documents
 * (clinical-records/*.json) and ECG recordings (electrocardiograms/*.csv).
 * Both are untrusted input: property tests over random documents and
 * random text, errors with the file's name and line, bounds.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { importAppleHealth } from '../../../electron/core/importers/apple-health.js';
import { FhirDocumentParser, type ClinicalLink } from '../../../electron/core/importers/apple-health/clinical.js';
import { EcgCsvParser, ecgSamples } from '../../../electron/core/importers/apple-health/ecg.js';
import { ImportError, ImportFormatError, ImportLimitError } from '../../../electron/core/importers/errors.js';
import { runParser, type ByteInput } from '../../../electron/core/importers/stream.js';
import { newImportReport, type ImportReport } from '../../../electron/core/importers/types.js';
import type { NewRecord } from '../../../shared/domain/record.js';
import { collect, collectError, importerTmpDir, memoryInput, removeImporterTmpDirs, utc } from '../../helpers/importer-collect.js';
import { buildZip } from '../../helpers/importer-zip.js';

afterAll(removeImporterTmpDirs);

const FHIR_PATH = '/clinical-records/Observation-1.json';
const fhir = (input: ByteInput, link?: ClinicalLink, report?: ImportReport) =>
  runParser(input, { ...(report && { report }) }, (sink) => new FhirDocumentParser(input.fileName, sink, FHIR_PATH, link), { text: true });
const ecg = (input: ByteInput, report?: ImportReport) =>
  runParser(input, { ...(report && { report }) }, (sink) => new EcgCsvParser(input.fileName, sink, '/electrocardiograms/ecg.csv'), { text: true });

const LINK: ClinicalLink = { type: 'HKClinicalTypeIdentifierLabResultRecord', source: 'Hospital', receivedAt: utc(2024, 2, 20, 9), fhirVersion: '4.0.1' };

describe('FHIR documents (clinical-records/*.json)', () => {
  const resourceTypes = fc.constantFrom('Observation', 'Condition', 'AllergyIntolerance', 'MedicationStatement', 'Immunization', 'DiagnosticReport', 'Procedure');
  // Keys that are not FHIR time fields, so the document's time is the one set below.
  const extra = fc.dictionary(fc.string({ maxLength: 8 }).map((k) => `x${k}`), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 });

  it('keeps the document as written, kind from resourceType, time from the resource or its ClinicalRecord (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        resourceTypes,
        extra,
        fc.option(fc.integer({ min: utc(1990, 1, 1), max: utc(2040, 1, 1) }).map((t) => t - (t % 1000))),
        fc.constantFrom(undefined, 2, '\t'),
        fc.boolean(),
        fc.integer({ min: 1, max: 200 }),
        async (resourceType, rest, effective, indent, linked, chunk) => {
          const doc = { resourceType, id: 'r-1', ...rest, ...(effective !== null && { effectiveDateTime: new Date(effective).toISOString() }) };
          const text = `${JSON.stringify(doc, null, indent)}\n`;
          const report = newImportReport();
          const rs = await collect(fhir(memoryInput('Observation-1.json', text, chunk), linked ? LINK : undefined, report));
          const t = effective ?? (linked ? LINK.receivedAt : null);
          if (t === null) {
            expect(rs).toEqual([]);
            expect(report.skipped).toEqual({ 'clinical-records/*.json (no date, no ClinicalRecord pointing to it)': 1 });
            return;
          }
          expect(rs).toEqual([
            {
              kind: `fhir.${resourceType}`,
              unit: null,
              source: linked ? 'Hospital' : null,
              tStart: t,
              tEnd: t,
              valueNum: null,
              valueText: text.trim(),
              meta: { resourceFilePath: FHIR_PATH, id: 'r-1', ...(linked && { clinicalType: LINK.type, fhirVersion: '4.0.1' }) },
            },
          ]);
          expect(JSON.parse(rs[0]!.valueText!)).toEqual(JSON.parse(text));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('any text: a record, or one of our errors naming the file (property)', async () => {
    const unit = fc.constantFrom('{', '}', '[', ']', '"', ':', ',', '1', '-', 'e', 'a', ' ', '\n', 'resourceType', '"Observation"', '"effectiveDateTime"', '"2024-03-01T08:00:00Z"', '\\', 'é');
    await fc.assert(
      fc.asyncProperty(fc.string({ unit, maxLength: 60 }), fc.integer({ min: 1, max: 16 }), async (text, chunk) => {
        try {
          const rs = await collect(fhir(memoryInput('Observation-1.json', text, chunk), LINK));
          expect(rs.length).toBeLessThanOrEqual(1);
          if (rs.length === 1) expect(rs[0]!.kind).toMatch(/^fhir\.[A-Z][A-Za-z]*$/);
        } catch (e) {
          expect(e).toBeInstanceOf(ImportError);
          expect((e as ImportError).fileName).toBe('Observation-1.json');
        }
      }),
      { numRuns: 400 },
    );
  });

  it('malformed JSON is refused with the file name and line', async () => {
    const bad = '{\n  "resourceType": "Observation",\n  "id": "o1",\n  "status": ,\n  "x": 1\n}\n';
    const e = await collectError(fhir(memoryInput('Observation-1.json', bad)));
    expect(e).toBeInstanceOf(ImportFormatError);
    expect(e.message).toBe('Observation-1.json line 4: invalid JSON structure (a value, comma, colon or bracket is misplaced)');
    expect((await collectError(fhir(memoryInput('Observation-1.json', '{"resourceType": "Observation"')))).message).toBe(
      'Observation-1.json line 1: unexpected end of file: the JSON is incomplete',
    );
    expect((await collectError(fhir(memoryInput('Observation-1.json', '[{"resourceType": "Observation"}]')))).message).toBe(
      'Observation-1.json line 1: is not a FHIR resource (one JSON object)',
    );
    expect((await collectError(fhir(memoryInput('Observation-1.json', '{"resourceType": "observation; drop"}')))).message).toMatch(/^Observation-1\.json line 1: has no valid "resourceType"/);
    expect((await collectError(fhir(memoryInput('Observation-1.json', '{"resourceType": "Observation"} {}')))).message).toBe(
      'Observation-1.json line 1: unexpected data after the end of the JSON document',
    );
  });

  it('in export.zip: a damaged document refuses the whole import, naming the document', async () => {
    const path = join(importerTmpDir(), 'export.zip');
    writeFileSync(
      path,
      buildZip([
        { name: 'apple_health_export/export.xml', data: '<HealthData locale="en"><ExportDate value="2024-03-05 10:00:00 +0000"/></HealthData>' },
        { name: 'apple_health_export/clinical-records/Observation-ok.json', data: '{"resourceType":"Observation","issued":"2024-03-01T08:00:00Z"}' },
        { name: 'apple_health_export/clinical-records/Observation-bad.json', data: '{"resourceType":"Observation",\n"issued":"2024-03-01T08:00:00Z",,}' },
      ]),
    );
    const e = await collectError(importAppleHealth(path, {}));
    expect(e).toBeInstanceOf(ImportFormatError);
    expect(e.message).toBe('Observation-bad.json line 2: invalid JSON structure (a value, comma, colon or bracket is misplaced)');
  });

  it('is bounded: a document past the limit stops being read', async () => {
    let read = 0;
    const input: ByteInput = {
      fileName: 'DiagnosticReport-1.json',
      totalBytes: null,
      chunks: (async function* () {
        yield Buffer.from('{"resourceType":"DiagnosticReport","presentedForm":[{"data":"');
        const piece = Buffer.alloc(256 * 1024, 0x41);
        for (;;) {
          read += piece.length;
          yield piece;
        }
      })(),
    };
    const e = await collectError(fhir(input));
    expect(e).toBeInstanceOf(ImportLimitError);
    expect((e as ImportLimitError).limit).toBe('clinical-document-bytes');
    expect(read).toBeLessThan(17 * 1024 * 1024);
  });
});

const header = (o: { name?: string; dob?: string; date?: string; rate?: string; unit?: string } = {}) => [
  `Name,${o.name ?? 'Alice Example'}`,
  `Date of Birth,"${o.dob ?? 'Jul 14, 1988'}"`,
  `Recorded Date,${o.date ?? '2024-03-01 09:30:00 +0100'}`,
  'Classification,Atrial Fibrillation',
  'Symptoms,"Rapid, pounding, or fluttering heartbeat"',
  'Software Version,2.0',
  'Device,"Watch6,2"',
  `Sample Rate,${o.rate ?? '512 hertz'}`,
  '',
  '',
  'Lead,Lead I',
  `Unit,${o.unit ?? 'µV'}`,
  '',
];

describe('ECG recordings (electrocardiograms/*.csv)', () => {
  const sample = fc.integer({ min: -5_000_000, max: 5_000_000 }).map((n) => (n === 0 ? 0 : n / 1000));

  it('every sample, exactly, whatever the chunking and line ends; the name and birthday go nowhere (property)', async () => {
    const word = fc.stringMatching(/^[A-Za-zÀ-ÿ' -]{1,20}$/);
    await fc.assert(
      fc.asyncProperty(
        word,
        word,
        fc.array(sample, { maxLength: 300 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.integer({ min: 1, max: 500 }),
        async (name, dob, samples, eol, decimalComma, chunk) => {
          const lines = [...header({ name: `ZQX${name}`, dob: `ZQY${dob}` }), ...samples.map((v) => (decimalComma ? `"${String(v).replace('.', ',')}"` : String(v)))];
          const report = newImportReport();
          const rs = await collect(ecg(memoryInput('ecg_2024-03-01.csv', lines.join(eol) + eol, chunk), report));
          expect(rs).toHaveLength(1);
          const r = rs[0]!;
          expect(ecgSamples(r.valueText!)).toEqual(samples);
          expect(r).toMatchObject({ kind: 'HKElectrocardiogram', unit: 'µV', tStart: utc(2024, 3, 1, 8, 30), tEnd: utc(2024, 3, 1, 8, 30) + Math.round((samples.length / 512) * 1000) });
          expect(r.meta).toEqual({
            classification: 'Atrial Fibrillation',
            symptoms: 'Rapid, pounding, or fluttering heartbeat',
            softwareVersion: '2.0',
            device: 'Watch6,2',
            lead: 'Lead I',
            sampleRateHz: 512,
            samples: samples.length,
            ecgFile: '/electrocardiograms/ecg.csv',
          });
          expect(JSON.stringify(rs)).not.toMatch(/ZQX|ZQY/);
          expect(report.skipped).toEqual({});
        },
      ),
      { numRuns: 200 },
    );
  });

  it('any text: a record, or one of our errors naming the file (property)', async () => {
    const unit = fc.constantFrom('Recorded Date,2024-03-01 09:30:00 +0100\n', 'Sample Rate,512 hertz\n', '1.5\n', '-2\n', '"3,5"\n', 'x', ',', '"', '\n', '\r\n', ' ', 'e', '1');
    await fc.assert(
      fc.asyncProperty(fc.string({ unit, maxLength: 30 }), fc.integer({ min: 1, max: 16 }), async (text, chunk) => {
        try {
          const rs = await collect(ecg(memoryInput('ecg.csv', text, chunk)));
          expect(rs).toHaveLength(1);
          expect(rs[0]!.tEnd).toBeGreaterThanOrEqual(rs[0]!.tStart);
          for (const v of ecgSamples(rs[0]!.valueText!)) expect(Number.isFinite(v)).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(ImportError);
          expect((e as ImportError).fileName).toBe('ecg.csv');
        }
      }),
      { numRuns: 400 },
    );
  });

  it('a localised file: the time, rate and unit are recognised by their values; other header lines counted, none kept', async () => {
    const text = [
      'Name,Alice Beispiel',
      'Geburtsdatum,14.07.1988',
      'Aufnahmedatum,2024-03-01 09:30:00 +0100',
      'Klassifizierung,Sinusrhythmus',
      'Symptome,',
      'Softwareversion,2.0',
      'Gerät,"Watch6,2"',
      'Abtastrate,512 Hertz',
      '',
      'Ableitung,Ableitung I',
      'Einheit,µV',
      '',
      '-1.5',
      '2',
    ].join('\n');
    const report = newImportReport();
    const rs = await collect(ecg(memoryInput('ecg.csv', text), report));
    expect(rs).toEqual([
      {
        kind: 'HKElectrocardiogram',
        unit: 'µV',
        source: null,
        tStart: utc(2024, 3, 1, 8, 30),
        tEnd: utc(2024, 3, 1, 8, 30) + 4,
        valueNum: null,
        valueText: '-1.5,2',
        meta: { sampleRateHz: 512, samples: 2, ecgFile: '/electrocardiograms/ecg.csv' },
      },
    ] satisfies NewRecord[]);
    expect(report.skipped).toEqual({ 'electrocardiograms/*.csv header lines (unknown name)': 6 });
    expect(JSON.stringify(rs)).not.toMatch(/Beispiel|1988/);
  });

  it('a name that is not set (`Name` alone), an average heart rate, samples with a bare decimal comma', async () => {
    const text = ['Name', 'Recorded Date,2026-08-26 18:15:35 +0100', 'Classification,Sinus Rhythm', 'Average Heart Rate,72 BPM', 'Sample Rate,512.844 hertz', 'Lead,Lead I', 'Unit,µV', '', '-265,868', '12,5', '7'].join('\n');
    const rs = await collect(ecg(memoryInput('ecg.csv', text)));
    expect(rs.map((r) => [r.valueText, r.tEnd - r.tStart, r.meta])).toEqual([
      ['-265.868,12.5,7', Math.round((3 / 512.844) * 1000), { classification: 'Sinus Rhythm', averageHeartRate: 72, lead: 'Lead I', sampleRateHz: 512.844, samples: 3, ecgFile: '/electrocardiograms/ecg.csv' }],
    ]);
    expect((await collectError(ecg(memoryInput('ecg.csv', text.replace('72 BPM', 'fast'))))).message).toBe('ecg.csv line 4: the "Average Heart Rate" is not a number of beats per minute');
  });

  it('refuses a bad sample or a file without its time, with the file name and line', async () => {
    const bad = [...header(), '1.0', '2.0', 'oops', '3.0'].join('\n');
    const e = await collectError(ecg(memoryInput('ecg_2024-03-01.csv', bad)));
    expect(e).toBeInstanceOf(ImportFormatError);
    expect(e.message).toBe('ecg_2024-03-01.csv line 16: a sample is not a number');
    const noDate = header().filter((l) => !l.startsWith('Recorded Date')).join('\n') + '\n1\n';
    expect((await collectError(ecg(memoryInput('ecg.csv', noDate)))).message).toBe('ecg.csv: has no "Recorded Date" line: the time of the ECG is not known');
    const badDate = [...header({ date: '2024-13-45 09:30:00 +0100' }), '1'].join('\n');
    expect((await collectError(ecg(memoryInput('ecg.csv', badDate)))).message).toBe('ecg.csv line 3: the "Recorded Date" is not a date like "2024-03-01 09:30:00 +0100"');
    const badRate = [...header({ rate: 'fast' }), '1'].join('\n');
    expect((await collectError(ecg(memoryInput('ecg.csv', badRate)))).message).toBe('ecg.csv line 8: the "Sample Rate" is not a number of hertz');
  });

  it('is bounded: samples and line length', async () => {
    const many = `${header().join('\n')}\n${'1\n'.repeat(200_001)}`;
    const e = await collectError(ecg(memoryInput('ecg.csv', many, 256 * 1024)));
    expect(e).toBeInstanceOf(ImportLimitError);
    expect((e as ImportLimitError).limit).toBe('ecg-samples');
    expect((e as ImportLimitError).line).toBe(13 + 200_001);
    let read = 0;
    const endless: ByteInput = {
      fileName: 'ecg.csv',
      totalBytes: null,
      chunks: (async function* () {
        yield Buffer.from('Name,');
        const piece = Buffer.alloc(16 * 1024, 0x41);
        for (;;) {
          read += piece.length;
          yield piece;
        }
      })(),
    };
    const long = await collectError(ecg(endless));
    expect(long).toBeInstanceOf(ImportLimitError);
    expect((long as ImportLimitError).limit).toBe('ecg-line');
    expect(read).toBeLessThan(128 * 1024);
  });
});
