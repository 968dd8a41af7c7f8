/**
 * One real embedded chain per test file: Anvil over IPC in a temp folder,
 * DataLease deployed from the compiled artifact, accounts funded, and an
 * evm_snapshot / evm_revert around each test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEther, type Address, type Hex } from 'viem';
import type { PrivateKeyAccount } from 'viem/accounts';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { startEmbeddedChain, type EmbeddedChain, type StartEmbeddedChainOptions } from '../../electron/core/chain/embedded-chain.js';
import { prepareEmbeddedChain } from '../../electron/core/chain/prepare-embedded-chain.js';
import type { DataLeaseContext } from '../../electron/core/chain/data-lease/context.js';
import { signLeaseRequest } from '../../requester/sign-lease-request.js';
import { deposit } from '../../requester/deposit.js';
import type { LeaseRequestMessage } from '../../shared/lease/request.js';
import { otherAccount, ownerAccount, requesterAccount, thirdAccount } from './chain-requests.js';

export function makeTempDir(prefix = 'dw-chain-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface ChainFixture {
  dir: string;
  chain: EmbeddedChain;
  contract: Address;
  /** Contexts acting as the given account. */
  as(account: PrivateKeyAccount): DataLeaseContext;
  owner: DataLeaseContext;
  /** Block timestamp of the latest block. */
  now(): Promise<bigint>;
  /** Mines the next block at exactly `timestamp`. */
  mineAt(timestamp: bigint): Promise<void>;
  /** Makes the next transaction's block carry exactly `timestamp`. */
  nextBlockAt(timestamp: bigint): Promise<void>;
  /** Signs `message` as the requester for this chain and contract. */
  sign(message: LeaseRequestMessage, account?: PrivateKeyAccount): Promise<Hex>;
  /** Deposits `amount` into the contract as `account` (default: the requester). */
  deposit(amount: bigint, account?: PrivateKeyAccount): Promise<void>;
}

/**
 * Registers beforeAll/afterAll (chain) and beforeEach/afterEach (snapshot)
 * hooks; the returned getter is valid inside tests.
 */
export function useChainFixture(options: Partial<StartEmbeddedChainOptions> = {}): () => ChainFixture {
  let fixture: ChainFixture | undefined;
  let snapshot: Hex | undefined;

  beforeAll(async () => {
    const dir = makeTempDir();
    const chain = await startEmbeddedChain({ dataDir: dir, autoRestart: false, stateIntervalSeconds: 3600, ...options });
    const prepared = await prepareEmbeddedChain(chain, ownerAccount);
    for (const a of [requesterAccount, otherAccount, thirdAccount]) {
      await chain.testClient.setBalance({ address: a.address, value: parseEther('1000') });
    }
    const contract = prepared.contract;
    const as = (account: PrivateKeyAccount): DataLeaseContext => ({
      publicClient: chain.publicClient,
      walletClient: chain.walletClient(account),
      address: contract,
      readBlockTag: 'latest',
    });
    fixture = {
      dir,
      chain,
      contract,
      as,
      owner: as(ownerAccount),
      now: async () => (await chain.publicClient.getBlock({ blockTag: 'latest' })).timestamp,
      mineAt: async (timestamp) => {
        await chain.testClient.setNextBlockTimestamp({ timestamp });
        await chain.testClient.mine({ blocks: 1 });
      },
      nextBlockAt: (timestamp) => chain.testClient.setNextBlockTimestamp({ timestamp }),
      sign: async (message, account = requesterAccount) =>
        (await signLeaseRequest(account, { chainId: chain.chainId, verifyingContract: contract }, message)).signature,
      deposit: async (amount, account = requesterAccount) => {
        await deposit({ publicClient: chain.publicClient, walletClient: chain.walletClient(account), contract }, amount);
      },
    };
  });

  afterAll(async () => {
    if (!fixture) return;
    await fixture.chain.stop();
    rmSync(fixture.dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    snapshot = await fixture!.chain.testClient.snapshot();
  });

  afterEach(async () => {
    if (snapshot) await fixture!.chain.testClient.revert({ id: snapshot });
  });

  return () => {
    if (!fixture) throw new Error('chain fixture used outside a test');
    return fixture;
  };
}
