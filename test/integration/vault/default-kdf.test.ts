import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createVault, DEFAULT_ARGON2_COST, unlockVault } from '../../../electron/core/vault/index.js';
import { parseKeyFile } from '../../../electron/core/vault/keys/key-file-io.js';
import { PASSPHRASE, tempVaultDir } from '../../helpers/vault-fixtures.js';

describe('default KDF cost', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await tempVaultDir()));
  afterEach(() => cleanup());

  it('records Argon2id 256 MiB / t=4 / p=1 and unlocks with it', async () => {
    const { vault } = await createVault(dir, PASSPHRASE);
    vault.lock();
    const kf = parseKeyFile(await readFile(path.join(dir, 'keys.json'), 'utf8'));
    expect(kf.current.passphrase.kdf).toMatchObject({ algorithm: 'argon2id', version: 19, ...DEFAULT_ARGON2_COST });
    expect(DEFAULT_ARGON2_COST).toEqual({ memoryKiB: 262_144, iterations: 4, parallelism: 1 });

    // Unlock time (tuned to 0.3–1 s here) is measured by `npm run bench:vault`, not asserted.
    const again = await unlockVault(dir, { passphrase: PASSPHRASE });
    expect(again.listDatasets()).toEqual([]);
    again.lock();
  });
});
