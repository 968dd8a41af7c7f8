import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BinaryFileError,
  EmptyFileError,
  ImportFileError,
  UnknownFormatError,
  detectFormat,
  detectFormatFromHead,
  openImporter,
} from '../../../electron/core/importers/index.js';
import { collect, collectError, fixture, importerTmpDir, readFixture, removeImporterTmpDirs, writeTemp } from '../../helpers/importer-collect.js';
import { buildZip } from '../../helpers/importer-zip.js';

afterAll(removeImporterTmpDirs);

describe('detectFormat', () => {
  it.each([
    ['apple-health/export.xml', 'apple-health'],
    ['google/Records.json', 'google-location'],
    ['google/Timeline.json', 'google-location'],
    ['google/timeline-ios.json', 'google-location'],
    ['generic/heart.json', 'json'],
    ['generic/wallet-export.json', 'json'],
    ['generic/sleep.ndjson', 'ndjson'],
    ['generic/steps.csv', 'csv'],
    ['generic/journal.csv', 'csv'],
    ['generic/gewicht.csv', 'csv'],
    ['generic/epoch-s.csv', 'csv'],
    ['generic/epoch-ms.tsv', 'csv'],
    ['generic/wallet-export.csv', 'csv'],
  ])('%s → %s', async (path, format) => {
    expect(await detectFormat(fixture(path))).toBe(format);
  });

  it('a zip archive → apple-health', async () => {
    const path = writeTemp('export.zip', buildZip([{ name: 'apple_health_export/export.xml', data: readFixture('apple-health/export.xml') }]));
    expect(await detectFormat(path)).toBe('apple-health');
  });

  const head = (s: string | number[]): Uint8Array => (typeof s === 'string' ? Buffer.from(s, 'utf8') : Uint8Array.from(s));

  it('recognises shapes from the first bytes', () => {
    expect(detectFormatFromHead('x', head('\ufeff  <HealthData locale="en_US">'), true)).toBe('apple-health');
    expect(detectFormatFromHead('x', head('<?xml version="1.0"?>\n<!DOCTYPE HealthData [\n'), false)).toBe('apple-health');
    expect(detectFormatFromHead('x', head('{ "rawSignals": ['), false)).toBe('google-location');
    expect(detectFormatFromHead('x', head('{"timelineObjects":['), false)).toBe('google-location');
    expect(detectFormatFromHead('x', head('[ {\n "endTime" : "2024'), false)).toBe('google-location');
    expect(detectFormatFromHead('x', head('[]'), true)).toBe('json');
    expect(detectFormatFromHead('x', head('{"a":1}'), true)).toBe('ndjson');
    expect(detectFormatFromHead('x.jsonl', head('{"a":"' + 'x'.repeat(100)), false)).toBe('ndjson');
    expect(detectFormatFromHead('notes.txt', head('just one column\nof text\n'), true)).toBe('csv');
    expect(detectFormatFromHead('x', head('a\tb\n'), true)).toBe('csv');
  });

  it('empty files', async () => {
    expect(() => detectFormatFromHead('a.csv', head(''), true)).toThrow(EmptyFileError);
    expect(() => detectFormatFromHead('a.csv', head('\ufeff \r\n\t'), true)).toThrow(EmptyFileError);
    await expect(detectFormat(writeTemp('empty.json', ''))).rejects.toThrow('empty.json is empty');
  });

  it('binary garbage, UTF-16, gzip, Latin-1', () => {
    expect(() => detectFormatFromHead('a.bin', head([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), true)).toThrow(BinaryFileError);
    expect(() => detectFormatFromHead('a.csv', head([0xff, 0xfe, 0x61, 0x00]), true)).toThrow('a.csv: is UTF-16 text; save it as UTF-8 and import it again');
    expect(() => detectFormatFromHead('a.gz', head([0x1f, 0x8b, 8, 0]), true)).toThrow('a.gz: is gzip-compressed; decompress it first');
    const e = (() => {
      try {
        detectFormatFromHead('a.csv', Buffer.from('t,v\n2024-03-01,caf\xe9\n', 'latin1'), true);
      } catch (err) {
        return err as BinaryFileError;
      }
      return null;
    })();
    expect(e).toBeInstanceOf(BinaryFileError);
    expect(e!.message).toBe('a.csv byte 18: is not UTF-8 text');
    expect(e!.hint).toContain("choose it as the file's format");
  });

  it('unknown shapes → UnknownFormatError listing the formats to choose from', () => {
    const cases: [string, string][] = [
      ['<?xml version="1.0"?><gpx/>', 'it is XML, but not an Apple Health export (no <HealthData> element)'],
      ['{\n  "name": "x"\n}\n', 'it is a JSON object of unknown shape (not NDJSON with one object per line, nor a Google location export)'],
      ['hello world\n', 'it is text, but not CSV (no comma, semicolon or tab on the first line), JSON or XML'],
    ];
    for (const [text, reason] of cases) {
      let err: UnknownFormatError | undefined;
      try {
        detectFormatFromHead('data.dat', head(text), true);
      } catch (e) {
        err = e as UnknownFormatError;
      }
      expect(err).toBeInstanceOf(UnknownFormatError);
      expect(err!.message).toBe(`Could not tell the format of data.dat: ${reason}`);
      expect(err!.hint).toMatch(/csv, json .*ndjson .*apple-health .*google-location .*choose it as the file's format\./);
    }
  });

  it('missing files → ImportFileError; a folder is a Takeout folder, looked into at import (a file format on a folder is refused)', async () => {
    await expect(detectFormat('/nonexistent/x.csv')).rejects.toBeInstanceOf(ImportFileError);
    const dir = join(importerTmpDir(), 'folder.csv');
    mkdirSync(dir);
    expect(await detectFormat(dir)).toBe('google-location');
    await expect(collect(openImporter(dir, { format: 'auto' }))).rejects.toThrow(
      'Could not tell the format of folder.csv: it is a folder with 0 files, but none of them is an Apple Health export.xml or a Google location history file',
    );
    await expect(collect(openImporter(dir, { format: 'csv', mapping: { kind: 'k' } }))).rejects.toThrow('folder.csv is a folder, not a file');
  });
});

describe('openImporter', () => {
  it('detects the format with format auto', async () => {
    expect(await collect(openImporter(fixture('google/Timeline.json'), { format: 'auto' }))).toHaveLength(7);
    expect(await collect(openImporter(fixture('apple-health/export.xml'), { format: 'auto' }))).toHaveLength(19);
    expect(await collect(openImporter(fixture('generic/steps.csv'), { format: 'auto', mapping: { kind: 'steps' } }))).toHaveLength(3);
  });

  it('uses the given format', async () => {
    const rs = await collect(openImporter(fixture('generic/sleep.ndjson'), { format: 'ndjson', mapping: { kind: 'sleep' } }));
    expect(rs).toHaveLength(3);
  });

  it('does not touch the file before the first batch is requested', async () => {
    const it = openImporter('/nonexistent/file.csv', { format: 'auto' });
    await expect(it.next()).rejects.toBeInstanceOf(ImportFileError);
  });

  it('garbage with format auto → a specific error', async () => {
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
    const path = join(importerTmpDir(), 'garbage.bin');
    writeFileSync(path, bytes);
    expect(await collectError(openImporter(path, { format: 'auto' }))).toBeInstanceOf(BinaryFileError);
  });
});
