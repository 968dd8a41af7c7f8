import { parseEventLogs, type Hash, type Hex } from 'viem';
import { hashLeaseRequest } from '../../../../shared/lease/eip712.js';
import type { LeaseRequestMessage } from '../../../../shared/lease/request.js';
import { ChainTransactionError } from '../errors.js';
import { commitGrant } from './commit-grant.js';
import { dataLeaseAbi, sendDataLeaseTransaction, type DataLeaseContext, type SendHooks } from './context.js';

export interface GrantLeaseParameters {
  /** The request exactly as the requester signed it. */
  message: LeaseRequestMessage;
  signature: Hex;
  /** hashLeaseScope() of the granted, possibly narrowed, scope. */
  scopeHash: Hex;
  /** Seconds; at most message.duration. */
  duration: bigint;
  /** The salt of the account's earlier commitGrant() for this request, scope and duration. */
  salt: Hex;
}

export interface GrantLeaseReturnType {
  leaseId: bigint;
  transactionHash: Hash;
  blockNumber: bigint;
  /** Wei moved from the requester's deposit into escrow. */
  price: bigint;
  start: bigint;
  expiry: bigint;
  requestDigest: Hex;
}

/**
 * Second half of a grant: reveals a signed lease request the context's
 * account (the data owner) committed to in an earlier block (commitGrant).
 */
export async function grantLease(ctx: DataLeaseContext, p: GrantLeaseParameters, hooks: SendHooks = {}): Promise<GrantLeaseReturnType> {
  const { hash, receipt } = await sendDataLeaseTransaction(
    ctx,
    'grant',
    [{ ...p.message, datasets: [...p.message.datasets] }, p.signature, p.scopeHash, p.duration, p.salt],
    undefined,
    hooks,
  );
  const [granted] = parseEventLogs({ abi: dataLeaseAbi, eventName: 'Granted', logs: receipt.logs });
  if (!granted) throw new ChainTransactionError('the grant left no Granted event', { details: hash });
  return grantedFacts(granted.args, hash, receipt.blockNumber);
}

/** The Granted event's values as a GrantLeaseReturnType. */
export function grantedFacts(
  args: { id: bigint; price: bigint; start: bigint; expiry: bigint; requestDigest: Hex },
  transactionHash: Hash,
  blockNumber: bigint,
): GrantLeaseReturnType {
  return {
    leaseId: args.id,
    transactionHash,
    blockNumber,
    price: args.price,
    start: args.start,
    expiry: args.expiry,
    requestDigest: args.requestDigest,
  };
}

/**
 * Both halves in a row (commit, wait for its block, grant) with a fresh
 * random salt: for operators, tests and benchmarks. The wallet's lease
 * service runs the halves itself so it can store the salt and each
 * transaction hash before sending.
 */
export async function commitAndGrantLease(
  ctx: DataLeaseContext,
  p: Omit<GrantLeaseParameters, 'salt'> & { salt?: Hex },
): Promise<GrantLeaseReturnType & { commitTransactionHash: Hash }> {
  const salt = p.salt ?? randomSalt();
  const requestDigest = hashLeaseRequest({ chainId: ctx.publicClient.chain.id, verifyingContract: ctx.address }, p.message);
  const committed = await commitGrant(ctx, { requestDigest, scopeHash: p.scopeHash, duration: p.duration, salt });
  const granted = await grantLease(ctx, { ...p, salt });
  return { ...granted, commitTransactionHash: committed.transactionHash };
}

/** 32 random bytes as hex, for a grant commitment. */
export function randomSalt(): Hex {
  const bytes = new Uint8Array(32);
  globalThis.crypto.getRandomValues(bytes);
  return `0x${Buffer.from(bytes).toString('hex')}`;
}
