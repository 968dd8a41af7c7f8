/**
 * Errors of the chain area: starting and stopping the embedded chain, talking
 * to a chain over RPC, and DataLease reverts. Raw viem errors are mapped here
 * (`mapChainError`) so callers only ever see WalletErrors. Messages never carry
 * private keys or signed payloads; RPC details are reduced to viem's short
 * message.
 */
import { BaseError, ContractFunctionRevertedError } from 'viem';
import { WalletError, isWalletError, type WalletErrorContext as Params } from '../errors.js';


export class AnvilBinaryNotFoundError extends WalletError {
  override readonly name = 'AnvilBinaryNotFoundError' as const;
  readonly code = 'ANVIL_NOT_INSTALLED' as const;
  constructor(platform: string, params: Params = {}) {
    super(`The embedded chain (Anvil) is not installed for this platform (${platform}).`, {
      ...params,
      hint: 'Reinstall Data Wallet (the embedded chain ships with it), or use a configured network instead.',
    });
  }
}

export class ChainIpcPathTooLongError extends WalletError {
  override readonly name = 'ChainIpcPathTooLongError' as const;
  readonly code = 'CHAIN_IPC_PATH_TOO_LONG' as const;
  constructor(length: number, limit: number, params: Params = {}) {
    super(`The chain's socket path is too long for this system (${length} bytes; the limit is ${limit}).`, {
      ...params,
      hint: 'Move the data folder to a shorter path, or allow the fallback to a private folder under the system temp directory.',
    });
  }
}

export class ChainAlreadyRunningError extends WalletError {
  override readonly name = 'ChainAlreadyRunningError' as const;
  readonly code = 'CHAIN_ALREADY_RUNNING' as const;
  constructor(params: Params = {}) {
    super('Another embedded chain is already running on this data folder.', {
      ...params,
      hint: 'Close the other Data Wallet window or command using this folder, then try again.',
    });
  }
}

export class ChainStartError extends WalletError {
  override readonly name = 'ChainStartError' as const;
  readonly code = 'CHAIN_START_FAILED' as const;
  constructor(reason: string, params: Params = {}) {
    super(`The embedded chain did not start: ${reason}.`, {
      ...params,
      hint: 'Try again. If it keeps failing, report it with the debug details; your leases are kept in the chain folder.',
    });
  }
}

export class ChainNotRunningError extends WalletError {
  override readonly name = 'ChainNotRunningError' as const;
  readonly code = 'CHAIN_NOT_RUNNING' as const;
  constructor(params: Params = {}) {
    super('The embedded chain is not running.', {
      ...params,
      hint: 'Unlock the wallet to start it again.',
    });
  }
}

export class ChainIdMismatchError extends WalletError {
  override readonly name = 'ChainIdMismatchError' as const;
  readonly code = 'CHAIN_ID_MISMATCH' as const;
  readonly expected: number;
  readonly actual: number;
  constructor(expected: number, actual: number, params: Params = {}) {
    super(`The chain answered with chain id ${actual}, but ${expected} is configured.`, {
      ...params,
      hint: 'Check the RPC URL and chain id in the settings: they must point at the same network.',
    });
    this.expected = expected;
    this.actual = actual;
  }
}

export class ContractNotDeployedError extends WalletError {
  override readonly name = 'ContractNotDeployedError' as const;
  readonly code = 'CONTRACT_NOT_DEPLOYED' as const;
  constructor(address: string, params: Params = {}) {
    super(`There is no DataLease contract at ${address} on this chain.`, {
      ...params,
      hint: 'Check the contract address in the settings, or deploy the contract to that network.',
    });
  }
}

export class ChainRpcError extends WalletError {
  override readonly name = 'ChainRpcError' as const;
  readonly code = 'CHAIN_RPC_FAILED' as const;
  constructor(shortMessage: string, params: Params = {}) {
    super(`The chain did not answer as expected: ${shortMessage}`, {
      ...params,
      hint: 'Check that the chain is running (for a configured network: the RPC URL and your connection), then try again.',
    });
  }
}

export class ChainTransactionError extends WalletError {
  override readonly name = 'ChainTransactionError' as const;
  readonly code = 'CHAIN_TRANSACTION_FAILED' as const;
  constructor(shortMessage: string, params: Params = {}) {
    super(`The transaction was not accepted: ${shortMessage}`, {
      ...params,
      hint: 'Nothing was changed on the chain. Check the account has funds for gas, then try again.',
    });
  }
}

/**
 * A transaction was signed and (possibly) broadcast, but no receipt came: it
 * may still be mined. Not a refusal: the caller keeps its records and
 * resolves it later by the transaction hash.
 */
export class TransactionUnconfirmedError extends WalletError {
  override readonly name = 'TransactionUnconfirmedError' as const;
  readonly code = 'TRANSACTION_UNCONFIRMED' as const;
  readonly functionName: string;
  readonly transactionHash: `0x${string}`;
  constructor(functionName: string, transactionHash: `0x${string}`, params: Params = {}) {
    super(`The ${functionName} transaction was sent, but the chain has not confirmed it yet.`, {
      ...params,
      details: params.details ?? transactionHash,
      hint: 'It may still go through. Check again later; the wallet looks it up by its transaction hash and does not send it twice.',
    });
    this.functionName = functionName;
    this.transactionHash = transactionHash;
  }
}

export class WalletNetworkConfigError extends WalletError {
  override readonly name = 'WalletNetworkConfigError' as const;
  readonly code = 'NETWORK_CONFIG_INVALID' as const;
  constructor(problem: string, params: Params = {}) {
    super(`The network setting is not valid: ${problem}.`, {
      ...params,
      hint: 'Choose the network again: the embedded chain, or a JSON-RPC URL with its chain id and DataLease contract address.',
    });
  }
}

/** The stored account key is not a key (the vault settings were edited or damaged). */
export class WalletAccountDamagedError extends WalletError {
  override readonly name = 'WalletAccountDamagedError' as const;
  readonly code = 'WALLET_ACCOUNT_DAMAGED' as const;
  constructor(params: Params = {}) {
    super('The wallet account stored in the vault is damaged.', {
      ...params,
      hint: 'Nothing was replaced, so leases granted by it are not orphaned. Restore the vault from a backup.',
    });
  }
}

// ------------------------------------------------------------ DataLease reverts

/** Names of the contract's custom errors, as in contracts/DataLease.sol. */
export type DataLeaseErrorName =
  | 'ZeroAmount'
  | 'ZeroAddress'
  | 'InsufficientBalance'
  | 'TransferFailed'
  | 'Reentrancy'
  | 'RequestExpired'
  | 'NonceAlreadyUsed'
  | 'InvalidDuration'
  | 'PriceTooLarge'
  | 'InvalidScopeHash'
  | 'InvalidSignatureLength'
  | 'InvalidSignatureV'
  | 'InvalidSignatureS'
  | 'InvalidSignature'
  | 'SignerMismatch'
  | 'InsufficientDeposit'
  | 'LeaseNotFound'
  | 'NotLeaseOwner'
  | 'LeaseNotActive'
  | 'LeaseNotExpired'
  | 'LeaseClosed'
  | 'InvalidResultHash'
  | 'ZeroCommitment'
  | 'CommitmentNotFound'
  | 'CommitmentTooNew'
  | 'NativeIsNotAToken'
  | 'FeeOnTransferRefused'
  | 'SafeERC20FailedOperation';

const REVERT_TEXT: Record<DataLeaseErrorName, { message: string; hint: string }> = {
  ZeroAmount: { message: 'The amount must be more than zero.', hint: 'Enter an amount above zero.' },
  ZeroAddress: { message: 'The account address is empty.', hint: 'Enter the account to credit.' },
  InsufficientBalance: {
    message: 'The balance is smaller than the amount to withdraw.',
    hint: 'Withdraw at most the available balance.',
  },
  TransferFailed: {
    message: 'The payout could not be sent to the account.',
    hint: 'The receiving account refused the payment; the balance is unchanged. Withdraw to an ordinary account.',
  },
  Reentrancy: { message: 'The contract refused a nested call.', hint: 'Send the transactions one after the other.' },
  RequestExpired: {
    message: 'The lease request has expired.',
    hint: 'Ask the requester for a new request; its deadline has passed.',
  },
  NonceAlreadyUsed: {
    message: 'This lease request has already been granted.',
    hint: 'A request can be granted once. Check your leases, or ask the requester for a new request.',
  },
  InvalidDuration: {
    message: 'The lease duration is not allowed.',
    hint: 'Choose a duration above zero and no longer than the requester asked for.',
  },
  PriceTooLarge: { message: 'The requested price is larger than any deposit can cover.', hint: 'Decline this request.' },
  InvalidScopeHash: { message: 'The lease scope is missing.', hint: 'This is a bug in the wallet; please report it.' },
  InvalidSignatureLength: {
    message: "The requester's signature is malformed.",
    hint: 'Decline this request and ask the requester for a new link.',
  },
  InvalidSignatureV: {
    message: "The requester's signature is malformed.",
    hint: 'Decline this request and ask the requester for a new link.',
  },
  InvalidSignatureS: {
    message: "The requester's signature is not in canonical form.",
    hint: 'Decline this request and ask the requester for a new link.',
  },
  InvalidSignature: {
    message: "The requester's signature is not valid.",
    hint: 'Decline this request: it was not signed correctly.',
  },
  SignerMismatch: {
    message: 'The request was not signed by the requester it names.',
    hint: 'Decline this request: it may have been forged or altered.',
  },
  InsufficientDeposit: {
    message: "The requester's deposit does not cover the price.",
    hint: 'Ask the requester to top up their deposit, or choose a shorter duration.',
  },
  LeaseNotFound: { message: 'There is no such lease on the chain.', hint: 'Check the lease id.' },
  NotLeaseOwner: { message: 'Only the data owner who granted this lease can do that.', hint: 'Use the account that granted it.' },
  LeaseNotActive: {
    message: 'The lease is not active (it has expired or was revoked).',
    hint: 'An expired lease is settled, not revoked.',
  },
  LeaseNotExpired: { message: 'The lease has not expired yet.', hint: 'Settle it after its expiry time, or revoke it now.' },
  LeaseClosed: { message: 'The lease is already closed (revoked or settled).', hint: 'Nothing more to do for this lease.' },
  InvalidResultHash: { message: 'The delivery receipt has no result hash.', hint: 'This is a bug in the wallet; please report it.' },
  ZeroCommitment: { message: 'The grant commitment is empty.', hint: 'This is a bug in the wallet; please report it.' },
  CommitmentNotFound: {
    message: 'This account did not commit to this grant beforehand.',
    hint: 'A grant must be committed in an earlier block by the account that grants it; approve the request again from the wallet.',
  },
  CommitmentTooNew: {
    message: 'The grant commitment is from the current block.',
    hint: 'Wait for the next block, then send the grant again.',
  },
  NativeIsNotAToken: {
    message: 'The zero address stands for the native currency, not a token.',
    hint: 'Deposit the native currency without naming a token.',
  },
  FeeOnTransferRefused: {
    message: 'The token delivered a different amount than was sent (it charges a fee or rebases on transfer).',
    hint: 'Pay in a token that transfers exact amounts; nothing was deposited.',
  },
  SafeERC20FailedOperation: {
    message: 'The token refused the transfer or is not an ERC-20 token.',
    hint: 'Check the token address, the balance and the approval given to the lease contract.',
  },
};

/** A DataLease function reverted with one of its custom errors. */
export class DataLeaseRevertError extends WalletError {
  override readonly name = 'DataLeaseRevertError' as const;
  readonly code = 'CHAIN_CONTRACT_REVERTED' as const;
  readonly reason: DataLeaseErrorName;
  /** The error's arguments as the contract gave them (ids, amounts, addresses). */
  readonly args: readonly unknown[];
  constructor(reason: DataLeaseErrorName, args: readonly unknown[], params: Params = {}) {
    const text = REVERT_TEXT[reason];
    super(text.message, { ...params, hint: text.hint, details: params.details ?? `${reason}(${args.map(String).join(', ')})` });
    this.reason = reason;
    this.args = args;
  }
}

function isDataLeaseErrorName(name: string): name is DataLeaseErrorName {
  return Object.prototype.hasOwnProperty.call(REVERT_TEXT, name);
}

const TRANSPORT_ERRORS = new Set([
  'HttpRequestError',
  'WebSocketRequestError',
  'SocketClosedError',
  'TimeoutError',
  'RpcRequestError',
  'UnknownRpcError',
]);
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']);

function hasSocketCode(e: unknown): boolean {
  return typeof e === 'object' && e !== null && SOCKET_CODES.has(String((e as { code?: unknown }).code));
}

/** The first socket error code (ECONNREFUSED…) in the cause chain, for details. */
function socketCode(e: unknown): string | undefined {
  for (let cur = e, depth = 0; cur && depth < 10; cur = (cur as { cause?: unknown }).cause, depth++) {
    if (hasSocketCode(cur)) return String((cur as { code: unknown }).code);
  }
  return undefined;
}

/**
 * Maps anything a chain call threw to a WalletError: DataLease custom errors
 * to DataLeaseRevertError, other reverts and rejected transactions to
 * ChainTransactionError, transport problems to ChainRpcError. WalletErrors
 * pass through unchanged.
 */
export function mapChainError(error: unknown): WalletError {
  if (isWalletError(error)) return error;
  if (error instanceof BaseError) {
    const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (revert instanceof ContractFunctionRevertedError) {
      const name = revert.data?.errorName;
      if (name && isDataLeaseErrorName(name)) {
        return new DataLeaseRevertError(name, revert.data?.args ?? [], { cause: error });
      }
      return new ChainTransactionError(revert.reason ?? revert.shortMessage, { cause: error, details: revert.signature });
    }
    const rpcLike = error.walk((e) => (e instanceof BaseError && TRANSPORT_ERRORS.has(e.name)) || hasSocketCode(e));
    if (rpcLike) {
      const text = rpcLike instanceof BaseError ? rpcLike.shortMessage : 'the connection to the chain failed.';
      return new ChainRpcError(text, { cause: error, details: socketCode(error) });
    }
    return new ChainTransactionError(error.shortMessage, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ChainRpcError(message.split('\n')[0] ?? 'unknown error', { cause: error });
}
