/**
 * npm run demo:federated — federated training across N wallets with real
 * leases on the embedded chain, DP-SGD in each wallet, signed updates over
 * loopback HTTP and FedAvg at the requester; prints the global model's
 * accuracy against a model trained centrally on the pooled data.
 *
 *   npm run demo:federated -- --wallets 5 --rounds 5 --epsilon 8
 */
import { parseArgs } from 'node:util';
import { runFederation } from './federation.js';

const { values } = parseArgs({
  options: {
    wallets: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '5' },
    days: { type: 'string', default: '240' },
    epsilon: { type: 'string', default: '8' },
    epochs: { type: 'string', default: '4' },
    seed: { type: 'string', default: '7' },
  },
});

const report = await runFederation({
  wallets: Number(values.wallets),
  rounds: Number(values.rounds),
  days: Number(values.days),
  evalDays: 60,
  maxEpsilonMilli: Math.round(Number(values.epsilon) * 1000),
  epochsPerRound: Number(values.epochs),
  batchSize: 32,
  learningRate: 0.3,
  seed: Number(values.seed),
  log: (line) => console.log(line),
});
console.log('');
console.log(`global (federated, DP) accuracy: ${(report.globalAccuracy * 100).toFixed(1)}%`);
console.log(`central (pooled, no DP) accuracy: ${(report.centralAccuracy * 100).toFixed(1)}%`);
console.log(`ratio: ${(report.ratio * 100).toFixed(1)}% of central (goal ≥ 90%)`);
console.log(`ε spent per lease: ${report.epsilonPerLease.map((e) => e.toFixed(2)).join(', ')} (budget ${Number(values.epsilon)})`);
console.log(`egress ledger: ${report.ledger.map((l) => l.length).join(', ')} result posts per wallet; requester accepted ${report.postedBodies}`);
console.log(`took ${report.seconds.toFixed(1)} s`);
process.exit(report.ratio >= 0.9 ? 0 : 1);
