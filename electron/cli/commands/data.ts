/** import, datasets, records, export, erase: parse, call, format. */
import { basename } from 'node:path';
import type { DatasetSummary, ImportFormat, ImportProgress } from '../../../shared/domain/record.js';
import type { RecordsPage } from '../../../shared/domain/vault.js';
import type { CliContext } from '../context.js';
import { ConfirmationRequiredError, fromFlags, UsageError } from '../errors.js';
import { iso, table } from '../format.js';
import { emit } from '../io.js';
import { progressBar } from '../progress.js';
import { parseTimeArg } from '../time-arg.js';

export interface ImportFlags {
  format: 'auto' | ImportFormat;
  kind?: string;
  timestamp?: string;
  timestampEnd?: string;
  value?: string[];
  unit?: string;
  timeFormat?: 'auto' | 'iso' | 'epoch-s' | 'epoch-ms';
}

export async function importCommand(ctx: CliContext, file: string, flags: ImportFlags): Promise<void> {
  await ctx.unlock();
  const bar = progressBar(ctx.io, `Importing ${basename(file)}`);
  const offProgress = ctx.wallet.events.on('data.importProgress', (p) => bar.update(p as ImportProgress));
  const onSigint = (): void => void ctx.call('data.cancelImport', {}).catch(() => undefined);
  process.once('SIGINT', onSigint);
  try {
    const result = await fromFlags({ 'mapping.kind': { flag: '--kind', raw: flags.kind } }, () =>
      ctx.call('data.import', {
        path: file,
        format: flags.format,
        mapping: {
          ...(flags.kind !== undefined && { kind: flags.kind }),
          ...(flags.timestamp !== undefined && { timestamp: flags.timestamp }),
          ...(flags.timestampEnd !== undefined && { timestampEnd: flags.timestampEnd }),
          ...(flags.value !== undefined && { values: flags.value }),
          ...(flags.unit !== undefined && { unit: flags.unit }),
          ...(flags.timeFormat !== undefined && { timeFormat: flags.timeFormat }),
        },
      }),
    );
    bar.done();
    emit(ctx.io, ctx.json, result, () =>
      `Imported ${result.added.toLocaleString('en-US')} new records from ${result.fileName} (${result.format})` +
      (result.skipped ? `; ${result.skipped.toLocaleString('en-US')} were already in the vault` : '') +
      (result.duplicates ? `; ${result.duplicates.toLocaleString('en-US')} repeated within the ${result.files ? 'archive' : 'file'} were stored once` : '') +
      ` in ${result.seconds.toFixed(1)} s.` +
      filesLines(result.files) +
      countsLine('Repaired', result.repaired ?? {}) +
      countsLine('Not imported', result.notImported ?? {}),
    );
  } catch (e) {
    bar.done();
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
    offProgress();
  }
}

/** One line per file of an archive: its path, records read and repeats within the import. */
function filesLines(files: { name: string; records: number; duplicates: number }[] | undefined): string {
  if (!files || files.length === 0) return '';
  const rows = files.map(
    (f) => `  ${f.name}: ${f.records.toLocaleString('en-US')} record${f.records === 1 ? '' : 's'}${f.duplicates ? ` (${f.duplicates.toLocaleString('en-US')} repeated)` : ''}`,
  );
  return `\nFiles (${files.length}):\n${rows.join('\n')}`;
}

/** `\nRepaired: control characters replaced 3, …` or '' when there is nothing to say. */
function countsLine(label: string, counts: Record<string, number>): string {
  const parts = Object.entries(counts).map(([what, n]) => `${what} ${n.toLocaleString('en-US')}`);
  return parts.length ? `\n${label}: ${parts.join(', ')}` : '';
}

function datasetTable(rows: DatasetSummary[]): string {
  if (rows.length === 0) return 'The vault holds no datasets yet. Add some with: data-wallet import FILE';
  return table(
    ['KIND', 'RECORDS', 'FROM', 'TO', 'UNIT', 'SOURCE'],
    rows.map((d) => [d.kind, d.recordCount.toLocaleString('en-US'), iso(d.from), iso(d.to), d.unit ?? '', d.source ?? '']),
  );
}

export async function datasetsCommand(ctx: CliContext): Promise<void> {
  await ctx.unlock();
  const rows = await ctx.call('data.datasets', {});
  emit(ctx.io, ctx.json, rows, () => datasetTable(rows));
}

export interface RecordsFlags {
  from?: string;
  to?: string;
  limit?: string;
}

function recordLine(r: RecordsPage['records'][number]): string {
  const value = [r.valueNum ?? undefined, r.valueText ?? undefined].filter((v) => v !== undefined).join(' ');
  const span = r.tEnd === r.tStart ? iso(r.tStart) : `${iso(r.tStart)} → ${iso(r.tEnd)}`;
  return [span, value, r.unit ?? '', r.source ? `(${r.source})` : ''].filter(Boolean).join('  ');
}

export async function recordsCommand(ctx: CliContext, kind: string, flags: RecordsFlags): Promise<void> {
  const from = flags.from === undefined ? undefined : parseTimeArg('--from', flags.from);
  const to = flags.to === undefined ? undefined : parseTimeArg('--to', flags.to);
  const limit = flags.limit === undefined ? undefined : Number(flags.limit.trim() || NaN);
  await ctx.unlock();
  const page = await fromFlags({ limit: { flag: '--limit', raw: flags.limit } }, () =>
    ctx.call('data.records', { kind, ...(limit !== undefined && { limit }), ...(from !== undefined && { from }), ...(to !== undefined && { to }) }),
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
  await ctx.unlock();
  const opts = { format: flags.format, ...(kind !== undefined && { kind }) };
  if (!flags.output || flags.output === '-') {
    // A stream, which no JSON call carries: straight from the unlocked vault to standard output.
    await ctx.wallet.vault.exportTo(ctx.io.stdout, opts);
    return;
  }
  const { path } = await ctx.call('data.export', { ...opts, path: flags.output });
  if (ctx.json) emit(ctx.io, true, { output: path }, () => '');
  else ctx.io.stderr.write(`Exported to ${path}. It is NOT encrypted: keep it somewhere safe.\n`);
}

export async function eraseCommand(ctx: CliContext, kind: string, flags: { yes?: boolean }): Promise<void> {
  if (!flags.yes) throw new ConfirmationRequiredError(`erase the dataset "${kind}"`, '--yes');
  await ctx.unlock();
  const r = await ctx.call('data.erase', { kind });
  const what = `Erased ${r.erased} (${r.recordsErased.toLocaleString('en-US')} records): they are gone from the vault's tables`;
  emit(ctx.io, ctx.json, r, () =>
    r.freePages === 'wiped'
      ? `${what}, and wiped from its free pages.`
      : r.freePages === 'pending'
        ? `${what}. Old copies in free pages of vault.db could NOT be wiped yet, because another program is reading the vault; they will be when the vault is next locked while no other program has it open.`
        : `${what}. Compacting the database failed (${r.compactionError ?? 'error'}), so old copies may remain in free pages of vault.db; the vault may be damaged: restore it from a backup or check it.`,
  );
}
