/**
 * Runs a training job in a worker thread (main-thread side). Does not load
 * TensorFlow.js itself: the worker does, so the caller's event loop stays free.
 */
import { Worker } from 'node:worker_threads';
import { TrainingBusyError, TrainingCancelledError, TrainingFailedError, TrainingSettingsError } from './errors.js';
import type { TrainingJobCallbacks, TrainingJobHandle, TrainingJobInput, TrainingJobResult } from './types.js';
import { validateJobInput } from './validate-input.js';
import type { SerializedError, WorkerJobData, WorkerMessage } from './worker-protocol.js';

/** How long a cooperative stop may take before the worker is terminated. */
const STOP_GRACE_MS = 400;
/**
 * How far past its wall time a worker that has started may run before it is
 * terminated: it stops itself at the limit, then reads back its weights
 * (slower on a loaded machine), so this only catches a worker that hangs.
 */
const WALL_TIME_GRACE_MS = 5000;
/**
 * How long the worker may take to start (load TensorFlow.js, pick and start
 * its backend) before it is terminated. Start-up is not held to the wall-time
 * grace: on a loaded machine it alone can take several seconds, and the
 * worker then stops at its first step (the start-up time still counts
 * toward its wall time).
 */
const STARTUP_LIMIT_MS = 60_000;

let running = false;

/** Whether a job is running in this process. */
export const isTrainingJobRunning = (): boolean => running;

function workerEntry(): URL {
  // From the TypeScript sources (tests, tsx) a small .mjs entry registers tsx in the worker first.
  const fromSource = import.meta.url.endsWith('.ts');
  return new URL(fromSource ? './worker-from-source.mjs' : './worker.js', import.meta.url);
}

function rebuildError(e: SerializedError): Error {
  if (e.code === 'TRAINING_SETTINGS_INVALID') {
    return new TrainingSettingsError(e.message.replace(/^Training settings are invalid: /, '').replace(/\.$/, ''));
  }
  return new TrainingFailedError(e.message.replace(/^Training failed: /, '').replace(/\.$/, ''), { details: `${e.name}${e.code ? ` (${e.code})` : ''}` });
}

export interface StartTrainingJobOptions extends TrainingJobCallbacks {
  /** Benchmarks only: clip per microbatch even where ghost norms apply. */
  forceMicrobatch?: boolean;
}

/**
 * Starts `input` in a worker thread. Validates the input first (throws
 * TrainingSettingsError synchronously); throws TrainingBusyError while another
 * job runs. The result promise settles only after the worker has exited.
 */
export function startTrainingJob(input: TrainingJobInput, options: StartTrainingJobOptions = {}): TrainingJobHandle {
  validateJobInput(input);
  if (running) throw new TrainingBusyError();
  running = true;

  const stopFlag = new SharedArrayBuffer(4);
  const stop = new Int32Array(stopFlag);
  const startedAt = Date.now();
  const data: WorkerJobData = { input, stopFlag, startedAt, forceMicrobatch: options.forceMicrobatch };
  const entry = workerEntry();
  let worker: Worker;
  try {
    worker = new Worker(entry, {
      workerData: data,
      ...(input.maxMemoryMb ? { resourceLimits: { maxOldGenerationSizeMb: input.maxMemoryMb } } : {}),
    });
  } catch (e) {
    running = false;
    throw new TrainingFailedError('the training worker could not be started', { cause: e });
  }

  let cancelled = false;
  let outcome: { ok: true; value: TrainingJobResult } | { ok: false; error: Error } | null = null;
  const timers: NodeJS.Timeout[] = [];

  const result = new Promise<TrainingJobResult>((resolve, reject) => {
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'backend') {
        // Started: from now on the wall time (counted from startedAt) plus the grace bounds the run.
        clearTimeout(startupDeadline);
        if (outcome) return;
        const left = Math.max(0, startedAt + input.wallTimeMs - Date.now());
        timers.push(setTimeout(() => endOverdue('the job did not stop at its wall-time limit and was ended'), left + WALL_TIME_GRACE_MS));
      } else if (m.type === 'progress') {
        if (!cancelled) options.onProgress?.(m.progress);
      } else if (m.type === 'result') {
        outcome ??= { ok: true, value: m.result };
        void worker.terminate();
      } else if (m.type === 'error') {
        outcome ??= { ok: false, error: rebuildError(m.error) };
        void worker.terminate();
      } else if (m.type === 'cancelled') {
        void worker.terminate();
      }
    });
    worker.on('error', (e: Error & { code?: string }) => {
      const reason =
        e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'the job ran out of its memory limit' : 'the training worker crashed';
      outcome ??= { ok: false, error: new TrainingFailedError(reason, { details: e.name }) };
    });
    worker.on('exit', (code) => {
      for (const t of timers) clearTimeout(t);
      running = false;
      if (cancelled) return reject(new TrainingCancelledError());
      if (outcome?.ok) return resolve(outcome.value);
      if (outcome) return reject(outcome.error);
      reject(new TrainingFailedError(`the training worker stopped unexpectedly (exit code ${code})`));
    });
  });

  // a caller that cancels and never awaits must not crash the process with an unhandled rejection
  result.catch(() => undefined);

  function endOverdue(reason: string): void {
    outcome ??= { ok: false, error: new TrainingFailedError(reason) };
    void worker.terminate();
  }
  // A worker that never reports its backend is ended after the start-up limit (or its wall time, if longer).
  const startupDeadline = setTimeout(
    () => endOverdue('the training worker did not start in time and was ended'),
    Math.max(STARTUP_LIMIT_MS, input.wallTimeMs + WALL_TIME_GRACE_MS),
  );
  timers.push(startupDeadline);

  return {
    result,
    cancel(): void {
      if (cancelled || outcome) return;
      cancelled = true;
      Atomics.store(stop, 0, 1);
      timers.push(setTimeout(() => void worker.terminate(), STOP_GRACE_MS));
    },
  };
}
