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

export interface PreparedBatch {
  readonly prepared: true;
  readonly count: number;
  readonly kinds: string[];
  readonly units: (string | null)[];
  readonly sources: (string | null)[];
  readonly tStart: Float64Array;
  readonly tEnd: Float64Array;
  /** NaN where valueNum is null (see `valueNumNull`). */
  readonly valueNum: Float64Array;
  readonly valueNumNull: Uint8Array;
  readonly valueText: (string | null)[];
  /** Canonical meta JSON (canonicalMetaJson) or null. */
  readonly meta: (string | null)[];
  /** `count` hashes of RECORD_HASH_BYTES each. */
  readonly hashes: Uint8Array;
}

export function isPreparedBatch(b: unknown): b is PreparedBatch {
  return typeof b === 'object' && b !== null && !Array.isArray(b) && (b as { prepared?: unknown }).prepared === true;
}

/** Validates (InvalidRecordError naming batch and index) and prepares one batch. */
export function prepareBatch(batch: readonly NewRecord[], batchNo: number): PreparedBatch {
  const n = batch.length;
  const kinds = new Array<string>(n);
  const units = new Array<string | null>(n);
  const sources = new Array<string | null>(n);
  const tStart = new Float64Array(n);
  const tEnd = new Float64Array(n);
  const valueNum = new Float64Array(n);
  const valueNumNull = new Uint8Array(n);
  const valueText = new Array<string | null>(n);
  const meta = new Array<string | null>(n);
  const hashes = new Uint8Array(n * RECORD_HASH_BYTES);
  for (let i = 0; i < n; i++) {
    const r = batch[i]!;
    assertValidRecord(r, batchNo, i);
    const m = canonicalMetaJson(r.meta);
    hashes.set(recordHash(r, m), i * RECORD_HASH_BYTES);
    kinds[i] = r.kind;
    units[i] = r.unit;
    sources[i] = r.source;
    tStart[i] = r.tStart;
    tEnd[i] = r.tEnd;
    if (r.valueNum === null) {
      valueNum[i] = Number.NaN;
      valueNumNull[i] = 1;
    } else valueNum[i] = r.valueNum;
    valueText[i] = r.valueText;
    meta[i] = m;
  }
  return { prepared: true, count: n, kinds, units, sources, tStart, tEnd, valueNum, valueNumNull, valueText, meta, hashes };
}

/** The buffers of a prepared batch, for postMessage's transfer list. */
export function transferablesOf(b: PreparedBatch): ArrayBuffer[] {
  return [b.tStart.buffer, b.tEnd.buffer, b.valueNum.buffer, b.valueNumNull.buffer, b.hashes.buffer] as ArrayBuffer[];
}
