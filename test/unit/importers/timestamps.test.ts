import { describe, expect, it } from 'vitest';
import {
  EPOCH_SECONDS_LIMIT,
  MAX_MS,
  MIN_MS,
  describeTimestampFailure,
  parseIsoTimestamp,
  parseTimestampText,
  parseTimestampValue,
} from '../../../electron/core/importers/timestamps.js';
import { utc } from '../../helpers/importer-collect.js';

describe('parseIsoTimestamp', () => {
  it.each([
    ['2024-03-01T08:15:00Z', utc(2024, 3, 1, 8, 15)],
    ['2024-03-01t08:15:00z', utc(2024, 3, 1, 8, 15)],
    ['2024-03-01T08:15Z', utc(2024, 3, 1, 8, 15)],
    ['2024-03-01T08:15:00.123Z', utc(2024, 3, 1, 8, 15, 0, 123)],
    ['2024-03-01T08:15:00.1Z', utc(2024, 3, 1, 8, 15, 0, 100)],
    ['2024-03-01T08:15:00.123999Z', utc(2024, 3, 1, 8, 15, 0, 123)],
    ['2024-03-01T08:15:00,5Z', utc(2024, 3, 1, 8, 15, 0, 500)],
    ['2024-03-01T09:15:00+01:00', utc(2024, 3, 1, 8, 15)],
    ['2024-03-01T09:15:00+0100', utc(2024, 3, 1, 8, 15)],
    ['2024-03-01T09:15:00+01', utc(2024, 3, 1, 8, 15)],
    ['2024-03-01T03:15:00-05:00', utc(2024, 3, 1, 8, 15)],
    ['2024-03-01T13:45:00+05:30', utc(2024, 3, 1, 8, 15)],
    ['2024-03-01 08:15:00 +0100', utc(2024, 3, 1, 7, 15)],
    ['2024-03-01 08:15:00 -0500', utc(2024, 3, 1, 13, 15)],
    ['2024-03-01 08:15:00', utc(2024, 3, 1, 8, 15)],
    ['2024-03-01T08:15:00', utc(2024, 3, 1, 8, 15)],
    ['2024-03-01', utc(2024, 3, 1)],
    ['2024-02-29', utc(2024, 2, 29)],
    ['2000-02-29T00:00:00Z', utc(2000, 2, 29)],
    ['1969-12-31T23:59:59.999Z', -1],
    ['0000-01-01T00:00:00Z', MIN_MS],
    ['9999-12-31T23:59:59.999Z', MAX_MS],
    ['2024-03-01T00:30:00+01:00', utc(2024, 2, 29, 23, 30)],
  ])('%s', (text, expected) => {
    expect(parseIsoTimestamp(text)).toBe(expected);
  });

  it('agrees with Date.parse on RFC 3339 text', () => {
    for (const s of ['2023-05-01T10:00:00.123Z', '2024-01-01T08:00:00.000+01:00', '1999-12-31T23:59:59-12:00', '2024-07-04T12:00:00.5+14:00']) {
      expect(parseIsoTimestamp(s)).toBe(Date.parse(s));
    }
  });

  it.each([
    '',
    '2024',
    '2024-3-1',
    '2024-13-01',
    '2024-00-10',
    '2023-02-29',
    '2024-04-31',
    '2024-03-01T24:00:00Z',
    '2024-03-01T08:60:00Z',
    '2024-03-01T08:15:60Z',
    '2024-03-01T08:15:00.Z',
    '2024-03-01T08:15:00 Z ',
    '2024-03-01T08:15:00+1',
    '2024-03-01T08:15:00+24:00',
    '2024-03-01T08:15:00+01:60',
    '2024-03-01T08:15:00Zjunk',
    '2024-03-01X08:15',
    '01/03/2024',
    '20240301T081500Z',
    'yesterday',
    '0000-01-01T00:00:00+01:00',
  ])('rejects %j', (text) => {
    expect(parseIsoTimestamp(text)).toBeNaN();
  });
});

describe('parseTimestampText', () => {
  it('reads epoch seconds below 1e11 and milliseconds from 1e11 on', () => {
    expect(EPOCH_SECONDS_LIMIT).toBe(1e11);
    expect(parseTimestampText('1709280000')).toBe(1_709_280_000_000);
    expect(parseTimestampText('1709280000.25')).toBe(1_709_280_000_250);
    expect(parseTimestampText('1709280000123')).toBe(1_709_280_000_123);
    expect(parseTimestampText('99999999999')).toBe(99_999_999_999_000);
    expect(parseTimestampText('100000000000')).toBe(100_000_000_000);
    expect(parseTimestampText('0')).toBe(0);
    expect(parseTimestampText('-86400')).toBe(-86_400_000);
    expect(parseTimestampText(' 1709280000 ')).toBe(1_709_280_000_000);
  });

  it('follows the forced format', () => {
    expect(parseTimestampText('1709280000', 'epoch-ms')).toBe(1_709_280_000);
    expect(parseTimestampText('1709280000123', 'epoch-s')).toBeNaN(); // beyond year 9999
    expect(parseTimestampText('1709280', 'epoch-s')).toBe(1_709_280_000);
    expect(parseTimestampText('1709280000', 'iso')).toBeNaN();
    expect(parseTimestampText('2024-03-01', 'epoch-s')).toBeNaN();
    expect(parseTimestampText('2024-03-01', 'iso')).toBe(utc(2024, 3, 1));
  });

  it('rejects epoch values outside the years 0000–9999 and non-numbers', () => {
    expect(parseTimestampText('1e20')).toBeNaN();
    expect(parseTimestampText('0x10')).toBeNaN();
    expect(parseTimestampText('Infinity')).toBeNaN();
    expect(parseTimestampText('')).toBeNaN();
    expect(parseTimestampText('   ')).toBeNaN();
  });

  it('parseTimestampValue takes JSON numbers and strings only', () => {
    expect(parseTimestampValue(1709280000)).toBe(1_709_280_000_000);
    expect(parseTimestampValue(1709280000123)).toBe(1_709_280_000_123);
    expect(parseTimestampValue('2024-03-01T08:00:00Z')).toBe(utc(2024, 3, 1, 8));
    expect(parseTimestampValue(null)).toBeNaN();
    expect(parseTimestampValue(true)).toBeNaN();
    expect(parseTimestampValue({})).toBeNaN();
    expect(parseTimestampValue(Number.NaN)).toBeNaN();
    expect(parseTimestampValue(1709280000, 'iso')).toBeNaN();
  });

  it('always returns integers', () => {
    for (const s of ['1709280000.0001', '1709280000.9999', '1.5', '1709280000123.7']) {
      expect(Number.isInteger(parseTimestampText(s))).toBe(true);
    }
  });

  it('explains failures', () => {
    expect(describeTimestampFailure('')).toBe('empty');
    expect(describeTimestampFailure(null)).toBe('empty');
    expect(describeTimestampFailure('1e20')).toBe('out-of-range');
    expect(describeTimestampFailure(1e20)).toBe('out-of-range');
    expect(describeTimestampFailure('tomorrow')).toBe('unrecognised');
  });
});
