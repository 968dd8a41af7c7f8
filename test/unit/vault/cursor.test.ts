import { describe, expect, it } from 'vitest';
import { InvalidQueryError } from '../../../electron/core/vault/errors.js';
import { decodeCursor, encodeCursor } from '../../../electron/core/vault/records/cursor.js';

describe('page cursor', () => {
  it('round-trips, including negative times', () => {
    for (const c of [{ tStart: 0, id: 1 }, { tStart: -86_400_000, id: 42 }, { tStart: 1_700_000_000_000, id: 9_007_199_254_740_991 }]) {
      expect(decodeCursor(encodeCursor(c))).toEqual(c);
    }
  });

  it('rejects anything else with InvalidQueryError', () => {
    for (const bad of ['', 'abc', Buffer.from('1.2.3').toString('base64url'), Buffer.from('1e3.2').toString('base64url'), 'x'.repeat(100)]) {
      expect(() => decodeCursor(bad)).toThrow(InvalidQueryError);
    }
  });
});
