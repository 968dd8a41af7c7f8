/**
 * The repair's cheap pre-check (run on every attribute of an export) must
 * never skip a stretch that the full spaced-name repair would rewrite.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mayHoldSpacedName, XmlRepair } from '../../../electron/core/importers/xml-repair.js';

/** The repair's own decision for one stretch (private API reached on purpose: it is the reference). */
function fixStretch(stretch: string, first: boolean): string | null {
  const r = new XmlRepair() as unknown as { first: boolean; fixStretch(s: string): string | null };
  r.first = first;
  return r.fixStretch(stretch);
}

const stretchArb = fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\r', '=', 'a', 'B', '_', '1', '.', ':', '-', '/', 'é', '\u00a0', '\f', '\v'), maxLength: 24 });

describe('XmlRepair pre-check', () => {
  it('is true whenever the repair would rewrite the stretch (property)', () => {
    fc.assert(
      fc.property(stretchArb, fc.boolean(), fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), (stretch, first, before, after) => {
        const s = before + stretch + after;
        if (fixStretch(stretch, first) !== null) expect(mayHoldSpacedName(s, before.length, before.length + stretch.length, first)).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it('skips the stretches of an ordinary export and not those with a spaced name', () => {
    const s = ' type=';
    expect(mayHoldSpacedName(s, 0, s.length, false)).toBe(false);
    expect(mayHoldSpacedName('Record type=', 0, 12, true)).toBe(false);
    expect(mayHoldSpacedName('Record\n  type = ', 0, 16, true)).toBe(false);
    expect(mayHoldSpacedName(' Health Mate App Version=', 0, 25, false)).toBe(true);
    expect(fixStretch(' Health Mate App Version=', false)).toBe(' Health·Mate·App·Version=');
  });

  it('repairs a spaced attribute name in a whole tag as before', () => {
    const r = new XmlRepair();
    expect(r.process('<Record type="a" Health Mate App Version="2.6.2" value="1"/>')).toBe('<Record type="a" Health·Mate·App·Version="2.6.2" value="1"/>');
    expect(r.spacedNames).toBe(1);
  });
});

describe('XmlRepair with and without its pre-checks', () => {
  const piece = fc.constantFrom('<', '>', '/>', '</', '"', "'", ' ', '\t', '\n', '=', 'Rec', 'a', 'b c', 'Health Mate', 'x="1"', ' y z="2"', '<!-- c -->', '<?p?>', 'é', '\u0001', '\f');
  it('gives the same text and counts for any input, in any chunking (property)', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 5 }), (pieces, cuts) => {
        const text = pieces.join('');
        const run = (r: XmlRepair): string => {
          let out = '';
          let at = 0;
          for (let k = 0; at < text.length; k++) {
            const next = Math.min(text.length, at + cuts[k % cuts.length]!);
            out += r.process(text.slice(at, next));
            at = next;
          }
          return out + r.end();
        };
        const fast = new XmlRepair();
        const reference = new XmlRepair(false);
        expect(run(fast)).toBe(run(reference));
        expect([fast.spacedNames, fast.controlChars]).toEqual([reference.spacedNames, reference.controlChars]);
      }),
      { numRuns: 5000 },
    );
  });
});
