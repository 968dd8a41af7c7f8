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
import { createPublicClient, createTestClient, createWalletClient, parseEther, type Address } from 'viem';
import { ipc } from 'viem/node';
import { createApiRouter, type ApiRouter } from '../../electron/core/api/index.js';
import { embeddedChainDefinition } from '../../electron/core/chain/clients.js';
import { openWallet, type Wallet } from '../../electron/core/wallet/index.js';
import { MIN_ARGON2_COST } from '../../electron/core/vault/index.js';
import { deposit } from '../../requester/deposit.js';
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

/** A requester on the wallet's embedded chain: gas money and a deposit to pay leases from. */
export async function fundRequester(dataDir: string, chainId: number, contract: Address, account: Parameters<typeof createWalletClient>[0]['account']) {
  const pid = JSON.parse(readFileSync(join(dataDir, 'chain', 'anvil.pid'), 'utf8')) as { ipcPath: string };
  const chain = embeddedChainDefinition(chainId);
  const transport = ipc(pid.ipcPath);
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

/** Full-page screenshot into test-results/screens/<name>.png (looked at after each run). */
export async function shoot(page: Page, name: string): Promise<void> {
  // Fixed header and navbar land where the page is scrolled: shoot from the top.
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true, animations: 'disabled' });
}
