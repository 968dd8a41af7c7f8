import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../electron/core/vault/keys/atomic-file.js';
import { tempVaultDir } from '../../helpers/vault-fixtures.js';

describe('atomic file writes', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ root, cleanup } = await tempVaultDir()));
  afterEach(() => cleanup());

  it('replaces the content and leaves no temp file', async () => {
    const file = path.join(root, 'keys.json');
    await writeFile(file, 'old');
    await writeFileAtomic(file, 'new');
    expect(await readFile(file, 'utf8')).toBe('new');
    expect(await readdir(root)).toEqual(['keys.json']);
  });

  it('a write that fails midway keeps the old file and leaves no temp file', async () => {
    const file = path.join(root, 'receipt.json');
    await writeFile(file, 'old');
    // Not a string or Buffer: the write into the temp file throws after the temp file exists.
    await expect(writeFileAtomic(file, 42 as unknown as string)).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_TYPE' });
    expect(await readFile(file, 'utf8')).toBe('old');
    expect(await readdir(root)).toEqual(['receipt.json']);
  });

  it('refuses to replace in exclusive mode and cleans up', async () => {
    const file = path.join(root, 'keys.json');
    await writeFile(file, 'old');
    await expect(writeFileAtomic(file, 'new', { exclusive: true })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await readFile(file, 'utf8')).toBe('old');
    expect(await readdir(root)).toEqual(['keys.json']);
  });
});
