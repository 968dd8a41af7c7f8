/**
 * The data-wallet CLI as a user runs it: the built binary in a child process,
 * no TTY, a real vault on disk. Covers the flow init → import (each format) →
 * datasets → records → export → re-import → erase, and the error contract:
 * exit 1 with one line on stderr (2 for usage errors), nothing changed.
 * Each test works on a vault prepared in a hook or made by the test itself,
 * so any test can run alone (vitest -t) or in any order.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess, tempDir, type CliResult } from '../helpers/cli.js';

const PASS = 'correct horse battery';
const root = tempDir('cli');
/** The vault the current test talks to (set by `useVault`). */
let vault = join(root, 'shared');
const env = { DATA_WALLET_PASSPHRASE: PASS };
const cli = (args: string[], extraEnv: Record<string, string> = env): Promise<CliResult> =>
  runCliProcess(['--vault', vault, ...args], extraEnv);
const json = async <T>(args: string[], extraEnv: Record<string, string> = env): Promise<T> => {
  const r = await cli([...args, '--json'], extraEnv);
  expect(r.stderr, `stderr of ${args.join(' ')}`).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as T;
};

// [file, records added, records skipped]: the Apple export's blood-pressure Records appear nested in their
// Correlation and again at top level, so they are stored once (2 repeated within the file, none skipped).
const FIXTURES: [string, number, number][] = [
  ['test/fixtures/apple-health/export.xml', 17, 0],
  ['test/fixtures/google/Records.json', 4, 0],
  ['test/fixtures/google/Timeline.json', 7, 0],
  ['test/fixtures/generic/steps.csv', 3, 0],
  ['test/fixtures/generic/heart.json', 5, 0],
  ['test/fixtures/generic/sleep.ndjson', 3, 0],
];

/** Creates the vault `name` with the fixtures `files`, makes it current, returns its recovery key. */
async function useVault(name: string, files: string[] = []): Promise<string> {
  vault = join(root, name);
  const out = await json<{ vault: string; recoveryKey: string }>(['init']);
  for (const file of files) await json(['import', file]);
  return out.recoveryKey;
}

interface DatasetRow {
  kind: string;
  recordCount: number;
  from: number | null;
  to: number | null;
}
interface RecordsPage {
  records: { kind: string; tStart: number; tEnd: number; valueNum: number | null; valueText: string | null; meta: unknown }[];
  nextCursor: string | null;
}
const counts = (rows: DatasetRow[]): Record<string, number> => Object.fromEntries(rows.map((d) => [d.kind, d.recordCount]));
const stripIds = (p: RecordsPage): unknown[] => p.records.map((r) => ({ ...r, id: undefined }));

/** A failed command prints exactly one line, with no stack trace. */
function expectOneLineError(r: CliResult, code: number, pattern: RegExp): void {
  expect(r.code).toBe(code);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

let sharedRecoveryKey = '';

// A read-only vault with every fixture, for the tests that only read.
beforeAll(async () => {
  sharedRecoveryKey = await useVault('shared', FIXTURES.map(([file]) => file));
}, 300_000);
const useShared = (): void => void (vault = join(root, 'shared'));
afterAll(async () => {
  const { rm } = await import('node:fs/promises');
  await rm(root, { recursive: true, force: true });
});

// Every command derives the default Argon2 key (256 MiB): slow on a loaded machine.
describe('data-wallet CLI', { timeout: 400_000 }, () => {
  it('init prints a grouped recovery key once and refuses to overwrite a vault', async () => {
    useShared();
    expect(sharedRecoveryKey).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4,}$/);
    const again = await cli(['init']);
    expectOneLineError(again, 1, /^error: .*(exist|already)/i);
  });

  it('imports every supported format, and a second import of the same file adds nothing', async () => {
    await useVault('imports');
    for (const [file, added, skipped] of FIXTURES) {
      const r = await json<{ added: number; skipped: number; format: string }>(['import', file]);
      expect(r, file).toMatchObject({ added, skipped });
    }
    const again = await json<{ added: number; skipped: number }>(['import', 'test/fixtures/apple-health/export.xml']);
    expect(again).toMatchObject({ added: 0, skipped: 19 });

    const datasets = counts(await json<DatasetRow[]>(['datasets']));
    expect(datasets).toMatchObject({
      HKQuantityTypeIdentifierStepCount: 1,
      HKWorkout: 1,
      HKActivitySummary: 2,
      location: 8,
      steps: 3,
      sleep: 3,
    });
  }, 180_000); // a command per format, each paying the default KDF cost

  it('imports a whole Google Takeout folder in one job and prints one summary with every file', async () => {
    await useVault('takeout');
    const r = await cli(['import', 'test/fixtures/google/takeout-de']);
    expect(r.code, r.stderr).toBe(0);
    const out = r.stdout;
    expect(out).toMatch(/^Imported 7 new records from takeout-de \(google-location\); 1 repeated within the archive were stored once in [\d.]+ s\.$/m);
    expect(out).toContain('Files (3):\n  Takeout/Standortverlauf (Zeitachse)/Records.json: 5 records (1 repeated)\n');
    expect(out).toContain('  Takeout/Standortverlauf (Zeitachse)/Timeline Edits.json: 1 record\n');
    expect(out).toContain('Not imported: timelineEdits/placeAggregates 1');
    expect(await json<{ added: number; skipped: number }>(['import', 'test/fixtures/google/takeout-de'])).toMatchObject({ added: 0, skipped: 8, duplicates: 0 });
    expect(counts(await json<DatasetRow[]>(['datasets']))).toEqual({ location: 5, 'location.activity': 2 });
  }, 120_000);

  it('lists records of a dataset within a time range, and prints a readable table', async () => {
    useShared();
    const page = await json<RecordsPage>(['records', 'steps', '--from', '2024-03-01', '--to', '2024-03-02']);
    expect(page.records.map((r) => [r.tStart, r.valueNum])).toEqual([
      [Date.UTC(2024, 2, 1, 8), 412],
      [Date.UTC(2024, 2, 1, 8, 0, 0, 250), 1034],
    ]);
    const human = await cli(['records', 'steps', '--limit', '1']);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('2024-03-01T08:00:00.000Z  412');
    expect(human.stdout).toContain('more records');
    const table = await cli(['datasets']);
    expect(table.stdout.split('\n')[0]).toMatch(/^KIND\s+RECORDS\s+FROM\s+TO/);
  });

  it('exports a dataset and everything, and the exports re-import exactly', async () => {
    await useVault('export', ['test/fixtures/apple-health/export.xml', 'test/fixtures/google/Records.json', 'test/fixtures/google/Timeline.json']);
    const before = await json<RecordsPage>(['records', 'location', '--limit', '10000']);
    const csv = join(root, 'location.csv');
    const all = join(root, 'all.json');
    const r1 = await cli(['export', 'location', '--format', 'csv', '-o', csv]);
    expect(r1.code).toBe(0);
    expect(r1.stderr).toMatch(/NOT encrypted/);
    expect((await cli(['export', '--all', '--format', 'json', '-o', all])).code).toBe(0);

    // erase, then bring the dataset back from its CSV export
    expectOneLineError(await cli(['erase', 'location']), 1, /--yes/);
    expect(counts(await json<DatasetRow[]>(['datasets'])).location).toBe(8);
    expect(await json(['erase', 'location', '--yes'])).toEqual({ erased: 'location', recordsErased: 8, freePages: 'wiped' });
    expect(counts(await json<DatasetRow[]>(['datasets'])).location).toBeUndefined();
    expect(await json(['import', csv])).toMatchObject({ added: 8, format: 'csv' });
    const after = await json<RecordsPage>(['records', 'location', '--limit', '10000']);
    expect(stripIds(after)).toEqual(stripIds(before));

    // everything into a second vault
    const other = join(root, 'other');
    const otherEnv = { DATA_WALLET_PASSPHRASE: 'another passphrase' };
    expect((await runCliProcess(['--vault', other, 'init'], otherEnv)).code).toBe(0);
    const imp = await runCliProcess(['--vault', other, 'import', all, '--json'], otherEnv);
    expect(imp.code).toBe(0);
    const mine = counts(await json<DatasetRow[]>(['datasets']));
    const theirs = counts(JSON.parse((await runCliProcess(['--vault', other, 'datasets', '--json'], otherEnv)).stdout) as DatasetRow[]);
    expect(theirs).toEqual(mine);
    const hr = ['records', 'HKQuantityTypeIdentifierHeartRate', '--json'];
    const theirHr = JSON.parse((await runCliProcess(['--vault', other, ...hr], otherEnv)).stdout) as RecordsPage;
    expect(stripIds(theirHr)).toEqual(stripIds(await json<RecordsPage>(hr.slice(0, -1))));
  });

  it('writes nothing when an export cannot be made', async () => {
    useShared();
    const before = await readdir(root);
    const target = join(root, 'nope.csv');
    expectOneLineError(await cli(['export', 'no-such-kind', '--format', 'csv', '-o', target]), 1, /no-such-kind/);
    await expect(readFile(target)).rejects.toThrow(/ENOENT/);
    expect(await readdir(root)).toEqual(before); // no temp file either
  });

  it('refuses a broken file with one line naming it, and keeps nothing from it', async () => {
    await useVault('broken', ['test/fixtures/generic/steps.csv']);
    const broken = join(root, 'broken.xml');
    const xml = await readFile('test/fixtures/apple-health/export.xml', 'utf8');
    await writeFile(broken, xml.slice(0, Math.floor(xml.length * 0.8)));
    const before = await json<DatasetRow[]>(['datasets']);
    expectOneLineError(await cli(['import', broken, '--format', 'apple-health']), 1, /broken\.xml/);
    expect(await json<DatasetRow[]>(['datasets'])).toEqual(before);
    // The core's hints say what to choose; the CLI words them with its flags.
    const csvFile = 'test/fixtures/generic/steps.csv';
    expectOneLineError(await cli(['import', csvFile, '--format', 'csv', '--kind', 'steps', '--timestamp', 'when']), 1, /the time column "when" is not in the file\. .*--timestamp <column>/);
    expectOneLineError(await cli(['import', csvFile, '--format', 'csv', '--kind', 'steps', '--value', 'pulse']), 1, /the value column "pulse" is not in the file\. .*--value <column>/);
    expect(await json<DatasetRow[]>(['datasets'])).toEqual(before);
  });

  it('says what is wrong with the passphrase, once, and changes nothing', async () => {
    useShared();
    expectOneLineError(await cli(['datasets'], { DATA_WALLET_PASSPHRASE: 'wrong passphrase' }), 1, /passphrase/i);
    expectOneLineError(await cli(['datasets'], {}), 1, /DATA_WALLET_PASSPHRASE/);
    expectOneLineError(await runCliProcess(['--vault', join(root, 'missing'), 'datasets'], env), 1, /vault/i);
  });

  it('prints the stack trace and details of an error with --debug, and only then', async () => {
    useShared();
    const plain = await cli(['datasets'], { DATA_WALLET_PASSPHRASE: 'wrong passphrase' });
    expectOneLineError(plain, 1, /^error: The passphrase is not correct\./);
    const debug = await cli(['--debug', 'datasets'], { DATA_WALLET_PASSPHRASE: 'wrong passphrase' });
    expect(debug.code).toBe(1);
    const lines = debug.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(plain.stderr.trimEnd()); // the same first line
    expect(lines[1]).toMatch(/^WrongPassphraseError: The passphrase is not correct\./);
    expect(debug.stderr).toMatch(/\n\s+at .*unlock-vault\.js:\d+/); // a stack frame of the code that threw
    expect(debug.stderr).not.toContain('wrong passphrase'); // still no secret
    const missing = await runCliProcess(['--debug', '--vault', join(root, 'missing'), 'datasets'], env);
    expect(missing.stderr).toMatch(/\ndetails: neither keys\.json nor vault\.db is present\n/);
  });

  it('with --json, prints an error in its serialised form: one JSON line with a stable code', async () => {
    useShared();
    const wrong = await cli(['datasets', '--json'], { DATA_WALLET_PASSPHRASE: 'wrong passphrase' });
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toBe('');
    expect(wrong.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(wrong.stderr)).toEqual({ code: 'WRONG_PASSPHRASE', message: 'The passphrase is not correct.', hint: expect.stringMatching(/recovery key/) });
    const usage = await cli(['records', 'steps', '--limit', 'many', '--json']);
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stderr)).toMatchObject({ code: 'USAGE', message: expect.stringMatching(/^--limit "many"/) });
  });

  it('exits 2 on usage errors', async () => {
    useShared();
    expect((await cli(['frobnicate'])).code).toBe(2);
    expect((await cli(['export', 'steps'])).code).toBe(2); // --format is mandatory
    expect((await cli(['import', 'x.csv', '--format', 'docx'])).code).toBe(2);
    expectOneLineError(await cli(['records', 'steps', '--limit', '0']), 2, /^error: --limit "0" must be a whole number from 1 to 10000\./);
    expectOneLineError(await cli(['records', 'steps', '--from', 'yesterday']), 2, /^error: --from "yesterday" is not a time/);
  });

  it('changes the passphrase, and recovers with the recovery key', async () => {
    const recoveryKey = await useVault('passphrase', ['test/fixtures/generic/steps.csv']);
    const next = 'a much better passphrase';
    expect((await cli(['passphrase', 'change'], { ...env, DATA_WALLET_NEW_PASSPHRASE: next })).code).toBe(0);
    expectOneLineError(await cli(['datasets']), 1, /passphrase/i);
    expect((await cli(['datasets'], { DATA_WALLET_PASSPHRASE: next })).code).toBe(0);

    const wrongKey = recoveryKey.replace(/^(.)/, (c) => (c === 'A' ? 'B' : 'A'));
    expectOneLineError(await cli(['recover'], { DATA_WALLET_RECOVERY_KEY: wrongKey, DATA_WALLET_NEW_PASSPHRASE: PASS }), 1, /recovery key/i);
    const r = await cli(['recover'], { DATA_WALLET_RECOVERY_KEY: recoveryKey, DATA_WALLET_NEW_PASSPHRASE: PASS });
    expect(r.code).toBe(0);
    expect(counts(await json<DatasetRow[]>(['datasets'])).steps).toBe(3);
  });
});
