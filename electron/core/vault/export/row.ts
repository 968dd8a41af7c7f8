import type { RecordRow } from '../store/rows.js';

/** One record ready for export: times as ISO-8601 UTC strings, meta as canonical JSON text. */
export interface ExportRow {
  kind: string;
  t_start: string;
  t_end: string;
  value_num: number | null;
  value_text: string | null;
  unit: string | null;
  source: string | null;
  meta: string | null;
}

export function toExportRow(kind: string, r: RecordRow): ExportRow {
  return {
    kind,
    t_start: new Date(r.t_start).toISOString(),
    t_end: new Date(r.t_end).toISOString(),
    value_num: r.value_num,
    value_text: r.value_text,
    unit: r.unit,
    source: r.source,
    meta: r.meta,
  };
}
