import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { ChainAlreadyRunningError } from './errors.js';
import { ipcAnswers } from './ipc-probe.js';

/**
 * `<chainDir>/anvil.pid` records which Anvil serves the folder and which
 * process started it. If the app is killed (kill -9, crash), its Anvil keeps
 * running; a second Anvil on the same folder would take over the socket and
 * both would write the state file. So before starting, an orphan (its parent
 * gone) is stopped, and a chain still owned by a live process is refused.
 */
export interface PidRecord {
  pid: number;
  parentPid: number;
  ipcPath: string;
  stateFile: string;
}

export function writePidFile(path: string, record: PidRecord): void {
  writeFileSync(path, `${JSON.stringify(record)}\n`, { mode: 0o600 });
}

export function removePidFile(path: string): void {
  rmSync(path, { force: true });
}

export function readPidFile(path: string): PidRecord | null {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as Partial<PidRecord>;
    if (
      typeof value.pid === 'number' &&
      typeof value.parentPid === 'number' &&
      typeof value.ipcPath === 'string' &&
      typeof value.stateFile === 'string'
    ) {
      return value as PidRecord;
    }
  } catch {
    // missing or unreadable: nothing to clean up
  }
  return null;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** On Linux, check the process really is the Anvil serving this state file (pids get reused). */
function looksLikeOurAnvil(record: PidRecord): boolean | null {
  if (process.platform !== 'linux') return null;
  try {
    const cmdline = readFileSync(`/proc/${record.pid}/cmdline`, 'utf8').split('\0');
    return cmdline.some((arg) => arg.endsWith('anvil') || arg.endsWith('anvil.exe')) && cmdline.includes(record.stateFile);
  } catch {
    return false;
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(20);
  }
  return !isAlive(pid);
}

/**
 * Makes sure no earlier Anvil serves this folder. Returns the pid it stopped,
 * or null. Throws ChainAlreadyRunningError when the chain belongs to a process
 * that is still alive.
 */
export async function reclaimChainFolder(pidFile: string, timeoutMs = 5000): Promise<number | null> {
  const record = readPidFile(pidFile);
  if (!record) return null;
  if (!isAlive(record.pid)) {
    removePidFile(pidFile);
    return null;
  }
  const ours = looksLikeOurAnvil(record) ?? (await ipcAnswers(record.ipcPath));
  if (!ours) {
    removePidFile(pidFile); // the pid now belongs to an unrelated process
    return null;
  }
  if (record.parentPid !== process.pid && isAlive(record.parentPid)) {
    throw new ChainAlreadyRunningError({ details: `Anvil pid ${record.pid}, started by pid ${record.parentPid}.` });
  }
  if (record.parentPid === process.pid) {
    throw new ChainAlreadyRunningError({ details: 'This process already runs a chain on this folder.' });
  }
  // An orphan from a crashed run: SIGTERM lets it dump its state first.
  process.kill(record.pid, 'SIGTERM');
  if (!(await waitForExit(record.pid, timeoutMs))) {
    process.kill(record.pid, 'SIGKILL');
    await waitForExit(record.pid, 1000);
  }
  removePidFile(pidFile);
  return record.pid;
}
