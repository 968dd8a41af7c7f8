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
import { http, webSocket, type Address, type LocalAccount, type Transport } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import type { Vault } from '../vault/index.js';
import { assertChainId, createChainClients, embeddedChainDefinition } from './clients.js';
import type { DataLeaseContext } from './data-lease/context.js';
import { checkDataLeaseContract, deployDataLease, type DataLeaseDeployment } from './deploy-data-lease.js';
import { startOrAttachEmbeddedChain } from './attach-embedded-chain.js';
import type { EmbeddedChain, StartEmbeddedChainOptions } from './embedded-chain.js';
import { readNetworkConfig, type NetworkConfig } from './network-config.js';
import { prepareEmbeddedChain, type PreparedEmbeddedChain } from './prepare-embedded-chain.js';
import { ensureWalletAccount } from './wallet-account.js';

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
  /** What preparing the embedded chain found (lost contract after a state loss…); null on a configured network. */
  prepared: PreparedEmbeddedChain | null;
  /** The embedded chain's "Test Stablecoin (not real money)"; null on a configured network (never deployed there). */
  testStablecoin: Address | null;
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
      prepared: null,
      testStablecoin: null,
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
      prepared,
      testStablecoin: prepared.testStablecoin,
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
