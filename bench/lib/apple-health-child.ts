/**
 * Child process of bench/vault.ts: imports one Apple Health export and
 * reports its own throughput and peak RSS, so the parent's memory (the 1M
 * records it holds for the CSV benchmark) does not pollute the figure.
 *
 *   node dist/bench/lib/apple-health-child.js <parse|prepare|store|store-plain|store-1thread|gpx|gpx-saxes> <file> <scratch dir>
 *
 * - `parse`: the production importer with the batches discarded (one thread).
 * - `prepare`: the parse worker as importFile runs it (parse, validate,
 *   canonical meta, source list), its batches received and dropped.
 * - `store`: the same importer feeding Vault.importRecords of a real
 *   encrypted vault made in <scratch dir> (Argon2 at MIN_ARGON2_COST: the
 *   KDF is not what this measures, and its cost is outside the timed part).
 * - `store-plain`: the baseline for `store`: the same importer and the
 *   vault's own import path (ImportRun, same schema, pragmas and cache) on
 *   an unencrypted store, so the ratio shows what encryption costs.
 *
 * Peak RSS is the kernel's high-water mark for this process, so nothing
 * between samples is missed: VmHWM from /proc/self/status on Linux. Not
 * process.resourceUsage().maxRSS: Linux carries the PARENT's RSS at fork
 * time over into the child's maxRSS across exec (measured: a parent at
 * 640 MB gave a fresh child maxRSS 576 MB, VmHWM 42 MB), which is exactly
 * the pollution this child exists to avoid. maxRSS is the fallback where
 * /proc is missing. The result goes to the parent as one IPC message.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { openImporter } from '../../electron/core/importers/index.js';
import { ImportRun } from '../../electron/core/vault/actions/import-run.js';
import { MAIN_CACHE_KIB } from '../../electron/core/vault/actions/open-database.js';
import { createVault, MIN_ARGON2_COST } from '../../electron/core/vault/index.js';
import { migrate } from '../../electron/core/vault/migrations/migrate.js';
import { openStore } from '../../electron/core/vault/store/open-store.js';
import type { NewRecord } from '../../shared/domain/record.js';
import type { PreparedBatch } from '../../electron/core/vault/records/prepared-batch.js';
import { parseInWorker } from '../../electron/core/importers/worker/parse-in-worker.js';
import { parseGpx } from '../../electron/core/importers/apple-health.js';
import { openFileInput, runParser } from '../../electron/core/importers/stream.js';
import { GpxParser } from '../../electron/core/importers/gpx.js';

type Mode = 'parse' | 'prepare' | 'store' | 'store-plain' | 'store-1thread' | 'gpx' | 'gpx-saxes';

export interface AppleHealthChildResult {
  mode: Mode;
  input: string;
  inputBytes: number;
  /** Uncompressed XML bytes read by the importer. */
  xmlBytes: number;
  records: number;
  /** Records stored / skipped as duplicates (store mode). */
  added: number | null;
  skipped: number | null;
  seconds: number;
  cpuSeconds: number;
  /** Peak RSS (bytes) before the import started: Node, modules, and in store mode the open vault. */
  rssBeforeBytes: number;
  peakRssBytes: number;
  /** Where the peak comes from. */
  peakRssSource: 'VmHWM' | 'maxRSS';
  /**
   * CPU seconds of the main thread and of the busiest other thread (the
   * parse worker, or a zlib/GC helper) during the import, from
   * /proc/self/task (null without /proc). CPU time, unlike wall time, does
   * not grow when other processes share the cores, so
   * `xmlBytes / max(main, other)` estimates the rate on two free cores.
   */
  threadCpu: { mainSeconds: number; busiestOtherSeconds: number } | null;
}

/** utime + stime in seconds of every thread of this process, by thread id (empty without /proc). */
function threadCpuSeconds(): Map<number, number> {
  const out = new Map<number, number>();
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      try {
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'latin1');
        // Fields after the command name (which may contain spaces) in parentheses.
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        out.set(Number(tid), (Number(f[11]) + Number(f[12])) / 100);
      } catch {
        // the thread ended meanwhile
      }
    }
  } catch {
    // no /proc
  }
  return out;
}

/** Per-thread CPU used since `before` (threads that ended before the second reading are missed). */
function threadCpuSince(before: Map<number, number>, exited: Map<number, number>): AppleHealthChildResult['threadCpu'] {
  const now = threadCpuSeconds();
  for (const [tid, v] of exited) if (!now.has(tid)) now.set(tid, v);
  if (now.size === 0) return null;
  let main = 0;
  let other = 0;
  for (const [tid, v] of now) {
    const used = v - (before.get(tid) ?? 0);
    if (tid === process.pid) main = used;
    else other = Math.max(other, used);
  }
  return { mainSeconds: main, busiestOtherSeconds: other };
}

/** This process's peak RSS in bytes (see the comment at the top). */
function peakRss(): { bytes: number; source: 'VmHWM' | 'maxRSS' } {
  try {
    const kib = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync('/proc/self/status', 'latin1'))?.[1];
    if (kib !== undefined) return { bytes: Number(kib) * 1024, source: 'VmHWM' };
  } catch {
    // no /proc: fall back
  }
  return { bytes: process.resourceUsage().maxRSS * 1024, source: 'maxRSS' };
}
const maxRssBytes = (): number => peakRss().bytes;

async function main(): Promise<void> {
  const [mode, file, scratch] = process.argv.slice(2);
  if ((mode !== 'parse' && mode !== 'prepare' && mode !== 'store' && mode !== 'store-plain' && mode !== 'store-1thread' && mode !== 'gpx' && mode !== 'gpx-saxes') || !file || !scratch) {
    throw new Error('usage: apple-health-child.js <parse|prepare|store|store-plain|store-1thread|gpx|gpx-saxes> <file> <scratch dir>');
  }
  let xmlBytes = 0;
  const onProgress = (p: { bytesRead: number }): void => {
    xmlBytes = p.bytesRead;
  };
  let records = 0;
  let added: number | null = null;
  let skipped: number | null = null;
  let rssBefore: number;
  let t0: number;
  let cpu0: NodeJS.CpuUsage;

  const counted = async function* (): AsyncGenerator<NewRecord[]> {
    for await (const batch of openImporter(file, { format: 'apple-health', onProgress })) {
      records += batch.length;
      yield batch;
    }
  };
  // What importFile does: parse in a worker thread, store here.
  const countedInWorker = async function* (): AsyncGenerator<PreparedBatch> {
    for await (const batch of parseInWorker(file, { format: 'apple-health', onProgress })) {
      records += batch.count;
      yield batch;
    }
  };
  const job = { fileName: basename(file), format: 'apple-health' as const, bytes: statSync(file).size };
  const cpuBefore = threadCpuSeconds();
  // The worker thread ends with the import: keep its last reading.
  const lastSeen = new Map<number, number>();
  const sampler = setInterval(() => {
    for (const [tid, v] of threadCpuSeconds()) lastSeen.set(tid, v);
  }, 100);
  if (mode === 'gpx') {
    // A workout-routes/*.gpx file through the route parser, batches discarded.
    rssBefore = maxRssBytes();
    t0 = performance.now();
    cpu0 = process.cpuUsage();
    for await (const batch of parseGpx(await openFileInput(file), { onProgress })) records += batch.length;
  } else if (mode === 'gpx-saxes') {
    // The same with every point through saxes (the route parser before its fast path), for the same-run ratio.
    rssBefore = maxRssBytes();
    t0 = performance.now();
    cpu0 = process.cpuUsage();
    const input = await openFileInput(file);
    for await (const batch of runParser(input, { onProgress }, (sink) => new GpxParser(input.fileName, sink, {}, false), { text: true })) records += batch.length;
  } else if (mode === 'parse') {
    rssBefore = maxRssBytes();
    t0 = performance.now();
    cpu0 = process.cpuUsage();
    for await (const batch of openImporter(file, { format: 'apple-health', onProgress })) records += batch.length;
  } else if (mode === 'prepare') {
    // The parse worker alone (parse + prepare, batches handed over and dropped): what the worker side can deliver.
    rssBefore = maxRssBytes();
    t0 = performance.now();
    cpu0 = process.cpuUsage();
    for await (const batch of countedInWorker()) void batch;
  } else if (mode === 'store-plain') {
    mkdirSync(scratch, { recursive: true });
    const conn = openStore(join(scratch, 'plain.db'), null, { create: true, cacheKiB: MAIN_CACHE_KIB });
    try {
      migrate(conn);
      rssBefore = maxRssBytes();
      t0 = performance.now();
      cpu0 = process.cpuUsage();
      const r = await new ImportRun(conn, job, Date.now).run(countedInWorker());
      added = r.added;
      skipped = r.skipped;
    } finally {
      conn.close();
    }
  } else {
    // A random passphrase that is never printed.
    const { vault } = await createVault(scratch, randomBytes(24).toString('base64url'), { kdf: MIN_ARGON2_COST });
    try {
      rssBefore = maxRssBytes();
      t0 = performance.now();
      cpu0 = process.cpuUsage();
      const r = await vault.importRecords(job, mode === 'store' ? countedInWorker() : counted());
      added = r.added;
      skipped = r.skipped;
    } finally {
      vault.lock();
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  const threadCpu = threadCpuSince(cpuBefore, lastSeen);
  const cpu = process.cpuUsage(cpu0);
  const result: AppleHealthChildResult = {
    mode,
    input: basename(file),
    inputBytes: statSync(file).size,
    xmlBytes,
    records,
    added,
    skipped,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    rssBeforeBytes: rssBefore,
    peakRssBytes: maxRssBytes(),
    peakRssSource: peakRss().source,
    threadCpu,
  };
  await new Promise<void>((resolve, reject) => {
    if (!process.send) return reject(new Error('apple-health-child must be started with fork()'));
    process.send(result, (e: Error | null) => (e ? reject(e) : resolve()));
  });
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`apple-health-child: ${e instanceof Error ? `${e.name}: ${e.message}` : 'failed'}`);
    process.exit(1);
  },
);
