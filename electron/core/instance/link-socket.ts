/**
 * The running app's link inbox for other local processes: `data-wallet
 * open-link 'datawallet://…'` hands a deep link to the app that owns the data
 * folder. A Unix socket (0600, in the data folder, or a private 0700 temp
 * folder when that path is too long) or a named pipe on Windows; the client
 * must present the secret from app-instance.json (compared in constant time).
 * One JSON line each way: `{"secret","link"}` → `{"ok":true}` or
 * `{"ok":false,"message"}`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { chmodSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { MAX_LEASE_LINK_LENGTH } from '../../../shared/lease/link.js';
import { removeIpcFallback, resolveIpcPath, type IpcPath } from '../chain/ipc-path.js';
import { AppNotRunningError, LinkForwardRefusedError } from './errors.js';
import { newInstanceSecret, readInstanceFile, removeInstanceFile, writeInstanceFile, type InstanceRecord } from './instance-file.js';

const MAX_LINE = MAX_LEASE_LINK_LENGTH + 256;
const SOCKET_NAME = 'app-links.sock';

export type LinkVerdict = { ok: true } | { ok: false; message: string };

export interface LinkSocketOptions {
  dataDir: string;
  mode: InstanceRecord['mode'];
  /** Handles one forwarded link; its verdict goes back to the sender. */
  onLink(link: string): LinkVerdict | Promise<LinkVerdict>;
}

export interface LinkSocket {
  readonly path: string;
  close(): Promise<void>;
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

function readLine(socket: Socket, limit: number, onLine: (line: string | null) => void): void {
  let buffer = '';
  let done = false;
  const finish = (line: string | null) => {
    if (done) return;
    done = true;
    onLine(line);
  };
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    const nl = buffer.indexOf('\n');
    if (nl >= 0) finish(buffer.slice(0, nl));
    else if (buffer.length > limit) finish(null);
  });
  socket.on('end', () => finish(null));
  socket.on('error', () => finish(null));
}

export async function listenForLinks(options: LinkSocketOptions): Promise<LinkSocket> {
  const ipc: IpcPath = resolveIpcPath(options.dataDir, { allowTmpFallback: true });
  // Same placement rules as the chain's socket (length limits, private temp fallback), own name.
  const socketPath = process.platform === 'win32' ? `${ipc.path}-links` : join(dirname(ipc.path), SOCKET_NAME);
  const secret = newInstanceSecret();
  const expected = digest(secret);
  if (process.platform !== 'win32') rmSync(socketPath, { force: true });

  const server: Server = createServer((socket) => {
    socket.setTimeout(5000, () => socket.destroy());
    readLine(socket, MAX_LINE, (line) => {
      const reply = (v: LinkVerdict) => socket.end(`${JSON.stringify(v)}\n`);
      if (line === null) return reply({ ok: false, message: 'the message was malformed or too long' });
      let message: { secret?: unknown; link?: unknown };
      try {
        message = JSON.parse(line) as typeof message;
      } catch {
        return reply({ ok: false, message: 'the message was malformed' });
      }
      if (typeof message?.secret !== 'string' || !timingSafeEqual(digest(message.secret), expected)) {
        return reply({ ok: false, message: 'the app instance key did not match' });
      }
      if (typeof message.link !== 'string') return reply({ ok: false, message: 'no link was given' });
      Promise.resolve()
        .then(() => options.onLink(message.link as string))
        .then(reply, () => reply({ ok: false, message: 'the app could not handle the link' }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
  if (process.platform !== 'win32') chmodSync(socketPath, 0o600);
  writeInstanceFile(options.dataDir, { pid: process.pid, socketPath, secret, mode: options.mode });

  let closing: Promise<void> | null = null;
  return {
    path: socketPath,
    close() {
      closing ??= new Promise<void>((resolve) => {
        removeInstanceFile(options.dataDir, secret);
        server.close(() => {
          if (process.platform !== 'win32') rmSync(socketPath, { force: true });
          removeIpcFallback(ipc);
          resolve();
        });
      });
      return closing;
    },
  };
}

/** Hands a link to the app running on `dataDir`. Throws AppNotRunningError or LinkForwardRefusedError. */
export async function forwardLink(dataDir: string, link: string, timeoutMs = 10_000): Promise<void> {
  const record = readInstanceFile(dataDir);
  if (!record) throw new AppNotRunningError();
  const verdict = await new Promise<LinkVerdict | null>((resolve) => {
    const socket = createConnection(record.socketPath);
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      resolve(null);
    });
    socket.once('connect', () => socket.write(`${JSON.stringify({ secret: record.secret, link })}\n`));
    readLine(socket, 4096, (line) => {
      socket.destroy();
      if (line === null) return resolve(null);
      try {
        const v = JSON.parse(line) as LinkVerdict;
        resolve(typeof v?.ok === 'boolean' ? v : null);
      } catch {
        resolve(null);
      }
    });
  });
  if (verdict === null) throw new AppNotRunningError({ details: 'Nothing answered on the app socket.' });
  if (!verdict.ok) throw new LinkForwardRefusedError(verdict.message);
}
