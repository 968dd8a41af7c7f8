/**
 * Synthetic, non-IID health-like data for the federated demo and tests:
 * daily step counts and resting heart rate per person, each with their own
 * activity level and weekly rhythm (so wallets differ, as real people do).
 * Deterministic from the seed.
 */
import type { NewRecord } from '../../shared/domain/record.js';

export const STEPS = 'HKQuantityTypeIdentifierStepCount';
export const HEART_RATE = 'HKQuantityTypeIdentifierRestingHeartRate';

/** Small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(r: () => number): number {
  const u = Math.max(r(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}

export interface PersonSeries {
  steps: number[];
  heartRate: number[];
}

/** One person's daily series: AR(1) steps around their own mean, with a weekly rhythm; heart rate follows activity. */
export function personSeries(seed: number, days: number, personIndex: number, people: number): PersonSeries {
  const r = rng(seed);
  // Non-IID: activity levels spread from sedentary to very active across people.
  const mean = 5000 + (7000 * (personIndex + 0.5)) / people + 800 * gaussian(r);
  const weekly = Array.from({ length: 7 }, () => 1500 * gaussian(r));
  const steps: number[] = [];
  const heartRate: number[] = [];
  let s = mean;
  for (let d = 0; d < days; d++) {
    s = mean + 0.75 * (s - mean) + weekly[d % 7]! * 0.5 + 1200 * gaussian(r);
    const v = Math.max(0, Math.round(s + weekly[d % 7]!));
    steps.push(v);
    heartRate.push(Math.round((68 - (v - 8000) / 1500 + 2 * gaussian(r)) * 10) / 10);
  }
  return { steps, heartRate };
}

/** Vault records for a series starting at `startMs` (one step and one heart-rate record per day, at noon UTC). */
export function seriesRecords(series: PersonSeries, startMs: number): NewRecord[] {
  const out: NewRecord[] = [];
  series.steps.forEach((v, d) => {
    const t = startMs + d * 86_400_000 + 12 * 3_600_000;
    out.push({ kind: STEPS, unit: 'count', source: 'Synthetic', tStart: t, tEnd: t + 60_000, valueNum: v, valueText: null, meta: null });
    out.push({ kind: HEART_RATE, unit: 'count/min', source: 'Synthetic', tStart: t, tEnd: t + 60_000, valueNum: series.heartRate[d]!, valueText: null, meta: null });
  });
  return out;
}

/** The demo's feature recipe: 7 days of steps and heart rate → will tomorrow have more than 8000 steps? */
export const DEMO_WINDOW = 7;
export const DEMO_THRESHOLD = 8000;
export const demoFeatures = {
  bucket: 'day' as const,
  window: DEMO_WINDOW,
  layout: 'flat' as const,
  inputs: [
    { dataset: STEPS, stat: 'sum' as const, scale: { subtract: 8000, divide: 3000 } },
    { dataset: HEART_RATE, stat: 'mean' as const, scale: { subtract: 68, divide: 3 } },
  ],
  label: { dataset: STEPS, stat: 'sum' as const, ahead: 1, threshold: DEMO_THRESHOLD },
};

/** The same examples the wallet's recipe builds, computed from the series directly (for the central baseline). */
export function centralExamples(series: PersonSeries): { x: number[][]; y: number[] } {
  const x: number[][] = [];
  const y: number[] = [];
  for (let t = DEMO_WINDOW - 1; t + 1 < series.steps.length; t++) {
    const row: number[] = [];
    for (let k = t - DEMO_WINDOW + 1; k <= t; k++) row.push((series.steps[k]! - 8000) / 3000, (series.heartRate[k]! - 68) / 3);
    x.push(row);
    y.push(series.steps[t + 1]! > DEMO_THRESHOLD ? 1 : 0);
  }
  return { x, y };
}
