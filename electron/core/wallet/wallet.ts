/**
 * The composition root: one long-lived object per data folder that owns the
 * vault session, the audit log, the lease runtime (chain connection, lease
 * service, expiry scheduler), the running import and the wallet's events.
 * The desktop main process, browser mode, the tray agent and the CLI all
 * open one and reach it through the API router (../api/router.ts).
 *
 *   const wallet = await openWallet({ dataDir });
 *   await wallet.unlock({ passphrase });   // vault open; chain + scheduler too with chain.start 'unlock'
 *   …
 *   await wallet.lock();                   // scheduler and chain stopped, then the vault locked
 *   await wallet.close();
 *
 * Locking and unlocking are serialised, so a lock that arrives while the
 * chain is starting waits for it and then stops it: nothing keeps running
 * against a locked vault. Tests open several wallets in one process, each on
 * its own folder and injected clock.
 */
import { join } from 'node:path';
import type { Address } from 'viem';
import { serializeError } from '../../../shared/errors/serialize.js';
import { WalletClosedError } from '../../../shared/errors/api-errors.js';
import { AuditLog } from '../audit/index.js';
import type { StartEmbeddedChainOptions } from '../chain/embedded-chain.js';
import { openLeaseRuntime, type LeaseRuntime, type LeaseRuntimeEvent } from '../leases/open-lease-runtime.js';
import type { NetworkConfig } from '../chain/network-config.js';
import { ensureWalletAccount, readWalletAccount } from '../chain/wallet-account.js';
import {
  createVault,
  KeychainUnavailableError,
  keychainUnlockBackend,
  recoverVault,
  unlockVault,
  VaultLockedError,
  type KeychainSealer,
  type UnlockSecret,
  type Vault,
  type VaultOptions,
} from '../vault/index.js';
import type { KeychainUnavailableReason } from '../vault/errors.js';
import { readPauseState, setLeasesPaused, type PauseState } from '../leases/pause.js';
import { dueExpiryNotices } from '../notifications/expiry-notices.js';
import { SettingNeedsDesktopError } from '../settings/errors.js';
import { readWalletSettings, updateWalletSettings, type WalletSettings } from '../settings/wallet-settings.js';
import type { SettingsView } from '../../../shared/domain/settings.js';
import { fileExists } from '../vault/fs-exists.js';
import { vaultPaths } from '../vault/paths.js';
import { WalletEvents } from './events.js';
import { defaultTrainingEngine, TrainingService, type TrainingEngine } from '../training/index.js';

/** Vault setting for tests and the demo only: allow http:// to loopback and private task and result addresses (the lease area's setting). */
export { ALLOW_LOCAL_TASK_URLS_SETTING as ALLOW_PRIVATE_ADDRESSES_SETTING } from '../leases/open-lease-runtime.js';
import { ALLOW_LOCAL_TASK_URLS_SETTING as ALLOW_PRIVATE_ADDRESSES_SETTING } from '../leases/open-lease-runtime.js';

export interface WalletChainOptions {
  /** Overrides the network stored in the vault settings. */
  network?: NetworkConfig;
  /** Options for the embedded chain (tests: autoRestart, state interval…). */
  embedded?: Omit<StartEmbeddedChainOptions, 'dataDir'>;
  /** Block the contract views read at (see openWalletChain). */
  readBlockTag?: 'latest' | 'pending';
  /**
   * When the chain starts: `unlock` (desktop, tray: with the vault, so the
   * scheduler expires leases on time) or `demand` (CLI: at the first call
   * that needs it; due expiries are handled then). Default `unlock`.
   */
  start?: 'unlock' | 'demand';
  /** Run the expiry scheduler (default: true with start 'unlock', false with 'demand'). */
  scheduler?: boolean;
}

/** What the OS keychain offers this process: a sealer, or why there is none. */
export type KeychainAccess = { ok: true; sealer: KeychainSealer } | { ok: false; reason: Exclude<KeychainUnavailableReason, 'desktop-only'> };

/**
 * What only the desktop app can do, handed to the core by the Electron shell
 * (browser mode and the CLI have none of it): the OS keychain and the
 * launch-at-login item.
 */
export interface WalletHost {
  /** Asked each time it is needed (the keychain backend is known only after the app is ready). */
  keychain?: () => KeychainAccess;
  loginItem?: { get(): boolean; set(enabled: boolean): void };
}

export interface OpenWalletOptions {
  /** Desktop-only powers (keychain, login item); absent in browser mode and the CLI. */
  host?: WalletHost;
  /** How often the wallet looks for leases about to end (default 30 s; with the scheduler only). */
  expiryNoticeEveryMs?: number;
  /** The wallet's data folder: the vault in `<dataDir>/vault`, the embedded chain in `<dataDir>/chain`. */
  dataDir: string;
  /** Another vault folder than `<dataDir>/vault` (the CLI's --vault). */
  vaultDir?: string;
  /** Unix ms; default Date.now. Tests move it together with the chain. */
  clock?: () => number;
  /** Vault options (KDF cost for new passphrase wraps, unlock check). */
  vault?: Omit<VaultOptions, 'now'>;
  chain?: WalletChainOptions;
  /** The training engine (default: DP-SGD in a worker thread). */
  trainingEngine?: TrainingEngine;
}

export class Wallet {
  readonly dataDir: string;
  readonly vaultDir: string;
  readonly events = new WalletEvents();
  readonly now: () => number;
  readonly #options: OpenWalletOptions;
  #vault: Vault | null = null;
  #audit: AuditLog | null = null;
  #runtime: Promise<LeaseRuntime> | null = null;
  #training: { runtime: LeaseRuntime; service: TrainingService } | null = null;
  #import: AbortController | null = null;
  #expiryTimer: NodeJS.Timeout | null = null;
  /** Leases already announced as ending soon (once per lease while this wallet runs). */
  readonly #announcedExpiries = new Set<string>();
  #closed = false;
  /** Lifecycle steps (unlock, lock, chain start) run one at a time. */
  #lifecycle: Promise<unknown> = Promise.resolve();

  constructor(options: OpenWalletOptions) {
    this.#options = options;
    this.dataDir = options.dataDir;
    this.vaultDir = options.vaultDir ?? join(options.dataDir, 'vault');
    this.now = options.clock ?? Date.now;
  }

  // ---------------------------------------------------------------- state

  get isUnlocked(): boolean {
    return this.#vault !== null && !this.#vault.isLocked;
  }

  /** The unlocked vault; VaultLockedError when locked. */
  get vault(): Vault {
    this.#assertOpen();
    if (!this.#vault || this.#vault.isLocked) throw new VaultLockedError();
    return this.#vault;
  }

  /** The vault's audit log (on the wallet's clock). */
  get audit(): AuditLog {
    const vault = this.vault;
    if (!this.#audit) this.#audit = new AuditLog(vault, this.now);
    return this.#audit;
  }

  /** Whether a vault exists in the vault folder. */
  vaultExists(): Promise<boolean> {
    return fileExists(vaultPaths(this.vaultDir).keys);
  }

  /** The wallet's own account address, or null when locked or not created yet. Never writes. */
  accountAddress(): Address | null {
    return this.isUnlocked ? (readWalletAccount(this.vault)?.address ?? null) : null;
  }

  // ---------------------------------------------------------------- lifecycle

  /** Creates a vault, keeps it unlocked, creates the wallet account; returns the recovery key (shown once). */
  create(passphrase: string): Promise<{ recoveryKey: string; account: Address }> {
    return this.#serial(async () => {
      this.#assertOpen();
      const { vault, recoveryKey } = await createVault(this.vaultDir, passphrase, this.#vaultOptions());
      const account = ensureWalletAccount(vault).address;
      await this.#adopt(vault);
      return { recoveryKey, account };
    });
  }

  /** Unlocks with the passphrase or the recovery key. Already unlocked: nothing to do. */
  unlock(secret: UnlockSecret): Promise<void> {
    return this.#serial(async () => {
      this.#assertOpen();
      if (this.isUnlocked) return;
      await this.#adopt(await unlockVault(this.vaultDir, secret, this.#vaultOptions()));
    });
  }

  /** Sets a new passphrase with the recovery key; the wallet is unlocked afterwards. */
  recover(recoveryKey: string, newPassphrase: string): Promise<void> {
    return this.#serial(async () => {
      this.#assertOpen();
      const vault = await recoverVault(this.vaultDir, recoveryKey, newPassphrase, this.#vaultOptions());
      if (this.isUnlocked) vault.lock();
      else await this.#adopt(vault);
    });
  }

  /** Unlocks with the system keychain (desktop app); KeychainUnavailableError elsewhere, KeychainUnlockError when it does not open the vault. */
  unlockWithKeychain(): Promise<void> {
    const sealer = this.#keychainSealer();
    return this.unlock({ keychain: sealer });
  }

  /** Turns keychain unlock on (the passphrase is checked first). */
  async enableKeychainUnlock(passphrase: string): Promise<{ backend: string }> {
    const sealer = this.#keychainSealer();
    const vault = this.vault;
    const result = await vault.enableKeychainUnlock(passphrase, sealer);
    this.audit.append({ type: 'vault.keychain-enabled', data: { backend: result.backend } });
    return result;
  }

  /** Turns keychain unlock off (works everywhere, so browser mode and the CLI can remove it too). */
  async disableKeychainUnlock(): Promise<void> {
    if (await this.vault.disableKeychainUnlock()) this.audit.append({ type: 'vault.keychain-disabled', data: {} });
  }

  /**
   * Re-encrypts the vault under a new data key (see Vault.rotateDataKey). The
   * rotation drops the keychain wrap (it sealed the old key); when keychain
   * unlock was on and the keychain is here, it is turned on again for the
   * new key, so the owner does not lose it silently.
   */
  async rotateDataKey(passphrase: string): Promise<{ recoveryKey: string; keychainKept: boolean }> {
    const vault = this.vault;
    const hadKeychain = (await keychainUnlockBackend(this.vaultDir)) !== null;
    const { recoveryKey } = await vault.rotateDataKey(passphrase);
    let keychainKept = false;
    if (hadKeychain && this.#keychainAccess().ok) {
      try {
        await this.enableKeychainUnlock(passphrase);
        keychainKept = true;
      } catch (e) {
        this.events.emit('wallet.error', serializeError(e));
      }
    }
    return { recoveryKey, keychainKept };
  }

  #keychainAccess(): KeychainAccess | { ok: false; reason: 'desktop-only' } {
    return this.#options.host?.keychain?.() ?? { ok: false, reason: 'desktop-only' };
  }

  #keychainSealer(): KeychainSealer {
    const access = this.#keychainAccess();
    if (!access.ok) throw new KeychainUnavailableError(access.reason);
    return access.sealer;
  }

  // ---------------------------------------------------------------- settings and pause

  /** Every setting as the front ends show it. */
  async settings(): Promise<SettingsView> {
    const values = readWalletSettings(this.vault);
    const leases = readPauseState(this.vault);
    const backend = await keychainUnlockBackend(this.vaultDir);
    const access = this.#keychainAccess();
    return {
      ...values,
      leases,
      keychain: { enabled: backend !== null, backend, available: access.ok, unavailableReason: access.ok ? null : access.reason },
      launchAtLogin: this.#options.host?.loginItem ? this.#options.host.loginItem.get() : null,
    };
  }

  /** Changes settings (checked first); launch at login only in the desktop app. */
  async updateSettings(patch: Partial<WalletSettings> & { launchAtLogin?: boolean }): Promise<SettingsView> {
    const { launchAtLogin, ...values } = patch;
    const loginItem = this.#options.host?.loginItem;
    if (launchAtLogin !== undefined && !loginItem) throw new SettingNeedsDesktopError('launchAtLogin');
    const before = readWalletSettings(this.vault);
    const after = updateWalletSettings(this.vault, this.audit, values);
    if (launchAtLogin !== undefined) loginItem!.set(launchAtLogin);
    if ((Object.keys(after) as (keyof WalletSettings)[]).some((k) => after[k] !== before[k])) this.events.emit('settings.changed', after);
    return this.settings();
  }

  /** Whether all leases are paused (read from the vault: another process's pause shows). */
  pauseState(): PauseState {
    return readPauseState(this.vault);
  }

  /** Pauses or resumes all leases; nothing is revoked. A running training job stops (reason `paused`). */
  setLeasesPaused(paused: boolean): PauseState {
    const { changed, ...state } = setLeasesPaused(this.vault, this.audit, paused, this.now());
    if (changed) this.events.emit('leases.paused', state);
    return state;
  }

  /** Checks a recovery key opens the vault; changes nothing. */
  async verifyRecoveryKey(recoveryKey: string): Promise<void> {
    this.#assertOpen();
    (await unlockVault(this.vaultDir, { recoveryKey }, { ...this.#vaultOptions(), verifyOnUnlock: 'none' })).lock();
  }

  /** Stops the scheduler and the chain, cancels a running import, then locks the vault. Idempotent. */
  lock(reason: 'user' | 'closed' = 'user'): Promise<void> {
    return this.#serial(() => this.#lockNow(reason));
  }

  /** Locks and makes every later call fail with WalletClosedError. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    await this.lock('closed');
    this.#closed = true;
  }

  /**
   * The lease runtime (chain, lease service, scheduler), started at unlock or
   * on first use. Reconciliation with the chain runs when it starts.
   */
  async leases(): Promise<LeaseRuntime> {
    const vault = this.vault;
    if (this.#runtime) return this.#runtime;
    return this.#serial(() => {
      if (this.#vault !== vault || vault.isLocked) throw new VaultLockedError();
      return this.#startRuntime(vault);
    });
  }

  /**
   * Runs `fn` with the lease runtime stopped (e.g. to switch networks: the
   * embedded chain has one owner), then starts it again if it starts with
   * the vault.
   */
  withLeasesStopped<T>(fn: (vault: Vault) => Promise<T>): Promise<T> {
    return this.#serial(async () => {
      const vault = this.vault;
      const runtime = this.#runtime;
      this.#runtime = null;
      const training = this.#training;
      this.#training = null;
      if (training) await training.service.stop('quit');
      if (runtime) await runtime.then((rt) => rt.stop(), () => undefined);
      try {
        return await fn(vault);
      } finally {
        if ((this.#options.chain?.start ?? 'unlock') === 'unlock' && !vault.isLocked) {
          await this.#startRuntime(vault).catch((e: unknown) => this.events.emit('wallet.error', serializeError(e)));
        }
      }
    });
  }

  /**
   * The training runner over the lease runtime (started on first use). A job
   * left running by an ended process is marked stopped here only by a
   * wallet whose chain starts with the vault (the app or tray, the owner of
   * background jobs), never by a CLI run.
   */
  async training(): Promise<TrainingService> {
    const rt = await this.leases();
    if (this.#training?.runtime === rt) return this.#training.service;
    const vault = this.vault;
    const service = new TrainingService({
      vault,
      audit: this.audit,
      leases: rt.service,
      engine: this.#options.trainingEngine ?? defaultTrainingEngine,
      account: rt.chain.account,
      chain: { chainId: rt.chain.chainId, contract: rt.chain.contract, ctx: rt.chain.ctx },
      policy: { allowPrivate: vault.settings.get(ALLOW_PRIVATE_ADDRESSES_SETTING) === true },
      now: this.now,
      onEvent: (e) => {
        if (e.type === 'job.progress') this.events.emit('training.progress', { jobId: e.jobId, progress: e.progress });
        else this.events.emit('training.job', { jobId: e.jobId, state: e.state });
      },
    });
    if ((this.#options.chain?.start ?? 'unlock') === 'unlock') service.recover();
    this.#training = { runtime: rt, service };
    return service;
  }

  // ---------------------------------------------------------------- imports

  /** Registers the import about to run; only one runs at a time (the vault refuses a second). */
  beginImport(): AbortController {
    const controller = new AbortController();
    this.#import = controller;
    return controller;
  }

  endImport(controller: AbortController): void {
    if (this.#import === controller) this.#import = null;
  }

  /** Cancels the running import; false when none runs. */
  cancelImport(): boolean {
    if (!this.#import || this.#import.signal.aborted) return false;
    this.#import.abort();
    return true;
  }

  // ---------------------------------------------------------------- internals

  #assertOpen(): void {
    if (this.#closed) throw new WalletClosedError();
  }

  #vaultOptions(): VaultOptions {
    return { ...this.#options.vault, now: this.now };
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#lifecycle.then(fn, fn);
    this.#lifecycle = run.catch(() => undefined);
    return run;
  }

  async #adopt(vault: Vault): Promise<void> {
    this.#vault = vault;
    this.#audit = null;
    this.events.emit('vault.unlocked', this.statusNow());
    if ((this.#options.chain?.start ?? 'unlock') === 'unlock') {
      try {
        await this.#startRuntime(vault);
      } catch (e) {
        // The vault stays usable without a chain; lease calls retry the start.
        this.events.emit('wallet.error', serializeError(e));
      }
    }
  }

  async #startRuntime(vault: Vault): Promise<LeaseRuntime> {
    if (this.#runtime) return this.#runtime;
    const chain = this.#options.chain ?? {};
    const onDemand = (chain.start ?? 'unlock') === 'demand';
    const starting = openLeaseRuntime({
      vault,
      dataDir: this.dataDir,
      now: this.now,
      audit: this.audit,
      scheduler: chain.scheduler ?? !onDemand,
      onEvent: (event) => this.#onRuntimeEvent(event),
      ...(chain.network && { network: chain.network }),
      ...(chain.embedded && { embedded: chain.embedded }),
      ...(chain.readBlockTag && { readBlockTag: chain.readBlockTag }),
    });
    this.#runtime = starting;
    try {
      const rt = await starting;
      if (chain.scheduler ?? !onDemand) this.#startExpiryNotices(vault, rt);
      return rt;
    } catch (e) {
      if (this.#runtime === starting) this.#runtime = null;
      throw e;
    }
  }

  #onRuntimeEvent(event: LeaseRuntimeEvent): void {
    switch (event.type) {
      case 'reconciled':
        this.events.emit('leases.reconciled', { trigger: event.trigger === 'start' ? 'unlock' : 'chain-restart', report: event.report });
        break;
      case 'tick':
        for (const leaseId of [...event.result.expired, ...event.result.settled]) this.#emitLeaseChanged(leaseId);
        break;
      case 'error':
        this.events.emit('wallet.error', serializeError(event.error));
        break;
      case 'chain-failed':
        this.events.emit('chain.failed', serializeError(event.error));
        break;
    }
  }

  /** Emits leases.changed for a lease as it is stored now. */
  #emitLeaseChanged(leaseId: string): void {
    void this.#runtime?.then((rt) => {
      try {
        const view = rt.service.get(leaseId);
        this.events.emit('leases.changed', { id: view.id, leaseId: view.leaseId, status: view.status });
      } catch {
        // locked meanwhile: the next unlock reconciles
      }
    }, () => undefined);
  }

  /** Emits `leases.expiring` once per lease when an active lease ends within the owner's notice time. */
  #startExpiryNotices(vault: Vault, rt: LeaseRuntime): void {
    if (this.#expiryTimer) clearInterval(this.#expiryTimer);
    const check = () => {
      if (vault.isLocked || this.#vault !== vault) return;
      void rt.service.list({ chain: false }).then(
        (leases) => {
          if (vault.isLocked) return;
          const lead = readWalletSettings(vault).expiryNoticeMinutes;
          for (const notice of dueExpiryNotices(leases, this.now(), lead, this.#announcedExpiries)) this.events.emit('leases.expiring', notice);
        },
        () => undefined,
      );
    };
    this.#expiryTimer = setInterval(check, this.#options.expiryNoticeEveryMs ?? 30_000);
    this.#expiryTimer.unref();
    check();
  }

  async #lockNow(reason: 'user' | 'closed'): Promise<void> {
    if (this.#expiryTimer) clearInterval(this.#expiryTimer);
    this.#expiryTimer = null;
    this.#import?.abort();
    const training = this.#training;
    this.#training = null;
    if (training) await training.service.stop(reason === 'closed' ? 'quit' : 'locked');
    const runtime = this.#runtime;
    this.#runtime = null;
    if (runtime) {
      try {
        await (await runtime).stop();
      } catch {
        // a runtime that failed to start has nothing to stop
      }
    }
    const wasUnlocked = this.isUnlocked;
    this.#vault?.lock();
    this.#vault = null;
    this.#audit = null;
    if (wasUnlocked) this.events.emit('vault.locked', { reason });
  }

  /** Status from what is in memory (exists is true while unlocked). */
  statusNow(): { exists: boolean; unlocked: boolean; recoveryKeyWorks: boolean | null; account: string | null } {
    const unlocked = this.isUnlocked;
    return {
      exists: unlocked,
      unlocked,
      recoveryKeyWorks: unlocked ? this.vault.hasRecoveryKey : null,
      account: this.accountAddress(),
    };
  }
}

/** Opens the wallet of a data folder (nothing is unlocked yet). */
export function openWallet(options: OpenWalletOptions): Promise<Wallet> {
  return Promise.resolve(new Wallet(options));
}
