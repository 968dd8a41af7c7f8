import { CommanderError } from 'commander';
import { serializeError } from '../../shared/errors/serialize.js';
import { isWalletError, WalletError } from '../../shared/errors/wallet-error.js';
import { cliLine } from './wording.js';

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

/** A command-line value is malformed (exit code 2). */
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

/** Where a call's input field came from on the command line, to word its input errors. */
export interface FlagSource {
  flag: string;
  raw: string | undefined;
  /** What the flag takes, e.g. "a whole number of seconds"; default: the API's own problem text. */
  expects?: string;
  hint?: string;
}

/**
 * Runs a call whose input came from flags: an INVALID_INPUT error about one of
 * those fields becomes a UsageError naming the flag and the value typed.
 */
export async function fromFlags<T>(flags: Record<string, FlagSource>, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (!isWalletError(e) || e.code !== 'INVALID_INPUT') throw e;
    for (const line of (e.details ?? '').split('\n')) {
      const at = line.indexOf(': ');
      const source = flags[line.slice(0, at)];
      if (at < 0 || !source) continue;
      const shown = source.raw === undefined ? source.flag : `${source.flag} "${source.raw}"`;
      const problem = source.expects ? `is not ${source.expects}` : line.slice(at + 2);
      throw new UsageError(`${shown} ${problem}.`, source.hint);
    }
    throw e;
  }
}

/** 2 for usage errors (as the README says), 1 for everything else. */
export function exitCodeOf(e: unknown): 1 | 2 {
  if (e instanceof CommanderError) return 2;
  return isWalletError(e) && (e.code === 'USAGE' || e.code === 'INVALID_INPUT') ? 2 : 1;
}

/**
 * One line for a person. Wallet errors carry their own wording and never hold
 * secrets or values; anything else is reduced to its name, since a library's
 * message may quote data.
 */
export function describeError(e: unknown, debug: boolean): string {
  const unexpected = (what: string) => `error: Unexpected ${what}. Run again with --debug for details, and report it if it persists.`;
  const base = isWalletError(e)
    ? e.code === 'UNEXPECTED'
      ? unexpected(e.details ?? 'failure')
      : e.code === 'CANCELLED'
        ? 'error: Cancelled; nothing was changed.'
        : `error: ${cliLine(e)}`
    : e instanceof Error && e.name === 'AbortError'
      ? 'error: Cancelled; nothing was changed.'
      : unexpected(e instanceof Error ? e.name : 'failure');
  if (!debug) return base;
  const origin = e instanceof Error && e.cause !== undefined ? e.cause : e;
  const stack = origin instanceof Error ? (origin.stack ?? String(origin)) : String(origin);
  const details = isWalletError(e) && e.details ? `\ndetails: ${e.details}` : '';
  return `${base}${details}\n${stack}`;
}

/** The error in its serialised form, one JSON line (for --json). */
export function errorJson(e: unknown): string {
  return JSON.stringify(serializeError(e));
}
