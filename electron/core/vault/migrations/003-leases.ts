import type { Migration } from './migration.js';

/**
 * The lease service's tables (electron/core/leases). Times are unix
 * milliseconds; on-chain integers (nonce, price, lease id, wei amounts, and
 * the uint64 scope bounds and duration in seconds) are decimal strings; addresses are EIP-55 checksummed; hashes are 0x-hex.
 *
 * - lease_requests: every verified request the wallet received, by its
 *   EIP-712 digest, with the signed message (canonical JSON of the link) and
 *   signature, until and after it is decided. One request per
 *   (chain, contract, requester, nonce): a replay with other terms is refused.
 *   status: pending → approving (grant in flight) → approved | declined
 *   (approving falls back to pending when the grant is refused).
 * - leases: what the owner granted (possibly narrowed) and what the chain
 *   answered. state: submitting (grant sent, result not yet stored) → active
 *   → expired → settled, or active → revoked; missing = the chain no longer
 *   has it and it could not be re-submitted (see reconcile).
 * - requesters: labels and the block list, by address.
 */
export const migration003Leases: Migration = {
  version: 3,
  name: 'leases',
  up(db) {
    db.exec(`
      CREATE TABLE lease_requests (
        digest      TEXT    PRIMARY KEY CHECK (length(digest) = 66),
        chain_id    INTEGER NOT NULL,
        contract    TEXT    NOT NULL,
        requester   TEXT    NOT NULL,
        nonce       TEXT    NOT NULL,
        message     TEXT    NOT NULL,
        signature   TEXT    NOT NULL,
        received_at INTEGER NOT NULL,
        status      TEXT    NOT NULL CHECK (status IN ('pending', 'approving', 'approved', 'declined')),
        decided_at  INTEGER,
        UNIQUE (chain_id, contract, requester, nonce)
      ) STRICT;

      CREATE TABLE leases (
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
                       CHECK (state IN ('submitting', 'active', 'expired', 'revoked', 'settled', 'missing')),
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
        updated_at     INTEGER NOT NULL
      ) STRICT;

      CREATE UNIQUE INDEX leases_on_chain_id ON leases (chain_id, contract, lease_id) WHERE lease_id IS NOT NULL;
      CREATE INDEX leases_state_expiry ON leases (state, expires_at);

      CREATE TABLE requesters (
        address    TEXT    PRIMARY KEY CHECK (length(address) = 42),
        label      TEXT,
        blocked    INTEGER NOT NULL DEFAULT 0 CHECK (blocked IN (0, 1)),
        updated_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
