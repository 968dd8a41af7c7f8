import { describe, expect, it } from 'vitest';
import { WalletError } from '../../../electron/core/errors.js';
import {
  BinaryFileError,
  EmptyFileError,
  ImportAbortedError,
  ImportError,
  ImportFileError,
  ImportFormatError,
  ImportMappingError,
  UnknownFormatError,
  UnsupportedTimestampError,
  fileErrorFrom,
} from '../../../electron/core/importers/errors.js';

describe('importer errors', () => {
  it('ImportFormatError: file base name, line, reason, hint', () => {
    const e = new ImportFormatError({ fileName: '/home/alice/Downloads/export.xml', line: 1042, column: 7, reason: 'unexpected end of file inside <Record>' });
    expect(e).toBeInstanceOf(WalletError);
    expect(e).toBeInstanceOf(ImportError);
    expect(e.name).toBe('ImportFormatError');
    expect(e.fileName).toBe('export.xml');
    expect(e.shortMessage).toBe('export.xml line 1042: unexpected end of file inside <Record>');
    expect(e.message).toBe(e.shortMessage);
    expect(e.details).toBe('line 1042, column 7');
    expect(e.hint).toBe("Check that the file is complete and was not edited by hand; if it is a different format, choose that as the file's format.");
    expect(String(e)).toBe(`${e.shortMessage}. ${e.hint!}`);
    expect(e.message).not.toContain('alice');
  });

  it('ImportFormatError with only a byte offset, or no position', () => {
    expect(new ImportFormatError({ fileName: 'Records.json', byteOffset: 512, reason: 'invalid JSON syntax' }).message).toBe('Records.json byte 512: invalid JSON syntax');
    expect(new ImportFormatError({ fileName: 'export.zip', reason: 'the archive is damaged' }).message).toBe('export.zip: the archive is damaged');
  });

  it('UnknownFormatError lists the formats and suggests choosing one', () => {
    const e = new UnknownFormatError({ fileName: 'data.bin', reason: 'it is text, but not CSV' });
    expect(e.name).toBe('UnknownFormatError');
    expect(e.message).toBe('Could not tell the format of data.bin: it is text, but not CSV');
    expect(e.hint).toBe(
      'Supported formats: csv, json (an array of objects), ndjson (one object per line), apple-health (export.zip or export.xml from Health → Export All Health Data) and google-location (Records.json from Google Takeout, Timeline.json or location-history.json from Google Maps). If the file is one of them, choose it as the file\'s format.',
    );
  });

  it('EmptyFileError, BinaryFileError', () => {
    expect(new EmptyFileError({ fileName: 'a/b/steps.csv' }).message).toBe('steps.csv is empty');
    const b = new BinaryFileError({ fileName: 'x.csv', reason: 'is not valid UTF-8 text', byteOffset: 12 });
    expect(b.message).toBe('x.csv byte 12: is not valid UTF-8 text');
    expect(b.name).toBe('BinaryFileError');
  });

  it('UnsupportedTimestampError names the field and the problem', () => {
    expect(new UnsupportedTimestampError({ fileName: 'a.csv', field: 'time', problem: 'unrecognised', line: 3 }).message).toBe(
      'a.csv line 3: "time" does not hold a supported timestamp',
    );
    expect(new UnsupportedTimestampError({ fileName: 'a.csv', field: 'time', problem: 'empty', line: 3 }).message).toBe('a.csv line 3: "time" has no timestamp');
    expect(new UnsupportedTimestampError({ fileName: 'a.csv', field: 'time', problem: 'out-of-range', line: 3 }).message).toBe(
      'a.csv line 3: "time" holds a time outside the years 0000–9999',
    );
    expect(new UnsupportedTimestampError({ fileName: 'a.csv', field: 't', problem: 'empty' }).hint).toContain('choose the right one (and its time format)');
  });

  it('ImportMappingError, ImportAbortedError, ImportFileError', () => {
    expect(new ImportMappingError({ fileName: 'a.csv', reason: 'could not find a timestamp column', hint: 'h', line: 2 }).message).toBe(
      'a.csv line 2: could not find a timestamp column',
    );
    const a = new ImportAbortedError({ fileName: 'a.csv', cause: new Error('x') });
    expect(a.name).toBe('AbortError');
    expect(a.code).toBe('ABORT_ERR');
    expect(a.message).toBe('Import of a.csv was cancelled');
    expect(new ImportFileError({ fileName: '/x/a.csv', code: 'EACCES' }).message).toBe('a.csv cannot be read (permission denied)');
    const enoent = Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' });
    expect(fileErrorFrom('a.csv', enoent)).toBeInstanceOf(ImportFileError);
    const other = new TypeError('x');
    expect(fileErrorFrom('a.csv', other)).toBe(other);
  });
});
