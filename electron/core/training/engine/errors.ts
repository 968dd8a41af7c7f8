import { WalletError, type WalletErrorContext } from '../../errors.js';

/** Parameters the accountant or the engine cannot work with (caller's mistake; nothing ran). */
export class TrainingSettingsError extends WalletError {
  override readonly name = 'TrainingSettingsError' as const;
  readonly code = 'TRAINING_SETTINGS_INVALID' as const;
  constructor(what: string, ctx: WalletErrorContext = {}) {
    super(`Training settings are invalid: ${what}.`, {
      ...ctx,
      hint: 'Correct the value named above; the task or the lease terms have to be changed before training can run.',
    });
  }
}

/** No noise multiplier up to the search limit keeps ε within the target. */
export class PrivacyBudgetUnreachableError extends WalletError {
  override readonly name = 'PrivacyBudgetUnreachableError' as const;
  readonly code = 'PRIVACY_BUDGET_UNREACHABLE' as const;
  constructor(targetEpsilon: number, ctx: WalletErrorContext = {}) {
    super(`No noise level keeps this training within ε = ${targetEpsilon}.`, {
      ...ctx,
      hint: 'Train for fewer epochs, with a smaller batch or on more examples, or allow a larger privacy budget.',
    });
  }
}

/** A job was started while another one runs in this process. */
export class TrainingBusyError extends WalletError {
  override readonly name = 'TrainingBusyError' as const;
  readonly code = 'TRAINING_BUSY' as const;
  constructor(ctx: WalletErrorContext = {}) {
    super('Another training job is already running.', {
      ...ctx,
      hint: 'Wait for it to finish or cancel it, then start this one.',
    });
  }
}

/** The job was cancelled before it finished; it produced no result. */
export class TrainingCancelledError extends WalletError {
  override readonly name = 'TrainingCancelledError' as const;
  readonly code = 'TRAINING_CANCELLED' as const;
  constructor(ctx: WalletErrorContext = {}) {
    super('The training job was cancelled; nothing was produced.', {
      ...ctx,
      hint: 'Start the job again when you want the result.',
    });
  }
}

/** The model, data or backend failed inside the worker. Details never carry data values. */
export class TrainingFailedError extends WalletError {
  override readonly name = 'TrainingFailedError' as const;
  readonly code = 'TRAINING_FAILED' as const;
  constructor(reason: string, ctx: WalletErrorContext = {}) {
    super(`Training failed: ${reason}.`, {
      ...ctx,
      hint: 'Check that the task\'s model matches its features; if it does, report the problem to the requester.',
    });
  }
}
