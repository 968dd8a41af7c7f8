import { InvalidQueryError } from '../errors.js';

/** Keyset position of a record page: the last (tStart, id) returned. */
export interface RecordCursor {
  tStart: number;
  id: number;
}

const PATTERN = /^(-?\d{1,16})\.(\d{1,16})$/;

/** Opaque, URL-safe cursor text. */
export function encodeCursor(c: RecordCursor): string {
  return Buffer.from(`${c.tStart}.${c.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(text: string): RecordCursor {
  const m = typeof text === 'string' && text.length <= 64 ? PATTERN.exec(Buffer.from(text, 'base64url').toString('utf8')) : null;
  const tStart = Number(m?.[1]);
  const id = Number(m?.[2]);
  if (!m || !Number.isSafeInteger(tStart) || !Number.isSafeInteger(id)) {
    throw new InvalidQueryError('the page cursor is malformed (pass back nextCursor unchanged)');
  }
  return { tStart, id };
}
