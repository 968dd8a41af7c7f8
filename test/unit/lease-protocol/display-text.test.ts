import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DESCRIPTION_MAX_LINES, displayTextProblem, looksLike, skeleton } from '../../../shared/lease/display-text.js';
import { decodeLeaseLink } from '../../../shared/lease/link.js';
import { LeaseLinkError } from '../../../shared/lease/errors.js';
import { encodeLeaseLink } from '../../../shared/lease/link.js';
import { SAMPLE_DOMAIN, sampleMessage } from '../../helpers/chain-requests.js';

/** Code points the security review found accepted, and their kin. */
const REFUSED = [
  0x061c, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x2028, 0x2029, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0x202a, 0x202e, 0x2066, 0x2069,
  0x115f, 0x1160, 0x3164, 0xffa0, 0xfeff, 0x00ad, 0x034f, 0x180e, 0xfe0f, 0xe0041, 0x00a0, 0x3000, 0x2003, 0xe000, 0x0007, 0x001b, 0x0085,
];

describe('display text rules', () => {
  it.each(REFUSED)('refuses U+%s in a name and in a description, naming the code point but not the text', (cp) => {
    const ch = String.fromCodePoint(cp);
    const label = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    expect(displayTextProblem(`Sleep${ch}Lab`)).toBe(
      `must not contain invisible, format, text-direction, separator or control characters (found ${label})`,
    );
    expect(displayTextProblem(`line one\nSleep${ch}Lab`, { multiline: true })).toContain(label);
  });

  it('accepts ordinary text in any script, line feeds and tabs only where lines are allowed', () => {
    for (const ok of ['Sleep Lab, University of Example', 'Université de Genève', 'Лаборатория сна', '睡眠研究所', 'مختبر النوم', 'Lab 🧪']) {
      expect(displayTextProblem(ok)).toBeNull();
    }
    expect(displayTextProblem('a\nb')).toMatch(/U\+000A/);
    expect(displayTextProblem('a\nb\tc', { multiline: true })).toBeNull();
  });

  it('caps description lines and stacked combining marks', () => {
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i}`).join('\n');
    expect(displayTextProblem(lines(DESCRIPTION_MAX_LINES), { multiline: true, maxLines: DESCRIPTION_MAX_LINES })).toBeNull();
    expect(displayTextProblem(lines(DESCRIPTION_MAX_LINES + 1), { multiline: true, maxLines: DESCRIPTION_MAX_LINES })).toBe(
      `must have at most ${DESCRIPTION_MAX_LINES} lines`,
    );
    expect(displayTextProblem('e\u0301\u0302\u0303')).toBeNull();
    expect(displayTextProblem('e\u0301\u0302\u0303\u0304')).toMatch(/combining marks/);
  });

  it('property: any text with a refused code point is refused, wherever it sits', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.constantFrom(...REFUSED), fc.string({ maxLength: 30 }), (before, cp, after) => {
        expect(displayTextProblem(`${before}${String.fromCodePoint(cp)}${after}`, { multiline: true })).not.toBeNull();
      }),
      { numRuns: 500 },
    );
  });

  it('the link codec refuses them: a name of only U+200B, a 400-line description, a bidi override', () => {
    const refused = (overrides: Parameters<typeof sampleMessage>[0]) => {
      try {
        // The SDK's encoder applies the same rules as the wallet's decoder.
        decodeLeaseLink(encodeLeaseLink({ ...SAMPLE_DOMAIN, message: sampleMessage(overrides), signature: `0x${'11'.repeat(32)}${'22'.repeat(32)}1b` }));
      } catch (e) {
        expect(e).toBeInstanceOf(LeaseLinkError);
        return `${(e as LeaseLinkError).message} ${(e as LeaseLinkError).details ?? ""}`;
      }
      throw new Error('the link was accepted');
    };
    expect(refused({ requesterName: '\u200b' })).toMatch(/requesterName.*U\+200B/);
    expect(refused({ description: 'x\n'.repeat(400) })).toMatch(/description.*at most 12 lines/);
    expect(refused({ requesterName: 'Sleep Lab\u202e' })).toMatch(/U\+202E/);
    expect(refused({ datasets: ['steps\u2060'] })).toMatch(/U\+2060/);
  });
});

describe('confusable names (UTS #39 skeletons)', () => {
  it('maps homoglyphs to one skeleton', () => {
    expect(skeleton('\u0405l\u0435\u0435\u0440 L\u0430b')).toBe(skeleton('Sleep Lab')); // Cyrillic Ѕ е е р а
    expect(skeleton('paypal')).not.toBe(skeleton('paypal2'));
  });

  it('flags a name that looks like, or visibly contains, a label', () => {
    expect(looksLike('\u0405l\u0435\u0435\u0440 L\u0430b', 'Sleep Lab')).toBe(true);
    expect(looksLike('Sleep Lab — your label: Sleep Lab', 'Sleep Lab')).toBe(true);
    expect(looksLike('SLEEP  lab', 'Sleep Lab')).toBe(true);
    expect(looksLike('Sleep Laboratory', 'Sleep Lab')).toBe(false);
    expect(looksLike('Heart Study', 'Sleep Lab')).toBe(false);
    expect(looksLike('A', 'A')).toBe(false); // too short to mean anything
  });
});
