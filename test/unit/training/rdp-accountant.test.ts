import { describe, expect, it } from 'vitest';
import {
  computeEpsilon,
  computeRdp,
  DEFAULT_ORDERS,
  logA,
  noiseMultiplierFor,
  SampledGaussianAccountant,
} from '../../../electron/core/training/engine/rdp-accountant.js';
import { PrivacyBudgetUnreachableError, TrainingSettingsError } from '../../../electron/core/training/engine/errors.js';

/**
 * Reference values. log A_α and the end-to-end ε below were computed
 * independently of the series formulas: A_α = ∫ N(z;0,σ²)·((1−q)+q·e^{(2z−1)/(2σ²)})^α dz
 * by mpmath quadrature (20–30 digits), then the classic conversion over
 * compute_dp_sgd_privacy's orders. The RDP vectors are TensorFlow Privacy's
 * own rdp_accountant_test values.
 */
describe('RDP accountant (sampled Gaussian)', () => {
  it('uses compute_dp_sgd_privacy\'s orders', () => {
    expect(DEFAULT_ORDERS).toHaveLength(99 + 52);
    expect(DEFAULT_ORDERS[0]).toBeCloseTo(1.1, 12);
    expect(DEFAULT_ORDERS[98]).toBeCloseTo(10.9, 12);
    expect(DEFAULT_ORDERS.slice(99, 101)).toEqual([12, 13]);
    expect(DEFAULT_ORDERS.at(-1)).toBe(63);
  });

  it.each([
    // q, σ, α, log A_α by quadrature — integer and fractional orders
    [1e-4, 1, 1.5, 6.442686970363956e-9],
    [1e-3, 1, 2, 1.7182803522127806e-6],
    [0.01, 10, 20, 1.9129699912825616e-4],
    [0.1, 100, 20.5, 1.9991818458125194e-4],
    [1e-6, 1, 27, 8.769503540806863e-10],
    [0.004, 1.12, 3.7, 9.858914443127089e-5],
    [0.004, 1.12, 9.1, 7.570627276063314e-4],
    [0.02, 0.8, 5.5, 0.1620262818778618],
    [0.05, 1.5, 12, 0.1597452697783211],
  ])('log A(q=%s, σ=%s, α=%s) matches numerical integration', (q, sigma, alpha, expected) => {
    expect(Math.abs(logA(q, sigma, alpha) - expected) / expected).toBeLessThan(1e-4);
  });

  it('matches TensorFlow Privacy\'s RDP test vectors', () => {
    const rdp = computeRdp(0.01, 2.5, 50, [1.5, 2.5, 5, 50, 100]);
    const expected = [0.00065, 0.001085, 0.00218075, 0.023846, 167.416307];
    rdp.forEach((r, i) => expect(Math.abs(r - expected[i]!)).toBeLessThan(1e-5));
    expect(computeRdp(0.1, 2, 10, [5])[0]).toBeCloseTo(0.07737, 5);
    expect(computeRdp(0, 10, 1, [20])[0]).toBe(0);
    expect(computeRdp(1, 10, 1, [20])[0]).toBeCloseTo(0.1, 12);
  });

  it.each([
    // N, B, σ, epochs, δ, ε, optimal order
    [60000, 256, 1.12, 60, 1e-5, 2.92, 9.1],
    [60000, 256, 1.1, 60, 1e-5, 3.01, 8.8], // TF Privacy's MNIST tutorial figure
    [10000, 64, 2.0, 5, 1e-6, 0.5557437915994132, 39],
    [60000, 150, 1.3, 15, 1e-5, 0.9418705671682343, 19],
    [100000, 100, 1.0, 30, 1e-7, 1.7092873370064934, 13],
    [5000, 50, 0.8, 3, 1e-4, 2.694350240657009, 5.3],
  ])('ε(N=%s, B=%s, σ=%s, %s epochs, δ=%s) = %s', (n, batchSize, noiseMultiplier, epochs, delta, eps, order) => {
    const r = computeEpsilon({ n, batchSize, noiseMultiplier, epochs, delta });
    expect(Math.abs(r.epsilon - eps)).toBeLessThan(0.01);
    expect(r.order).toBeCloseTo(order, 9);
    expect(r.steps).toBe(Math.ceil((epochs * n) / batchSize));
  });

  it('charges steps incrementally and finds the last step within a budget', () => {
    const acc = new SampledGaussianAccountant(256 / 60000, 1.12, 1e-5);
    expect(acc.epsilonAfter(14063).epsilon).toBeCloseTo(computeEpsilon({ n: 60000, batchSize: 256, noiseMultiplier: 1.12, epochs: 60, delta: 1e-5 }).epsilon, 12);
    const k = acc.maxStepsWithin(1.5, 14063);
    expect(acc.epsilonAfter(k).epsilon).toBeLessThanOrEqual(1.5);
    expect(acc.epsilonAfter(k + 1).epsilon).toBeGreaterThan(1.5);
    expect(acc.epsilonAfter(0).epsilon).toBe(0);
  });

  it('picks the smallest noise multiplier that fits a budget', () => {
    const base = { n: 60000, batchSize: 256, epochs: 60, delta: 1e-5 };
    const sigma = noiseMultiplierFor({ ...base, targetEpsilon: 2.92 });
    expect(sigma).toBeGreaterThan(1.11);
    expect(sigma).toBeLessThan(1.13);
    expect(computeEpsilon({ ...base, noiseMultiplier: sigma }).epsilon).toBeLessThanOrEqual(2.92);
    expect(computeEpsilon({ ...base, noiseMultiplier: sigma * 0.999 }).epsilon).toBeGreaterThan(2.92);
    const tight = noiseMultiplierFor({ ...base, targetEpsilon: 0.5 });
    expect(computeEpsilon({ ...base, noiseMultiplier: tight }).epsilon).toBeLessThanOrEqual(0.5);
  });

  it('refuses settings it cannot account for, naming the value', () => {
    const ok = { n: 1000, batchSize: 10, noiseMultiplier: 1, epochs: 1, delta: 1e-5 };
    expect(() => computeEpsilon({ ...ok, batchSize: 2000 })).toThrow(/batch size \(2000\) is larger/);
    expect(() => computeEpsilon({ ...ok, delta: 0 })).toThrow(TrainingSettingsError);
    expect(() => computeEpsilon({ ...ok, n: 1.5 })).toThrow(/number of examples/);
    expect(() => computeEpsilon({ ...ok, epochs: Number.NaN })).toThrow(/epochs/);
    expect(() => computeEpsilon({ ...ok, noiseMultiplier: -1 })).toThrow(/noise multiplier/);
    expect(() => noiseMultiplierFor({ n: 100, batchSize: 100, epochs: 1e6, delta: 1e-5, targetEpsilon: 1e-6 })).toThrow(
      PrivacyBudgetUnreachableError,
    );
  });
});
