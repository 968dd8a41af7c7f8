/**
 * The training commands as a user runs them: the built binary, a real vault
 * with records, a lease granted with the CLI on the embedded chain, a task
 * from a file, the result reviewed and saved to a file (no network).
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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
let signLink: (overrides: Parameters<typeof sampleMessage>[0]) => Promise<string>;
// The requester's task server, on loopback (the vault allows local task addresses for this test).
const served = smallTask({ training: { optimizer: { kind: 'sgd', learningRate: 0.1 }, loss: 'binaryCrossentropy', batchSize: 8, epochs: 2, clipNorm: 1 } });
const taskServer: Server = createServer((req, res) => {
  if (req.url === '/task.json') return res.end(served.text);
  if (req.url === '/lambda.json') return res.end(served.text.replace('"class_name":"Dense"', '"class_name":"Lambda"'));
  res.writeHead(404);
  res.end();
});
let taskBase: string;

beforeAll(async () => {
  const v = (await createVault(vault, PASSPHRASE, TEST_OPTIONS)).vault;
  const records = Array.from({ length: 80 }, (_, d) => makeRecord({ kind: KIND, tStart: START + d * DAY + 3_600_000, tEnd: START + d * DAY + 3_660_000, valueNum: 5000 + ((d * 53) % 6000) }));
  await v.importRecords({ fileName: 's.json', format: 'json' }, batchesOf(records));
  v.settings.set('leases.allowLocalTaskUrls', true);
  v.lock();
  await new Promise<void>((r) => taskServer.listen(0, '127.0.0.1', r));
  taskBase = `http://127.0.0.1:${(taskServer.address() as AddressInfo).port}`;
  const status = await json<{ chainId: number; contract: `0x${string}` }>(['chain', 'status']);
  const chain = await startEmbeddedChain({ dataDir: root, autoRestart: false });
  try {
    await chain.testClient.setBalance({ address: requesterAccount.address, value: parseEther('10') });
    await deposit({ publicClient: chain.publicClient, walletClient: chain.walletClient(requesterAccount), contract: status.contract }, parseEther('1'));
  } finally {
    await chain.stop();
  }
  signLink = async (overrides) =>
    encodeLeaseLink(
      await signLeaseRequest(requesterAccount, { chainId: status.chainId, verifyingContract: status.contract }, sampleMessage({ deadline: BigInt(Math.floor(Date.now() / 1000) + 86_400), duration: 3600n, price: 3600n, datasets: [KIND], dataFrom: BigInt(START / 1000), dataTo: BigInt((START + 80 * DAY) / 1000 - 1), maxEpsilonMilli: 3000, ...overrides })),
    );
  const link = await signLink({ nonce: 77n });
  leaseId = (await json<{ leaseId: string }>(['request', 'approve', link])).leaseId;
});
afterAll(async () => {
  taskServer.closeAllConnections();
  await new Promise<void>((r) => taskServer.close(() => r()));
  await rm(root, { recursive: true, force: true });
});

describe('data-wallet request inspect: the task preview', () => {
  it('fetches and checks the served task and shows what would leave', async () => {
    const link = await signLink({ nonce: 78n, taskUrl: `${taskBase}/task.json` });
    const r = await cli(['request', 'inspect', link]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Verified by your wallet:');
    expect(r.stdout).toContain('Task "test task"');
    expect(r.stdout).toContain('model        129 parameters: Dense → Dense');
    expect(r.stdout).toContain('would leave  a weight update of 516 B (signed) to https://lab.example.org/results');
    expect(r.stdout).toContain('would read   steps; 2024-01-01T00:00:00Z … 2024-03-20T23:59:59.999Z; 80 records →');
    expect(r.stdout).toContain('\n\nWhat would leave (the task, fetched and checked by your wallet; nothing is sent):\n');
    expect(r.stdout).toContain('training     2 epochs, batch 8;');
    expect(r.stdout).toMatch(/privacy {6}ε \d+\.\d{3} of 3\.000 allowed/);

    const p = (await json<{ taskPreview: { ok: boolean; params: number; updateBytes: number; layers: { className: string }[]; datasets: string[]; recordCount: number; epochs: number; epsilon: number } }>(['request', 'inspect', link])).taskPreview;
    expect(p).toMatchObject({ ok: true, params: 129, updateBytes: 516, datasets: [KIND], recordCount: 80, epochs: 2 });
    expect(p.layers.map((l) => l.className)).toEqual(['Dense', 'Dense']);
    expect(p.epsilon).toBeGreaterThan(0);
    expect(p.epsilon).toBeLessThanOrEqual(3);
  });

  it('shows a task that fails its checks, or cannot be fetched, as such; inspect still succeeds', async () => {
    const refused = await cli(['request', 'inspect', await signLink({ nonce: 79n, taskUrl: `${taskBase}/lambda.json` })]);
    expect(refused.code).toBe(0);
    expect(refused.stdout).toContain('Verified by your wallet:');
    expect(refused.stdout).toMatch(/task could not be checked: .*Lambda/);
    const missing = await cli(['request', 'inspect', await signLink({ nonce: 80n, taskUrl: `${taskBase}/gone.json` })]);
    expect(missing.code).toBe(0);
    expect(missing.stdout).toContain('task could not be checked: ');
    const skipped = await cli(['request', 'inspect', await signLink({ nonce: 81n, taskUrl: `${taskBase}/task.json` }), '--no-preview']);
    expect(skipped.code).toBe(0);
    expect(skipped.stdout).not.toContain('What would leave');
  });
});

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
