/**
 * Ad-hoc throughput benchmark of the Apple Health importer (not part of the
 * test suite):
 *
 *   npx tsx test/helpers/importer-bench-apple-health.ts [megabytes=100] [zip]
 *
 * A child process generates a realistic export.xml of about that size in
 * the temp folder (see importer-gen-apple-health.ts) and, with `zip`, packs
 * it as apple_health_export/export.xml in an export.zip; then this process,
 * fresh, imports it with the production importer while discarding the
 * batches, and prints MB/s (of uncompressed XML; wall clock and per CPU second,
 * which is steadier on a busy machine) and the peak RSS sampled after
 * every batch.
 */
import { fork } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openImporter } from '../../electron/core/importers/index.js';
import { elementsForBytes, writeAppleHealthExport } from './importer-gen-apple-health.js';
import { buildZip } from './importer-zip.js';

async function generate(mb: number, zip: boolean, xmlPath: string, zipPath: string): Promise<void> {
  const gen = await writeAppleHealthExport(xmlPath, { elements: elementsForBytes(mb * 1e6) });
  if (zip) writeFileSync(zipPath, buildZip([{ name: 'apple_health_export/export.xml', data: readFileSync(xmlPath) }]));
  process.send?.(gen);
}

async function measure(mb: number, zip: boolean, xmlPath: string, zipPath: string): Promise<void> {
  const gen = await new Promise<{ bytes: number; records: number }>((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--generate', String(mb), zip ? 'zip' : 'xml', xmlPath, zipPath]);
    child.once('message', (m) => resolve(m as { bytes: number; records: number }));
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`generator exited with ${code}`)));
  });
  const path = zip ? zipPath : xmlPath;
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  let records = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  try {
    for await (const batch of openImporter(path, { format: 'apple-health' })) {
      records += batch.length;
      const rss = process.memoryUsage().rss;
      if (rss > peakRss) peakRss = rss;
    }
  } finally {
    rmSync(xmlPath, { force: true });
    rmSync(zipPath, { force: true });
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  if (records !== gen.records) throw new Error(`expected ${gen.records} records, got ${records}`);
  console.log(
    JSON.stringify({
      input: zip ? 'export.zip' : 'export.xml',
      xmlMB: +(gen.bytes / 1e6).toFixed(1),
      records,
      seconds: +seconds.toFixed(2),
      MBps: +(gen.bytes / 1e6 / seconds).toFixed(1),
      cpuSeconds: +cpuSeconds.toFixed(2),
      MBperCpuSecond: +(gen.bytes / 1e6 / cpuSeconds).toFixed(1),
      recordsPerSecond: Math.round(records / seconds),
      rssBeforeMB: Math.round(rssBefore / 1e6),
      peakRssMB: Math.round(peakRss / 1e6),
      node: process.version,
    }),
  );
}

const args = process.argv.slice(2);
if (args[0] === '--generate') {
  void generate(Number(args[1]), args[2] === 'zip', args[3]!, args[4]!);
} else {
  const mb = Number(args[0] ?? 100);
  const base = join(tmpdir(), `dw-bench-export-${process.pid}`);
  void measure(mb, args[1] === 'zip', `${base}.xml`, `${base}.zip`);
}
