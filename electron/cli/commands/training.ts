/**
 * train, jobs, job show|cancel|send|discard, lease-training, task preview:
 * parse, call the wallet's API (training.*), format.
 */
import type { Command } from 'commander';
import type { z } from 'zod';
import type { TaskPreview, TrainingJob } from '../../../shared/domain/training.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { emit } from '../io.js';

type Run = (fn: (ctx: CliContext) => Promise<void>) => Promise<void>;

const iso = (ms: number | null): string => (ms === null ? '—' : new Date(ms).toISOString().replace('.000Z', 'Z'));
const size = (n: number | null): string => (n === null ? '—' : n < 10_240 ? `${n} B` : `${(n / 1024).toFixed(1)} KiB`);

function leaseIdArg(v: string): string {
  if (!/^[1-9][0-9]{0,77}$/.test(v)) throw new UsageError('The lease id must be a positive whole number.', 'List your leases to see their ids.');
  return v;
}

function jobIdArg(v: string): string {
  if (!/^job_[0-9a-f]{16}$/.test(v)) throw new UsageError('A job id looks like job_ followed by 16 hex digits.', 'List the training jobs to see their ids.');
  return v;
}

function jobLine(j: TrainingJob): string {
  const eps = j.epsilon === null ? '' : `  ε ${j.epsilon.toFixed(3)}`;
  return `${j.id}  lease ${j.leaseId}  ${j.state.padEnd(9)}  ${j.summary.taskName}${eps}  ${iso(j.createdAt)}`;
}

function jobText(j: TrainingJob): string {
  const s = j.summary;
  const lines = [
    `Training job ${j.id}: ${j.state}${j.review ? '' : ' (review off for this lease)'}`,
    `  lease        ${j.leaseId}`,
    `  task         ${s.taskName} (sha256 ${j.taskHash})`,
    `  from         ${j.taskSource}`,
    `  model        ${s.params} parameters: ${s.layers.join(' → ')}; update ${size(s.updateBytes)}`,
    `  data read    ${s.datasets.join(', ')}; ${iso(s.from)} … ${iso(s.to)}; ${s.recordCount} records → ${s.examples} examples`,
    `  training     ${s.epochs} epochs, batch ${s.batchSize}; DP-SGD clip ${s.clipNorm}, noise ×${s.noiseMultiplier.toFixed(3)}, δ ${s.delta.toExponential(2)}`,
    `  privacy      ε ${j.epsilon === null ? `— (planned ≤ ${s.epsilon.toFixed(3)})` : j.epsilon.toFixed(3)}`,
    `  result       ${size(j.resultBytes)} → ${j.destination ?? s.endpoint}`,
  ];
  if (j.progress) lines.push(`  progress     epoch ${j.progress.epoch}/${j.progress.epochs}, loss ${j.progress.loss.toFixed(4)}, ε ${j.progress.epsilonSpent.toFixed(3)}`);
  if (j.resultSha256) lines.push(`  sent         sha256 ${j.resultSha256}${j.deliveryTx ? `; recorded on the chain (${j.deliveryTx})` : ''}`);
  if (j.error) lines.push(`  note         ${j.error.message}`);
  if (j.state === 'review') lines.push('', `Nothing has left yet. Send it with: data-wallet job send ${j.id}   or drop it with: data-wallet job discard ${j.id}`);
  return lines.join('\n');
}

/** The task preview as text (also shown by `request inspect`). */
export function previewText(p: z.infer<typeof TaskPreview>): string {
  if (!p.ok) return [`The task would be refused (${p.code}${p.reason ? `: ${p.reason}` : ''}).`, `  ${p.message}`, ...(p.path ? [`  at ${p.path}`] : [])].join('\n');
  return [
    `Task "${p.taskName}" (sha256 ${p.taskHash})`,
    `  model        ${p.params} parameters: ${p.layers.map((l) => l.className).join(' → ')}`,
    `  would leave  a weight update of ${size(p.updateBytes)} (signed) to ${p.endpoint}`,
    `  would read   ${p.datasets.join(', ')}; ${iso(p.from)} … ${iso(p.to)}; ${p.recordCount} records → ${p.examples} examples`,
    `  training     ${p.epochs} epochs, batch ${p.batchSize}; noise ×${p.noiseMultiplier.toFixed(3)}, δ ${p.delta.toExponential(2)}`,
    `  privacy      ε ${p.epsilon.toFixed(3)} of ${p.maxEpsilon.toFixed(3)} allowed`,
  ].join('\n');
}

export async function trainCommand(ctx: CliContext, leaseId: string, flags: { taskFile?: string }): Promise<void> {
  await ctx.unlock();
  const showBar = !ctx.json && Boolean(ctx.io.stderr.isTTY);
  let drawn = false;
  const off = ctx.wallet.events.on('training.progress', ({ progress: p }) => {
    if (!showBar) return;
    const width = 30;
    const filled = Math.round(Math.min(1, p.steps ? p.step / p.steps : 0) * width);
    ctx.io.stderr.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] epoch ${p.epoch}/${p.epochs}  loss ${p.loss.toFixed(4)}  ${Math.round(p.samplesPerSecond)} samples/s  ε ${p.epsilonSpent.toFixed(3)}\u001b[K`);
    drawn = true;
  });
  try {
    const job = await ctx.call('training.train', { leaseId: leaseIdArg(leaseId), wait: true, ...(flags.taskFile && { taskFile: flags.taskFile }) });
    if (drawn) ctx.io.stderr.write('\r\u001b[K');
    emit(ctx.io, ctx.json, job, () => jobText(job));
  } finally {
    off();
  }
}

export async function jobsCommand(ctx: CliContext, flags: { limit?: string }): Promise<void> {
  const limit = Number(flags.limit ?? '100');
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError('--limit must be a whole number from 1 to 1000.');
  await ctx.unlock();
  const jobs = await ctx.call('training.jobs', { limit });
  emit(ctx.io, ctx.json, jobs, () => (jobs.length ? jobs.map(jobLine).join('\n') : 'No training jobs yet.'));
}

export async function jobCommand(ctx: CliContext, action: 'show' | 'cancel' | 'send' | 'discard', id: string, flags: { toFile?: string } = {}): Promise<void> {
  const jobId = jobIdArg(id);
  await ctx.unlock();
  const job =
    action === 'show'
      ? await ctx.call('training.job', { id: jobId })
      : action === 'cancel'
        ? await ctx.call('training.cancel', { id: jobId })
        : action === 'discard'
          ? await ctx.call('training.discard', { id: jobId })
          : await ctx.call('training.send', { id: jobId, ...(flags.toFile && { toFile: flags.toFile }) });
  emit(ctx.io, ctx.json, job, () => jobText(job));
}

export async function leaseTrainingCommand(ctx: CliContext, leaseId: string, flags: { review?: string; maxEpsilon?: string }): Promise<void> {
  const input: { leaseId: string; review?: boolean; maxEpsilonMilli?: number | null } = { leaseId: leaseIdArg(leaseId) };
  if (flags.review !== undefined) {
    if (flags.review !== 'on' && flags.review !== 'off') throw new UsageError('--review must be "on" or "off".');
    input.review = flags.review === 'on';
  }
  if (flags.maxEpsilon !== undefined) {
    const v = Number(flags.maxEpsilon);
    if (flags.maxEpsilon === 'none') input.maxEpsilonMilli = null;
    else if (flags.maxEpsilon.trim() === '' || !Number.isFinite(v) || v < 0 || v > 4_294_967) throw new UsageError('--max-epsilon must be a number ≥ 0, or "none".');
    else input.maxEpsilonMilli = Math.floor(v * 1000);
  }
  await ctx.unlock();
  const s = await ctx.call('training.leaseSettings', input);
  emit(ctx.io, ctx.json, s, () => `Lease ${leaseId}: review ${s.review ? 'on' : 'off'}; your ε cap ${s.maxEpsilonMilli === null ? 'none (the lease’s budget applies)' : String(s.maxEpsilonMilli / 1000)}`);
}

export async function taskPreviewCommand(ctx: CliContext, ref: string): Promise<void> {
  await ctx.unlock();
  const p = await ctx.call('training.preview', ref.startsWith('datawallet:') ? { link: ref } : { leaseId: leaseIdArg(ref) });
  emit(ctx.io, ctx.json, p, () => previewText(p));
}

export function registerTrainingCommands(program: Command, run: Run): void {
  program
    .command('train')
    .description('run a lease’s training task now (DP-SGD on the leased data; the result waits for your review)')
    .argument('<lease-id>')
    .option('--task-file <file>', 'load the task from this file instead of the lease’s task address')
    .action((leaseId: string, flags: { taskFile?: string }) => run((ctx) => trainCommand(ctx, leaseId, flags)));
  program
    .command('jobs')
    .description('list training jobs, newest first')
    .option('--limit <n>', 'at most this many (1–1000)', '100')
    .action((flags: { limit?: string }) => run((ctx) => jobsCommand(ctx, flags)));
  const job = program.command('job').description('one training job');
  job.command('show').argument('<id>').description('what the job trained and what would leave').action((id: string) => run((ctx) => jobCommand(ctx, 'show', id)));
  job.command('cancel').argument('<id>').description('stop a running job (nothing is sent)').action((id: string) => run((ctx) => jobCommand(ctx, 'cancel', id)));
  job
    .command('send')
    .argument('<id>')
    .description('send a reviewed result to the requester (or to a file) and record it on the chain')
    .option('--to-file <file>', 'save the signed result to this file instead of posting it')
    .action((id: string, flags: { toFile?: string }) => run((ctx) => jobCommand(ctx, 'send', id, flags)));
  job.command('discard').argument('<id>').description('delete a result without sending it').action((id: string) => run((ctx) => jobCommand(ctx, 'discard', id)));
  program
    .command('lease-training')
    .description('per-lease training settings: review before sending, your own ε cap')
    .argument('<lease-id>')
    .option('--review <on|off>', 'review results before they leave (default on)')
    .option('--max-epsilon <ε>', 'your own privacy cap for this lease ("none" to remove it)')
    .action((leaseId: string, flags: { review?: string; maxEpsilon?: string }) => run((ctx) => leaseTrainingCommand(ctx, leaseId, flags)));
  program
    .command('task')
    .description('training tasks')
    .command('preview')
    .argument('<link-or-lease-id>', 'a lease link (before approving) or a lease id')
    .description('fetch and check the task; show what it would read and what would leave (nothing is sent)')
    .action((ref: string) => run((ctx) => taskPreviewCommand(ctx, ref)));
}
