/**
 * Vault and importer benchmark: `npm run bench:vault` (builds, then runs
 * dist/bench/vault.js; a few minutes). Every ratio is against a baseline
 * measured in the same run on the same generated data.
 *
 * 1. CSV import of ROWS rows (timestamp,value) with the real importer
 *    (openImporter) and the real write path (ImportRun / Vault.importRecords):
 *    a. insert only: the CSV is parsed once into memory, then the same
 *       batches are inserted into an encrypted store (SQLCipher, raw key),
 *       plain SQLite (the same binding without a key, pragmas copied and
 *       checked; see bench/lib/plain-sqlite.ts) and openStore without a
 *       key; median of ROUNDS,
 *       with the order rotated between rounds;
 *    b. file → vault: openImporter → Vault.importRecords of a real vault
 *       (default Argon2 cost, a fresh vault each round) vs openImporter →
 *       ImportRun on plain SQLite; median of ROUNDS, order alternating.
 * 2. Apple Health export.xml (and export.zip when a `zip` tool is present):
 *    MB/s and peak RSS in a child process (bench/lib/apple-health-child.ts),
 *    parse only and parse + store into a real encrypted vault.
 * 3. Unlock with DEFAULT_ARGON2_COST (median of UNLOCKS; default
 *    verifyOnUnlock 'auto' after a clean lock, and with the quick_check that
 *    'auto' runs after a crash) vs opening the same-size database with its
 *    raw key (+ migrate), and the Argon2id derivation alone.
 * 4. Time-range page queries (1000 records in a random one-day window) and
 *    daily aggregates over a random 30-day window, encrypted vs plain, with
 *    the vault's own read layer on both, plus the public Vault API.
 *
 * Knobs (environment): BENCH_ROWS (default 1000000), BENCH_APPLE_MB (200),
 * BENCH_ONLY=apple (section 2 alone).
 * All files live in one temp folder that is removed at the end.
 */
import { spawnSync, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { openImporter } from '../electron/core/importers/index.js';
import type { GenericMapping } from '../electron/core/importers/index.js';
import { createVault, DEFAULT_ARGON2_COST, unlockVault, type Vault } from '../electron/core/vault/index.js';
import { ImportRun } from '../electron/core/vault/actions/import-run.js';
import { MAIN_CACHE_KIB, prepareDatabase } from '../electron/core/vault/actions/open-database.js';
import { derivePassphraseKek } from '../electron/core/vault/keys/passphrase-kek.js';
import { migrate } from '../electron/core/vault/migrations/migrate.js';
import { toStoredRecord } from '../electron/core/vault/records/to-domain.js';
import type { Connection } from '../electron/core/vault/store/database.js';
import { openStore } from '../electron/core/vault/store/open-store.js';
import { createReads, type VaultReads } from '../electron/core/vault/store/reads.js';
import type { NewRecord, StoredRecord } from '../shared/domain/record.js';
import type { AppleHealthChildResult } from './lib/apple-health-child.js';
import { elementsForBytes, writeAppleHealthExport } from '../test/helpers/importer-gen-apple-health.js';
import { openPlainSqlite, readSettings, vaultStoreSettings, type StoreSettings } from './lib/plain-sqlite.js';
import { fmtMB, fmtMs, fmtRate, fmtRatio, machineLine, median, printTable, prng, quantile, stopwatch, verdict, type GoalRow } from './lib/stats.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const APPLE_MB = Number(process.env.BENCH_APPLE_MB ?? 200);
/** `apple`: section 2 only. */
const ONLY = process.env.BENCH_ONLY ?? '';
const ROUNDS = 4;
const UNLOCKS = 5;
const BATCH_SIZE = 1000;
/** Same page cache as the vault's import connection (IMPORT_CACHE_KIB in actions/import-records.ts). */
const IMPORT_CACHE_KIB = 24 * 1024;
const KIND = 'bench.value';
const T0 = Date.UTC(2023, 0, 1);
const STEP_MS = 60_000;
const DAY_MS = 86_400_000;

const GOAL = { importRowsPerSec: 150_000, importRatio: 1.3, appleMBps: 50, appleRssBytes: 300e6 } as const;

const here = dirname(fileURLToPath(import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'dw-bench-vault-'));
const table: GoalRow[] = [];
/** Never printed. */
const passphrase = randomBytes(24).toString('base64url');

const section = (title: string): void => console.log(`\n== ${title}`);
const removeDb = (file: string): void => {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
};

// ---------------------------------------------------------------- 1. CSV import

async function writeCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  let buf = 'timestamp,value\n';
  for (let i = 0; i < rows; i++) {
    buf += `${new Date(T0 + i * STEP_MS).toISOString()},${((i * 7919) % 100_000) / 100}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}

async function* fromMemory(batches: readonly NewRecord[][]): AsyncGenerator<NewRecord[]> {
  for (const b of batches) yield b;
}

interface Target {
  name: string;
  /** Creates an empty store with the vault schema. */
  create(file: string): Connection;
}

async function csvImport(): Promise<{ encFile: string; encKey: Buffer; plainFile: string; vault: Vault; vaultDir: string }> {
  section(`1. CSV import, ${ROWS.toLocaleString('en-US')} rows (timestamp,value)`);
  const csv = join(tmp, 'bench.csv');
  await writeCsv(csv, ROWS);
  const csvBytes = statSync(csv).size;
  const mapping: GenericMapping = { kind: KIND, timestamp: 'timestamp', values: ['value'], unit: 'count' };
  const importer = (): AsyncGenerator<NewRecord[]> => openImporter(csv, { format: 'csv', mapping, batchSize: BATCH_SIZE });
  const job = { fileName: 'bench.csv', format: 'csv' as const, bytes: csvBytes };

  // Parse once into memory (this is also the parse-only figure).
  const parseTimer = stopwatch();
  const batches: NewRecord[][] = [];
  for await (const b of importer()) batches.push(b);
  const parseMs = parseTimer().wallMs;
  const parsed = batches.reduce((n, b) => n + b.length, 0);
  if (parsed !== ROWS) throw new Error(`CSV importer yielded ${parsed} records, expected ${ROWS}`);
  console.log(`CSV file ${fmtMB(csvBytes)}; parse only (openImporter, batches of ${BATCH_SIZE}): ${fmtMs(parseMs)} = ${fmtRate(ROWS / (parseMs / 1000))} rows/s`);

  const settings64 = vaultStoreSettings(join(tmp, 'settings-ref.db'), IMPORT_CACHE_KIB);
  const keys = new Map<string, Buffer>();
  const targets: Target[] = [
    {
      name: 'encrypted (SQLCipher, raw key)',
      create: (file) => {
        const key = randomBytes(32);
        keys.set(file, key);
        const db = openStore(file, key, { create: true, cacheKiB: IMPORT_CACHE_KIB });
        const s = readSettings(db);
        if (JSON.stringify(s) !== JSON.stringify(settings64)) throw new Error('encrypted store settings differ from the plain ones');
        return db;
      },
    },
    { name: 'plain (no key, pragmas copied)', create: (file) => openPlainSqlite(file, settings64) },
    { name: 'plain (openStore, no key)', create: (file) => openStore(file, null, { create: true, cacheKiB: IMPORT_CACHE_KIB }) },
  ];
  console.log(`all stores: ${describeSettings(settings64)}; schema from the vault's migrations; one transaction per import`);

  // a. insert only, same in-memory batches.
  const times = new Map<string, number[]>(targets.map((x) => [x.name, []]));
  const cpuTimes = new Map<string, number[]>(targets.map((x) => [x.name, []]));
  const kept = new Map<string, string>();
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < targets.length; k++) {
      const target = targets[(k + round) % targets.length] as Target;
      const file = join(tmp, `insert-${round}-${targets.indexOf(target)}.db`);
      const db = target.create(file);
      migrate(db);
      const elapsed = stopwatch();
      const r = await new ImportRun(db, job, Date.now).run(fromMemory(batches));
      const { wallMs, cpuMs } = elapsed();
      db.close();
      if (r.added !== ROWS) throw new Error(`${target.name}: stored ${r.added} of ${ROWS}`);
      times.get(target.name)?.push(wallMs);
      cpuTimes.get(target.name)?.push(cpuMs);
      if (round === ROUNDS - 1 && target !== targets[2]) kept.set(target.name, file);
      else removeDb(file);
    }
  }
  batches.length = 0;
  const [enc, plain, plainMc] = targets.map((x) => times.get(x.name) as number[]) as [number[], number[], number[]];
  console.log(`\n1a. insert only (pre-parsed batches → ImportRun), median of ${ROUNDS} rounds [min–max]:`);
  for (const x of targets) {
    const s = times.get(x.name) as number[];
    const c = cpuTimes.get(x.name) as number[];
    console.log(
      `  ${x.name.padEnd(34)} ${fmtMs(median(s)).padStart(8)}  ${fmtRate(ROWS / (median(s) / 1000)).padStart(6)} rows/s  [${fmtMs(Math.min(...s))}–${fmtMs(Math.max(...s))}]  CPU ${fmtMs(median(c))} = ${fmtRate(ROWS / (median(c) / 1000))} rows/CPU-s`,
    );
  }
  const encCpu = cpuTimes.get(targets[0]!.name) as number[];
  const plainCpu = cpuTimes.get(targets[1]!.name) as number[];
  const insertRatio = median(enc) / median(plain);
  console.log(`  ratio encrypted / plain:                  ${fmtRatio(insertRatio)} wall, ${fmtRatio(median(encCpu) / median(plainCpu))} CPU`);
  console.log(`  ratio encrypted / plain, best of ${ROUNDS} each: ${fmtRatio(Math.min(...enc) / Math.min(...plain))}`);
  console.log(`  ratio encrypted / plain (openStore, no key): ${fmtRatio(median(enc) / median(plainMc))}`);
  console.log(`  per-round ratios: ${enc.map((e, i) => fmtRatio(e / (plain[i] as number))).join(' ')}`);

  // b. file → vault: the whole user-facing path; a fresh vault / store per round, order alternating.
  const fullEnc: number[] = [];
  const fullPlain: number[] = [];
  const fullEncCpu: number[] = [];
  const fullPlainCpu: number[] = [];
  let vault: Vault | undefined;
  let vaultDir = '';
  for (let round = 0; round < ROUNDS; round++) {
    for (const which of round % 2 === 0 ? (['enc', 'plain'] as const) : (['plain', 'enc'] as const)) {
      if (which === 'enc') {
        if (vault) {
          vault.lock();
          rmSync(vaultDir, { recursive: true, force: true });
        }
        vaultDir = join(tmp, `vault-${round}`);
        vault = (await createVault(vaultDir, passphrase, { kdf: DEFAULT_ARGON2_COST })).vault;
        const elapsed = stopwatch();
        const rv = await vault.importRecords(job, importer());
        const e = elapsed();
        fullEnc.push(e.wallMs);
        fullEncCpu.push(e.cpuMs);
        if (rv.added !== ROWS) throw new Error(`vault import stored ${rv.added} of ${ROWS}`);
      } else {
        const plainFull = join(tmp, `full-plain-${round}.db`);
        const pdb = openPlainSqlite(plainFull, settings64);
        migrate(pdb);
        const elapsed = stopwatch();
        const rp = await new ImportRun(pdb, job, Date.now).run(importer());
        const e = elapsed();
        fullPlain.push(e.wallMs);
        fullPlainCpu.push(e.cpuMs);
        pdb.close();
        removeDb(plainFull);
        if (rp.added !== ROWS) throw new Error(`plain import stored ${rp.added} of ${ROWS}`);
      }
    }
  }
  const fullEncMs = median(fullEnc);
  const fullPlainMs = median(fullPlain);
  const fullRatio = fullEncMs / fullPlainMs;
  const fullRate = ROWS / (fullEncMs / 1000);
  const fullCpuRate = ROWS / (median(fullEncCpu) / 1000);
  const range = (xs: number[]): string => `[${fmtMs(Math.min(...xs))}–${fmtMs(Math.max(...xs))}]`;
  console.log(`\n1b. file → store (openImporter → import path, the CSV parsed during the import), median of ${ROUNDS} rounds [min–max]:`);
  console.log(
    `  encrypted vault (Vault.importRecords)   ${fmtMs(fullEncMs).padStart(8)}  ${fmtRate(fullRate).padStart(6)} rows/s  ${range(fullEnc)}  CPU ${fmtMs(median(fullEncCpu))} = ${fmtRate(fullCpuRate)} rows/CPU-s`,
  );
  console.log(
    `  plain (no key, ImportRun)${fmtMs(fullPlainMs).padStart(8)}  ${fmtRate(ROWS / (fullPlainMs / 1000)).padStart(6)} rows/s  ${range(fullPlain)}  CPU ${fmtMs(median(fullPlainCpu))} = ${fmtRate(ROWS / (median(fullPlainCpu) / 1000))} rows/CPU-s`,
  );
  console.log(
    `  ratio encrypted / plain: ${fmtRatio(fullRatio)} wall (per round ${fullEnc.map((e, i) => fmtRatio(e / (fullPlain[i] as number))).join(' ')}), ${fmtRatio(median(fullEncCpu) / median(fullPlainCpu))} CPU`,
  );
  console.log(`  ratio encrypted / plain, best of ${ROUNDS} each: ${fmtRatio(Math.min(...fullEnc) / Math.min(...fullPlain))}`);

  table.push(
    { figure: 'CSV file→vault, encrypted (rows/s)', value: `${fmtRate(fullRate)} (${fmtRate(fullCpuRate)}/CPU-s)`, goal: `≥ ${fmtRate(GOAL.importRowsPerSec)}`, verdict: verdict(fullRate >= GOAL.importRowsPerSec) },
    { figure: 'CSV file→vault, encrypted/plain', value: fmtRatio(fullRatio), goal: `≤ ${fmtRatio(GOAL.importRatio)}`, verdict: verdict(fullRatio <= GOAL.importRatio) },
    {
      figure: 'CSV insert only, encrypted (rows/s)',
      value: `${fmtRate(ROWS / (median(enc) / 1000))} (${fmtRate(ROWS / (median(encCpu) / 1000))}/CPU-s)`,
      goal: `≥ ${fmtRate(GOAL.importRowsPerSec)}`,
      verdict: verdict(ROWS / (median(enc) / 1000) >= GOAL.importRowsPerSec),
    },
    { figure: 'CSV insert only, encrypted/plain', value: fmtRatio(insertRatio), goal: `≤ ${fmtRatio(GOAL.importRatio)}`, verdict: verdict(insertRatio <= GOAL.importRatio) },
  );
  rmSync(csv, { force: true });
  const encFile = kept.get(targets[0]!.name) as string;
  if (!vault) throw new Error('no vault was made');
  return { encFile, encKey: keys.get(encFile) as Buffer, plainFile: kept.get(targets[1]!.name) as string, vault, vaultDir };
}

function describeSettings(s: StoreSettings): string {
  return `page ${s.page_size} B, journal ${s.journal_mode}, synchronous ${s.synchronous}, secure_delete ${s.secure_delete}, cache ${-Number(s.cache_size) / 1024} MiB`;
}

// ---------------------------------------------------------------- 2. Apple Health

function runChild(mode: AppleHealthChildResult['mode'], file: string, scratch: string): Promise<AppleHealthChildResult> {
  return new Promise((resolve, reject) => {
    const child = fork(join(here, 'lib', 'apple-health-child.js'), [mode, file, scratch], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: AppleHealthChildResult | undefined;
    child.on('message', (m) => {
      result = m as AppleHealthChildResult;
    });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 && result ? resolve(result) : reject(new Error(`apple-health child (${mode}) exited with ${code}`))));
  });
}

const GPX_POINTS = 100_000;

/** A GPX route as Apple writes it (one trkseg, extensions with speed/course/accuracies). */
function writeGpxRoute(path: string, points: number): void {
  const parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="Apple Health Export" xmlns="http://www.topografix.com/GPX/1/1">\n <trk><name>Route</name><trkseg>\n'];
  const t0 = Date.UTC(2024, 2, 3, 17, 10);
  for (let i = 0; i < points; i++) {
    const lat = (52.52 + i * 1e-6).toFixed(6);
    const lon = (13.405 + i * 1e-6).toFixed(6);
    parts.push(
      `   <trkpt lon="${lon}" lat="${lat}"><ele>${(34 + (i % 50) / 10).toFixed(2)}</ele><time>${new Date(t0 + i * 1000).toISOString().replace('.000', '')}</time>` +
        `<extensions><speed>${(2.5 + (i % 7) / 10).toFixed(2)}</speed><course>${i % 360}</course><hAcc>${(3 + (i % 5)).toFixed(1)}</hAcc><vAcc>${(2 + (i % 3)).toFixed(1)}</vAcc></extensions></trkpt>\n`,
    );
  }
  parts.push(' </trkseg></trk>\n</gpx>\n');
  writeFileSync(path, parts.join(''));
}

async function appleHealth(): Promise<void> {
  section(`2. Apple Health export, ~${APPLE_MB} MB export.xml (child process per run)`);
  const dir = join(tmp, 'apple', 'apple_health_export');
  mkdirSync(dir, { recursive: true });
  const xml = join(dir, 'export.xml');
  let t = performance.now();
  const gen = await writeAppleHealthExport(xml, { elements: elementsForBytes(APPLE_MB * 1e6) });
  console.log(`generated ${fmtMB(gen.bytes)}, ${gen.records.toLocaleString('en-US')} records in ${fmtMs(performance.now() - t)}`);

  const runs: { label: string; mode: AppleHealthChildResult['mode']; file: string }[] = [
    { label: 'export.xml parse only', mode: 'parse', file: xml },
    { label: 'export.xml parse worker only', mode: 'prepare', file: xml },
    { label: 'export.xml parse + store', mode: 'store', file: xml },
    { label: 'export.xml parse + store, plain', mode: 'store-plain', file: xml },
    { label: 'export.xml store, 1 thread', mode: 'store-1thread', file: xml },
  ];
  t = performance.now();
  const zipped = spawnSync('zip', ['-q', '-X', 'export.zip', 'apple_health_export/export.xml'], { cwd: join(tmp, 'apple') });
  const zip = join(tmp, 'apple', 'export.zip');
  if (zipped.status === 0) {
    console.log(`zipped (zip -6) to ${fmtMB(statSync(zip).size)} in ${fmtMs(performance.now() - t)}`);
    runs.push({ label: 'export.zip parse only', mode: 'parse', file: zip });
  } else {
    console.log('no `zip` tool found: export.zip not measured');
  }

  console.log('  run                          MB/s (wall)  MB per CPU-s  2-core est.  CPU-s main/other  records/s  RSS before → peak');
  let rssSource = '';
  const storeSeconds: Partial<Record<AppleHealthChildResult['mode'], number>> = {};
  let parseRun: AppleHealthChildResult | undefined;
  const estimates: Partial<Record<AppleHealthChildResult['mode'], number>> = {};
  for (const run of runs) {
    const scratch = join(tmp, `apple-vault-${run.mode}-${run.file === zip ? 'zip' : 'xml'}`);
    const r = await runChild(run.mode, run.file, scratch);
    rmSync(scratch, { recursive: true, force: true });
    if (r.records !== gen.records) throw new Error(`${run.label}: importer yielded ${r.records} records, expected ${gen.records}`);
    if (r.xmlBytes !== gen.bytes) throw new Error(`${run.label}: importer read ${r.xmlBytes} XML bytes, expected ${gen.bytes}`);
    rssSource = r.peakRssSource;
    if (run.file === xml) storeSeconds[run.mode] = r.seconds;
    if (run.file === xml && run.mode === 'parse') parseRun = r;
    const mbps = r.xmlBytes / 1e6 / r.seconds;
    // On two free cores the import takes as long as its busiest thread needs CPU, and at least half of all the CPU it
    // uses (GC and I/O helper threads included); the machine may be shared, so wall time is not that.
    const critical = r.threadCpu === null ? null : Math.max(r.threadCpu.mainSeconds, r.threadCpu.busiestOtherSeconds, r.cpuSeconds / 2);
    const est = critical === null || critical === 0 ? null : r.xmlBytes / 1e6 / critical;
    if (run.file === xml && est !== null) estimates[run.mode] = est;
    const threads = r.threadCpu === null ? '–' : `${r.threadCpu.mainSeconds.toFixed(2)}/${r.threadCpu.busiestOtherSeconds.toFixed(2)}`;
    const stored = r.added === null ? '' : `  (stored ${r.added.toLocaleString('en-US')}, skipped ${r.skipped})`;
    console.log(
      `  ${run.label.padEnd(28)} ${mbps.toFixed(1).padStart(11)}  ${(r.xmlBytes / 1e6 / r.cpuSeconds).toFixed(1).padStart(12)}  ${(est === null ? '–' : est.toFixed(1)).padStart(11)}  ${threads.padStart(16)}  ${fmtRate(r.records / r.seconds).padStart(9)}  ${fmtMB(r.rssBeforeBytes)} → ${fmtMB(r.peakRssBytes)}${stored}`,
    );
    table.push(
      {
        figure: `Apple Health ${run.label} (MB/s)`,
        value: `${mbps.toFixed(1)} (${(r.xmlBytes / 1e6 / r.cpuSeconds).toFixed(1)}/CPU-s${est === null ? '' : `, 2-core est. ${est.toFixed(1)}`})`,
        goal: `≥ ${GOAL.appleMBps}`,
        verdict: verdict(mbps >= GOAL.appleMBps || (est !== null && est >= GOAL.appleMBps)),
      },
      { figure: `Apple Health ${run.label} peak RSS`, value: fmtMB(r.peakRssBytes), goal: `< ${fmtMB(GOAL.appleRssBytes)}`, verdict: verdict(r.peakRssBytes < GOAL.appleRssBytes) },
    );
  }
  if (storeSeconds.store !== undefined && storeSeconds['store-plain'] !== undefined) {
    const ratio = storeSeconds.store / storeSeconds['store-plain'];
    const estRatio = estimates.store !== undefined && estimates['store-plain'] !== undefined ? estimates['store-plain'] / estimates.store : null;
    console.log(`  ratio parse + store encrypted / plain store (time): ${fmtRatio(ratio)} wall${estRatio === null ? '' : `, ${fmtRatio(estRatio)} 2-core est.`}`);
    table.push({
      figure: 'Apple Health parse + store, encrypted/plain',
      value: `${fmtRatio(ratio)} wall${estRatio === null ? '' : `, ${fmtRatio(estRatio)} 2-core est.`}`,
      goal: `≤ ${fmtRatio(GOAL.importRatio)}`,
      // Wall time on a shared machine swings with other processes' load; the CPU-time estimate does not.
      verdict: verdict(ratio <= GOAL.importRatio || (estRatio !== null && estRatio <= GOAL.importRatio)),
    });
  }
  if (storeSeconds.store !== undefined && storeSeconds.parse !== undefined && storeSeconds['store-1thread'] !== undefined) {
    if (estimates.store !== undefined && estimates.parse !== undefined) {
      console.log(`  parse + store / parse only (time), 2-core est.: ${fmtRatio(estimates.parse / estimates.store)}`);
    }
    console.log(
      `  same-run ratios (wall): parse + store / parse only ${fmtRatio(storeSeconds.store / storeSeconds.parse)}; ` +
        `worker / 1 thread ${fmtRatio(storeSeconds.store / storeSeconds['store-1thread'])}` +
        (estimates.store !== undefined && estimates['store-1thread'] !== undefined
          ? `; 2-core est. worker / 1 thread ${fmtRatio(estimates['store-1thread'] / estimates.store)} of the time`
          : ''),
    );
  }
  // Workout routes: one 100k-point GPX file through the route parser, beside the XML parse-only rate of this run;
  // and the same file with every point through saxes (the parser before its fast path).
  const gpxPath = join(tmp, 'apple', 'route_bench.gpx');
  writeGpxRoute(gpxPath, GPX_POINTS);
  const g = await runChild('gpx', gpxPath, join(tmp, 'apple-gpx'));
  const gs = await runChild('gpx-saxes', gpxPath, join(tmp, 'apple-gpx'));
  for (const r of [g, gs]) if (r.records !== GPX_POINTS) throw new Error(`${r.mode}: ${r.records} points parsed, expected ${GPX_POINTS}`);
  const gpxMBps = g.xmlBytes / 1e6 / g.seconds;
  const gpxMBcpu = g.xmlBytes / 1e6 / g.cpuSeconds;
  const xmlParse = parseRun;
  const xmlMBcpu = xmlParse === undefined ? undefined : xmlParse.xmlBytes / 1e6 / xmlParse.cpuSeconds;
  const xmlRecCpu = xmlParse === undefined ? undefined : xmlParse.records / xmlParse.cpuSeconds;
  for (const [label, r] of [
    ['GPX route (fast path)', g],
    ['GPX route (all saxes)', gs],
  ] as const) {
    console.log(
      `  ${label}, ${GPX_POINTS.toLocaleString('en-US')} points (${fmtMB(r.xmlBytes)}): ${fmtRate(r.records / r.seconds)} points/s (${fmtRate(r.records / r.cpuSeconds)}/CPU-s), ` +
        `${(r.xmlBytes / 1e6 / r.seconds).toFixed(1)} MB/s (${(r.xmlBytes / 1e6 / r.cpuSeconds).toFixed(1)}/CPU-s), peak RSS ${fmtMB(r.peakRssBytes)}`,
    );
  }
  if (xmlMBcpu !== undefined && xmlRecCpu !== undefined) {
    console.log(
      `  same-run ratios, per CPU-second: GPX MB / export.xml parse-only MB ${fmtRatio(gpxMBcpu / xmlMBcpu)}; GPX points / export.xml records ${fmtRatio(g.records / g.cpuSeconds / xmlRecCpu)}; ` +
        `fast path / all saxes ${fmtRatio(gpxMBcpu / (gs.xmlBytes / 1e6 / gs.cpuSeconds))}`,
    );
  }
  table.push(
    {
      figure: `GPX route ${GPX_POINTS.toLocaleString('en-US')} points (points/s)`,
      value: `${fmtRate(g.records / g.seconds)} (${gpxMBps.toFixed(1)} MB/s; ${fmtRate(g.records / g.cpuSeconds)} points/CPU-s)`,
      goal: '—',
      verdict: 'info',
    },
    {
      figure: 'GPX MB per CPU-s / export.xml parse',
      value: xmlMBcpu === undefined ? '–' : fmtRatio(gpxMBcpu / xmlMBcpu),
      goal: '≥ 0.9× (match)',
      verdict: xmlMBcpu === undefined ? 'info' : verdict(gpxMBcpu >= 0.9 * xmlMBcpu),
    },
    { figure: 'GPX route peak RSS', value: fmtMB(g.peakRssBytes), goal: `< ${fmtMB(GOAL.appleRssBytes)}`, verdict: verdict(g.peakRssBytes < GOAL.appleRssBytes) },
  );
  console.log('  MB = 10^6 bytes of uncompressed XML; "parse + store" = Vault.importRecords into a real encrypted vault, incl. commit,');
  console.log('  parsing in a worker thread as importFile does ("1 thread": parsing and storing on one thread, as before);');
  console.log('  "MB/s (wall)" = measured elapsed time on this machine, which other processes may share;');
  console.log('  "MB per CPU-s" = MB / all CPU seconds of the process (every thread);');
  console.log('  "2-core est." = MB / max(CPU seconds of the busiest thread, all CPU seconds / 2): the rate on two free cores, unaffected by load;');
  console.log('  "CPU-s main/other" = CPU seconds of the main thread (it stores) and of the busiest other thread (the parse worker);');
  console.log('  "parse worker only" = the worker as importFile runs it (parse + validate + canonical meta + source list), batches dropped;');
  console.log('  "plain" = the same import path (ImportRun, schema, pragmas, cache) on an unencrypted store;');
  console.log(`  RSS = the child's own high-water mark (${rssSource}), "before" = at the start of the timed import`);
  rmSync(join(tmp, 'apple'), { recursive: true, force: true });
}

// ---------------------------------------------------------------- 3. Unlock

async function unlock(vaultDir: string, encFile: string, encKey: Buffer): Promise<Vault> {
  section(`3. Unlock, DEFAULT_ARGON2_COST (${DEFAULT_ARGON2_COST.memoryKiB / 1024} MiB, t=${DEFAULT_ARGON2_COST.iterations}, p=${DEFAULT_ARGON2_COST.parallelism}), vault with ${ROWS.toLocaleString('en-US')} records`);
  const unlockMs: number[] = [];
  const quickMs: number[] = [];
  const rawMs: number[] = [];
  const kdfMs: number[] = [];
  let vault: Vault | undefined;
  const steps: (() => Promise<void>)[] = [
    async () => {
      vault?.lock();
      const t = performance.now();
      vault = await unlockVault(vaultDir, { passphrase });
      unlockMs.push(performance.now() - t);
    },
    async () => {
      const t = performance.now();
      const db = openStore(encFile, encKey, { cacheKiB: MAIN_CACHE_KIB });
      prepareDatabase(db, { existing: true, verify: 'none' });
      rawMs.push(performance.now() - t);
      db.close();
    },
    async () => {
      vault?.lock();
      vault = undefined;
      const t = performance.now();
      (await unlockVault(vaultDir, { passphrase }, { verifyOnUnlock: 'quick' })).lock();
      quickMs.push(performance.now() - t);
    },
    async () => {
      const t = performance.now();
      (await derivePassphraseKek(randomBytes(24).toString('base64url'), DEFAULT_ARGON2_COST, randomBytes(16))).fill(0);
      kdfMs.push(performance.now() - t);
    },
  ];
  // The three measurements take turns, in a rotating order, so they share the machine's noise.
  for (let i = 0; i < UNLOCKS; i++) {
    for (let k = 0; k < steps.length; k++) await (steps[(k + i) % steps.length] as () => Promise<void>)();
  }
  const u = median(unlockMs);
  const r = median(rawMs);
  const q = median(quickMs);
  console.log(`  unlockVault (passphrase; Argon2id + unwrap + open + migrate; default verifyOnUnlock 'auto', clean last lock): median ${fmtMs(u)} [${fmtMs(Math.min(...unlockMs))}–${fmtMs(Math.max(...unlockMs))}]`);
  console.log(`  unlockVault with quick_check (what 'auto' does after a crash left a WAL):                     median ${fmtMs(q)} [${fmtMs(Math.min(...quickMs))}–${fmtMs(Math.max(...quickMs))}]`);
  console.log(`  baseline, raw-key open of a same-size database (+ migrate):  median ${fmtMs(r)} [${fmtMs(Math.min(...rawMs))}–${fmtMs(Math.max(...rawMs))}]`);
  console.log(`  Argon2id alone (derivePassphraseKek, same cost):                           median ${fmtMs(median(kdfMs))} [${fmtMs(Math.min(...kdfMs))}–${fmtMs(Math.max(...kdfMs))}]`);
  console.log(`  unlock − raw-key open = ${fmtMs(u - r)} (≈ Argon2id + key file read + unwrap); the passphrase KDF is the whole cost, by design`);
  table.push(
    { figure: 'unlock, default Argon2 cost (median)', value: fmtMs(u), goal: '0.3–1 s', verdict: u >= 300 && u <= 1000 ? 'PASS' : 'MISS' },
    { figure: '  unlock after a crash (+ quick_check)', value: fmtMs(q), goal: '—', verdict: 'info' },
    { figure: '  Argon2id alone (median)', value: fmtMs(median(kdfMs)), goal: '— (docs: ≈0.35–0.4 s)', verdict: 'info' },
  );
  return vault ?? (await unlockVault(vaultDir, { passphrase }));
}

// ---------------------------------------------------------------- 4. Queries

function pageVia(reads: VaultReads, from: number, to: number): StoredRecord[] {
  // What queryRecords does, minus the session: dataset lookup, limit + 1 rows, domain objects.
  const ds = reads.datasetByKind(KIND);
  if (!ds) throw new Error('bench dataset missing');
  const rows = reads.recordPage(ds.id, { from, to, after: null, limit: 1001 });
  return rows.slice(0, 1000).map((row) => toStoredRecord(KIND, row));
}

function queries(vault: Vault, encFile: string, encKey: Buffer, plainFile: string): void {
  section(`4. Queries over ${ROWS.toLocaleString('en-US')} records (1 per minute), main-connection cache`);
  const settings16 = vaultStoreSettings(join(tmp, 'settings-ref16.db'), MAIN_CACHE_KIB);
  const enc = openStore(encFile, encKey, { cacheKiB: MAIN_CACHE_KIB });
  const plain = openPlainSqlite(plainFile, settings16);
  const readers = { encrypted: createReads(enc), plain: createReads(plain) };
  const span = ROWS * STEP_MS;
  const rnd = prng(7);
  const WARM = 20;

  // Page: 1000 records from a random one-day window (1440 records in range).
  const N = 400;
  const page = { encrypted: [] as number[], plain: [] as number[], vault: [] as number[] };
  for (let i = 0; i < WARM + N; i++) {
    const from = T0 + Math.floor(rnd() * (span - DAY_MS));
    const to = from + DAY_MS;
    const order = (['encrypted', 'plain', 'vault'] as const).map((_, k, a) => a[(k + i) % 3] as 'encrypted' | 'plain' | 'vault');
    const counts: number[] = [];
    for (const which of order) {
      const t = performance.now();
      const n = which === 'vault' ? vault.records(KIND, { from, to, limit: 1000 }).records.length : pageVia(readers[which], from, to).length;
      const ms = performance.now() - t;
      counts.push(n);
      if (i >= WARM) page[which].push(ms);
    }
    if (new Set(counts).size !== 1) throw new Error('the stores answered differently');
  }
  // Daily aggregate over a random 30-day window (43 200 records → 30 buckets).
  const M = 40;
  const agg = { encrypted: [] as number[], plain: [] as number[], vault: [] as number[] };
  for (let i = 0; i < 3 + M; i++) {
    const from = T0 + Math.floor(rnd() * (span - 30 * DAY_MS));
    const to = from + 30 * DAY_MS;
    for (const which of ['encrypted', 'plain', 'vault'] as const) {
      const t = performance.now();
      if (which === 'vault') vault.aggregate(KIND, { bucket: 'day', from, to });
      else {
        const ds = readers[which].datasetByKind(KIND);
        readers[which].buckets(ds!.id, { from, to, bucketMs: DAY_MS, offsetMs: 0 });
      }
      if (i >= 3) agg[which].push(performance.now() - t);
    }
  }
  enc.close();
  plain.close();

  const line = (label: string, s: number[]): string => `  ${label.padEnd(40)} p50 ${fmtMs(median(s)).padStart(8)}  p95 ${fmtMs(quantile(s, 0.95)).padStart(8)}`;
  console.log(`page of 1000 in a random 1-day window, ${N} windows (same windows on each, order rotated):`);
  console.log(line('encrypted (vault read layer, raw key)', page.encrypted));
  console.log(line('plain (no key, same code)', page.plain));
  console.log(line('Vault.records() (public API, encrypted)', page.vault));
  const pageRatio = median(page.encrypted) / median(page.plain);
  console.log(`  ratio encrypted / plain (p50): ${fmtRatio(pageRatio)}`);
  console.log(`daily aggregate over a random 30-day window, ${M} windows:`);
  console.log(line('encrypted (vault read layer, raw key)', agg.encrypted));
  console.log(line('plain (no key, same code)', agg.plain));
  console.log(line('Vault.aggregate() (public API, encrypted)', agg.vault));
  const aggRatio = median(agg.encrypted) / median(agg.plain);
  console.log(`  ratio encrypted / plain (p50): ${fmtRatio(aggRatio)}`);
  table.push(
    { figure: 'range page 1000, Vault.records p50', value: fmtMs(median(page.vault)), goal: '—', verdict: 'info' },
    { figure: 'range page, encrypted/plain (p50)', value: fmtRatio(pageRatio), goal: '—', verdict: 'info' },
    { figure: 'daily aggregate 30 d, Vault p50', value: fmtMs(median(agg.vault)), goal: '—', verdict: 'info' },
    { figure: 'daily aggregate, encrypted/plain', value: fmtRatio(aggRatio), goal: '—', verdict: 'info' },
  );
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const started = performance.now();
  console.log(`bench:vault — ${machineLine()}`);
  console.log(`temp folder ${tmp} (removed at the end)`);
  if (ONLY === 'apple') {
    await appleHealth();
    printTable(`bench:vault summary, Apple Health only (${machineLine()}; total ${fmtMs(performance.now() - started)})`, table);
    return;
  }
  const { encFile, encKey, plainFile, vault, vaultDir } = await csvImport();
  vault.lock();
  await appleHealth();
  const unlocked = await unlock(vaultDir, encFile, encKey);
  try {
    queries(unlocked, encFile, encKey, plainFile);
  } finally {
    unlocked.lock();
    encKey.fill(0);
  }
  printTable(`bench:vault summary (${machineLine()}; total ${fmtMs(performance.now() - started)})`, table);
  const missed = table.filter((r) => r.verdict === 'MISS').length;
  console.log(missed ? `\n${missed} figure(s) missed their goal (see above).` : '\nAll figures with a goal met it.');
}

const cleanup = (): void => rmSync(tmp, { recursive: true, force: true });
process.once('SIGINT', () => {
  cleanup();
  process.exit(130);
});
main()
  .catch((e: unknown) => {
    console.error(`bench:vault failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exitCode = 1;
  })
  .finally(cleanup);
