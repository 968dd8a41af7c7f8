/**
 * The wallet's commit-reveal grant, step by step with every transaction
 * recorded before it leaves the process (see contracts/DataLease.sol on why a
 * grant is committed first: a mempool observer cannot take it).
 *
 *   lease row (submitting, secret salt stored)
 *     ──commit tx (hash stored first; skipped when the chain already holds
 *                  this account's commitment)──► mined
 *     ──grant tx  (hash stored first)──► mined ──► Granted event
 *
 * Used by approve (first attempt) and by reconcile (a later attempt), which
 * decide what a failure means for the local records.
 */
import type { Hash, Hex } from 'viem';
import { commitGrant, grantCommitment, readCommitment } from '../chain/data-lease/commit-grant.js';
import { grantLease, grantedFacts, type GrantLeaseReturnType } from '../chain/data-lease/grant-lease.js';
import { dataLeaseAbi } from '../chain/data-lease/context.js';
import { mapChainError } from '../chain/errors.js';
import type { LeaseRequestMessage } from '../../../shared/lease/request.js';
import { parseEventLogs, TransactionNotFoundError, TransactionReceiptNotFoundError } from 'viem';
import type { LeaseChain } from './lease-service.js';
import type { LeaseRow } from './store.js';

export interface GrantFlowRecorder {
  /** Stores a transaction hash on the lease row before the transaction is broadcast. */
  recordSent(field: 'commit_tx' | 'grant_tx', hash: Hash): void;
}

/** Commits (unless this account's commitment is already on the chain) and reveals the grant. */
export async function sendCommittedGrant(
  chain: LeaseChain,
  row: LeaseRow,
  message: LeaseRequestMessage,
  signature: Hex,
  salt: Hex,
  recorder: GrantFlowRecorder,
  duration: bigint = BigInt(row.duration),
): Promise<GrantLeaseReturnType> {
  const p = { requestDigest: row.request_digest, scopeHash: row.scope_hash, duration, salt };
  const commitment = grantCommitment({ ...p, owner: chain.account.address });
  if ((await readCommitment(chain.ctx, chain.account.address, commitment)) === null) {
    await commitGrant(chain.ctx, p, { onSigned: (h) => recorder.recordSent('commit_tx', h) });
  }
  return grantLease(chain.ctx, { message, signature, scopeHash: row.scope_hash, duration, salt }, {
    onSigned: (h) => recorder.recordSent('grant_tx', h),
  });
}

export type SentTransactionState =
  /** Mined: the grant it made (null for a reverted or non-grant transaction). */
  | { kind: 'mined'; success: boolean; granted: GrantLeaseReturnType | null }
  /** Known to the node and waiting to be mined. */
  | { kind: 'pending' }
  /** Unknown to the node: never arrived, or dropped (or the chain's state was lost). */
  | { kind: 'unknown' };

/** What the chain knows of a transaction the wallet sent, by its hash. */
export async function lookUpTransaction(chain: LeaseChain, hash: Hash): Promise<SentTransactionState> {
  const client = chain.ctx.publicClient;
  try {
    const receipt = await client.getTransactionReceipt({ hash });
    const [event] = parseEventLogs({ abi: dataLeaseAbi, eventName: 'Granted', logs: receipt.logs });
    return {
      kind: 'mined',
      success: receipt.status === 'success',
      granted: event ? grantedFacts(event.args, hash, receipt.blockNumber) : null,
    };
  } catch (e) {
    if (!(e instanceof TransactionReceiptNotFoundError)) throw mapChainError(e);
  }
  try {
    await client.getTransaction({ hash });
    return { kind: 'pending' };
  } catch (e) {
    if (e instanceof TransactionNotFoundError) return { kind: 'unknown' };
    throw mapChainError(e);
  }
}
