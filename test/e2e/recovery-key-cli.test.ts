/**
 * A vault whose recovery wrap is gone (deleted from keys.json, or dropped by
 * an interrupted rotation): every CLI command warns on standard error, and
 * `recovery-key new` issues a key that really opens the vault.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createVault, unlockVault } from '../../electron/core/vault/index.js';
import { runCliProcess, tempDir } from '../helpers/cli.js';
import { PASSPHRASE, TEST_OPTIONS } from '../helpers/vault-fixtures.js';

const root = tempDir('recovery-cli');
afterAll(() => rm(root, { recursive: true, force: true }));

it('warns while the vault has no recovery key and issues a working one', async () => {
  const dir = join(root, 'vault');
  const { vault, recoveryKey: original } = await createVault(dir, PASSPHRASE, TEST_OPTIONS);
  vault.lock();
  const env = { HOME: root, DATA_WALLET_PASSPHRASE: PASSPHRASE };

  const healthy = await runCliProcess(['--vault', dir, 'datasets'], env);
  expect([healthy.code, healthy.stderr]).toEqual([0, '']); // the control: no warning while the key exists

  const keysFile = join(dir, 'keys.json');
  const kf = JSON.parse(await readFile(keysFile, 'utf8')) as { current: Record<string, unknown> };
  delete kf.current.recovery;
  await writeFile(keysFile, JSON.stringify(kf));

  const unlocked = await unlockVault(dir, { passphrase: PASSPHRASE }, TEST_OPTIONS);
  expect(unlocked.hasRecoveryKey).toBe(false);
  unlocked.lock();

  const warned = await runCliProcess(['--vault', dir, 'datasets', '--json'], env);
  expect(warned.code).toBe(0);
  expect(JSON.parse(warned.stdout)).toEqual([]); // --json output keeps its shape; the warning is on stderr
  expect(warned.stderr).toContain('WARNING: this vault has NO working recovery key');
  expect(warned.stderr).toContain('data-wallet recovery-key new');

  const issued = await runCliProcess(['--vault', dir, 'recovery-key', 'new', '--json'], env);
  expect([issued.code, issued.stderr]).toEqual([0, '']);
  const { recoveryKey } = JSON.parse(issued.stdout) as { recoveryKey: string };
  expect(recoveryKey).not.toBe(original);

  const byKey = await unlockVault(dir, { recoveryKey }, TEST_OPTIONS);
  expect(byKey.hasRecoveryKey).toBe(true);
  byKey.lock();
  const after = await runCliProcess(['--vault', dir, 'datasets'], env);
  expect([after.code, after.stderr]).toEqual([0, '']);
}, 120_000);
