import { describe, expect, it } from 'vitest';
import { csvField, csvLine } from '../../../electron/core/vault/export/csv.js';

describe('CSV fields (RFC 4180)', () => {
  it('quotes only when needed and doubles inner quotes', () => {
    expect(csvField(null)).toBe('');
    expect(csvField('')).toBe('""');
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('cr\rx')).toBe('"cr\rx"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField('ünïcødé')).toBe('ünïcødé');
  });

  it('writes a CRLF-terminated line in column order', () => {
    expect(
      csvLine({
        kind: 'k',
        t_start: '2024-01-01T00:00:00.000Z',
        t_end: '2024-01-01T00:01:00.000Z',
        value_num: 1.5,
        value_text: null,
        unit: '',
        source: 'S',
        meta: '{"a":1}',
      }),
    ).toBe('k,2024-01-01T00:00:00.000Z,2024-01-01T00:01:00.000Z,1.5,,"",S,"{""a"":1}"\r\n');
  });
});
