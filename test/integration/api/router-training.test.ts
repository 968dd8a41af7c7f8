/**
 * training.* through the router on a real vault, the DataLease contract on
 * the embedded Anvil chain, the real engine, and a requester task server on
 * loopback (allowed by the test-only wallet setting).
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseEther, type Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaskRefusedError, TrainingJobStateError, writeTrainingCaps } from '../../../electron/core/training/index.js';
import { ALLOW_PRIVATE_ADDRESSES_SETTING } from '../../../electron/core/wallet/wallet.js';
import { deposit } from '../../../requester/deposit.js';
import { signLeaseRequest } from '../../../requester/sign-lease-request.js';
import { startTaskServer, type TaskServer } from '../../../requester/training/task-server.js';
import { encodeLeaseLink } from '../../../shared/lease/link.js';
import { openApiWallet, type ApiWallet } from '../../helpers/api-wallet.js';
import { requesterAccount, sampleMessage } from '../../helpers/chain-requests.js';
import { KIND, smallTask } from '../../helpers/training-task.js';
import { batchesOf, makeRecord, PASSPHRASE } from '../../helpers/vault-fixtures.js';

const DAY = 86_400_000;
const START = Date.UTC(2024, 0, 1);
let w: ApiWallet;
let server: TaskServer;
let link: string;
let leaseId: string;
let sentEpsilon = 0;

beforeAll(async () => {
  w = await openApiWallet({ chain: { start: 'unlock', scheduler: false } });
  server = await startTaskServer();
  const status = await w.client.call('chain.status', {});
  const { chain } = await w.wallet.leases();
  await chain.embedded!.testClient.setBalance({ address: requesterAccount.address, value: parseEther('10') });
  await deposit({ publicClient: chain.ctx.publicClient, walletClient: chain.embedded!.walletClient(requesterAccount), contract: status.contract as Address }, parseEther('1'));
  w.wallet.vault.settings.set(ALLOW_PRIVATE_ADDRESSES_SETTING, true);
  // The lease runtime reads the setting when it starts: start it again.
  await w.client.call('vault.lock', {});
  await w.client.call('vault.unlock', { passphrase: PASSPHRASE });
  const records = Array.from({ length: 120 }, (_, d) => makeRecord({ kind: KIND, tStart: START + d * DAY + 3_600_000, tEnd: START + d * DAY + 3_660_000, valueNum: 5000 + ((d * 37) % 6000) }));
  await w.wallet.vault.importRecords({ fileName: 's.json', format: 'json' }, batchesOf(records));
  const now = (await chain.ctx.publicClient.getBlock({ blockTag: 'latest' })).timestamp;
  w.clock.ms = Number(now) * 1000;
  const message = sampleMessage({ nonce: 4242n, deadline: now + 86_400n, duration: 3600n, price: 3600n, datasets: [KIND], dataFrom: BigInt(START / 1000), dataTo: BigInt((START + 120 * DAY) / 1000 - 1), maxEpsilonMilli: 4000, taskUrl: server.taskUrl });
  link = encodeLeaseLink(await signLeaseRequest(requesterAccount, { chainId: status.chainId, verifyingContract: status.contract as Address }, message));
  const task = smallTask({ endpoint: server.resultUrl, training: { optimizer: { kind: 'adam', learningRate: 0.01 }, loss: 'binaryCrossentropy', batchSize: 16, epochs: 1, clipNorm: 1, targetEpsilon: 1 } });
  server.setTask(task.text, task.taskHash);
});
afterAll(async () => {
  await server?.close();
  await w?.close();
});

describe('router: training.*', () => {
  it('previews a link’s task before consent, then a lease’s task', async () => {
    const before = await w.client.call('training.preview', { link });
    expect(before).toMatchObject({ ok: true, params: 129, updateBytes: 516, datasets: [KIND], recordCount: 120, examples: 113 });
    const lease = await w.client.call('requests.approve', { ref: link });
    leaseId = lease.leaseId!;
    expect(await w.client.call('training.preview', { leaseId })).toMatchObject({ ok: true, recordCount: 120 });
  });

  it('trains (review on), lists, shows, discards; sends another to a file and records it on the chain', async () => {
    const first = await w.client.call('training.train', { leaseId, wait: true });
    expect(first.state).toBe('review');
    // The budget the GUI draws ε against: the request's 4, nothing spent before.
    expect(first.summary).toMatchObject({ leaseEpsilon: 4, epsilonBefore: 0 });
    expect(w.events.some((e) => e.event === 'training.progress')).toBe(true);
    expect((await w.client.call('training.jobs', { limit: 10 })).map((j) => j.id)).toEqual([first.id]);
    expect(await w.client.call('training.job', { id: first.id })).toMatchObject({ id: first.id, state: 'review' });
    expect((await w.client.call('training.discard', { id: first.id })).state).toBe('discarded');
    await expect(w.client.call('training.cancel', { id: first.id })).rejects.toBeInstanceOf(TrainingJobStateError);

    const second = await w.client.call('training.train', { leaseId, wait: true });
    const out = join(w.root, 'result.json');
    const sent = await w.client.call('training.send', { id: second.id, toFile: out });
    expect(sent).toMatchObject({ state: 'sent', destination: `file:${out}` });
    expect(sent.deliveryTx).toMatch(/^0x[0-9a-f]{64}$/);
    // A discarded result spent nothing.
    expect(second.summary).toMatchObject({ leaseEpsilon: 4, epsilonBefore: 0 });
    sentEpsilon = sent.epsilon!;
    expect(sentEpsilon).toBeGreaterThan(0);
    expect(JSON.parse(await readFile(out, 'utf8'))).toMatchObject({ format: 'data-wallet-result/1' });
    await rm(out);
    const ledger = (await w.client.call('audit.list', { subject: `lease:${leaseId}`, limit: 100 })).filter((e) => e.type === 'egress.sent');
    expect(ledger).toHaveLength(1);
  });

  it('per-lease settings: review off, an owner cap below what the task wants', async () => {
    expect(await w.client.call('training.leaseSettings', { leaseId })).toEqual({ review: true, maxEpsilonMilli: null });
    expect(await w.client.call('training.leaseSettings', { leaseId, review: false, maxEpsilonMilli: 1 })).toEqual({ review: false, maxEpsilonMilli: 1 });
    const e = await w.client.call('training.train', { leaseId, wait: true }).catch((x: unknown) => x);
    // ε 0.001 is left: no noise level fits the task.
    expect(e).toMatchObject({ code: 'PRIVACY_BUDGET_EXHAUSTED' });
    await w.client.call('training.leaseSettings', { leaseId, maxEpsilonMilli: null });
  });

  it('a task file with a refused layer is reported before training', async () => {
    const path = join(w.root, 'bad-task.json');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path, smallTask().text.replace('"class_name":"Dense"', '"class_name":"Lambda"'));
    const e = await w.client.call('training.train', { leaseId, taskFile: path, wait: true }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TaskRefusedError);
    expect(e).toMatchObject({ code: 'TASK_REFUSED' });
  });

  it('locking the vault stops a running job; nothing is sent', async () => {
    writeTrainingCaps(w.wallet.vault, { maxEpochs: 1000 });
    const task = smallTask({ endpoint: server.resultUrl, training: { optimizer: { kind: 'sgd', learningRate: 0.01 }, loss: 'binaryCrossentropy', batchSize: 8, epochs: 1000, clipNorm: 1, targetEpsilon: 1 } });
    server.setTask(task.text, task.taskHash);
    const job = await w.client.call('training.train', { leaseId });
    expect(job.state).toBe('running');
    // The sent result's ε counts against the lease's budget.
    expect(job.summary.leaseEpsilon).toBe(4);
    expect(job.summary.epsilonBefore).toBeCloseTo(sentEpsilon, 9);
    await new Promise<void>((resolve) => {
      const off = w.router.subscribe((e) => {
        if (e.event === 'training.progress') {
          off();
          resolve();
        }
      });
    });
    await w.client.call('vault.lock', {});
    await w.client.call('vault.unlock', { passphrase: PASSPHRASE });
    const after = await w.client.call('training.job', { id: job.id });
    expect(after.state).toBe('stopped');
    expect(server.results()).toEqual([]);
  });
});
