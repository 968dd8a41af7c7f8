import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../electron/core/vault/migrations/migrate.js';
import type { Connection } from '../../../../electron/core/vault/store/database.js';
import { plainStorePerTest } from '../../../helpers/plain-store.js';

const DIGEST = `0x${'ab'.repeat(32)}`;
const ADDRESS = '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc';

describe('migration 003-leases', () => {
  let db: Connection;
  plainStorePerTest((opened) => {
    db = opened;
    migrate(db);
  });

  const request = (digest: string, nonce = '1') =>
    db
      .prepare(
        `INSERT INTO lease_requests (digest, chain_id, contract, requester, nonce, message, signature, received_at, status)
         VALUES (?, 1, ?, ?, ?, '{}', '0x', 0, 'pending')`,
      )
      .run(digest, ADDRESS, ADDRESS, nonce);

  it('creates lease_requests, leases and requesters', () => {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%lease%' OR name = 'requesters' ORDER BY name").pluck().all();
    expect(tables).toEqual(['lease_requests', 'leases', 'requesters']);
  });

  it('keeps one request per (chain, contract, requester, nonce), and only known statuses and states', () => {
    request(DIGEST);
    expect(() => request(`0x${'cd'.repeat(32)}`)).toThrow(/UNIQUE/);
    expect(() => db.prepare("UPDATE lease_requests SET status = 'maybe'").run()).toThrow(/CHECK/);
    const lease = db.prepare(
      `INSERT INTO leases (request_digest, chain_id, contract, lease_id, datasets, data_from, data_to, scope_hash, duration, state, created_at, updated_at)
       VALUES (?, 1, ?, ?, '[]', '0', '1', '0x', '60', ?, 0, 0)`,
    );
    lease.run(DIGEST, ADDRESS, '1', 'active');
    expect(() => db.prepare("UPDATE leases SET state = 'paused'").run()).toThrow(/CHECK/);
    request(`0x${'ef'.repeat(32)}`, '2');
    expect(() => lease.run(`0x${'ef'.repeat(32)}`, ADDRESS, '1', 'active')).toThrow(/UNIQUE/); // one lease per on-chain id
    expect(() => lease.run(`0x${'12'.repeat(32)}`, ADDRESS, null, 'submitting')).toThrow(/FOREIGN KEY/);
  });
});
