/**
 * A batch of records made ready for the store: validated, meta as canonical
 * JSON text, content hashes computed — in column form, so that a parser
 * running in a worker thread can do all per-record work except the INSERT
 * and hand the batch over cheaply (the numbers and hashes travel as
 * transferable buffers, the rest as plain string arrays; no meta objects).
 *
 * The hashes are exactly `recordHash(r, canonicalMetaJson(r.meta))` (the
 * same bytes as before: re-imports across versions still dedupe), only
 * computed with fewer allocations.
 */
import type { NewRecord } from '../../../../shared/domain/record.js';
import { RECORD_HASH_BYTES, canonicalMetaJson, recordHash } from './record-hash.js';
import { assertValidRecord } from './validate-record.js';

/** The text fields of a record, in the order they are packed. */
export const FIELD_KIND = 0;
export const FIELD_UNIT = 1;
export const FIELD_SOURCE = 2;
export const FIELD_VALUE_TEXT = 3;
export const FIELD_META = 4;
const FIELDS = 5;

export interface PreparedBatch {
  readonly prepared: true;
  readonly count: number;
  /**
   * Every text field of every record (kind, unit, source, valueText,
   * canonical meta JSON), concatenated: one string crosses a thread far
   * faster than thousands; slicing it back is cheap.
   */
  readonly text: string;
  /** End offset in `text` of field f of record i at [i * 5 + f]; it starts where the previous one ends. */
  readonly ends: Uint32Array;
  /** 1 where that field is null. */
  readonly nulls: Uint8Array;
  readonly tStart: Float64Array;
  readonly tEnd: Float64Array;
  /** NaN where valueNum is null (see `valueNumNull`). */
  readonly valueNum: Float64Array;
  readonly valueNumNull: Uint8Array;
  /** `count` hashes of RECORD_HASH_BYTES each. */
  readonly hashes: Uint8Array;
}

/** Text field `field` (FIELD_…) of record `i`, or null. */
export function fieldOf(b: PreparedBatch, i: number, field: number): string | null {
  const k = i * FIELDS + field;
  if (b.nulls[k] === 1) return null;
  return b.text.slice(k === 0 ? 0 : b.ends[k - 1]!, b.ends[k]!);
}

export function isPreparedBatch(b: unknown): b is PreparedBatch {
  return typeof b === 'object' && b !== null && !Array.isArray(b) && (b as { prepared?: unknown }).prepared === true;
}

/** A prepared batch from elsewhere (a parse worker) must at least be consistent; returns a reason when it is not. */
export function preparedBatchProblem(b: PreparedBatch): string | null {
  const n = b.count;
  if (!Number.isSafeInteger(n) || n < 0 || typeof b.text !== 'string') return 'count or text';
  if (b.ends?.length !== n * FIELDS || b.nulls?.length !== n * FIELDS) return 'field offsets';
  if ([b.tStart, b.tEnd, b.valueNum, b.valueNumNull].some((c) => c?.length !== n) || b.hashes?.length !== n * RECORD_HASH_BYTES) return 'columns';
  let prev = 0;
  for (let k = 0; k < b.ends.length; k++) {
    const e = b.ends[k]!;
    if (e < prev || e > b.text.length) return 'field offsets';
    prev = e;
  }
  return null;
}

/** Validates (InvalidRecordError naming batch and index) and prepares one batch. */
export function prepareBatch(batch: readonly NewRecord[], batchNo: number): PreparedBatch {
  const n = batch.length;
  const parts: string[] = [];
  const ends = new Uint32Array(n * FIELDS);
  const nulls = new Uint8Array(n * FIELDS);
  const tStart = new Float64Array(n);
  const tEnd = new Float64Array(n);
  const valueNum = new Float64Array(n);
  const valueNumNull = new Uint8Array(n);
  const hashes = new Uint8Array(n * RECORD_HASH_BYTES);
  let at = 0;
  let k = 0;
  const add = (v: string | null): void => {
    if (v === null) nulls[k] = 1;
    else {
      parts.push(v);
      at += v.length;
    }
    ends[k++] = at;
  };
  for (let i = 0; i < n; i++) {
    const r = batch[i]!;
    assertValidRecord(r, batchNo, i);
    const m = canonicalMetaJson(r.meta);
    hashes.set(recordHash(r, m), i * RECORD_HASH_BYTES);
    add(r.kind);
    add(r.unit);
    add(r.source);
    add(r.valueText);
    add(m);
    tStart[i] = r.tStart;
    tEnd[i] = r.tEnd;
    if (r.valueNum === null) {
      valueNum[i] = Number.NaN;
      valueNumNull[i] = 1;
    } else valueNum[i] = r.valueNum;
  }
  return { prepared: true, count: n, text: parts.join(''), ends, nulls, tStart, tEnd, valueNum, valueNumNull, hashes };
}

/** The buffers of a prepared batch, for postMessage's transfer list. */
export function transferablesOf(b: PreparedBatch): ArrayBuffer[] {
  return [b.ends.buffer, b.nulls.buffer, b.tStart.buffer, b.tEnd.buffer, b.valueNum.buffer, b.valueNumNull.buffer, b.hashes.buffer] as ArrayBuffer[];
}
