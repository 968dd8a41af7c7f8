/** Messages between startTrainingJob (main thread) and the worker. Plain data only. */
import type { BackendName, TrainingJobInput, TrainingJobResult, TrainingProgress } from './types.js';

export interface WorkerJobData {
  input: TrainingJobInput;
  /** Int32Array over this buffer; [0] = 1 asks the worker to stop. */
  stopFlag: SharedArrayBuffer;
  startedAt: number;
  forceMicrobatch?: boolean;
}

export interface SerializedError {
  name: string;
  code: string | null;
  message: string;
}

export type WorkerMessage =
  | { type: 'backend'; backend: BackendName }
  | { type: 'progress'; progress: TrainingProgress }
  | { type: 'result'; result: TrainingJobResult }
  | { type: 'cancelled' }
  | { type: 'error'; error: SerializedError };
