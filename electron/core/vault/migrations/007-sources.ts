import { MAX_LISTED_DEVICE_CHARS } from '../records/prepared-batch.js';
import { DEVICE_KEY, deviceMemberLength, joinDevice, splitAt } from '../records/stored-meta.js';
import { INT64_MIN } from '../store/bounds.js';
import type { Connection } from '../store/database.js';
import { sourceKey } from '../store/source-key.js';
import type { Migration } from './migration.js';

/**
 * Sources and devices in a lookup table (issue 8 §3, throughput).
 *
 * Every Apple Health record repeats its source name and a ~110-character
 * device description; stored once in `sources`, they no longer have to be
 * encrypted, written and indexed with each row (see records/stored-meta.ts
 * for the stored form: meta without its `"device"` member plus `device_at`).
 *
 * - `sources (id, key, source, device)`: one row per distinct pair; `key`
 *   (JSON of [source, device]) makes the pair unique although either may be
 *   NULL. No foreign key from records: an erase deletes the pairs no record
 *   uses any more (writes.ts deleteDataset), in one scan.
 * - `records.source_id`, `records.device_at`: NULL for rows stored whole.
 *   Reads return the same `source` and the same canonical `meta` text either
 *   way (reads.ts), so exports and queries do not change.
 *
 * Existing rows are moved: their source (and a string meta.device, when the
 * stored meta is the canonical JSON that putting it back would rebuild
 * byte for byte) go to the lookup table. Hashes are untouched: they cover
 * the full record, which reads still return.
 */
export const migration007Sources: Migration = {
  version: 7,
  name: 'sources',
  up(db) {
    db.exec(`
      CREATE TABLE sources (
        id     INTEGER PRIMARY KEY,
        key    TEXT    NOT NULL UNIQUE,
        source TEXT,
        device TEXT
      ) STRICT;

      ALTER TABLE records ADD COLUMN source_id INTEGER;
      ALTER TABLE records ADD COLUMN device_at INTEGER;
    `);
    moveSources(db);
  },
};

interface Row {
  id: number;
  source: string | null;
  meta: string | null;
}

/** Rows are read in slices by id (SQLite does not allow updating a table while a statement iterates it). */
const SLICE = 10_000;
const MAX_MOVED_PAIRS = 100_000;

function moveSources(db: Connection): void {
  const select = db.prepare(
    `SELECT id, source, meta FROM records WHERE id > ? AND (source IS NOT NULL OR meta LIKE '%"${DEVICE_KEY}":"%') ORDER BY id LIMIT ${SLICE}`,
  );
  const ids = new Map<string, number>();
  const insertSource = db.prepare('INSERT INTO sources (key, source, device) VALUES (?, ?, ?)');
  const update = db.prepare('UPDATE records SET source = NULL, meta = ?, source_id = ?, device_at = ? WHERE id = ?');
  for (let after: number | bigint = INT64_MIN; ; ) {
    const rows = select.all(after) as Row[];
    for (const row of rows) {
      const found = row.meta === null ? null : splitStoredMeta(row.meta);
      // As an import lists them (prepared-batch.ts): a long device stays in meta.
      const split = found !== null && found.device.length <= MAX_LISTED_DEVICE_CHARS ? found : null;
      if (row.source === null && split === null) continue;
      const device = split?.device ?? null;
      const key = sourceKey(row.source, device);
      let sourceId = ids.get(key);
      if (sourceId === undefined) {
        // Bounded memory whatever the vault holds: past this many pairs, rows keep theirs inline.
        if (ids.size >= MAX_MOVED_PAIRS) continue;
        sourceId = Number(insertSource.run(key, row.source, device).lastInsertRowid);
        ids.set(key, sourceId);
      }
      update.run(split?.stored ?? row.meta, sourceId, split?.deviceAt ?? null, row.id);
    }
    if (rows.length < SLICE) return;
    after = rows.at(-1)!.id;
  }
}

/**
 * A stored meta text split at its `"device"` member, or null when it has no
 * string device or is not in the canonical form that joinDevice rebuilds
 * exactly (then it stays whole).
 */
function splitStoredMeta(meta: string): { stored: string; deviceAt: number; device: string } | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(meta);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const device = (parsed as Record<string, unknown>)[DEVICE_KEY];
  if (typeof device !== 'string') return null;
  const member = `${JSON.stringify(DEVICE_KEY)}:${JSON.stringify(device)}`;
  const at = meta.indexOf(member);
  if (at < 1) return null;
  const { stored, deviceAt } = splitAt(meta, at, deviceMemberLength(device));
  return joinDevice(stored, deviceAt, device) === meta ? { stored, deviceAt, device } : null;
}
