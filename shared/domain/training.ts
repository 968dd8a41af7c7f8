/** Training jobs, previews and per-lease training settings as they cross the API (see electron/core/training). */
import { z } from 'zod';
import { TimeMs } from './json.js';

export const JobState = z.enum(['running', 'review', 'sending', 'sent', 'discarded', 'stopped', 'failed']);

export const JobProgress = z.object({
  epoch: z.number(),
  epochs: z.number(),
  step: z.number(),
  steps: z.number(),
  loss: z.number(),
  samplesPerSecond: z.number(),
  epsilonSpent: z.number(),
});

/** What a task would do, and did, on the owner's data: the figures a preview and a job share. */
const TaskFigures = z.object({
  taskName: z.string(),
  params: z.number().int(),
  updateBytes: z.number().int(),
  datasets: z.array(z.string()),
  from: TimeMs,
  to: TimeMs,
  recordCount: z.number().int(),
  examples: z.number().int(),
  epochs: z.number().int(),
  batchSize: z.number().int(),
  noiseMultiplier: z.number(),
  delta: z.number(),
  epsilon: z.number(),
  endpoint: z.string(),
});

export const JobSummary = TaskFigures.extend({
  layers: z.array(z.string()),
  clipNorm: z.number(),
  /** The lease's privacy budget when the job started (min of the request's ε and the owner's cap); absent on jobs from before it was kept. */
  leaseEpsilon: z.number().optional(),
  /** ε earlier results of the lease had spent when the job started; absent on jobs from before it was kept. */
  epsilonBefore: z.number().optional(),
});

export const TrainingJob = z.object({
  id: z.string(),
  leaseId: z.string(),
  taskHash: z.string(),
  taskSource: z.string(),
  state: JobState,
  review: z.boolean(),
  summary: JobSummary,
  progress: JobProgress.nullable(),
  error: z.object({ code: z.string(), reason: z.string().optional(), message: z.string() }).nullable(),
  epsilon: z.number().nullable(),
  delta: z.number().nullable(),
  resultSha256: z.string().nullable(),
  resultBytes: z.number().int().nullable(),
  destination: z.string().nullable(),
  deliveryTx: z.string().nullable(),
  createdAt: TimeMs,
  finishedAt: TimeMs.nullable(),
});
export type TrainingJob = z.infer<typeof TrainingJob>;

export const TaskPreview = z.discriminatedUnion('ok', [
  TaskFigures.extend({
    ok: z.literal(true),
    taskHash: z.string(),
    layers: z.array(z.object({ className: z.string(), outputShape: z.array(z.number()), params: z.number().int() })),
    maxEpsilon: z.number(),
  }),
  z.object({ ok: z.literal(false), taskHash: z.string().nullable(), code: z.string(), reason: z.string().nullable(), path: z.string().nullable(), message: z.string() }),
]);

export const LeaseTrainingSettings = z.object({ review: z.boolean(), maxEpsilonMilli: z.number().int().nullable() });
