import { describe, expect, it } from 'vitest';
import { migration004LeaseGrantFlow } from '../../../../electron/core/vault/migrations/004-lease-grant-flow.js';
import { MIGRATIONS } from '../../../../electron/core/vault/migrations/index.js';
import type { Connection } from '../../../../electron/core/vault/store/database.js';
import { plainStorePerTest } from '../../../helpers/plain-store.js';

const DIGEST = `0x${'ab'.repeat(32)}`;
const ADDRESS = '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc';

describe('migration 004-lease-grant-flow', () => {
  let db: Connection;
  plainStorePerTest((opened) => {
    db = opened;
    // The schema as version 3 left it, with a lease in it.
    db.transaction(() => {
      for (const m of MIGRATIONS.slice(0, 3)) m.up(db);
    })();
    db.prepare(
      `INSERT INTO lease_requests (digest, chain_id, contract, requester, nonce, message, signature, received_at, status)
       VALUES (?, 1, ?, ?, '1', '{}', '0x', 0, 'approved')`,
    ).run(DIGEST, ADDRESS, ADDRESS);
    db.prepare(
      `INSERT INTO leases (request_digest, chain_id, contract, lease_id, datasets, data_from, data_to, scope_hash, duration, state,
         price, grant_tx, starts_at, expires_at, note, created_at, updated_at)
       VALUES (?, 1, ?, '7', '["steps"]', '0', '1', '0x01', '60', 'active', '6000', '0x02', 1000, 61000, 'kept', 5, 6)`,
    ).run(DIGEST, ADDRESS);
  });

  it('keeps every lease and its values, and adds the commitment columns empty', () => {
    db.transaction(() => migration004LeaseGrantFlow.up(db))();
    expect(db.prepare('SELECT * FROM leases').all()).toEqual([
      expect.objectContaining({
        request_digest: DIGEST,
        lease_id: '7',
        state: 'active',
        price: '6000',
        grant_tx: '0x02',
        starts_at: 1000,
        expires_at: 61000,
        note: 'kept',
        created_at: 5,
        updated_at: 6,
        commit_salt: null,
        commit_tx: null,
      }),
    ]);
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'leases' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all();
    expect(indexes).toEqual(['leases_on_chain_id', 'leases_state_expiry']);
  });

  it('accepts the unconfirmed and revoking states, and only 32-byte salts', () => {
    db.transaction(() => migration004LeaseGrantFlow.up(db))();
    for (const state of ['unconfirmed', 'revoking', 'submitting']) db.prepare('UPDATE leases SET state = ?').run(state);
    expect(() => db.prepare("UPDATE leases SET state = 'paused'").run()).toThrow(/CHECK constraint failed/);
    db.prepare('UPDATE leases SET commit_salt = ?').run(`0x${'11'.repeat(32)}`);
    expect(() => db.prepare("UPDATE leases SET commit_salt = '0x1234'").run()).toThrow(/CHECK constraint failed/);
    expect(() =>
      db.prepare(`INSERT INTO leases (request_digest, chain_id, contract, datasets, data_from, data_to, scope_hash, duration, state, created_at, updated_at)
                  VALUES (?, 1, ?, '[]', '0', '1', '0x', '60', 'submitting', 0, 0)`).run(`0x${'12'.repeat(32)}`, ADDRESS),
    ).toThrow(/FOREIGN KEY constraint failed/);
  });
});
