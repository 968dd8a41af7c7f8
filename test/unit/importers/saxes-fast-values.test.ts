/**
 * The fast attribute-value reader must be invisible: saxes with it reports
 * the same tags, attribute values, positions and errors as without it, for
 * any document and any chunking.
 */
import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { useFastAttributeValues } from '../../../electron/core/importers/saxes-fast-values.js';

/** Everything saxes reports for `chunks`, as a list of events. */
function events(chunks: string[], fast: boolean): unknown[] {
  const sax = new SaxesParser({ xmlns: false, position: true });
  if (fast) expect(useFastAttributeValues(sax)).toBe(true);
  const out: unknown[] = [];
  sax.on('opentag', (t) => out.push(['open', t.name, { ...t.attributes }, sax.line, sax.column]));
  sax.on('closetag', (t) => out.push(['close', t.name, sax.line, sax.column]));
  sax.on('text', (t) => out.push(['text', t]));
  sax.on('error', (e) => {
    out.push(['error', e.message]);
    throw e;
  });
  try {
    for (const c of chunks) sax.write(c);
    sax.close();
  } catch {
    // recorded above
  }
  return out;
}

const valueChar = fc.constantFrom('a', 'Z', ' ', '0', ',', ':', '>', '"', "'", '&lt;', '&gt;', '&amp;', '&#x2019;', '&bogus;', '&', '<', '\n', '\r', '\r\n', '\t', '’', '😀', '\ud800', '\u0001', '\uFFFE', 'é');
const value = fc.array(valueChar, { maxLength: 12 }).map((cs) => cs.join(''));
const attr = fc.tuple(fc.constantFrom('a', 'type', 'device', 'x-y'), value, fc.constantFrom('"', "'")).map(([n, v, q]) => ` ${n}=${q}${v}${q}`);
const element = fc.tuple(fc.constantFrom('Record', 'M'), fc.array(attr, { maxLength: 4 }), fc.boolean()).map(([n, as, empty]) => `<${n}${as.join('')}${empty ? '/>' : `>t</${n}>`}\n`);
const doc = fc.array(element, { maxLength: 6 }).map((els) => `<?xml version="1.0"?>\n<Root>\n${els.join('')}</Root>\n`);

describe('useFastAttributeValues', () => {
  it('changes nothing saxes reports: tags, values, lines, columns, errors (property)', () => {
    fc.assert(
      fc.property(doc, fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 4 }), (text, cuts) => {
        const chunks: string[] = [];
        for (let at = 0, k = 0; at < text.length; k++) {
          const next = Math.min(text.length, at + cuts[k % cuts.length]!);
          chunks.push(text.slice(at, next));
          at = next;
        }
        expect(events(chunks, true)).toEqual(events(chunks, false));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads an Apple Health Record as saxes does', () => {
    const xml =
      '<HealthData>\n <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Alice’s Apple Watch" device="&lt;&lt;HKDevice: 0x2829b1f90&gt;, name:Apple Watch&gt;" value="72"/>\n</HealthData>';
    const got = events([xml], true);
    expect(got).toEqual(events([xml], false));
    const record = got.find((e) => Array.isArray(e) && e[0] === 'open' && e[1] === 'Record') as unknown[];
    expect(record.slice(0, 4)).toEqual([
      'open',
      'Record',
      { type: 'HKQuantityTypeIdentifierHeartRate', sourceName: 'Alice’s Apple Watch', device: '<<HKDevice: 0x2829b1f90>, name:Apple Watch>', value: '72' },
      2,
    ]);
  });
});
