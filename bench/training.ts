/**
 * Training benchmark: `npm run bench:training` (builds, then runs
 * dist/bench/training.js; 1–3 minutes). For each available TensorFlow.js
 * backend, on the same data in the same run, a 32→64→64→1 MLP (batch 256):
 *
 * 1. bare `model.fit` (no DP): the baseline;
 * 2. DP-SGD with ghost-norm clipping, in-process (the engine's loop);
 * 3. DP-SGD with per-example microbatch clipping (the fallback for layers the
 *    ghost norm does not cover), a short run, to show its cost;
 * 4. the same DP-SGD job through startTrainingJob (worker thread): the
 *    worker's overhead on the training loop and its start-up, and the main
 *    thread's event-loop delay while the job runs (monitorEventLoopDelay).
 *
 * Samples/s count the samples the step saw (DP-SGD's Poisson batches vary
 * around 256). Knobs: BENCH_N (examples, default 16384), BENCH_EPOCHS (3).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../electron/core/training/engine/backend.js';
import { startTrainingJob, type BackendName, type TrainingJobInput } from '../electron/core/training/engine/index.js';
import { runTraining } from '../electron/core/training/engine/train.js';
import { linearData, mlp, modelPayload } from './lib/training-fixtures.js';
import { fmtMs, fmtRate, fmtRatio, machineLine, printTable, verdict, type GoalRow } from './lib/stats.js';

const N = Number(process.env.BENCH_N ?? 16384);
const EPOCHS = Number(process.env.BENCH_EPOCHS ?? 3);
const BATCH = 256;
const GOAL = { dpVsFit: 0.8, workerOverhead: 0.1, loopDelayMs: 20 } as const;

const table: GoalRow[] = [];
const data = linearData(N, 32, 3);

async function job(backend: BackendName, epochs: number): Promise<TrainingJobInput> {
  return {
    model: await modelPayload(mlp(32, 64, 5)),
    optimizer: { name: 'sgd', learningRate: 0.01 },
    loss: 'meanSquaredError',
    batchSize: BATCH,
    epochs,
    data,
    dp: { l2NormClip: 1, noiseMultiplier: 1.1, delta: 1e-5, maxEpsilon: 1e6 },
    wallTimeMs: 600_000,
    backend,
  };
}

async function bareFit(epochs: number): Promise<number> {
  const model = mlp(32, 64, 5);
  model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
  const x = tf.tensor2d(data.x, data.xShape as [number, number]);
  const y = tf.tensor2d(data.y, data.yShape as [number, number]);
  await model.fit(x, y, { batchSize: BATCH, epochs: 1, verbose: 0 }); // warm-up
  const t = performance.now();
  await model.fit(x, y, { batchSize: BATCH, epochs, shuffle: true, verbose: 0 });
  const ms = performance.now() - t;
  tf.dispose([x, y]);
  model.dispose();
  return (N * epochs * 1000) / ms;
}

async function inProcess(backend: BackendName, epochs: number, forceMicrobatch = false): Promise<number> {
  await runTraining(await job(backend, 0.2), { forceMicrobatch }); // warm-up
  const r = await runTraining(await job(backend, epochs), { forceMicrobatch });
  return (r.metrics.samplesSeen! * 1000) / r.trainMs;
}

async function inWorker(backend: BackendName, epochs: number): Promise<{ rate: number; startupMs: number; totalRate: number; p99: number; max: number }> {
  const h = monitorEventLoopDelay({ resolution: 10 });
  const t = performance.now();
  h.enable();
  const r = await startTrainingJob(await job(backend, epochs)).result;
  h.disable();
  const wall = performance.now() - t;
  const samples = r.metrics.samplesSeen!;
  return {
    rate: r.timings.samplesPerSecond,
    startupMs: r.timings.totalMs - r.timings.trainMs,
    totalRate: (samples * 1000) / wall,
    p99: h.percentile(99) / 1e6,
    max: h.max / 1e6,
  };
}

console.log(`Training benchmark: MLP 32→64→64→1, batch ${BATCH}, N=${N}, ${EPOCHS} epochs`);
console.log(machineLine());

for (const backend of ['tensorflow', 'wasm', 'cpu'] as const) {
  let chosen: BackendName;
  try {
    chosen = await selectBackend(backend, {});
  } catch {
    console.log(`\n== ${backend}: not available here, skipped`);
    continue;
  }
  console.log(`\n== ${chosen}`);
  const fit = await bareFit(EPOCHS);
  console.log(`  bare model.fit (no DP)              ${fmtRate(fit).padStart(7)} samples/s`);
  const dp = await inProcess(chosen, EPOCHS);
  console.log(`  DP-SGD ghost norm, in-process       ${fmtRate(dp).padStart(7)} samples/s  ${fmtRatio(dp / fit)} of fit`);
  const micro = await inProcess(chosen, 0.25, true);
  console.log(`  DP-SGD per-example microbatches     ${fmtRate(micro).padStart(7)} samples/s  ${fmtRatio(micro / fit)} of fit`);
  const w = await inWorker(chosen, EPOCHS);
  const overhead = 1 - w.rate / dp;
  console.log(`  DP-SGD ghost norm, worker thread    ${fmtRate(w.rate).padStart(7)} samples/s  ${fmtRatio(w.rate / fit)} of fit; overhead ${(overhead * 100).toFixed(1)}% (start-up ${fmtMs(w.startupMs)}, end to end ${fmtRate(w.totalRate)}/s)`);
  console.log(`  main-thread event-loop delay        p99 ${fmtMs(w.p99)}, max ${fmtMs(w.max)}`);
  table.push(
    { figure: `${chosen}: bare fit samples/s`, value: fmtRate(fit), goal: 'baseline', verdict: 'info' },
    { figure: `${chosen}: DP-SGD ÷ bare fit`, value: fmtRatio(dp / fit), goal: `≥ ${GOAL.dpVsFit}×`, verdict: verdict(dp / fit >= GOAL.dpVsFit) },
    { figure: `${chosen}: microbatch DP ÷ bare fit`, value: fmtRatio(micro / fit), goal: 'fallback cost', verdict: 'info' },
    { figure: `${chosen}: worker overhead (loop)`, value: `${(overhead * 100).toFixed(1)}%`, goal: `≤ ${GOAL.workerOverhead * 100}%`, verdict: verdict(overhead <= GOAL.workerOverhead) },
    { figure: `${chosen}: worker start-up`, value: fmtMs(w.startupMs), goal: 'info', verdict: 'info' },
    { figure: `${chosen}: event-loop delay max`, value: fmtMs(w.max), goal: `< ${GOAL.loopDelayMs} ms`, verdict: verdict(w.max < GOAL.loopDelayMs) },
  );
}

printTable('Summary', table);
console.log(`\n${machineLine()}`);
