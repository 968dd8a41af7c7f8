/**
 * Turns a task's declarative feature recipe into x/y arrays, reading only
 * what the lease grants: each dataset the recipe names must be in the lease,
 * its time range inside the lease's, and every read passes the lease guard
 * (`requireActiveLease`) first. Only the vault's hourly/daily aggregates are
 * read, never single records; no requester code runs.
 *
 * One example per bucket t: x = the `window` buckets ending at t (for every
 * input, in window-major order: [t−w+1: in0, in1, …], …, [t: in0, in1, …]),
 * y = the label's bucket t + ahead. Examples with a missing bucket are left
 * out.
 */
import { leaseCoversKind } from '../../../../shared/domain/profile-kinds.js';
import type { FeatureSpec, ScaleSpec, DatasetStat } from '../../../../shared/training/task-spec.js';
import type { AggregateBucket, Vault } from '../../vault/index.js';
import { DatasetNotFoundError } from '../../vault/index.js';
import { TaskRefusedError } from '../errors.js';

/** The lease's grant as the features need it (LeaseService.requireActiveLease's answer). */
export interface LeaseScope {
  leaseId: string;
  datasets: readonly string[];
  /** Unix seconds, inclusive. */
  dataFrom: bigint;
  dataTo: bigint;
}

/** The lease guard: throws unless the lease is active and covers `kind` at `timeMs`. */
export type LeaseGuard = (leaseId: string, kind: string, timeMs: number) => unknown;

export interface FeatureScope {
  datasets: string[];
  /** Unix ms, inclusive. */
  fromMs: number;
  toMs: number;
}

export interface BuiltFeatures {
  x: Float32Array;
  y: Float32Array;
  examples: number;
  /** Without the batch dimension. */
  xShape: number[];
  yShape: number[];
  scope: FeatureScope;
  /** Records (with a numeric value) inside the scope, over all datasets read. */
  recordCount: number;
}

const BUCKET_MS = { hour: 3_600_000, day: 86_400_000 } as const;
/** Buckets a recipe may span (≈ 11 years of days, or 1.3 years of hours). */
export const MAX_BUCKETS = 12_000;

function toMs(seconds: bigint): number {
  const ms = seconds * 1000n;
  return ms > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(ms);
}

/** Which datasets and time range a recipe reads; throws TaskRefusedError when it leaves the lease. */
export function featureScope(spec: FeatureSpec, lease: LeaseScope): FeatureScope {
  const kinds = [...new Set([...spec.inputs.map((i) => i.dataset), spec.label.dataset])];
  for (const [i, input] of spec.inputs.entries()) {
    if (!leaseCoversKind(lease.datasets, input.dataset)) {
      throw new TaskRefusedError('dataset-not-in-lease', `The task reads a dataset (input ${i}) that lease ${lease.leaseId} does not grant.`, { path: `features.inputs[${i}].dataset` });
    }
  }
  if (!leaseCoversKind(lease.datasets, spec.label.dataset)) {
    throw new TaskRefusedError('dataset-not-in-lease', `The task's label reads a dataset that lease ${lease.leaseId} does not grant.`, { path: 'features.label.dataset' });
  }
  const from = spec.from === undefined ? lease.dataFrom : BigInt(spec.from);
  const to = spec.to === undefined ? lease.dataTo : BigInt(spec.to);
  if (from < lease.dataFrom || from > lease.dataTo) {
    throw new TaskRefusedError('time-outside-lease', `The task reads records from before or after lease ${lease.leaseId}'s time range.`, { path: 'features.from' });
  }
  if (to > lease.dataTo || to < lease.dataFrom) {
    throw new TaskRefusedError('time-outside-lease', `The task reads records from before or after lease ${lease.leaseId}'s time range.`, { path: 'features.to' });
  }
  return { datasets: kinds, fromMs: toMs(from), toMs: toMs(to) + 999 };
}

function statOf(b: AggregateBucket, stat: DatasetStat): number {
  return b[stat];
}

function scaled(v: number, s: ScaleSpec | undefined): number {
  return s ? (v - s.subtract) / s.divide : v;
}

/** Reads the aggregates (through the guard) and builds the examples. */
export function buildFeatures(vault: Vault, guard: LeaseGuard, lease: LeaseScope, spec: FeatureSpec, maxExamples: number): BuiltFeatures {
  const scope = featureScope(spec, lease);
  const bucketMs = BUCKET_MS[spec.bucket];
  const offsetMs = spec.utcOffsetMinutes * 60_000;
  const firstBucket = Math.floor((scope.fromMs + offsetMs) / bucketMs);
  const lastBucket = Math.floor((scope.toMs + offsetMs) / bucketMs);
  const nBuckets = lastBucket - firstBucket + 1;
  if (nBuckets > MAX_BUCKETS) {
    throw new TaskRefusedError('over-cap', `The task's time range spans ${nBuckets} ${spec.bucket} buckets; at most ${MAX_BUCKETS} are allowed. Narrow features.from/to.`, { path: 'features' });
  }
  // One read per dataset, each behind the guard (both ends of the range).
  const series = new Map<string, Map<number, AggregateBucket>>();
  let recordCount = 0;
  for (const kind of scope.datasets) {
    guard(lease.leaseId, kind, scope.fromMs);
    guard(lease.leaseId, kind, scope.toMs);
    let buckets: AggregateBucket[];
    try {
      buckets = vault.aggregate(kind, { bucket: spec.bucket, from: scope.fromMs, to: scope.toMs + 1, utcOffsetMinutes: spec.utcOffsetMinutes });
    } catch (e) {
      if (e instanceof DatasetNotFoundError) buckets = [];
      else throw e;
    }
    const byIndex = new Map<number, AggregateBucket>();
    for (const b of buckets) {
      byIndex.set(Math.floor((b.bucketStart + offsetMs) / bucketMs) - firstBucket, b);
      recordCount += b.count;
    }
    series.set(kind, byIndex);
  }
  const nIn = spec.inputs.length;
  const w = spec.window;
  const perExample = w * nIn;
  const xs: number[] = [];
  const ys: number[] = [];
  let examples = 0;
  for (let t = w - 1; t + spec.label.ahead < nBuckets && examples < maxExamples; t++) {
    const labelBucket = series.get(spec.label.dataset)!.get(t + spec.label.ahead);
    if (!labelBucket) continue;
    const row: number[] = new Array<number>(perExample);
    let complete = true;
    for (let k = 0; k < w && complete; k++) {
      for (let i = 0; i < nIn; i++) {
        const input = spec.inputs[i]!;
        const b = series.get(input.dataset)!.get(t - w + 1 + k);
        if (!b) {
          complete = false;
          break;
        }
        row[k * nIn + i] = scaled(statOf(b, input.stat), input.scale);
      }
    }
    if (!complete) continue;
    const raw = statOf(labelBucket, spec.label.stat);
    const label = spec.label.threshold !== undefined ? (raw > spec.label.threshold ? 1 : 0) : scaled(raw, spec.label.scale);
    for (const v of row) xs.push(v);
    ys.push(label);
    examples++;
  }
  return {
    x: Float32Array.from(xs),
    y: Float32Array.from(ys),
    examples,
    xShape: spec.layout === 'sequence' ? [w, nIn] : [perExample],
    yShape: [1],
    scope,
    recordCount,
  };
}
