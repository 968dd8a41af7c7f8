import { joinDevice } from '../records/stored-meta.js';
import type { Connection } from './database.js';

/** SQL function: a record's full canonical meta from its stored meta, device_at and its source's device. */
export const FULL_META_FUNCTION = 'dw_full_meta';

function fullMeta(meta: unknown, deviceAt: unknown, device: unknown): unknown {
  if (typeof meta !== 'string' || typeof device !== 'string' || (typeof deviceAt !== 'number' && typeof deviceAt !== 'bigint')) return meta;
  return joinDevice(meta, Number(deviceAt), device);
}

/** Registers FULL_META_FUNCTION on a connection (reads use it in their SELECTs). */
export function registerFullMeta(db: Connection): void {
  db.function(FULL_META_FUNCTION, { deterministic: true, varargs: false }, fullMeta);
}
