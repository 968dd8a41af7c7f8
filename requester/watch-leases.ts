/**
 * Following a requester's leases on the DataLease contract: the status of one
 * lease now, the lease a signed request turned into, and a live feed of
 * grants, revocations, settlements and deliveries.
 */
import {
  BaseError,
  ContractFunctionRevertedError,
  type Address,
  type Chain,
  type ContractEventName,
  type Hash,
  type Hex,
  type PublicClient,
  type Transport,
  type WatchContractEventOnLogsParameter,
} from 'viem';
import { dataLeaseAbi } from '../contracts/artifacts/DataLease.js';
import { interpretStoredLease, type OnChainLeaseFields, type OnChainLeaseStatus } from '../shared/lease/on-chain-lease.js';

type AnyPublicClient = PublicClient<Transport, Chain | undefined>;
/** Decoded DataLease logs (strict: every argument present). */
type Logs = WatchContractEventOnLogsParameter<typeof dataLeaseAbi, ContractEventName<typeof dataLeaseAbi>, true>;

/**
 * A lease's status as the contract's `isActive` would judge it at a block's time:
 * `active` from grant until expiry (exclusive); `expired` once past expiry but
 * not yet settled (the price is still in escrow); `revoked` and `settled` are
 * final; `none` when no lease has this id.
 */
export type LeaseStatus = OnChainLeaseStatus | 'none';

export type LeaseFields = OnChainLeaseFields;

interface StatusAt {
  leaseId: bigint;
  /** The block the status was read at (null for 'pending'), and its time (unix seconds). */
  blockNumber: bigint | null;
  chainTime: bigint;
}

export type LeaseStatusResult =
  | (StatusAt & { status: 'none' })
  | (StatusAt & LeaseFields & { status: Exclude<LeaseStatus, 'none'> });

export interface ReadLeaseStatusOptions {
  /**
   * 'latest' (default) judges expiry by the latest block's time. 'pending'
   * uses the time of the block being built, which is "now" on a dev chain that
   * mines only on demand (its latest block can be hours old).
   */
  blockTag?: 'latest' | 'pending';
}

/** The status and terms of lease `leaseId`, read in one block. Never `throws` for an unknown id (status `none`). */
export async function readLeaseStatus(
  publicClient: AnyPublicClient,
  contract: Address,
  leaseId: bigint,
  { blockTag = 'latest' }: ReadLeaseStatusOptions = {},
): Promise<LeaseStatusResult> {
  const block = await publicClient.getBlock({ blockTag });
  // Read the lease at the block whose time we judge expiry by (pending has no stable number).
  const at = blockTag === 'latest' && block.number !== null ? { blockNumber: block.number } : { blockTag };
  const base: StatusAt = { leaseId, blockNumber: block.number, chainTime: block.timestamp };
  if (leaseId < 1n) return { ...base, status: 'none' };
  let lease;
  try {
    lease = await publicClient.readContract({ address: contract, abi: dataLeaseAbi, functionName: 'getLease', args: [leaseId], ...at });
  } catch (e) {
    if (revertName(e) === 'LeaseNotFound') return { ...base, status: 'none' };
    throw e;
  }
  const read = interpretStoredLease(lease, block.timestamp);
  return read ? { ...base, ...read } : { ...base, status: 'none' };
}

/** The id of the lease granted from `requester`'s request with `nonce`, or null while no one has granted it. */
export async function leaseIdForNonce(publicClient: AnyPublicClient, contract: Address, requester: Address, nonce: bigint): Promise<bigint | null> {
  const id = await publicClient.readContract({ address: contract, abi: dataLeaseAbi, functionName: 'leaseIdByNonce', args: [requester, nonce] });
  return id === 0n ? null : id;
}

/** Name of the contract's custom error in a viem call error, if it reverted with one. */
function revertName(e: unknown): string | undefined {
  if (!(e instanceof BaseError)) return undefined;
  const reverted = e.walk((x) => x instanceof ContractFunctionRevertedError);
  return reverted instanceof ContractFunctionRevertedError ? reverted.data?.errorName : undefined;
}

// ------------------------------------------------------------ watching

interface ChangeBase {
  leaseId: bigint;
  /** The lease's payment token; the zero address is the native currency. Amounts are in its smallest unit. */
  token: Address;
  blockNumber: bigint;
  transactionHash: Hash;
  logIndex: number;
}

/** One event on one of the requester's leases, in chain order. */
export type LeaseChange =
  | (ChangeBase & {
      type: 'granted';
      owner: Address;
      requester: Address;
      /** The nonce of the signed request this lease was granted from. */
      nonce: bigint;
      requestDigest: Hex;
      scopeHash: Hex;
      /** Amount (in `token`) moved from the deposit into escrow. */
      price: bigint;
      start: bigint;
      expiry: bigint;
    })
  | (ChangeBase & { type: 'revoked'; time: bigint; ownerAmount: bigint; requesterRefund: bigint })
  | (ChangeBase & { type: 'settled'; time: bigint; ownerAmount: bigint })
  | (ChangeBase & { type: 'delivery'; resultHash: Hex; count: number; time: bigint });

export interface WatchLeasesParameters {
  publicClient: AnyPublicClient;
  /** The DataLease contract address. */
  contract: Address;
  /** Only this requester's leases are reported. */
  requester: Address;
  /** Called once per change, in chain order (block, then log index); never concurrently. */
  onChange: (change: LeaseChange) => void | Promise<void>;
  /** Transport and read failures (the watch keeps going). Default: ignored. */
  onError?: (error: Error) => void;
  /** Poll every this many ms (HTTP). Default: the client's pollingInterval. */
  pollingInterval?: number;
  /**
   * Report events from this block on, including ones already mined (forces
   * polling). Without it the watch starts at the current block, and events in
   * blocks mined before the watch is set up may be missed.
   */
  fromBlock?: bigint;
}

/**
 * Watches the contract's Granted, Revoked, Settled and DeliveryRecorded events
 * and reports the ones about `requester`'s leases. Returns the function that
 * stops the watch.
 *
 * Only Granted names the requester (as an indexed topic); the other three name
 * just the lease id. So the watch follows all four in one ordered stream,
 * learns ids from Granted events, and reads `getLease` once for an id it has
 * not seen granted (a lease granted before the watch started), caching the
 * answer. Expiry is not an event: use readLeaseStatus for `expired`.
 */
export function watchLeases({ publicClient, contract, requester, onChange, onError, pollingInterval, fromBlock }: WatchLeasesParameters): () => void {
  const me = requester.toLowerCase();
  /** lease id → its token when it is ours, null when not (ids, requesters and tokens never change once granted). */
  const ours = new Map<bigint, Address | null>();
  let stopped = false;
  let queue: Promise<void> = Promise.resolve();

  /** The lease's token if it is one of ours, else null. */
  const oursIn = async (id: bigint): Promise<Address | null> => {
    const known = ours.get(id);
    if (known !== undefined) return known;
    const lease = await publicClient.readContract({ address: contract, abi: dataLeaseAbi, functionName: 'getLease', args: [id] });
    const token = lease.requester.toLowerCase() === me ? lease.token : null;
    ours.set(id, token);
    return token;
  };

  const handle = async (logs: Logs): Promise<void> => {
    for (const log of logs) {
      if (stopped) return;
      if (log.removed || log.blockNumber === null || log.transactionHash === null || log.logIndex === null) continue;
      const at = { blockNumber: log.blockNumber, transactionHash: log.transactionHash, logIndex: log.logIndex };
      let change: LeaseChange | undefined;
      switch (log.eventName) {
        case 'Granted': {
          const a = log.args;
          const mine = a.requester.toLowerCase() === me;
          ours.set(a.id, mine ? a.token : null);
          if (!mine) continue;
          change = {
            type: 'granted',
            leaseId: a.id,
            token: a.token,
            owner: a.owner,
            requester: a.requester,
            nonce: a.nonce,
            requestDigest: a.requestDigest,
            scopeHash: a.scopeHash,
            price: a.price,
            start: a.start,
            expiry: a.expiry,
            ...at,
          };
          break;
        }
        case 'Revoked': {
          const a = log.args;
          const token = await oursIn(a.id);
          if (token === null) continue;
          change = { type: 'revoked', leaseId: a.id, token, time: a.time, ownerAmount: a.ownerAmount, requesterRefund: a.requesterRefund, ...at };
          break;
        }
        case 'Settled': {
          const a = log.args;
          const token = await oursIn(a.id);
          if (token === null) continue;
          change = { type: 'settled', leaseId: a.id, token, time: a.time, ownerAmount: a.ownerAmount, ...at };
          break;
        }
        case 'DeliveryRecorded': {
          const a = log.args;
          const token = await oursIn(a.id);
          if (token === null) continue;
          change = { type: 'delivery', leaseId: a.id, token, resultHash: a.resultHash, count: a.count, time: a.time, ...at };
          break;
        }
        default:
          continue; // Deposited, Withdrawn: balances, not leases.
      }
      if (stopped) return;
      await onChange(change);
    }
  };

  const report = (e: unknown): void => {
    if (stopped || !onError) return;
    onError(e instanceof Error ? e : new Error(String(e)));
  };

  const unwatch = publicClient.watchContractEvent({
    address: contract,
    abi: dataLeaseAbi,
    strict: true,
    ...(pollingInterval === undefined ? {} : { pollingInterval }),
    ...(fromBlock === undefined ? {} : { fromBlock }),
    onLogs: (logs) => {
      // Handled one batch after another, so changes come out in chain order even when a read is needed.
      queue = queue.then(() => handle(logs)).catch(report);
    },
    onError: report,
  });

  return () => {
    stopped = true;
    unwatch();
  };
}
