import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliHint, cliLine } from '../../../electron/cli/wording.js';
import { parseCsv } from '../../../electron/core/importers/csv.js';
import { detectFormatFromHead } from '../../../electron/core/importers/detect.js';
import {
  BinaryFileError,
  ImportError,
  ImportFormatError,
  ImportMappingError,
  UnknownFormatError,
  UnsupportedTimestampError,
  mappingFieldOf,
  type MappingField,
} from '../../../electron/core/importers/errors.js';
import { parseJson } from '../../../electron/core/importers/json.js';
import type { GenericMapping } from '../../../electron/core/importers/types.js';
import { errorClassLookup, errorFromSerialized, serializeError } from '../../../shared/errors/serialize.js';
import { collectError, memoryInput, removeImporterTmpDirs } from '../../helpers/importer-collect.js';

afterAll(removeImporterTmpDirs);

/** A CLI flag as a hint would spell it: `--kind`, `--time-format`. */
const CLI_FLAG = /(^|[\s("'`])--[a-z]/;

const csvError = (text: string, mapping?: GenericMapping): Promise<Error> =>
  collectError(parseCsv(memoryInput('data.csv', text), mapping === undefined ? {} : { mapping }));
const jsonError = (text: string, mapping: GenericMapping): Promise<Error> => collectError(parseJson(memoryInput('data.json', text), { mapping }));

const lookup = errorClassLookup([ImportMappingError, ImportFormatError, UnknownFormatError, BinaryFileError, UnsupportedTimestampError]);

/** Real failing imports, each with the mapping field it is about (if any) and the flags the CLI must name for it. */
const CASES: { name: string; make: () => Promise<Error>; field?: MappingField; flags: string[] }[] = [
  { name: 'no kind', make: () => csvError('time,v\n2024-03-01,1\n'), field: 'kind', flags: ['--kind'] },
  { name: 'time column not in the file', make: () => csvError('time,v\n2024-03-01,1\n', { kind: 'k', timestamp: 'when' }), field: 'timestamp', flags: ['--timestamp', '--time-format'] },
  { name: 'no time column found', make: () => csvError('a,b\nx,1\n', { kind: 'k' }), field: 'timestamp', flags: ['--timestamp'] },
  { name: 'end column not in the file', make: () => csvError('time,v\n2024-03-01,1\n', { kind: 'k', timestampEnd: 'until' }), field: 'timestampEnd', flags: ['--timestamp-end'] },
  { name: 'value column not in the file', make: () => csvError('time,v\n2024-03-01,1\n', { kind: 'k', values: ['pulse'] }), field: 'value', flags: ['--value'] },
  { name: 'empty value list', make: () => csvError('time,v\n2024-03-01,1\n', { kind: 'k', values: [] }), field: 'value', flags: ['--value'] },
  { name: 'time and value the same column', make: () => csvError('time,v\n2024-03-01,1\n', { kind: 'k', timestamp: 'time', values: ['time'] }), field: 'value', flags: ['--timestamp', '--value'] },
  {
    name: 'JSON objects with differing fields',
    make: () => jsonError('[{"time":"2024-03-01","v":1},{"time":"2024-03-02","v":2,"w":3}]', { kind: 'k' }),
    flags: ['--value'],
  },
  { name: 'unreadable timestamp', make: () => csvError('time,v\nyesterday,1\n', { kind: 'k', timestamp: 'time' }), flags: ['--timestamp', '--time-format'] },
  {
    name: 'unknown format',
    make: () => {
      try {
        detectFormatFromHead('data.dat', new TextEncoder().encode('hello world\n'), true);
      } catch (e) {
        return Promise.resolve(e as Error);
      }
      return Promise.reject(new Error('detection did not fail'));
    },
    flags: ['--format <name>'],
  },
  { name: 'binary file', make: () => csvError('time,v\n\u0000\u0001,1\n', { kind: 'k' }), flags: ['--format <name>'] },
];

describe('importer hints name the action, the CLI names its flags', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const e = await c.make();
      expect(e).toBeInstanceOf(ImportError);
      const err = e as ImportError;
      expect(err.hint).toBeTruthy();
      expect(err.hint).not.toMatch(CLI_FLAG);
      expect(err.shortMessage).not.toMatch(CLI_FLAG);
      if (c.field !== undefined) {
        expect(err).toBeInstanceOf(ImportMappingError);
        expect((err as ImportMappingError).field).toBe(c.field);
      }
      expect(mappingFieldOf(err)).toBe(c.field);

      const line = cliLine(err);
      for (const flag of c.flags) expect(line).toContain(flag);

      // What crosses a transport keeps the code and the field: the CLI words it the same on the other side.
      const remote = errorFromSerialized(JSON.parse(JSON.stringify(serializeError(err))), lookup);
      expect(remote.code).toBe(err.code);
      expect(mappingFieldOf(remote)).toBe(c.field);
      expect(cliHint(remote)).toBe(cliHint(err));
    });
  }

  it('mappingFieldOf ignores details without a known field', () => {
    expect(mappingFieldOf({ details: 'line 2' })).toBeUndefined();
    expect(mappingFieldOf({ details: 'field=colour; line 2' })).toBeUndefined();
    expect(mappingFieldOf({ details: undefined })).toBeUndefined();
    expect(mappingFieldOf({ details: 'field=timeFormat' })).toBe('timeFormat');
  });
});

/** Every .ts file under a folder. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    return d.isDirectory() ? sources(p) : d.name.endsWith('.ts') ? [p] : [];
  });
}

describe('core sources', () => {
  it('hold no CLI flag inside a string literal (besides the embedded chain starting Anvil)', () => {
    const offenders: string[] = [];
    for (const file of [...sources('electron/core'), ...sources('shared')]) {
      if (file.includes('embedded-chain')) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((text, i) => {
          const code = text.trim();
          if (code.startsWith('*') || code.startsWith('//') || code.startsWith('/*')) return;
          // A quote, then within the same literal a flag: '--kind', "… with --format", `… --value ${x}`.
          if (/(['"`])(?:(?!\1).)*?(?<=[\s("'`])--[a-z]/.test(code)) offenders.push(`${relative('.', file)}:${i + 1}: ${code}`);
        });
    }
    expect(offenders).toEqual([]);
  });
});
