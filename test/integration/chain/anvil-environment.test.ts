/**
 * Anvil is started with a clean environment: the wallet's passphrase and
 * other secrets in the parent's environment are not inherited. A stand-in
 * executable records the environment it was given (portable: no /proc).
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startEmbeddedChain } from '../../../electron/core/chain/embedded-chain.js';
import { ChainStartError } from '../../../electron/core/chain/errors.js';

const root = mkdtempSync(join(tmpdir(), 'dw-anvil-env-'));
const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  rmSync(root, { recursive: true, force: true });
});

it.skipIf(process.platform === 'win32')('passes Anvil no secret from the environment', async () => {
  const dump = join(root, 'env.txt');
  const fake = join(root, 'fake-anvil.sh');
  writeFileSync(fake, `#!/bin/sh\nenv > '${dump}'\nexit 3\n`);
  chmodSync(fake, 0o700);
  process.env.DATA_WALLET_PASSPHRASE = 'secret-passphrase-xyz';
  process.env.DATA_WALLET_RPC_URL = 'https://user:secret-token@example.invalid';
  process.env.GITHUB_TOKEN = 'ghp_secret';

  await expect(startEmbeddedChain({ dataDir: join(root, 'data'), anvilPath: fake, autoRestart: false, startTimeoutMs: 5000 })).rejects.toBeInstanceOf(
    ChainStartError,
  );
  expect(existsSync(dump), 'the stand-in Anvil was never started').toBe(true);
  const env = readFileSync(dump, 'utf8');
  expect(env).toContain(`PATH=${process.env.PATH}`); // the control: the dump is the child's environment
  expect(env).not.toContain('secret');
  expect(env).not.toContain('DATA_WALLET');
});
