import { encodeAbiParameters, keccak256, parseEventLogs, type Address, type Hash, type Hex } from 'viem';
import { ChainTransactionError, mapChainError } from '../errors.js';
import { dataLeaseAbi, sendDataLeaseTransaction, type DataLeaseContext, type SendHooks } from './context.js';

export interface GrantCommitmentParameters {
  /** EIP-712 digest of the signed request. */
  requestDigest: Hex;
  /** The account that will grant (and own) the lease. */
  owner: Address;
  /** hashLeaseScope() of the granted scope. */
  scopeHash: Hex;
  /** Granted seconds. */
  duration: bigint;
  /** 32 secret random bytes, kept until the grant is revealed. */
  salt: Hex;
}

/**
 * The contract's makeCommitment(), computed locally: keccak256 of the ABI
 * encoding of (requestDigest, owner, scopeHash, uint64 duration, salt).
 * It reveals nothing about the request without the salt.
 */
export function grantCommitment(p: GrantCommitmentParameters): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: 'bytes32' }, { type: 'address' }, { type: 'bytes32' }, { type: 'uint64' }, { type: 'bytes32' }],
      [p.requestDigest, p.owner, p.scopeHash, p.duration, p.salt],
    ),
  );
}

export interface CommitGrantReturnType {
  commitment: Hex;
  transactionHash: Hash;
  blockNumber: bigint;
}

/**
 * First half of a grant: commits the context's account to granting a request
 * with this scope, duration and salt. The grant (grantLease with the same
 * salt) must come in a later block.
 */
export async function commitGrant(
  ctx: DataLeaseContext,
  p: Omit<GrantCommitmentParameters, 'owner'>,
  hooks: SendHooks = {},
): Promise<CommitGrantReturnType> {
  const owner = ctx.walletClient?.account.address;
  if (!owner) throw new ChainTransactionError('no account to sign with', { details: 'commit needs a wallet client' });
  const commitment = grantCommitment({ ...p, owner });
  const { hash, receipt } = await sendDataLeaseTransaction(ctx, 'commit', [commitment], undefined, hooks);
  const [event] = parseEventLogs({ abi: dataLeaseAbi, eventName: 'Committed', logs: receipt.logs });
  if (!event) throw new ChainTransactionError('the commit left no Committed event', { details: hash });
  return { commitment, transactionHash: hash, blockNumber: receipt.blockNumber };
}

/** The block at which `committer` committed `commitment`, or null when it has no such commitment. */
export async function readCommitment(ctx: DataLeaseContext, committer: Address, commitment: Hex): Promise<bigint | null> {
  try {
    const at = await ctx.publicClient.readContract({
      address: ctx.address,
      abi: dataLeaseAbi,
      functionName: 'commitments',
      args: [committer, commitment],
      blockTag: ctx.readBlockTag ?? 'pending',
    });
    return at === 0n ? null : at;
  } catch (e) {
    throw mapChainError(e);
  }
}
