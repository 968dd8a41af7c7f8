/**
 * A whole wallet for lease tests: a real SQLCipher vault in a temp folder,
 * the embedded chain started by openWalletChain (DataLease deployed, wallet
 * account funded), the real audit log, and a LeaseService on a clock the test
 * moves together with the chain. Requesters are played with the requester
 * SDK (viem) or ethers v6.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseEther, type Hex } from 'viem';
import type { PrivateKeyAccount } from 'viem/accounts';
import { AuditLog } from '../../electron/core/audit/index.js';
import { LeaseService, type LeaseServiceHooks } from '../../electron/core/leases/lease-service.js';
import { openWalletChain, type WalletChain } from '../../electron/core/chain/wallet-chain.js';
import { createVault, unlockVault, type Vault } from '../../electron/core/vault/index.js';
import { deposit } from '../../requester/deposit.js';
import { signLeaseRequest } from '../../requester/sign-lease-request.js';
import { encodeLeaseLink } from '../../shared/lease/link.js';
import type { LeaseRequestMessage } from '../../shared/lease/request.js';
import { makeTempDir } from './chain-fixture.js';
import { requesterAccount, sampleMessage } from './chain-requests.js';
import { PASSPHRASE, TEST_OPTIONS } from './vault-fixtures.js';

export interface Wallet {
  root: string;
  vaultDir: string;
  vault: Vault;
  chain: WalletChain;
  audit: AuditLog;
  service: LeaseService;
  /** The service's clock (unix ms); set it with travelTo / syncClock. */
  clock: { ms: number };
}

export interface OpenWalletOptions {
  root?: string;
  create?: boolean;
  hooks?: LeaseServiceHooks;
  stateIntervalSeconds?: number;
  /** Accept loopback task URLs (tests with a local task server). */
  allowLocalTaskUrls?: boolean;
}

/** Creates (or unlocks) the vault in `<root>/vault` and opens its chain in `<root>/chain`. */
export async function openWallet(options: OpenWalletOptions = {}): Promise<Wallet> {
  const root = options.root ?? makeTempDir('dw-lease-');
  const vaultDir = join(root, 'vault');
  const vault = options.create === false
    ? await unlockVault(vaultDir, { passphrase: PASSPHRASE }, TEST_OPTIONS)
    : (await createVault(vaultDir, PASSPHRASE, TEST_OPTIONS)).vault;
  const chain = await openWalletChain({
    vault,
    dataDir: root,
    // 'latest': views judge time by the last mined block, which the tests place exactly.
    readBlockTag: 'latest',
    embedded: { autoRestart: false, stateIntervalSeconds: options.stateIntervalSeconds ?? 3600 },
  });
  const clock = { ms: Date.now() };
  const now = () => clock.ms;
  const audit = new AuditLog(vault, now);
  const service = new LeaseService({ vault, chain, audit, now, ...(options.hooks && { hooks: options.hooks }), ...(options.allowLocalTaskUrls && { allowLocalTaskUrls: true }) });
  const wallet: Wallet = { root, vaultDir, vault, chain, audit, service, clock };
  await syncClock(wallet);
  return wallet;
}

export async function closeWallet(w: Wallet, options: { remove?: boolean } = {}): Promise<void> {
  w.service.stopScheduler();
  await w.chain.stop();
  w.vault.lock();
  if (options.remove ?? true) rmSync(w.root, { recursive: true, force: true });
}

/** Latest block time (unix seconds). */
export async function chainNow(w: Wallet): Promise<bigint> {
  return (await w.chain.ctx.publicClient.getBlock({ blockTag: 'latest' })).timestamp;
}

/** Sets the service clock to the latest block's time. */
export async function syncClock(w: Wallet): Promise<bigint> {
  const t = await chainNow(w);
  w.clock.ms = Number(t) * 1000;
  return t;
}

/** Mines a block at exactly `timestamp` and moves the service clock there. */
export async function travelTo(w: Wallet, timestamp: bigint): Promise<void> {
  await w.chain.embedded!.testClient.setNextBlockTimestamp({ timestamp });
  await w.chain.embedded!.testClient.mine({ blocks: 1 });
  w.clock.ms = Number(timestamp) * 1000;
}

/** The next transaction's block gets exactly `timestamp`; the clock moves there too. */
export async function nextBlockAt(w: Wallet, timestamp: bigint): Promise<void> {
  await w.chain.embedded!.testClient.setNextBlockTimestamp({ timestamp });
  w.clock.ms = Number(timestamp) * 1000;
}

/** Gives a requester gas money and a deposit in the wallet's DataLease. */
export async function fundRequester(w: Wallet, amount: bigint, account: PrivateKeyAccount = requesterAccount): Promise<void> {
  const embedded = w.chain.embedded!;
  await embedded.testClient.setBalance({ address: account.address, value: parseEther('100') });
  await deposit({ publicClient: embedded.publicClient, walletClient: embedded.walletClient(account), contract: w.chain.contract }, amount);
}

let nonce = 0n;
/** A fresh request (new nonce, deadline a day after the chain's time) with `overrides`. */
export async function freshMessage(w: Wallet, overrides: Partial<LeaseRequestMessage> = {}): Promise<LeaseRequestMessage> {
  nonce += 1n;
  const now = await chainNow(w);
  return sampleMessage({ nonce: BigInt(Date.now()) * 1000n + nonce, deadline: now + 86_400n, ...overrides });
}

/** Signs with the requester SDK (viem) for the wallet's chain and contract and returns the deep link. */
export async function signedLink(
  w: Wallet,
  message: LeaseRequestMessage,
  account: PrivateKeyAccount = requesterAccount,
  domain: { chainId?: number; verifyingContract?: `0x${string}` } = {},
): Promise<{ link: string; signature: Hex }> {
  const signed = await signLeaseRequest(account, {
    chainId: domain.chainId ?? w.chain.chainId,
    verifyingContract: domain.verifyingContract ?? w.chain.contract,
  }, message);
  return { link: encodeLeaseLink(signed), signature: signed.signature };
}
