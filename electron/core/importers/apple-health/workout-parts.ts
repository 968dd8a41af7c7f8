/**
 * The parts of a `<Workout>` that are records of their own, linked to the
 * workout by `meta.workoutStart` (= the HKWorkout record's tStart, as
 * route points are):
 *
 * - `<WorkoutActivity uuid startDate endDate duration durationUnit>` (iOS
 *   16+: one per leg of a multisport or interval workout) → kind
 *   `HKWorkoutActivity`, valueNum = duration, unit = durationUnit, source =
 *   the workout's, tStart/tEnd = the leg's dates (endDate absent → its
 *   start). meta: `workoutStart`, the workout's `workoutActivityType`, every
 *   other attribute of the leg (uuid, …), its MetadataEntries, per
 *   `<WorkoutEvent>` type a count `events.<Type>`, and per
 *   `<WorkoutStatistics>` the leg's statistics
 *   `stats.<Type>.sum|average|minimum|maximum|unit` (as the Workout's own).
 * - `<WorkoutZoneGroup type unit source>` with `<WorkoutZone minimum maximum
 *   duration durationUnit/>` children (time in heart-rate or power zones) →
 *   one record per zone: kind `HKWorkoutZone.<Type>` (`HKWorkoutZone.HeartRate`),
 *   valueNum = the time in the zone, unit = its durationUnit, tStart/tEnd =
 *   the workout's (or the leg's) dates; meta: `zone` (1 = the lowest),
 *   `minimum`/`maximum` (the zone's bounds, in `zoneUnit`), `zoneSource`,
 *   other attributes of the zone, `workoutStart` (and `activityStart` for a
 *   leg's zones).
 *
 * Anything else inside these elements is counted as not imported.
 */
import type { NewRecord } from '../../../../shared/domain/record.js';
import { fastNumber, shortType } from '../apple-health.js';
import { MetaBudget, putMeta, withMeta, type AppleContext, type Attributes, type ElementHandler, type Meta } from './context.js';

export const KIND_WORKOUT_ACTIVITY = 'HKWorkoutActivity';
export const KIND_WORKOUT_ZONE_PREFIX = 'HKWorkoutZone.';
const STAT_KEYS = ['sum', 'average', 'minimum', 'maximum'] as const;
const ACTIVITY_FIELDS = new Set(['startDate', 'endDate', 'duration', 'durationUnit', 'sourceName', 'source']);
const ZONE_FIELDS = new Set(['minimum', 'maximum', 'duration', 'durationUnit']);

/** The workout (or leg) a part belongs to. */
export interface WorkoutLink {
  tStart: number;
  tEnd: number;
  source: string | null;
  /** Link keys every part carries (`workoutStart`, …). */
  link: Meta;
}

/** A `WorkoutActivity` or `WorkoutZoneGroup` inside the workout `workout`. */
export function workoutPart(ctx: AppleContext, name: 'WorkoutActivity' | 'WorkoutZoneGroup', a: Attributes, depth: number, workout: NewRecord): ElementHandler {
  const link: WorkoutLink = { tStart: workout.tStart, tEnd: workout.tEnd, source: workout.source, link: { workoutStart: workout.tStart } };
  if (name === 'WorkoutZoneGroup') return new WorkoutZoneGroup(ctx, depth, a, link, 'Workout/WorkoutZoneGroup');
  const type = workout.meta?.workoutActivityType;
  return new WorkoutActivity(ctx, depth, a, link, typeof type === 'string' ? type : undefined);
}

export class WorkoutActivity implements ElementHandler {
  private readonly record: NewRecord;
  private readonly meta: Meta = {};
  private readonly budget: MetaBudget;
  private sub: ElementHandler | null = null;
  private child = '';

  constructor(
    private readonly ctx: AppleContext,
    private readonly depth: number,
    a: Attributes,
    private readonly workout: WorkoutLink,
    activityType: string | undefined,
  ) {
    const tStart = ctx.date(a.startDate, 'startDate', 'WorkoutActivity');
    const tEnd = a.endDate === undefined ? tStart : ctx.date(a.endDate, 'endDate', 'WorkoutActivity');
    const duration = a.duration === undefined ? null : fastNumber(a.duration);
    if (a.duration !== undefined && duration === null) ctx.fail('<WorkoutActivity> duration is not a number');
    this.budget = new MetaBudget(ctx, 'WorkoutActivity');
    Object.assign(this.meta, workout.link);
    if (activityType !== undefined) this.meta.workoutActivityType = activityType;
    for (const k in a) {
      if (ACTIVITY_FIELDS.has(k)) continue;
      const v = a[k]!;
      this.budget.add(k.length + v.length);
      this.meta[k] = v;
    }
    this.record = { kind: KIND_WORKOUT_ACTIVITY, unit: a.durationUnit ?? null, source: workout.source, tStart, tEnd, valueNum: duration, valueText: null, meta: null };
  }

  open(name: string, a: Attributes, depth: number): void {
    if (this.sub !== null) {
      this.sub.open(name, a, depth);
      return;
    }
    if (depth !== this.depth + 1) {
      if (depth === this.depth + 2) this.ctx.sink.skipped(`Workout/WorkoutActivity/${this.child}/${name}`);
      return;
    }
    this.child = name;
    const meta = this.meta;
    if (name === 'MetadataEntry') {
      if (a.key === undefined || a.value === undefined) return;
      this.budget.add(a.key.length + a.value.length);
      putMeta(meta, a.key, a.value);
    } else if (name === 'WorkoutEvent' && a.type !== undefined) {
      const k = `events.${shortType(a.type)}`;
      const prev = meta[k];
      if (typeof prev !== 'number') this.budget.add(k.length);
      meta[k] = typeof prev === 'number' ? prev + 1 : 1;
    } else if (name === 'WorkoutStatistics' && a.type !== undefined) {
      const base = `stats.${shortType(a.type)}`;
      this.budget.add(base.length * 5 + (a.unit?.length ?? 0) + 80);
      for (const s of STAT_KEYS) {
        const v = a[s];
        if (v !== undefined) meta[`${base}.${s}`] = fastNumber(v) ?? v;
      }
      if (a.unit !== undefined) meta[`${base}.unit`] = a.unit;
    } else if (name === 'WorkoutZoneGroup') {
      const r = this.record;
      const link = { ...this.workout.link, activityStart: r.tStart };
      this.sub = new WorkoutZoneGroup(this.ctx, depth, a, { tStart: r.tStart, tEnd: r.tEnd, source: r.source, link }, 'Workout/WorkoutActivity/WorkoutZoneGroup');
    } else {
      this.ctx.sink.skipped(`Workout/WorkoutActivity/${name}`);
    }
  }

  close(depth: number): boolean {
    if (this.sub !== null) {
      if (this.sub.close(depth)) this.sub = null;
      return false;
    }
    if (depth !== this.depth) return false;
    this.ctx.sink.push(withMeta(this.record, this.meta));
    return true;
  }
}

export class WorkoutZoneGroup implements ElementHandler {
  private readonly kind: string;
  private readonly shared: Meta = {};
  private readonly budget: MetaBudget;
  private zones = 0;

  constructor(
    private readonly ctx: AppleContext,
    private readonly depth: number,
    a: Attributes,
    private readonly owner: WorkoutLink,
    /** Element path for what is not imported. */
    private readonly path: string,
  ) {
    const type = a.type === undefined || a.type === '' ? 'Unknown' : shortType(a.type);
    this.kind = `${KIND_WORKOUT_ZONE_PREFIX}${type}`;
    this.budget = new MetaBudget(ctx, 'WorkoutZoneGroup');
    if (a.unit !== undefined) this.shared.zoneUnit = a.unit;
    if (a.source !== undefined) this.shared.zoneSource = a.source;
    for (const k in a) {
      if (k === 'type' || k === 'unit' || k === 'source') continue;
      this.budget.add(k.length + a[k]!.length);
      putMeta(this.shared, k, a[k]!);
    }
  }

  open(name: string, a: Attributes, depth: number): void {
    if (depth !== this.depth + 1) return;
    if (name !== 'WorkoutZone') {
      this.ctx.sink.skipped(`${this.path}/${name}`);
      return;
    }
    const duration = a.duration === undefined ? null : fastNumber(a.duration);
    if (a.duration !== undefined && duration === null) this.ctx.fail('<WorkoutZone> duration is not a number');
    const meta: Meta = { zone: ++this.zones };
    for (const k of ['minimum', 'maximum'] as const) {
      const v = a[k];
      if (v === undefined) continue;
      const n = fastNumber(v);
      if (n === null) this.ctx.fail(`<WorkoutZone> ${k} is not a number`);
      meta[k] = n;
    }
    for (const k in this.shared) putMeta(meta, k, this.shared[k]!);
    for (const k in a) {
      if (ZONE_FIELDS.has(k)) continue;
      this.budget.add(k.length + a[k]!.length);
      putMeta(meta, k, a[k]!);
    }
    for (const k in this.owner.link) putMeta(meta, k, this.owner.link[k]!);
    const o = this.owner;
    this.ctx.sink.push({ kind: this.kind, unit: a.durationUnit ?? null, source: o.source, tStart: o.tStart, tEnd: o.tEnd, valueNum: duration, valueText: null, meta });
  }

  close(depth: number): boolean {
    return depth === this.depth;
  }
}
