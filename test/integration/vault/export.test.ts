import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewRecord } from '../../../shared/domain/record.js';
import { createVault, DatasetNotFoundError, type Vault, VaultBusyError, VaultLockedError } from '../../../electron/core/vault/index.js';
import { batchesOf, makeRecord, minuteSeries, PASSPHRASE, tempVaultDir, TEST_OPTIONS } from '../../helpers/vault-fixtures.js';

const T0 = Date.UTC(2024, 2, 1, 7, 30);

const SAMPLE: NewRecord[] = [
  makeRecord({ kind: 'steps', tStart: T0, tEnd: T0 + 60_000, valueNum: 42, source: 'Watch' }),
  makeRecord({ kind: 'steps', tStart: T0 - 1, tEnd: T0, valueNum: 0.1, unit: '', source: null }),
  makeRecord({
    kind: 'mood',
    unit: null,
    source: 'Diary, "v2"',
    tStart: Date.UTC(1969, 11, 31, 23, 59, 59, 999),
    tEnd: Date.UTC(1970, 0, 1),
    valueNum: -1.5e-7,
    valueText: 'line one\nline "two", ok',
    meta: { z: 1, a: 'x,y', t: true, n: null },
  }),
];

const EXPECTED_CSV =
  'kind,t_start,t_end,value_num,value_text,unit,source,meta\r\n' +
  'mood,1969-12-31T23:59:59.999Z,1970-01-01T00:00:00.000Z,-1.5e-7,"line one\nline ""two"", ok",,"Diary, ""v2""","{""a"":""x,y"",""n"":null,""t"":true,""z"":1}"\r\n' +
  'steps,2024-03-01T07:29:59.999Z,2024-03-01T07:30:00.000Z,0.1,,"",,\r\n' +
  'steps,2024-03-01T07:30:00.000Z,2024-03-01T07:31:00.000Z,42,,count,Watch,\r\n';

const EXPECTED_JSON =
  '[\n' +
  '{"kind":"mood","t_start":"1969-12-31T23:59:59.999Z","t_end":"1970-01-01T00:00:00.000Z","value_num":-1.5e-7,"value_text":"line one\\nline \\"two\\", ok","unit":null,"source":"Diary, \\"v2\\"","meta":{"a":"x,y","n":null,"t":true,"z":1}},\n' +
  '{"kind":"steps","t_start":"2024-03-01T07:29:59.999Z","t_end":"2024-03-01T07:30:00.000Z","value_num":0.1,"value_text":null,"unit":"","source":null,"meta":null},\n' +
  '{"kind":"steps","t_start":"2024-03-01T07:30:00.000Z","t_end":"2024-03-01T07:31:00.000Z","value_num":42,"value_text":null,"unit":"count","source":"Watch","meta":null}\n' +
  ']\n';

/** A writable that collects text and drains slowly (tiny buffer → backpressure). */
function slowSink(): { stream: Writable; text: () => string; writes: () => number; maxBuffered: () => number } {
  let out = '';
  let count = 0;
  let maxBuffered = 0;
  const stream = new Writable({
    highWaterMark: 1024,
    decodeStrings: false,
    write(chunk: string, _enc, cb) {
      out += chunk;
      count++;
      setTimeout(cb, 1);
    },
  });
  const origWrite = stream.write.bind(stream);
  stream.write = ((chunk: string, ...rest: never[]) => {
    const ok = origWrite(chunk, ...rest);
    maxBuffered = Math.max(maxBuffered, stream.writableLength);
    return ok;
  }) as typeof stream.write;
  return { stream, text: () => out, writes: () => count, maxBuffered: () => maxBuffered };
}

describe('export', () => {
  let root: string;
  let dir: string;
  let cleanup: () => Promise<void>;
  let vault: Vault;
  beforeEach(async () => {
    ({ root, dir, cleanup } = await tempVaultDir());
    ({ vault } = await createVault(dir, PASSPHRASE, TEST_OPTIONS));
    await vault.importRecords({ fileName: 's.csv', format: 'csv' }, batchesOf(SAMPLE));
  });
  afterEach(async () => {
    vault.lock();
    await cleanup();
  });

  async function exportText(opts: Parameters<Vault['exportTo']>[1]): Promise<string> {
    let text = '';
    await vault.exportTo((chunk) => void (text += chunk), opts);
    return text;
  }

  it('writes exact RFC 4180 CSV, ordered by kind then time', async () => {
    expect(await exportText({ format: 'csv' })).toBe(EXPECTED_CSV);
  });

  it('writes an exact JSON array', async () => {
    const text = await exportText({ format: 'json' });
    expect(text).toBe(EXPECTED_JSON);
    // The output parses back to the stored records, in export order (kind, then start time).
    const parsed = JSON.parse(text) as { kind: string; t_start: string; value_num: number | null; value_text: string | null; meta: unknown }[];
    const stored = [...SAMPLE].sort((a, b) => a.kind.localeCompare(b.kind) || a.tStart - b.tStart);
    expect(parsed.map((r) => [r.kind, Date.parse(r.t_start), r.value_num, r.value_text, r.meta])).toEqual(
      stored.map((r) => [r.kind, r.tStart, r.valueNum, r.valueText, r.meta]),
    );
  });

  it('exports one kind, or an empty vault, and names an unknown kind', async () => {
    const lines = (await exportText({ format: 'csv', kind: 'steps' })).split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines.slice(1, 3).every((l) => l.startsWith('steps,'))).toBe(true);
    await expect(vault.exportTo(() => undefined, { format: 'json', kind: 'nope' })).rejects.toThrow(DatasetNotFoundError);
    const empty = await createVault(path.join(root, 'empty'), PASSPHRASE, TEST_OPTIONS);
    let text = '';
    expect(await empty.vault.exportTo((c) => void (text += c), { format: 'json' })).toEqual({ records: 0 });
    expect(text).toBe('[\n]\n');
    empty.vault.lock();
  });

  it('round-trips through JSON without loss', async () => {
    const exported = JSON.parse(await exportText({ format: 'json' })) as Array<Record<string, unknown>>;
    const reimported: NewRecord[] = exported.map((o) => ({
      kind: o.kind as string,
      tStart: Date.parse(o.t_start as string),
      tEnd: Date.parse(o.t_end as string),
      valueNum: o.value_num as number | null,
      valueText: o.value_text as string | null,
      unit: o.unit as string | null,
      source: o.source as string | null,
      meta: o.meta as NewRecord['meta'],
    }));
    // Same content hash → a re-import into the same vault adds nothing.
    expect(await vault.importRecords({ fileName: 'back.json', format: 'json' }, batchesOf(reimported))).toMatchObject({ added: 0, skipped: 3 });
    const other = await createVault(path.join(root, 'other'), PASSPHRASE, TEST_OPTIONS);
    await other.vault.importRecords({ fileName: 'back.json', format: 'json' }, batchesOf(reimported));
    let text = '';
    await other.vault.exportTo((c) => void (text += c), { format: 'json' });
    expect(text).toBe(EXPECTED_JSON);
    other.vault.lock();
  });

  it('respects backpressure of a slow stream and does not end it', async () => {
    await vault.importRecords({ fileName: 'big.csv', format: 'csv' }, batchesOf(minuteSeries(5000)));
    const sink = slowSink();
    const result = await vault.exportTo(sink.stream, { format: 'csv' });
    expect(result.records).toBe(5003);
    expect(sink.writes()).toBeGreaterThan(3);
    // Never more than one chunk (64 KiB of text) queued beyond the stream's buffer.
    expect(sink.maxBuffered()).toBeLessThanOrEqual(64 * 1024 + 1024 + 512);
    expect(sink.stream.writableEnded).toBe(false);
    await new Promise<void>((r) => sink.stream.end(r));
    expect(sink.text().split('\r\n')).toHaveLength(5005);
  });

  it('is a consistent snapshot: an import committed mid-export is not in it', async () => {
    await vault.importRecords({ fileName: 'big.csv', format: 'csv' }, batchesOf(minuteSeries(3000)));
    let text = '';
    let first = true;
    const result = await vault.exportTo(
      async (chunk) => {
        text += chunk;
        if (first) {
          first = false;
          expect(() => vault.eraseDataset('steps')).toThrow(VaultBusyError);
          await vault.importRecords({ fileName: 'late.csv', format: 'csv' }, batchesOf(minuteSeries(10, 0, 'late')));
        }
      },
      { format: 'csv' },
    );
    expect(result.records).toBe(3003);
    expect(text).not.toContain('late,');
    expect(vault.listDatasets().map((d) => d.kind)).toContain('late');
  });

  it('stops with VaultLockedError when the vault is locked mid-export', async () => {
    await vault.importRecords({ fileName: 'big.csv', format: 'csv' }, batchesOf(minuteSeries(3000)));
    const exporting = vault.exportTo(
      async () => {
        vault.lock();
      },
      { format: 'json' },
    );
    await expect(exporting).rejects.toThrow(VaultLockedError);
  });
});
