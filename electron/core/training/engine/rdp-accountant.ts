/**
 * Rényi-DP accountant for the Poisson-sampled Gaussian mechanism (Mironov,
 * Talwar, Zhang 2019, "Rényi Differential Privacy of the Sampled Gaussian
 * Mechanism"), computing what TensorFlow Privacy's `compute_dp_sgd_privacy`
 * reports with the classic RDP→(ε,δ) conversion ε = min_α RDP(α) − log δ/(α−1).
 *
 * A_α = E_{z∼N(0,σ²)}[((1−q) + q·e^{(2z−1)/(2σ²)})^α]; RDP(α) = log A_α/(α−1).
 * - integer α: the binomial expansion Σ_i C(α,i)(1−q)^{α−i} q^i e^{(i²−i)/(2σ²)};
 * - fractional α: the two-sided series of the paper's Section 3.3 with the
 *   split point z₀ = σ² log(1/q − 1) + ½, summed until terms fall below e⁻³⁰.
 * All sums are done in log space.
 */
import { PrivacyBudgetUnreachableError, TrainingSettingsError } from './errors.js';

/** The orders `compute_dp_sgd_privacy` uses: 1.1, 1.2, …, 10.9 and 12, 13, …, 63. */
export const DEFAULT_ORDERS: readonly number[] = Object.freeze([
  ...Array.from({ length: 99 }, (_, x) => 1 + (x + 1) / 10),
  ...Array.from({ length: 52 }, (_, x) => 12 + x),
]);

const logAdd = (a: number, b: number): number => {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  if (lo === -Infinity) return hi;
  return Math.log1p(Math.exp(lo - hi)) + hi;
};

/** log(e^a − e^b) for a ≥ b. */
const logSub = (a: number, b: number): number => {
  if (b === -Infinity) return a;
  if (a === b) return -Infinity;
  if (a < b) throw new RangeError('logSub: the result would be negative');
  const d = a - b;
  return d > 700 ? a : Math.log(Math.expm1(d)) + b;
};

/** Chebyshev coefficients of erfc(x)·e^{x²} for x ≥ 0 (Numerical Recipes 3rd ed. §6.2.2, ~1e-16 relative). */
const ERFC_COF = [
  -1.3026537197817094, 6.419697923564902e-1, 1.9476473204185836e-2, -9.561514786808631e-3, -9.46595344482036e-4,
  3.66839497852761e-4, 4.2523324806907e-5, -2.0278578112534e-5, -1.624290004647e-6, 1.30365583558e-6, 1.5626441722e-8,
  -8.5238095915e-8, 6.529054439e-9, 5.059343495e-9, -9.91364156e-10, -2.27365122e-10, 9.6467911e-11, 2.394038e-12,
  -6.886027e-12, 8.94487e-13, 3.13092e-13, -1.12708e-13, 3.81e-16, 7.106e-15, -1.523e-15, -9.4e-17, 1.21e-16, -2.8e-17,
];

/** log(erfc(x) · e^{x²}) for x ≥ 0 (the Chebyshev form is naturally scaled). */
function logErfcScaled(x: number): number {
  const t = 2 / (2 + x);
  const ty = 4 * t - 2;
  let d = 0;
  let dd = 0;
  for (let j = ERFC_COF.length - 1; j > 0; j--) {
    const tmp = d;
    d = ty * d - dd + ERFC_COF[j]!;
    dd = tmp;
  }
  return Math.log(t) + (0.5 * (ERFC_COF[0]! + ty * d) - dd);
}

/** log(erfc(x)) for any real x, without underflow for large x. */
export function logErfc(x: number): number {
  if (x >= 0) return logErfcScaled(x) - x * x;
  // erfc(x) = 2 − erfc(−x) for x < 0
  const e = Math.exp(logErfcScaled(-x) - x * x);
  return Math.log(2 - e);
}

function logBinomInt(n: number, k: number): number {
  let s = 0;
  for (let j = 1; j <= k; j++) s += Math.log(n - k + j) - Math.log(j);
  return s;
}

function logAInt(q: number, sigma: number, alpha: number): number {
  let logA = -Infinity;
  const lq = Math.log(q);
  const l1q = Math.log1p(-q);
  for (let i = 0; i <= alpha; i++) {
    const logCoef = logBinomInt(alpha, i) + i * lq + (alpha - i) * l1q;
    logA = logAdd(logA, logCoef + (i * i - i) / (2 * sigma * sigma));
  }
  return logA;
}

function logAFrac(q: number, sigma: number, alpha: number): number {
  let logA0 = -Infinity;
  let logA1 = -Infinity;
  const z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5;
  const lq = Math.log(q);
  const l1q = Math.log1p(-q);
  // generalised binomial coefficient C(α, i), carried as log|C| and its sign
  let logAbsCoef = 0;
  let sign = 1;
  for (let i = 0; ; i++) {
    if (i > 0) {
      const f = (alpha - i + 1) / i;
      logAbsCoef += Math.log(Math.abs(f));
      if (f < 0) sign = -sign;
    }
    const j = alpha - i;
    const logT0 = logAbsCoef + i * lq + j * l1q;
    const logT1 = logAbsCoef + j * lq + i * l1q;
    const logE0 = Math.log(0.5) + logErfc((i - z0) / (Math.SQRT2 * sigma));
    const logE1 = Math.log(0.5) + logErfc((z0 - j) / (Math.SQRT2 * sigma));
    const logS0 = logT0 + (i * i - i) / (2 * sigma * sigma) + logE0;
    const logS1 = logT1 + (j * j - j) / (2 * sigma * sigma) + logE1;
    if (sign > 0) {
      logA0 = logAdd(logA0, logS0);
      logA1 = logAdd(logA1, logS1);
    } else {
      logA0 = logSub(logA0, logS0);
      logA1 = logSub(logA1, logS1);
    }
    if (Math.max(logS0, logS1) < -30) break;
    if (i > 100_000) throw new RangeError('RDP series did not converge');
  }
  return logAdd(logA0, logA1);
}

/** log A_α of the sampled Gaussian mechanism (exposed for tests). */
export function logA(q: number, sigma: number, alpha: number): number {
  return Number.isInteger(alpha) ? logAInt(q, sigma, alpha) : logAFrac(q, sigma, alpha);
}

/** RDP of ONE step of the sampled Gaussian mechanism at order α. */
export function rdpOneStep(q: number, sigma: number, alpha: number): number {
  if (q === 0) return 0;
  if (sigma === 0) return Infinity;
  if (q === 1) return alpha / (2 * sigma * sigma);
  if (alpha === Infinity) return Infinity;
  return logA(q, sigma, alpha) / (alpha - 1);
}

/** RDP after `steps` steps, one value per order. */
export function computeRdp(q: number, sigma: number, steps: number, orders: readonly number[] = DEFAULT_ORDERS): number[] {
  return orders.map((a) => rdpOneStep(q, sigma, a) * steps);
}

/** The classic conversion: ε = min over orders of RDP(α) − log δ/(α − 1). */
export function epsilonFromRdp(orders: readonly number[], rdp: readonly number[], delta: number): { epsilon: number; order: number } {
  let best = { epsilon: Infinity, order: NaN };
  orders.forEach((a, k) => {
    const eps = rdp[k]! - Math.log(delta) / (a - 1);
    if (eps < best.epsilon) best = { epsilon: eps, order: a };
  });
  return best;
}

export interface DpSgdPrivacyParameters {
  /** N: examples the batches are sampled from. */
  n: number;
  /** B: expected batch size (q = B/N). */
  batchSize: number;
  noiseMultiplier: number;
  epochs: number;
  delta: number;
}

function checkFinitePositive(name: string, v: number): void {
  if (!Number.isFinite(v) || v <= 0) throw new TrainingSettingsError(`${name} must be a positive number (got ${String(v)})`);
}

function checkCommon(p: Omit<DpSgdPrivacyParameters, 'noiseMultiplier'>): void {
  if (!Number.isSafeInteger(p.n) || p.n < 1) throw new TrainingSettingsError(`the number of examples must be a positive whole number (got ${String(p.n)})`);
  if (!Number.isSafeInteger(p.batchSize) || p.batchSize < 1) throw new TrainingSettingsError(`the batch size must be a positive whole number (got ${String(p.batchSize)})`);
  if (p.batchSize > p.n) throw new TrainingSettingsError(`the batch size (${p.batchSize}) is larger than the number of examples (${p.n})`);
  checkFinitePositive('epochs', p.epochs);
  if (!(p.delta > 0 && p.delta < 1)) throw new TrainingSettingsError(`δ must be between 0 and 1 (got ${String(p.delta)})`);
}

/** Steps of a DP-SGD run as the accountant counts them: ceil(epochs·N/B). */
export const dpSgdSteps = (n: number, batchSize: number, epochs: number): number => Math.ceil((epochs * n) / batchSize);

/**
 * ε after DP-SGD with Poisson sampling, as TensorFlow Privacy's
 * `compute_dp_sgd_privacy` reports it (orders 1.1…10.9, 12…63).
 */
export function computeEpsilon(p: DpSgdPrivacyParameters): { epsilon: number; order: number; steps: number } {
  checkCommon(p);
  if (!Number.isFinite(p.noiseMultiplier) || p.noiseMultiplier < 0) {
    throw new TrainingSettingsError(`the noise multiplier must be zero or positive (got ${String(p.noiseMultiplier)})`);
  }
  const steps = dpSgdSteps(p.n, p.batchSize, p.epochs);
  const rdp = computeRdp(p.batchSize / p.n, p.noiseMultiplier, steps);
  return { ...epsilonFromRdp(DEFAULT_ORDERS, rdp, p.delta), steps };
}

/**
 * Charges steps as they happen: `epsilonAfter(t)` is ε after t steps with
 * fixed q and σ (one-step RDP computed once, so each query is cheap).
 */
export class SampledGaussianAccountant {
  private readonly perStep: number[];
  constructor(
    readonly q: number,
    readonly noiseMultiplier: number,
    readonly delta: number,
    readonly orders: readonly number[] = DEFAULT_ORDERS,
  ) {
    this.perStep = orders.map((a) => rdpOneStep(q, noiseMultiplier, a));
  }
  epsilonAfter(steps: number): { epsilon: number; order: number } {
    if (steps === 0) return { epsilon: 0, order: NaN };
    return epsilonFromRdp(this.orders, this.perStep.map((r) => r * steps), this.delta);
  }
  /** The largest number of steps whose ε stays ≤ maxEpsilon (0 if even one step exceeds it). */
  maxStepsWithin(maxEpsilon: number, limit: number): number {
    if (this.epsilonAfter(1).epsilon > maxEpsilon) return 0;
    let lo = 1;
    let hi = limit;
    if (this.epsilonAfter(hi).epsilon <= maxEpsilon) return hi;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.epsilonAfter(mid).epsilon <= maxEpsilon) lo = mid;
      else hi = mid;
    }
    return lo;
  }
}

/**
 * The smallest noise multiplier σ (to 1e-3 relative, rounded up so the
 * budget holds) for which training stays within targetEpsilon.
 */
export function noiseMultiplierFor(p: Omit<DpSgdPrivacyParameters, 'noiseMultiplier'> & { targetEpsilon: number }): number {
  checkCommon(p);
  checkFinitePositive('the target ε', p.targetEpsilon);
  const eps = (sigma: number) => computeEpsilon({ ...p, noiseMultiplier: sigma }).epsilon;
  let lo = 0.05;
  let hi = 1;
  while (eps(hi) > p.targetEpsilon) {
    lo = hi;
    hi *= 2;
    if (hi > 1e4) throw new PrivacyBudgetUnreachableError(p.targetEpsilon);
  }
  if (eps(lo) <= p.targetEpsilon) return lo;
  while ((hi - lo) / hi > 1e-4) {
    const mid = (lo + hi) / 2;
    if (eps(mid) > p.targetEpsilon) lo = mid;
    else hi = mid;
  }
  return hi;
}
