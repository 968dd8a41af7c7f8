/**
 * Federated end to end, small: 3 wallets (separate vault folders, real
 * leases on the embedded Anvil chain), 2 rounds over real loopback HTTP,
 * DP-SGD in each wallet, FedAvg at the requester.
 */
import { describe, expect, it } from 'vitest';
import { runFederation } from '../../../demo/federation.js';

describe('federated training across wallets', () => {
  it('runs rounds through real leases; the egress ledgers hold exactly the result posts; no raw value leaves', async () => {
    const rawValues = new Set<number>();
    const report = await runFederation({
      wallets: 3,
      rounds: 2,
      days: 90,
      evalDays: 30,
      maxEpsilonMilli: 6000,
      epochsPerRound: 2,
      batchSize: 16,
      learningRate: 0.3,
      seed: 3,
      beforeRounds: (f) => {
        for (const w of f.wallets) for (const v of [...w.series.steps.slice(0, 90), ...w.series.heartRate.slice(0, 90)]) rawValues.add(v);
      },
    });
    expect(report.rounds.map((r) => r.results)).toEqual([3, 3]);
    // Each wallet's ledger: one entry per round, each matching a body the requester accepted.
    expect(report.ledger.map((l) => l.length)).toEqual([2, 2, 2]);
    const ledgerHashes = report.ledger.flat().map((e) => e.sha256).sort();
    expect(new Set(ledgerHashes).size).toBe(6);
    expect(report.received.flat().every((r) => r.bytes > 0)).toBe(true);
    expect(report.ledger.flat().every((e) => e.destination.endsWith('/results') && e.status === 200)).toBe(true);
    // Privacy: within each lease's budget, and no raw record value among the payloads' numbers.
    for (const eps of report.epsilonPerLease) expect(eps).toBeLessThanOrEqual(6 + 1e-9);
    for (const r of report.received.flat()) {
      // Identifiers (hex strings, chain id) and wall-clock timings are not derived from records; every other number is checked.
      const { weightDelta, timings, chainId, ...rest } = r.payload;
      expect(weightDelta.length).toBe(4);
      expect([typeof timings.trainMs, typeof chainId]).toEqual(['number', 'number']);
      const numbers: number[] = [];
      JSON.stringify(rest, (_k, v: unknown) => (typeof v === 'number' && numbers.push(v), v));
      expect(numbers.length).toBeGreaterThan(4);
      for (const n of numbers) if (rawValues.has(n) && n > 200) throw new Error(`raw value ${n} in an outgoing payload`);
    }
    // The ledgers name exactly the bodies the requester received (sha256 of the bytes posted), and their sizes.
    expect(report.received.flat().map((r) => r.sha256).sort()).toEqual(ledgerHashes);
    expect(report.received.flat().map((r) => r.bytes).sort()).toEqual(report.ledger.flat().map((e) => e.bytes).sort());
    expect(report.globalAccuracy).toBeGreaterThan(0.5);
  });
});
