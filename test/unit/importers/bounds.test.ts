/**
 * Issue 8 §3: every importer is bounded while it streams. Each test first
 * reproduces what the security review found (an unbounded metadata object,
 * saxes buffering a huge attribute, a JSON element with a million fields,
 * a CSV header creating 300,000 datasets, values echoed in hints, 1e999 as
 * "a bug in the importer", NaN stored as text, end before start) and pins
 * the named, line-numbered error that replaces it.
 *
 * "Bounded memory" is shown by feeding ENDLESS inputs: an import that
 * buffered the oversized piece would never stop; a bounded one throws after
 * reading little more than the limit.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAppleHealthXml } from '../../../electron/core/importers/apple-health.js';
import { parseCsv } from '../../../electron/core/importers/csv.js';
import type { ImportError} from '../../../electron/core/importers/errors.js';
import { ImportFormatError, ImportLimitError, ImportMappingError } from '../../../electron/core/importers/errors.js';
import { parseJson, parseNdjson } from '../../../electron/core/importers/json.js';
import {
  MAX_DATASETS_PER_IMPORT,
  MAX_JSON_FIELDS_GENERIC,
  MAX_META_CHARS,
  MAX_META_ENTRIES,
  MAX_XML_MARKUP_CHARS,
} from '../../../electron/core/importers/limits.js';
import type { ByteInput } from '../../../electron/core/importers/stream.js';
import { XmlLengthGuard, type XmlGuardViolation } from '../../../electron/core/importers/xml-guard.js';
import { collectError, memoryInput, removeImporterTmpDirs } from '../../helpers/importer-collect.js';

afterAll(removeImporterTmpDirs);

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<HealthData locale="en_US">\n';
const REC = (meta: string): string =>
  ` <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="W" unit="count/min" startDate="2024-03-01 08:00:00 +0100" endDate="2024-03-01 08:00:00 +0100" value="70">\n${meta} </Record>\n`;

/** An input of `head`, then `filler` repeated forever (or until `maxBytes`), counting what was read. */
function endless(fileName: string, head: string, filler: string, maxBytes = 512 * 1024 * 1024): ByteInput & { read: () => number } {
  let read = 0;
  const piece = Buffer.from(filler.repeat(Math.ceil((64 * 1024) / filler.length)));
  return {
    fileName,
    totalBytes: null,
    read: () => read,
    chunks: (async function* () {
      const h = Buffer.from(head);
      read += h.length;
      yield h;
      while (read < maxBytes) {
        read += piece.length;
        yield piece;
      }
    })(),
  };
}

async function limitError(batches: AsyncIterable<unknown>): Promise<ImportLimitError> {
  const e = await collectError(batches as AsyncIterable<never>);
  expect(e).toBeInstanceOf(ImportLimitError);
  return e as ImportLimitError;
}

describe('Apple Health metadata bounds', () => {
  it(`refuses a Record with more than ${MAX_META_ENTRIES} MetadataEntry elements, at its line`, async () => {
    const entries = Array.from({ length: MAX_META_ENTRIES + 1 }, (_, i) => `  <MetadataEntry key="k${i}" value="v"/>\n`).join('');
    const e = await limitError(parseAppleHealthXml(memoryInput('export.xml', `${HEAD}${REC(entries)}</HealthData>\n`), {}));
    expect(e.code).toBe('IMPORT_LIMIT_EXCEEDED');
    expect(e.limit).toBe('metadata-entries');
    // HEAD is 2 lines, the Record tag line 3; entry n (1-based) is on line 3 + n.
    expect(e.line).toBe(3 + MAX_META_ENTRIES + 1);
    expect(e.message).toBe(`export.xml line ${e.line}: a <Record> has more than ${MAX_META_ENTRIES} MetadataEntry elements`);
  });

  it('accepts exactly the limit', async () => {
    const entries = Array.from({ length: MAX_META_ENTRIES }, (_, i) => `<MetadataEntry key="k${i}" value="v"/>\n`).join('');
    let n = 0;
    for await (const b of parseAppleHealthXml(memoryInput('export.xml', `${HEAD}${REC(entries)}</HealthData>\n`), {})) {
      n += b.length;
      expect(Object.keys(b[0]!.meta!)).toHaveLength(MAX_META_ENTRIES);
    }
    expect(n).toBe(1);
  });

  it(`refuses metadata longer than ${MAX_META_CHARS / 1024} KiB in one record`, async () => {
    const big = 'x'.repeat(100 * 1024);
    const entries = [0, 1, 2].map((i) => `<MetadataEntry key="k${i}" value="${big}"/>\n`).join('');
    const e = await limitError(parseAppleHealthXml(memoryInput('export.xml', `${HEAD}${REC(entries)}</HealthData>\n`), {}));
    expect(e.limit).toBe('metadata-bytes');
    expect(e.line).toBe(6);
    expect(e.message).not.toContain('xxx');
  });

  it('stops an endless stream of MetadataEntry elements early (3 million entries took 1.3 GB before)', async () => {
    const input = endless('export.xml', `${HEAD} <Record type="T" startDate="2024-03-01" endDate="2024-03-01">\n`, '<MetadataEntry key="k" value="v"/>\n');
    const e = await limitError(parseAppleHealthXml(input, {}));
    expect(e.limit).toBe('metadata-entries');
    expect(input.read()).toBeLessThan(2 * 1024 * 1024);
  });

  it('counts distinct WorkoutEvent types against the same bound', async () => {
    const events = Array.from({ length: MAX_META_ENTRIES + 1 }, (_, i) => `<WorkoutEvent type="E${i}" date="2024-03-01 08:00:00 +0100"/>\n`).join('');
    const xml = `${HEAD}<Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="1" durationUnit="min" startDate="2024-03-01 08:00:00 +0100" endDate="2024-03-01 08:01:00 +0100">\n${events}</Workout>\n</HealthData>\n`;
    expect((await limitError(parseAppleHealthXml(memoryInput('export.xml', xml), {}))).limit).toBe('metadata-entries');
  });
});

describe('XML lengths are bounded before saxes buffers them', () => {
  const cases: { name: string; head: string; filler: string; limit: string }[] = [
    { name: 'an attribute value', head: `${HEAD} <Record type="`, filler: 'a', limit: 'xml-markup' },
    { name: 'an attribute value full of > and \'', head: `${HEAD} <Record type="`, filler: ">'", limit: 'xml-markup' },
    { name: 'a tag with endless attributes', head: `${HEAD} <Record`, filler: ' a="1"', limit: 'xml-markup' },
    { name: 'a comment', head: `${HEAD} <!--`, filler: 'a - > ', limit: 'xml-comment' },
    { name: 'a CDATA section', head: `${HEAD} <![CDATA[`, filler: '] >', limit: 'xml-comment' },
    { name: 'text between tags', head: `${HEAD} <Record type="T" startDate="2024-03-01" endDate="2024-03-01">`, filler: 'text ', limit: 'xml-text' },
    { name: 'a processing instruction', head: `${HEAD} <?pi `, filler: '? >', limit: 'xml-markup' },
    { name: 'a DOCTYPE', head: '<?xml version="1.0"?>\n<!DOCTYPE HealthData [\n', filler: '<!ATTLIST x y CDATA #IMPLIED>\n', limit: 'xml-markup' },
  ];
  for (const c of cases) {
    it(`${c.name} (a 700 MB one ended in "Unexpected RangeError")`, async () => {
      const input = endless('export.xml', c.head, c.filler);
      const e = await limitError(parseAppleHealthXml(input, {}));
      expect(e.limit).toBe(c.limit);
      expect(e.line).toBe(c.limit === 'xml-markup' && c.head.includes('DOCTYPE') ? 2 : 3);
      expect(input.read()).toBeLessThan(MAX_XML_MARKUP_CHARS + 512 * 1024);
    });
  }

  it('accepts long-but-allowed constructs split at every possible place', async () => {
    const value = `${'v>'.repeat(1000)}'`;
    const xml = `${HEAD}<!-- a - comment > with marks --><?pi ? > ?>${REC(`<MetadataEntry key="k" value="${value}"/>\n`)}<![CDATA[ ]] > ]]></HealthData>\n`;
    for (const size of [1, 2, 3, 7, 64]) {
      const out: unknown[] = [];
      for await (const b of parseAppleHealthXml(memoryInput('export.xml', xml, size), {})) out.push(...b);
      expect(out).toHaveLength(1);
    }
  });
});

describe('XmlLengthGuard (property)', () => {
  /** One XML construct with its content length, and how the oracle measures it. */
  type Piece = { text: string; limit: 'xml-markup' | 'xml-text' | 'xml-comment'; len: number };
  const safe = fc.string({ unit: fc.constantFrom('a', ' ', '\n', '>', '-', ']', '?', "'", '"', '['), maxLength: 30 });
  const piece: fc.Arbitrary<Piece> = fc.oneof(
    fc.tuple(safe.map((s) => s.replace(/"/g, '')), fc.boolean()).map(([v, dq]) => {
      const q = dq ? '"' : "'";
      const body = v.replace(new RegExp(q, 'g'), '');
      const text = `<E a=${q}${body}${q}>`;
      return { text, limit: 'xml-markup' as const, len: text.length };
    }),
    safe.map((s) => s.replace(/[<>]/g, '').replace(/\]/g, '')).map((s) => ({ text: `</E>${s}`, limit: 'xml-text' as const, len: s.length })),
    safe.map((s) => s.replace(/-/g, '')).map((s) => {
      const text = `<!--${s}-->`;
      return { text, limit: 'xml-comment' as const, len: text.length };
    }),
    safe.map((s) => s.replace(/\]/g, '')).map((s) => {
      const text = `<![CDATA[${s}]]>`;
      return { text, limit: 'xml-comment' as const, len: text.length };
    }),
  );

  it('throws exactly when a construct exceeds its limit, wherever the input is split, with the right line', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 10 }), fc.integer({ min: 5, max: 40 }), (pieces, cuts, max) => {
        const doc = pieces.map((p) => p.text).join('');
        // Oracle: the first piece longer than max (a text piece's `</E>` close tag counts as markup of 3).
        let expected: { limit: string; line: number } | null = null;
        let line = 1;
        for (const p of pieces) {
          if (p.limit === 'xml-text') {
            if (4 > max) {
              expected = { limit: 'xml-markup', line };
              break;
            }
            const textLine = line + (p.text.slice(0, 4).match(/\n/g)?.length ?? 0);
            if (p.len > max) {
              expected = { limit: 'xml-text', line: textLine };
              break;
            }
          } else if (p.len > max) {
            expected = { limit: p.limit, line };
            break;
          }
          line += p.text.match(/\n/g)?.length ?? 0;
        }
        let got: XmlGuardViolation | null = null;
        const guard = new XmlLengthGuard({ maxMarkup: max, maxText: max, maxComment: max }, (v) => {
          got = v;
          throw new Error('limit');
        });
        let at = 0;
        let lineAt = 1;
        let k = 0;
        try {
          while (at < doc.length) {
            const next = Math.min(doc.length, at + cuts[k++ % cuts.length]!);
            const s = doc.slice(at, next);
            guard.scan(s, lineAt);
            lineAt += s.match(/\n/g)?.length ?? 0;
            at = next;
          }
        } catch {
          // recorded in got
        }
        if (expected === null) expect(got).toBeNull();
        else expect(got).toMatchObject(expected);
      }),
      { numRuns: 400 },
    );
  });
});

describe('JSON bounds', () => {
  it(`refuses an element with more than ${MAX_JSON_FIELDS_GENERIC} fields before building it (1M fields took 654 MB)`, async () => {
    let i = 0;
    const input: ByteInput = { fileName: 'data.json', totalBytes: null, chunks: (async function* () {
      yield Buffer.from('[\n{"t": "2024-03-01"');
      for (;;) {
        const parts: string[] = [];
        for (let k = 0; k < 2000; k++) parts.push(`, "f${i++}": 1`);
        yield Buffer.from(parts.join(''));
        if (i > 5_000_000) return;
      }
    })() };
    const e = await limitError(parseJson(input, { mapping: { kind: 'k' } }));
    expect(e.limit).toBe('json-fields');
    expect(e.line).toBe(2);
    expect(e.message).toBe(`data.json line 2: an element has more than ${MAX_JSON_FIELDS_GENERIC} fields`);
    expect(i).toBeLessThan(MAX_JSON_FIELDS_GENERIC + 4000);
  });

  it('refuses an NDJSON line with too many fields, at its line', async () => {
    const fields = Array.from({ length: MAX_JSON_FIELDS_GENERIC + 1 }, (_, k) => `"f${k}":1`).join(',');
    const text = `{"t":"2024-03-01","v":1}\n{${fields}}\n`;
    const e = await limitError(parseNdjson(memoryInput('d.ndjson', text), { mapping: { kind: 'k', timestamp: 't', values: ['v'] } }));
    expect(e.line).toBe(2);
  });

  it('1e999 is a line-numbered format error, not "a bug in the importer"', async () => {
    const e = await collectError(parseJson(memoryInput('d.json', '[\n{"t":"2024-03-01","v":1},\n{"t":"2024-03-02","v":1e999}\n]'), { mapping: { kind: 'k' } }));
    expect(e).toBeInstanceOf(ImportFormatError);
    expect(e.message).toBe('d.json line 3: field "v" holds a number too large to store');
    const nd = await collectError(parseNdjson(memoryInput('d.ndjson', '{"t":"2024-03-01","v":-1e999}\n'), { mapping: { kind: 'k' } }));
    expect(nd.message).toBe('d.ndjson line 1: field "v" holds a number too large to store');
    const wallet = '[{"kind":"k","t_start":0,"t_end":0,"value_num":1e400,"value_text":null,"unit":null,"source":null,"meta":null}]';
    expect((await collectError(parseJson(memoryInput('w.json', wallet), {}))).message).toBe('w.json line 1: field "value_num" holds a number too large to store');
  });

  it('NaN and Infinity as text are refused with the line', async () => {
    for (const v of ['NaN', 'Infinity', '-Infinity', 'nan', '+inf']) {
      const e = await collectError(parseJson(memoryInput('d.json', `[{"t":"2024-03-01","v":1},\n{"t":"2024-03-02","v":"${v}"}]`), { mapping: { kind: 'k' } }));
      expect(e.message).toBe('d.json line 2: field "v" holds NaN or Infinity, which is not a number that can be stored');
    }
  });
});

describe('CSV bounds and value-free messages', () => {
  it(`a header with more than ${MAX_DATASETS_PER_IMPORT} value columns is refused before any record (300,000 datasets before)`, async () => {
    const cols = Array.from({ length: MAX_DATASETS_PER_IMPORT + 1 }, (_, i) => `c${i}`);
    const csv = `t,${cols.join(',')}\n2024-03-01,${cols.map(() => '1').join(',')}\n`;
    const e = await limitError(parseCsv(memoryInput('wide.csv', csv), { mapping: { kind: 'k' } }));
    expect(e.limit).toBe('datasets');
    expect(e.line).toBe(2);
  });

  it('a Data Wallet export naming too many kinds is refused at the line of the first one too many', async () => {
    const rows = Array.from({ length: MAX_DATASETS_PER_IMPORT + 1 }, (_, i) => `k${i},2024-03-01T00:00:00.000Z,2024-03-01T00:00:00.000Z,1,,,,\n`).join('');
    const e = await limitError(parseCsv(memoryInput('export.csv', `kind,t_start,t_end,value_num,value_text,unit,source,meta\n${rows}`), {}));
    expect(e.limit).toBe('datasets');
    expect(e.line).toBe(MAX_DATASETS_PER_IMPORT + 2);
  });

  it('a headerless CSV whose first row is text never echoes its cells', async () => {
    const csv = 'SECRET-DIAGNOSIS-XYZ,hidden note\nfoo,bar\n';
    const e = (await collectError(parseCsv(memoryInput('notes.csv', csv), { mapping: { kind: 'k' } }))) as ImportError;
    expect(e).toBeInstanceOf(ImportMappingError);
    for (const text of [e.message, e.hint ?? '', e.details ?? '', String(e)]) {
      expect(text).not.toContain('SECRET');
      expect(text).not.toContain('hidden');
    }
    const dup = (await collectError(parseCsv(memoryInput('notes.csv', 'SECRET-A,SECRET-A\n1,2\n'), { mapping: { kind: 'k' } }))) as ImportError;
    expect(`${dup.message} ${dup.hint ?? ''}`).not.toContain('SECRET');
  });

  it('NaN, Infinity and 1e999 cells are refused with the line and column number', async () => {
    const cases: [string, string][] = [
      ['NaN', 'holds NaN or Infinity, which is not a number that can be stored'],
      ['-Infinity', 'holds NaN or Infinity, which is not a number that can be stored'],
      ['1e999', 'holds a number too large to store'],
    ];
    for (const [cell, why] of cases) {
      const e = await collectError(parseCsv(memoryInput('d.csv', `t,v\n2024-03-01,1\n2024-03-02,${cell}\n`), { mapping: { kind: 'k' } }));
      expect(e.message).toBe(`d.csv line 3: column 2 ${why}`);
    }
  });

  it('an end time before the start time is refused with the line', async () => {
    const e = await collectError(parseCsv(memoryInput('d.csv', 'start,end,v\n2024-03-01,2024-03-02,1\n2024-03-03,2024-03-02,1\n'), { mapping: { kind: 'k' } }));
    expect(e).toBeInstanceOf(ImportFormatError);
    expect(e.message).toBe('d.csv line 3: the end time is before the start time');
    const xml = `${HEAD}<Record type="T" startDate="2024-03-01 08:00:00 +0100" endDate="2024-03-01 07:59:59 +0100"/>\n</HealthData>\n`;
    expect((await collectError(parseAppleHealthXml(memoryInput('export.xml', xml), {}))).message).toBe('export.xml line 3: the end time is before the start time');
  });
});
