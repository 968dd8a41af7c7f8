/**
 * `export -o FILE` from real CLI processes: two exports to one target both
 * end with a correct file; SIGTERM mid-export leaves no plaintext temp file;
 * a file planted where the old fixed temp name was is never written through;
 * a failed export leaves nothing behind.
 */
import { spawn } from 'node:child_process';
import { lstat, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createVault } from '../../electron/core/vault/index.js';
import { CLI, runCliProcess, tempDir } from '../helpers/cli.js';
import { batchesOf, minuteSeries, PASSPHRASE, TEST_OPTIONS } from '../helpers/vault-fixtures.js';

const RECORDS = 300_000;
const root = tempDir('export-file');
const dir = join(root, 'vault');
const out = join(root, 'out');
const env = { HOME: root, DATA_WALLET_PASSPHRASE: PASSPHRASE };
let expected = '';

beforeAll(async () => {
  const { vault } = await createVault(dir, PASSPHRASE, TEST_OPTIONS);
  await vault.importRecords({ fileName: 'a.csv', format: 'csv' }, batchesOf(minuteSeries(RECORDS), 20_000));
  await vault.exportTo((chunk) => void (expected += chunk), { kind: 'steps', format: 'csv' });
  vault.lock();
  await rm(out, { recursive: true, force: true });
  await import('node:fs/promises').then((fs) => fs.mkdir(out));
}, 120_000);
afterAll(() => rm(root, { recursive: true, force: true }));

const leftovers = async (): Promise<string[]> => (await readdir(out)).filter((f) => f.includes('.partial'));

it('two exports to the same file both end with a complete, correct file', async () => {
  const target = join(out, 'both.csv');
  const [a, b] = await Promise.all([0, 1].map(() => runCliProcess(['--vault', dir, 'export', 'steps', '--format', 'csv', '-o', target], env)));
  expect([a!.code, a!.stderr]).toEqual([0, `Exported to ${target}. It is NOT encrypted: keep it somewhere safe.\n`]);
  expect([b!.code, b!.stderr]).toEqual([0, `Exported to ${target}. It is NOT encrypted: keep it somewhere safe.\n`]);
  const text = await readFile(target, 'utf8');
  expect(text.length).toBe(expected.length);
  expect(text === expected).toBe(true);
  expect(((await lstat(target)).mode & 0o777).toString(8)).toBe('600');
  expect(await leftovers()).toEqual([]);
}, 120_000);

it('SIGTERM during an export leaves neither a temp file nor a target', async () => {
  const target = join(out, 'killed.csv');
  const child = spawn(process.execPath, [CLI, '--vault', dir, 'export', 'steps', '--format', 'csv', '-o', target], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: 'ignore',
  });
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (code, signal) => resolve([code, signal])));
  const deadline = Date.now() + 60_000;
  while ((await leftovers()).length === 0) {
    expect(child.exitCode, 'the export finished before it could be stopped; raise RECORDS').toBeNull();
    expect(Date.now() < deadline, 'the export never created its temp file').toBe(true);
    await new Promise((r) => setTimeout(r, 5));
  }
  child.kill('SIGTERM');
  expect(await exited).toEqual([null, 'SIGTERM']);
  expect(await leftovers()).toEqual([]);
  await expect(lstat(target)).rejects.toMatchObject({ code: 'ENOENT' });
}, 120_000);

it('never writes through a file or symlink planted beside the target', async () => {
  const target = join(out, 'planted.csv');
  const victim = join(root, 'victim.txt');
  await writeFile(victim, 'untouched');
  await symlink(victim, join(out, '.planted.csv.partial'));
  const r = await runCliProcess(['--vault', dir, 'export', 'steps', '--format', 'csv', '-o', target], env);
  expect(r.code).toBe(0);
  expect(await readFile(victim, 'utf8')).toBe('untouched');
  expect((await readFile(target, 'utf8')) === expected).toBe(true);
  await rm(join(out, '.planted.csv.partial'));
}, 120_000);

it('a failed export leaves no temp file and no target', async () => {
  const target = join(out, 'failed.csv');
  const r = await runCliProcess(['--vault', dir, 'export', 'no-such-kind', '--format', 'csv', '-o', target], env);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('There is no dataset "no-such-kind"');
  expect(await leftovers()).toEqual([]);
  await expect(lstat(target)).rejects.toMatchObject({ code: 'ENOENT' });
  const missing = await runCliProcess(['--vault', dir, 'export', 'steps', '--format', 'csv', '-o', join(root, 'no-such-folder', 'x.csv')], env);
  expect(missing.code).toBe(1);
  expect(missing.stderr).toContain('The export could not be written to x.csv (ENOENT).');
}, 120_000);
