/** The Electron security checklist, pinned: webPreferences, permissions, navigation, new windows. */
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

const { secureWebPreferences, windowOptions, denyAllPermissions, lockDownContents } = await import('../../../electron/main/window-security.js');

describe('window security', () => {
  it('every window has the secure webPreferences', () => {
    for (const kind of ['main', 'prompt'] as const) {
      const prefs = windowOptions(kind, '/app/preload.cjs', ['--wallet-calls=a.b']).webPreferences!;
      expect(prefs).toMatchObject({
        preload: '/app/preload.cjs',
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        disableBlinkFeatures: 'Auxclick',
      });
      expect(prefs.additionalArguments).toEqual(['--wallet-calls=a.b']);
      expect(Object.keys(prefs)).not.toContain('enableRemoteModule');
    }
    expect(secureWebPreferences('/p').devTools).toBe(false);
  });

  it('the consent prompt is small, focused and on top', () => {
    const o = windowOptions('prompt', '/p', []);
    expect(o).toMatchObject({ alwaysOnTop: true, resizable: false, minimizable: false, fullscreenable: false });
    expect(o.width).toBeLessThan(700);
  });

  it('denies every permission request and check', () => {
    const handlers: Record<string, (...args: unknown[]) => unknown> = {};
    const session = {
      setPermissionRequestHandler: (h: never) => (handlers.request = h),
      setPermissionCheckHandler: (h: never) => (handlers.check = h),
      setDevicePermissionHandler: (h: never) => (handlers.device = h),
      setDisplayMediaRequestHandler: (h: never) => (handlers.display = h),
    };
    denyAllPermissions(session as never);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'hid', 'serial']) {
      const callback = vi.fn();
      handlers.request!({}, permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
      expect(handlers.check!({}, permission, 'app://wallet', {})).toBe(false);
    }
    expect(handlers.device!({})).toBe(false);
    const display = vi.fn();
    handlers.display!({}, display);
    expect(display).toHaveBeenCalledWith({});
  });

  it('blocks window.open, webviews and navigation away from the app', () => {
    const contents = Object.assign(new EventEmitter(), { setWindowOpenHandler: vi.fn() });
    lockDownContents(contents as never);
    const openHandler = contents.setWindowOpenHandler.mock.calls[0]![0] as (d: { url: string }) => unknown;
    for (const url of ['https://evil.example', 'app://wallet/index.html', 'file:///etc/passwd']) {
      expect(openHandler({ url })).toEqual({ action: 'deny' });
    }
    const fire = (name: string, url: string) => {
      const event = { preventDefault: vi.fn(), url };
      contents.emit(name, event, url);
      return event.preventDefault.mock.calls.length > 0;
    };
    for (const name of ['will-navigate', 'will-redirect', 'will-frame-navigate']) {
      expect(fire(name, 'https://evil.example/')).toBe(true);
      expect(fire(name, 'file:///etc/passwd')).toBe(true);
      expect(fire(name, 'app://wallet.evil.example/')).toBe(true);
      expect(fire(name, 'app://user:pw@wallet/')).toBe(true);
      expect(fire(name, 'javascript:alert(1)')).toBe(true);
      expect(fire(name, 'app://wallet/index.html#/leases')).toBe(false);
    }
    expect(fire('will-attach-webview', 'app://wallet/')).toBe(true);
  });
});
