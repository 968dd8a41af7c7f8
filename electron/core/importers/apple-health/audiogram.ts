/**
 * `<Audiogram>` (iOS 13+, hearing tests) with its `<SensitivityPoint
 * frequencyValue="1000" frequencyUnit="Hz" leftEarValue="10"
 * leftEarUnit="dBHL" rightEarValue="15" rightEarUnit="dBHL"/>` children →
 * one record per point and ear, so a feature can read the hearing level per
 * ear over time:
 *
 * - kind `HKAudiogram.leftEar` / `HKAudiogram.rightEar`, valueNum = the
 *   sensitivity, unit = `leftEarUnit`/`rightEarUnit` (dBHL), source = the
 *   audiogram's sourceName, tStart/tEnd = the audiogram's dates;
 * - meta: `frequency` (number) and `frequencyUnit`, the ear's other
 *   attributes when present (iOS 17: `masked`, `clampingRangeLowerBound`,
 *   `clampingRangeUpperBound`), the audiogram's sourceVersion, device,
 *   creationDate and MetadataEntries, and `audiogramStart` (= tStart) as the
 *   link between the points of one test.
 *
 * An ear without a value gives no record. The points of one audiogram are
 * held until it closes (so its MetadataEntries reach every point), at most
 * MAX_AUDIOGRAM_POINTS of them.
 */
import type { NewRecord } from '../../../../shared/domain/record.js';
import { fastNumber } from '../apple-health.js';
import { ImportLimitError } from '../errors.js';
import { MetaBudget, putMeta, XML_HINT, type AppleContext, type Attributes, type ElementHandler, type Meta } from './context.js';

/** Sensitivity points in one audiogram (real: 6–12). */
export const MAX_AUDIOGRAM_POINTS = 1000;
const EARS = ['left', 'right'] as const;
const POINT_FIELDS = new Set(['frequencyValue', 'frequencyUnit']);

export class AudiogramHandler implements ElementHandler {
  private readonly tStart: number;
  private readonly tEnd: number;
  private readonly source: string | null;
  private readonly shared: Meta = {};
  private readonly budget: MetaBudget;
  private readonly points: { ear: 'left' | 'right'; value: number; unit: string | null; meta: Meta }[] = [];
  private pointCount = 0;
  /** The child element last opened (to name what is inside it). */
  private child = '';

  constructor(
    private readonly ctx: AppleContext,
    private readonly depth: number,
    a: Attributes,
  ) {
    this.tStart = ctx.date(a.startDate, 'startDate', 'Audiogram');
    this.tEnd = a.endDate === undefined ? this.tStart : ctx.date(a.endDate, 'endDate', 'Audiogram');
    this.source = a.sourceName ?? a.source ?? null;
    this.budget = new MetaBudget(ctx, 'Audiogram');
    for (const k of ['sourceVersion', 'device', 'creationDate'] as const) {
      const v = a[k];
      if (v !== undefined) {
        this.budget.add(k.length + v.length);
        this.shared[k] = v;
      }
    }
  }

  open(name: string, a: Attributes, depth: number): void {
    if (depth !== this.depth + 1) {
      if (depth === this.depth + 2) this.ctx.sink.skipped(`Audiogram/${this.child}/${name}`);
      return;
    }
    this.child = name;
    if (name === 'MetadataEntry') {
      if (a.key === undefined || a.value === undefined) return;
      this.budget.add(a.key.length + a.value.length);
      putMeta(this.shared, a.key, a.value);
    } else if (name === 'SensitivityPoint') {
      this.point(a);
    } else {
      this.ctx.sink.skipped(`Audiogram/${name}`);
    }
  }

  private point(a: Attributes): void {
    if (++this.pointCount > MAX_AUDIOGRAM_POINTS) {
      throw new ImportLimitError({
        fileName: this.ctx.fileName,
        line: this.ctx.line(),
        limit: 'audiogram-points',
        reason: `an <Audiogram> has more than ${MAX_AUDIOGRAM_POINTS} SensitivityPoint elements`,
        hint: XML_HINT,
      });
    }
    const frequency = a.frequencyValue === undefined ? null : fastNumber(a.frequencyValue);
    if (frequency === null) this.ctx.fail('a <SensitivityPoint> has no numeric frequencyValue');
    for (const ear of EARS) {
      const raw = a[`${ear}EarValue`];
      if (raw === undefined || raw === '') continue;
      const value = fastNumber(raw);
      if (value === null) this.ctx.fail(`a <SensitivityPoint> ${ear}EarValue is not a number`);
      const meta: Meta = { frequency };
      if (a.frequencyUnit !== undefined) meta.frequencyUnit = a.frequencyUnit;
      const prefix = `${ear}Ear`;
      for (const k in a) {
        if (POINT_FIELDS.has(k) || !k.startsWith(prefix) || k === `${prefix}Value` || k === `${prefix}Unit`) continue;
        const v = a[k]!;
        const key = k.slice(prefix.length);
        this.budget.add(key.length + v.length);
        putMeta(meta, `${key[0]!.toLowerCase()}${key.slice(1)}`, fastNumber(v) ?? v);
      }
      this.points.push({ ear, value, unit: a[`${prefix}Unit`] ?? null, meta });
    }
  }

  close(depth: number): boolean {
    if (depth !== this.depth) return false;
    for (const p of this.points) {
      const meta: Meta = { ...p.meta };
      for (const k in this.shared) putMeta(meta, k, this.shared[k]!);
      meta.audiogramStart = this.tStart;
      const r: NewRecord = { kind: `HKAudiogram.${p.ear}Ear`, unit: p.unit, source: this.source, tStart: this.tStart, tEnd: this.tEnd, valueNum: p.value, valueText: null, meta };
      this.ctx.sink.push(r);
    }
    return true;
  }
}
