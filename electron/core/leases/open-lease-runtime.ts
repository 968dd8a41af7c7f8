/**
 * The lease machinery wired together for a running wallet (the app, the tray
 * agent, the CLI): the wallet's chain, the audit log and the lease service;
 * reconciliation on start and after every restart of the embedded chain; the
 * expiry scheduler. `stop()` is what locking or quitting calls.
 */
import { AuditLog } from '../audit/index.js';
import type { AuditSink } from '../audit/types.js';
import { isWalletError, type WalletError } from '../errors.js';
import { mapChainError } from '../chain/errors.js';
import { LeaseService, type LeaseServiceHooks, type ReconcileReport, type TickResult } from './lease-service.js';
import { openWalletChain, type OpenWalletChainOptions, type WalletChain } from '../chain/wallet-chain.js';

/** Vault setting (boolean): accept task URLs on loopback/private/link-local hosts (tests and demos only). */
export const ALLOW_LOCAL_TASK_URLS_SETTING = 'leases.allowLocalTaskUrls';

export type LeaseRuntimeEvent =
  | { type: 'reconciled'; trigger: 'start' | 'chain-restart'; report: ReconcileReport }
  | { type: 'tick'; result: TickResult }
  | { type: 'error'; error: WalletError }
  | { type: 'chain-failed'; error: Error };

export interface OpenLeaseRuntimeOptions extends OpenWalletChainOptions {
  /** Unix ms; default Date.now. */
  now?: () => number;
  /** Default: the vault's AuditLog. */
  audit?: AuditSink;
  /** Run the expiry scheduler (default true; the CLI ticks once instead). */
  scheduler?: boolean;
  onEvent?: (event: LeaseRuntimeEvent) => void;
  hooks?: LeaseServiceHooks;
}

export interface LeaseRuntime {
  chain: WalletChain;
  service: LeaseService;
  audit: AuditSink;
  /** What reconciliation on start found. */
  startReport: ReconcileReport;
  /** Stops the scheduler and the embedded chain. Idempotent. */
  stop(): Promise<void>;
}

const asWalletError = (e: unknown): WalletError => (isWalletError(e) ? e : mapChainError(e));

export async function openLeaseRuntime(options: OpenLeaseRuntimeOptions): Promise<LeaseRuntime> {
  const now = options.now ?? Date.now;
  const emit = options.onEvent ?? (() => {});
  const chain = await openWalletChain(options);
  try {
    const audit = options.audit ?? new AuditLog(options.vault, now);
    const service = new LeaseService({
      vault: options.vault,
      chain,
      audit,
      now,
      // A test/demo setting: task URLs on this computer or a private network are accepted.
      allowLocalTaskUrls: options.vault.settings.get(ALLOW_LOCAL_TASK_URLS_SETTING) === true,
      ...(options.hooks && { hooks: options.hooks }),
    });
    const startReport = await service.reconcile();
    emit({ type: 'reconciled', trigger: 'start', report: startReport });
    await service.tick();

    const onRestart = () => {
      service.reconcile().then(
        (report) => emit({ type: 'reconciled', trigger: 'chain-restart', report }),
        (e: unknown) => emit({ type: 'error', error: asWalletError(e) }),
      );
    };
    const onFailed = (error: Error) => emit({ type: 'chain-failed', error });
    chain.embedded?.on('restart', onRestart);
    chain.embedded?.on('failed', onFailed);
    if (options.scheduler ?? true) {
      service.startScheduler({
        onTick: (result) => emit({ type: 'tick', result }),
        onError: (e) => emit({ type: 'error', error: asWalletError(e) }),
      });
    }
    let stopping: Promise<void> | null = null;
    return {
      chain,
      service,
      audit,
      startReport,
      stop: () => {
        stopping ??= (async () => {
          service.stopScheduler();
          chain.embedded?.off('restart', onRestart);
          chain.embedded?.off('failed', onFailed);
          await chain.stop();
        })();
        return stopping;
      },
    };
  } catch (e) {
    await chain.stop();
    throw e;
  }
}
