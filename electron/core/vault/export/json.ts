import type { ExportRow } from './row.js';

export const JSON_OPEN = '[\n';
export const JSON_CLOSE = ']\n';

/** One array element; `first` decides the separating comma. */
export function jsonElement(row: ExportRow, first: boolean): string {
  const obj = {
    kind: row.kind,
    t_start: row.t_start,
    t_end: row.t_end,
    value_num: row.value_num,
    value_text: row.value_text,
    unit: row.unit,
    source: row.source,
    meta: row.meta === null ? null : (JSON.parse(row.meta) as unknown),
  };
  return `${first ? '' : ',\n'}${JSON.stringify(obj)}`;
}
