import type { Readable, Writable } from 'node:stream';
import { PassphraseMismatchError, SecretUnavailableError } from './errors.js';

/** Everything a command touches outside itself, so tests can run commands in-process. */
export interface CliIo {
  stdin: Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
}

export const processIo = (): CliIo => ({
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});

/**
 * Reads one line from the terminal without echoing it. Only works on a TTY:
 * secrets are never read from a pipe, where they could end up in shell
 * history or process listings by accident.
 */
export function promptHidden(io: CliIo, question: string): Promise<string> {
  const { stdin, stderr } = io;
  return new Promise((resolve, reject) => {
    let value = '';
    stderr.write(question);
    stdin.setRawMode?.(true);
    stdin.resume();
    const done = (err: Error | null): void => {
      stdin.setRawMode?.(false);
      stdin.pause();
      stdin.off('data', onData);
      stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string): void => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return done(null);
        if (ch === '\u0003') return done(Object.assign(new Error('Cancelled.'), { name: 'AbortError' }));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

export interface SecretSpec {
  /** Human name, e.g. "passphrase". */
  what: string;
  /** Environment variable that may hold it. */
  envVar: string;
  prompt: string;
  /** Ask twice and compare (for new secrets). */
  confirm?: boolean;
}

/** A secret from its environment variable, else from a no-echo terminal prompt. */
export async function readSecret(io: CliIo, spec: SecretSpec): Promise<string> {
  const fromEnv = io.env[spec.envVar];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!io.stdin.isTTY) throw new SecretUnavailableError(spec.what, spec.envVar);
  const first = await promptHidden(io, spec.prompt);
  if (spec.confirm) {
    const second = await promptHidden(io, 'Type it again: ');
    if (first !== second) throw new PassphraseMismatchError();
  }
  return first;
}

export const PASSPHRASE: SecretSpec = {
  what: 'passphrase',
  envVar: 'DATA_WALLET_PASSPHRASE',
  prompt: 'Vault passphrase: ',
};
export const NEW_PASSPHRASE: SecretSpec = {
  what: 'new passphrase',
  envVar: 'DATA_WALLET_NEW_PASSPHRASE',
  prompt: 'New passphrase (8+ characters): ',
  confirm: true,
};
export const RECOVERY_KEY: SecretSpec = {
  what: 'recovery key',
  envVar: 'DATA_WALLET_RECOVERY_KEY',
  prompt: 'Recovery key: ',
};

/** Writes a line, as JSON when the command runs with --json. */
export function emit(io: CliIo, json: boolean, value: unknown, human: () => string): void {
  io.stdout.write(json ? JSON.stringify(value) + '\n' : human() + '\n');
}
