/**
 * The Electron security checklist as code: the webPreferences of every
 * window, and the handlers that deny permissions, new windows, webviews and
 * navigation away from the app. main.ts applies them; tests pin them.
 */
import type { BrowserWindowConstructorOptions, Session, WebContents, WebPreferences } from 'electron';
import { isAppUrl } from './app-origin.js';

export function secureWebPreferences(preloadPath: string, extraArguments: string[] = []): WebPreferences {
  return {
    preload: preloadPath,
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
    // Middle-click would open links in a new window: off (Electronegativity AUXCLICK_JS_CHECK).
    disableBlinkFeatures: 'Auxclick',
    safeDialogs: true,
    spellcheck: false,
    devTools: process.env.DATA_WALLET_DEVTOOLS === '1',
    additionalArguments: extraArguments,
  };
}

export type WindowKind = 'main' | 'prompt';

/** Window options: the consent prompt is small, focused and stays on top. */
export function windowOptions(kind: WindowKind, preloadPath: string, extraArguments: string[]): BrowserWindowConstructorOptions {
  const common: BrowserWindowConstructorOptions = {
    show: false,
    backgroundColor: '#101113',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(preloadPath, extraArguments),
  };
  if (kind === 'main') return { ...common, width: 1180, height: 780, minWidth: 760, minHeight: 520, title: 'Data Wallet' };
  return {
    ...common,
    width: 520,
    height: 680,
    resizable: false,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    alwaysOnTop: true,
    title: 'Data Wallet — lease request',
  };
}

/** Every permission (camera, notifications from pages, geolocation, …) is denied; the shell itself needs none. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback({}));
}

/** No new windows, no webviews, no navigation or redirects away from the app's own pages. */
export function lockDownContents(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const blockForeign = (event: { preventDefault(): void }, url: string) => {
    if (!isAppUrl(url)) event.preventDefault();
  };
  contents.on('will-navigate', blockForeign);
  contents.on('will-redirect', blockForeign);
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
