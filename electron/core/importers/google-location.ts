/**
 * Google location history importer. Reads, streamed with
 * @streamparser/json (one element at a time, never the whole file):
 *
 * - Takeout `Records.json`: `{"locations":[{latitudeE7, longitudeE7,
 *   accuracy, altitude, source, timestamp | timestampMs, …}]}`. E7 values
 *   that overflowed in old exports (latitudeE7 > 900000000, longitudeE7 >
 *   1800000000) are corrected by subtracting 2^32.
 * - Takeout Semantic Location History months (`2023_MAY.json`):
 *   `{"timelineObjects":[{placeVisit}|{activitySegment}]}`.
 * - The on-device Timeline export of Android (`Timeline.json`):
 *   `{"semanticSegments":[…], "rawSignals":[…], "userLocationProfile":{…}}`;
 *   segments hold a `visit`, an `activity` or a `timelinePath`; points are
 *   `"51.5007°, -0.1246°"` strings. Raw signals with a `position` become
 *   points; wifiScan/activityRecord signals and userLocationProfile are not
 *   imported.
 * - The iOS Timeline export (`location-history.json`): a top-level array of
 *   `{startTime, endTime, visit|activity|timelinePath}` with `"geo:lat,lon"`
 *   points, numbers as strings and path times as
 *   `durationMinutesOffsetFromStartTime`. timelineMemory entries are skipped.
 *
 * Representation (same for every source): kind `location`, unit null,
 * valueNum null, valueText = an RFC 5870 geo URI `geo:<lat>,<lon>`,
 * source = `Google Location History` (Takeout) or `Google Maps Timeline`
 * (on-device exports), meta = { type, lat, lon, … } where type is
 * - `point`: a raw fix (tStart = tEnd); meta may add accuracy (m),
 *   altitude (m), verticalAccuracy, velocity, heading, speed, source
 *   (WIFI, GPS, CELL…), deviceTag, platformType, activity (the most likely
 *   detected activity);
 * - `path`: a timeline path point (tStart = tEnd);
 * - `visit`: a stay from tStart to tEnd at lat/lon; meta may add placeId,
 *   semanticType, probability (of the place), visitProbability,
 *   hierarchyLevel, name, address;
 * - `activity`: a movement from tStart to tEnd starting at lat/lon and
 *   ending at endLat/endLon; meta may add activityType, probability,
 *   distanceMeters.
 * Segments add utcOffsetMinutes when the export gives the local offset.
 * Numbers written as strings (iOS) are stored as numbers.
 */
import type { NewRecord } from '../../../shared/domain/record.js';
import { ImportFormatError, UnsupportedTimestampError, type Position } from './errors.js';
import { MAX_JSON_FIELDS_LOCATION } from './limits.js';
import { JsonStream, firstNonSpaceByte, type JsonElement } from './json-stream.js';
import { openFileInput, runParser, type ByteInput, type ChunkParser, type RecordSink } from './stream.js';
import { NUMERIC_RE, epochToMs, parseIsoTimestamp } from './timestamps.js';
import type { ImportOptions, MetaValue } from './types.js';

type Meta = Record<string, MetaValue>;
type Obj = Record<string, unknown>;

export const KIND_LOCATION = 'location';
export const SOURCE_TAKEOUT = 'Google Location History';
export const SOURCE_TIMELINE = 'Google Maps Timeline';

const HINT =
  'Expected Records.json or a Semantic Location History month from Google Takeout, Timeline.json from Android ' +
  '(Settings → Location → Timeline → Export) or location-history.json from Google Maps on iOS. Check that the file is complete.';

const TOP_KEYS = ['locations', 'semanticSegments', 'rawSignals', 'timelineObjects'] as const;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A number, or a numeric string as a number; other strings and booleans as they are; else undefined. */
function scalar(v: unknown): MetaValue | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string') return NUMERIC_RE.test(v.trim()) ? Number(v) : v;
  if (typeof v === 'boolean') return v;
  return undefined;
}

/** Parses `51.5007°, -0.1246°`, `geo:51.5,-0.12` or `51.5,-0.12`; null if it is none of them. */
export function parseLatLng(v: unknown): { lat: number; lon: number } | null {
  if (typeof v !== 'string') return null;
  let s = v.trim();
  if (s.startsWith('geo:')) s = s.slice(4);
  const semi = s.indexOf(';');
  if (semi !== -1) s = s.slice(0, semi);
  const parts = s.split(',');
  if (parts.length !== 2) return null;
  const [a, b] = parts.map((p) => p.trim().replace(/°$/, '').trim()) as [string, string];
  if (!NUMERIC_RE.test(a) || !NUMERIC_RE.test(b)) return null;
  const lat = Number(a);
  const lon = Number(b);
  if (!(Math.abs(lat) <= 90 && Math.abs(lon) <= 180)) return null;
  return { lat, lon };
}

const geo = (lat: number, lon: number): string => `geo:${lat},${lon}`;

export class GoogleLocationParser implements ChunkParser {
  private stream: JsonStream | null = null;
  private mode: 'object' | 'array' | null = null;
  private knownKey = false;
  private offset = 0;
  private held: Buffer[] = [];

  constructor(
    private readonly fileName: string,
    private readonly sink: RecordSink,
  ) {
    sink.position = () => this.pos;
  }

  /** Position of the element being read (computed only for errors: counting lines costs). */
  private get pos(): Position {
    return this.stream === null ? {} : this.stream.position(this.offset);
  }

  write(chunk: Buffer): void {
    if (this.stream === null) {
      const first = firstNonSpaceByte(chunk);
      if (first === -1) {
        // Only whitespace so far: keep it (offsets, BOM) until the root shows.
        this.held.push(chunk);
        return;
      }
      const c = chunk[first];
      if (c !== 0x7b /* { */ && c !== 0x5b /* [ */) {
        throw new ImportFormatError({ fileName: this.fileName, line: 1, byteOffset: first, reason: 'does not start with a JSON object or array', hint: HINT });
      }
      this.mode = c === 0x7b ? 'object' : 'array';
      this.stream = new JsonStream({
        fileName: this.fileName,
        paths: this.mode === 'object' ? TOP_KEYS.map((k) => `$.${k}.*`) : ['$.*'],
        elementDepth: this.mode === 'object' ? 2 : 1,
        maxFields: MAX_JSON_FIELDS_LOCATION,
        hint: HINT,
        onElement: (e) => this.element(e),
        onTopKey: (k) => {
          if ((TOP_KEYS as readonly string[]).includes(k)) this.knownKey = true;
        },
      });
      for (const b of this.held) this.stream.write(b);
      this.held = [];
    }
    this.stream.write(chunk);
  }

  end(): void {
    if (this.stream === null) return;
    this.stream.end();
    if (this.mode === 'object' && !this.knownKey) {
      throw new ImportFormatError({
        fileName: this.fileName,
        line: 1,
        reason: 'has none of the fields locations, semanticSegments, rawSignals or timelineObjects: not a Google location history file',
        hint: HINT,
      });
    }
  }

  private fail(reason: string): never {
    throw new ImportFormatError({ fileName: this.fileName, ...this.pos, reason, hint: HINT });
  }

  private element(e: JsonElement): void {
    this.offset = e.startOffset;
    const v = e.value;
    const what = e.container === undefined ? `element ${Number(e.key) + 1}` : `${e.container}[${String(e.key)}]`;
    if (!isObj(v)) this.fail(`${what} is not an object`);
    switch (e.container) {
      case 'locations':
        return this.takeoutLocation(v, what);
      case 'timelineObjects':
        return this.timelineObject(v, what);
      case 'rawSignals':
        return this.rawSignal(v, what);
      default:
        // semanticSegments (Android) or a top-level array element (iOS)
        return this.segment(v, what);
    }
  }

  private push(source: string, tStart: number, tEnd: number, meta: Meta & { lat: number; lon: number }): void {
    const r: NewRecord = { kind: KIND_LOCATION, unit: null, source, tStart, tEnd, valueNum: null, valueText: geo(meta.lat, meta.lon), meta };
    this.sink.push(r);
  }

  private time(v: unknown, field: string): number {
    const t = typeof v === 'string' ? parseIsoTimestamp(v.trim()) : Number.NaN;
    if (Number.isNaN(t)) {
      throw new UnsupportedTimestampError({
        fileName: this.fileName,
        field,
        problem: v === undefined || v === null || v === '' ? 'empty' : 'unrecognised',
        ...this.pos,
        hint: `Google exports write times like 2024-01-01T08:00:00.000+01:00. ${HINT}`,
      });
    }
    return t;
  }

  private latLng(v: unknown, field: string): { lat: number; lon: number } {
    const p = parseLatLng(v);
    if (p === null) this.fail(`${field} is missing or not a latitude/longitude`);
    return p;
  }

  private e7(o: Obj, latKey: string, lonKey: string, what: string): { lat: number; lon: number } {
    const la = o[latKey];
    const lo = o[lonKey];
    if (typeof la !== 'number' || typeof lo !== 'number' || !Number.isInteger(la) || !Number.isInteger(lo)) {
      this.fail(`${what} has no integer ${latKey}/${lonKey}`);
    }
    // Old exports stored some values as unsigned 32-bit integers.
    const lat = (la > 900_000_000 ? la - 4_294_967_296 : la) / 1e7;
    const lon = (lo > 1_800_000_000 ? lo - 4_294_967_296 : lo) / 1e7;
    if (!(Math.abs(lat) <= 90 && Math.abs(lon) <= 180)) this.fail(`${what} has a ${latKey}/${lonKey} outside the valid range`);
    return { lat, lon };
  }

  private takeoutLocation(o: Obj, what: string): void {
    const { lat, lon } = this.e7(o, 'latitudeE7', 'longitudeE7', what);
    let t: number;
    if (o.timestamp !== undefined) {
      t = this.time(o.timestamp, `${what}.timestamp`);
    } else if (o.timestampMs !== undefined) {
      const ms = o.timestampMs;
      t = typeof ms === 'string' && /^-?\d+$/.test(ms.trim()) ? epochToMs(Number(ms), 'epoch-ms') : typeof ms === 'number' ? epochToMs(ms, 'epoch-ms') : Number.NaN;
      if (Number.isNaN(t)) {
        throw new UnsupportedTimestampError({ fileName: this.fileName, field: `${what}.timestampMs`, problem: 'unrecognised', ...this.pos, hint: HINT });
      }
    } else {
      this.fail(`${what} has neither timestamp nor timestampMs`);
    }
    const meta: Meta & { lat: number; lon: number } = { type: 'point', lat, lon };
    for (const k of ['accuracy', 'altitude', 'verticalAccuracy', 'velocity', 'heading', 'source', 'deviceTag', 'platformType'] as const) {
      const x = scalar(o[k]);
      if (x !== undefined) meta[k] = x;
    }
    const activity = topActivity(o.activity);
    if (activity !== undefined) meta.activity = activity;
    this.push(SOURCE_TAKEOUT, t, t, meta);
  }

  /** A Semantic duration's start or end: `startTimestamp` (ISO, 2022+) or `startTimestampMs` (epoch ms text, before). */
  private durationTime(d: Obj, which: 'start' | 'end', what: string): number {
    const iso = d[`${which}Timestamp`];
    if (iso !== undefined) return this.time(iso, `${what}.duration.${which}Timestamp`);
    return this.epochMs(d[`${which}TimestampMs`], `${what}.duration.${which}TimestampMs`);
  }

  private epochMs(ms: unknown, field: string): number {
    const t = typeof ms === 'string' && /^-?\d+$/.test(ms.trim()) ? epochToMs(Number(ms), 'epoch-ms') : typeof ms === 'number' ? epochToMs(ms, 'epoch-ms') : Number.NaN;
    if (Number.isNaN(t)) {
      throw new UnsupportedTimestampError({
        fileName: this.fileName,
        field,
        problem: ms === undefined || ms === null || ms === '' ? 'empty' : 'unrecognised',
        ...this.pos,
        hint: HINT,
      });
    }
    return t;
  }

  /** A point of an object's path geometry, linked to its visit or segment by `parent` and `parentStart`. */
  private pathPoint(
    parent: 'visit' | 'activity',
    parentStart: number,
    part: string,
    index: number,
    p: { lat: number; lon: number },
    tStart: number,
    tEnd: number,
    extra: Obj = {},
  ): void {
    const meta: Meta & { lat: number; lon: number } = { type: 'path', lat: p.lat, lon: p.lon, part, index, parent, parentStart };
    for (const [k, v] of Object.entries(extra)) {
      const x = scalar(v);
      if (x !== undefined) meta[k] = x;
    }
    this.push(SOURCE_TAKEOUT, tStart, tEnd, meta);
  }

  private timelineObject(o: Obj, what: string): void {
    const visit = o.placeVisit;
    const seg = o.activitySegment;
    if (isObj(visit)) this.placeVisit(visit, `${what}.placeVisit`, null);
    else if (isObj(seg)) {
      const w = `${what}.activitySegment`;
      const d = isObj(seg.duration) ? seg.duration : {};
      const tStart = this.durationTime(d, 'start', w);
      const tEnd = this.durationTime(d, 'end', w);
      const start = this.e7(isObj(seg.startLocation) ? seg.startLocation : {}, 'latitudeE7', 'longitudeE7', `${w}.startLocation`);
      const meta: Meta & { lat: number; lon: number } = { type: 'activity', ...start };
      if (isObj(seg.endLocation) && typeof seg.endLocation.latitudeE7 === 'number') {
        const end = this.e7(seg.endLocation, 'latitudeE7', 'longitudeE7', `${w}.endLocation`);
        meta.endLat = end.lat;
        meta.endLon = end.lon;
      }
      const type = scalar(seg.activityType);
      if (type !== undefined) meta.activityType = type;
      const dist = scalar(seg.distance);
      if (dist !== undefined) meta.distanceMeters = dist;
      copy(meta, seg, ['confidence']);
      this.push(SOURCE_TAKEOUT, tStart, tEnd, meta);
      // Path geometry, linked to this segment: waypoints (no times of their own), raw points, transit stops, parking.
      const wp = isObj(seg.waypointPath) && Array.isArray(seg.waypointPath.waypoints) ? seg.waypointPath.waypoints : [];
      wp.forEach((x, i) => {
        if (!isObj(x)) this.fail(`${w}.waypointPath.waypoints[${i}] is not an object`);
        this.pathPoint('activity', tStart, 'waypoint', i, this.e7(x, 'latE7', 'lngE7', `${w}.waypointPath.waypoints[${i}]`), tStart, tEnd);
      });
      const raw = isObj(seg.simplifiedRawPath) && Array.isArray(seg.simplifiedRawPath.points) ? seg.simplifiedRawPath.points : [];
      raw.forEach((x, i) => {
        const f = `${w}.simplifiedRawPath.points[${i}]`;
        if (!isObj(x)) this.fail(`${f} is not an object`);
        const t = x.timestamp !== undefined ? this.time(x.timestamp, `${f}.timestamp`) : this.epochMs(x.timestampMs, `${f}.timestampMs`);
        this.pathPoint('activity', tStart, 'raw', i, this.e7(x, 'latE7', 'lngE7', f), t, t, { accuracy: x.accuracyMeters });
      });
      const stops = isObj(seg.transitPath) && Array.isArray(seg.transitPath.transitStops) ? seg.transitPath.transitStops : [];
      stops.forEach((x, i) => {
        const f = `${w}.transitPath.transitStops[${i}]`;
        if (!isObj(x)) this.fail(`${f} is not an object`);
        this.pathPoint('activity', tStart, 'transitStop', i, this.e7(x, 'latitudeE7', 'longitudeE7', f), tStart, tEnd, { placeId: x.placeId, name: x.name });
      });
      const parking = seg.parkingEvent;
      if (isObj(parking) && isObj(parking.location)) {
        const f = `${w}.parkingEvent`;
        const t = parking.timestamp !== undefined ? this.time(parking.timestamp, `${f}.timestamp`) : this.epochMs(parking.timestampMs, `${f}.timestampMs`);
        this.pathPoint('activity', tStart, 'parking', 0, this.e7(parking.location, 'latitudeE7', 'longitudeE7', `${f}.location`), t, t, {
          accuracy: parking.location.accuracyMetres ?? parking.location.accuracyMeters,
        });
      }
    }
  }

  /** A placeVisit (or one of its childVisits, linked to the parent visit). */
  private placeVisit(visit: Obj, w: string, parentStart: number | null): void {
    const loc = isObj(visit.location) ? visit.location : {};
    const d = isObj(visit.duration) ? visit.duration : {};
    const tStart = this.durationTime(d, 'start', w);
    const tEnd = this.durationTime(d, 'end', w);
    const p =
      typeof loc.latitudeE7 === 'number' ? this.e7(loc, 'latitudeE7', 'longitudeE7', `${w}.location`) : this.e7(visit, 'centerLatE7', 'centerLngE7', w);
    const meta: Meta & { lat: number; lon: number } = { type: 'visit', ...p };
    copy(meta, loc, ['placeId', 'semanticType', 'name', 'address']);
    copy(meta, visit, ['visitConfidence', 'placeConfidence']);
    if (parentStart !== null) {
      meta.parent = 'visit';
      meta.parentStart = parentStart;
    }
    this.push(SOURCE_TAKEOUT, tStart, tEnd, meta);
    if (parentStart === null && Array.isArray(visit.childVisits)) {
      visit.childVisits.forEach((c, i) => {
        if (!isObj(c)) this.fail(`${w}.childVisits[${i}] is not an object`);
        this.placeVisit(c, `${w}.childVisits[${i}]`, tStart);
      });
    }
  }

  private rawSignal(o: Obj, what: string): void {
    const p = o.position;
    if (!isObj(p)) return; // wifiScan, activityRecord: no location
    const { lat, lon } = this.latLng(p.LatLng ?? p.latLng, `${what}.position.LatLng`);
    const t = this.time(p.timestamp, `${what}.position.timestamp`);
    const meta: Meta & { lat: number; lon: number } = { type: 'point', lat, lon };
    const map = [
      ['accuracyMeters', 'accuracy'],
      ['altitudeMeters', 'altitude'],
      ['speedMetersPerSecond', 'speed'],
      ['source', 'source'],
    ] as const;
    for (const [from, to] of map) {
      const x = scalar(p[from]);
      if (x !== undefined) meta[to] = x;
    }
    this.push(SOURCE_TIMELINE, t, t, meta);
  }

  private segment(o: Obj, what: string): void {
    const visit = o.visit;
    const activity = o.activity;
    const path = o.timelinePath;
    const needsTimes = isObj(visit) || isObj(activity) || Array.isArray(path);
    if (!needsTimes) return; // timelineMemory and unknown segment types carry no location
    const tStart = this.time(o.startTime, `${what}.startTime`);
    const tEnd = this.time(o.endTime, `${what}.endTime`);
    const offset = scalar(o.startTimeTimezoneUtcOffsetMinutes);

    if (isObj(visit)) {
      const cand = isObj(visit.topCandidate) ? visit.topCandidate : {};
      const placeLoc = cand.placeLocation;
      const p = this.latLng(isObj(placeLoc) ? placeLoc.latLng : placeLoc, `${what}.visit.topCandidate.placeLocation`);
      const meta: Meta & { lat: number; lon: number } = { type: 'visit', ...p };
      const placeId = scalar(cand.placeId ?? cand.placeID);
      if (placeId !== undefined) meta.placeId = placeId;
      copy(meta, cand, ['semanticType', 'probability']);
      const vp = scalar(visit.probability);
      if (vp !== undefined) meta.visitProbability = vp;
      copy(meta, visit, ['hierarchyLevel']);
      if (offset !== undefined) meta.utcOffsetMinutes = offset;
      this.push(SOURCE_TIMELINE, tStart, tEnd, meta);
    }
    if (isObj(activity)) {
      const point = (v: unknown): unknown => (isObj(v) ? v.latLng : v);
      const start = this.latLng(point(activity.start), `${what}.activity.start`);
      const meta: Meta & { lat: number; lon: number } = { type: 'activity', ...start };
      if (activity.end !== undefined) {
        const end = this.latLng(point(activity.end), `${what}.activity.end`);
        meta.endLat = end.lat;
        meta.endLon = end.lon;
      }
      const cand = isObj(activity.topCandidate) ? activity.topCandidate : {};
      const type = scalar(cand.type);
      if (type !== undefined) meta.activityType = type;
      copy(meta, cand, ['probability']);
      copy(meta, activity, ['distanceMeters']);
      if (offset !== undefined) meta.utcOffsetMinutes = offset;
      this.push(SOURCE_TIMELINE, tStart, tEnd, meta);
    }
    if (Array.isArray(path)) {
      path.forEach((pt: unknown, i) => {
        const where = `${what}.timelinePath[${i}]`;
        if (!isObj(pt)) this.fail(`${where} is not an object`);
        const p = this.latLng(pt.point, `${where}.point`);
        let t: number;
        if (pt.time !== undefined) {
          t = this.time(pt.time, `${where}.time`);
        } else {
          const minutes = scalar(pt.durationMinutesOffsetFromStartTime);
          if (typeof minutes !== 'number') this.fail(`${where} has neither time nor durationMinutesOffsetFromStartTime`);
          t = tStart + Math.round(minutes * 60_000);
        }
        this.push(SOURCE_TIMELINE, t, t, { type: 'path', ...p });
      });
    }
  }
}

function copy(meta: Meta, from: Obj, keys: readonly string[]): void {
  for (const k of keys) {
    const x = scalar(from[k]);
    if (x !== undefined) meta[k] = x;
  }
}

/** Records.json `activity: [{timestamp, activity: [{type, confidence}]}]` → the first listed type. */
function topActivity(v: unknown): string | undefined {
  if (!Array.isArray(v) || !isObj(v[0])) return undefined;
  const inner = v[0].activity;
  if (!Array.isArray(inner) || !isObj(inner[0])) return undefined;
  const type = inner[0].type;
  return typeof type === 'string' ? type : undefined;
}

export function parseGoogleLocation(input: ByteInput, options: Omit<ImportOptions, 'format'>): AsyncGenerator<NewRecord[], void, undefined> {
  return runParser(input, options, (sink) => new GoogleLocationParser(input.fileName, sink), { text: true });
}

/** The Google location history importer (see the module comment). */
export async function* importGoogleLocation(filePath: string, options: Omit<ImportOptions, 'format'>): AsyncGenerator<NewRecord[], void, undefined> {
  yield* parseGoogleLocation(await openFileInput(filePath), options);
}
