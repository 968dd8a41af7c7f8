/**
 * The training runner: runs a lease's task on the leased data, one job at a
 * time, and keeps the signed result until the owner sends or discards it.
 *
 *   train(leaseId) ──► task fetched, checked, features built (lease guard)
 *                  ──► job `running` (engine worker, DP-SGD always on)
 *                  ──► `review` (result signed and kept) ──send──► `sent` (egress + recordDelivery)
 *                                                       ──discard─► `discarded`
 *                  ──► `stopped` (revoke, expiry, lock, quit, cancel: nothing sent)
 *
 * A watchdog asks the lease guard every 200 ms while a job runs; when the
 * lease is no longer active (revoked, expired) or the vault is locked, the
 * engine is cancelled (it stops within 1 s) and the job ends `stopped` with
 * no result; so does "pause all leases" (reason `paused`). The privacy budget per lease is the request's maxEpsilonMilli
 * (and the owner's own cap, if lower) minus the ε of earlier results.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Address, LocalAccount } from 'viem';
import type { AuditSink } from '../audit/types.js';
import type { DataLeaseContext } from '../chain/data-lease/context.js';
import { recordDelivery } from '../chain/data-lease/record-delivery.js';
import { isWalletError, type WalletError } from '../errors.js';
import { LeasesPausedError } from '../leases/errors.js';
import type { LeaseService } from '../leases/lease-service.js';
import { readWalletSettings } from '../settings/wallet-settings.js';
import type { Vault } from '../vault/index.js';
import type { TrainingJobResult } from './engine/index.js';
import type { TrainingEngine } from './engine-port.js';
import {

  TaskRefusedError,
  TrainingJobNotFoundError,
  TrainingJobStateError,
  TrainingRunnerBusyError,
} from './errors.js';
import type { LeaseGuard } from './features/build-features.js';
import { leaseTerms, type LeaseTerms } from './lease-terms.js';
import type { AddressPolicy } from './net/address-policy.js';
import { buildSignedResult } from './result/build-result.js';
import { sendEgress } from './result/egress.js';
import * as store from './store.js';
import { readTrainingCaps } from './task/caps.js';
import { DEFAULT_TASK_FETCH_LIMITS, loadTask, type LoadedTask, type TaskFetchLimits, type TaskSource } from './task/load-task.js';
import { prepareTask, type PreparedTask } from './task/prepare-task.js';

export type StopReason = 'revoked' | 'expired' | 'locked' | 'quit' | 'cancelled' | 'paused';

export interface JobProgressView {
  epoch: number;
  epochs: number;
  step: number;
  steps: number;
  loss: number;
  samplesPerSecond: number;
  epsilonSpent: number;
}

export interface JobSummary {
  taskName: string;
  params: number;
  updateBytes: number;
  layers: string[];
  datasets: string[];
  /** Unix ms, inclusive. */
  from: number;
  to: number;
  recordCount: number;
  examples: number;
  epochs: number;
  batchSize: number;
  noiseMultiplier: number;
  clipNorm: number;
  delta: number;
  /** ε the full run spends at most. */
  epsilon: number;
  endpoint: string;
  /** The lease's privacy budget when the job started: min(request's ε, the owner's cap) (absent on older jobs). */
  leaseEpsilon?: number;
  /** ε earlier results of this lease had spent when the job started (absent on older jobs). */
  epsilonBefore?: number;
}

export interface JobView {
  id: string;
  leaseId: string;
  taskHash: string;
  taskSource: string;
  state: store.JobState;
  review: boolean;
  summary: JobSummary;
  progress: JobProgressView | null;
  error: { code: string; reason?: string; message: string } | null;
  epsilon: number | null;
  delta: number | null;
  resultSha256: string | null;
  resultBytes: number | null;
  destination: string | null;
  deliveryTx: string | null;
  createdAt: number;
  finishedAt: number | null;
}

export type TrainingEvent =
  | { type: 'job.progress'; jobId: string; progress: JobProgressView }
  | { type: 'job.state'; jobId: string; state: store.JobState };

export interface LeaseTrainingSettings {
  /** Review results before they leave (default true). */
  review: boolean;
  /** The owner's own ε cap for this lease, ×1000 (null: the lease's). */
  maxEpsilonMilli: number | null;
}

export interface TrainingServiceOptions {
  vault: Vault;
  audit: AuditSink;
  leases: LeaseService;
  engine: TrainingEngine;
  /** Signs results; the lease owner. */
  account: LocalAccount;
  chain: { chainId: number; contract: Address; ctx: DataLeaseContext };
  /** Address policy for task fetches and result posts (allowPrivate only in tests and the demo). */
  policy: AddressPolicy;
  fetchLimits?: TaskFetchLimits;
  now?: () => number;
  onEvent?: (e: TrainingEvent) => void;
  /** Watchdog period (ms); default 200. */
  watchMs?: number;
}

export interface TrainOptions {
  /** Load the task from this file instead of the lease's taskUrl. */
  taskFile?: string;
  onProgress?: (p: JobProgressView) => void;
  /** Fixes sampling and noise: tests only. */
  seed?: number;
}

const LEASE_SETTINGS_PREFIX = 'training.lease.';
const MAX_LIST = 1000;

function newJobId(): string {
  return `job_${randomBytes(8).toString('hex')}`;
}

function errorFacts(e: unknown): { code: string; reason?: string; message: string } {
  if (isWalletError(e)) {
    const w = e as WalletError & { code?: string; reason?: string };
    return { code: w.code ?? w.name, ...(typeof w.reason === 'string' && { reason: w.reason }), message: w.shortMessage };
  }
  return { code: 'INTERNAL', message: 'The training engine failed.' };
}

interface RunningJob {
  id: string;
  leaseId: string;
  cancel: (reason: StopReason) => void;
  done: Promise<JobView>;
}

export class TrainingService {
  readonly #o: Required<Pick<TrainingServiceOptions, 'now' | 'watchMs' | 'fetchLimits'>> & TrainingServiceOptions;
  #running: RunningJob | null = null;

  constructor(options: TrainingServiceOptions) {
    this.#o = { now: Date.now, watchMs: 200, fetchLimits: DEFAULT_TASK_FETCH_LIMITS, ...options };
  }

  // ------------------------------------------------------------ settings

  leaseSettings(leaseId: string): LeaseTrainingSettings {
    const v = this.#o.vault.settings.get(LEASE_SETTINGS_PREFIX + leaseId) as Partial<LeaseTrainingSettings> | undefined;
    // A lease without its own settings follows the owner's privacy defaults.
    const defaults = readWalletSettings(this.#o.vault);
    return {
      review: typeof v?.review === 'boolean' ? v.review : defaults.reviewBeforeSend,
      maxEpsilonMilli: typeof v?.maxEpsilonMilli === 'number' && Number.isInteger(v.maxEpsilonMilli) && v.maxEpsilonMilli >= 0 ? v.maxEpsilonMilli : defaults.maxEpsilonMilli,
    };
  }

  setLeaseSettings(leaseId: string, update: Partial<LeaseTrainingSettings>): LeaseTrainingSettings {
    this.#o.leases.get(leaseId); // the lease must exist
    if (update.maxEpsilonMilli != null && (!Number.isInteger(update.maxEpsilonMilli) || update.maxEpsilonMilli < 0 || update.maxEpsilonMilli > 0xffffffff)) {
      throw new TrainingJobStateError('The privacy cap must be a whole number of milli-ε from 0 to 4294967295.');
    }
    const next = { ...this.leaseSettings(leaseId), ...update };
    this.#o.vault.settings.set(LEASE_SETTINGS_PREFIX + leaseId, { review: next.review, maxEpsilonMilli: next.maxEpsilonMilli });
    return next;
  }

  /** ε this lease can still spend: min(lease budget, owner cap) − ε of earlier results. */
  remainingEpsilon(terms: Pick<LeaseTerms, 'leaseId' | 'maxEpsilonMilli'>): number {
    const { cap, spent } = this.#budget(terms);
    return Math.max(0, cap - spent);
  }

  /** The lease's ε budget (min(lease, owner cap)) and what its jobs have charged so far. */
  #budget(terms: Pick<LeaseTerms, 'leaseId' | 'maxEpsilonMilli'>): { cap: number; spent: number } {
    const own = this.leaseSettings(terms.leaseId).maxEpsilonMilli;
    const cap = Math.min(terms.maxEpsilonMilli, own ?? Number.POSITIVE_INFINITY) / 1000;
    const spent = this.#o.vault.withDatabase((db) => store.epsilonCharged(db, terms.leaseId), { write: false });
    return { cap, spent };
  }

  // ------------------------------------------------------------ queries

  list(limit = 100): JobView[] {
    const n = Math.min(Math.max(1, Math.floor(limit)), MAX_LIST);
    return this.#o.vault.withDatabase((db) => store.listJobs(db, n), { write: false }).map((r) => this.#view({ ...r, result: null }));
  }

  get(id: string): JobView {
    return this.#view(this.#row(id));
  }

  /** The signed envelope of a job awaiting review (or sent), as it would leave. */
  resultBytes(id: string): Uint8Array {
    const row = this.#row(id);
    if (!row.result) throw new TrainingJobStateError(`Job ${id} has no result (it is ${row.state}).`);
    return new Uint8Array(row.result);
  }

  /** The engine's accountant (for previews). */
  get engine(): TrainingEngine {
    return this.#o.engine;
  }

  get runningJobId(): string | null {
    return this.#running?.id ?? null;
  }

  // ------------------------------------------------------------ lifecycle

  /** At start-up: a job left `running` by an ended process is stopped; `sending` goes back to review. */
  recover(): { stopped: string[]; backToReview: string[] } {
    const now = this.#o.now();
    const out = { stopped: [] as string[], backToReview: [] as string[] };
    this.#write((db) => {
      for (const row of store.jobsInStates(db, ['running', 'sending'])) {
        if (row.id === this.#running?.id) continue;
        if (row.state === 'running') {
          store.updateJob(db, row.id, { state: 'stopped', error: JSON.stringify({ code: 'INTERRUPTED', message: 'The app ended while the job ran.' }), finished_at: now, epsilon: null }, now);
          this.#o.audit.append({ type: 'training.job-stopped', subject: `lease:${row.lease_id}`, data: { jobId: row.id, leaseId: row.lease_id, reason: 'interrupted' } });
          out.stopped.push(row.id);
        } else {
          store.updateJob(db, row.id, { state: 'review' }, now);
          out.backToReview.push(row.id);
        }
      }
    });
    return out;
  }

  /** Stops the running job (lock, quit); resolves when it has ended. */
  async stop(reason: StopReason = 'quit'): Promise<void> {
    const r = this.#running;
    if (!r) return;
    r.cancel(reason);
    await r.done.catch(() => undefined);
  }

  /**
   * Cancels a running job. A job run by another process (the tray agent, a
   * CLI `train`) is marked stopped in the vault; its process sees that
   * within the watchdog period and stops the engine.
   */
  async cancel(id: string): Promise<JobView> {
    const r = this.#running;
    const row = this.#row(id);
    if (r && r.id === id) {
      r.cancel('cancelled');
      return r.done;
    }
    const now = this.#o.now();
    const moved = this.#write((db) => {
      const ok = store.transitionJob(db, id, ['running'], { state: 'stopped', epsilon: null, error: JSON.stringify({ code: 'STOPPED', reason: 'cancelled', message: 'The job was stopped (cancelled); nothing was sent.' }), finished_at: now }, now);
      if (ok) this.#o.audit.append({ type: 'training.job-stopped', subject: `lease:${row.lease_id}`, data: { jobId: id, leaseId: row.lease_id, reason: 'cancelled' } });
      return ok;
    });
    if (!moved) throw new TrainingJobStateError(`Job ${id} is not running (it is ${row.state}).`);
    return this.get(id);
  }

  // ------------------------------------------------------------ training

  /**
   * Fetches and checks the lease's task, builds the features, and starts the
   * job. Resolves with the job once it has started; `done` resolves when it
   * ends (review, sent, stopped or failed). Refusals throw before a job exists.
   */
  async train(leaseId: string, options: TrainOptions = {}): Promise<{ job: JobView; done: Promise<JobView> }> {
    if (this.#running) throw new TrainingRunnerBusyError();
    const o = this.#o;
    const terms = leaseTerms(o.vault, o.leases, leaseId);
    const guard: LeaseGuard = (id, kind, t) => o.leases.requireActiveLease(id, kind, t);
    // The lease must be active before anything is fetched.
    guard(terms.leaseId, terms.datasets[0]!, Number(terms.dataFrom) * 1000);
    const source: TaskSource = options.taskFile ? { file: options.taskFile } : { url: terms.taskUrl };
    const loaded = await this.#loadAudited(terms.leaseId, source);
    let prepared: PreparedTask;
    try {
      const caps = readTrainingCaps(o.vault);
      prepared = await prepareTask({ vault: o.vault, task: loaded.task, lease: terms, guard, caps, engine: o.engine, maxEpsilon: Math.min(this.remainingEpsilon(terms), loaded.task.training.targetEpsilon ?? Number.POSITIVE_INFINITY) });
      const left = (terms.expiresAt ?? 0) - o.now();
      if (left < 1000) throw new TaskRefusedError('over-cap', 'The lease ends in less than a second; there is no time to train.');
    } catch (e) {
      this.#auditRefusal(terms.leaseId, loaded.taskHash, e);
      throw e;
    }
    if (this.#running) throw new TrainingRunnerBusyError();
    return this.#start(terms, loaded, prepared, options);
  }

  async #loadAudited(leaseId: string, source: TaskSource): Promise<LoadedTask> {
    try {
      const loaded = await loadTask(source, this.#o.policy, this.#o.fetchLimits);
      this.#o.audit.append({
        type: 'training.task-fetched',
        subject: `lease:${leaseId}`,
        data: { leaseId, taskHash: loaded.taskHash, bytes: loaded.bytes, source: 'url' in source ? source.url : `file:${source.file}` },
      });
      return loaded;
    } catch (e) {
      this.#auditRefusal(leaseId, null, e);
      throw e;
    }
  }

  #auditRefusal(leaseId: string, taskHash: string | null, e: unknown): void {
    const f = errorFacts(e);
    try {
      this.#o.audit.append({
        type: 'training.task-refused',
        subject: `lease:${leaseId}`,
        data: { leaseId, taskHash, code: f.code, reason: f.reason ?? null, path: e instanceof TaskRefusedError ? e.path : null, message: f.message },
      });
    } catch {
      // the vault may be locked: the error itself still reaches the caller
    }
  }

  #start(terms: LeaseTerms, loaded: LoadedTask, prepared: PreparedTask, options: TrainOptions): { job: JobView; done: Promise<JobView> } {
    const o = this.#o;
    const id = newJobId();
    const startedAt = o.now();
    const { task, model, features, privacy } = prepared;
    const budget = this.#budget(terms);
    const summary: JobSummary = {
      taskName: task.name,
      params: model.params,
      updateBytes: model.updateBytes,
      layers: model.layers.map((l) => l.className),
      datasets: features.scope.datasets,
      from: features.scope.fromMs,
      to: features.scope.toMs,
      recordCount: features.recordCount,
      examples: features.examples,
      epochs: task.training.epochs,
      batchSize: task.training.batchSize,
      noiseMultiplier: privacy.noiseMultiplier,
      clipNorm: task.training.clipNorm,
      delta: privacy.delta,
      epsilon: privacy.epsilon,
      endpoint: task.result.endpoint,
      leaseEpsilon: budget.cap,
      epsilonBefore: budget.spent,
    };
    const review = this.leaseSettings(terms.leaseId).review;
    this.#write((db) => {
      store.insertJob(db, {
        id,
        lease_id: terms.leaseId,
        task_hash: loaded.taskHash,
        task_source: loaded.source.kind === 'url' ? loaded.source.url : `file:${loaded.source.path}`,
        state: 'running',
        review: review ? 1 : 0,
        summary: JSON.stringify(summary),
        created_at: startedAt,
      });
      // Charge the planned ε while the job runs, so a second job cannot spend it too.
      store.updateJob(db, id, { epsilon: privacy.epsilon, delta: privacy.delta }, startedAt);
      o.audit.append({
        type: 'training.job-started',
        subject: `lease:${terms.leaseId}`,
        data: { jobId: id, leaseId: terms.leaseId, taskHash: loaded.taskHash, examples: features.examples, epochs: summary.epochs, noiseMultiplier: privacy.noiseMultiplier, epsilon: privacy.epsilon, delta: privacy.delta },
      });
    });
    const weightData = new Float32Array(model.weights.reduce((a, w) => a + w.length, 0));
    let off = 0;
    for (const w of model.weights) {
      weightData.set(w, off);
      off += w.length;
    }
    const wallTimeMs = Math.max(1000, Math.min(readTrainingCapsSafe(o.vault), (terms.expiresAt ?? 0) - o.now()));
    const handle = o.engine.startTrainingJob(
      {
        model: {
          topology: task.model.topology,
          weightSpecs: model.weightShapes.map((shape, i) => ({ name: model.weightNames[i]!, shape, dtype: 'float32' as const })),
          weightData: weightData.buffer,
        },
        optimizer: { name: task.training.optimizer.kind, learningRate: task.training.optimizer.learningRate },
        loss: task.training.loss,
        batchSize: task.training.batchSize,
        epochs: task.training.epochs,
        data: { x: features.x, xShape: [features.examples, ...features.xShape], y: features.y, yShape: [features.examples, ...features.yShape] },
        dp: { l2NormClip: task.training.clipNorm, noiseMultiplier: privacy.noiseMultiplier, delta: privacy.delta, maxEpsilon: privacy.maxEpsilon },
        wallTimeMs,
        ...(options.seed !== undefined && { seed: options.seed }),
      },
      {
        onProgress: (p) => {
          const progress: JobProgressView = { epoch: p.epoch, epochs: p.epochs, step: p.step, steps: p.steps, loss: p.loss, samplesPerSecond: p.samplesPerSecond, epsilonSpent: p.epsilonSpent };
          try {
            this.#write((db) => store.updateJob(db, id, { progress: JSON.stringify(progress) }, o.now()));
          } catch {
            // locked: the watchdog stops the job
          }
          options.onProgress?.(progress);
          o.onEvent?.({ type: 'job.progress', jobId: id, progress });
        },
      },
    );
    let stopReason: StopReason | null = null;
    const cancel = (reason: StopReason) => {
      if (stopReason) return;
      stopReason = reason;
      handle.cancel();
    };
    const watchdog = setInterval(() => {
      if (o.vault.isLocked) return cancel('locked');
      try {
        // Another process may have cancelled the job in the vault.
        if (o.vault.withDatabase((db) => store.getJob(db, id)?.state, { write: false }) !== 'running') return cancel('cancelled');
      } catch {
        return cancel('locked');
      }
      try {
        o.leases.requireActiveLease(terms.leaseId, terms.datasets[0]!, Number(terms.dataFrom) * 1000);
      } catch (e) {
        if (e instanceof LeasesPausedError) return cancel('paused');
        const revoked = (() => {
          try {
            return o.leases.get(terms.leaseId).status === 'revoked';
          } catch {
            return false;
          }
        })();
        cancel(revoked ? 'revoked' : isWalletError(e) && o.now() >= (terms.expiresAt ?? 0) ? 'expired' : 'revoked');
      }
    }, o.watchMs);
    const done = handle.result.then(
      (result) => {
        clearInterval(watchdog);
        if (stopReason) return this.#stopped(id, terms.leaseId, stopReason);
        return this.#finished(id, terms, loaded, prepared, result, startedAt);
      },
      (e: unknown) => {
        clearInterval(watchdog);
        if (stopReason) return this.#stopped(id, terms.leaseId, stopReason);
        return this.#failed(id, terms.leaseId, e);
      },
    ).finally(() => {
      if (this.#running?.id === id) this.#running = null;
    });
    this.#running = { id, leaseId: terms.leaseId, cancel, done };
    o.onEvent?.({ type: 'job.state', jobId: id, state: 'running' });
    return { job: this.get(id), done };
  }

  #stopped(id: string, leaseId: string, reason: StopReason): JobView {
    const now = this.#o.now();
    if (this.#o.vault.isLocked) {
      // Nothing can be written now; `recover()` marks the job stopped at the next unlock.
      return { ...this.#lastView(id), state: 'stopped' };
    }
    this.#write((db) => {
      const error = JSON.stringify({ code: 'STOPPED', reason, message: `The job was stopped (${reason}); nothing was sent.` });
      if (store.transitionJob(db, id, ['running'], { state: 'stopped', epsilon: null, progress: null, error, finished_at: now }, now)) {
        this.#o.audit.append({ type: 'training.job-stopped', subject: `lease:${leaseId}`, data: { jobId: id, leaseId, reason } });
      }
    });
    this.#o.onEvent?.({ type: 'job.state', jobId: id, state: 'stopped' });
    return this.get(id);
  }

  #failed(id: string, leaseId: string, e: unknown): JobView {
    const now = this.#o.now();
    const f = errorFacts(e);
    if (this.#o.vault.isLocked) return { ...this.#lastView(id), state: 'failed' };
    this.#write((db) => {
      store.updateJob(db, id, { state: 'failed', epsilon: null, error: JSON.stringify(f), finished_at: now }, now);
      this.#o.audit.append({ type: 'training.job-failed', subject: `lease:${leaseId}`, data: { jobId: id, leaseId, code: f.code, message: f.message } });
    });
    this.#o.onEvent?.({ type: 'job.state', jobId: id, state: 'failed' });
    return this.get(id);
  }

  async #finished(id: string, terms: LeaseTerms, loaded: LoadedTask, prepared: PreparedTask, result: TrainingJobResult, startedAt: number): Promise<JobView> {
    const o = this.#o;
    const finishedAt = o.now();
    const built = await buildSignedResult({
      account: o.account,
      chainId: o.chain.chainId,
      contract: o.chain.contract,
      leaseId: terms.leaseId,
      taskHash: loaded.taskHash,
      engine: result,
      noiseMultiplier: prepared.privacy.noiseMultiplier,
      clipNorm: prepared.task.training.clipNorm,
      startedAt,
      finishedAt,
    });
    // The lease may have ended while the result was signed.
    try {
      o.leases.requireActiveLease(terms.leaseId, terms.datasets[0]!, Number(terms.dataFrom) * 1000);
    } catch {
      return this.#stopped(id, terms.leaseId, o.leases.get(terms.leaseId).status === 'revoked' ? 'revoked' : 'expired');
    }
    const row = this.#row(id);
    const kept = this.#write((db) => {
      const moved = store.transitionJob(
        db,
        id,
        ['running'],
        {
          state: 'review',
          epsilon: result.epsilonSpent,
          delta: result.delta,
          result: Buffer.from(built.envelope),
          // The hash the owner reviews is the one the egress ledger and the chain will record: sha256 of these exact bytes.
          result_sha256: `0x${createHash('sha256').update(built.envelope).digest('hex')}`,
          result_bytes: built.envelope.byteLength,
          finished_at: finishedAt,
          destination: prepared.task.result.endpoint,
        },
        finishedAt,
      );
      if (!moved) return false; // cancelled by another process meanwhile: the result is dropped
      o.audit.append({
        type: 'training.job-finished',
        subject: `lease:${terms.leaseId}`,
        data: { jobId: id, leaseId: terms.leaseId, examples: result.numExamples, epsilon: result.epsilonSpent, delta: result.delta, backend: result.backend, stopReason: result.stopReason, bytes: built.envelope.byteLength },
      });
      return true;
    });
    if (!kept) return this.get(id);
    o.onEvent?.({ type: 'job.state', jobId: id, state: 'review' });
    if (row.review === 0) {
      try {
        return await this.send(id);
      } catch {
        return this.get(id); // kept in review: the owner can retry or discard
      }
    }
    return this.get(id);
  }

  // ------------------------------------------------------------ review

  /**
   * Sends a job's result (to the task's endpoint, or to `toFile`) through the
   * egress function, then records its sha256 on the contract. Only a job in
   * review under a still-active lease can be sent.
   */
  async send(id: string, options: { toFile?: string } = {}): Promise<JobView> {
    const o = this.#o;
    const row = this.#row(id);
    if (row.state !== 'review' || !row.result) throw new TrainingJobStateError(`Job ${id} is ${row.state}; only a job awaiting review can be sent.`);
    const terms = leaseTerms(o.vault, o.leases, row.lease_id);
    o.leases.requireActiveLease(terms.leaseId, terms.datasets[0]!, Number(terms.dataFrom) * 1000);
    const now = o.now();
    const moved = o.vault.withDatabase((db) => store.transitionJob(db, id, ['review'], { state: 'sending' }, now), { write: true });
    if (!moved) throw new TrainingJobStateError(`Job ${id} is being sent or was decided by another process.`);
    const destination = options.toFile ? { kind: 'file' as const, path: options.toFile } : { kind: 'url' as const, url: row.destination! };
    let receipt;
    try {
      receipt = await sendEgress({ audit: o.audit, policy: o.policy }, { leaseId: row.lease_id, jobId: id, destination, bytes: new Uint8Array(row.result), contentType: 'application/json' });
    } catch (e) {
      this.#write((db) => store.updateJob(db, id, { state: 'review' }, o.now()));
      throw e;
    }
    this.#write((db) => store.updateJob(db, id, { state: 'sent', result_sha256: receipt.sha256, destination: receipt.destination }, o.now()));
    o.onEvent?.({ type: 'job.state', jobId: id, state: 'sent' });
    try {
      const delivered = await o.leases.serialChainWrite(() => recordDelivery(o.chain.ctx, BigInt(row.lease_id), receipt.sha256));
      this.#write((db) => {
        store.updateJob(db, id, { delivery_tx: delivered.transactionHash }, o.now());
        o.audit.append({ type: 'lease.delivery-recorded', subject: `lease:${row.lease_id}`, data: { leaseId: row.lease_id, jobId: id, resultHash: receipt.sha256, tx: delivered.transactionHash } });
      });
    } catch (e) {
      // The result left; only the on-chain note failed. Reported, not retried automatically.
      this.#write((db) => store.updateJob(db, id, { error: JSON.stringify({ ...errorFacts(e), message: 'The result was sent, but recording the delivery on the chain failed.' }) }, o.now()));
    }
    return this.get(id);
  }

  /** Deletes a job's result without sending it. */
  discard(id: string): JobView {
    const o = this.#o;
    const row = this.#row(id);
    const now = o.now();
    this.#write((db) => {
      if (!store.transitionJob(db, id, ['review'], { state: 'discarded', result: null, epsilon: null }, now)) {
        throw new TrainingJobStateError(`Job ${id} is ${row.state}; only a job awaiting review can be discarded.`);
      }
      o.audit.append({ type: 'training.result-discarded', subject: `lease:${row.lease_id}`, data: { jobId: id, leaseId: row.lease_id } });
    });
    o.onEvent?.({ type: 'job.state', jobId: id, state: 'discarded' });
    return this.get(id);
  }

  // ------------------------------------------------------------ plumbing

  #write<T>(fn: (db: Parameters<Parameters<Vault['withDatabase']>[0]>[0]) => T): T {
    return this.#o.vault.withDatabase((db) => db.transaction(() => fn(db)).immediate(), { write: true });
  }

  #row(id: string): store.JobRow {
    if (typeof id !== 'string' || !/^job_[0-9a-f]{16}$/.test(id)) throw new TrainingJobNotFoundError(typeof id === 'string' && id.length <= 40 ? id : '(invalid id)');
    const row = this.#o.vault.withDatabase((db) => store.getJob(db, id), { write: false });
    if (!row) throw new TrainingJobNotFoundError(id);
    return row;
  }

  #lastView(id: string): JobView {
    return {
      id, leaseId: this.#running?.leaseId ?? '', taskHash: '', taskSource: '', state: 'running', review: true,
      summary: {} as JobSummary, progress: null, error: null, epsilon: null, delta: null, resultSha256: null, resultBytes: null,
      destination: null, deliveryTx: null, createdAt: 0, finishedAt: null,
    };
  }

  #view(r: store.JobRow): JobView {
    return {
      id: r.id,
      leaseId: r.lease_id,
      taskHash: r.task_hash,
      taskSource: r.task_source,
      state: r.state,
      review: r.review === 1,
      summary: JSON.parse(r.summary) as JobSummary,
      progress: r.progress ? (JSON.parse(r.progress) as JobProgressView) : null,
      error: r.error ? (JSON.parse(r.error) as JobView['error']) : null,
      epsilon: r.epsilon,
      delta: r.delta,
      resultSha256: r.result_sha256,
      resultBytes: r.result_bytes,
      destination: r.destination,
      deliveryTx: r.delivery_tx,
      createdAt: r.created_at,
      finishedAt: r.finished_at,
    };
  }
}

function readTrainingCapsSafe(vault: Vault): number {
  return readTrainingCaps(vault).maxWallTimeMs;
}

