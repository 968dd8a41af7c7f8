/**
 * kill -9 in the middle of a large import: the CLI runs the import in a child
 * process, which is killed while its transaction is being written. Reopening
 * the vault must find a sound database, no record of the killed import, the
 * job marked `interrupted`, and a re-import must complete.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { afterAll, expect, it } from 'vitest';
import { createVault, DatasetNotFoundError, unlockVault } from '../../electron/core/vault/index.js';
import { sessionOf } from '../../electron/core/vault/vault.js';
import { CLI, runCliProcess, tempDir } from '../helpers/cli.js';
import { PASSPHRASE, TEST_OPTIONS } from '../helpers/vault-fixtures.js';

const ROWS = 600_000;
const root = tempDir('crash');
afterAll(() => rm(root, { recursive: true, force: true }));

async function writeBigCsv(file: string): Promise<void> {
  const out = createWriteStream(file);
  out.write('time,heart_rate\n');
  const t0 = Date.UTC(2020, 0, 1) / 1000;
  for (let i = 0; i < ROWS; i += 10_000) {
    let chunk = '';
    for (let j = i; j < i + 10_000; j++) chunk += `${t0 + j * 30},${60 + (j % 70)}\n`;
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  out.end();
  await finished(out);
}

const fileSize = (f: string): Promise<number> => stat(f).then((s) => s.size, () => 0);

it('leaves no partial import after kill -9, and a re-import completes', async () => {
  const dir = join(root, 'vault');
  const csv = join(root, 'heart.csv');
  (await createVault(dir, PASSPHRASE, TEST_OPTIONS)).vault.lock();
  await writeBigCsv(csv);
  const env = { PATH: process.env.PATH ?? '', HOME: root, DATA_WALLET_PASSPHRASE: PASSPHRASE };

  const child = spawn(process.execPath, [CLI, '--vault', dir, 'import', csv, '--kind', 'heart'], { env, stdio: 'ignore' });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  // Wait until the import's transaction has spilled into the WAL (> 4 MB), then kill.
  const wal = join(dir, 'vault.db-wal');
  const deadline = Date.now() + 60_000;
  while ((await fileSize(wal)) < 4 * 1024 * 1024) {
    expect(child.exitCode, 'the import finished before it could be killed; raise ROWS').toBeNull();
    expect(Date.now() < deadline, 'the import never started writing').toBe(true);
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');

  const vault = await unlockVault(dir, { passphrase: PASSPHRASE });
  try {
    expect(sessionOf(vault).db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(vault.listDatasets()).toEqual([]);
    expect(() => vault.records('heart')).toThrow(DatasetNotFoundError);
    expect(vault.importJobs().map((j) => [j.fileName, j.status, j.recordsAdded])).toEqual([['heart.csv', 'interrupted', 0]]);
  } finally {
    vault.lock();
  }

  const again = await runCliProcess(['--vault', dir, 'import', csv, '--kind', 'heart', '--json'], { HOME: root, DATA_WALLET_PASSPHRASE: PASSPHRASE });
  expect(again.stderr).toBe('');
  expect(JSON.parse(again.stdout)).toMatchObject({ added: ROWS, skipped: 0 });
  const reopened = await unlockVault(dir, { passphrase: PASSPHRASE });
  try {
    expect(reopened.listDatasets().map((d) => [d.kind, d.recordCount])).toEqual([['heart', ROWS]]);
  } finally {
    reopened.lock();
  }
}, 180_000);
