import type { NewRecord } from '../../../../shared/domain/record.js';
import { InvalidRecordError } from '../errors.js';

/** Largest |t| a JavaScript Date can represent, in ms. */
export const MAX_ABS_TIME_MS = 8.64e15;

function isTime(t: unknown): t is number {
  return typeof t === 'number' && Number.isSafeInteger(t) && Math.abs(t) <= MAX_ABS_TIME_MS;
}

function isOptString(s: unknown, max: number): boolean {
  return s === null || (typeof s === 'string' && s.length <= max);
}

function isMeta(meta: unknown): boolean {
  if (meta === null) return true;
  if (typeof meta !== 'object' || Array.isArray(meta)) return false;
  const m = meta as Record<string, unknown>;
  for (const k in m) {
    if (!Object.hasOwn(m, k)) continue;
    const v = m[k];
    const t = typeof v;
    if (!(v === null || t === 'string' || t === 'boolean' || (t === 'number' && Number.isFinite(v)))) return false;
  }
  return true;
}

/**
 * A cheap structural check of one record from an importer (the hot path
 * cannot afford a schema parse per row). It names the field, never the value.
 */
export function assertValidRecord(r: NewRecord, batchNo: number, indexInBatch: number): void {
  let field: string | null = null;
  if (typeof r !== 'object' || r === null) field = 'the record';
  else if (typeof r.kind !== 'string' || r.kind.length === 0 || r.kind.length > 200) field = 'kind';
  else if (!isTime(r.tStart)) field = 'tStart';
  else if (!isTime(r.tEnd) || r.tEnd < r.tStart) field = 'tEnd';
  else if (!(r.valueNum === null || (typeof r.valueNum === 'number' && Number.isFinite(r.valueNum)))) field = 'valueNum';
  else if (!isOptString(r.valueText, Number.MAX_SAFE_INTEGER)) field = 'valueText';
  else if (!isOptString(r.unit, 100)) field = 'unit';
  else if (!isOptString(r.source, 500)) field = 'source';
  else if (!isMeta(r.meta)) field = 'meta';
  if (field !== null) throw new InvalidRecordError(`${field} of record ${indexInBatch + 1} in batch ${batchNo} is missing or malformed`);
}
