import { canonicalMetaJson, recordHash } from '../records/record-hash.js';
import type { Connection } from '../store/database.js';
import type { Migration } from './migration.js';

/**
 * Apple Health activity summaries become calendar days (issue 13.6).
 *
 * Until now an `HKActivitySummary` record ran from local midnight to local
 * midnight in the UTC offset of the export's ExportDate, so days across a
 * daylight-saving change were off by an hour and a re-export from another
 * time zone gave different times. The importer now stores the day
 * `meta.dateComponents` as UTC midnight to midnight. This migration moves the
 * records already stored to the same times and recomputes their content
 * hashes, so that importing the same export again dedupes instead of adding
 * every summary a second time. A record whose new form is already stored
 * (both versions were imported) is removed as the duplicate it is; the
 * dataset's count and time range are recomputed.
 */
export const migration005ActivitySummaryDays: Migration = {
  version: 5,
  name: 'activity-summary-days',
  up(db) {
    moveActivitySummaries(db);
  },
};

const DAY_MS = 86_400_000;
const KIND = 'HKActivitySummary';

interface Row {
  id: number;
  t_start: number;
  t_end: number;
  value_num: number | null;
  value_text: string | null;
  unit: string | null;
  source: string | null;
  meta: string | null;
}

function moveActivitySummaries(db: Connection): void {
  const datasetId = db.prepare('SELECT id FROM datasets WHERE kind = ?').pluck().get(KIND) as number | undefined;
  if (datasetId === undefined) return;
  const rows = db
    .prepare('SELECT id, t_start, t_end, value_num, value_text, unit, source, meta FROM records WHERE dataset_id = ?')
    .all(datasetId) as Row[];
  const update = db.prepare('UPDATE records SET t_start = ?, t_end = ?, hash = ? WHERE id = ?');
  const exists = db.prepare('SELECT 1 FROM records WHERE dataset_id = ? AND t_start = ? AND hash = ?').pluck();
  const remove = db.prepare('DELETE FROM records WHERE id = ?');
  for (const row of rows) {
    const day = dayOf(row.meta);
    if (day === null || day === row.t_start) continue;
    let meta: Record<string, string | number | boolean | null>;
    try {
      meta = JSON.parse(row.meta!) as typeof meta;
    } catch {
      continue;
    }
    const record = {
      kind: KIND,
      unit: row.unit,
      source: row.source,
      tStart: day,
      tEnd: day + DAY_MS,
      valueNum: row.value_num,
      valueText: row.value_text,
      meta,
    };
    const hash = recordHash(record, canonicalMetaJson(meta));
    if (exists.get(datasetId, day, hash) !== undefined) remove.run(row.id);
    else update.run(day, day + DAY_MS, hash, row.id);
  }
  db.prepare(
    `UPDATE datasets SET
       record_count = (SELECT count(*) FROM records WHERE dataset_id = datasets.id),
       t_min = (SELECT min(t_start) FROM records WHERE dataset_id = datasets.id),
       t_max = (SELECT max(t_end) FROM records WHERE dataset_id = datasets.id)
     WHERE id = ?`,
  ).run(datasetId);
}

/** UTC midnight of `meta.dateComponents` (YYYY-MM-DD), or null. */
function dayOf(metaJson: string | null): number | null {
  if (metaJson === null) return null;
  const m = /"dateComponents":"(\d{4})-(\d{2})-(\d{2})"/.exec(metaJson);
  if (m === null) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(t) ? null : t;
}
