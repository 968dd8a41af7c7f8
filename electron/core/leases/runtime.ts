/**
 * The wallet's chain: the embedded Anvil chain by default, or a configured
 * network (JSON-RPC URL, chain id, DataLease address in the vault settings),
 * both reached through the same viem clients and DataLease actions.
 *
 *   const chain = await openWalletChain({ vault, dataDir });
 *   const service = new LeaseService({ vault, chain, audit, now });
 *   …
 *   await chain.stop();   // on lock / quit
 */
import { getAddress, http, isAddress, webSocket, type Address, type LocalAccount, type Transport } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { z } from 'zod';
import { assertChainId, createChainClients, embeddedChainDefinition, type AnvilTestClient } from '../chain/clients.js';
import type { DataLeaseContext } from '../chain/data-lease/context.js';
import { checkDataLeaseContract, deployDataLease, type DataLeaseDeployment } from '../chain/deploy-data-lease.js';
import { startOrAttachEmbeddedChain } from '../chain/attach-embedded-chain.js';
import type { EmbeddedChain, StartEmbeddedChainOptions } from '../chain/embedded-chain.js';
import { prepareEmbeddedChain, type PreparedEmbeddedChain } from '../chain/prepare-embedded-chain.js';
import type { Vault } from '../vault/index.js';
import { WalletNetworkConfigError } from './errors.js';
import { ensureWalletAccount } from './wallet-account.js';

export const NETWORK_SETTING = 'chain.network';

export type NetworkConfig =
  | { kind: 'embedded' }
  | {
      kind: 'rpc';
      /** http(s):// or ws(s):// JSON-RPC endpoint. */
      rpcUrl: string;
      chainId: number;
      contract: Address;
    };

const rpcUrl = z.string().refine((value) => {
  try {
    const u = new URL(value);
    return ['http:', 'https:', 'ws:', 'wss:'].includes(u.protocol);
  } catch {
    return false;
  }
}, 'must be an http(s):// or ws(s):// URL');

const NetworkConfigSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('embedded') }),
  z.strictObject({
    kind: z.literal('rpc'),
    rpcUrl,
    chainId: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    contract: z.string().refine((a) => isAddress(a, { strict: false }), 'must be a 0x address'),
  }),
]);

/** Checks a JSON-RPC URL (http(s):// or ws(s)://); throws WalletNetworkConfigError. */
export function checkRpcUrl(value: string): string {
  const parsed = rpcUrl.safeParse(value);
  if (!parsed.success) throw new WalletNetworkConfigError(`rpcUrl ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
  return parsed.data;
}

/** Checks a network setting and returns it normalised; throws WalletNetworkConfigError. */
export function parseNetworkConfig(value: unknown): NetworkConfig {
  const parsed = NetworkConfigSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'kind';
    throw new WalletNetworkConfigError(`${field} ${issue?.message ?? 'is invalid'}`);
  }
  const v = parsed.data;
  return v.kind === 'embedded' ? v : { ...v, contract: getAddress(v.contract) };
}

export function readNetworkConfig(vault: Vault): NetworkConfig {
  const stored = vault.settings.get(NETWORK_SETTING);
  return stored === undefined ? { kind: 'embedded' } : parseNetworkConfig(stored);
}

export function writeNetworkConfig(vault: Vault, config: NetworkConfig): NetworkConfig {
  const checked = parseNetworkConfig(config);
  vault.settings.set(NETWORK_SETTING, checked);
  return checked;
}

export interface WalletChain {
  kind: NetworkConfig['kind'];
  chainId: number;
  contract: Address;
  /** The wallet's own account (owner of its leases). */
  account: LocalAccount;
  /** For the DataLease actions, signing as `account`. */
  ctx: DataLeaseContext;
  /** The embedded chain (null on a configured network). */
  embedded: EmbeddedChain | null;
  /** Anvil cheat codes, embedded chain only (tests travel in time with it). */
  testClient: AnvilTestClient | null;
  /** What preparing the embedded chain found (lost contract after a state loss…); null on a configured network. */
  prepared: PreparedEmbeddedChain | null;
  /** Stops the embedded chain (state saved); nothing for a configured network. Idempotent. */
  stop(): Promise<void>;
}

export interface OpenWalletChainOptions {
  vault: Vault;
  /** The wallet's data folder; the embedded chain lives in `<dataDir>/chain`. */
  dataDir: string;
  /** Overrides the network stored in the vault settings. */
  network?: NetworkConfig;
  /** Options for the embedded chain (tests: autoRestart, state interval…). */
  embedded?: Omit<StartEmbeddedChainOptions, 'dataDir'>;
  /** Block the views read at; default 'pending' on the embedded chain (an idle chain still expires leases), 'latest' on a network. */
  readBlockTag?: 'latest' | 'pending';
}

function transportFor(url: string): Transport {
  return url.startsWith('ws') ? webSocket(url, { retryCount: 1 }) : http(url, { retryCount: 1 });
}

/** Starts (embedded) or connects to (configured) the wallet's chain and checks the DataLease contract is there. */
export async function openWalletChain(options: OpenWalletChainOptions): Promise<WalletChain> {
  const account = ensureWalletAccount(options.vault);
  const network = options.network ?? readNetworkConfig(options.vault);
  if (network.kind === 'rpc') {
    const chain = embeddedChainDefinition(network.chainId);
    const clients = createChainClients({ transport: transportFor(network.rpcUrl), chain, pollingInterval: 1000 });
    await assertChainId(clients.publicClient, network.chainId);
    await checkDataLeaseContract(clients.publicClient, network.contract);
    return {
      kind: 'rpc',
      chainId: network.chainId,
      contract: network.contract,
      account,
      ctx: { publicClient: clients.publicClient, walletClient: clients.walletClient(account), address: network.contract, readBlockTag: options.readBlockTag ?? 'latest' },
      embedded: null,
      testClient: null,
      prepared: null,
      stop: () => Promise.resolve(),
    };
  }
  const embedded = await startOrAttachEmbeddedChain({ ...options.embedded, dataDir: options.dataDir });
  try {
    const prepared = await prepareEmbeddedChain(embedded, account);
    return {
      kind: 'embedded',
      chainId: embedded.chainId,
      contract: prepared.contract,
      account,
      ctx: { publicClient: embedded.publicClient, walletClient: embedded.walletClient(account), address: prepared.contract, readBlockTag: options.readBlockTag ?? 'pending' },
      embedded,
      testClient: embedded.testClient,
      prepared,
      stop: () => embedded.stop(),
    };
  } catch (e) {
    await embedded.stop();
    throw e;
  }
}

/** For operators: deploys DataLease to a network with the given key; returns the deployment. */
export async function deployToNetwork(params: { rpcUrl: string; chainId: number; privateKey: `0x${string}` }): Promise<DataLeaseDeployment> {
  const chain = embeddedChainDefinition(params.chainId);
  const clients = createChainClients({ transport: transportFor(params.rpcUrl), chain, pollingInterval: 1000 });
  await assertChainId(clients.publicClient, params.chainId);
  const account = privateKeyToAccount(params.privateKey);
  return deployDataLease({ publicClient: clients.publicClient, walletClient: clients.walletClient(account) });
}
