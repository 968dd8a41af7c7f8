import type { Migration } from './migration.js';

/**
 * The training runner's jobs (electron/core/training). Pre-assigned number
 * 006 in the parallel push; renumbered to follow main’s list.
 *
 * training_jobs: one row per job. state:
 *   running → review (result kept, waiting for the owner) → sending → sent
 *           → sending → sent                      (review off for the lease)
 *           → stopped (revoked, expired, locked, quit, cancelled: nothing sent)
 *           → failed  (refused task, engine error: nothing sent)
 *   review  → discarded (result deleted, nothing sent)
 *   sending → review  (delivery failed: the result is kept for another try)
 * A job found `running` or `sending` at start-up belonged to a process that
 * ended; it is marked stopped (running) or back to review (sending).
 * `result` holds the signed envelope bytes (only in review/sending/sent).
 * Times are unix ms; ε as a real number.
 */
export const migration006Training: Migration = {
  version: 6,
  name: 'training',
  up(db) {
    db.exec(`
      CREATE TABLE training_jobs (
        id             TEXT    PRIMARY KEY,
        lease_id       TEXT    NOT NULL,
        task_hash      TEXT    NOT NULL,
        task_source    TEXT    NOT NULL,
        state          TEXT    NOT NULL
                       CHECK (state IN ('running', 'review', 'sending', 'sent', 'discarded', 'stopped', 'failed')),
        review         INTEGER NOT NULL CHECK (review IN (0, 1)),
        summary        TEXT    NOT NULL,
        progress       TEXT,
        error          TEXT,
        epsilon        REAL,
        delta          REAL,
        result         BLOB,
        result_sha256  TEXT,
        result_bytes   INTEGER,
        destination    TEXT,
        delivery_tx    TEXT,
        created_at     INTEGER NOT NULL,
        finished_at    INTEGER,
        updated_at     INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX training_jobs_lease ON training_jobs (lease_id, state);
    `);
  },
};
