/**
 * Browser mode for the GUI tests: the real wallet (openWallet: SQCipher vault,
 * embedded Anvil chain, lease runtime) behind the real API router, served by
 * the real loopback host with the built renderer. The data folder is fresh.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import * as tf from '@tensorflow/tfjs';
import { createPublicClient, createTestClient, createWalletClient, getAddress, parseEther, type Address } from 'viem';
import { ipc } from 'viem/node';
import { createApiRouter, type ApiRouter } from '../../electron/core/api/index.js';
import { embeddedChainDefinition } from '../../electron/core/chain/clients.js';
import { openWallet, type Wallet } from '../../electron/core/wallet/index.js';
import { MIN_ARGON2_COST } from '../../electron/core/vault/index.js';
import { deposit } from '../../requester/deposit.js';
import { buildTask } from '../../requester/training/build-task.js';
import { startTaskServer, type TaskServer } from '../../requester/training/task-server.js';
import { readLeaseStatus } from '../../requester/watch-leases.js';
import { ALLOW_PRIVATE_ADDRESSES_SETTING } from '../../electron/core/wallet/wallet.js';
import { apiCalls } from '../../shared/api/contract.js';
import { startBrowserHost } from '../../electron/browser-mode/host.js';

/** The part of the browser-mode host (electron/browser-mode/host.ts, the shell's) these tests use. */
export interface BrowserHost {
  readonly url: string;
  readonly origin: string;
  close(): Promise<void>;
}

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SCREENS = join(ROOT, 'test-results', 'screens');

export interface BrowserModeWallet {
  dataDir: string;
  url: string;
  wallet: Wallet;
  router: ApiRouter;
  host: BrowserHost;
  /** A call on the wallet's own router (what the test, playing another party, needs to know). */
  call<T>(name: string, input: unknown): Promise<T>;
  close(): Promise<void>;
}

export async function startBrowserMode(): Promise<BrowserModeWallet> {
  const dataDir = await mkdtemp(join(tmpdir(), 'dw-gui-'));
  const wallet = await openWallet({
    dataDir,
    // The cheapest valid KDF keeps the test fast; the flow is the same.
    vault: { kdf: MIN_ARGON2_COST },
    chain: { embedded: { autoRestart: false } },
  });
  const router = createApiRouter(wallet);
  const host = await startBrowserHost({ transport: router, calls: apiCalls, staticDir: join(ROOT, 'renderer', 'dist') });
  return {
    dataDir,
    url: host.url,
    wallet,
    router,
    host,
    async call<T>(name: string, input: unknown): Promise<T> {
      const r = await router.invoke(name, input);
      if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
      return r.value as T;
    },
    async close() {
      await host.close();
      await wallet.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The embedded chain's IPC socket (the chain may have restarted since the last call). */
function chainTransport(dataDir: string) {
  const pid = JSON.parse(readFileSync(join(dataDir, 'chain', 'anvil.pid'), 'utf8')) as { ipcPath: string };
  return ipc(pid.ipcPath);
}

/**
 * Lets this wallet fetch tasks from and send results to loopback addresses
 * (the test-only vault setting), so a requester on 127.0.0.1 can play the
 * other side. The lease runtime reads it when it starts: it is restarted.
 */
export async function allowLoopbackRequesters(bm: BrowserModeWallet): Promise<void> {
  await bm.wallet.withLeasesStopped(async (vault) => vault.settings.set(ALLOW_PRIVATE_ADDRESSES_SETTING, true));
}

/** A requester on the wallet's embedded chain: gas money and a deposit to pay leases from. */
export async function fundRequester(dataDir: string, chainId: number, contract: Address, account: Parameters<typeof createWalletClient>[0]['account']) {
  const chain = embeddedChainDefinition(chainId);
  const transport = chainTransport(dataDir);
  const testClient = createTestClient({ mode: 'anvil', chain, transport });
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 50 });
  const walletClient = createWalletClient({ chain, transport, account: account! });
  await testClient.setBalance({ address: walletClient.account.address, value: parseEther('10') });
  await deposit({ publicClient, walletClient, contract }, parseEther('1'));
}

/** No serious or critical accessibility violation on the page as it is now. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length > 0) {
    const lines = bad.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
    throw new Error(`accessibility violations on ${screen}:\n${lines.join('\n')}`);
  }
}

/** No badge (a status word) is cut short: its text fits the box it is drawn in. */
export async function expectNoTruncatedBadges(page: Page, screen: string): Promise<void> {
  const cut = await page
    .locator('.mantine-Badge-root, .mantine-Badge-label')
    .evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent ?? ''));
  if (cut.length > 0) throw new Error(`truncated badges on ${screen}: ${cut.join(', ')}`);
}

/** Full-page screenshot into test-results/screens/<name>.png (looked at after each run). */
export async function shoot(page: Page, name: string): Promise<void> {
  // Fixed header and navbar land where the page is scrolled: shoot from the top.
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true, animations: 'disabled' });
}

export const HEART_RATE = 'HKQuantityTypeIdentifierHeartRate';
/** Enough epochs that the running job can be seen (and shot) before its result is ready; still a few seconds. */
const TRAINING_EPOCHS = 60;

export interface LoopbackRequester {
  server: TaskServer;
  taskHash: `0x${string}`;
  /** The task's model weights, for FedAvg over what arrives. */
  weights: Float32Array[];
  close(): Promise<void>;
}

/**
 * The requester's side of a lease, from requester/: the task server on
 * 127.0.0.1 serving a small task over the leased heart rate (3-day windows
 * of daily means → is tomorrow's mean above 100/min; a 3→4→1 dense model,
 * DP-SGD) and receiving signed results, each checked against the lease's
 * owner on the chain before it is accepted.
 */
export async function startLoopbackRequester(bm: BrowserModeWallet, chainId: number, contract: Address): Promise<LoopbackRequester> {
  const publicClient = createPublicClient({ chain: embeddedChainDefinition(chainId), transport: chainTransport(bm.dataDir) });
  const server = await startTaskServer({
    host: '127.0.0.1',
    isLeaseOwner: async (leaseId, signer) => {
      const lease = await readLeaseStatus(publicClient, contract, leaseId);
      return lease.status !== 'none' && getAddress(lease.owner) === getAddress(signer);
    },
  });
  const window = 3;
  const model = tf.sequential({
    layers: [tf.layers.dense({ inputShape: [window], units: 4, activation: 'relu' }), tf.layers.dense({ units: 1, activation: 'sigmoid' })],
  });
  try {
    const weights = model.getWeights().map((t) => Float32Array.from(t.dataSync()));
    const task = buildTask(model, {
      name: 'Resting heart rate trend',
      training: { optimizer: { kind: 'sgd', learningRate: 0.1 }, loss: 'binaryCrossentropy', batchSize: 4, epochs: TRAINING_EPOCHS, clipNorm: 1, targetEpsilon: 1.5 },
      features: {
        bucket: 'day',
        window,
        inputs: [{ dataset: HEART_RATE, stat: 'mean', scale: { subtract: 100, divide: 10 } }],
        label: { dataset: HEART_RATE, stat: 'mean', ahead: 1, threshold: 100 },
      },
      resultEndpoint: server.resultUrl,
    });
    server.setTask(task.text, task.taskHash);
    return { server, taskHash: task.taskHash, weights, close: () => server.close() };
  } finally {
    model.dispose();
  }
}
