/**
 * GPX track points are read without saxes when written in a strict subset
 * of XML (gpx.ts, fastBlock). The two paths must agree on every input:
 * random route files with every variation the subset excludes (comments,
 * CDATA, entities, attributes on children, self-closing points, carriage
 * returns, prefixed names, missing or bad fields), cut at random chunk
 * sizes, truncated or with a byte changed: the same records, or the same
 * error class, message and line.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GpxParser } from '../../../electron/core/importers/gpx.js';
import { runParser } from '../../../electron/core/importers/stream.js';
import type { NewRecord } from '../../../shared/domain/record.js';
import { memoryInput } from '../../helpers/importer-collect.js';

let fastPoints = 0;

async function outcome(text: string, chunk: number, fast: boolean): Promise<{ records: NewRecord[] } | { error: string; message: string; line: unknown }> {
  const records: NewRecord[] = [];
  let parser: GpxParser | undefined;
  try {
    const make = (sink: ConstructorParameters<typeof GpxParser>[1]): GpxParser => (parser = new GpxParser('r.gpx', sink, { routeFile: '/workout-routes/r.gpx' }, fast));
    for await (const b of runParser(memoryInput('r.gpx', text, chunk), {}, make, { text: true })) {
      records.push(...b);
    }
    fastPoints += parser?.fastPoints ?? 0;
    return { records };
  } catch (e) {
    fastPoints += parser?.fastPoints ?? 0;
    const x = e as Error & { line?: number };
    return { error: x.name, message: x.message, line: x.line };
  }
}

const ws = fc.oneof({ arbitrary: fc.constantFrom('', ' ', '\n', '\n   ', '\t', '\n\n'), weight: 60 }, { arbitrary: fc.constant('\r\n'), weight: 1 });
const num = fc.oneof(
  { arbitrary: fc.double({ min: -89, max: 89, noNaN: true, noDefaultInfinity: true }).map((x) => String(Math.round(x * 1e5) / 1e5)), weight: 40 },
  { arbitrary: fc.constantFrom('', ' 1.5 ', 'x', '1e3', '&#49;', '1&amp;', '0x10', '99999999999', '200', '-91'), weight: 2 },
);
const time = fc.oneof(
  { arbitrary: fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }).map((t) => new Date(t - (t % 1000)).toISOString().replace('.000', '')), weight: 40 },
  { arbitrary: fc.constantFrom('', 'yesterday', '<![CDATA[2024-03-03T17:10:00Z]]>', ' 2024-03-03T17:10:00Z ', '2024-03-03T17:10:00+01:00'), weight: 2 },
);
const field = fc.tuple(fc.constantFrom('ele', 'speed', 'course', 'hAcc', 'vAcc', 'name', 'desc'), num, ws).map(([n, v, w]) => `${w}<${n}>${v}</${n}>`);
const oddChild = fc.constantFrom('<!-- c -->', '<ele unit="m">3</ele>', '<ele/>', '<gpxtpx:speed>2</gpxtpx:speed>', '<trkpt lat="1" lon="2"><time>2024-03-03T17:10:00Z</time></trkpt>', 'text', '<?pi x?>', '<ext><deeper><deepest><x><y>1</y></x></deepest></deeper></ext>');
const point = fc
  .record({
    lat: fc.oneof(num, fc.constant('52.5')),
    lon: fc.oneof(num, fc.constant('13.4')),
    quote: fc.constantFrom('"', "'"),
    time: fc.option(time, { nil: undefined, freq: 40 }),
    fields: fc.array(field, { maxLength: 4 }),
    ext: fc.array(field, { maxLength: 4 }),
    odd: fc.oneof({ arbitrary: fc.constant(undefined), weight: 12 }, { arbitrary: oddChild, weight: 1 }),
    sp: ws,
    selfClosing: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
  })
  .map((p) => {
    const q = p.quote;
    if (p.selfClosing) return `<trkpt lat=${q}${p.lat}${q} lon=${q}${p.lon}${q}/>`;
    const t = p.time === undefined ? '' : `<time>${p.time}</time>`;
    const ext = p.ext.length ? `<extensions>${p.ext.join('')}</extensions>` : '';
    return `<trkpt lon=${q}${p.lon}${q} lat=${q}${p.lat}${q}>${p.sp}${p.fields.join('')}${t}${p.odd ?? ''}${ext}</trkpt>`;
  });
const doc = fc.tuple(fc.array(fc.tuple(point, ws, fc.constantFrom('', '', '', '', '', '<!-- between -->', '</trkseg><trkseg>', 'x &amp; y', ' &bogus', '&amp', ' &#10;')), { maxLength: 12 }), ws).map(
  ([pts, w]) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="Apple Health Export">${w}<trk><name>Route</name><trkseg>\n` +
    pts.map(([p, s, between]) => `${s}${p}${between}`).join('') +
    `\n</trkseg></trk>\n</gpx>\n`,
);

describe('GPX fast path', () => {
  it('agrees with saxes on random route files, whatever the chunking', async () => {
    await fc.assert(
      fc.asyncProperty(doc, fc.integer({ min: 1, max: 400 }), async (text, chunk) => {
        expect(await outcome(text, chunk, true)).toEqual(await outcome(text, chunk, false));
      }),
      { numRuns: 400 },
    );
    // The generator reaches the fast path often (else the comparison would prove nothing).
    expect(fastPoints).toBeGreaterThan(500);
  });

  it('agrees with saxes on truncated and corrupted files', async () => {
    await fc.assert(
      fc.asyncProperty(doc, fc.nat(), fc.constantFrom('cut', '<', '>', '"', '&', '/', 'x', '\n'), fc.integer({ min: 1, max: 300 }), async (text, at, change, chunk) => {
        const k = at % (text.length + 1);
        const broken = change === 'cut' ? text.slice(0, k) : text.slice(0, k) + change + text.slice(k + 1);
        expect(await outcome(broken, chunk, true)).toEqual(await outcome(broken, chunk, false));
      }),
      { numRuns: 400 },
    );
  });

  it('reads the plain Apple shape on the fast path (same records as saxes)', async () => {
    const pts = Array.from({ length: 50 }, (_, i) => `   <trkpt lon="13.4${i}" lat="52.5${i}"><ele>34.${i}</ele><time>2024-03-03T17:1${i % 10}:00Z</time><extensions><speed>2.5</speed><course>${i}</course><hAcc>3.0</hAcc><vAcc>2.0</vAcc></extensions></trkpt>\n`);
    const text = `<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1"><trk><trkseg>\n${pts.join('')}</trkseg></trk>\n</gpx>\n`;
    const before = fastPoints;
    const fast = await outcome(text, 97, true);
    expect(fastPoints - before).toBe(50);
    expect(fast).toEqual(await outcome(text, 97, false));
    expect('records' in fast && fast.records).toHaveLength(50);
  });
});
