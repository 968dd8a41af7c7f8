/** A training job as the wallet reports it (the training service's JobView). */
export interface JobProgress {
  epoch: number;
  epochs: number;
  step: number;
  steps: number;
  loss: number;
  samplesPerSecond: number;
  epsilonSpent: number;
}

export interface TrainingJob {
  id: string;
  leaseId: string;
  state: string;
  review: boolean;
  summary: { taskName: string; updateBytes: number; layers: string[]; datasets: string[]; examples: number; epochs: number; epsilon: number; endpoint: string };
  progress: JobProgress | null;
  error: { code: string; message: string } | null;
  epsilon: number | null;
  resultSha256: string | null;
  resultBytes: number | null;
  destination: string | null;
  createdAt: number;
  finishedAt: number | null;
}

/** Share of the job done, 0–100, from epochs and steps. */
export function percentDone(p: JobProgress | null): number {
  if (!p || p.epochs <= 0 || p.steps <= 0) return 0;
  return Math.min(100, ((p.epoch - 1 + p.step / p.steps) / p.epochs) * 100);
}
