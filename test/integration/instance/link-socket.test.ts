/** Link forwarding to the running app over its local socket: real sockets, real files. */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppNotRunningError, LinkForwardRefusedError } from '../../../electron/core/instance/errors.js';
import { instanceFilePath, readInstanceFile } from '../../../electron/core/instance/instance-file.js';
import { forwardLink, listenForLinks, type LinkSocket } from '../../../electron/core/instance/link-socket.js';
import { encodeLeaseLink, tryDecodeLeaseLink } from '../../../shared/lease/link.js';
import { REQUESTER_KEY, SAMPLE_DOMAIN, sampleMessage, signWithEthers } from '../../helpers/chain-requests.js';

let dir: string;
let socket: LinkSocket | null;
const received: string[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dw-links-'));
  received.length = 0;
});
afterEach(async () => {
  await socket?.close();
  socket = null;
  rmSync(dir, { recursive: true, force: true });
});

const open = async () =>
  (socket = await listenForLinks({
    dataDir: dir,
    mode: 'browser',
    onLink: (link) => {
      const decoded = tryDecodeLeaseLink(link);
      if (!decoded.ok) return { ok: false, message: decoded.error.shortMessage };
      received.push(link);
      return { ok: true };
    },
  }));

function rawExchange(path: string, line: string): Promise<string> {
  return new Promise((resolve) => {
    const s = connect(path);
    let out = '';
    s.setEncoding('utf8');
    s.on('data', (c: string) => (out += c));
    s.on('close', () => resolve(out));
    s.on('error', () => resolve(out));
    s.write(line);
  });
}

describe('link socket', () => {
  it('says plainly when no app runs', async () => {
    await expect(forwardLink(dir, 'datawallet://lease-request?r=x')).rejects.toBeInstanceOf(AppNotRunningError);
  });

  it('creates the socket and the instance file for the owner only, and removes both on close', async () => {
    const s = await open();
    expect(statSync(s.path).mode & 0o777).toBe(0o600);
    expect(statSync(instanceFilePath(dir)).mode & 0o777).toBe(0o600);
    expect(readInstanceFile(dir)).toMatchObject({ pid: process.pid, socketPath: s.path, mode: 'browser' });
    await s.close();
    socket = null;
    expect(readInstanceFile(dir)).toBeNull();
    await expect(forwardLink(dir, 'datawallet://x')).rejects.toBeInstanceOf(AppNotRunningError);
  });

  it('hands a link to the app and reports the decoder’s verdict on a bad one', async () => {
    await open();
    await expect(forwardLink(dir, 'datawallet://lease-request?r=!!!')).rejects.toBeInstanceOf(LinkForwardRefusedError);
    expect(received).toEqual([]);
    const message = sampleMessage();
    const signature = await signWithEthers(REQUESTER_KEY, SAMPLE_DOMAIN, message);
    const link = encodeLeaseLink({ ...SAMPLE_DOMAIN, message, signature });
    await forwardLink(dir, link);
    expect(received).toEqual([link]);
  });

  it('refuses a client without the instance secret, and junk of any shape', async () => {
    const s = await open();
    const wrong = JSON.parse(await rawExchange(s.path, `${JSON.stringify({ secret: 'x'.repeat(43), link: 'datawallet://a' })}\n`));
    expect(wrong).toEqual({ ok: false, message: 'the app instance key did not match' });
    const record = JSON.parse(readFileSync(instanceFilePath(dir), 'utf8'));
    writeFileSync(instanceFilePath(dir), JSON.stringify({ ...record, secret: 'y'.repeat(43) }));
    await expect(forwardLink(dir, 'datawallet://a')).rejects.toThrow(/instance key did not match/);
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), async (junk) => {
        const answer = await rawExchange(s.path, `${junk}\n`);
        return answer === '' || JSON.parse(answer).ok === false;
      }),
      { numRuns: 40 },
    );
    expect(received).toEqual([]);
  });
});
