/**
 * Requester SDK: build and sign lease requests, turn them into deep links,
 * fund the deposit leases are paid from (native currency, or an ERC-20 token
 * with depositToken: approve + deposit), and follow the leases.
 *
 *   const signed = await signLeaseRequest(account, { chainId, verifyingContract }, message);
 *   const link = encodeLeaseLink(signed);   // datawallet://lease-request?r=…
 *   const unwatch = watchLeases({ publicClient, contract, requester, onChange });
 *
 * The `data-wallet-request` CLI (cli.ts) wraps these for a shell.
 */
export { signLeaseRequest, type SignedLeaseRequest, type TypedDataSigner } from './sign-lease-request.js';
export { newLeaseNonce } from './nonce.js';
export { readTokenUnits } from './token-units.js';
export { formatTokenAmount, formatUnitsExact, isNativeToken, type TokenUnits } from '../shared/lease/token-amount.js';
export { deposit, depositToken, withdraw, depositBalance, erc20PaymentAbi, type RequesterClients } from './deposit.js';
export { encodeLeaseLink, decodeLeaseLink, MAX_LEASE_LINK_LENGTH } from '../shared/lease/link.js';
export { hashLeaseRequest, hashLeaseScope, leaseRequestTypedData, LEASE_REQUEST_TYPE } from '../shared/lease/eip712.js';
export type { LeaseRequestMessage } from '../shared/lease/request.js';
export type { LeaseDomainParams } from '../shared/lease/eip712.js';
export {
  readLeaseStatus,
  leaseIdForNonce,
  watchLeases,
  type LeaseStatus,
  type LeaseStatusResult,
  type LeaseFields,
  type LeaseChange,
  type ReadLeaseStatusOptions,
  type WatchLeasesParameters,
} from './watch-leases.js';
export { buildTask, type BuildTaskParams, type BuiltTask } from './training/build-task.js';
export { federatedAverage, updateFromPayload, type ClientUpdate } from './training/fedavg.js';
export { startTaskServer, type TaskServer, type TaskServerOptions, type ReceivedResult } from './training/task-server.js';
export { openResultEnvelope, type ResultPayload } from '../shared/training/result.js';
