/**
 * The training commands as a user runs them: the built binary, a real vault
 * with records, a lease granted with the CLI on the embedded chain, a task
 * from a file, the result reviewed and saved to a file (no network).
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedChain } from '../../electron/core/chain/embedded-chain.js';
import { createVault } from '../../electron/core/vault/index.js';
import { deposit } from '../../requester/deposit.js';
import { signLeaseRequest } from '../../requester/sign-lease-request.js';
import { encodeLeaseLink } from '../../shared/lease/link.js';
import { requesterAccount, sampleMessage } from '../helpers/chain-requests.js';
import { runCliProcess, tempDir } from '../helpers/cli.js';
import { KIND, smallTask } from '../helpers/training-task.js';
import { batchesOf, makeRecord, PASSPHRASE, TEST_OPTIONS } from '../helpers/vault-fixtures.js';

const root = tempDir('training-cli');
const vault = join(root, 'vault');
const env = { DATA_WALLET_PASSPHRASE: PASSPHRASE };
const cli = (args: string[]) => runCliProcess(['--vault', vault, ...args], env);
async function json<T>(args: string[]): Promise<T> {
  const r = await cli([...args, '--json']);
  expect(r.stderr, `stderr of ${args.join(' ')}`).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as T;
}
const DAY = 86_400_000;
const START = Date.UTC(2024, 0, 1);
let leaseId: string;

beforeAll(async () => {
  const v = (await createVault(vault, PASSPHRASE, TEST_OPTIONS)).vault;
  const records = Array.from({ length: 80 }, (_, d) => makeRecord({ kind: KIND, tStart: START + d * DAY + 3_600_000, tEnd: START + d * DAY + 3_660_000, valueNum: 5000 + ((d * 53) % 6000) }));
  await v.importRecords({ fileName: 's.json', format: 'json' }, batchesOf(records));
  v.lock();
  const status = await json<{ chainId: number; contract: `0x${string}` }>(['chain', 'status']);
  const chain = await startEmbeddedChain({ dataDir: root, autoRestart: false });
  try {
    await chain.testClient.setBalance({ address: requesterAccount.address, value: parseEther('10') });
    await deposit({ publicClient: chain.publicClient, walletClient: chain.walletClient(requesterAccount), contract: status.contract }, parseEther('1'));
  } finally {
    await chain.stop();
  }
  const message = sampleMessage({ nonce: 77n, deadline: BigInt(Math.floor(Date.now() / 1000) + 86_400), duration: 3600n, price: 3600n, datasets: [KIND], dataFrom: BigInt(START / 1000), dataTo: BigInt((START + 80 * DAY) / 1000 - 1), maxEpsilonMilli: 3000 });
  const link = encodeLeaseLink(await signLeaseRequest(requesterAccount, { chainId: status.chainId, verifyingContract: status.contract }, message));
  leaseId = (await json<{ leaseId: string }>(['request', 'approve', link])).leaseId;
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('data-wallet train / jobs / job', () => {
  it('trains a lease’s task from a file, keeps the result for review, saves it to a file when sent', async () => {
    const taskFile = join(root, 'task.json');
    await writeFile(taskFile, smallTask({ training: { optimizer: { kind: 'sgd', learningRate: 0.1 }, loss: 'binaryCrossentropy', batchSize: 8, epochs: 1, clipNorm: 1, targetEpsilon: 1 } }).text);
    const job = await json<{ id: string; state: string; epsilon: number }>(['train', leaseId, '--task-file', taskFile]);
    expect(job).toMatchObject({ state: 'review' });
    expect(job.epsilon).toBeLessThanOrEqual(1);
    const human = await cli(['job', 'show', job.id]);
    expect(human.stdout).toContain(`Training job ${job.id}: review`);
    expect(human.stdout).toContain('129 parameters: Dense → Dense');
    expect((await json<{ id: string }[]>(['jobs'])).map((j) => j.id)).toEqual([job.id]);
    const out = join(root, 'result.json');
    const sent = await json<{ state: string; deliveryTx: string }>(['job', 'send', job.id, '--to-file', out]);
    expect(sent.state).toBe('sent');
    expect(sent.deliveryTx).toMatch(/^0x[0-9a-f]{64}$/);
    expect(JSON.parse(await readFile(out, 'utf8'))).toMatchObject({ format: 'data-wallet-result/1' });
    const again = await cli(['job', 'discard', job.id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^error: Job job_[0-9a-f]{16} is sent; only a job awaiting review can be discarded\./);
  });

  it('refuses malformed ids with a usage error, and a refused task with one line', async () => {
    expect((await cli(['train', 'abc'])).code).toBe(2);
    expect((await cli(['job', 'show', 'nope'])).code).toBe(2);
    const bad = join(root, 'bad.json');
    await writeFile(bad, smallTask().text.replace('"class_name":"Dense"', '"class_name":"Lambda"'));
    const r = await cli(['train', leaseId, '--task-file', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: Layer 0 is a Lambda layer, which Data Wallet does not run/);
  });
});
