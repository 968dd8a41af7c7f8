/**
 * What every lease use case (actions/*.ts) gets first: the vault, the
 * wallet's chain, the audit log and the clock, the read/write/serial
 * plumbing, and the expiry scheduler's state. One per LeaseService.
 */
import type { Address } from 'viem';
import type { AuditEntryInput, AuditSink } from '../audit/types.js';
import type { Connection, Vault } from '../vault/index.js';
import { nativeCurrencyOf, type CurrencyFacts } from './currency.js';
import type { LeaseChain, LeaseServiceHooks, LeaseServiceOptions, TickResult } from './types.js';

export interface SchedulerState {
  timer: NodeJS.Timeout | null;
  schedulerOptions: { onTick?: (r: TickResult) => void; onError?: (e: unknown) => void; retryMs: number } | null;
  ticking: Promise<TickResult> | null;
}

export interface LeaseContext {
  readonly vault: Vault;
  readonly chain: LeaseChain;
  readonly audit: AuditSink;
  /** Unix milliseconds. */
  readonly now: () => number;
  readonly hooks: LeaseServiceHooks;
  readonly allowLocalTaskUrls: boolean;
  /** The currency prices are shown in. */
  readonly currency: CurrencyFacts;
  readonly scheduler: SchedulerState;
  /** The chain and contract this wallet uses now (requests and leases of others are left alone). */
  readonly sameChain: { chainId: number; contract: Address };
  read<T>(fn: (db: Connection) => T): T;
  /** Runs `fn` (rows + audit entries) in one transaction: all of it is stored, or none. */
  write<T>(fn: (db: Connection) => T): T;
  /** Chain writes go one at a time: the wallet account's transaction nonces must not race. */
  serial<T>(fn: () => Promise<T>): Promise<T>;
  log(entry: AuditEntryInput): void;
}

export function createLeaseContext(options: LeaseServiceOptions): LeaseContext {
  const { vault, chain, audit } = options;
  let chainQueue: Promise<unknown> = Promise.resolve();
  return {
    vault,
    chain,
    audit,
    now: options.now ?? Date.now,
    hooks: options.hooks ?? {},
    allowLocalTaskUrls: options.allowLocalTaskUrls ?? false,
    currency: nativeCurrencyOf(options.chain.chainId, options.currency),
    scheduler: { timer: null, schedulerOptions: null, ticking: null },
    sameChain: { chainId: chain.chainId, contract: chain.contract },
    read: (fn) => vault.withDatabase(fn, { write: false }),
    write: (fn) => vault.withDatabase((db) => db.transaction(() => fn(db)).immediate(), { write: true }),
    serial<T>(fn: () => Promise<T>): Promise<T> {
      const run = chainQueue.then(fn, fn);
      chainQueue = run.catch(() => undefined);
      return run;
    },
    log: (entry) => void audit.append(entry),
  };
}
