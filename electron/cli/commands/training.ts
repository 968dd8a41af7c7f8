/**
 * Training commands: `train LEASE_ID`, `jobs`, `job show|cancel|send|discard ID`,
 * and `lease training LEASE_ID` for the per-lease review and ε settings.
 * The CLI only parses, calls the core's TrainingService and formats.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { emit } from '../io.js';
import { dirname } from 'node:path';
import { withVault } from './vault.js';
import type { JobView, TrainingService } from '../../core/training/index.js';

type Run = (fn: (ctx: CliContext) => Promise<void>) => Promise<void>;

/** Vault setting for tests and the demo: allow http:// and loopback/private task and result addresses. */
export const ALLOW_PRIVATE_SETTING = 'training.allowPrivateAddresses';

async function withTraining<T>(ctx: CliContext, fn: (t: TrainingService) => Promise<T>): Promise<T> {
  const [{ openLeaseRuntime }, { AuditLog }, training] = await Promise.all([
    import('../../core/leases/lease-runtime.js'),
    import('../../core/audit/index.js'),
    import('../../core/training/index.js'),
  ]);
  return withVault(ctx, async (vault) => {
    const audit = new AuditLog(vault, Date.now);
    const rt = await openLeaseRuntime({ vault, dataDir: dirname(ctx.vaultDir) /* as the lease commands: <data folder>/chain */, scheduler: false, audit });
    const service = new training.TrainingService({
      vault,
      audit,
      leases: rt.service,
      engine: training.defaultTrainingEngine,
      account: rt.chain.account,
      chain: { chainId: rt.chain.chainId, contract: rt.chain.contract, ctx: rt.chain.ctx },
      policy: { allowPrivate: vault.settings.get(ALLOW_PRIVATE_SETTING) === true },
    });
    try {
      return await fn(service);
    } finally {
      await service.stop('quit');
      await rt.stop();
    }
  });
}

const iso = (ms: number | null): string => (ms === null ? '—' : new Date(ms).toISOString().replace('.000Z', 'Z'));
const kib = (n: number | null): string => (n === null ? '—' : n < 10_240 ? `${n} B` : `${(n / 1024).toFixed(1)} KiB`);

function jobLine(j: JobView): string {
  const eps = j.epsilon === null ? '' : `  ε ${j.epsilon.toFixed(3)}`;
  return `${j.id}  lease ${j.leaseId}  ${j.state.padEnd(9)}  ${j.summary.taskName ?? ''}${eps}  ${iso(j.createdAt)}`;
}

function jobText(j: JobView): string {
  const s = j.summary;
  const lines = [
    `job ${j.id}: ${j.state}${j.review ? '' : ' (sent without review)'}`,
    `  lease        ${j.leaseId}`,
    `  task         ${s.taskName} (${j.taskHash})`,
    `  from         ${j.taskSource}`,
    `  model        ${s.params} parameters, ${s.layers.join(' → ')}; update ${kib(s.updateBytes)}`,
    `  data         ${s.datasets.join(', ')}; ${iso(s.from)} … ${iso(s.to)}; ${s.recordCount} records → ${s.examples} examples`,
    `  training     ${s.epochs} epochs, batch ${s.batchSize}; DP-SGD clip ${s.clipNorm}, noise ×${s.noiseMultiplier.toFixed(3)}, δ ${s.delta.toExponential(2)}`,
    `  privacy      ε ${j.epsilon === null ? `(planned ≤ ${s.epsilon.toFixed(3)})` : j.epsilon.toFixed(3)}`,
    `  result       ${j.resultBytes === null ? '—' : kib(j.resultBytes)} → ${j.destination ?? s.endpoint}`,
  ];
  if (j.progress) lines.push(`  progress     epoch ${j.progress.epoch}/${j.progress.epochs}, loss ${j.progress.loss.toFixed(4)}, ε ${j.progress.epsilonSpent.toFixed(3)}`);
  if (j.resultSha256) lines.push(`  sent         sha256 ${j.resultSha256}${j.deliveryTx ? `, recorded on chain in ${j.deliveryTx}` : ''}`);
  if (j.error) lines.push(`  note         ${j.error.message}`);
  if (j.state === 'review') lines.push('', `Review it, then send or discard it (job send ${j.id} / job discard ${j.id}).`);
  return lines.join('\n');
}

function bar(ctx: CliContext): { update: (text: string, frac: number) => void; done: () => void } {
  if (ctx.json || !ctx.io.stderr.isTTY) return { update: () => undefined, done: () => undefined };
  let drawn = false;
  return {
    update(text, frac) {
      const width = 30;
      const filled = Math.round(Math.min(1, Math.max(0, frac)) * width);
      ctx.io.stderr.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${text}\u001b[K`);
      drawn = true;
    },
    done() {
      if (drawn) ctx.io.stderr.write('\r\u001b[K');
    },
  };
}

export async function trainCommand(ctx: CliContext, leaseId: string, flags: { taskFile?: string }): Promise<void> {
  if (!/^[1-9][0-9]{0,77}$/.test(leaseId)) throw new UsageError('The lease id must be a positive whole number.', 'List your leases to see their ids.');
  const job = await withTraining(ctx, async (t) => {
    const b = bar(ctx);
    const { job, done } = await t.train(leaseId, {
      ...(flags.taskFile && { taskFile: flags.taskFile }),
      onProgress: (p) => b.update(`epoch ${p.epoch}/${p.epochs}  loss ${p.loss.toFixed(4)}  ${Math.round(p.samplesPerSecond)} samples/s  ε ${p.epsilonSpent.toFixed(3)}`, p.steps ? p.step / p.steps : 0),
    });
    if (!ctx.json) ctx.io.stderr.write(`training job ${job.id} started (lease ${leaseId})\n`);
    const onSignal = () => void t.cancel(job.id).catch(() => undefined);
    process.once('SIGINT', onSignal);
    try {
      return await done;
    } finally {
      process.off('SIGINT', onSignal);
      b.done();
    }
  });
  emit(ctx.io, ctx.json, job, () => jobText(job));
}

export async function jobsCommand(ctx: CliContext, flags: { limit?: string }): Promise<void> {
  const limit = Number(flags.limit ?? '100');
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError('--limit must be a whole number from 1 to 1000.');
  const jobs = await withTraining(ctx, (t) => Promise.resolve(t.list(limit)));
  emit(ctx.io, ctx.json, jobs, () => (jobs.length ? jobs.map(jobLine).join('\n') : 'No training jobs yet.'));
}

export async function jobCommand(ctx: CliContext, action: 'show' | 'cancel' | 'send' | 'discard', id: string, flags: { toFile?: string } = {}): Promise<void> {
  const job = await withTraining(ctx, (t): Promise<JobView> => {
    if (action === 'show') return Promise.resolve(t.get(id));
    if (action === 'discard') return Promise.resolve(t.discard(id));
    if (action === 'cancel') return t.cancel(id);
    return t.send(id, flags.toFile ? { toFile: flags.toFile } : {});
  });
  emit(ctx.io, ctx.json, job, () => jobText(job));
}

export async function leaseTrainingCommand(ctx: CliContext, leaseId: string, flags: { review?: string; maxEpsilon?: string }): Promise<void> {
  const update: { review?: boolean; maxEpsilonMilli?: number | null } = {};
  if (flags.review !== undefined) {
    if (flags.review !== 'on' && flags.review !== 'off') throw new UsageError('--review must be "on" or "off".');
    update.review = flags.review === 'on';
  }
  if (flags.maxEpsilon !== undefined) {
    const v = Number(flags.maxEpsilon);
    if (flags.maxEpsilon === 'none') update.maxEpsilonMilli = null;
    else if (!Number.isFinite(v) || v < 0 || v > 4_294_967) throw new UsageError('--max-epsilon must be a number ≥ 0 (or "none").');
    else update.maxEpsilonMilli = Math.floor(v * 1000);
  }
  const settings = await withTraining(ctx, (t) => Promise.resolve(Object.keys(update).length ? t.setLeaseSettings(leaseId, update) : t.leaseSettings(leaseId)));
  emit(ctx.io, ctx.json, settings, () =>
    `lease ${leaseId}: review ${settings.review ? 'on' : 'off'}; your ε cap ${settings.maxEpsilonMilli === null ? 'none (the lease’s budget applies)' : (settings.maxEpsilonMilli / 1000).toString()}`,
  );
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
    .option('--max-epsilon <ε>', 'your own privacy cap for this lease ("none" to remove)')
    .action((leaseId: string, flags: { review?: string; maxEpsilon?: string }) => run((ctx) => leaseTrainingCommand(ctx, leaseId, flags)));
}
