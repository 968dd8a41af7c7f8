/**
 * Read-only use while another process imports: the CLI imports a large CSV
 * in a child process (its transaction holds SQLite's write lock); meanwhile
 * this process unlocks and reads. Unlocking must not need the write lock, and
 * must not mark the other process's running job as interrupted (an unlock
 * that finds the vault idle still marks a dead process's job).
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { afterAll, expect, it } from 'vitest';
import { createVault, unlockVault } from '../../electron/core/vault/index.js';
import { CLI, tempDir } from '../helpers/cli.js';
import { PASSPHRASE, TEST_OPTIONS } from '../helpers/vault-fixtures.js';

const ROWS = 400_000;
const root = tempDir('read-import');
afterAll(() => rm(root, { recursive: true, force: true }));

async function writeCsv(file: string): Promise<void> {
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

it('unlocks and reads while another process holds the write lock for an import', async () => {
  const dir = join(root, 'vault');
  const csv = join(root, 'heart.csv');
  const seed = (await createVault(dir, PASSPHRASE, TEST_OPTIONS)).vault;
  // A job row left `running` by a process that died: an unlock that finds the write lock free marks it.
  seed.withDatabase((db) => db.prepare("INSERT INTO import_jobs (file_name, format, status, started_at) VALUES ('old.csv', 'csv', 'running', 1)").run(), { write: true });
  seed.lock();
  await writeCsv(csv);

  const env = { PATH: process.env.PATH ?? '', HOME: root, DATA_WALLET_PASSPHRASE: PASSPHRASE };
  const child = spawn(process.execPath, [CLI, '--vault', dir, 'import', csv, '--kind', 'heart'], { env, stdio: 'ignore' });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const wal = join(dir, 'vault.db-wal');
  const deadline = Date.now() + 60_000;
  while ((await fileSize(wal)) < 2 * 1024 * 1024) {
    expect(child.exitCode, 'the import finished before the read; raise ROWS').toBeNull();
    expect(Date.now() < deadline, 'the import never started writing').toBe(true);
    await new Promise((r) => setTimeout(r, 20));
  }

  const reader = await unlockVault(dir, { passphrase: PASSPHRASE }, TEST_OPTIONS);
  try {
    expect(reader.listDatasets()).toEqual([]); // the import has not committed yet
    expect(reader.importJobs().map((j) => [j.fileName, j.status])).toEqual([
      ['heart.csv', 'running'],
      ['old.csv', 'interrupted'], // marked by the importing process's own unlock, which found the vault idle
    ]);
  } finally {
    reader.lock();
  }
  expect(child.exitCode, 'the import had finished before the read completed; raise ROWS').toBeNull();
  expect(await exited).toBe(0);

  const after = await unlockVault(dir, { passphrase: PASSPHRASE }, TEST_OPTIONS);
  try {
    expect(after.listDatasets().map((d) => [d.kind, d.recordCount])).toEqual([['heart', ROWS]]);
    expect(after.importJobs().map((j) => [j.fileName, j.status])).toEqual([
      ['heart.csv', 'done'],
      ['old.csv', 'interrupted'],
    ]);
  } finally {
    after.lock();
  }
}, 180_000);
