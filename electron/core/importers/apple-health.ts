/**
 * Apple Health importer: `export.zip` from Health → Export All Health Data
 * (the entry `apple_health_export/export.xml`, or any `…/export.xml` for
 * localized folder names — never `export_cda.xml`), or a bare `export.xml`.
 *
 * The XML is streamed through saxes (the DOCTYPE with its internal DTD
 * subset is skipped by saxes; the predefined and numeric entities such as
 * `&lt;` and `&#x2019;` are decoded). Direct children of <HealthData>:
 *
 * - <Record> → kind = its `type` (e.g. HKQuantityTypeIdentifierStepCount),
 *   unit = `unit` (null for category types), source = `sourceName`,
 *   tStart/tEnd = `startDate`/`endDate` with their offsets applied. A
 *   numeric `value` goes to valueNum, any other (category values such as
 *   HKCategoryValueSleepAnalysisAsleepCore) to valueText. meta =
 *   { sourceVersion, device, creationDate (as written) } plus every child
 *   <MetadataEntry key value> as key → value (a key that clashes with those
 *   three is stored as `metadata:<key>`). Absent attributes are left out.
 * - <Workout> → kind `HKWorkout` (one dataset for all workouts; the activity
 *   is meta.workoutActivityType), valueNum = `duration`, unit =
 *   `durationUnit`. meta: every other attribute (totalDistance and
 *   totalEnergyBurned… as numbers), the MetadataEntries, per
 *   <WorkoutEvent> type a count `events.<Type>` (e.g. events.Pause),
 *   per <WorkoutStatistics> `stats.<Type>.sum|average|minimum|maximum|unit`
 *   (e.g. stats.HeartRate.average), and the route file of a
 *   <WorkoutRoute><FileReference path> as `routeFile` (`routeFile.2`, …).
 * - <ActivitySummary> → kind `HKActivitySummary`, tStart/tEnd = the
 *   calendar day `dateComponents` as UTC midnight to midnight (a summary is
 *   for a day, not an instant; migration 005 moved summaries stored by older
 *   versions). Values are in meta (numbers, units as text, dateComponents
 *   as text); valueNum/valueText are null.
 * - <Correlation> → kind = its `type`, meta = its attributes' sourceVersion,
 *   device, creationDate, MetadataEntries and its members
 *   (`BloodPressureSystolic` → value, `BloodPressureSystolic.unit`); each
 *   nested <Record> is stored as a Record too (the vault dedupes it by
 *   content when Apple repeats it at top level). <Record>s nested in a
 *   <Workout> are stored the same way.
 * - Known defects repaired while streaming (xml-repair.ts), counted in the
 *   report: control characters (iOS 16) → U+FFFD; attribute names with
 *   spaces (iOS 8 metadata) → metadata with the spaced name. iOS 8/9
 *   compact dates (`20151107171924+0100`) and `source` for `sourceName`
 *   are read as such.
 * - Handled in apple-health/ (one file per shape; the parser hands each
 *   the element and everything inside it): <Me> → `profile.*` facts
 *   (profile.ts), beat lists of HRV Records → `HKHeartbeat` records
 *   (heartbeats.ts), <Audiogram> → `HKAudiogram.leftEar|rightEar` per point
 *   (audiogram.ts), <ClinicalRecord> (clinical.ts), <WorkoutActivity> and
 *   <WorkoutZoneGroup> in a Workout (workout-parts.ts).
 * - Not imported, counted per element in the report: VisionPrescription
 *   and other unknown elements and children.
 * - Side files of a zip, after export.xml (apple-health/side-files.ts):
 *   `workout-routes/*.gpx` (gpx.ts; in old exports, inline <Location>s) →
 *   HKWorkoutRoute records linked by routeFile / workoutStart;
 *   `clinical-records/*.json` → `fhir.<resourceType>` documents;
 *   `electrocardiograms/*.csv` → `HKElectrocardiogram` waveforms; any
 *   other file counted per path pattern.
 * - Bounds (limits.ts): MetadataEntries and metadata characters per record;
 *   tag, text and comment lengths checked before saxes buffers them
 *   (xml-guard.ts) → ImportLimitError.
 *
 * Errors: XML that is not well-formed or ends early → ImportFormatError
 * with line and column (`export.xml line 1042: unexpected end of file
 * inside <Record>`); a Record without type or dates → ImportFormatError;
 * an unreadable date → UnsupportedTimestampError.
 */
import { pipeline, type Readable } from 'node:stream';
import { crc32, createInflateRaw, type ZlibOptions } from 'node:zlib';
import { basename } from 'node:path';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import yauzl from 'yauzl';
import type { NewRecord } from '../../../shared/domain/record.js';
import { ImportError, ImportFormatError, ImportLimitError, UnsupportedTimestampError, fileErrorFrom } from './errors.js';
import { checkEntryRatio, checkInflatedSize } from './zip.js';
import { MAX_META_CHARS, MAX_META_ENTRIES, MAX_XML_COMMENT_CHARS, MAX_XML_MARKUP_CHARS, MAX_XML_TEXT_CHARS } from './limits.js';
import { GpxParser, routePoint, type RouteLink } from './gpx.js';
import { XmlLengthGuard } from './xml-guard.js';
import { useFastAttributeValues } from './saxes-fast-values.js';
import { SPACED_NAME_MARK, XmlRepair } from './xml-repair.js';
import { openFileInput, readHead, runParser, Utf8Decoder, type ByteInput, type ChunkParser, type RecordSink } from './stream.js';
import { parseIsoTimestamp } from './timestamps.js';
import { AudiogramHandler } from './apple-health/audiogram.js';
import { clinicalRecord, type ClinicalLinks } from './apple-health/clinical.js';
import type { AppleContext, ElementHandler } from './apple-health/context.js';
import { HeartbeatList } from './apple-health/heartbeats.js';
import { ProfileFacts } from './apple-health/profile.js';
import { importSideFiles, importSideFolders } from './apple-health/side-files.js';
import { workoutPart } from './apple-health/workout-parts.js';
import type { ImportOptions, MetaValue } from './types.js';

type Meta = Record<string, MetaValue>;

const XML_HINT =
  'The export looks incomplete or damaged. Export it again (Health → your picture → Export All Health Data) and import the new export.zip.';
const TAIL_CHARS = 4096;
/** Deepest element nesting accepted (Apple's exports use at most 5 levels). */
export const MAX_XML_DEPTH = 64;

/** Workout attributes stored in meta as numbers. */
const WORKOUT_NUMBERS = new Set(['totalDistance', 'totalEnergyBurned', 'totalSwimmingStrokeCount', 'totalFlightsClimbed']);
/** Workout attributes that become record fields rather than meta. */
const WORKOUT_FIELDS = new Set(['duration', 'durationUnit', 'sourceName', 'startDate', 'endDate']);
const STAT_KEYS = ['sum', 'average', 'minimum', 'maximum'] as const;
/** Route files remembered to link GPX points to their workout (one per workout with a route). */
const MAX_ROUTE_LINKS = 200_000;

/** A plain decimal number, checked without a regex (this runs for every Record); else null. */
export function fastNumber(s: string): number | null {
  const n = s.length;
  if (n === 0 || n > 40) return null;
  let digits = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (!(c === 46 || ((c === 45 || c === 43) && (i === 0 || (s.charCodeAt(i - 1) | 32) === 101)) || ((c | 32) === 101 && i > 0))) return null;
  }
  if (digits === 0) return null;
  const v = Number(s);
  return Number.isFinite(v) ? v : null;
}

/** iOS 8/9's compact `20151107171924+0100` → `2015-11-07 17:19:24 +0100`; anything else unchanged. */
export function expandCompactDate(v: string): string {
  if (!/^\d{14}[+-]\d{4}$/.test(v)) return v;
  return `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)} ${v.slice(8, 10)}:${v.slice(10, 12)}:${v.slice(12, 14)} ${v.slice(14)}`;
}

/** `HKWorkoutEventTypePause` → `Pause`, `HKQuantityTypeIdentifierHeartRate` → `HeartRate`. */
export function shortType(t: string): string {
  for (const p of ['HKWorkoutEventType', 'HKQuantityTypeIdentifier', 'HKCategoryTypeIdentifier']) {
    if (t.startsWith(p) && t.length > p.length) return t.slice(p.length);
  }
  return t;
}

interface Pending {
  record: NewRecord & { meta: Meta };
  depth: number;
  /** The element: Record, Workout or Correlation. */
  element: 'Record' | 'Workout' | 'Correlation';
  workout: boolean;
  routes: number;
  /** MetadataEntry children so far, and characters of meta keys and values. */
  metaEntries: number;
  metaChars: number;
  /** A Record's startDate as written (its offset places beat times; apple-health/heartbeats.ts). */
  startDate?: string;
}

export class AppleHealthXmlParser implements ChunkParser {
  private readonly sax = new SaxesParser({ xmlns: false, position: true });
  private readonly decoder: Utf8Decoder;
  private readonly guard: XmlLengthGuard;
  private readonly names: string[] = [];
  private readonly repair = new XmlRepair();
  /** Repairs counted so far (the repair runs ahead of saxes; see open()). */
  private spacedSeen = 0;
  private controlSeen = 0;
  /** The Record being read (top level, or nested in a Workout or Correlation). */
  private pending: Pending | null = null;
  /** The Workout or Correlation being read. */
  private outer: Pending | null = null;
  private tail = '';
  /** The handler that owns the element being read (apple-health/*.ts), if any. */
  private sub: ElementHandler | null = null;
  private readonly ctx: AppleContext;
  private readonly profile: ProfileFacts;

  constructor(
    private readonly fileName: string,
    private readonly sink: RecordSink,
    /** Filled with route file → workout start, to link the GPX points read after export.xml. */
    private readonly routeLinks: Map<string, number> = new Map(),
    /** Filled with resourceFilePath → ClinicalRecord, to link the FHIR documents read after export.xml. */
    private readonly clinicalLinks: ClinicalLinks = new Map(),
  ) {
    this.ctx = { sink, fileName, date: (v, attr, el) => this.date(v, attr, el), fail: (r) => this.fail(r), line: () => this.sax.line };
    this.profile = new ProfileFacts(this.ctx);
    this.decoder = new Utf8Decoder(fileName);
    this.guard = new XmlLengthGuard(
      { maxMarkup: MAX_XML_MARKUP_CHARS, maxText: MAX_XML_TEXT_CHARS, maxComment: MAX_XML_COMMENT_CHARS },
      (v) => {
        throw new ImportLimitError({
          fileName,
          line: v.line,
          limit: v.limit,
          reason: `${v.what} is longer than ${v.max / 1024 / 1024} MiB characters`,
          hint: XML_HINT,
        });
      },
    );
    useFastAttributeValues(this.sax);
    sink.position = () => ({ line: this.sax.line });
    this.sax.on('opentag', (tag) => this.open(tag));
    this.sax.on('closetag', () => this.close());
    this.sax.on('error', (err) => {
      throw this.xmlError(err.message.replace(/^\d+:\d+: /, '').replace(/\.$/, ''));
    });
  }

  write(chunk: Buffer): void {
    this.feed(this.decoder.decode(chunk));
  }

  end(): void {
    this.feed(this.decoder.end(), true);
    const inTag = this.openTagAtEnd();
    if (this.names.length > 0 || inTag !== null) {
      throw this.xmlError(`unexpected end of file inside <${inTag ?? this.names.at(-1)!}>`);
    }
    this.sax.close();
    this.profile.end();
  }

  private feed(raw: string, last = false): void {
    const s = this.repair.process(raw) + (last ? this.repair.end() : '');
    if (this.repair.controlChars !== this.controlSeen) {
      this.sink.repaired('control characters replaced', this.repair.controlChars - this.controlSeen);
      this.controlSeen = this.repair.controlChars;
    }
    if (s === '') return;
    const t = this.tail + (s.length > TAIL_CHARS ? s.slice(-TAIL_CHARS) : s);
    this.tail = t.length > TAIL_CHARS ? t.slice(-TAIL_CHARS) : t;
    this.guard.scan(s, this.sax.line);
    this.sax.write(s);
  }

  /** Name of a tag the input ends in the middle of (`<Record type="…` → Record), else null. */
  private openTagAtEnd(): string | null {
    const lt = this.tail.lastIndexOf('<');
    if (lt === -1 || this.tail.indexOf('>', lt) !== -1) return null;
    const m = /^(\/?)([A-Za-z_][\w.:-]*)/.exec(this.tail.slice(lt + 1));
    if (!m) return this.names.at(-1) ?? null;
    return m[1] === '/' ? (this.names.at(-1) ?? m[2]!) : m[2]!;
  }

  private xmlError(reason: string): ImportFormatError {
    return new ImportFormatError({ fileName: this.fileName, line: this.sax.line, column: this.sax.column + 1, reason, hint: XML_HINT });
  }

  private fail(reason: string): never {
    throw new ImportFormatError({ fileName: this.fileName, line: this.sax.line, column: this.sax.column + 1, reason, hint: XML_HINT });
  }

  private date(value: string | undefined, attr: string, element: string): number {
    if (value === undefined) this.fail(`<${element}> has no ${attr} attribute`);
    const t = parseIsoTimestamp(value.length === 19 ? expandCompactDate(value) : value);
    if (Number.isNaN(t)) {
      throw new UnsupportedTimestampError({
        fileName: this.fileName,
        field: `${element} ${attr}`,
        problem: value.trim() === '' ? 'empty' : 'unrecognised',
        line: this.sax.line,
        hint: 'Apple Health dates look like "2024-03-01 08:15:00 +0100". The export may be damaged; export it again.',
      });
    }
    return t;
  }

  private open(tag: SaxesTagPlain): void {
    const name = tag.name;
    let a = tag.attributes;
    this.names.push(name);
    const depth = this.names.length;
    if (depth > MAX_XML_DEPTH) this.fail(`elements are nested more than ${MAX_XML_DEPTH} levels deep`);
    if (depth === 1) {
      if (name !== 'HealthData') this.fail(`the root element is <${name}>, not <HealthData>: this is not an Apple Health export`);
      return;
    }
    let spaced: Meta | null = null;
    if (this.repair.spacedNames !== this.spacedSeen) ({ a, spaced } = this.takeSpaced(a));
    if (this.sub !== null) {
      this.sub.open(name, a, depth);
      return;
    }
    const p = this.pending;
    if (p !== null) {
      if (depth !== p.depth + 1) return;
      if (name === 'HeartRateVariabilityMetadataList') this.sub = new HeartbeatList(this.ctx, depth, { tStart: p.record.tStart, startDate: p.startDate, source: p.record.source });
      else this.child(p, name, a);
      return;
    }
    const o = this.outer;
    if (o !== null) {
      if (depth === o.depth + 1) {
        if (name === 'Record') this.startRecord(a, depth, spaced);
        else if (o.workout && (name === 'WorkoutActivity' || name === 'WorkoutZoneGroup')) this.sub = workoutPart(this.ctx, name, a, depth, o.record);
        else this.child(o, name, a);
      } else if (name === 'FileReference' && this.names[depth - 2] === 'WorkoutRoute' && o.workout && a.path !== undefined) {
        o.routes++;
        this.countMeta(o, a.path.length + 12);
        o.record.meta[o.routes === 1 ? 'routeFile' : `routeFile.${o.routes}`] = a.path;
        // A copy: saxes' attribute strings are slices that would keep whole input chunks alive.
        if (this.routeLinks.size < MAX_ROUTE_LINKS) this.routeLinks.set(Buffer.from(a.path, 'utf8').toString('utf8'), o.record.tStart);
      } else if (name === 'Location' && this.names[depth - 2] === 'WorkoutRoute' && o.workout) {
        this.inlineLocation(o, a);
      } else if (depth === o.depth + 2) {
        const parent = this.names[depth - 2]!;
        // A route's own metadata and file reference are not data.
        if (parent !== 'WorkoutRoute') this.sink.skipped(`${o.element}/${parent}/${name}`);
      }
      return;
    }
    if (depth !== 2) return;
    if (name === 'Record') this.startRecord(a, depth, spaced);
    else if (name === 'Workout') this.startWorkout(a, depth, spaced);
    else if (name === 'Correlation') this.startCorrelation(a, depth);
    else if (name === 'ActivitySummary') this.activitySummary(a);
    else if (name === 'ExportDate') this.profile.exportDate(a);
    else if (name === 'Me') this.sub = this.profile.me(a, depth);
    else if (name === 'ClinicalRecord') this.sub = clinicalRecord(this.ctx, a, depth, this.clinicalLinks);
    else if (name === 'Audiogram') this.sub = new AudiogramHandler(this.ctx, depth, a);
    else this.sink.skipped(name);
  }

  /** An inline route point of an old export: `<Location date latitude longitude altitude … />`. */
  private inlineLocation(o: Pending, a: Record<string, string>): void {
    const t = this.date(a.date, 'date', 'Location');
    const lat = a.latitude === undefined ? null : fastNumber(a.latitude);
    const lon = a.longitude === undefined ? null : fastNumber(a.longitude);
    if (lat === null || lon === null || Math.abs(lat) > 90 || Math.abs(lon) > 180) this.fail('a route <Location> has no valid latitude/longitude');
    const values: Meta = {};
    for (const k of ['altitude', 'speed', 'course', 'horizontalAccuracy', 'verticalAccuracy'] as const) {
      const v = a[k] === undefined ? null : fastNumber(a[k]);
      if (v !== null) values[k] = v;
    }
    this.sink.push(routePoint(t, lat, lon, values, { workoutStart: o.record.tStart }));
  }

  /** Attributes whose names the repair joined (iOS 8 metadata) → meta with the spaced name; the rest stay. */
  private takeSpaced(a: Record<string, string>): { a: Record<string, string>; spaced: Meta | null } {
    let rest: Record<string, string> | null = null;
    let spaced: Meta | null = null;
    for (const k in a) {
      if (k.indexOf(SPACED_NAME_MARK) === -1) continue;
      rest ??= { ...a };
      spaced ??= {};
      delete rest[k];
      spaced[k.split(SPACED_NAME_MARK).join(' ')] = a[k]!;
      this.spacedSeen++;
      this.sink.repaired('attribute names with spaces turned into metadata');
    }
    return { a: rest ?? a, spaced };
  }

  private close(): void {
    const depth = this.names.length;
    if (this.sub !== null) {
      if (this.sub.close(depth)) this.sub = null;
      this.names.pop();
      return;
    }
    const p = this.pending;
    if (p !== null && depth === p.depth) {
      this.pending = null;
      const o = this.outer;
      if (o !== null && o.element === 'Correlation') this.addToCorrelation(o, p.record);
      this.finish(p);
    } else if (this.outer !== null && depth === this.outer.depth) {
      const o = this.outer;
      this.outer = null;
      this.finish(o);
    }
    this.names.pop();
  }

  private finish(p: Pending): void {
    const r = p.record;
    if (Object.keys(r.meta).length === 0) (r as NewRecord).meta = null;
    this.sink.push(r);
  }

  /** A correlation's meta names its members: `<ShortType>` → value (and `.unit`), so the link survives in both directions. */
  private addToCorrelation(o: Pending, r: NewRecord): void {
    const base = shortType(r.kind);
    const key = base in o.record.meta ? `${base}.${o.routes + 2}` : base;
    o.routes++;
    this.countMeta(o, key.length * 2 + 40);
    o.record.meta[key] = r.valueNum ?? r.valueText;
    if (r.unit !== null) o.record.meta[`${key}.unit`] = r.unit;
  }

  private startRecord(a: Record<string, string>, depth: number, spaced: Meta | null): void {
    const type = a.type;
    if (type === undefined || type === '') this.fail('<Record> has no type attribute');
    const tStart = this.date(a.startDate, 'startDate', 'Record');
    const tEnd = this.date(a.endDate, 'endDate', 'Record');
    const meta: Meta = {};
    if (a.sourceVersion !== undefined) meta.sourceVersion = a.sourceVersion;
    if (a.device !== undefined) meta.device = a.device;
    if (a.creationDate !== undefined) meta.creationDate = a.creationDate;
    let chars = 0;
    if (spaced !== null) {
      for (const k in spaced) {
        meta[k in meta || k === '__proto__' ? `metadata:${k}` : k] = spaced[k]!;
        chars += k.length + String(spaced[k]).length;
      }
    }
    const value = a.value;
    const num = value === undefined ? null : fastNumber(value);
    this.pending = {
      record: {
        kind: type,
        unit: a.unit ?? null,
        // iOS 8/9 exports say `source`.
        source: a.sourceName ?? a.source ?? null,
        tStart,
        tEnd,
        valueNum: num,
        valueText: num === null && value !== undefined ? value : null,
        meta,
      },
      depth,
      element: 'Record',
      workout: false,
      routes: 0,
      metaEntries: 0,
      metaChars: chars,
      startDate: a.startDate,
    };
  }

  private startCorrelation(a: Record<string, string>, depth: number): void {
    const type = a.type;
    if (type === undefined || type === '') this.fail('<Correlation> has no type attribute');
    const tStart = this.date(a.startDate, 'startDate', 'Correlation');
    const tEnd = this.date(a.endDate, 'endDate', 'Correlation');
    const meta: Meta = {};
    let chars = 0;
    for (const k of ['sourceVersion', 'device', 'creationDate'] as const) {
      const v = a[k];
      if (v !== undefined) {
        meta[k] = v;
        chars += k.length + v.length;
      }
    }
    this.outer = {
      record: { kind: type, unit: null, source: a.sourceName ?? a.source ?? null, tStart, tEnd, valueNum: null, valueText: null, meta },
      depth,
      element: 'Correlation',
      workout: false,
      routes: 0,
      metaEntries: 0,
      metaChars: chars,
    };
  }

  private startWorkout(a: Record<string, string>, depth: number, spaced: Meta | null): void {
    const tStart = this.date(a.startDate, 'startDate', 'Workout');
    const tEnd = this.date(a.endDate, 'endDate', 'Workout');
    const meta: Meta = {};
    let chars = 0;
    for (const k in a) {
      if (WORKOUT_FIELDS.has(k) || k === 'source') continue;
      chars += k.length + a[k]!.length;
      const v = a[k]!;
      meta[k] = WORKOUT_NUMBERS.has(k) ? (fastNumber(v) ?? v) : v;
    }
    if (spaced !== null) {
      for (const k in spaced) {
        meta[k in meta || k === '__proto__' ? `metadata:${k}` : k] = spaced[k]!;
        chars += k.length + String(spaced[k]).length;
      }
    }
    const duration = a.duration === undefined ? null : fastNumber(a.duration);
    if (a.duration !== undefined && duration === null) this.fail('<Workout> duration is not a number');
    this.outer = {
      record: { kind: 'HKWorkout', unit: a.durationUnit ?? null, source: a.sourceName ?? a.source ?? null, tStart, tEnd, valueNum: duration, valueText: null, meta },
      depth,
      element: 'Workout',
      workout: true,
      routes: 0,
      metaEntries: 0,
      metaChars: chars,
    };
  }

  private child(p: Pending, name: string, a: Record<string, string>): void {
    const meta = p.record.meta;
    if (name === 'MetadataEntry') {
      const key = a.key;
      if (key === undefined || a.value === undefined) return;
      this.countMeta(p, key.length + a.value.length);
      // `__proto__` would set the object's prototype instead of a key.
      meta[key in meta || key === '__proto__' ? `metadata:${key}` : key] = a.value;
      return;
    }
    if (!p.workout) {
      this.sink.skipped(`${p.element}/${name}`);
      return;
    }
    if (name === 'WorkoutEvent' && a.type !== undefined) {
      const k = `events.${shortType(a.type)}`;
      const prev = meta[k];
      if (typeof prev !== 'number') this.countMeta(p, k.length);
      meta[k] = typeof prev === 'number' ? prev + 1 : 1;
    } else if (name === 'WorkoutStatistics' && a.type !== undefined) {
      const base = `stats.${shortType(a.type)}`;
      this.countMeta(p, base.length * 5 + (a.unit?.length ?? 0) + 80);
      for (const s of STAT_KEYS) {
        const v = a[s];
        if (v !== undefined) meta[`${base}.${s}`] = fastNumber(v) ?? v;
      }
      if (a.unit !== undefined) meta[`${base}.unit`] = a.unit;
    } else if (name !== 'WorkoutRoute') this.sink.skipped(`Workout/${name}`);
  }

  /** One more MetadataEntry of `chars` characters on the pending record; refuses past the bounds. */
  private countMeta(p: Pending, chars: number): void {
    p.metaEntries++;
    p.metaChars += chars;
    if (p.metaEntries > MAX_META_ENTRIES) {
      throw new ImportLimitError({
        fileName: this.fileName,
        line: this.sax.line,
        limit: 'metadata-entries',
        reason: `a <${this.names[p.depth - 1]!}> has more than ${MAX_META_ENTRIES} MetadataEntry elements`,
        hint: XML_HINT,
      });
    }
    if (p.metaChars > MAX_META_CHARS) {
      throw new ImportLimitError({
        fileName: this.fileName,
        line: this.sax.line,
        limit: 'metadata-bytes',
        reason: `the metadata of a <${this.names[p.depth - 1]!}> is longer than ${MAX_META_CHARS / 1024} KiB`,
        hint: XML_HINT,
      });
    }
  }

  private activitySummary(a: Record<string, string>): void {
    const day = a.dateComponents;
    const m = day === undefined ? null : /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
    const t = m ? parseIsoTimestamp(day!) : Number.NaN;
    if (Number.isNaN(t)) {
      throw new UnsupportedTimestampError({
        fileName: this.fileName,
        field: 'ActivitySummary dateComponents',
        problem: day === undefined || day === '' ? 'empty' : 'unrecognised',
        line: this.sax.line,
        hint: 'An ActivitySummary date looks like "2024-03-01". The export may be damaged; export it again.',
      });
    }
    // A summary is for a calendar day, not an instant: keep the day as UTC midnight to midnight, whatever the offsets.
    const tStart = t;
    const meta: Meta = {};
    for (const k in a) {
      const v = a[k]!;
      meta[k] = k === 'dateComponents' || k.endsWith('Unit') ? v : (fastNumber(v) ?? v);
    }
    this.sink.push({ kind: 'HKActivitySummary', unit: null, source: null, tStart, tEnd: tStart + 86_400_000, valueNum: null, valueText: null, meta });
  }
}

// ---------------------------------------------------------------------------
// Input: a zip archive or a bare XML file.

const ZIP_MAGIC = 0x04034b50;
export const ZIP_HINT = 'Choose the export.zip from Health → Export All Health Data (or the export.xml inside it); if it was copied or downloaded, copy it again.';

function isZip(head: Buffer): boolean {
  return head.length >= 4 && head.readUInt32LE(0) === ZIP_MAGIC;
}

/** The entry to read: `…/export.xml` (not export_cda.xml, not macOS resource forks). */
export function isExportXmlEntry(name: string): boolean {
  return (name === 'export.xml' || name.endsWith('/export.xml')) && !name.startsWith('__MACOSX/');
}

export function openZip(filePath: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(filePath, { lazyEntries: true, autoClose: false, strictFileNames: false, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) reject(err ?? new Error('no zip file'));
      else resolve(zip);
    });
  });
}

export function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | null> {
  return new Promise((resolve, reject) => {
    const onEntry = (e: yauzl.Entry): void => {
      done();
      resolve(e);
    };
    const onEnd = (): void => {
      done();
      resolve(null);
    };
    const onError = (err: Error): void => {
      done();
      reject(err);
    };
    const done = (): void => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

/** The entry's bytes as stored (deflated data is inflated by us, see openZipExportXml). */
export function openRawEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    const options = { decompress: entry.isCompressed() ? false : null, decrypt: null, start: null, end: null };
    zip.openReadStream(entry, options, (err, stream) => {
      if (err || !stream) reject(err ?? new Error('no stream'));
      else resolve(stream);
    });
  });
}

/**
 * Inflated bytes per zlib job and buffered ahead of the parser. yauzl's own
 * inflater makes 16 KiB pieces and stalls while the parser works; with large
 * pieces and read-ahead, inflating (in the thread pool) overlaps parsing.
 */
export const INFLATE_CHUNK_BYTES = 256 * 1024;
const INFLATE_READ_AHEAD_BYTES = 1024 * 1024;

/** Opens the export.xml inside an Apple Health export.zip as a byte input. */
export async function openZipExportXml(filePath: string): Promise<ByteInput> {
  const zipName = basename(filePath);
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(filePath);
  } catch (e) {
    const mapped = fileErrorFrom(zipName, e);
    if (mapped !== e) throw mapped;
    throw new ImportFormatError({
      fileName: zipName,
      reason: 'is not a readable zip archive (it may be incomplete or damaged)',
      hint: ZIP_HINT,
      details: e instanceof Error ? e.message : undefined,
    });
  }
  try {
    let entry: yauzl.Entry | null;
    do {
      entry = await nextEntry(zip);
    } while (entry !== null && !isExportXmlEntry(entry.fileName));
    if (entry === null) {
      throw new ImportFormatError({ fileName: zipName, reason: 'the archive has no export.xml (expected apple_health_export/export.xml)', hint: ZIP_HINT });
    }
    if (entry.isEncrypted()) throw new ImportFormatError({ fileName: zipName, reason: 'export.xml in the archive is encrypted', hint: ZIP_HINT });
    const method = entry.compressionMethod;
    if (method !== 0 && method !== 8) {
      throw new ImportFormatError({ fileName: zipName, reason: `export.xml in the archive uses an unsupported compression method (${method})`, hint: ZIP_HINT });
    }
    // A zip bomb is refused before any work (Apple's export.xml deflates ~20 times).
    checkEntryRatio(zipName, entry, 'export.xml');
    const raw = await openRawEntry(zip, entry);
    // zlib passes stream options through to its Transform (not in ZlibOptions' type).
    const inflateOptions: ZlibOptions & { readableHighWaterMark: number } = {
      chunkSize: INFLATE_CHUNK_BYTES,
      readableHighWaterMark: INFLATE_READ_AHEAD_BYTES,
    };
    const stream = method === 8 ? pipeline(raw, createInflateRaw(inflateOptions), () => undefined) : raw;
    const fileName = basename(entry.fileName);
    const z = zip;
    return {
      fileName,
      totalBytes: entry.uncompressedSize,
      chunks: zipChunks(stream, fileName, zipName, { size: entry.uncompressedSize, crc: entry.crc32 }),
      close: () => {
        stream.destroy();
        z.close();
      },
    };
  } catch (e) {
    zip.close();
    if (e instanceof ImportError) throw e;
    throw new ImportFormatError({
      fileName: zipName,
      reason: 'the zip archive is damaged',
      hint: ZIP_HINT,
      details: e instanceof Error ? e.message : undefined,
    });
  }
}

/** Inflated data arrives in 16 KiB pieces; hand it on in pieces of about this size (less per-chunk overhead). */
const ZIP_CHUNK_BYTES = 256 * 1024;

/**
 * The entry's uncompressed bytes in pieces of about ZIP_CHUNK_BYTES; at the
 * end its size and CRC-32 must match the archive's directory (so damage
 * that inflating does not notice, or a stored entry, is caught too).
 */
export async function* zipChunks(stream: Readable, fileName: string, zipName: string, expected: { size: number; crc: number }): AsyncGenerator<Buffer> {
  let bytes = 0;
  let crc = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  try {
    for await (const chunk of stream) {
      const b = chunk as Buffer;
      bytes += b.length;
      checkInflatedSize(zipName, fileName, bytes, expected.size);
      crc = crc32(b, crc);
      pending.push(b);
      pendingBytes += b.length;
      if (pendingBytes >= ZIP_CHUNK_BYTES) {
        const out = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
        pending = [];
        pendingBytes = 0;
        yield out;
      }
    }
    if (bytes !== expected.size || crc !== expected.crc) {
      throw new ImportFormatError({
        fileName,
        byteOffset: bytes,
        reason: `the data in ${zipName} does not match its checksum: the archive is damaged`,
        hint: ZIP_HINT,
      });
    }
    if (pendingBytes > 0) yield pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
  } catch (e) {
    if (e instanceof ImportError) throw e;
    throw new ImportFormatError({
      fileName,
      byteOffset: bytes,
      reason: `the compressed data in ${zipName} is damaged`,
      hint: ZIP_HINT,
      details: e instanceof Error ? e.message : undefined,
    });
  } finally {
    stream.destroy();
  }
}

/** Opens an Apple Health export (zip or XML) as a byte input. */
export async function openAppleHealthInput(filePath: string): Promise<ByteInput & { zipped?: boolean }> {
  const head = await readHead(filePath, 4);
  return isZip(head) ? { ...(await openZipExportXml(filePath)), zipped: true } : openFileInput(filePath);
}

export function parseAppleHealthXml(
  input: ByteInput,
  options: Omit<ImportOptions, 'format'>,
  routeLinks?: Map<string, number>,
  clinicalLinks?: ClinicalLinks,
): AsyncGenerator<NewRecord[], void, undefined> {
  return runParser(input, options, (sink) => new AppleHealthXmlParser(input.fileName, sink, routeLinks, clinicalLinks), { text: true });
}

/** A GPX route file: its track points as route records linked to `link`. */
export function parseGpx(input: ByteInput, options: Omit<ImportOptions, 'format'>, link: RouteLink = {}): AsyncGenerator<NewRecord[], void, undefined> {
  return runParser(input, options, (sink) => new GpxParser(input.fileName, sink, link), { text: true });
}

/** `apple_health_export/workout-routes/route_1.gpx` → `/workout-routes/route_1.gpx` (as FileReference writes it), else null. */
export function routeEntryPath(name: string): string | null {
  const m = /(?:^|\/)workout-routes\/([^/]+\.gpx)$/i.exec(name);
  return m === null || name.startsWith('__MACOSX/') ? null : `/workout-routes/${m[1]!}`;
}

/** The Apple Health importer (see the module comment): export.xml, then its side files from the zip or the folders beside it (apple-health/side-files.ts). */
export async function* importAppleHealth(filePath: string, options: Omit<ImportOptions, 'format'>): AsyncGenerator<NewRecord[], void, undefined> {
  const links = { routes: new Map<string, number>(), clinical: new Map() as ClinicalLinks };
  const input = await openAppleHealthInput(filePath);
  const zipped = input.zipped === true;
  try {
    yield* parseAppleHealthXml(input, options, links.routes, links.clinical);
  } finally {
    input.close?.();
  }
  if (zipped) yield* importSideFiles(filePath, options, links);
  else yield* importSideFolders(filePath, options, links);
}
