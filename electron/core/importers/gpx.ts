/**
 * Workout routes: the GPX files Apple puts in `export.zip` under
 * `workout-routes/` (referenced from a Workout's
 * `<WorkoutRoute><FileReference path>`), and the inline `<Location>`
 * elements of older exports. Every track point becomes one record:
 *
 * - kind `HKWorkoutRoute`, unit null, source null, valueNum null,
 *   valueText `geo:<lat>,<lon>`, tStart = tEnd = the point's time;
 * - meta: { type: 'route', lat, lon, and when present altitude (m), speed
 *   (m/s), course (°), horizontalAccuracy, verticalAccuracy (m) } plus the
 *   link to its workout: `routeFile` (the same text as the Workout record's
 *   `routeFile`) for GPX, and `workoutStart` (the workout's tStart) when the
 *   workout is known.
 *
 * GPX is streamed through saxes behind the same length guard as export.xml
 * (xml-guard.ts): no tag, text or comment longer than its bound is ever
 * buffered, and a point's text fields are capped at 64 characters.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { NewRecord } from '../../../shared/domain/record.js';
import { ImportFormatError, ImportLimitError, UnsupportedTimestampError } from './errors.js';
import { MAX_XML_COMMENT_CHARS, MAX_XML_MARKUP_CHARS, MAX_XML_TEXT_CHARS } from './limits.js';
import { Utf8Decoder, type ChunkParser, type RecordSink } from './stream.js';
import { parseIsoTimestamp } from './timestamps.js';
import type { MetaValue } from './types.js';
import { XmlLengthGuard } from './xml-guard.js';

export const KIND_WORKOUT_ROUTE = 'HKWorkoutRoute';
const GPX_HINT = 'The route file in the export looks damaged. Export the Health data again and import the new export.zip.';
const MAX_FIELD_CHARS = 64;

/** Point fields read from child elements of <trkpt> (and its <extensions>), by element name → meta key. */
const FIELDS: Readonly<Record<string, string>> = {
  ele: 'altitude',
  speed: 'speed',
  course: 'course',
  hAcc: 'horizontalAccuracy',
  vAcc: 'verticalAccuracy',
};

export interface RouteLink {
  /** `/workout-routes/route_….gpx`, as the Workout's FileReference says. */
  routeFile?: string;
  /** tStart of the workout, when known. */
  workoutStart?: number;
}

type Meta = Record<string, MetaValue>;

/** A route point record; `values` are the optional numeric fields by meta key. */
export function routePoint(t: number, lat: number, lon: number, values: Meta, link: RouteLink): NewRecord {
  const meta: Meta = { type: 'route', lat, lon, ...values };
  if (link.routeFile !== undefined) meta.routeFile = link.routeFile;
  if (link.workoutStart !== undefined) meta.workoutStart = link.workoutStart;
  return { kind: KIND_WORKOUT_ROUTE, unit: null, source: null, tStart: t, tEnd: t, valueNum: null, valueText: `geo:${lat},${lon}`, meta };
}

/** A finite number in range, else null. */
function coordinate(v: string | undefined, max: number): number | null {
  if (v === undefined) return null;
  const t = v.trim();
  if (t === '' || t.length > 40) return null;
  const n = Number(t);
  return Number.isFinite(n) && Math.abs(n) <= max ? n : null;
}

export class GpxParser implements ChunkParser {
  private readonly sax = new SaxesParser({ xmlns: false, position: true });
  private readonly decoder: Utf8Decoder;
  private readonly guard: XmlLengthGuard;
  private readonly names: string[] = [];
  private point: { lat: number; lon: number; time: string | null; values: Meta } | null = null;
  private field: string | null = null;
  private text = '';

  constructor(
    private readonly fileName: string,
    private readonly sink: RecordSink,
    private readonly link: RouteLink,
  ) {
    this.decoder = new Utf8Decoder(fileName);
    this.guard = new XmlLengthGuard({ maxMarkup: MAX_XML_MARKUP_CHARS, maxText: MAX_XML_TEXT_CHARS, maxComment: MAX_XML_COMMENT_CHARS }, (v) => {
      throw new ImportLimitError({ fileName, line: v.line, limit: v.limit, reason: `${v.what} is longer than ${v.max / 1024 / 1024} MiB characters`, hint: GPX_HINT });
    });
    sink.position = () => ({ line: this.sax.line });
    this.sax.on('opentag', (tag) => this.open(tag));
    this.sax.on('closetag', () => this.close());
    this.sax.on('text', (t) => {
      if (this.field === null) return;
      if (this.text.length + t.length > MAX_FIELD_CHARS) this.fail(`<${this.names.at(-1)!}> of a track point is longer than ${MAX_FIELD_CHARS} characters`);
      this.text += t;
    });
    this.sax.on('error', (err) => {
      throw this.formatError(err.message.replace(/^\d+:\d+: /, '').replace(/\.$/, ''));
    });
  }

  write(chunk: Buffer): void {
    this.feed(this.decoder.decode(chunk));
  }

  end(): void {
    this.feed(this.decoder.end());
    if (this.names.length > 0) this.fail(`unexpected end of file inside <${this.names.at(-1)!}>`);
    this.sax.close();
  }

  private feed(s: string): void {
    if (s === '') return;
    this.guard.scan(s, this.sax.line);
    this.sax.write(s);
  }

  private formatError(reason: string): ImportFormatError {
    return new ImportFormatError({ fileName: this.fileName, line: this.sax.line, column: this.sax.column + 1, reason, hint: GPX_HINT });
  }

  private fail(reason: string): never {
    throw this.formatError(reason);
  }

  private open(tag: SaxesTagPlain): void {
    this.names.push(tag.name);
    if (this.names.length > 64) this.fail('elements are nested more than 64 levels deep');
    if (this.names.length === 1 && tag.name !== 'gpx') this.fail(`the root element is <${tag.name}>, not <gpx>`);
    if (tag.name === 'trkpt') {
      if (this.point !== null) this.fail('a <trkpt> inside another <trkpt>');
      const lat = coordinate(tag.attributes.lat, 90);
      const lon = coordinate(tag.attributes.lon, 180);
      if (lat === null || lon === null) this.fail('a <trkpt> has no valid lat/lon');
      this.point = { lat, lon, time: null, values: {} };
    } else if (this.point !== null && (tag.name === 'time' || tag.name in FIELDS)) {
      this.field = tag.name;
      this.text = '';
    }
  }

  private close(): void {
    const name = this.names.pop()!;
    const p = this.point;
    if (p === null) return;
    if (this.field !== null && name === this.field) {
      const t = this.text.trim();
      if (name === 'time') p.time = t;
      else {
        const n = coordinate(t, 1e7);
        if (n !== null) p.values[FIELDS[name]!] = n;
      }
      this.field = null;
    } else if (name === 'trkpt') {
      this.point = null;
      if (p.time === null) this.fail('a <trkpt> has no <time>');
      const t = parseIsoTimestamp(p.time);
      if (Number.isNaN(t)) {
        throw new UnsupportedTimestampError({ fileName: this.fileName, field: 'trkpt time', problem: p.time === '' ? 'empty' : 'unrecognised', line: this.sax.line, hint: GPX_HINT });
      }
      this.sink.push(routePoint(t, p.lat, p.lon, p.values, this.link));
    }
  }
}
