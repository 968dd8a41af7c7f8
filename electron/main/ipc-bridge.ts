/**
 * The Electron transport, main side: one `ipcMain.handle` per contract call.
 * Each call is answered only for a top-level frame showing the app's own
 * origin, its input is parsed with the contract's schema here in main (the
 * renderer is untrusted), and the router's answer goes back as an ApiResult.
 * Events are pushed to every app window with `webContents.send`.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { CallMap } from '../../shared/api/client.js';
import type { ApiResult, ApiTransport } from '../../shared/api/envelope.js';
import { TransportForbiddenError } from '../../shared/api/transports/errors.js';
import { UnexpectedError } from '../../shared/errors/api-errors.js';
import { serializeError } from '../../shared/errors/serialize.js';
import { checkCallInput } from '../../shared/api/transports/validate-input.js';
import { isAppUrl } from './app-origin.js';
import { callChannel, EVENT_CHANNEL } from './ipc-channels.js';

/** Only the app's own top-level page may call the wallet (not an iframe, not a page it navigated to). */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): boolean {
  const frame = event.senderFrame;
  return !!frame && frame.parent === null && isAppUrl(frame.url);
}

const refused: ApiResult = { ok: false, error: serializeError(new TransportForbiddenError()) };
const crashed: ApiResult = { ok: false, error: serializeError(new UnexpectedError()) };

/** Registers a handler per call; returns a function that removes them. */
export function bindIpcCalls(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, calls: CallMap, transport: ApiTransport): () => void {
  const names = Object.keys(calls);
  for (const name of names) {
    ipcMain.handle(callChannel(name), async (event, input: unknown): Promise<ApiResult> => {
      if (!isTrustedSender(event)) return refused;
      const checked = checkCallInput(calls, name, input);
      if (!checked.ok) return checked.result;
      try {
        return await transport.invoke(name, checked.input);
      } catch {
        return crashed;
      }
    });
  }
  return () => names.forEach((name) => ipcMain.removeHandler(callChannel(name)));
}

/** Forwards every wallet event to the app windows; returns the unsubscribe function. */
export function forwardEvents(transport: ApiTransport, targets: () => Iterable<WebContents>): () => void {
  return transport.subscribe((envelope) => {
    for (const contents of targets()) {
      if (!contents.isDestroyed() && isAppUrl(contents.getURL())) contents.send(EVENT_CHANNEL, envelope);
    }
  });
}
