import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AuditEntryInvalidError, auditEntryHash, canonicalJson, GENESIS_HASH, isAuditJson } from '../../../electron/core/audit/index.js';

const base = { seq: 1, at: 1_700_000_000_000, type: 'request.received', subject: null, data: '{}', prevHash: GENESIS_HASH };

describe('canonical JSON', () => {
  it('sorts keys at every level and writes no whitespace', () => {
    expect(canonicalJson({ b: [3, { z: 1, a: 2 }], a: 'x', c: null, d: true })).toBe('{"a":"x","b":[3,{"a":2,"z":1}],"c":null,"d":true}');
    expect(canonicalJson({ n: -0, e: 1e21, f: 0.1 })).toBe('{"e":1e+21,"f":0.1,"n":0}');
  });

  it('round-trips any JSON value, and does not depend on key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
      }),
    );
  });

  it('rejects what is not JSON, naming the path and not the value', () => {
    const cases: [unknown, string][] = [
      [{ a: 1n }, '$.a is a bigint'],
      [{ a: [0, undefined] }, '$.a[1] is undefined'],
      [{ a: { b: Number.NaN } }, '$.a.b is not a finite number'],
      [{ a: -Infinity }, '$.a is not a finite number'],
      [{ a: new Date(0) }, '$.a is an object of a class'],
      [{ a: Buffer.from('secret') }, '$.a is an object of a class'],
      [{ a: new Map() }, '$.a is an object of a class'],
      [{ a: Symbol('s') }, '$.a is a symbol'],
      [{ [Symbol('k')]: 1 }, '$ has symbol keys'],
      // eslint-disable-next-line no-sparse-arrays
      [{ a: [1, , 3] }, '$.a[1] is a hole'],
    ];
    for (const [value, message] of cases) {
      expect(() => canonicalJson(value)).toThrow(AuditEntryInvalidError);
      expect(() => canonicalJson(value)).toThrow(message);
      expect(isAuditJson(value)).toBe(false);
    }
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/nested deeper than/);
    expect(() => canonicalJson({ secretValue: 'hunter2', bad: 1n })).not.toThrow(/hunter2/);
  });
});

describe('entry hash', () => {
  it('is a pinned SHA-256 of the documented encoding', () => {
    // Reproduced independently (Python hashlib + struct over the layout in entry-hash.ts).
    expect(auditEntryHash(base).toString('hex')).toBe('b8f4e9f57d6f43515bda9bad929d07a65ea9ebf95c1fabf66d97a2ec550e314b');
  });

  it('changes with every field', () => {
    const h = auditEntryHash(base).toString('hex');
    const variants = [
      { ...base, seq: 2 },
      { ...base, at: base.at + 1 },
      { ...base, type: 'request.verified' },
      { ...base, subject: '' },
      { ...base, subject: 'x' },
      { ...base, data: '{"a":1}' },
      { ...base, prevHash: Buffer.alloc(32, 1) },
    ];
    const hashes = new Set(variants.map((v) => auditEntryHash(v).toString('hex')));
    expect(hashes.size).toBe(variants.length);
    expect(hashes.has(h)).toBe(false);
  });

  it('is unambiguous: moving bytes between fields changes the hash', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), fc.nat({ max: 10 }), (type, subject, data, cut) => {
        // Shift `cut` characters from the end of one field to the start of the next.
        const k = Math.min(cut, type.length);
        fc.pre(k > 0);
        const a = auditEntryHash({ ...base, type, subject, data });
        const b = auditEntryHash({ ...base, type: type.slice(0, -k), subject: type.slice(-k) + subject, data });
        expect(a.equals(b)).toBe(false);
      }),
    );
  });

  it('refuses positions and times that are not integers', () => {
    expect(() => auditEntryHash({ ...base, seq: 0 })).toThrow(RangeError);
    expect(() => auditEntryHash({ ...base, at: 1.5 })).toThrow(RangeError);
    expect(() => auditEntryHash({ ...base, prevHash: Buffer.alloc(31) })).toThrow(RangeError);
  });
});
