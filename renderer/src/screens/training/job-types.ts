/** Training jobs as the wallet reports them (the contract's schemas) and the arithmetic the screen draws. */
import type { TrainingJob } from '../../../../shared/domain/training.js';

export type { TrainingJob };
export type JobProgress = NonNullable<TrainingJob['progress']>;

/** Jobs still training, results waiting for the owner, and jobs that are over. */
export const RUNNING_STATES: ReadonlySet<string> = new Set(['running']);
export const REVIEW_STATES: ReadonlySet<string> = new Set(['review', 'sending']);

/** Share of the job done, 0–100, from epochs and steps. */
export function percentDone(p: JobProgress | null): number {
  if (!p || p.epochs <= 0 || p.steps <= 0) return 0;
  return Math.min(100, ((p.epoch - 1 + p.step / p.steps) / p.epochs) * 100);
}

/**
 * ε of the lease's budget spent with this job: what earlier results spent
 * plus this job's (its final ε once it has a result, else what it spent so
 * far), against the lease's budget. Jobs from before the wallet kept the
 * lease's budget fall back to the job's own planned ε.
 */
export function epsilonUse(job: TrainingJob): { spent: number; job: number; budget: number; percent: number } {
  const own = job.epsilon ?? job.progress?.epsilonSpent ?? 0;
  const before = job.summary.epsilonBefore ?? 0;
  const budget = job.summary.leaseEpsilon ?? job.summary.epsilon;
  const spent = before + own;
  const percent = budget > 0 ? Math.min(100, (spent / budget) * 100) : spent > 0 ? 100 : 0;
  return { spent, job: own, budget, percent };
}
