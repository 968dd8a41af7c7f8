import { WalletError } from '../core/errors.js';

/** The CLI could not get a secret it needs. */
export class SecretUnavailableError extends WalletError {
  override readonly name = 'SecretUnavailableError';
  readonly code = 'SECRET_UNAVAILABLE' as const;
  constructor(what: string, envVar: string) {
    super(`No ${what} given.`, {
      hint: `Set ${envVar} or run the command in a terminal to be asked for it.`,
    });
  }
}

/** Two entries of a new passphrase differ. */
export class PassphraseMismatchError extends WalletError {
  override readonly name = 'PassphraseMismatchError';
  readonly code = 'PASSPHRASE_MISMATCH' as const;
  constructor() {
    super('The two passphrases you typed differ.', { hint: 'Run the command again and type the same passphrase twice.' });
  }
}

/** A command-line value is malformed. */
export class UsageError extends WalletError {
  override readonly name = 'UsageError';
  readonly code = 'USAGE' as const;
  constructor(shortMessage: string, hint?: string) {
    super(shortMessage, hint === undefined ? {} : { hint });
  }
}

/** A destructive command was run without its confirmation flag. */
export class ConfirmationRequiredError extends WalletError {
  override readonly name = 'ConfirmationRequiredError';
  readonly code = 'CONFIRMATION_REQUIRED' as const;
  constructor(action: string, flag: string) {
    super(`Refusing to ${action} without confirmation.`, { hint: `Add ${flag} if you are sure; this cannot be undone.` });
  }
}
