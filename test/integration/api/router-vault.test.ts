/**
 * The vault and data calls through the router, on a real SQLCipher vault:
 * what a GUI or the CLI sees, including typed errors rebuilt on the client.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { VaultLockedError, WrongPassphraseError, WrongRecoveryKeyError, DatasetNotFoundError } from '../../../electron/core/vault/index.js';
import { openApiWallet, fixture, type ApiWallet } from '../../helpers/api-wallet.js';
import { PASSPHRASE } from '../../helpers/vault-fixtures.js';

let w: ApiWallet | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

describe('router: vault.*', () => {
  it('status, create, lock, unlock (passphrase and recovery key), with events', async () => {
    w = await openApiWallet({ create: false });
    const { client } = w;
    expect(await client.call('vault.status', {})).toEqual({ exists: false, unlocked: false, recoveryKeyWorks: null, account: null });
    const created = await client.call('vault.create', { passphrase: PASSPHRASE });
    expect(created.recoveryKey).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4})+$/);
    expect(created.account).toMatch(/^0x[0-9a-fA-F]{40}$/);
    expect(await client.call('vault.status', {})).toEqual({ exists: true, unlocked: true, recoveryKeyWorks: true, account: created.account });

    expect(await client.call('vault.lock', {})).toMatchObject({ exists: true, unlocked: false, account: null });
    await expect(client.call('data.datasets', {})).rejects.toBeInstanceOf(VaultLockedError);
    await expect(client.call('vault.unlock', { passphrase: 'not the passphrase' })).rejects.toBeInstanceOf(WrongPassphraseError);
    expect(await client.call('vault.unlock', { recoveryKey: created.recoveryKey })).toMatchObject({ unlocked: true, account: created.account });
    await client.call('vault.lock', {});
    expect(await client.call('vault.unlock', { passphrase: PASSPHRASE })).toMatchObject({ unlocked: true });
    expect(w.events.map((e) => e.event)).toEqual(['vault.unlocked', 'vault.locked', 'vault.unlocked', 'vault.locked', 'vault.unlocked']);
    expect(JSON.stringify(w.events)).not.toContain(created.recoveryKey);
  });

  it('changePassphrase, verifyRecoveryKey, rotateKey, issueRecoveryKey, recover', async () => {
    w = await openApiWallet({ create: false });
    const { client } = w;
    const { recoveryKey } = await client.call('vault.create', { passphrase: PASSPHRASE });
    expect(await client.call('vault.verifyRecoveryKey', { recoveryKey })).toEqual({ valid: true });
    await expect(client.call('vault.verifyRecoveryKey', { recoveryKey: recoveryKey.replace(/^..../, 'AAAA') })).rejects.toMatchObject({
      code: expect.stringMatching(/^(WRONG_RECOVERY_KEY|RECOVERY_KEY_TYPO)$/),
    });

    expect(await client.call('vault.changePassphrase', { current: PASSPHRASE, next: 'a new passphrase' })).toEqual({ changed: true });
    const rotated = await client.call('vault.rotateKey', { passphrase: 'a new passphrase' });
    expect(rotated.recoveryKey).not.toBe(recoveryKey);
    await expect(client.call('vault.verifyRecoveryKey', { recoveryKey })).rejects.toBeInstanceOf(WrongRecoveryKeyError);
    const issued = await client.call('vault.issueRecoveryKey', { passphrase: 'a new passphrase' });
    await expect(client.call('vault.verifyRecoveryKey', { recoveryKey: rotated.recoveryKey })).rejects.toBeInstanceOf(WrongRecoveryKeyError);

    await client.call('vault.lock', {});
    expect(await client.call('vault.recover', { recoveryKey: issued.recoveryKey, newPassphrase: 'forgot it, new one' })).toEqual({ recovered: true });
    expect(await client.call('vault.status', {})).toMatchObject({ unlocked: true });
    await client.call('vault.lock', {});
    await client.call('vault.unlock', { passphrase: 'forgot it, new one' });
  });
});

describe('router: data.*', () => {
  it('import (default kind from the file name, progress events), imports, datasets, records, aggregate, export, erase', async () => {
    w = await openApiWallet();
    const { client } = w;
    const summary = await client.call('data.import', { path: fixture('steps.csv'), format: 'auto' });
    expect(summary).toMatchObject({ fileName: 'steps.csv', format: 'csv', skipped: 0 });
    expect(summary.added).toBeGreaterThan(0);
    expect(w.events.some((e) => e.event === 'data.importProgress')).toBe(true);
    expect(w.events.some((e) => e.event === 'data.changed')).toBe(true);

    expect(await client.call('data.imports', {})).toMatchObject([{ fileName: 'steps.csv', status: 'done', recordsAdded: summary.added }]);
    const datasets = await client.call('data.datasets', {});
    expect(datasets).toMatchObject([{ kind: 'steps', recordCount: summary.added }]);

    const page = await client.call('data.records', { kind: 'steps', limit: 1 });
    expect(page.records).toHaveLength(1);
    expect(page.nextCursor).not.toBeNull();
    const rest = await client.call('data.records', { kind: 'steps', after: page.nextCursor, limit: 10_000 });
    expect(rest.records).toHaveLength(summary.added - 1);

    const days = await client.call('data.aggregate', { kind: 'steps', bucket: 'day' });
    expect(days.reduce((n, b) => n + b.count, 0)).toBe(summary.added);

    const out = join(w.root, 'export.csv');
    expect(await client.call('data.export', { kind: 'steps', format: 'csv', path: out })).toEqual({ path: out, records: summary.added });
    expect((await readFile(out, 'utf8')).split('\r\n')[0]).toBe('kind,t_start,t_end,value_num,value_text,unit,source,meta');
    expect((await stat(out)).mode & 0o777).toBe(0o600);

    expect(await client.call('data.erase', { kind: 'steps' })).toMatchObject({ erased: 'steps', recordsErased: summary.added });
    await expect(client.call('data.records', { kind: 'steps' })).rejects.toBeInstanceOf(DatasetNotFoundError);
    expect(await client.call('data.cancelImport', {})).toEqual({ cancelled: false });
  });

  it('a failed export leaves no file behind; an export never replaces the target with half a file', async () => {
    w = await openApiWallet();
    const out = join(w.root, 'keep.json');
    await writeFile(out, 'old content');
    await expect(w.client.call('data.export', { kind: 'nothing-here', format: 'json', path: out })).rejects.toBeInstanceOf(DatasetNotFoundError);
    expect(await readFile(out, 'utf8')).toBe('old content');
    const { readdir } = await import('node:fs/promises');
    expect((await readdir(w.root)).filter((n) => n.endsWith('.partial'))).toEqual([]);
  });

  it('cancelImport stops a running import; nothing from it is kept', async () => {
    w = await openApiWallet();
    const big = join(w.root, 'big.csv');
    const lines = ['timestamp,value'];
    for (let i = 0; i < 300_000; i++) lines.push(`${1_700_000_000 + i * 60},${i}`);
    await writeFile(big, lines.join('\n'));
    const off = w.router.subscribe((e) => {
      if (e.event === 'data.importProgress') void w!.client.call('data.cancelImport', {});
    });
    const result = await w.router.invoke('data.import', { path: big });
    off();
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toMatch(/^(ABORT_ERR|IMPORT_CANCELLED)$/);
    expect(await w.client.call('data.datasets', {})).toEqual([]);
  });
});
