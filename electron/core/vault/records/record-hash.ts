/**
 * Content hash of a record, used to skip duplicates on re-import: SHA-256
 * over a canonical text encoding, truncated to 16 bytes.
 *
 * Encoding (version 1), fields joined by `|`:
 *   `v1`, kind, tStart, tEnd, valueNum, valueText, unit, source, meta
 * where a string is written `<length>:<text>`, null as `~`, a number with
 * `String(n)` (shortest round-trip form) and meta as its canonical JSON
 * (keys sorted; see {@link canonicalMetaJson}). Length prefixes keep the
 * encoding unambiguous whatever the strings contain.
 */
import { hash } from 'node:crypto';
import type { NewRecord } from '../../../../shared/domain/record.js';

export const RECORD_HASH_BYTES = 16;

/** JSON text of meta keys: the same few keys repeat in every record of an import. */
const quotedKeys = new Map<string, string>();
const MAX_QUOTED_KEYS = 4096;

function quoteKey(k: string): string {
  let q = quotedKeys.get(k);
  if (q === undefined) {
    q = JSON.stringify(k);
    if (quotedKeys.size >= MAX_QUOTED_KEYS) quotedKeys.clear();
    quotedKeys.set(k, q);
  }
  return q;
}

/** Where canonicalMetaJson wrote the `"device":"…"` member of a string meta.device (filled only when passed). */
export interface DeviceMemberMark {
  /** Offset of the member in the JSON text, -1 when there is none. */
  at: number;
  length: number;
}

/**
 * JSON text of the last two device strings: an Apple Health import
 * alternates between a phone and a watch. Comparing with the last ones is
 * cheaper than a map, which would hash every (new) 100-character string.
 */
let device0 = '';
let device0Json = '""';
let device1 = '';
let device1Json = '""';

function quoteDevice(v: string): string {
  if (v === device0) return device0Json;
  if (v !== device1) {
    device1 = v;
    device1Json = JSON.stringify(v);
  }
  // Most recent first.
  [device0, device1] = [device1, device0];
  [device0Json, device1Json] = [device1Json, device0Json];
  return device0Json;
}

/**
 * Meta as JSON with keys in code-unit order, or null. With `mark`, also says
 * where the member of a string `device` is (see records/stored-meta.ts).
 */
export function canonicalMetaJson(meta: NewRecord['meta'], mark?: DeviceMemberMark): string | null {
  if (mark !== undefined) mark.at = -1;
  if (meta === null) return null;
  const keys = Object.keys(meta);
  // Importers mostly build meta in a fixed order; sort only when needed.
  for (let i = 1; i < keys.length; i++) {
    if ((keys[i - 1] as string) > (keys[i] as string)) {
      keys.sort();
      break;
    }
  }
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    if (i > 0) out += ',';
    const v = meta[k];
    if (typeof v === 'string' && k === 'device') {
      const at = out.length;
      out += `"device":${quoteDevice(v)}`;
      if (mark !== undefined) {
        mark.at = at;
        mark.length = out.length - at;
      }
    } else out += `${quoteKey(k)}:${typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v)}`;
  }
  return `${out}}`;
}

function str(s: string | null): string {
  return s === null ? '~' : `${s.length}:${s}`;
}

/** The 16-byte content hash of `r`; `metaJson` is `canonicalMetaJson(r.meta)`. */
export function recordHash(r: NewRecord, metaJson: string | null): Buffer {
  return fieldsHash(r.kind, r.tStart, r.tEnd, r.valueNum, r.valueText, r.unit, r.source, metaJson);
}

/** A record's hashed fields, positional (see the encoding above). */
export type HashedFields = Parameters<typeof fieldsHashInto> extends [Uint8Array, number, ...infer F] ? F : never;

/** recordHash with every field positional. */
export function fieldsHash(...fields: HashedFields): Buffer {
  const out = Buffer.alloc(RECORD_HASH_BYTES);
  fieldsHashInto(out, 0, ...fields);
  return out;
}

/** The content hash of the fields written into `out` at `offset` (RECORD_HASH_BYTES bytes), without a Buffer view per record. */
export function fieldsHashInto(
  out: Uint8Array,
  offset: number,
  kind: string,
  tStart: number,
  tEnd: number,
  valueNum: number | null,
  valueText: string | null,
  unit: string | null,
  source: string | null,
  metaJson: string | null,
): void {
  const text = `v1|${str(kind)}|${tStart}|${tEnd}|${valueNum === null ? '~' : String(valueNum)}|${str(valueText)}|${str(unit)}|${str(source)}|${str(metaJson)}`;
  const digest = hash('sha256', text, 'buffer');
  for (let k = 0; k < RECORD_HASH_BYTES; k++) out[offset + k] = digest[k]!;
}
