/**
 * Cross-process race harness for the vault's key file: each iteration starts
 * a key rotation, a passphrase change and a few readers as separate
 * processes on one vault, with random start delays, then checks that what
 * every process reported is true afterwards: the passphrase that a
 * successful change set is the one that unlocks (the old one does not), the
 * recovery key a successful rotation printed opens the vault (else the
 * previous one still does), the vault still has a recovery key, no record was
 * lost, and readers either read everything or were told the vault was busy.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { unlockVault, type Vault } from '../../electron/core/vault/index.js';
import { TEST_OPTIONS } from './vault-fixtures.js';

const CHILD = join('test', 'helpers', 'vault-race-child.ts');

export interface RaceState {
  dir: string;
  passphrase: string;
  recoveryKey: string;
  records: number;
}

export type ChildReport = { ok: true; recoveryKey?: string; records?: number; hasRecoveryKey?: boolean } | { ok: false; name: string; code: string | null; message?: string };

export interface IterationOutcome {
  rotate: string;
  passphrase: string;
  readers: string[];
  violations: string[];
}

/** Errors a reader or a writer may honestly report while another process changes the keys. */
const BUSY = new Set(['VaultBusyError', 'KeyFileBusyError', 'KeyFileChangedError']);

export function runChild(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line) as ChildReport);
      } catch {
        reject(new Error(`race child ${args[0]} exited ${code} without a report: ${err.slice(0, 500)}`));
      }
    });
  });
}

const label = (r: ChildReport): string => (r.ok ? 'ok' : r.name);
const delay = (max: number): string => String(Math.floor(Math.random() * max));

async function tryUnlock(dir: string, secret: { passphrase: string } | { recoveryKey: string }): Promise<Vault | string> {
  try {
    return await unlockVault(dir, secret, TEST_OPTIONS);
  } catch (e) {
    return (e as Error).name;
  }
}

/** One iteration; updates `state` to what the processes reported. */
export async function raceIteration(state: RaceState, i: number, opts: { readers: number; maxDelayMs: number }): Promise<IterationOutcome> {
  const next = `race passphrase ${i} ${Math.random().toString(36).slice(2, 8)}`;
  const { dir, passphrase } = state;
  const [rotate, change, ...readers] = await Promise.all([
    runChild(['rotate', dir, delay(opts.maxDelayMs), passphrase]),
    runChild(['passphrase', dir, delay(opts.maxDelayMs), passphrase, next]),
    ...Array.from({ length: opts.readers }, () => runChild(['datasets', dir, delay(opts.maxDelayMs), passphrase, next])),
  ]);
  const violations: string[] = [];
  for (const r of [rotate!, change!, ...readers]) {
    if (!r.ok && !BUSY.has(r.name) && r.name !== 'WrongPassphraseError') violations.push(`a process failed with ${r.name} ${r.message ?? ''}`);
  }
  for (const r of readers) {
    if (r.ok && r.records !== state.records) violations.push(`a reader saw ${r.records} records, expected ${state.records}`);
    if (!r.ok && r.name === 'WrongPassphraseError') violations.push('a reader was refused both passphrases');
  }
  if (!change!.ok && change!.name === 'WrongPassphraseError') violations.push('the passphrase change was refused the current passphrase');

  const expectedPass = change!.ok ? next : passphrase;
  const otherPass = change!.ok ? passphrase : next;
  const expectedRecovery = rotate!.ok && rotate!.recoveryKey ? rotate!.recoveryKey : state.recoveryKey;

  const byPass = await tryUnlock(dir, { passphrase: expectedPass });
  if (typeof byPass === 'string') violations.push(`the passphrase ${change!.ok ? 'set by the reported change' : 'kept'} does not unlock (${byPass})`);
  else {
    const records = byPass.listDatasets().reduce((n, d) => n + d.recordCount, 0);
    if (records !== state.records) violations.push(`after the race the vault holds ${records} records, expected ${state.records}`);
    if (!byPass.hasRecoveryKey) violations.push('after the race the vault has no recovery key');
    byPass.lock();
  }
  const byOther = await tryUnlock(dir, { passphrase: otherPass });
  if (typeof byOther !== 'string') {
    byOther.lock();
    violations.push('the other passphrase unlocks too');
  }
  const byRecovery = await tryUnlock(dir, { recoveryKey: expectedRecovery });
  if (typeof byRecovery === 'string') violations.push(`the ${rotate!.ok ? 'reported new' : 'previous'} recovery key does not unlock (${byRecovery})`);
  else byRecovery.lock();

  state.passphrase = expectedPass;
  state.recoveryKey = expectedRecovery;
  return { rotate: label(rotate!), passphrase: label(change!), readers: readers.map(label), violations };
}

/** Tallies outcomes, e.g. {"rotate ok": 3, "reader VaultBusyError": 1}. */
export function tally(outcomes: IterationOutcome[]): Record<string, number> {
  const t: Record<string, number> = {};
  const add = (k: string): void => void (t[k] = (t[k] ?? 0) + 1);
  for (const o of outcomes) {
    add(`rotate ${o.rotate}`);
    add(`passphrase ${o.passphrase}`);
    for (const r of o.readers) add(`reader ${r}`);
    if (o.violations.length > 0) add('iterations with violations');
  }
  return t;
}
