/**
 * The Electron transport: main's per-call handlers (sender frame checked,
 * input parsed with the contract schema) and the preload's `window.wallet`
 * (built from the names main passes, raw ipcRenderer never exposed).
 */
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { defineCall } from '../../../shared/api/define.js';
import type { ApiTransport } from '../../../shared/api/envelope.js';

const electron = vi.hoisted(() => ({
  exposed: {} as Record<string, unknown>,
  invoke: vi.fn(async (channel: string, input: unknown) => ({ ok: true, value: { channel, input } })),
  on: vi.fn(),
  removeListener: vi.fn(),
  getPathForFile: vi.fn((file: { path?: unknown }) => {
    if (typeof file?.path !== 'string') throw new TypeError('not a File');
    return file.path;
  }),
}));
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (electron.exposed[key] = api) },
  ipcRenderer: { invoke: electron.invoke, on: electron.on, removeListener: electron.removeListener, send: vi.fn(), sendSync: vi.fn() },
  webUtils: { getPathForFile: electron.getPathForFile },
  default: {},
}));

const channels = await import('../../../electron/main/ipc-channels.js');
const { bindIpcCalls, forwardEvents, isTrustedSender } = await import('../../../electron/main/ipc-bridge.js');

const calls = {
  'vault.unlock': defineCall({ summary: 'unlock', input: z.strictObject({ passphrase: z.string().min(1) }), output: z.null() }),
  'leases.list': defineCall({ summary: 'list', input: z.undefined(), output: z.array(z.string()) }),
};

function fakeIpcMain() {
  const handlers = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>();
  return {
    handlers,
    handle: (channel: string, h: never) => void handlers.set(channel, h),
    removeHandler: (channel: string) => void handlers.delete(channel),
  };
}
const appFrame = { senderFrame: { url: 'app://wallet/index.html#/unlock', parent: null } };

describe('main side', () => {
  it('registers exactly one handler per contract call and removes them again', () => {
    const ipc = fakeIpcMain();
    const transport: ApiTransport = { invoke: vi.fn(), subscribe: () => () => {} };
    const unbind = bindIpcCalls(ipc, calls, transport);
    expect([...ipc.handlers.keys()].sort()).toEqual(['wallet:call:leases.list', 'wallet:call:vault.unlock']);
    unbind();
    expect(ipc.handlers.size).toBe(0);
  });

  it('answers only the app origin in a top-level frame', async () => {
    const ipc = fakeIpcMain();
    const invoke = vi.fn(async () => ({ ok: true as const, value: ['x'] }));
    bindIpcCalls(ipc, calls, { invoke, subscribe: () => () => {} });
    const h = ipc.handlers.get('wallet:call:leases.list')!;
    expect(await h(appFrame, undefined)).toEqual({ ok: true, value: ['x'] });
    for (const senderFrame of [
      null,
      { url: 'https://evil.example/', parent: null },
      { url: 'file:///home/u/x.html', parent: null },
      { url: 'app://wallet/index.html', parent: { url: 'app://wallet/' } },
    ]) {
      expect(await h({ senderFrame }, undefined)).toMatchObject({ ok: false, error: { code: 'HOST_FORBIDDEN' } });
    }
    expect(invoke).toHaveBeenCalledTimes(1);
    expect(isTrustedSender(appFrame as never)).toBe(true);
  });

  it('validates input with the contract schema in main, never echoing values', async () => {
    const ipc = fakeIpcMain();
    const invoke = vi.fn(async () => ({ ok: true as const, value: null }));
    bindIpcCalls(ipc, calls, { invoke, subscribe: () => () => {} });
    const h = ipc.handlers.get('wallet:call:vault.unlock')!;
    const bad = await h(appFrame, { passphrase: 'hunter2', extra: 'secret-value' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(JSON.stringify(bad)).not.toMatch(/hunter2|secret-value/);
    expect(await h(appFrame, { passphrase: 'p' })).toEqual({ ok: true, value: null });
    expect(invoke).toHaveBeenCalledWith('vault.unlock', { passphrase: 'p' });
  });

  it('turns a router crash into a typed error', async () => {
    const ipc = fakeIpcMain();
    bindIpcCalls(ipc, calls, { invoke: async () => Promise.reject(new Error('boom with detail')), subscribe: () => () => {} });
    const r = await ipc.handlers.get('wallet:call:leases.list')!(appFrame, undefined);
    expect(r).toMatchObject({ ok: false, error: { code: 'UNEXPECTED' } });
    expect(JSON.stringify(r)).not.toContain('boom');
  });

  it('pushes events only to live app windows', () => {
    let emit: (e: { event: string; payload: unknown }) => void = () => {};
    const transport: ApiTransport = { invoke: vi.fn(), subscribe: (l) => ((emit = l), () => {}) };
    const win = (url: string, destroyed = false) => ({ getURL: () => url, isDestroyed: () => destroyed, send: vi.fn() });
    const good = win('app://wallet/index.html');
    const foreign = win('https://evil.example/');
    const dead = win('app://wallet/index.html', true);
    forwardEvents(transport, () => [good, foreign, dead] as never);
    emit({ event: 'leases.changed', payload: {} });
    expect(good.send).toHaveBeenCalledWith('wallet:event', { event: 'leases.changed', payload: {} });
    expect(foreign.send).not.toHaveBeenCalled();
    expect(dead.send).not.toHaveBeenCalled();
  });
});

describe('preload', () => {
  /**
   * Runs the preload as Electron's sandbox does: compiled to CommonJS, with a
   * `require` that knows only 'electron' and a reduced `process` (argv).
   */
  async function loadPreload(names: string[]) {
    const ts = (await import('typescript')).default;
    const { readFileSync } = await import('node:fs');
    const source = readFileSync(new URL('../../../electron/main/preload.cts', import.meta.url), 'utf8');
    const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
    electron.exposed = {};
    const electronModule = await import('electron');
    const sandboxRequire = (id: string) => {
      if (id !== 'electron') throw new Error(`a sandboxed preload cannot require ${id}`);
      return electronModule;
    };
    const module = { exports: {} };
    const run = new Function('require', 'module', 'exports', 'process', outputText) as (...a: unknown[]) => void;
    run(sandboxRequire, module, module.exports, { argv: ['/app/electron', channels.callsArgument(names)] });
    return electron.exposed.wallet as {
      invoke(call: unknown, input: unknown): Promise<unknown>;
      subscribe(l: (e: unknown) => void): () => void;
      calls: Record<string, (input: unknown) => Promise<unknown>>;
    };
  }

  it('uses the same channel names as main', async () => {
    const { readFileSync } = await import('node:fs');
    const source = readFileSync(new URL('../../../electron/main/preload.cts', import.meta.url), 'utf8');
    expect(source).toContain(`'${channels.CALL_CHANNEL_PREFIX}'`);
    expect(source).toContain(`'${channels.EVENT_CHANNEL}'`);
    expect(source).toContain(`'${channels.CALLS_ARGUMENT_PREFIX}'`);
  });

  it('exposes only window.wallet: invoke, subscribe and one function per contract call (and walletFiles.pathFor)', async () => {
    const wallet = await loadPreload(Object.keys(calls));
    expect(Object.keys(electron.exposed)).toEqual(['wallet', 'walletFiles']);
    expect(Object.keys(wallet).sort()).toEqual(['calls', 'invoke', 'subscribe']);
    expect(Object.keys(wallet.calls).sort()).toEqual(['leases.list', 'vault.unlock']);
    expect(Object.isFrozen(wallet)).toBe(true);
    expect(JSON.stringify(Object.values(wallet))).not.toMatch(/ipcRenderer|sendSync/);
    expect(await wallet.calls['vault.unlock']!({ passphrase: 'p' })).toEqual({
      ok: true,
      value: { channel: 'wallet:call:vault.unlock', input: { passphrase: 'p' } },
    });
  });

  it('walletFiles.pathFor gives a picked or dropped file\'s real path (webUtils.getPathForFile), null for anything else', async () => {
    await loadPreload([]);
    const files = electron.exposed.walletFiles as { pathFor(f: unknown): string | null };
    expect(Object.keys(files)).toEqual(['pathFor']);
    expect(Object.isFrozen(files)).toBe(true);
    expect(files.pathFor({ path: '/home/me/export.xml' })).toBe('/home/me/export.xml');
    expect(files.pathFor({ path: '' })).toBeNull(); // a File made in the page has no path
    expect(files.pathFor('not a file')).toBeNull();
    expect(electron.getPathForFile).toHaveBeenCalledWith({ path: '/home/me/export.xml' });
  });

  it('refuses names outside the contract without touching IPC', async () => {
    const wallet = await loadPreload(['leases.list', 'bad name', '../x']);
    expect(Object.keys(wallet.calls)).toEqual(['leases.list']);
    electron.invoke.mockClear();
    for (const call of ['vault.unlock', '__proto__', 'constructor', 42, null]) {
      expect(await wallet.invoke(call, {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
    }
    expect(electron.invoke).not.toHaveBeenCalled();
  });

  it('delivers event envelopes without the IPC event object', async () => {
    const wallet = await loadPreload([]);
    const listener = vi.fn();
    const off = wallet.subscribe(listener);
    const [channel, handler] = electron.on.mock.calls.at(-1)! as [string, (e: unknown, env: unknown) => void];
    expect(channel).toBe('wallet:event');
    handler({ sender: 'ipcRenderer-itself' }, { event: 'x', payload: 1 });
    expect(listener).toHaveBeenCalledWith({ event: 'x', payload: 1 });
    off();
    expect(electron.removeListener).toHaveBeenCalledWith('wallet:event', handler);
  });
});
