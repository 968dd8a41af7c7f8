import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64Url, encodeBase64Url } from '../../../shared/lease/base64url.js';

describe('base64url', () => {
  it('matches Node for any bytes, and round-trips', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const encoded = encodeBase64Url(bytes);
        expect(encoded).toBe(Buffer.from(bytes).toString('base64url'));
        const decoded = decodeBase64Url(encoded);
        expect(decoded.ok && Buffer.from(decoded.bytes).equals(Buffer.from(bytes))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('accepts only the canonical encoding', () => {
    expect(decodeBase64Url('QQ')).toMatchObject({ ok: true });
    expect(decodeBase64Url('QR')).toEqual({ ok: false, reason: 'trailing-bits' });
    expect(decodeBase64Url('QUI')).toMatchObject({ ok: true });
    expect(decodeBase64Url('QUJ')).toEqual({ ok: false, reason: 'trailing-bits' });
    expect(decodeBase64Url('QQ==')).toEqual({ ok: false, reason: 'alphabet', index: 2 });
    expect(decodeBase64Url('Q+Q')).toEqual({ ok: false, reason: 'alphabet', index: 1 });
    expect(decodeBase64Url('QUJDR')).toEqual({ ok: false, reason: 'length' });
    expect(decodeBase64Url('')).toMatchObject({ ok: true });
  });
});
