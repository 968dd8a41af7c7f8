/**
 * The Electron main process: binds, does not decide. It owns the windows,
 * the tray, the protocol and OS integration; everything the wallet does goes
 * through the API router, exactly as browser mode and the CLI do.
 */
import { app, BrowserWindow, ipcMain, Menu, nativeImage, Notification, powerMonitor, protocol, session, Tray } from 'electron';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiCalls } from '../../shared/api/contract.js';
import { walletClient } from '../../shared/api/wallet-client.js';
import { LEASE_LINK_SCHEME, tryDecodeLeaseLink } from '../../shared/lease/link.js';
import { coreErrorClasses } from '../core/error-classes.js';
import { listenForLinks } from '../core/instance/link-socket.js';
import { consentRoute, readAutoLockMinutes, readTrayState, receiveLink, setLeasesPaused, unlockWithKeychainAtStart } from './agent.js';
import { MAIN_PAGE } from './app-origin.js';
import { registerAppScheme, serveAppScheme } from './app-protocol.js';
import { startAutoLock } from './auto-lock.js';
import { createLinkInbox, linksFromArgv, type LinkInbox } from './deep-links.js';
import { desktopHost } from './host.js';
import { bindIpcCalls, forwardEvents } from './ipc-bridge.js';
import { callsArgument } from './ipc-channels.js';
import { bindNotifications } from './notifier.js';
import { openCore } from './open-core.js';
import { trayMenuTemplate, trayTooltip, type TrayState } from './tray-menu.js';
import { denyAllPermissions, lockDownContents, windowOptions, type WindowKind } from './window-security.js';

const here = dirname(fileURLToPath(import.meta.url));
const appRoot = resolve(here, '../../..');
const preload = join(here, 'preload.cjs');
const rendererDir = join(appRoot, 'renderer', 'dist');

registerAppScheme(protocol); // before ready
const early: string[] = linksFromArgv(process.argv);
let inbox: LinkInbox | null = null;
const deliver = (link: string) => (inbox ? inbox.receive(link) : early.push(link));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('open-url', (event, url) => {
    event.preventDefault(); // macOS; registered before ready so a cold-start link is not lost
    deliver(url);
  });
  app.on('second-instance', (_event, argv) => {
    linksFromArgv(argv).forEach(deliver);
    showWindow('main');
  });
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents));
  app.on('window-all-closed', () => {}); // the tray agent keeps running
  app.whenReady().then(start, (e: unknown) => {
    console.error('Data Wallet could not start:', e instanceof Error ? e.name : 'unknown error');
    app.exit(1);
  });
}

const windows = new Map<WindowKind, BrowserWindow>();
function showWindow(kind: WindowKind, route = '/'): void {
  const existing = windows.get(kind);
  if (existing && !existing.isDestroyed()) {
    if (route !== '/') void existing.loadURL(`${MAIN_PAGE}#${route}`);
    existing.show();
    existing.focus();
    return;
  }
  const win = new BrowserWindow(windowOptions(kind, preload, [callsArgument(Object.keys(apiCalls))]));
  windows.set(kind, win);
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => windows.delete(kind));
  void win.loadURL(`${MAIN_PAGE}#${route}`);
}

async function start(): Promise<void> {
  denyAllPermissions(session.defaultSession);
  serveAppScheme(protocol, rendererDir);
  if (process.defaultApp && process.argv[1]) app.setAsDefaultProtocolClient(LEASE_LINK_SCHEME, process.execPath, [resolve(process.argv[1])]);
  else app.setAsDefaultProtocolClient(LEASE_LINK_SCHEME);

  const core = await openCore(app.getPath('userData'), desktopHost());
  const client = walletClient(core.transport, { errorClasses: coreErrorClasses });
  bindIpcCalls(ipcMain, apiCalls, core.transport);
  forwardEvents(core.transport, () => BrowserWindow.getAllWindows().map((w) => w.webContents));

  let unlocked = await unlockWithKeychainAtStart(client);
  // Stored as pending (listed under Requests), then shown in the focused consent prompt.
  const openRequest = (link: string) =>
    void receiveLink(client, link).then((r) => {
      if (r.ok) showWindow('prompt', consentRoute(link));
      else new Notification({ title: 'Lease link refused', body: r.message }).show();
    });
  inbox = createLinkInbox<string>({
    decode: (link) => {
      const d = tryDecodeLeaseLink(link);
      return d.ok ? { ok: true, value: link } : d;
    },
    isUnlocked: () => unlocked,
    open: openRequest,
    reject: (e) => new Notification({ title: 'Lease link refused', body: e.toString() }).show(),
  });
  const linkSocket = await listenForLinks({
    dataDir: app.getPath('userData'),
    mode: 'electron',
    onLink: (link) => {
      const d = tryDecodeLeaseLink(link);
      if (!d.ok) return { ok: false, message: d.error.shortMessage };
      deliver(link);
      if (!unlocked) showWindow('main');
      return { ok: true };
    },
  });

  const tray = new Tray(nativeImage.createEmpty());
  let trayState: TrayState | null = null;
  const actions = {
    open: () => showWindow('main'),
    lock: () => void client.call('vault.lock', {}),
    unlock: () => showWindow('main', '/'), // the gate shows the unlock screen while locked
    openRequests: () => showWindow('main', '/requests'),
    setPaused: (paused: boolean) => void setLeasesPaused(client, paused).then(refreshTray),
    setLaunchAtLogin: (openAtLogin: boolean) => {
      app.setLoginItemSettings({ openAtLogin });
      void refreshTray();
    },
    quit: () => app.quit(),
  };
  async function refreshTray(): Promise<void> {
    trayState = await readTrayState(client, app.getLoginItemSettings().openAtLogin).catch(() => trayState);
    if (!trayState) return;
    tray.setToolTip(trayTooltip(trayState));
    tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(trayState, actions)));
  }
  const autoLock = startAutoLock({
    power: powerMonitor,
    idleMinutes: (await readAutoLockMinutes(client)) ?? 15,
    isUnlocked: () => unlocked,
    lock: () => client.call('vault.lock', {}).then(() => {}),
  });

  bindNotifications(core.transport, (route) => showWindow('main', route));
  core.transport.subscribe((envelope) => {
    if (envelope.event === 'vault.unlocked') {
      unlocked = true;
      inbox?.flush();
      void readAutoLockMinutes(client).then((m) => m !== null && autoLock.setIdleMinutes(m));
    }
    if (envelope.event === 'vault.locked') unlocked = false;
    if (envelope.event === 'settings.changed') autoLock.setIdleMinutes((envelope.payload as { autoLockMinutes: number }).autoLockMinutes);
    void refreshTray();
  });
  await refreshTray();
  // Another process (the CLI, browser mode) may pause leases or take requests: the tray catches up.
  const trayTimer = setInterval(() => void refreshTray(), 30_000);

  early.splice(0).forEach(deliver);
  showWindow('main');

  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    autoLock.stop();
    clearInterval(trayTimer);
    void Promise.allSettled([linkSocket.close(), core.close()]).then(() => app.exit(0));
  });
}
