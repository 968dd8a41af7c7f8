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

/** Point fields read from child elements of <trkpt> (and its <extensions>): slot → element name and meta key. */
const enum F {
  None = -1,
  Time = 0,
  Ele,
  Speed,
  Course,
  HAcc,
  VAcc,
}
const SLOTS = 5;
/** fastBlock: the block is not in the strict subset (saxes reads it) / the text ends inside it. */
const NOT_STRICT = -1;
const INCOMPLETE = -2;
/** Longest `<trkpt>` block held back for the next chunk (Apple's: ~300 characters). */
const MAX_PENDING_CHARS = 16 * 1024;

/** Whitespace the fast path accepts: no carriage return (saxes counts a lone one as a line break; such files take the saxes path). */
const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 9;

/** Only whitespace in s[from, to). */
function isBlank(s: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (!isSpace(s.charCodeAt(k))) return false;
  return true;
}

/** Line feeds in s[from, to). */
function countBreaks(s: string, from: number, to: number): number {
  let n = 0;
  for (let k = s.indexOf('\n', from); k !== -1 && k < to; k = s.indexOf('\n', k + 1)) n++;
  return n;
}
const isNameStart = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
const isNameChar = (c: number): boolean => isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46;

/** The element whose text fills a slot, or F.None. */
function slotOf(name: string): F {
  switch (name) {
    case 'time':
      return F.Time;
    case 'ele':
      return F.Ele;
    case 'speed':
      return F.Speed;
    case 'course':
      return F.Course;
    case 'hAcc':
      return F.HAcc;
    case 'vAcc':
      return F.VAcc;
    default:
      return F.None;
  }
}

export interface RouteLink {
  /** `/workout-routes/route_….gpx`, as the Workout's FileReference says. */
  routeFile?: string;
  /** tStart of the workout, when known. */
  workoutStart?: number;
}

type Meta = Record<string, MetaValue>;

/** A route point record; `values` are the optional numeric fields by meta key. */
export function routePoint(t: number, lat: number, lon: number, values: Meta, link: RouteLink): NewRecord {
  const meta: Meta = { type: 'route', lat, lon };
  for (const k in values) meta[k] = values[k]!;
  if (link.routeFile !== undefined) meta.routeFile = link.routeFile;
  if (link.workoutStart !== undefined) meta.workoutStart = link.workoutStart;
  return { kind: KIND_WORKOUT_ROUTE, unit: null, source: null, tStart: t, tEnd: t, valueNum: null, valueText: `geo:${lat},${lon}`, meta };
}

/**
 * The GPX hot path: the same record as routePoint, with the meta keys
 * written in sorted order (the canonical meta JSON then needs no sort) and
 * no intermediate object. `v` holds ele, speed, course, hAcc, vAcc; NaN =
 * absent.
 */
function gpxPoint(t: number, lat: number, lon: number, v: Float64Array, link: RouteLink): NewRecord {
  const altitude = v[0]!;
  const speed = v[1]!;
  const course = v[2]!;
  const horizontalAccuracy = v[3]!;
  const verticalAccuracy = v[4]!;
  const { routeFile, workoutStart } = link;
  let meta: Meta;
  if (altitude === altitude && speed === speed && course === course && horizontalAccuracy === horizontalAccuracy && verticalAccuracy === verticalAccuracy) {
    // What Apple writes for every point: one object literal, one shape.
    meta =
      routeFile === undefined
        ? { altitude, course, horizontalAccuracy, lat, lon, speed, type: 'route', verticalAccuracy }
        : workoutStart === undefined
          ? { altitude, course, horizontalAccuracy, lat, lon, routeFile, speed, type: 'route', verticalAccuracy }
          : { altitude, course, horizontalAccuracy, lat, lon, routeFile, speed, type: 'route', verticalAccuracy, workoutStart };
    if (routeFile === undefined && workoutStart !== undefined) meta.workoutStart = workoutStart;
  } else {
    meta = {};
    if (altitude === altitude) meta.altitude = altitude;
    if (course === course) meta.course = course;
    if (horizontalAccuracy === horizontalAccuracy) meta.horizontalAccuracy = horizontalAccuracy;
    meta.lat = lat;
    meta.lon = lon;
    if (routeFile !== undefined) meta.routeFile = routeFile;
    if (speed === speed) meta.speed = speed;
    meta.type = 'route';
    if (verticalAccuracy === verticalAccuracy) meta.verticalAccuracy = verticalAccuracy;
    if (workoutStart !== undefined) meta.workoutStart = workoutStart;
  }
  return { kind: KIND_WORKOUT_ROUTE, unit: null, source: null, tStart: t, tEnd: t, valueNum: null, valueText: `geo:${lat},${lon}`, meta };
}

/** A finite number in range, else null (surrounding whitespace allowed; Number's own forms, as before). */
function coordinate(v: string | undefined, max: number): number | null {
  if (v === undefined) return null;
  let t = v;
  if (t.length === 0) return null;
  if (t.charCodeAt(0) <= 32 || t.charCodeAt(t.length - 1) <= 32) {
    t = t.trim();
    if (t === '') return null;
  }
  if (t.length > 40) return null;
  const n = Number(t);
  return Number.isFinite(n) && Math.abs(n) <= max ? n : null;
}

export class GpxParser implements ChunkParser {
  private readonly sax = new SaxesParser({ xmlns: false, position: true });
  private readonly decoder: Utf8Decoder;
  private readonly guard: XmlLengthGuard;
  private readonly names: string[] = [];
  /** The track point being read: its coordinates, time text and numeric fields (NaN = absent). */
  private inPoint = false;
  private lat = 0;
  private lon = 0;
  private time: string | null = null;
  private readonly values = new Float64Array(SLOTS);
  /** The field element being read (its depth, to match its close), or F.None. */
  private field: F = F.None;
  private fieldDepth = 0;
  private text = '';

  /** Decoded text not yet measured and parsed (a `<trkpt` block cut by the chunk end). */
  private pending = '';
  /** Points read by the fast path (the rest went through saxes). */
  fastPoints = 0;

  constructor(
    private readonly fileName: string,
    private readonly sink: RecordSink,
    private readonly link: RouteLink,
    /** Read plain track points without saxes (see fastBlock); off only to compare the two paths in tests. */
    private readonly fast = true,
  ) {
    this.decoder = new Utf8Decoder(fileName);
    this.guard = new XmlLengthGuard({ maxMarkup: MAX_XML_MARKUP_CHARS, maxText: MAX_XML_TEXT_CHARS, maxComment: MAX_XML_COMMENT_CHARS }, (v) => {
      throw new ImportLimitError({ fileName, line: v.line, limit: v.limit, reason: `${v.what} is longer than ${v.max / 1024 / 1024} MiB characters`, hint: GPX_HINT });
    });
    sink.position = () => ({ line: this.sax.line });
    this.sax.on('opentag', (tag) => this.open(tag));
    this.sax.on('closetag', () => this.close());
    this.sax.on('text', (t) => {
      if (this.field === F.None) return;
      if (this.text.length + t.length > MAX_FIELD_CHARS) this.fail(`<${this.names.at(-1)!}> of a track point is longer than ${MAX_FIELD_CHARS} characters`);
      this.text = this.text === '' ? t : this.text + t;
    });
    this.sax.on('error', (err) => {
      throw this.formatError(err.message.replace(/^\d+:\d+: /, '').replace(/\.$/, ''));
    });
  }

  write(chunk: Buffer): void {
    this.feed(this.decoder.decode(chunk));
  }

  end(): void {
    this.feed(this.decoder.end(), true);
    if (this.names.length > 0) this.fail(`unexpected end of file inside <${this.names.at(-1)!}>`);
    this.sax.close();
  }

  /**
   * Track points are most of a route file, and saxes spends most of its time
   * on their nine small elements. A `<trkpt>…</trkpt>` block that starts in
   * character content (the length guard says so) inside the root, outside
   * another point, and is written in a strict subset of XML (ASCII, no
   * entities, comments, CDATA or attributes on children; see fastBlock) is
   * read here directly; saxes is given only its line breaks, so its line
   * count and its view of the document structure stay exact. Anything
   * outside the subset (including every error) goes through saxes as before,
   * so records and errors are the same on both paths (a differential test
   * checks it); only an error's column can differ on a line after a block.
   */
  private feed(s: string, last = false): void {
    if (!this.fast) {
      this.slow(s);
      return;
    }
    const b = this.pending === '' ? s : this.pending + s;
    this.pending = '';
    let pos = 0;
    for (;;) {
      const i = b.indexOf('<trkpt', pos);
      if (i === -1) {
        // Keep a tail that may be the start of `<trkpt` cut by the chunk end.
        const lt = last ? -1 : b.lastIndexOf('<');
        const keep = lt !== -1 && lt >= pos && b.length - lt < 6 ? b.length - lt : 0;
        this.slow(b.slice(pos, b.length - keep));
        this.flushBreaks();
        this.pending = b.slice(b.length - keep);
        return;
      }
      // Whitespace between two points: measured, and only its line breaks are kept for saxes (see flushBreaks).
      if (this.deferred && isBlank(b, pos, i)) {
        const gap = b.slice(pos, i);
        this.guard.scan(gap, this.sax.line + this.breaks);
        this.breaks += countBreaks(b, pos, i);
      } else this.slow(b.slice(pos, i));
      if (this.names.length > 0 && !this.inPoint && this.guard.inText && !this.entityOpen) {
        const end = this.fastBlock(b, i);
        if (end > 0) {
          this.guard.skipElement();
          this.breaks += countBreaks(b, i, end);
          this.deferred = true;
          this.fastPoints++;
          this.sink.push(gpxPoint(this.blockTime, this.blockLat, this.blockLon, this.blockValues, this.link));
          pos = end;
          continue;
        }
        if (end === INCOMPLETE && !last && b.length - i <= MAX_PENDING_CHARS) {
          this.flushBreaks();
          this.pending = b.slice(i);
          return;
        }
      }
      // Not for the fast path: saxes reads this point (and reports what is wrong with it).
      this.slow(b.slice(i, i + 6));
      pos = i + 6;
    }
  }

  /** Line breaks of text read by the fast path that saxes has not been given yet (it needs them only for its line count). */
  private breaks = 0;
  private deferred = false;

  private flushBreaks(): void {
    if (!this.deferred) return;
    if (this.breaks > 0) this.sax.write('\n'.repeat(this.breaks));
    this.breaks = 0;
    this.deferred = false;
  }

  /** The text saxes was given last ends in an `&` reference it may still be reading (then a point must go to saxes too). */
  private entityOpen = false;

  private slow(s: string): void {
    this.flushBreaks();
    if (s === '') return;
    this.guard.scan(s, this.sax.line);
    this.sax.write(s);
    const gt = s.lastIndexOf('>');
    const amp = s.lastIndexOf('&');
    if (amp > gt) this.entityOpen = s.indexOf(';', amp) === -1;
    else if (gt !== -1) this.entityOpen = false;
  }

  // The point fastBlock read.
  private blockTime = 0;
  private blockLat = 0;
  private blockLon = 0;
  private readonly blockValues = new Float64Array(SLOTS);

  /**
   * Reads the `<trkpt` block at `i` if it is in the strict subset:
   * `<trkpt` attributes `>` (elements | whitespace)* `</trkpt>` where
   * attributes are `name="value"` (ASCII names, values without `<` `&` or
   * control characters, no duplicates), child elements have no attributes,
   * are at most 4 deep and are not self-closing, field elements (time, ele,
   * speed, course, hAcc, vAcc) hold only text of at most MAX_FIELD_CHARS
   * characters, all text is printable ASCII (tab and line feed too) without
   * `&` or `]` (other text is ignored, as saxes's path ignores it),
   * tags have no spaces before `>`, and the point has a valid lat/lon and
   * time. Returns the index after `</trkpt>`, NOT_STRICT, or INCOMPLETE when
   * the text ends first. Fills blockTime/Lat/Lon/Values.
   */
  private fastBlock(b: string, i: number): number {
    const n = b.length;
    let j = i + 6;
    let lat: string | undefined;
    let lon: string | undefined;
    let seen = '';
    // Attributes.
    for (;;) {
      if (j >= n) return INCOMPLETE;
      let c = b.charCodeAt(j);
      if (c === 62 /* > */) {
        j++;
        break;
      }
      if (!isSpace(c)) return NOT_STRICT;
      while (j < n && isSpace(b.charCodeAt(j))) j++;
      if (j >= n) return INCOMPLETE;
      c = b.charCodeAt(j);
      if (c === 62) {
        j++;
        break;
      }
      const nameStart = j;
      if (!isNameStart(c)) return NOT_STRICT;
      while (j < n && isNameChar(b.charCodeAt(j))) j++;
      if (j + 1 >= n) return INCOMPLETE;
      const name = b.slice(nameStart, j);
      const q = b.charCodeAt(j + 1);
      if (b.charCodeAt(j) !== 61 /* = */ || (q !== 34 && q !== 39)) return NOT_STRICT;
      const close = b.indexOf(q === 34 ? '"' : "'", j + 2);
      if (close === -1) return n - j > MAX_PENDING_CHARS ? NOT_STRICT : INCOMPLETE;
      for (let k = j + 2; k < close; k++) {
        const v = b.charCodeAt(k);
        if (v < 32 || v > 126 || v === 60 || v === 38) return NOT_STRICT;
      }
      const key = ` ${name} `;
      if (seen.includes(key)) return NOT_STRICT;
      seen += key;
      if (name === 'lat') lat = b.slice(j + 2, close);
      else if (name === 'lon') lon = b.slice(j + 2, close);
      j = close + 1;
    }
    const la = coordinate(lat, 90);
    const lo = coordinate(lon, 180);
    if (la === null || lo === null) return NOT_STRICT;
    const values = this.blockValues;
    values.fill(Number.NaN);
    let time: string | null = null;
    // Content: a stack of open child names; `field` is the open field element, if any.
    const stack: string[] = [];
    let field = F.None;
    let textStart = j;
    for (;;) {
      // Text up to the next tag.
      const lt = b.indexOf('<', j);
      if (lt === -1) return INCOMPLETE;
      for (let k = j; k < lt; k++) {
        const v = b.charCodeAt(k);
        if (v < 32 ? !isSpace(v) : v > 126 || v === 38 || v === 93) return NOT_STRICT;
      }
      if (field !== F.None && lt - textStart > MAX_FIELD_CHARS) return NOT_STRICT;
      j = lt + 1;
      if (j >= n) return INCOMPLETE;
      const c = b.charCodeAt(j);
      if (c === 47 /* / */) {
        const s0 = j + 1;
        let k = s0;
        while (k < n && isNameChar(b.charCodeAt(k))) k++;
        if (k >= n) return INCOMPLETE;
        if (b.charCodeAt(k) !== 62) return NOT_STRICT;
        const name = b.slice(s0, k);
        j = k + 1;
        if (stack.length === 0) {
          if (name !== 'trkpt' || j - i > MAX_PENDING_CHARS) return NOT_STRICT;
          if (time === null) return NOT_STRICT;
          const t = parseIsoTimestamp(time);
          if (Number.isNaN(t)) return NOT_STRICT;
          this.blockTime = t;
          this.blockLat = la;
          this.blockLon = lo;
          return j;
        }
        if (stack.pop() !== name) return NOT_STRICT;
        if (field !== F.None) {
          const text = b.slice(textStart, lt).trim();
          if (field === F.Time) time = text;
          else {
            const v = coordinate(text, 1e7);
            if (v !== null) values[field - 1] = v;
          }
          field = F.None;
        }
        continue;
      }
      if (!isNameStart(c) || field !== F.None) return NOT_STRICT;
      let k = j;
      while (k < n && isNameChar(b.charCodeAt(k))) k++;
      if (k >= n) return INCOMPLETE;
      if (b.charCodeAt(k) !== 62) return NOT_STRICT;
      const name = b.slice(j, k);
      if (name === 'trkpt' || stack.length >= 4) return NOT_STRICT;
      stack.push(name);
      field = slotOf(name);
      j = k + 1;
      textStart = j;
    }
  }

  private formatError(reason: string): ImportFormatError {
    return new ImportFormatError({ fileName: this.fileName, line: this.sax.line, column: this.sax.column + 1, reason, hint: GPX_HINT });
  }

  private fail(reason: string): never {
    throw this.formatError(reason);
  }

  private open(tag: SaxesTagPlain): void {
    const name = tag.name;
    const depth = this.names.push(name);
    if (this.inPoint) {
      // A field starts only where no other field is open (a nested one would be read as its text).
      if (this.field === F.None) {
        const slot = slotOf(name);
        if (slot !== F.None) {
          this.field = slot;
          this.fieldDepth = depth;
          this.text = '';
        } else if (name === 'trkpt') {
          this.fail('a <trkpt> inside another <trkpt>');
        }
      } else if (name === 'trkpt') {
        this.fail('a <trkpt> inside another <trkpt>');
      }
      if (depth > 64) this.fail('elements are nested more than 64 levels deep');
      return;
    }
    if (depth > 64) this.fail('elements are nested more than 64 levels deep');
    if (depth === 1 && name !== 'gpx') this.fail(`the root element is <${name}>, not <gpx>`);
    if (name === 'trkpt') {
      const lat = coordinate(tag.attributes.lat, 90);
      const lon = coordinate(tag.attributes.lon, 180);
      if (lat === null || lon === null) this.fail('a <trkpt> has no valid lat/lon');
      this.inPoint = true;
      this.lat = lat;
      this.lon = lon;
      this.time = null;
      this.values.fill(Number.NaN);
    }
  }

  private close(): void {
    const depth = this.names.length;
    const name = this.names.pop()!;
    if (!this.inPoint) return;
    if (this.field !== F.None) {
      if (depth !== this.fieldDepth) return;
      const t = this.text.trim();
      if (this.field === F.Time) this.time = t;
      else {
        const n = coordinate(t, 1e7);
        if (n !== null) this.values[this.field - 1] = n;
      }
      this.field = F.None;
      return;
    }
    if (name !== 'trkpt') return;
    this.inPoint = false;
    const time = this.time;
    if (time === null) this.fail('a <trkpt> has no <time>');
    const t = parseIsoTimestamp(time);
    if (Number.isNaN(t)) {
      throw new UnsupportedTimestampError({ fileName: this.fileName, field: 'trkpt time', problem: time === '' ? 'empty' : 'unrecognised', line: this.sax.line, hint: GPX_HINT });
    }
    this.sink.push(gpxPoint(t, this.lat, this.lon, this.values, this.link));
  }
}
