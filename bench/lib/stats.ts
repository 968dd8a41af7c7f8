import { availableParallelism, loadavg } from 'node:os';

/**
 * Small helpers shared by the benchmark scripts: quantiles, number
 * formatting and the goal table printed at the end of a run.
 */

/** The q-quantile (0..1) of `samples`, nearest rank; NaN when empty. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] as number;
}

export const median = (samples: readonly number[]): number => quantile(samples, 0.5);

export interface Elapsed {
  wallMs: number;
  /** CPU time of this process (all threads, user + system): steadier than wall time on a busy machine. */
  cpuMs: number;
}

/** Starts a stopwatch for wall and CPU time. */
export function stopwatch(): () => Elapsed {
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  return () => {
    const cpu = process.cpuUsage(cpu0);
    return { wallMs: performance.now() - wall0, cpuMs: (cpu.user + cpu.system) / 1000 };
  };
}

/** `12.34 ms` / `1.23 s`. */
export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

/** `123.4k` style for rates. */
export function fmtRate(perSecond: number): string {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)}M`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)}k`;
  return perSecond.toFixed(0);
}

export const fmtRatio = (r: number): string => `${r.toFixed(2)}×`;

/** Bytes as MB (10^6 bytes), the unit the goals use. */
export const fmtMB = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

export type Verdict = 'PASS' | 'MISS' | 'info';

export interface GoalRow {
  figure: string;
  value: string;
  goal: string;
  verdict: Verdict;
}

export const verdict = (ok: boolean): Verdict => (ok ? 'PASS' : 'MISS');

/** Prints rows as an aligned plain-text table. */
export function printTable(title: string, rows: readonly GoalRow[]): void {
  const head: GoalRow = { figure: 'figure', value: 'value', goal: 'goal', verdict: 'PASS' };
  const all = [head, ...rows];
  const w = {
    figure: Math.max(...all.map((r) => r.figure.length)),
    value: Math.max(...all.map((r) => r.value.length)),
    goal: Math.max(...all.map((r) => r.goal.length)),
  };
  const line = (r: GoalRow, v: string): string => `  ${r.figure.padEnd(w.figure)}  ${r.value.padStart(w.value)}  ${r.goal.padEnd(w.goal)}  ${v}`;
  console.log(`\n${title}`);
  console.log(line(head, 'result'));
  console.log(`  ${'-'.repeat(w.figure + w.value + w.goal + 14)}`);
  for (const r of rows) console.log(line(r, r.verdict));
}

/** Small deterministic PRNG (mulberry32), so runs pick the same windows. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One line describing the machine, printed at the top of every bench. */
export function machineLine(): string {
  const load = loadavg().map((l) => l.toFixed(2)).join(' ');
  return `node ${process.version}, ${process.platform}-${process.arch}, ${availableParallelism()} cores, load avg ${load}`;
}
