import type { ExportRow } from './row.js';

export const CSV_HEADER = 'kind,t_start,t_end,value_num,value_text,unit,source,meta\r\n';

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/**
 * One RFC 4180 field. null → empty field; a string is quoted when it holds
 * a comma, quote, CR or LF or starts/ends with white space, or is empty
 * (`""`, to tell the empty string from null).
 */
export function csvField(value: string | null): string {
  if (value === null) return '';
  if (value === '') return '""';
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvLine(row: ExportRow): string {
  return `${csvField(row.kind)},${row.t_start},${row.t_end},${row.value_num === null ? '' : String(row.value_num)},${csvField(row.value_text)},${csvField(row.unit)},${csvField(row.source)},${csvField(row.meta)}\r\n`;
}
