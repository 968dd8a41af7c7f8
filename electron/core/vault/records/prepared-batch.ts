/**
 * A batch of records made ready for the store: validated, meta as canonical
 * JSON text, sources and devices numbered in the import's source list — in
 * column form, so that a parser running in a worker thread can do most
 * per-record work and hand the batch over cheaply (the numbers travel as
 * transferable buffers, the text as one string; no objects per record).
 *
 * Sources and devices go to the source table (migration 007,
 * stored-meta.ts): a record carries the number of its (source, device) pair
 * instead of the strings, and its meta without the device member. The
 * content hash — exactly `recordHash(r, canonicalMetaJson(r.meta))`, the
 * same bytes as before, so re-imports across versions still dedupe — is
 * computed here too (over the full meta JSON, before the device member is
 * taken out) or, for a batch prepared without hashes, by the thread that
 * stores (import-run.ts, from the fields put back together). The parse
 * worker decides per batch (parse-worker.ts): it hashes while the store has
 * batches waiting and leaves the hashes to the store when it is the one
 * waiting, so neither thread idles while the other has work it could share.
 */
import type { NewRecord } from '../../../../shared/domain/record.js';
import { canonicalMetaJson, fieldsHashInto, RECORD_HASH_BYTES, type DeviceMemberMark } from './record-hash.js';
import { splitAt } from './stored-meta.js';
import { assertValidRecord } from './validate-record.js';

/** The text fields of a record, in the order they are packed. */
export const FIELD_KIND = 0;
export const FIELD_UNIT = 1;
/** Null when the record's source is in the source table (sourceRef ≥ 0). */
export const FIELD_SOURCE = 2;
export const FIELD_VALUE_TEXT = 3;
/** As stored: without the device member when deviceAt ≥ 0 (see stored-meta.ts). */
export const FIELD_META = 4;
const FIELDS = 5;

/**
 * Distinct (source, device) pairs one import puts into the source table;
 * past this, records keep their source and device inline (memory stays
 * bounded whatever a file holds).
 */
export const MAX_SOURCES_PER_IMPORT = 10_000;
/** Characters of sources and devices one import's list may hold (memory stays bounded whatever a file holds). */
export const MAX_SOURCE_LIST_CHARS = 4 * 1024 * 1024;
/** A longer meta.device stays in the record's meta (a device description is ~100 characters). */
export const MAX_LISTED_DEVICE_CHARS = 1024;

export interface PreparedBatch {
  readonly prepared: true;
  readonly count: number;
  /**
   * Every text field of every record (kind, unit, source, valueText,
   * stored meta JSON), concatenated: one string crosses a thread far
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
  /** Per record: its (source, device) pair's index in the import's source list, or -1 (source inline). */
  readonly sourceRef: Int32Array;
  /** Per record: where the device member goes back into the stored meta (stored-meta.ts), or -1. */
  readonly deviceAt: Int32Array;
  /** Pairs first used in this batch, appended to the import's source list in order: source, device, source, device, … */
  readonly newSources: (string | null)[];
  /**
   * The content hash of record i (record-hash.ts) at [i * RECORD_HASH_BYTES,
   * (i + 1) * RECORD_HASH_BYTES); empty when the batch was prepared without
   * hashes (the store computes them).
   */
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

/**
 * A prepared batch from elsewhere (a parse worker) must at least be
 * consistent; `sources` = the devices of the import's source list so far
 * (before this batch's newSources). Returns a reason when it is not.
 */
export function preparedBatchProblem(b: PreparedBatch, sources: readonly (string | null)[] = []): string | null {
  const n = b.count;
  if (!Number.isSafeInteger(n) || n < 0 || typeof b.text !== 'string') return 'count or text';
  if (b.ends?.length !== n * FIELDS || b.nulls?.length !== n * FIELDS) return 'field offsets';
  if ([b.tStart, b.tEnd, b.valueNum, b.valueNumNull, b.sourceRef, b.deviceAt].some((c) => c?.length !== n)) return 'columns';
  if (!(b.hashes instanceof Uint8Array) || (b.hashes.length !== n * RECORD_HASH_BYTES && b.hashes.length !== 0)) return 'hashes';
  let prev = 0;
  for (let k = 0; k < b.ends.length; k++) {
    const e = b.ends[k]!;
    if (e < prev || e > b.text.length) return 'field offsets';
    prev = e;
  }
  const added = b.newSources;
  if (!Array.isArray(added) || added.length % 2 !== 0 || !added.every((v) => v === null || typeof v === 'string')) return 'sources';
  const known = sources.length + added.length / 2;
  const device = (ref: number): string | null => (ref < sources.length ? sources[ref]! : added[(ref - sources.length) * 2 + 1]!);
  for (let i = 0; i < n; i++) {
    const ref = b.sourceRef[i]!;
    const at = b.deviceAt[i]!;
    if (ref < -1 || ref >= known) return 'sources';
    if (ref >= 0 && b.nulls[i * FIELDS + FIELD_SOURCE] !== 1) return 'sources';
    if (at === -1) continue;
    // A device taken out of meta must have somewhere to come back from, and a place to go back to.
    const metaEnd = b.ends[i * FIELDS + FIELD_META]!;
    const metaLength = metaEnd - b.ends[i * FIELDS + FIELD_META - 1]!;
    if (ref < 0 || device(ref) === null || b.nulls[i * FIELDS + FIELD_META] === 1 || at < 1 || at > metaLength - 1) return 'sources';
  }
  return null;
}

/**
 * Prepares the batches of ONE import, in order: validation, canonical meta,
 * content hashes, and the import's source list (numbered from 0 in order of first
 * use; the store maps the numbers to `sources` rows).
 */
export class BatchPreparer {
  readonly #pairs = new Map<string | null, Map<string | null, number>>();
  #count = 0;
  #chars = 0;
  readonly #mark: DeviceMemberMark = { at: -1, length: 0 };

  /** Validates (InvalidRecordError naming batch and index) and prepares one batch; `hash` false leaves the hashes to the store. */
  prepare(batch: readonly NewRecord[], batchNo: number, hash = true): PreparedBatch {
    const n = batch.length;
    const parts: string[] = [];
    const ends = new Uint32Array(n * FIELDS);
    const nulls = new Uint8Array(n * FIELDS);
    const tStart = new Float64Array(n);
    const tEnd = new Float64Array(n);
    const valueNum = new Float64Array(n);
    const valueNumNull = new Uint8Array(n);
    const sourceRef = new Int32Array(n);
    const deviceAt = new Int32Array(n);
    const hashes = new Uint8Array(hash ? n * RECORD_HASH_BYTES : 0);
    const newSources: (string | null)[] = [];
    const mark = this.#mark;
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
      const full = canonicalMetaJson(r.meta, mark);
      if (hash) fieldsHashInto(hashes, i * RECORD_HASH_BYTES, r.kind, r.tStart, r.tEnd, r.valueNum, r.valueText, r.unit, r.source, full);
      const metaDevice = mark.at === -1 ? null : (r.meta!.device as string);
      const device = metaDevice !== null && metaDevice.length <= MAX_LISTED_DEVICE_CHARS ? metaDevice : null;
      const ref = r.source === null && device === null ? -1 : this.#sourceRef(r.source, device, newSources);
      let meta = full;
      let dAt = -1;
      if (ref !== -1 && device !== null) {
        const split = splitAt(full!, mark.at, mark.length);
        meta = split.stored;
        dAt = split.deviceAt;
      }
      add(r.kind);
      add(r.unit);
      add(ref === -1 ? r.source : null);
      add(r.valueText);
      add(meta);
      tStart[i] = r.tStart;
      tEnd[i] = r.tEnd;
      if (r.valueNum === null) {
        valueNum[i] = Number.NaN;
        valueNumNull[i] = 1;
      } else valueNum[i] = r.valueNum;
      sourceRef[i] = ref;
      deviceAt[i] = dAt;
    }
    return { prepared: true, count: n, text: parts.join(''), ends, nulls, tStart, tEnd, valueNum, valueNumNull, sourceRef, deviceAt, newSources, hashes };
  }

  /** The pair's number, new ones appended to `added`; -1 once the list is full (then the record keeps them inline). */
  #sourceRef(source: string | null, device: string | null, added: (string | null)[]): number {
    let byDevice = this.#pairs.get(source);
    const ref = byDevice?.get(device);
    if (ref !== undefined) return ref;
    const chars = (source?.length ?? 0) + (device?.length ?? 0);
    if (this.#count >= MAX_SOURCES_PER_IMPORT || this.#chars + chars > MAX_SOURCE_LIST_CHARS) return -1;
    this.#chars += chars;
    if (byDevice === undefined) {
      byDevice = new Map();
      this.#pairs.set(source, byDevice);
    }
    byDevice.set(device, this.#count);
    added.push(source, device);
    return this.#count++;
  }
}

/** One batch prepared on its own (an import of one batch; tests). */
export function prepareBatch(batch: readonly NewRecord[], batchNo: number, hash = true): PreparedBatch {
  return new BatchPreparer().prepare(batch, batchNo, hash);
}

/** The buffers of a prepared batch, for postMessage's transfer list. */
export function transferablesOf(b: PreparedBatch): ArrayBuffer[] {
  return [b.ends.buffer, b.nulls.buffer, b.tStart.buffer, b.tEnd.buffer, b.valueNum.buffer, b.valueNumNull.buffer, b.sourceRef.buffer, b.deviceAt.buffer, b.hashes.buffer] as ArrayBuffer[];
}
