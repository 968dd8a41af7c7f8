import { afterAll, describe, expect, it } from 'vitest';
import { CsvTokenizer, sniffDelimiter } from '../../../electron/core/importers/csv-tokenizer.js';
import { importCsv, parseCsv } from '../../../electron/core/importers/csv.js';
import {
  BinaryFileError,
  EmptyFileError,
  ImportFormatError,
  ImportMappingError,
  UnsupportedTimestampError,
} from '../../../electron/core/importers/errors.js';
import type { NewRecord } from '../../../shared/domain/record.js';
import { collect, collectError, fixture, memoryInput, readFixture, removeImporterTmpDirs, utc, writeTemp } from '../../helpers/importer-collect.js';

afterAll(removeImporterTmpDirs);

const rec = (kind: string, t: number, valueNum: number | null, valueText: string | null = null, unit: string | null = null): NewRecord => ({
  kind,
  unit,
  source: null,
  tStart: t,
  tEnd: t,
  valueNum,
  valueText,
  meta: null,
});

const csv = (text: string, mapping: Parameters<typeof parseCsv>[1]['mapping'] = { kind: 'k' }, chunk?: number): Promise<NewRecord[]> =>
  collect(parseCsv(memoryInput('data.csv', text, chunk), { mapping }));
const csvError = (text: string, mapping: Parameters<typeof parseCsv>[1]['mapping'] = { kind: 'k' }): Promise<Error> =>
  collectError(parseCsv(memoryInput('data.csv', text), { mapping }));

describe('CSV fixtures', () => {
  it('steps.csv: header, ISO times with Z, offset and date only, one value column', async () => {
    expect(await collect(importCsv(fixture('generic/steps.csv'), { mapping: { kind: 'steps', unit: 'count' } }))).toEqual([
      rec('steps', utc(2024, 3, 1, 8), 412, null, 'count'),
      rec('steps', utc(2024, 3, 1, 8, 0, 0, 250), 1034, null, 'count'),
      rec('steps', utc(2024, 3, 2), 0, null, 'count'),
    ]);
  });

  it('journal.csv: CRLF, quoted commas, doubled quotes, embedded line break, empty cell, several value columns', async () => {
    expect(await collect(importCsv(fixture('generic/journal.csv'), { mapping: { kind: 'journal' } }))).toEqual([
      rec('journal.mood', utc(2024, 3, 1, 20), 4),
      rec('journal.note', utc(2024, 3, 1, 20), null, 'Long day, but "fine" overall'),
      rec('journal.mood', utc(2024, 3, 2, 20, 15), 2),
      rec('journal.note', utc(2024, 3, 2, 20, 15), null, 'Headache\r\nwent to bed early'),
      rec('journal.note', utc(2024, 3, 3, 21), null, 'no mood logged'),
    ]);
  });

  it('gewicht.csv: BOM, semicolons, decimal commas, a quoted semicolon, date-only times found by value', async () => {
    expect(await collect(importCsv(fixture('generic/gewicht.csv'), { mapping: { kind: 'weight', values: ['Gewicht'], unit: 'kg' } }))).toEqual([
      rec('weight', utc(2024, 3, 1), 61.35, null, 'kg'),
      rec('weight', utc(2024, 3, 2), 61.2, null, 'kg'),
    ]);
    const all = await collect(importCsv(fixture('generic/gewicht.csv'), { mapping: { kind: 'weight' } }));
    expect(all.map((r) => [r.kind, r.valueNum ?? r.valueText])).toEqual([
      ['weight.Gewicht', 61.35],
      ['weight.Notiz', 'nach dem Laufen'],
      ['weight.Gewicht', 61.2],
      ['weight.Notiz', 'Waage; neu kalibriert'],
    ]);
  });

  it('epoch-s.csv: no header (col1, col2), epoch seconds with a fraction', async () => {
    expect(await collect(importCsv(fixture('generic/epoch-s.csv'), { mapping: { kind: 'steps' } }))).toEqual([
      rec('steps', 1_709_280_000_000, 412),
      rec('steps', 1_709_283_600_000, 389),
      rec('steps', 1_709_287_200_500, 17),
    ]);
  });

  it('epoch-ms.tsv: tab-delimited, epoch milliseconds', async () => {
    expect(await collect(importCsv(fixture('generic/epoch-ms.tsv'), { mapping: { kind: 'hr', unit: 'count/min' } }))).toEqual([
      rec('hr', 1_709_280_000_000, 61, null, 'count/min'),
      rec('hr', 1_709_280_060_123, 64, null, 'count/min'),
    ]);
  });

  it('gives the same records whatever the chunk size', async () => {
    const text = readFixture('generic/journal.csv').toString('utf8');
    const whole = await csv(text, { kind: 'journal' });
    for (const size of [1, 2, 3, 7, 64]) expect(await csv(text, { kind: 'journal' }, size)).toEqual(whole);
  });
});

describe('CSV mapping', () => {
  const text = 'id,start_time,end_time,bpm,note\n1,2024-03-01T08:00:00Z,2024-03-01T08:05:00Z,61,ok\n';

  it('auto-detects start and end columns by name', async () => {
    const rs = await csv(text, { kind: 'hr', values: ['bpm'] });
    expect(rs).toEqual([{ ...rec('hr', utc(2024, 3, 1, 8), 61), tEnd: utc(2024, 3, 1, 8, 5) }]);
  });

  it('takes explicit timestamp, end, values and timeFormat', async () => {
    const rs = await csv('a,b,c\n5,1709280000,1709280060\n', { kind: 'x', timestamp: 'b', timestampEnd: 'c', values: ['a'], timeFormat: 'epoch-s' });
    expect(rs).toEqual([{ ...rec('x', 1_709_280_000_000, 5), tEnd: 1_709_280_060_000 }]);
  });

  it('names unknown columns in mapping errors', async () => {
    const e = await csvError(text, { kind: 'hr', values: ['pulse'] });
    expect(e).toBeInstanceOf(ImportMappingError);
    expect(e.message).toBe('data.csv line 2: the value column "pulse" is not in the file');
    expect((e as ImportMappingError).field).toBe('value');
    expect((e as ImportMappingError).details).toBe('field=value; line 2');
    // The hint counts the columns; it never lists the header's cells (they may be a first row of data).
    expect((e as ImportMappingError).hint).toContain('5 columns');
    expect((e as ImportMappingError).hint).not.toContain('start_time');
  });

  it('fails when no timestamp column can be found', async () => {
    const e = await csvError('a,b\nx,1\n');
    expect(e).toBeInstanceOf(ImportMappingError);
    expect(e.message).toBe('data.csv line 2: could not find a timestamp column');
    expect((e as ImportMappingError).hint).toContain('Name the time column (the file has 2 columns');
  });

  it('requires a kind', async () => {
    const e = await csvError('t,v\n2024-03-01,1\n', { kind: ' ' });
    expect(e).toBeInstanceOf(ImportMappingError);
    expect((e as ImportMappingError).hint).toBe('Name the dataset kind, for example "steps".');
  });

  it('keeps non-numbers as text and skips empty cells', async () => {
    const rs = await csv('t,v\n2024-03-01,abc\n2024-03-02,\n2024-03-03, 7 \n2024-03-04,1e3\n2024-03-05,0x10\n2024-03-06,12,5\n'.replace('12,5', '"12,5"'));
    expect(rs.map((r) => [r.valueNum, r.valueText])).toEqual([
      [null, 'abc'],
      [7, null],
      [1000, null],
      [null, '0x10'],
      [null, '12,5'],
    ]);
  });

  it('reads a single-row file without a trailing newline and skips blank lines', async () => {
    expect(await csv('\n\nt,v\n\n2024-03-01,1')).toEqual([rec('k', utc(2024, 3, 1), 1)]);
  });
});

describe('CSV errors', () => {
  it('wrong field count → ImportFormatError with the line', async () => {
    const e = await csvError('t,v\n2024-03-01,1\n2024-03-02,2,3\n');
    expect(e).toBeInstanceOf(ImportFormatError);
    expect(e.message).toBe('data.csv line 3: row has 3 fields, expected 2');
    expect((e as ImportFormatError).line).toBe(3);
    expect((e as ImportFormatError).fileName).toBe('data.csv');
  });

  it('counts lines inside quoted fields', async () => {
    const e = await csvError('t,v\n2024-03-01,"a\nb\nc"\n2024-03-02\n');
    expect((e as ImportFormatError).line).toBe(5);
  });

  it('unterminated quote → error at the line where the quote opened', async () => {
    const e = await csvError('t,v\n2024-03-01,1\n2024-03-02,"never closed\nmore\n');
    expect(e).toBeInstanceOf(ImportFormatError);
    expect(e.message).toBe('data.csv line 3: unterminated quoted field: the file ends before its closing quote');
  });

  it('text after a closing quote → error', async () => {
    const e = await csvError('t,v\n2024-03-01,"a"b\n');
    expect(e.message).toMatch(/^data\.csv line 2: unexpected character after the closing quote/);
  });

  it('unreadable timestamp → UnsupportedTimestampError naming the column, not the value', async () => {
    const e = await csvError('time,v\n2024-03-01,1\nsecret-value,2\n');
    expect(e).toBeInstanceOf(UnsupportedTimestampError);
    expect(e.message).toBe('data.csv line 3: "time" does not hold a supported timestamp');
    expect(e.message + (e as UnsupportedTimestampError).hint).not.toContain('secret');
  });

  it('duplicate header names', async () => {
    const e = await csvError('t,v,v\n2024-03-01,1,2\n');
    expect(e.message).toBe('data.csv line 1: columns 2 and 3 of the header have the same name');
  });

  it('empty, whitespace-only and binary input', async () => {
    expect(await csvError('')).toBeInstanceOf(EmptyFileError);
    expect(await csvError('\ufeff \n\r\n')).toBeInstanceOf(EmptyFileError);
    const bin = await collectError(parseCsv(memoryInput('x.csv', Buffer.from([0x74, 0x2c, 0x76, 0x0a, 0xff, 0xfe, 0x00, 0x01])), { mapping: { kind: 'k' } }));
    expect(bin).toBeInstanceOf(BinaryFileError);
    expect((bin as BinaryFileError).byteOffset).toBe(6);
    const latin1 = await collectError(parseCsv(memoryInput('x.csv', Buffer.from('t,v\n2024-03-01,caf\xe9\n', 'latin1')), { mapping: { kind: 'k' } }));
    expect(latin1).toBeInstanceOf(BinaryFileError);
    expect((latin1 as BinaryFileError).byteOffset).toBe(18);
  });

  it('a row longer than the limit is refused instead of buffered', () => {
    const rows: string[][] = [];
    const t = new CsvTokenizer(',', (f) => rows.push(f), (reason, line) => {
      throw new Error(`${line}: ${reason}`);
    }, 100);
    t.write('a,b\n"');
    expect(() => t.write('x'.repeat(200))).toThrow('2: the quoted field opened here is not closed within 0 MiB (unterminated quote?)');
  });

  it('missing file → ImportFileError', async () => {
    const e = await collectError(importCsv('/nonexistent/dir/steps.csv', { mapping: { kind: 'k' } }));
    expect(e.name).toBe('ImportFileError');
    expect(e.message).toBe('steps.csv does not exist');
  });
});

describe('CSV tokenizer and delimiter sniffing', () => {
  it('handles quotes, CR, CRLF and lone CR line ends across chunk boundaries', () => {
    const input = 'a,"b,1",c\r\n"x""y",,"multi\nline"\r"last"';
    const expected = [
      { f: ['a', 'b,1', 'c'], q: [false, true, false], line: 1 },
      { f: ['x"y', '', 'multi\nline'], q: [true, false, true], line: 2 },
      { f: ['last'], q: [true], line: 4 },
    ];
    for (const size of [1, 2, 5, 100]) {
      const rows: { f: string[]; q: boolean[]; line: number }[] = [];
      const t = new CsvTokenizer(',', (f, q, line) => rows.push({ f, q, line }), (r) => {
        throw new Error(r);
      });
      for (let i = 0; i < input.length; i += size) t.write(input.slice(i, i + size));
      t.end();
      expect(rows).toEqual(expected);
    }
  });

  it('tells quoted empty from unquoted empty', () => {
    const rows: boolean[][] = [];
    const t = new CsvTokenizer(',', (_f, q) => rows.push(q), (r) => {
      throw new Error(r);
    });
    t.write('"",,x\n');
    t.end();
    expect(rows).toEqual([[true, false, false]]);
  });

  it.each([
    ['a,b,c\n1,2,3\n', ','],
    ['a;b;c\n1;2,5;3\n', ';'],
    ['a\tb\n1\t2\n', '\t'],
    ['"x;y",b\n"1;2",3\n', ','],
    ['single\n', ','],
    ['Datum;Gewicht\n2024-03-01;61,35\n2024-03-02;61,2\n', ';'],
  ])('sniffs %j as %j', (text, d) => {
    expect(sniffDelimiter(text)).toBe(d);
  });
});

it('writes temp files for a CSV import end to end', async () => {
  const path = writeTemp('bp.csv', 'date,systolic,diastolic\n2024-03-01T08:00:00+01:00,118,76\n');
  expect(await collect(importCsv(path, { mapping: { kind: 'bp', unit: 'mmHg' } }))).toEqual([
    rec('bp.systolic', utc(2024, 3, 1, 7), 118, null, 'mmHg'),
    rec('bp.diastolic', utc(2024, 3, 1, 7), 76, null, 'mmHg'),
  ]);
});
