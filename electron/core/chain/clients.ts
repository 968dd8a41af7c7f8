import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  defineChain,
  publicActions,
  type Account,
  type Chain,
  type PublicClient,
  type TestClient,
  type Transport,
  type WalletClient,
} from 'viem';
import { ChainIdMismatchError, mapChainError } from './errors.js';

/**
 * Chain id of the embedded chain: 0x44574c, "DWL" (Data Wallet Local). Not
 * Anvil's or Hardhat's 31337, so a request signed for some developer's local
 * chain never verifies here, and not any id viem's chain list knows.
 */
export const EMBEDDED_CHAIN_ID = 4_478_796;

export function embeddedChainDefinition(chainId: number = EMBEDDED_CHAIN_ID): Chain {
  return defineChain({
    id: chainId,
    name: 'Data Wallet local chain',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [] } },
    testnet: true,
  });
}

export type ChainPublicClient = PublicClient<Transport, Chain>;
export type ChainWalletClient = WalletClient<Transport, Chain, Account>;
export type ChainTestClient = TestClient<'anvil', Transport, Chain>;

export interface ChainClients {
  chain: Chain;
  transport: Transport;
  publicClient: ChainPublicClient;
  /** A client that signs with `account` (a local key: transactions are signed in-process and sent raw). */
  walletClient(account: Account): ChainWalletClient;
}

export interface CreateChainClientsOptions {
  transport: Transport;
  chain: Chain;
  /** Polling for receipts and blocks (ms). The embedded chain mines instantly, so a short interval is right there. */
  pollingInterval?: number;
}

/** The same viem clients for the embedded chain (IPC) and a configured network (HTTP/WebSocket). */
export function createChainClients({ transport, chain, pollingInterval = 50 }: CreateChainClientsOptions): ChainClients {
  // cacheTime 0: block numbers must not be served stale after a block was mined or time moved.
  const publicClient = createPublicClient({ chain, transport, pollingInterval, cacheTime: 0 });
  return {
    chain,
    transport,
    publicClient,
    walletClient: (account) => createWalletClient({ account, chain, transport, pollingInterval, cacheTime: 0 }),
  };
}

/** Anvil's cheat codes (time travel, balances, snapshots) plus public actions, for the embedded chain only. */
export function createAnvilTestClient(transport: Transport, chain: Chain) {
  return createTestClient({ mode: 'anvil', chain, transport, cacheTime: 0 }).extend(publicActions);
}
export type AnvilTestClient = ReturnType<typeof createAnvilTestClient>;

/** Checks the endpoint serves the chain the settings say it does. */
export async function assertChainId(publicClient: PublicClient, expected: number): Promise<void> {
  let actual: number;
  try {
    actual = await publicClient.getChainId();
  } catch (e) {
    throw mapChainError(e);
  }
  if (actual !== expected) throw new ChainIdMismatchError(expected, actual);
}
