import type { CallMap } from '../../shared/api/client.js';
import type { ApiCallName, ApiCalls } from '../../shared/api/contract.js';
import type { CallInput, CallOutput } from '../../shared/api/client.js';
import type { Wallet } from '../core/wallet/index.js';
import type { CliIo } from './io.js';

type Calls = ApiCalls & CallMap;

/** What every command gets: how to talk, the global flags, and the wallet's API (in-process). */
export interface CliContext {
  io: CliIo;
  vaultDir: string;
  json: boolean;
  debug: boolean;
  /** Runs one API call; returns its result or throws the error rebuilt from its serialised form. */
  call<N extends ApiCallName>(name: N, input: CallInput<Calls, N>): Promise<CallOutput<Calls, N>>;
  /** Unlocks the vault with the passphrase (environment or prompt). */
  unlock(): Promise<void>;
  /** The wallet itself: only for streaming an export to standard output, which no JSON call can carry. */
  wallet: Wallet;
}
