/**
 * Worker-thread entry of a training job: selects the backend, runs the
 * DP-SGD loop and posts progress and the result. Never runs on the main thread.
 */
import { constants, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend } from './backend.js';
import { isWalletError } from '../../errors.js';
import { TrainingCancelledError } from './errors.js';
import { runTraining } from './train.js';
import type { WorkerJobData, WorkerMessage } from './worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');
const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);

const job = workerData as WorkerJobData;
const stop = new Int32Array(job.stopFlag);

// On Linux this lowers only this thread: the app's main thread keeps answering promptly.
if (job.input.priority !== 'normal') {
  try {
    setPriority(constants.priority.PRIORITY_BELOW_NORMAL);
  } catch {
    // not permitted here: train at normal priority
  }
}

try {
  const t0 = performance.now();
  const backend = await selectBackend(job.input.backend ?? 'auto', job.input.model.topology);
  const backendInitMs = performance.now() - t0;
  post({ type: 'backend', backend });
  const cpu0 = process.cpuUsage();
  const outcome = await runTraining(job.input, {
    startedAt: job.startedAt,
    shouldStop: () => Atomics.load(stop, 0) === 1,
    onProgress: (progress) => post({ type: 'progress', progress }),
    forceMicrobatch: job.forceMicrobatch,
  });
  const cpu = process.cpuUsage(cpu0);
  const { trainMs, ...rest } = outcome;
  const totalMs = Date.now() - job.startedAt;
  const samples = rest.metrics.samplesSeen ?? 0;
  post(
    {
      type: 'result',
      result: {
        ...rest,
        backend,
        timings: {
          backendInitMs,
          trainMs,
          totalMs,
          samplesPerSecond: trainMs > 0 ? (samples * 1000) / trainMs : 0,
          processCpuMs: (cpu.user + cpu.system) / 1000,
        },
      },
    },
    [rest.weightDelta],
  );
} catch (e) {
  if (e instanceof TrainingCancelledError) post({ type: 'cancelled' });
  else {
    // our errors carry no data values; a library's message may, so only its name crosses over
    const code = isWalletError(e) ? ((e as { code?: string }).code ?? null) : null;
    const message = isWalletError(e) ? e.shortMessage : `${e instanceof Error ? e.name : 'failure'} in TensorFlow.js`;
    post({ type: 'error', error: { name: e instanceof Error ? e.name : 'Error', code, message } });
  }
}
