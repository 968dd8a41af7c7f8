/** Deep links from argv (cold start, second instance) and the wait-until-unlocked inbox, with the real link codec. */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { tryDecodeLeaseLink, type LeaseLinkPayload } from '../../../shared/lease/link.js';

vi.mock('electron', () => ({}));
const { createLinkInbox, linksFromArgv } = await import('../../../electron/main/deep-links.js');

const valid = 'datawallet://lease-request?r=abc';

describe('linksFromArgv', () => {
  it('finds the link in a cold-start argv (Windows and Linux put it last)', () => {
    expect(linksFromArgv(['/opt/Data Wallet/data-wallet', '--no-sandbox', valid])).toEqual([valid]);
    expect(linksFromArgv(['C:\\Program Files\\Data Wallet\\Data Wallet.exe', '--', 'DataWallet://lease-request?r=x'])).toEqual([
      'DataWallet://lease-request?r=x',
    ]);
  });

  it('finds the link in a second instance argv and ignores flags Chromium adds', () => {
    const argv = ['/usr/bin/data-wallet', '--allow-file-access-from-files', '--original-process-start-time=1', valid];
    expect(linksFromArgv(argv)).toEqual([valid]);
  });

  it('ignores malformed, oversized and foreign arguments', () => {
    expect(linksFromArgv(['https://evil.example', 'datawallet', 'xdatawallet://a', '', 42, null, {}])).toEqual([]);
    expect(linksFromArgv([`datawallet://lease-request?r=${'a'.repeat(9000)}`])).toEqual([]);
    expect(linksFromArgv(Array.from({ length: 50 }, () => valid))).toHaveLength(4);
  });

  it('never throws on any argv', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.string(), fc.anything())), (argv) => Array.isArray(linksFromArgv(argv))));
  });
});

describe('link inbox', () => {
  function setup(unlocked: boolean) {
    const state = { unlocked };
    const opened: LeaseLinkPayload[] = [];
    const rejected: Error[] = [];
    const inbox = createLinkInbox<LeaseLinkPayload>({
      decode: (link) => tryDecodeLeaseLink(link),
      isUnlocked: () => state.unlocked,
      open: (r) => opened.push(r),
      reject: (e) => rejected.push(e),
      capacity: 2,
    });
    return { state, opened, rejected, inbox };
  }

  it('rejects a malformed link through the core decoder, whatever the lock state', () => {
    const s = setup(false);
    s.inbox.receive(valid); // base64 of garbage: the codec refuses it
    s.inbox.receive('datawallet://evil-host?r=x');
    expect(s.rejected).toHaveLength(2);
    expect(s.rejected[0]!.name).toBe('LeaseLinkError');
    expect(s.inbox.pending()).toBe(0);
  });

  it('keeps a valid link while locked and opens it on unlock', () => {
    const decode = vi.fn((link: string) => ({ ok: true as const, value: link }));
    const state = { unlocked: false };
    const opened: string[] = [];
    const inbox = createLinkInbox<string>({ decode, isUnlocked: () => state.unlocked, open: (r) => opened.push(r), reject: () => {}, capacity: 2 });
    inbox.receive('a');
    inbox.receive('b');
    inbox.receive('c');
    inbox.flush();
    expect(opened).toEqual([]); // still locked
    state.unlocked = true;
    inbox.flush();
    expect(opened).toEqual(['b', 'c']); // the oldest fell out of the bounded queue
    inbox.receive('d');
    expect(opened).toEqual(['b', 'c', 'd']);
  });
});
