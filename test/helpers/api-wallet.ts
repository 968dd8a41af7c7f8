/**
 * A whole wallet behind its API router, for tests that drive the contract:
 * a real SQLCipher vault in a temp folder (cheapest KDF), the embedded Anvil
 * chain when a call needs it, and the typed client over the in-process
 * router (errors rebuilt as the core's own classes).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseEther, type Address } from 'viem';
import { createApiRouter, type ApiRouter } from '../../electron/core/api/index.js';
import { coreErrorClasses } from '../../electron/core/error-classes.js';
import { openWallet, type Wallet, type WalletChainOptions, type WalletHost } from '../../electron/core/wallet/index.js';
import { walletClient, type WalletClient } from '../../shared/api/wallet-client.js';
import type { ApiEventEnvelope } from '../../shared/api/envelope.js';
import { deposit } from '../../requester/deposit.js';
import { signLeaseRequest } from '../../requester/sign-lease-request.js';
import { encodeLeaseLink } from '../../shared/lease/link.js';
import type { LeaseRequestMessage } from '../../shared/lease/request.js';
import { makeTempDir } from './chain-fixture.js';
import { requesterAccount, sampleMessage } from './chain-requests.js';
import { PASSPHRASE, TEST_OPTIONS } from './vault-fixtures.js';

export interface ApiWallet {
  root: string;
  wallet: Wallet;
  router: ApiRouter;
  client: WalletClient;
  /** Every event the router pushed, in order. */
  events: ApiEventEnvelope[];
  /** The wallet's clock (unix ms). */
  clock: { ms: number };
  close(options?: { remove?: boolean }): Promise<void>;
}

export interface OpenApiWalletOptions {
  root?: string;
  /** Create the vault (with PASSPHRASE) and keep it unlocked. Default true. */
  create?: boolean;
  chain?: WalletChainOptions;
  /** Desktop-only powers (a stand-in keychain, a login item). */
  host?: WalletHost;
  /** How often the wallet looks for leases about to end (with the scheduler). */
  expiryNoticeEveryMs?: number;
}

export async function openApiWallet(options: OpenApiWalletOptions = {}): Promise<ApiWallet> {
  const root = options.root ?? makeTempDir('dw-api-');
  const clock = { ms: Date.now() };
  const wallet = await openWallet({
    dataDir: root,
    clock: () => clock.ms,
    vault: TEST_OPTIONS,
    ...(options.host && { host: options.host }),
    ...(options.expiryNoticeEveryMs !== undefined && { expiryNoticeEveryMs: options.expiryNoticeEveryMs }),
    chain: {
      start: 'demand',
      readBlockTag: 'latest',
      embedded: { autoRestart: false, stateIntervalSeconds: 3600 },
      ...options.chain,
    },
  });
  const router = createApiRouter(wallet);
  const events: ApiEventEnvelope[] = [];
  router.subscribe((e) => events.push(e));
  const client = walletClient(router, { errorClasses: coreErrorClasses });
  if (options.create ?? true) await client.call('vault.create', { passphrase: PASSPHRASE });
  return {
    root,
    wallet,
    router,
    client,
    events,
    clock,
    async close({ remove = true } = {}) {
      await wallet.close();
      if (remove) rmSync(root, { recursive: true, force: true });
    },
  };
}

export const fixture = (name: string): string => join(import.meta.dirname, '..', 'fixtures', 'generic', name);

export interface LeasingApiWallet {
  w: ApiWallet;
  contract: Address;
  chainId: number;
  /** The chain's latest block time (unix seconds). */
  chainSeconds(): Promise<bigint>;
  /**
   * A fresh lease-request link signed by the requester (SDK) for this
   * wallet's chain and contract, one hour for 3600 wei unless overridden;
   * the wallet's clock is set to the chain's time first.
   */
  link(overrides?: Partial<LeaseRequestMessage>): Promise<string>;
}

/** A wallet with its embedded chain started at unlock, and a requester funded with 10 ETH that has deposited 1 ETH. */
export async function openLeasingApiWallet(options: { firstNonce?: bigint } = {}): Promise<LeasingApiWallet> {
  const w = await openApiWallet({ chain: { start: 'unlock', scheduler: false } });
  const status = await w.client.call('chain.status', {});
  const contract = status.contract as Address;
  const chainId = status.chainId;
  const { chain } = await w.wallet.leases();
  await chain.embedded!.testClient.setBalance({ address: requesterAccount.address, value: parseEther('10') });
  await deposit({ publicClient: chain.ctx.publicClient, walletClient: chain.embedded!.walletClient(requesterAccount), contract }, parseEther('1'));
  let nonce = options.firstNonce ?? 100n;
  const chainSeconds = async (): Promise<bigint> => (await chain.ctx.publicClient.getBlock({ blockTag: 'latest' })).timestamp;
  return {
    w,
    contract,
    chainId,
    chainSeconds,
    async link(overrides = {}) {
      nonce += 1n;
      const now = await chainSeconds();
      w.clock.ms = Number(now) * 1000;
      const message = sampleMessage({ nonce, deadline: now + 86_400n, duration: 3600n, price: 3600n, ...overrides });
      return encodeLeaseLink(await signLeaseRequest(requesterAccount, { chainId, verifyingContract: contract }, message));
    },
  };
}
