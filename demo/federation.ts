/**
 * A federated-learning run with real parts, for the demo and the end-to-end
 * test: one embedded Anvil chain with the DataLease contract, N wallets (each
 * its own SQLCipher vault folder and account, filled with synthetic non-IID
 * health-like data), one requester with a loopback task server. Leases are
 * granted by an explicit auto-approve policy that exists only here.
 *
 * Each round the requester publishes the global model as a task; every
 * wallet trains it with DP-SGD under its lease and posts the signed update;
 * the requester checks signatures and lease ownership and averages the
 * updates weighted by example counts (FedAvg).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { getAddress, parseEther, zeroAddress, type Address } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { AuditLog } from '../electron/core/audit/index.js';
import { LeaseService, type LeaseChain } from '../electron/core/leases/lease-service.js';
import { openWalletChain, type WalletChain } from '../electron/core/chain/wallet-chain.js';
import { ensureWalletAccount } from '../electron/core/chain/wallet-account.js';
import { defaultTrainingEngine, egressLedger, TrainingService, type EgressLedgerEntry, type TrainingEngine } from '../electron/core/training/index.js';
import { createVault, MIN_ARGON2_COST, type Vault } from '../electron/core/vault/index.js';
import { deposit } from '../requester/deposit.js';
import { newLeaseNonce } from '../requester/nonce.js';
import { signLeaseRequest } from '../requester/sign-lease-request.js';
import { buildTask } from '../requester/training/build-task.js';
import { federatedAverage, updateFromPayload } from '../requester/training/fedavg.js';
import { startTaskServer, type ReceivedResult, type TaskServer } from '../requester/training/task-server.js';
import { readLeaseStatus } from '../requester/watch-leases.js';
import { centralExamples, demoFeatures, HEART_RATE, personSeries, seriesRecords, STEPS, type PersonSeries } from '../requester/demo/synthetic-health.js';
import { encodeLeaseLink } from '../shared/lease/link.js';
import type { LeaseRequestMessage } from '../shared/lease/request.js';

export interface FederationOptions {
  wallets: number;
  rounds: number;
  /** Days of data in each wallet (training); evaluation uses the days after. */
  days: number;
  evalDays: number;
  /** Each lease's budget ε × 1000, for all rounds together. */
  maxEpsilonMilli: number;
  epochsPerRound: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  engine?: TrainingEngine;
  log?: (line: string) => void;
  /** Keep the temp folders (for inspection). */
  keep?: boolean;
  /** Called after the leases are granted and before the rounds (tests revoke, inspect…). */
  beforeRounds?: (f: Federation) => Promise<void> | void;
}

export interface FederationWallet {
  index: number;
  root: string;
  vault: Vault;
  audit: AuditLog;
  leases: LeaseService;
  training: TrainingService;
  address: Address;
  leaseId: string;
  series: PersonSeries;
}

export interface Federation {
  chain: WalletChain;
  server: TaskServer;
  wallets: FederationWallet[];
  requester: Address;
  /** Every result body the server accepted, per round. */
  received: ReceivedResult[][];
}

export interface FederationReport {
  rounds: { round: number; results: number; examples: number; accuracy: number; epsilonMax: number }[];
  globalAccuracy: number;
  centralAccuracy: number;
  ratio: number;
  epsilonPerLease: number[];
  ledger: EgressLedgerEntry[][];
  received: ReceivedResult[][];
  /** Raw bodies the server got, for payload checks. */
  postedBodies: number;
  seconds: number;
}

const DAY = 86_400_000;

function makeModel(seed: number): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [demoFeatures.window * demoFeatures.inputs.length], units: 16, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
      tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
}

function accuracy(model: tf.LayersModel, weights: Float32Array[], x: number[][], y: number[]): number {
  return tf.tidy(() => {
    model.setWeights(weights.map((w, i) => tf.tensor(w, model.getWeights()[i]!.shape)));
    const p = (model.predict(tf.tensor2d(x)) as tf.Tensor).dataSync();
    let ok = 0;
    for (let i = 0; i < y.length; i++) if ((p[i]! > 0.5 ? 1 : 0) === y[i]) ok++;
    return ok / y.length;
  });
}

/** The demo's only auto-approve policy: grant a request that asks exactly the expected requester for exactly the demo datasets. */
async function demoAutoApprove(leases: LeaseService, link: string, expected: { requester: Address; datasets: string[] }): Promise<string> {
  const request = await leases.receive(link);
  if (request.requester !== expected.requester || request.terms.datasets.join(',') !== expected.datasets.join(',')) {
    throw new Error('demo auto-approve: the request is not the demo requester’s');
  }
  const lease = await leases.approve(request.id);
  return lease.leaseId!;
}

export async function runFederation(o: FederationOptions): Promise<FederationReport> {
  const log = o.log ?? (() => undefined);
  const engine = o.engine ?? defaultTrainingEngine;
  const t0 = Date.now();
  const roots: string[] = [];
  const newRoot = () => {
    const r = mkdtempSync(join(tmpdir(), 'dw-fed-'));
    roots.push(r);
    return r;
  };
  let server: TaskServer | null = null;
  let chain: WalletChain | null = null;
  const wallets: FederationWallet[] = [];
  try {
    // ---------------------------------------------------------------- chain, requester
    const firstRoot = newRoot();
    const firstVault = (await createVault(join(firstRoot, 'vault'), 'demo passphrase, not secret', { kdf: MIN_ARGON2_COST })).vault;
    chain = await openWalletChain({ vault: firstVault, dataDir: firstRoot, readBlockTag: 'latest', embedded: { autoRestart: false, stateIntervalSeconds: 3600 } });
    const embedded = chain.embedded!;
    const requesterAccount = privateKeyToAccount(generatePrivateKey());
    await embedded.testClient.setBalance({ address: requesterAccount.address, value: parseEther('100') });
    await deposit({ publicClient: embedded.publicClient, walletClient: embedded.walletClient(requesterAccount), contract: chain.contract }, 10n ** 15n);
    const contract = chain.contract;
    server = await startTaskServer({
      isLeaseOwner: async (leaseId, signer) => {
        const s = await readLeaseStatus(embedded.publicClient, contract, leaseId);
        return s.status !== 'none' && getAddress(s.owner) === getAddress(signer);
      },
    });
    log(`chain ${chain.chainId}, DataLease ${contract}; requester ${requesterAccount.address}; task server ${server.url}`);

    // ---------------------------------------------------------------- wallets
    const startMs = Date.UTC(2025, 0, 1);
    const dataFrom = BigInt(startMs / 1000);
    const dataTo = BigInt((startMs + o.days * DAY) / 1000 - 1);
    for (let i = 0; i < o.wallets; i++) {
      const root = i === 0 ? firstRoot : newRoot();
      const vault = i === 0 ? firstVault : (await createVault(join(root, 'vault'), 'demo passphrase, not secret', { kdf: MIN_ARGON2_COST })).vault;
      const account = ensureWalletAccount(vault);
      await embedded.testClient.setBalance({ address: account.address, value: parseEther('10') });
      const leaseChain: LeaseChain =
        i === 0
          ? chain
          : { chainId: chain.chainId, contract, account, ctx: { publicClient: embedded.publicClient, walletClient: embedded.walletClient(account), address: contract, readBlockTag: 'latest' } };
      const audit = new AuditLog(vault, Date.now);
      const leases = new LeaseService({ vault, chain: leaseChain, audit, allowLocalTaskUrls: true }); // loopback task server: demo and tests only
      const series = personSeries(o.seed * 1000 + i, o.days + o.evalDays, i, o.wallets);
      const trainPart = { steps: series.steps.slice(0, o.days), heartRate: series.heartRate.slice(0, o.days) };
      await vault.importRecords({ fileName: 'synthetic.json', format: 'json' }, (async function* () {
        yield seriesRecords(trainPart, startMs);
      })());
      const message: LeaseRequestMessage = {
        requester: requesterAccount.address,
        requesterName: 'Federated Demo Lab',
        purpose: 'dpv:ResearchAndDevelopment',
        description: 'Federated training of a next-day activity model; only DP model updates leave the wallet.',
        datasets: [STEPS, HEART_RATE],
        dataFrom,
        dataTo,
        duration: 3600n,
        token: zeroAddress,
        price: 1000n,
        maxEpsilonMilli: o.maxEpsilonMilli,
        taskUrl: server.taskUrl,
        nonce: newLeaseNonce(),
        deadline: BigInt(Math.floor(Date.now() / 1000) + 3600),
      };
      const signed = await signLeaseRequest(requesterAccount, { chainId: chain.chainId, verifyingContract: contract }, message);
      const leaseId = await demoAutoApprove(leases, encodeLeaseLink(signed), { requester: requesterAccount.address, datasets: [STEPS, HEART_RATE] });
      const training = new TrainingService({
        vault,
        audit,
        leases,
        engine,
        account,
        chain: { chainId: chain.chainId, contract, ctx: leaseChain.ctx },
        policy: { allowPrivate: true }, // loopback task server: demo and tests only
      });
      training.setLeaseSettings(leaseId, { review: false });
      wallets.push({ index: i, root, vault, audit, leases, training, address: account.address, leaseId, series });
      log(`wallet ${i + 1}: ${account.address}, ${o.days} days, lease ${leaseId} (ε budget ${o.maxEpsilonMilli / 1000})`);
    }
    const federation: Federation = { chain, server, wallets, requester: requesterAccount.address, received: [] };
    await o.beforeRounds?.(federation);

    // ---------------------------------------------------------------- evaluation data, central baseline
    const evalX: number[][] = [];
    const evalY: number[] = [];
    const poolX: number[][] = [];
    const poolY: number[] = [];
    for (const w of wallets) {
      const ex = centralExamples({ steps: w.series.steps.slice(o.days - 7), heartRate: w.series.heartRate.slice(o.days - 7) });
      evalX.push(...ex.x);
      evalY.push(...ex.y);
      const tr = centralExamples({ steps: w.series.steps.slice(0, o.days), heartRate: w.series.heartRate.slice(0, o.days) });
      poolX.push(...tr.x);
      poolY.push(...tr.y);
    }
    const model = makeModel(o.seed);
    const initial = model.getWeights().map((t) => Float32Array.from(t.dataSync()));
    const central = makeModel(o.seed);
    central.compile({ optimizer: tf.train.sgd(o.learningRate), loss: 'binaryCrossentropy' });
    await central.fit(tf.tensor2d(poolX), tf.tensor2d(poolY, [poolY.length, 1]), { epochs: o.rounds * o.epochsPerRound, batchSize: o.batchSize, shuffle: true, verbose: 0 });
    const centralWeights = central.getWeights().map((t) => Float32Array.from(t.dataSync()));
    const centralAccuracy = accuracy(model, centralWeights, evalX, evalY);
    log(`central model (pooled data, no DP): accuracy ${(centralAccuracy * 100).toFixed(1)}% on ${evalY.length} held-out days`);

    // ---------------------------------------------------------------- rounds
    let global: Float32Array[] = initial;
    const rounds: FederationReport['rounds'] = [];
    const perRoundEpsilon = o.maxEpsilonMilli / 1000 / o.rounds;
    for (let r = 1; r <= o.rounds; r++) {
      const task = buildTask(model, {
        name: `next-day activity, round ${r}`,
        training: { optimizer: { kind: 'sgd', learningRate: o.learningRate }, loss: 'binaryCrossentropy', batchSize: o.batchSize, epochs: o.epochsPerRound, clipNorm: 1, targetEpsilon: perRoundEpsilon },
        features: demoFeatures,
        resultEndpoint: server.resultUrl,
        weights: global,
      });
      server.setTask(task.text, task.taskHash);
      let epsMax = 0;
      for (const w of wallets) {
        const { done } = await w.training.train(w.leaseId);
        const job = await done;
        if (job.state !== 'sent') throw new Error(`wallet ${w.index + 1}: job ended ${job.state}${job.error ? ` (${job.error.message})` : ''}`);
        epsMax = Math.max(epsMax, job.epsilon ?? 0);
      }
      const results = server.results();
      federation.received.push(results);
      global = federatedAverage(global, results.map((x) => updateFromPayload(x.payload)));
      const acc = accuracy(model, global, evalX, evalY);
      const examples = results.reduce((a, x) => a + x.payload.numExamples, 0);
      rounds.push({ round: r, results: results.length, examples, accuracy: acc, epsilonMax: epsMax });
      log(`round ${r}: ${results.length} signed updates (${examples} examples, ε ≤ ${epsMax.toFixed(2)} each) → global accuracy ${(acc * 100).toFixed(1)}%`);
    }
    const globalAccuracy = rounds.at(-1)?.accuracy ?? accuracy(model, global, evalX, evalY);
    const report: FederationReport = {
      rounds,
      globalAccuracy,
      centralAccuracy,
      ratio: globalAccuracy / centralAccuracy,
      epsilonPerLease: wallets.map((w) => w.training.list().reduce((a, j) => a + (j.state === 'sent' ? (j.epsilon ?? 0) : 0), 0)),
      ledger: wallets.map((w) => egressLedger(w.audit)),
      received: federation.received,
      postedBodies: federation.received.reduce((a, x) => a + x.length, 0),
      seconds: (Date.now() - t0) / 1000,
    };
    model.dispose();
    central.dispose();
    return report;
  } finally {
    for (const w of wallets) {
      await w.training.stop().catch(() => undefined);
      w.vault.lock();
    }
    await server?.close();
    await chain?.stop();
    if (!o.keep) for (const r of roots) rmSync(r, { recursive: true, force: true });
  }
}
