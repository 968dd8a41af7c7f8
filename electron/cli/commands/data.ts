import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { DatasetSummary, ImportFormat, StoredRecord } from '../../../shared/domain/record.js';
import { importFile } from '../../core/importers/import-file.js';
import type { GenericMapping } from '../../core/importers/types.js';
import type { CliContext } from '../context.js';
import { ConfirmationRequiredError, UsageError } from '../errors.js';
import { emit } from '../io.js';
import { progressBar } from '../progress.js';
import { parseTimeArg } from '../time-arg.js';
import { withVault } from './vault.js';

const iso = (ms: number | null): string => (ms === null ? '—' : new Date(ms).toISOString());

export interface ImportFlags {
  format: 'auto' | ImportFormat;
  kind?: string;
  timestamp?: string;
  timestampEnd?: string;
  value?: string[];
  unit?: string;
  timeFormat?: GenericMapping['timeFormat'];
}

export async function importCommand(ctx: CliContext, file: string, flags: ImportFlags): Promise<void> {
  const mapping: GenericMapping = {
    kind: flags.kind ?? basename(file).replace(/\.[^.]+$/, ''),
    ...(flags.timestamp !== undefined && { timestamp: flags.timestamp }),
    ...(flags.timestampEnd !== undefined && { timestampEnd: flags.timestampEnd }),
    ...(flags.value !== undefined && { values: flags.value }),
    ...(flags.unit !== undefined && { unit: flags.unit }),
    ...(flags.timeFormat !== undefined && { timeFormat: flags.timeFormat }),
  };
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  const bar = progressBar(ctx.io, `Importing ${basename(file)}`);
  const started = Date.now();
  try {
    const result = await withVault(ctx, (vault) =>
      importFile(vault, file, { format: flags.format, mapping, signal: controller.signal, onProgress: bar.update }),
    );
    bar.done();
    const seconds = (Date.now() - started) / 1000;
    emit(ctx.io, ctx.json, { ...result, seconds }, () =>
      `Imported ${result.added.toLocaleString('en-US')} new records from ${basename(file)} (${result.format})` +
      (result.skipped ? `; ${result.skipped.toLocaleString('en-US')} were already in the vault` : '') +
      ` in ${seconds.toFixed(1)} s.`,
    );
  } catch (e) {
    bar.done();
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

function datasetTable(rows: DatasetSummary[]): string {
  if (rows.length === 0) return 'The vault holds no datasets yet. Add some with: data-wallet import FILE';
  const header = ['KIND', 'RECORDS', 'FROM', 'TO', 'UNIT', 'SOURCE'];
  const body = rows.map((d) => [d.kind, d.recordCount.toLocaleString('en-US'), iso(d.from), iso(d.to), d.unit ?? '', d.source ?? '']);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  return [header, ...body].map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

export async function datasetsCommand(ctx: CliContext): Promise<void> {
  const rows = await withVault(ctx, (vault) => vault.listDatasets());
  emit(ctx.io, ctx.json, rows, () => datasetTable(rows));
}

export interface RecordsFlags {
  from?: string;
  to?: string;
  limit?: string;
}

function recordLine(r: StoredRecord): string {
  const value = [r.valueNum ?? undefined, r.valueText ?? undefined].filter((v) => v !== undefined).join(' ');
  const span = r.tEnd === r.tStart ? iso(r.tStart) : `${iso(r.tStart)} → ${iso(r.tEnd)}`;
  return [span, value, r.unit ?? '', r.source ? `(${r.source})` : ''].filter(Boolean).join('  ');
}

export async function recordsCommand(ctx: CliContext, kind: string, flags: RecordsFlags): Promise<void> {
  const limit = flags.limit === undefined ? 100 : Number(flags.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
    throw new UsageError(`--limit "${flags.limit}" must be a whole number from 1 to 10000.`);
  }
  const from = flags.from === undefined ? undefined : parseTimeArg('--from', flags.from);
  const to = flags.to === undefined ? undefined : parseTimeArg('--to', flags.to);
  const page = await withVault(ctx, (vault) =>
    vault.records(kind, { limit, ...(from !== undefined && { from }), ...(to !== undefined && { to }) }),
  );
  if (ctx.json) {
    emit(ctx.io, true, page, () => '');
    return;
  }
  const lines = page.records.map(recordLine);
  if (page.nextCursor) lines.push(`… more records: narrow with --from/--to or raise --limit (max 10000).`);
  emit(ctx.io, false, null, () => (lines.length ? lines.join('\n') : `No ${kind} records in that time range.`));
}

export interface ExportFlags {
  all?: boolean;
  format: 'csv' | 'json';
  output?: string;
}

export async function exportCommand(ctx: CliContext, kind: string | undefined, flags: ExportFlags): Promise<void> {
  if ((kind === undefined) === !flags.all) {
    throw new UsageError('Say what to export: a dataset KIND or --all (not both).', 'See: data-wallet datasets');
  }
  if (flags.format !== 'csv' && flags.format !== 'json') {
    throw new UsageError(`--format "${String(flags.format)}" is not supported.`, 'Use --format csv or --format json.');
  }
  const opts = { format: flags.format, ...(kind !== undefined && { kind }) };
  if (!flags.output || flags.output === '-') {
    await withVault(ctx, (vault) => vault.exportTo(ctx.io.stdout, opts));
    return;
  }
  // Write next to the target and rename on success, so a failed export leaves no half file.
  const target = flags.output;
  const partial = join(dirname(target), `.${basename(target)}.partial`);
  try {
    await withVault(ctx, async (vault) => {
      const out = createWriteStream(partial, { mode: 0o600 });
      await vault.exportTo(out, opts);
      out.end();
      await finished(out);
    });
    await rename(partial, target);
  } catch (e) {
    await rm(partial, { force: true });
    throw e;
  }
  if (ctx.json) emit(ctx.io, true, { output: target }, () => '');
  else ctx.io.stderr.write(`Exported to ${target}. It is NOT encrypted: keep it somewhere safe.\n`);
}

export async function eraseCommand(ctx: CliContext, kind: string, flags: { yes?: boolean }): Promise<void> {
  if (!flags.yes) throw new ConfirmationRequiredError(`erase the dataset "${kind}"`, '--yes');
  await withVault(ctx, (vault) => vault.eraseDataset(kind));
  emit(ctx.io, ctx.json, { erased: kind }, () => `Erased ${kind}: its records are gone from the vault, including free pages.`);
}
