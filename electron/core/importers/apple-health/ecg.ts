/**
 * ECG recordings of the Apple Watch: `electrocardiograms/ecg_<date>.csv`
 * in export.zip (watchOS 5.1.2+). Apple's format is a few `key,value`
 * header lines, a blank line, then one sample per line:
 *
 * ```
 * Name,<the person's name>
 * Date of Birth,"<their birthday>"
 * Recorded Date,2024-03-01 09:30:00 +0100
 * Classification,Sinus Rhythm
 * Symptoms,
 * Software Version,1.90
 * Device,"Watch6,7"
 * Sample Rate,512 hertz
 *
 * Lead,Lead I
 * Unit,µV
 *
 * -188.186
 * -200.366
 * …
 * ```
 *
 * One ECG → one record holding the waveform in a compact form:
 * - kind `HKElectrocardiogram`, unit = `Unit` (µV), source null, tStart =
 *   Recorded Date, tEnd = tStart + samples ÷ sample rate, valueNum null,
 *   valueText = the samples as decimal numbers joined by `,`
 *   (`-188.186,-200.366,…`; decode with {@link ecgSamples});
 * - meta: `classification`, `symptoms` (when not empty), `softwareVersion`,
 *   `device`, `sampleRateHz` (number), `lead`, `samples` (count),
 *   `averageHeartRate` (bpm, when a file has an `Average Heart Rate` line)
 *   and `ecgFile` (`/electrocardiograms/<name>.csv`).
 *
 * The personal header lines (Name, Date of Birth) are never read into
 * anything: only the keys above are kept, by name. Localised exports name
 * the keys in their language: there the recording time is the header value
 * written as a full Apple date (`2024-03-01 09:30:00 +0100`) and the sample
 * rate the value ending in `hertz`/`Hz`, the unit a value `µV`/`mV`; every other header line of such a
 * file is counted as not imported. Samples may use a decimal comma
 * (`-188,186` or `"-188,186"`); a header line may be a name alone (`Name`
 * when the name is not set). A sample line that is not a number, a file without a
 * recording time, more than MAX_ECG_SAMPLES samples, or a header line
 * longer than MAX_ECG_LINE_CHARS is refused with the file name and line.
 */
import type { NewRecord } from '../../../../shared/domain/record.js';
import { ImportFormatError, ImportLimitError } from '../errors.js';
import { MAX_ECG_LINE_CHARS, MAX_ECG_SAMPLES } from '../limits.js';
import { Utf8Decoder, type ChunkParser, type RecordSink } from '../stream.js';
import { parseIsoTimestamp } from '../timestamps.js';
import type { Meta } from './context.js';

export const KIND_ECG = 'HKElectrocardiogram';
const ECG_HINT = 'An ECG file in the export is damaged. Export the Health data again and import the new export.zip.';
const APPLE_DATE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{4}$/;
const RATE = /^(\d+(?:[.,]\d+)?)\s*(?:hertz|hz)$/i;
/** The units Apple writes samples in (a localised file is recognised by the value). */
const UNIT = /^(?:µV|μV|uV|mV)$/;
const HEART_RATE = /^(\d+(?:[.,]\d+)?)\s*(?:bpm|count\/min)?$/i;
const SAMPLE = /^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?$/;
/** English header keys kept, by name → meta key (Recorded Date, Sample Rate and Unit are read apart). */
const KEPT: Readonly<Record<string, string>> = {
  Classification: 'classification',
  Symptoms: 'symptoms',
  'Software Version': 'softwareVersion',
  Device: 'device',
  Lead: 'lead',
};
/** English header keys deliberately not kept (personal). */
const PERSONAL = new Set(['Name', 'Date of Birth']);

/** `apple_health_export/electrocardiograms/ecg_2024-03-01.csv` → `/electrocardiograms/ecg_2024-03-01.csv`, else null. */
export function ecgEntryPath(name: string): string | null {
  const m = /(?:^|\/)electrocardiograms\/([^/]+\.csv)$/i.exec(name);
  return m === null || name.startsWith('__MACOSX/') ? null : `/electrocardiograms/${m[1]!}`;
}

/** The samples of an ECG record's valueText. */
export function ecgSamples(valueText: string): number[] {
  return valueText === '' ? [] : valueText.split(',').map(Number);
}

/** `key,value` → [key, value] with CSV quoting of the value undone; a line without a comma is a key without value (`Name`). */
export function headerLine(line: string): [string, string] {
  const comma = line.indexOf(',');
  if (comma === -1) return [line.trim(), ''];
  const key = line.slice(0, comma).trim();
  let value = line.slice(comma + 1).trim();
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1).replace(/""/g, '"');
  return [key, value];
}

/** A sample as written (`-188.186`, `"-188,186"`) → its number, or null. */
export function sampleValue(line: string): number | null {
  let s = line.trim();
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) s = s.slice(1, -1).trim();
  if (s.length === 0 || s.length > 40 || !SAMPLE.test(s)) return null;
  const v = Number(s.replace(',', '.'));
  return Number.isFinite(v) ? v : null;
}

export class EcgCsvParser implements ChunkParser {
  private readonly decoder: Utf8Decoder;
  private rest = '';
  private lineNo = 0;
  private inSamples = false;
  private recorded: number | null = null;
  private rateHz: number | null = null;
  private unit: string | null = null;
  private averageBpm: number | null = null;
  private readonly meta: Meta = {};
  private samples: string[] = [];
  private count = 0;

  constructor(
    private readonly fileName: string,
    private readonly sink: RecordSink,
    /** `/electrocardiograms/<name>.csv`. */
    private readonly path: string,
  ) {
    this.decoder = new Utf8Decoder(fileName);
    sink.position = () => ({ line: this.lineNo });
  }

  write(chunk: Buffer): void {
    this.lines(this.decoder.decode(chunk), false);
  }

  end(): void {
    this.lines(this.decoder.end(), true);
    if (this.recorded === null) this.fail(undefined, 'has no "Recorded Date" line: the time of the ECG is not known');
    const t = this.recorded;
    const duration = this.rateHz === null || this.rateHz <= 0 ? 0 : Math.round((this.count / this.rateHz) * 1000);
    const meta: Meta = { ...this.meta };
    if (this.rateHz !== null) meta.sampleRateHz = this.rateHz;
    meta.samples = this.count;
    meta.ecgFile = this.path;
    if (this.averageBpm !== null) meta.averageHeartRate = this.averageBpm;
    const r: NewRecord = { kind: KIND_ECG, unit: this.unit, source: null, tStart: t, tEnd: t + duration, valueNum: null, valueText: this.samples.join(','), meta };
    this.samples = [];
    this.sink.push(r);
  }

  private lines(text: string, last: boolean): void {
    let s = this.rest + text;
    let start = 0;
    for (;;) {
      const nl = s.indexOf('\n', start);
      if (nl === -1) break;
      this.line(s.slice(start, nl));
      start = nl + 1;
    }
    s = s.slice(start);
    if (last) {
      if (s.length > 0) this.line(s);
      this.rest = '';
    } else {
      if (s.length > MAX_ECG_LINE_CHARS) {
        throw new ImportLimitError({ fileName: this.fileName, line: this.lineNo + 1, limit: 'ecg-line', reason: `a line is longer than ${MAX_ECG_LINE_CHARS / 1024} KiB`, hint: ECG_HINT });
      }
      this.rest = s;
    }
  }

  private line(raw: string): void {
    this.lineNo++;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.length > MAX_ECG_LINE_CHARS) {
      throw new ImportLimitError({ fileName: this.fileName, line: this.lineNo, limit: 'ecg-line', reason: `a line is longer than ${MAX_ECG_LINE_CHARS / 1024} KiB`, hint: ECG_HINT });
    }
    if (line.trim() === '') return;
    const v = sampleValue(line);
    if (v !== null) {
      this.inSamples = true;
      if (++this.count > MAX_ECG_SAMPLES) {
        throw new ImportLimitError({ fileName: this.fileName, line: this.lineNo, limit: 'ecg-samples', reason: `the ECG has more than ${MAX_ECG_SAMPLES} samples`, hint: ECG_HINT });
      }
      this.samples.push(String(v));
      return;
    }
    if (this.inSamples) this.fail(this.lineNo, 'a sample is not a number');
    const [key, value] = headerLine(line);
    this.header(key, value);
  }

  private header(key: string, value: string): void {
    if (PERSONAL.has(key)) return;
    if (key === 'Recorded Date' || (this.recorded === null && APPLE_DATE.test(value))) {
      const t = parseIsoTimestamp(value);
      if (Number.isNaN(t)) this.fail(this.lineNo, 'the "Recorded Date" is not a date like "2024-03-01 09:30:00 +0100"');
      this.recorded = t;
      return;
    }
    const rate = RATE.exec(value);
    if (key === 'Sample Rate' || rate !== null) {
      if (rate === null) this.fail(this.lineNo, 'the "Sample Rate" is not a number of hertz');
      this.rateHz = Number(rate[1]!.replace(',', '.'));
      return;
    }
    if (key === 'Average Heart Rate') {
      const bpm = HEART_RATE.exec(value);
      if (bpm === null) this.fail(this.lineNo, 'the "Average Heart Rate" is not a number of beats per minute');
      this.averageBpm = Number(bpm[1]!.replace(',', '.'));
      return;
    }
    if (key === 'Unit' || (this.unit === null && UNIT.test(value))) {
      this.unit = value === '' ? null : value.slice(0, 100);
      return;
    }
    const metaKey = KEPT[key];
    if (metaKey === undefined) {
      this.sink.skipped('electrocardiograms/*.csv header lines (unknown name)');
      return;
    }
    if (value === '') return;
    this.meta[metaKey] = value;
  }

  private fail(line: number | undefined, reason: string): never {
    throw new ImportFormatError({ fileName: this.fileName, line, reason, hint: ECG_HINT });
  }
}
