/**
 * Chain area: the embedded Anvil chain (IPC only, state in the wallet folder),
 * viem clients for it or a configured network, DataLease deployment and the
 * contract's actions, and the mapping of chain failures to WalletErrors.
 */
export { resolveAnvilBinary } from './anvil-binary.js';
export {
  EMBEDDED_CHAIN_ID,
  embeddedChainDefinition,
  createChainClients,
  createAnvilTestClient,
  assertChainId,
  type ChainClients,
  type ChainPublicClient,
  type ChainWalletClient,
  type AnvilTestClient,
} from './clients.js';
export {
  startEmbeddedChain,
  CHAIN_FOLDER,
  STATE_FILE,
  type EmbeddedChain,
  type EmbeddedChainEvents,
  type EmbeddedChainStartInfo,
  type StartEmbeddedChainOptions,
  type ChainExitEvent,
} from './embedded-chain.js';
export { resolveIpcPath, maxUnixSocketPathBytes, type IpcPath } from './ipc-path.js';
export type { StateRecovery } from './state-file.js';
export { deployDataLease, checkDataLeaseContract, type DataLeaseDeployment } from './deploy-data-lease.js';
export { prepareEmbeddedChain, DEPLOYMENT_FILE, type PreparedEmbeddedChain } from './prepare-embedded-chain.js';
export { fundAccount, type FundAccountOptions } from './fund-account.js';
export { waitForReceipt } from './wait-for-receipt.js';
export type { DataLeaseContext, SendHooks } from './data-lease/context.js';
export { grantLease, commitAndGrantLease, randomSalt, type GrantLeaseParameters, type GrantLeaseReturnType } from './data-lease/grant-lease.js';
export { commitGrant, grantCommitment, readCommitment, type CommitGrantReturnType } from './data-lease/commit-grant.js';
export { revokeLease, type RevokeLeaseReturnType } from './data-lease/revoke-lease.js';
export { settleLease, type SettleLeaseReturnType } from './data-lease/settle-lease.js';
export { recordDelivery, type RecordDeliveryReturnType } from './data-lease/record-delivery.js';
export { readLease, isLeaseActive, findLeaseByNonce, type OnChainLease, type OnChainLeaseStatus } from './data-lease/read-lease.js';
export { readBalance, withdrawBalance } from './data-lease/withdraw-balance.js';
export * from './errors.js';
export { openWalletChain, deployToNetwork, type WalletChain, type OpenWalletChainOptions } from './wallet-chain.js';
export { parseNetworkConfig, readNetworkConfig, writeNetworkConfig, checkRpcUrl, NETWORK_SETTING, type NetworkConfig } from './network-config.js';
export { ensureWalletAccount, readWalletAccount, WALLET_KEY_SETTING } from './wallet-account.js';
export * from './errors.js';
