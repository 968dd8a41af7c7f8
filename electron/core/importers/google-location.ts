/**
 * Google location history importer. Reads, streamed with
 * @streamparser/json (one element at a time, never the whole file):
 *
 * - Takeout `Records.json`: `{"locations":[{latitudeE7, longitudeE7,
 *   accuracy, altitude, source, timestamp | timestampMs, activity, …}]}`.
 *   E7 values that overflowed in old exports (latitudeE7 > 900000000,
 *   longitudeE7 > 1800000000) are corrected by subtracting 2^32. Every
 *   activity reading of a point (`activity: [{timestamp, activity: [{type,
 *   confidence}]}]`) becomes its own `location.activity` record linked to
 *   the point.
 * - Takeout Semantic Location History months (`2023_MAY.json`, any
 *   language): `{"timelineObjects":[{placeVisit}|{activitySegment}]}`,
 *   ISO or epoch-ms times, with their path geometry.
 * - Takeout `Timeline Edits.json`: `{"timelineEdits":[{deviceId,
 *   rawSignal: {signal: {position | wifiScan | activityRecord}}} |
 *   {placeAggregates} …]}`: the raw signals are imported like Timeline.json's;
 *   placeAggregates (Google's ranking of frequent places) and unknown
 *   entries are counted as not imported; a file with nothing else is refused
 *   naming what it holds.
 * - The on-device Timeline export of Android (`Timeline.json`):
 *   `{"semanticSegments":[…], "rawSignals":[…], "userLocationProfile":{…}}`;
 *   segments hold a `visit`, an `activity` or a `timelinePath`; points are
 *   `"51.5007°, -0.1246°"` strings. Raw signals: a `position` becomes a
 *   point, a `wifiScan` a `location.wifiScan` record, an `activityRecord` a
 *   `location.activity` record; userLocationProfile is not imported.
 * - The iOS Timeline export (`location-history.json`): a top-level array of
 *   `{startTime, endTime, visit|activity|timelinePath}` with `"geo:lat,lon"`
 *   points, numbers as strings and path times as
 *   `durationMinutesOffsetFromStartTime`. timelineMemory entries are skipped.
 * - A whole Takeout archive, zip or folder: google-takeout.ts.
 *
 * Representation: kind `location` for everything with a position, unit
 * null, valueNum null, valueText = an RFC 5870 geo URI `geo:<lat>,<lon>`,
 * source = `Google Location History` (Takeout) or `Google Maps Timeline`
 * (on-device exports), meta = { type, lat, lon, … } where type is
 * - `point`: a raw fix (tStart = tEnd); meta may add accuracy (m),
 *   altitude (m), verticalAccuracy, velocity, heading, speed, source
 *   (WIFI, GPS, CELL…), deviceTag, platformType, activity (the most likely
 *   type of its first activity reading);
 * - `path`: a timeline path point (tStart = tEnd);
 * - `visit`: a stay from tStart to tEnd at lat/lon; meta may add placeId,
 *   semanticType, probability (of the place), visitProbability,
 *   hierarchyLevel, name, address;
 * - `activity`: a movement from tStart to tEnd starting at lat/lon and
 *   ending at endLat/endLon; meta may add activityType, probability,
 *   distanceMeters.
 * Segments add utcOffsetMinutes and endUtcOffsetMinutes when the export
 * gives the local offsets. Labels are normalised (google-labels.ts:
 * `in passenger vehicle` → `IN_PASSENGER_VEHICLE`, `Inferred Home` →
 * `INFERRED_HOME`, `TYPE_WORK` → `WORK`), the label as written kept in
 * `activityTypeOriginal` / `semanticTypeOriginal` when it differs.
 * Numbers written as strings (iOS) are stored as numbers.
 *
 * Records without a position: kind `location.activity` (valueText = the most
 * likely type, valueNum = its confidence as written: 0–100 in Records.json,
 * 0–1 in Timeline exports; meta `confidence.<TYPE>` for every listed type,
 * and parent `point` / parentStart / lat / lon for a Records.json reading)
 * and kind `location.wifiScan` (valueNum = access points seen; meta
 * `device.<i>.mac`, `device.<i>.rssi`).
 */
import type { NewRecord } from '../../../shared/domain/record.js';
import { ImportFormatError, ImportLimitError, UnsupportedTimestampError, type Position } from './errors.js';
import { MAX_JSON_FIELDS_LOCATION } from './limits.js';
import { JsonStream, firstNonSpaceByte, type JsonElement } from './json-stream.js';
import { openFileInput, runParser, type ByteInput, type ChunkParser, type RecordSink } from './stream.js';
import { NUMERIC_RE, epochToMs, parseIsoTimestamp } from './timestamps.js';
import type { ImportOptions, MetaValue } from './types.js';
import { normaliseActivityType, normalisePlaceType } from './google-labels.js';
import { archiveKind, importTakeout } from './google-takeout.js';

type Meta = Record<string, MetaValue>;
type Obj = Record<string, unknown>;

export const KIND_LOCATION = 'location';
export const SOURCE_TAKEOUT = 'Google Location History';
export const SOURCE_TIMELINE = 'Google Maps Timeline';

const HINT =
  'Expected Records.json or a Semantic Location History month from Google Takeout, Timeline.json from Android ' +
  '(Settings → Location → Timeline → Export) or location-history.json from Google Maps on iOS. Check that the file is complete.';

const TOP_KEYS = ['locations', 'semanticSegments', 'rawSignals', 'timelineObjects', 'timelineEdits'] as const;

export const KIND_DETECTED_ACTIVITY = 'location.activity';
export const KIND_WIFI_SCAN = 'location.wifiScan';
/** Access points kept per Wi-Fi scan (real scans: < 100). */
export const MAX_WIFI_DEVICES = 1000;

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
  /** Timeline Edits entries imported, and the kinds of those that were not. */
  private editsImported = 0;
  private readonly editsSkipped = new Set<string>();

  constructor(
    private readonly fileName: string,
    private readonly sink: RecordSink,
    /** Part of a Takeout archive: a Timeline Edits file with nothing to import is counted, not refused. */
    private readonly inArchive = false,
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
    if (this.editsImported === 0 && this.editsSkipped.size > 0 && !this.inArchive) {
      throw new ImportFormatError({
        fileName: this.fileName,
        line: 1,
        reason: `is a Timeline Edits file holding only ${[...this.editsSkipped].sort().join(', ')} entries, which carry no location history to import`,
        hint: 'Nothing was imported. Import Records.json, the Semantic Location History months or Timeline.json instead (or the whole Takeout archive).',
      });
    }
    if (this.mode === 'object' && !this.knownKey) {
      throw new ImportFormatError({
        fileName: this.fileName,
        line: 1,
        reason: 'has none of the fields locations, semanticSegments, rawSignals, timelineObjects or timelineEdits: not a Google location history file',
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
        return this.rawSignal(v, what, 'rawSignals', SOURCE_TIMELINE);
      case 'timelineEdits':
        return this.timelineEdit(v, what);
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
    const readings = Array.isArray(o.activity) ? o.activity : [];
    const first = readings.length > 0 && isObj(readings[0]) && Array.isArray(readings[0].activity) ? topOf(readings[0].activity) : null;
    if (first !== null) {
      meta.activity = first.type;
      if (first.original !== first.type) meta.activityOriginal = first.original;
    }
    this.push(SOURCE_TAKEOUT, t, t, meta);
    // Every reading with every type and its confidence, linked to this point.
    readings.forEach((r, i) => {
      const f = `${what}.activity[${i}]`;
      if (!isObj(r)) this.fail(`${f} is not an object`);
      const rt = r.timestamp !== undefined ? this.time(r.timestamp, `${f}.timestamp`) : r.timestampMs !== undefined ? this.epochMs(r.timestampMs, `${f}.timestampMs`) : t;
      this.detectedActivity(SOURCE_TAKEOUT, rt, r.activity, f, { parent: 'point', parentStart: t, lat, lon });
    });
  }

  /**
   * One detected-activity reading (Records.json `activity[]`, a Timeline raw
   * signal's `activityRecord`): kind location.activity, valueText = the most
   * likely type (normalised), valueNum = its confidence as written (0–100 in
   * Records.json, 0–1 in Timeline exports), meta `confidence.<TYPE>` for every
   * listed type. Nothing is pushed for an empty list.
   */
  private detectedActivity(source: string, t: number, list: unknown, what: string, link: Meta): void {
    if (!Array.isArray(list) || list.length === 0) return;
    const meta: Meta = { type: 'detectedActivity', ...link };
    let top: { type: string; original: string; confidence: number | null } | null = null;
    list.forEach((a, i) => {
      if (!isObj(a)) this.fail(`${what} activity ${i + 1} is not an object`);
      const raw = a.type ?? a.activityType;
      if (typeof raw !== 'string' || raw.trim() === '') this.fail(`${what} activity ${i + 1} has no type`);
      const type = normaliseActivityType(raw);
      const c = scalar(a.confidence ?? a.probability);
      const confidence = typeof c === 'number' ? c : null;
      const key = `confidence.${type}`;
      const had = meta[key];
      if (had === undefined || (confidence !== null && !(typeof had === 'number' && had >= confidence))) meta[key] = confidence;
      if (top === null || (confidence !== null && (top.confidence === null || confidence > top.confidence))) top = { type, original: raw, confidence };
    });
    const best = top as { type: string; original: string; confidence: number | null } | null;
    if (best === null) return;
    meta.activityType = best.type;
    if (best.original !== best.type) meta.activityTypeOriginal = best.original;
    this.sink.push({ kind: KIND_DETECTED_ACTIVITY, unit: null, source, tStart: t, tEnd: t, valueNum: best.confidence, valueText: best.type, meta });
  }

  /** A Wi-Fi scan: kind location.wifiScan, valueNum = access points seen, meta `device.<i>.mac` / `device.<i>.rssi`. */
  private wifiScan(source: string, scan: Obj, what: string): void {
    const tv = scan.deliveryTime ?? scan.timestamp;
    const t = this.time(tv, `${what}.deliveryTime`);
    const list = Array.isArray(scan.devicesRecords) ? scan.devicesRecords : Array.isArray(scan.accessPoints) ? scan.accessPoints : [];
    if (list.length > MAX_WIFI_DEVICES) {
      throw new ImportLimitError({
        fileName: this.fileName,
        ...this.pos,
        limit: 'json-fields',
        reason: `${what} lists more than ${MAX_WIFI_DEVICES} Wi-Fi access points`,
        hint: HINT,
      });
    }
    const meta: Meta = { type: 'wifiScan', devices: list.length };
    list.forEach((d, i) => {
      if (!isObj(d)) this.fail(`${what} device ${i + 1} is not an object`);
      const mac = scalar(d.mac ?? d.bssid);
      const rssi = scalar(d.rawRssi ?? d.rssi);
      if (mac !== undefined) meta[`device.${i}.mac`] = mac;
      if (rssi !== undefined) meta[`device.${i}.rssi`] = rssi;
    });
    this.sink.push({ kind: KIND_WIFI_SCAN, unit: null, source, tStart: t, tEnd: t, valueNum: list.length, valueText: null, meta });
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
      activityType(meta, seg.activityType);
      // Every candidate Google weighed, with its probability.
      if (Array.isArray(seg.activities)) {
        for (const a of seg.activities) {
          if (!isObj(a) || typeof a.activityType !== 'string' || a.activityType.trim() === '') continue;
          const p = scalar(a.probability);
          const key = `probability.${normaliseActivityType(a.activityType)}`;
          if (typeof p === 'number' && !(typeof meta[key] === 'number' && (meta[key] as number) >= p)) meta[key] = p;
        }
      }
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
    copy(meta, loc, ['placeId']);
    placeType(meta, loc.semanticType);
    copy(meta, loc, ['name', 'address']);
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

  /** A raw signal of Android's Timeline.json (or of a Timeline Edits entry): a position, a Wi-Fi scan or an activity record. */
  private rawSignal(o: Obj, what: string, container: string, source: string): void {
    if (isObj(o.wifiScan)) return this.wifiScan(source, o.wifiScan, `${what}.wifiScan`);
    if (isObj(o.activityRecord)) {
      const a = o.activityRecord;
      const w = `${what}.activityRecord`;
      const t = this.time(a.timestamp, `${w}.timestamp`);
      return this.detectedActivity(source, t, a.probableActivities ?? a.detectedActivities, w, {});
    }
    const p = o.position;
    if (!isObj(p)) {
      this.sink.skipped(`${container}/${Object.keys(o)[0] ?? 'empty'}`);
      return;
    }
    const e7 = isObj(p.point) && typeof p.point.latE7 === 'number';
    const { lat, lon } = e7 ? this.e7(p.point as Obj, 'latE7', 'lngE7', `${what}.position.point`) : this.latLng(p.LatLng ?? p.latLng, `${what}.position.LatLng`);
    const t = this.time(p.timestamp, `${what}.position.timestamp`);
    const meta: Meta & { lat: number; lon: number } = { type: 'point', lat, lon };
    const mm = scalar(p.accuracyMm);
    if (typeof mm === 'number') meta.accuracy = mm / 1000;
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
    this.push(source, t, t, meta);
  }

  /**
   * A Takeout `Timeline Edits.json` entry: `rawSignal.signal` holds a
   * position, Wi-Fi scan or activity record (imported like Timeline.json's
   * raw signals); `placeAggregates` (Google's ranking of frequent places,
   * derived data) and unknown entries are counted as not imported.
   */
  private timelineEdit(o: Obj, what: string): void {
    const raw = o.rawSignal;
    if (isObj(raw) && isObj(raw.signal)) {
      this.editsImported++;
      return this.rawSignal(raw.signal, `${what}.rawSignal.signal`, 'timelineEdits/rawSignal', SOURCE_TAKEOUT);
    }
    const key = Object.keys(o).find((k) => k !== 'deviceId') ?? 'empty';
    this.editsSkipped.add(key);
    this.sink.skipped(`timelineEdits/${key}`);
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
    const endOffset = scalar(o.endTimeTimezoneUtcOffsetMinutes);

    if (isObj(visit)) {
      const cand = isObj(visit.topCandidate) ? visit.topCandidate : {};
      const placeLoc = cand.placeLocation;
      const p = this.latLng(isObj(placeLoc) ? placeLoc.latLng : placeLoc, `${what}.visit.topCandidate.placeLocation`);
      const meta: Meta & { lat: number; lon: number } = { type: 'visit', ...p };
      const placeId = scalar(cand.placeId ?? cand.placeID);
      if (placeId !== undefined) meta.placeId = placeId;
      placeType(meta, cand.semanticType);
      copy(meta, cand, ['probability']);
      const vp = scalar(visit.probability);
      if (vp !== undefined) meta.visitProbability = vp;
      copy(meta, visit, ['hierarchyLevel']);
      if (offset !== undefined) meta.utcOffsetMinutes = offset;
      if (endOffset !== undefined) meta.endUtcOffsetMinutes = endOffset;
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
      activityType(meta, cand.type);
      copy(meta, cand, ['probability']);
      copy(meta, activity, ['distanceMeters']);
      if (offset !== undefined) meta.utcOffsetMinutes = offset;
      if (endOffset !== undefined) meta.endUtcOffsetMinutes = endOffset;
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

/** The most confident `{type, confidence}` of a list (the first on a tie), normalised; null when there is none. */
function topOf(list: unknown[]): { type: string; original: string } | null {
  let best: { type: string; original: string; c: number } | null = null;
  for (const a of list) {
    if (!isObj(a) || typeof a.type !== 'string' || a.type.trim() === '') continue;
    const c = typeof a.confidence === 'number' ? a.confidence : -1;
    if (best === null || c > best.c) best = { type: normaliseActivityType(a.type), original: a.type, c };
  }
  return best;
}

/** meta.activityType, normalised, and the label as written in activityTypeOriginal when it differs. */
function activityType(meta: Meta, v: unknown): void {
  if (typeof v !== 'string' || v.trim() === '') return;
  const n = normaliseActivityType(v);
  meta.activityType = n;
  if (n !== v) meta.activityTypeOriginal = v;
}

/** meta.semanticType, normalised, and the label as written in semanticTypeOriginal when it differs. */
function placeType(meta: Meta, v: unknown): void {
  if (typeof v !== 'string' || v.trim() === '') return;
  const n = normalisePlaceType(v);
  meta.semanticType = n;
  if (n !== v) meta.semanticTypeOriginal = v;
}

export function parseGoogleLocation(input: ByteInput, options: Omit<ImportOptions, 'format'>): AsyncGenerator<NewRecord[], void, undefined> {
  return runParser(input, options, (sink) => new GoogleLocationParser(input.fileName, sink), { text: true });
}

/** The Google location history importer (see the module comment): one file, or a whole Takeout zip or folder (google-takeout.ts). */
export async function* importGoogleLocation(filePath: string, options: Omit<ImportOptions, 'format'>): AsyncGenerator<NewRecord[], void, undefined> {
  const archive = await archiveKind(filePath);
  if (archive !== null) yield* importTakeout(filePath, archive, options);
  else yield* parseGoogleLocation(await openFileInput(filePath), options);
}
