import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditEntryInvalidError, AuditLog, AUDIT_HEAD_SETTING, type AuditEntryInput } from '../../../electron/core/audit/index.js';
import { createVault, InvalidQueryError, unlockVault, type Vault } from '../../../electron/core/vault/index.js';
import { filesContaining, PASSPHRASE, tempVaultDir, TEST_OPTIONS } from '../../helpers/vault-fixtures.js';
import { appendUnlinked, edit, insertForged, remove, removeAndRenumber, swap, truncate } from './tamper.js';

const DIGEST = `0x${'ab'.repeat(32)}`;

/** A clock that ticks one second per call, from a fixed start. */
function testClock(start = Date.UTC(2026, 0, 1)): () => number {
  let t = start - 1000;
  return () => (t += 1000);
}

function lifecycle(subject = DIGEST): AuditEntryInput[] {
  return [
    { type: 'request.received', subject, data: { requester: '0x1111111111111111111111111111111111111111', nonce: '7' } },
    { type: 'request.verified', subject, data: { chainId: 31337 } },
    { type: 'request.approved', subject, data: { datasets: ['steps'], narrowed: false } },
    { type: 'lease.grant-submitted', subject, data: { txHash: `0x${'cd'.repeat(32)}` } },
    { type: 'lease.granted', subject: 'lease:1', data: { leaseId: '1', expiresAt: 1_767_225_600 } },
  ];
}

describe('audit log', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let vault: Vault;
  let recoveryKey: string;
  let log: AuditLog;
  beforeEach(async () => {
    ({ dir, cleanup } = await tempVaultDir());
    ({ vault, recoveryKey } = await createVault(dir, PASSPHRASE, TEST_OPTIONS));
    log = new AuditLog(vault, testClock());
  });
  afterEach(async () => {
    vault.lock();
    await cleanup();
  });

  function appendAll(entries = lifecycle()) {
    return entries.map((e) => log.append(e));
  }

  it('appends chained entries and lists them back', () => {
    expect(log.verify()).toEqual({ ok: true, count: 0, head: null, message: 'The audit log is empty and intact.' });
    const written = appendAll();
    expect(written.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(written[0]).toMatchObject({
      seq: 1,
      at: Date.UTC(2026, 0, 1),
      type: 'request.received',
      subject: DIGEST,
      data: { requester: '0x1111111111111111111111111111111111111111', nonce: '7' },
      prevHash: `0x${'00'.repeat(32)}`,
    });
    for (let i = 1; i < written.length; i++) expect(written[i]!.prevHash).toBe(written[i - 1]!.hash);
    expect(log.list()).toEqual(written);
    expect(log.head()).toEqual({ seq: 5, hash: written[4]!.hash });
    expect(vault.settings.get(AUDIT_HEAD_SETTING)).toEqual({ seq: 5, hash: written[4]!.hash });
  });

  it('lists by subject, after a seq, with a limit', () => {
    appendAll();
    appendAll(lifecycle(`0x${'ef'.repeat(32)}`));
    expect(log.list({ subject: DIGEST }).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(log.list({ subject: 'lease:1' }).map((e) => e.seq)).toEqual([5, 10]);
    expect(log.list({ afterSeq: 3, limit: 2 }).map((e) => e.seq)).toEqual([4, 5]);
    expect(log.list({ afterSeq: 10 })).toEqual([]);
    expect(() => log.list({ limit: 0 })).toThrow(InvalidQueryError);
    expect(() => log.list({ limit: 1001 })).toThrow(InvalidQueryError);
    expect(() => log.list({ afterSeq: -1 })).toThrow(InvalidQueryError);
  });

  it('stores data as canonical JSON: key order does not matter', () => {
    const a = log.append({ type: 'lease.settled', data: { b: 1, a: { d: [1, 2], c: null } } });
    const stored = vault.withDatabase((db) => db.prepare('SELECT data FROM audit_log WHERE seq = 1').pluck().get(), { write: false });
    expect(stored).toBe('{"a":{"c":null,"d":[1,2]},"b":1}');
    expect(a.data).toEqual({ a: { c: null, d: [1, 2] }, b: 1 });
  });

  it('verifies an intact log', () => {
    const written = appendAll();
    expect(log.verify()).toEqual({
      ok: true,
      count: 5,
      head: { seq: 5, hash: written[4]!.hash },
      message: 'The audit log is intact: 5 entries, the newest is #5.',
    });
  });

  it('rejects data that is not plain JSON, writing nothing', () => {
    const bad: unknown[] = [
      { amount: 1n },
      { missing: undefined },
      { ratio: Number.NaN },
      { big: Number.POSITIVE_INFINITY },
      { when: new Date(0) },
      { nested: { list: [1, undefined] } },
      { fn: () => 1 },
    ];
    for (const data of bad) {
      expect(() => log.append({ type: 'request.received', data: data as AuditEntryInput['data'] })).toThrow(AuditEntryInvalidError);
    }
    expect(() => log.append({ type: 'request.received', data: { amount: 1n } as never })).toThrow(
      'An audit log entry is invalid: $.amount is a bigint; write it as a decimal string.',
    );
    expect(() => log.append({ type: 'no.such-type' as never, data: {} })).toThrow(AuditEntryInvalidError);
    expect(() => log.append({ type: 'request.received', subject: '', data: {} })).toThrow(AuditEntryInvalidError);
    expect(() => log.append({ type: 'request.received', data: { blob: 'x'.repeat(20_000) } })).toThrow(/longer than/);
    expect(log.list()).toEqual([]);
    expect(log.verify().ok).toBe(true);
  });

  it('the triggers refuse UPDATE and DELETE through the app connection', () => {
    appendAll();
    expect(() => vault.withDatabase((db) => db.prepare("UPDATE audit_log SET data = '{}' WHERE seq = 1").run(), { write: true })).toThrow(
      /append-only/,
    );
    expect(() => vault.withDatabase((db) => db.prepare('DELETE FROM audit_log').run(), { write: true })).toThrow(/append-only/);
  });

  it("joins the caller's transaction: a rollback takes the entry and the anchor with it", () => {
    appendAll();
    const headBefore = log.head();
    expect(() =>
      vault.withDatabase(
        (db) =>
          db.transaction(() => {
            log.append({ type: 'lease.revoked', subject: 'lease:1', data: { txHash: `0x${'01'.repeat(32)}` } });
            throw new Error('the revoke transaction failed');
          })(),
        { write: true },
      ),
    ).toThrow('the revoke transaction failed');
    expect(log.list().map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(log.head()).toEqual(headBefore);
    const committed = vault.withDatabase((db) => db.transaction(() => log.append({ type: 'lease.expired', data: {} }))(), { write: true });
    expect(committed.seq).toBe(6);
    expect(log.verify()).toMatchObject({ ok: true, count: 6 });
  });

  it('survives lock and unlock', async () => {
    const written = appendAll();
    vault.lock();
    expect(() => log.list()).toThrow('The vault is locked.');
    vault = await unlockVault(dir, { passphrase: PASSPHRASE }, TEST_OPTIONS);
    log = new AuditLog(vault, testClock(Date.UTC(2026, 1, 1)));
    expect(log.list()).toEqual(written);
    expect(log.verify()).toMatchObject({ ok: true, count: 5 });
    expect(log.append({ type: 'lease.expired', subject: 'lease:1', data: {} })).toMatchObject({ seq: 6, prevHash: written[4]!.hash });
    expect(log.verify()).toMatchObject({ ok: true, count: 6 });
  });

  it('keeps no secret and nothing readable on disk', async () => {
    appendAll();
    const all = JSON.stringify(log.list());
    expect(all).not.toContain(PASSPHRASE);
    expect(all).not.toContain(recoveryKey);
    expect(all).not.toContain(recoveryKey.replace(/-/g, ''));
    vault.lock();
    for (const needle of ['request.received', 'lease:1', DIGEST, 'audit.head']) expect(await filesContaining(dir, needle)).toEqual([]);
  });

  describe('detects tampering made around the triggers', () => {
    beforeEach(() => void appendAll());

    it.each([
      ['data', edit.data],
      ['type', edit.type],
      ['time', edit.at],
      ['subject', edit.subject],
      ['hash', edit.hash],
      ['previous hash', edit.prevHash],
    ] as const)('an edited %s', (_field, change) => {
      change(vault, 3);
      expect(log.verify()).toEqual({
        ok: false,
        count: 2,
        seq: 3,
        kind: 'edited',
        message: 'The audit log was changed: entry #3 was edited after it was written. Entries from #3 on cannot be trusted.',
      });
    });

    it('a removed entry in the middle', () => {
      remove(vault, 3);
      expect(log.verify()).toEqual({
        ok: false,
        count: 2,
        seq: 3,
        kind: 'removed',
        message: 'The audit log was changed: entry #3 was removed. Entries from #3 on cannot be trusted.',
      });
    });

    it('the first entry removed', () => {
      remove(vault, 1);
      remove(vault, 2);
      expect(log.verify()).toMatchObject({ ok: false, seq: 1, kind: 'removed', message: expect.stringContaining('entries #1 to #2 were removed') });
    });

    it('a removed entry with the later ones renumbered to close the gap', () => {
      removeAndRenumber(vault, 2);
      expect(log.verify()).toMatchObject({ ok: false, count: 1, seq: 2, kind: 'removed' });
    });

    it('two entries swapped', () => {
      swap(vault, 2, 4);
      expect(log.verify()).toEqual({
        ok: false,
        count: 1,
        seq: 2,
        kind: 'reordered',
        message: 'The audit log was changed: entry #2 is out of order (it was written as #4). Entries from #2 on cannot be trusted.',
      });
    });

    it('two neighbours swapped', () => {
      swap(vault, 4, 5);
      expect(log.verify()).toMatchObject({ ok: false, count: 3, seq: 4, kind: 'reordered' });
    });

    it('a forged entry slipped in between, the later ones renumbered', () => {
      insertForged(vault, 3);
      expect(log.verify()).toEqual({
        ok: false,
        count: 3,
        seq: 3,
        kind: 'inserted',
        message: 'The audit log was changed: entry #3 was not written by Data Wallet. Entries from #3 on cannot be trusted.',
      });
    });

    it('a forged entry appended after the newest one', () => {
      insertForged(vault, 6);
      expect(log.verify()).toMatchObject({ ok: false, count: 6, seq: 6, kind: 'inserted' });
    });

    it('an appended entry that links to nothing', () => {
      appendUnlinked(vault);
      expect(log.verify()).toMatchObject({ ok: false, count: 5, seq: 6, kind: 'unlinked' });
    });

    it('the newest entries cut off (caught by the head anchor)', () => {
      truncate(vault, 2);
      expect(log.verify()).toEqual({
        ok: false,
        count: 3,
        seq: 4,
        kind: 'truncated',
        message: 'The audit log was cut short: entries #4 to #5 were removed from its end.',
      });
    });

    it('a cut-off tail stays visible after later appends', () => {
      truncate(vault, 2);
      expect(log.append({ type: 'lease.expired', data: {} }).seq).toBe(6);
      expect(log.verify()).toMatchObject({ ok: false, count: 3, seq: 4, kind: 'removed' });
    });

    it('a missing or altered head anchor', () => {
      const head = vault.settings.get(AUDIT_HEAD_SETTING);
      vault.settings.delete(AUDIT_HEAD_SETTING);
      expect(log.verify()).toMatchObject({ ok: false, seq: 5, kind: 'anchor-mismatch', message: expect.stringContaining('is missing') });
      vault.settings.set(AUDIT_HEAD_SETTING, { seq: 5, hash: `0x${'00'.repeat(32)}` });
      expect(log.verify()).toMatchObject({ ok: false, seq: 5, kind: 'anchor-mismatch' });
      vault.settings.set(AUDIT_HEAD_SETTING, 'garbage');
      expect(log.verify()).toMatchObject({ ok: false, kind: 'anchor-mismatch', message: expect.stringContaining('unreadable') });
      vault.settings.set(AUDIT_HEAD_SETTING, head!);
      expect(log.verify().ok).toBe(true);
    });

    it('list names the entry whose data is no longer JSON', () => {
      vault.withDatabase((db) => {
        db.exec('DROP TRIGGER audit_log_no_update');
        db.prepare("UPDATE audit_log SET data = '{not json' WHERE seq = 2").run();
      }, { write: true });
      expect(() => log.list()).toThrow('Audit log entry #2 cannot be read: it was modified outside Data Wallet.');
      expect(log.verify()).toMatchObject({ ok: false, seq: 2, kind: 'edited' });
    });
  });
});
