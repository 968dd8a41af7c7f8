import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChainIpcPathTooLongError } from '../../../electron/core/chain/errors.js';
import { maxUnixSocketPathBytes, removeIpcFallback, resolveIpcPath } from '../../../electron/core/chain/ipc-path.js';
import { makeTempDir } from '../../helpers/chain-fixture.js';

describe('resolveIpcPath', () => {
  it('uses <chainDir>/anvil.ipc when it fits', () => {
    expect(resolveIpcPath('/home/ada/.config/Data Wallet/chain', { platform: 'linux' })).toEqual({
      path: '/home/ada/.config/Data Wallet/chain/anvil.ipc',
      fallbackDir: null,
    });
  });

  it('knows the platform limits (sun_path minus the NUL)', () => {
    expect(maxUnixSocketPathBytes('linux')).toBe(107);
    expect(maxUnixSocketPathBytes('darwin')).toBe(103);
  });

  it('counts bytes, not characters', () => {
    const dir = `/home/${'ü'.repeat(45)}/chain`; // 51 characters + 90 bytes of ü
    expect(() => resolveIpcPath(dir, { platform: 'linux', allowTmpFallback: false })).toThrow(ChainIpcPathTooLongError);
  });

  it('falls back to a fresh private folder under the temp dir, or refuses with a clear error', () => {
    const tmp = makeTempDir();
    const long = `/home/ada/${'x'.repeat(100)}/chain`;
    const ipc = resolveIpcPath(long, { platform: 'linux', tmpDir: tmp });
    expect(ipc.fallbackDir).not.toBeNull();
    expect(ipc.path).toBe(join(ipc.fallbackDir!, 'anvil.ipc'));
    expect(statSync(ipc.fallbackDir!).mode & 0o777).toBe(0o700);
    removeIpcFallback(ipc);
    expect(existsSync(ipc.fallbackDir!)).toBe(false);

    const error = (() => {
      try {
        resolveIpcPath(long, { platform: 'linux', allowTmpFallback: false });
      } catch (e) {
        return e as ChainIpcPathTooLongError;
      }
      throw new Error('expected an error');
    })();
    expect(error.name).toBe('ChainIpcPathTooLongError');
    expect(error.shortMessage).toBe("The chain's socket path is too long for this system (126 bytes; the limit is 107).");
    expect(() => resolveIpcPath(long, { platform: 'linux', tmpDir: `/${'t'.repeat(100)}` })).toThrow(ChainIpcPathTooLongError);
    rmSync(tmp, { recursive: true, force: true });
  });

  it('uses a named pipe on Windows', () => {
    const ipc = resolveIpcPath('C:\\Users\\Ada\\AppData\\Roaming\\Data Wallet\\chain', { platform: 'win32' });
    expect(ipc.path).toMatch(/^\\\\\.\\pipe\\data-wallet-[0-9a-f]{24}$/);
  });
});
