import type { Migration } from './migration.js';

/**
 * The lease grant flow after the security review (issue 8 §4):
 * - grants are commit-reveal: `commit_salt` is the secret salt of the
 *   owner's commitment (kept until the grant is revealed), `commit_tx` the
 *   commit transaction's hash;
 * - every transaction hash is stored before the transaction is broadcast
 *   (`commit_tx`, `grant_tx`, `revoke_tx`), so a timeout or crash is resolved
 *   by hash and nothing is deleted while the chain may hold the lease;
 * - new states: `unconfirmed` (a grant was sent and not confirmed yet) and
 *   `revoking` (a revoke is being sent: data access is already denied).
 *
 * SQLite cannot change a CHECK constraint, so `leases` is rebuilt.
 */
export const migration004LeaseGrantFlow: Migration = {
  version: 4,
  name: 'lease-grant-flow',
  up(db) {
    db.exec(`
      CREATE TABLE leases_new (
        request_digest TEXT    PRIMARY KEY REFERENCES lease_requests (digest),
        chain_id       INTEGER NOT NULL,
        contract       TEXT    NOT NULL,
        lease_id       TEXT,
        datasets       TEXT    NOT NULL,
        data_from      TEXT    NOT NULL,
        data_to        TEXT    NOT NULL,
        scope_hash     TEXT    NOT NULL,
        duration       TEXT    NOT NULL,
        state          TEXT    NOT NULL
                       CHECK (state IN ('submitting', 'unconfirmed', 'active', 'revoking', 'expired', 'revoked', 'settled', 'missing')),
        price          TEXT,
        grant_tx       TEXT,
        starts_at      INTEGER,
        expires_at     INTEGER,
        revoke_tx      TEXT,
        revoked_at     INTEGER,
        owner_paid     TEXT,
        refunded       TEXT,
        settle_tx      TEXT,
        settled_at     INTEGER,
        note           TEXT,
        created_at     INTEGER NOT NULL,
        updated_at     INTEGER NOT NULL,
        commit_salt    TEXT    CHECK (commit_salt IS NULL OR length(commit_salt) = 66),
        commit_tx      TEXT
      ) STRICT;

      INSERT INTO leases_new (request_digest, chain_id, contract, lease_id, datasets, data_from, data_to, scope_hash, duration, state,
        price, grant_tx, starts_at, expires_at, revoke_tx, revoked_at, owner_paid, refunded, settle_tx, settled_at, note, created_at, updated_at)
      SELECT request_digest, chain_id, contract, lease_id, datasets, data_from, data_to, scope_hash, duration, state,
        price, grant_tx, starts_at, expires_at, revoke_tx, revoked_at, owner_paid, refunded, settle_tx, settled_at, note, created_at, updated_at
      FROM leases;

      DROP TABLE leases;
      ALTER TABLE leases_new RENAME TO leases;
      CREATE UNIQUE INDEX leases_on_chain_id ON leases (chain_id, contract, lease_id) WHERE lease_id IS NOT NULL;
      CREATE INDEX leases_state_expiry ON leases (state, expires_at);
    `);
  },
};
