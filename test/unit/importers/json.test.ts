import { describe, expect, it } from 'vitest';
import { EmptyFileError, ImportFormatError, UnsupportedTimestampError } from '../../../electron/core/importers/errors.js';
import { importJson, importNdjson, parseJson, parseNdjson } from '../../../electron/core/importers/json.js';
import type { GenericMapping } from '../../../electron/core/importers/types.js';
import type { NewRecord } from '../../../shared/domain/record.js';
import { collect, collectError, fixture, memoryInput, readFixture, utc } from '../../helpers/importer-collect.js';

const rec = (kind: string, tStart: number, valueNum: number | null, valueText: string | null = null, tEnd = tStart): NewRecord => ({
  kind,
  unit: null,
  source: null,
  tStart,
  tEnd,
  valueNum,
  valueText,
  meta: null,
});

const json = (text: string, mapping: GenericMapping | undefined = { kind: 'k' }, chunk?: number) =>
  collect(parseJson(memoryInput('data.json', text, chunk), { mapping }));
const jsonError = (text: string, mapping: GenericMapping | undefined = { kind: 'k' }) =>
  collectError(parseJson(memoryInput('data.json', text), { mapping }));
const ndjson = (text: string, mapping: GenericMapping | undefined = { kind: 'k' }, chunk?: number) =>
  collect(parseNdjson(memoryInput('data.ndjson', text, chunk), { mapping }));
const ndjsonError = (text: string, mapping: GenericMapping | undefined = { kind: 'k' }) =>
  collectError(parseNdjson(memoryInput('data.ndjson', text), { mapping }));

describe('JSON array', () => {
  it('heart.json: ISO and epoch-second times, one record per value field, nulls skipped', async () => {
    expect(await collect(importJson(fixture('generic/heart.json'), { mapping: { kind: 'hr' } }))).toEqual([
      rec('hr.bpm', utc(2024, 3, 1, 8), 61),
      rec('hr.context', utc(2024, 3, 1, 8), null, 'resting'),
      rec('hr.bpm', utc(2024, 3, 1, 8, 1), 64),
      rec('hr.bpm', utc(2024, 3, 1, 8, 0, 0, 500), 98.5),
      rec('hr.context', utc(2024, 3, 1, 8, 0, 0, 500), null, 'walking'),
    ]);
  });

  it('keeps JSON types: string numbers stay text, booleans and objects become text', async () => {
    const rs = await json('[{"t":"2024-03-01","v":"12"},{"t":"2024-03-02","v":true},{"t":"2024-03-03","v":{"a":[1]}},{"t":"2024-03-04","v":-0.5}]');
    expect(rs.map((r) => [r.valueNum, r.valueText])).toEqual([
      [null, '12'],
      [null, 'true'],
      [null, '{"a":[1]}'],
      [-0.5, null],
    ]);
  });

  it('is the same for every chunk size', async () => {
    const text = readFixture('generic/heart.json').toString('utf8');
    const whole = await json(text, { kind: 'hr' });
    for (const size of [1, 3, 17]) expect(await json(text, { kind: 'hr' }, size)).toEqual(whole);
  });

  it('an empty array gives no records', async () => {
    expect(await json(' [ ] ')).toEqual([]);
  });

  it('broken JSON → ImportFormatError with line and byte offset', async () => {
    const e = await jsonError('[\n{"t":"2024-03-01","v":1},\n{"t":"2024-03-02" "v":2}\n]');
    expect(e).toBeInstanceOf(ImportFormatError);
    expect(e.message).toBe('data.json line 3: invalid JSON structure (a value, comma, colon or bracket is misplaced)');
    expect((e as ImportFormatError).byteOffset).toBe(46);
    expect((e as ImportFormatError).details).toBe('line 3, byte offset 46');
  });

  it('a bad character → ImportFormatError at its byte', async () => {
    const e = (await jsonError('[{"t":"2024-03-01","v":1},\n x]')) as ImportFormatError;
    expect(e.message).toBe('data.json line 2: invalid JSON syntax');
    expect(e.byteOffset).toBe(28);
  });

  it('truncated JSON → unexpected end of file', async () => {
    const e = await jsonError('[{"t":"2024-03-01","v":1},\n{"t":"2024-03-02","v":');
    expect(e).toBeInstanceOf(ImportFormatError);
    expect(e.message).toBe('data.json line 2: unexpected end of file: the JSON is incomplete');
  });

  it('data after the array → error', async () => {
    const e = await jsonError('[{"t":"2024-03-01","v":1}] [2]');
    expect(e.message).toBe('data.json line 1: unexpected data after the end of the JSON document');
  });

  it('not an array, non-object elements, new fields, bad times', async () => {
    expect((await jsonError('{"t":1}')).message).toBe('data.json line 1: expected a JSON array ([) at the start');
    expect((await jsonError('[{"t":"2024-03-01","v":1},\n 5]')).message).toBe('data.json line 2: element 2 is not an object');
    expect((await jsonError('[{"t":"2024-03-01","v":1},\n{"t":"2024-03-02","v":2,"w":3}]')).message).toBe(
      'data.json line 2: element 2 has field "w", which the first object did not have',
    );
    const t = await jsonError('[{"t":"2024-03-01","v":1},\n{"t":"private","v":2}]');
    expect(t).toBeInstanceOf(UnsupportedTimestampError);
    expect(t.message).toBe('data.json line 2: "t" does not hold a supported timestamp');
  });

  it('with named value fields, other fields are ignored', async () => {
    expect(await json('[{"t":"2024-03-01","v":1,"w":2},{"t":"2024-03-02","v":3,"x":4}]', { kind: 'k', values: ['v'] })).toEqual([
      rec('k', utc(2024, 3, 1), 1),
      rec('k', utc(2024, 3, 2), 3),
    ]);
  });

  it('empty file', async () => {
    expect(await jsonError('  \n')).toBeInstanceOf(EmptyFileError);
  });
});

describe('absurd nesting', () => {
  it('JSON array: refused at the limit instead of growing a stack', async () => {
    const e = await jsonError(`[{"t":"2024-03-01","v":${'['.repeat(100_000)}`);
    expect(e).toBeInstanceOf(ImportFormatError);
    expect(e.message).toBe('data.json line 1: arrays/objects are nested more than 256 levels deep');
  });

  it('NDJSON: a value too deep to turn into text → our error, not a RangeError', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const e = await ndjsonError(`{"t":"2024-03-01","v":${deep}}\n`);
    expect(e).toBeInstanceOf(ImportFormatError);
    expect(e.message).toBe('data.ndjson line 1: field "v" is nested too deeply');
  });
});

describe('NDJSON', () => {
  it('sleep.ndjson: start/end detected by name, blank line skipped, offsets applied', async () => {
    expect(await collect(importNdjson(fixture('generic/sleep.ndjson'), { mapping: { kind: 'sleep', unit: 'h' } }))).toEqual([
      { ...rec('sleep', utc(2024, 3, 1, 22, 40), 7.5, null, utc(2024, 3, 2, 6, 10)), unit: 'h' },
      { ...rec('sleep', utc(2024, 3, 2, 22, 5), 7.5, null, utc(2024, 3, 3, 5, 35)), unit: 'h' },
      { ...rec('sleep', 1_709_504_400_000, 7.166, null, 1_709_530_200_000), unit: 'h' },
    ]);
  });

  it('is the same for every chunk size, with CRLF and no final newline', async () => {
    const text = '{"t":"2024-03-01","v":1}\r\n{"t":"2024-03-02","v":"é€𝄞"}';
    const whole = await ndjson(text);
    expect(whole).toEqual([rec('k', utc(2024, 3, 1), 1), rec('k', utc(2024, 3, 2), null, 'é€𝄞')]);
    for (const size of [1, 2, 5]) expect(await ndjson(text, { kind: 'k' }, size)).toEqual(whole);
  });

  it('broken line → ImportFormatError with line and column, without quoting the text', async () => {
    const e = (await ndjsonError('{"t":"2024-03-01","v":1}\n{"t":"2024-03-02","v":secret}\n')) as ImportFormatError;
    expect(e).toBeInstanceOf(ImportFormatError);
    expect(e.message).toBe('data.ndjson line 2: invalid JSON on this line');
    expect(e.line).toBe(2);
    expect(e.column).toBe(23);
    expect(`${e.message} ${e.details ?? ''} ${e.hint ?? ''}`).not.toContain('secret');
  });

  it('a line that is not an object', async () => {
    expect((await ndjsonError('{"t":"2024-03-01","v":1}\n[1,2]\n')).message).toBe('data.ndjson line 2: the object on this line is not an object');
  });
});
