/**
 * Errors of the training flow. Tasks come from untrusted requesters: messages
 * name checks, fields, limits and counts, never the task's or the vault's
 * values.
 */
import { WalletError, type WalletErrorContext as Params } from '../errors.js';

/** Why a task is refused before training (stable strings, also written to the audit log). */
export type TaskRefusalReason =
  | 'too-large'
  | 'json'
  | 'duplicate-field'
  | 'schema'
  | 'layer-not-allowed'
  | 'config-not-allowed'
  | 'model-invalid'
  | 'weights-mismatch'
  | 'weights-not-finite'
  | 'input-shape-mismatch'
  | 'output-shape-mismatch'
  | 'over-cap'
  | 'dataset-not-in-lease'
  | 'time-outside-lease'
  | 'result-endpoint-refused'
  | 'no-examples';

/** A task that fails a check; nothing was trained and nothing was read beyond what the check needed. */
export class TaskRefusedError extends WalletError {
  override readonly name = 'TaskRefusedError' as const;
  readonly code = 'TASK_REFUSED' as const;
  readonly reason: TaskRefusalReason;
  /** JSON path of the offending part of the task, when there is one. */
  readonly path: string;
  constructor(reason: TaskRefusalReason, message: string, params: Params & { path?: string } = {}) {
    super(message, { ...params, hint: 'Do not run this task. Tell the requester what was refused so it can publish a corrected task.' });
    this.reason = reason;
    this.path = params.path ?? '';
  }
}

export type TaskFetchFailure = 'url-refused' | 'address-refused' | 'timeout' | 'too-large' | 'http-status' | 'network' | 'file';

/** The task (or a result endpoint) could not be reached or read within the wallet's limits. */
export class TaskFetchError extends WalletError {
  override readonly name = 'TaskFetchError' as const;
  readonly code = 'TASK_FETCH_FAILED' as const;
  readonly failure: TaskFetchFailure;
  constructor(failure: TaskFetchFailure, message: string, params: Params = {}) {
    super(message, {
      ...params,
      hint:
        failure === 'url-refused' || failure === 'address-refused'
          ? 'The wallet only talks to public https addresses. Ask the requester for a public https task address.'
          : 'Try again later; if it keeps failing, ask the requester to check its task server.',
    });
    this.failure = failure;
  }
}

/** Sending a result failed; the result is kept so it can be sent again or discarded. */
export class ResultDeliveryError extends WalletError {
  override readonly name = 'ResultDeliveryError' as const;
  readonly code = 'RESULT_DELIVERY_FAILED' as const;
  constructor(message: string, params: Params = {}) {
    super(message, { ...params, hint: 'The result is kept: send it again later, or discard it.' });
  }
}

export class TrainingJobNotFoundError extends WalletError {
  override readonly name = 'TrainingJobNotFoundError' as const;
  readonly code = 'TRAINING_JOB_NOT_FOUND' as const;
  constructor(id: string, params: Params = {}) {
    super(`There is no training job ${id}.`, { ...params, hint: 'List the jobs to see their ids.' });
  }
}

/** The job is not in a state that allows this action (e.g. send a job still training). */
export class TrainingJobStateError extends WalletError {
  override readonly name = 'TrainingJobStateError' as const;
  readonly code = 'TRAINING_JOB_STATE' as const;
  constructor(message: string, params: Params = {}) {
    super(message, { ...params, hint: 'Check the job’s state first; only a job awaiting review can be sent or discarded.' });
  }
}

/** Another training job is already running (one at a time). */
export class TrainingRunnerBusyError extends WalletError {
  override readonly name = 'TrainingRunnerBusyError' as const;
  readonly code = 'TRAINING_RUNNER_BUSY' as const;
  constructor(params: Params = {}) {
    super('A training job is already running.', { ...params, hint: 'Wait for it to finish, or cancel it first.' });
  }
}

/** The lease's privacy budget (or the owner's own cap) does not allow this task. */
export class PrivacyBudgetError extends WalletError {
  override readonly name = 'PrivacyBudgetError' as const;
  readonly code = 'PRIVACY_BUDGET_EXHAUSTED' as const;
  constructor(message: string, params: Params = {}) {
    super(message, { ...params, hint: 'Nothing more can be trained under this lease; the requester may ask for a new lease.' });
  }
}
