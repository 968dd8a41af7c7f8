/**
 * The training runner with real parts: a SQLCipher vault, the DataLease
 * contract on the embedded Anvil chain, the real lease service and audit
 * log, the real engine (DP-SGD in a worker thread), and a requester task
 * server on loopback HTTP.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultTrainingEngine, egressLedger, TaskRefusedError, TrainingService, writeTrainingCaps } from '../../../electron/core/training/index.js';
import { previewTask } from '../../../electron/core/training/preview-task.js';
import { readLeaseStatus } from '../../../requester/watch-leases.js';
import { startTaskServer, type TaskServer } from '../../../requester/training/task-server.js';
import { openResultEnvelope } from '../../../shared/training/result.js';
import { closeWallet, freshMessage, fundRequester, openWallet, signedLink, type Wallet } from '../../helpers/lease-fixture.js';
import { KIND, smallTask } from '../../helpers/training-task.js';
import { batchesOf, makeRecord } from '../../helpers/vault-fixtures.js';
import { setLeasesPaused } from '../../../electron/core/leases/pause.js';

const DAY = 86_400_000;
const START = Date.UTC(2024, 0, 1);
const DAYS = 200;
const STEP_VALUES: number[] = [];

describe('training runner (embedded chain, real engine, loopback HTTP)', () => {
  let w: Wallet;
  let server: TaskServer;
  let training: TrainingService;
  let leaseId: string;

  beforeAll(async () => {
    w = await openWallet({ allowLocalTaskUrls: true });
    await fundRequester(w, 10n ** 15n);
    server = await startTaskServer();
    const records = [];
    for (let d = 0; d < DAYS; d++) {
      const v = 4000 + ((d * 7919) % 9000) + 0.25; // distinctive raw values, never produced by the model
      STEP_VALUES.push(v);
      records.push(makeRecord({ kind: KIND, tStart: START + d * DAY + 3_600_000, tEnd: START + d * DAY + 3_660_000, valueNum: v }));
    }
    records.push(makeRecord({ kind: 'location', tStart: START, tEnd: START + 1, valueNum: 51.5 }));
    await w.vault.importRecords({ fileName: 's.json', format: 'json' }, batchesOf(records));
    const message = await freshMessage(w, {
      datasets: [KIND],
      dataFrom: BigInt(START / 1000),
      dataTo: BigInt((START + DAYS * DAY) / 1000 - 1),
      duration: 3600n,
      maxEpsilonMilli: 5000,
      taskUrl: server.taskUrl,
    });
    const { link } = await signedLink(w, message);
    const lease = await w.service.approve((await w.service.receive(link)).id);
    leaseId = lease.leaseId!;
    training = new TrainingService({
      vault: w.vault,
      audit: w.audit,
      leases: w.service,
      engine: defaultTrainingEngine,
      account: w.chain.account,
      chain: { chainId: w.chain.chainId, contract: w.chain.contract, ctx: w.chain.ctx },
      policy: { allowPrivate: true },
      now: () => w.clock.ms,
    });
  });
  afterAll(async () => {
    await training?.stop();
    await server?.close();
    if (w) await closeWallet(w);
  });

  it('refuses a task reading a dataset outside the lease before training, with an audit entry', async () => {
    const task = smallTask({ endpoint: server.resultUrl, features: { bucket: 'day', window: 7, inputs: [{ dataset: 'location', stat: 'mean' }, { dataset: KIND, stat: 'sum' }], label: { dataset: KIND, stat: 'sum', ahead: 1, threshold: 8000 } } });
    server.setTask(task.text, task.taskHash);
    const e = await training.train(leaseId).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TaskRefusedError);
    expect(e).toMatchObject({ reason: 'dataset-not-in-lease', path: 'features.inputs[0].dataset' });
    const entry = w.audit.list({ subject: `lease:${leaseId}` }).at(-1)!;
    expect(entry).toMatchObject({ type: 'training.task-refused', data: { reason: 'dataset-not-in-lease', taskHash: task.taskHash, code: 'TASK_REFUSED' } });
    expect(training.list()).toEqual([]);
  });

  it('refuses a task reading outside the lease’s time range', async () => {
    const task = smallTask({ endpoint: server.resultUrl, features: { bucket: 'day', window: 7, inputs: [{ dataset: KIND, stat: 'sum' }, { dataset: KIND, stat: 'count' }], label: { dataset: KIND, stat: 'sum', ahead: 1, threshold: 8000 }, from: START / 1000 - 86_400 } });
    server.setTask(task.text, task.taskHash);
    await expect(training.train(leaseId)).rejects.toMatchObject({ reason: 'time-outside-lease' });
  });

  it('previews a task: parameters, update size, scope, record count and ε, without sending anything', async () => {
    const task = smallTask({ endpoint: server.resultUrl });
    server.setTask(task.text, task.taskHash);
    const p = await previewTask({
      vault: w.vault,
      terms: { leaseId, datasets: [KIND], dataFrom: BigInt(START / 1000), dataTo: BigInt((START + DAYS * DAY) / 1000 - 1), taskUrl: server.taskUrl, maxEpsilonMilli: 5000 },
      engine: defaultTrainingEngine,
      policy: { allowPrivate: true },
    });
    expect(p).toMatchObject({ ok: true, taskHash: task.taskHash, params: 129, updateBytes: 516, datasets: [KIND], recordCount: DAYS, examples: DAYS - 7, epochs: 1, batchSize: 8 });
    if (p.ok) expect(p.epsilon).toBeLessThanOrEqual(5);
    const bad = await previewTask({
      vault: w.vault,
      terms: { leaseId, datasets: ['other'], dataFrom: 0n, dataTo: 1n, taskUrl: server.taskUrl, maxEpsilonMilli: 5000 },
      engine: defaultTrainingEngine,
      policy: { allowPrivate: true },
    });
    expect(bad).toMatchObject({ ok: false, code: 'TASK_REFUSED', reason: 'dataset-not-in-lease' });
    expect(egressLedger(w.audit)).toEqual([]);
  });

  it('trains, keeps the signed result for review; discard sends nothing; send posts it once and records it on the chain', async () => {
    const task = smallTask({ endpoint: server.resultUrl, training: { optimizer: { kind: 'sgd', learningRate: 0.1 }, loss: 'binaryCrossentropy', batchSize: 16, epochs: 2, clipNorm: 1, targetEpsilon: 1 } });
    server.setTask(task.text, task.taskHash);
    const first = await (await training.train(leaseId)).done;
    expect(first.state).toBe('review');
    expect(first.epsilon).toBeGreaterThan(0);
    expect(first.epsilon).toBeLessThanOrEqual(1);
    expect(first.delta).toBeLessThan(1 / first.summary.examples);
    expect(training.discard(first.id).state).toBe('discarded');
    expect(() => training.resultBytes(first.id)).toThrow(/no result/);
    expect(egressLedger(w.audit)).toEqual([]);
    expect(server.results()).toEqual([]);

    const second = await (await training.train(leaseId, { seed: 1 })).done;
    expect(second.state).toBe('review');
    const envelope = new TextDecoder().decode(training.resultBytes(second.id));
    // What the owner reviews: the size and sha256 of exactly the bytes that would leave.
    expect(second.resultBytes).toBe(training.resultBytes(second.id).byteLength);
    expect(second.resultSha256).toBe(`0x${createHash('sha256').update(training.resultBytes(second.id)).digest('hex')}`);
    const opened = await openResultEnvelope(envelope);
    expect(opened.ok && opened.signer).toBe(w.chain.account.address);
    // The delivery record is a chain write of the wallet's account: it waits its turn behind the
    // lease service's other writes (one at a time, so nonces never clash).
    let release!: () => void;
    const busy = w.service.serialChainWrite(() => new Promise<void>((r) => (release = r)));
    const sending = training.send(second.id);
    await vi.waitFor(() => expect(server.results()).toHaveLength(1), { timeout: 30_000 });
    await new Promise((r) => setTimeout(r, 200));
    const whileBusy = await readLeaseStatus(w.chain.ctx.publicClient, w.chain.contract, BigInt(leaseId));
    expect(whileBusy.status !== 'none' && whileBusy.deliveries).toBe(0);
    release();
    await busy;
    const sent = await sending;
    expect(sent.state).toBe('sent');
    expect(sent.resultSha256).toBe(second.resultSha256);
    expect(sent.deliveryTx).toMatch(/^0x[0-9a-f]{64}$/);
    const ledger = egressLedger(w.audit);
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ leaseId, jobId: second.id, destination: server.resultUrl, bytes: envelope.length, sha256: sent.resultSha256, status: 200 });
    expect(server.results()).toHaveLength(1);
    const onChain = await readLeaseStatus(w.chain.ctx.publicClient, w.chain.contract, BigInt(leaseId));
    expect(onChain.status !== 'none' && onChain.deliveries).toBe(1);
    // The discarded result does not count against the budget; the sent one does.
    expect(training.remainingEpsilon({ leaseId, maxEpsilonMilli: 5000 })).toBeCloseTo(5 - second.epsilon!, 6);
    await expect(training.send(second.id)).rejects.toMatchObject({ code: 'TRAINING_JOB_STATE' });
    // No raw record value appears in what left.
    const payload = opened.ok ? opened.payload : null;
    const leaves: number[] = [];
    const walk = (v: unknown, key = ''): void => {
      if (key === 'weightDelta') return;
      if (typeof v === 'number') leaves.push(v);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
    };
    walk(payload);
    for (const v of STEP_VALUES) {
      expect(leaves).not.toContain(v);
      expect(envelope).not.toContain(String(v));
    }
  });

  it('pause all leases in the middle of training: the job stops (reason paused), nothing is sent, the lease stays active; a new start is refused until resumed', async () => {
    writeTrainingCaps(w.vault, { maxEpochs: 1000 });
    const task = smallTask({ endpoint: server.resultUrl, training: { optimizer: { kind: 'sgd', learningRate: 0.01 }, loss: 'binaryCrossentropy', batchSize: 8, epochs: 1000, clipNorm: 1, targetEpsilon: 1 } });
    server.setTask(task.text, task.taskHash);
    training.setLeaseSettings(leaseId, { review: false });
    const before = egressLedger(w.audit).length;
    let progressed!: () => void;
    const firstProgress = new Promise<void>((r) => (progressed = r));
    const { done } = await training.train(leaseId, { onProgress: () => progressed() });
    await firstProgress;
    setLeasesPaused(w.vault, w.audit, true, w.clock.ms);
    const ended = await done;
    expect(ended.state).toBe('stopped');
    expect(ended.error).toMatchObject({ code: 'STOPPED', reason: 'paused' });
    expect(egressLedger(w.audit)).toHaveLength(before);
    expect(w.service.get(leaseId).status).toBe('active');
    await expect(training.train(leaseId)).rejects.toMatchObject({ code: 'LEASES_PAUSED' });
    setLeasesPaused(w.vault, w.audit, false, w.clock.ms);
    expect(w.service.requireActiveLease(leaseId, KIND, START + DAY).leaseId).toBe(leaseId);
  });

  it('revoke in the middle of training: the job stops within about a second and nothing is sent', async () => {
    writeTrainingCaps(w.vault, { maxEpochs: 1000 });
    const task = smallTask({ endpoint: server.resultUrl, training: { optimizer: { kind: 'sgd', learningRate: 0.01 }, loss: 'binaryCrossentropy', batchSize: 8, epochs: 1000, clipNorm: 1, targetEpsilon: 1 } });
    server.setTask(task.text, task.taskHash);
    training.setLeaseSettings(leaseId, { review: false });
    const before = egressLedger(w.audit).length;
    let progressed!: () => void;
    const firstProgress = new Promise<void>((r) => (progressed = r));
    const { job, done } = await training.train(leaseId, { onProgress: () => progressed() });
    expect(job.state).toBe('running');
    await firstProgress;
    await w.service.revoke(leaseId);
    const revokedAt = Date.now();
    const ended = await done;
    const stoppedAfterMs = Date.now() - revokedAt;
    console.log(`job stopped ${stoppedAfterMs} ms after the revocation was recorded`);
    expect(ended.state).toBe('stopped');
    expect(ended.error).toMatchObject({ code: 'STOPPED', reason: 'revoked' });
    expect(stoppedAfterMs).toBeLessThan(3000); // 1 s by design (200 ms watchdog + engine cancel); slack for a loaded machine
    expect(() => training.resultBytes(ended.id)).toThrow(/no result/);
    expect(egressLedger(w.audit)).toHaveLength(before);
    expect(server.results()).toHaveLength(0); // the server was given a new task: nothing arrived for it
    expect(w.audit.list({ subject: `lease:${leaseId}` }).at(-1)).toMatchObject({ type: 'training.job-stopped', data: { reason: 'revoked' } });
    // And a revoked lease runs nothing more.
    await expect(training.train(leaseId)).rejects.toMatchObject({ name: 'LeaseAccessDeniedError' });
  });
});
