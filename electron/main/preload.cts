/**
 * The preload: exposes `window.wallet` and `window.walletFiles.pathFor`, nothing else. It is an
 * `ApiTransport` (invoke + subscribe, so the renderer uses the same client
 * library as in browser mode) plus one named function per contract call under
 * `calls`. The call names are not written here: main passes the contract's
 * names in `--wallet-calls=` (webPreferences.additionalArguments). Raw
 * ipcRenderer is never exposed, nor the IPC event object.
 *
 * Sandboxed preloads can require only `electron`, so the channel names below
 * repeat ipc-channels.ts (a test keeps them equal) and this file is CommonJS.
 */
// A sandboxed preload is CommonJS and can load only 'electron' this way.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import electron = require('electron');

const { contextBridge, ipcRenderer, webUtils } = electron;

const CALL_CHANNEL_PREFIX = 'wallet:call:';
const EVENT_CHANNEL = 'wallet:event';
const CALLS_ARGUMENT_PREFIX = '--wallet-calls=';
const NAME = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/;

type Result = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };
type Envelope = { event: string; payload: unknown };

const argument = process.argv.find((a) => a.startsWith(CALLS_ARGUMENT_PREFIX)) ?? CALLS_ARGUMENT_PREFIX;
const names = argument
  .slice(CALLS_ARGUMENT_PREFIX.length)
  .split(',')
  .filter((n) => n.length <= 100 && NAME.test(n));
const known = new Set(names);

function invoke(call: unknown, input: unknown): Promise<Result> {
  if (typeof call !== 'string' || !known.has(call)) {
    return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_CALL', message: 'There is no API call by that name.' } });
  }
  return ipcRenderer.invoke(`${CALL_CHANNEL_PREFIX}${call}`, input) as Promise<Result>;
}

function subscribe(listener: (event: Envelope) => void): () => void {
  if (typeof listener !== 'function') throw new TypeError('wallet.subscribe needs a function');
  const handler = (_event: unknown, envelope: Envelope) => listener(envelope);
  ipcRenderer.on(EVENT_CHANNEL, handler);
  return () => {
    ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  };
}

const calls: Record<string, (input: unknown) => Promise<Result>> = Object.create(null);
for (const name of names) calls[name] = (input: unknown) => invoke(name, input);

contextBridge.exposeInMainWorld('wallet', Object.freeze({ invoke, subscribe, calls: Object.freeze(calls) }));

/** The real path of a File the user picked or dropped (the core imports from paths); null for anything else. */
function pathFor(file: unknown): string | null {
  try {
    const path = webUtils.getPathForFile(file as File);
    return typeof path === 'string' && path.length > 0 ? path : null;
  } catch {
    return null;
  }
}

contextBridge.exposeInMainWorld('walletFiles', Object.freeze({ pathFor }));
