import type { Command } from 'commander';
import { computeEpsilon } from '../../core/wallet/index.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { emit } from '../io.js';

export interface PrivacyEpsilonFlags {
  n: string;
  batchSize: string;
  noiseMultiplier: string;
  epochs: string;
  delta: string;
}

function num(flag: string, raw: string): number {
  const v = raw.trim() === '' ? Number.NaN : Number(raw);
  if (!Number.isFinite(v)) throw new UsageError(`${flag} must be a number (got "${raw.slice(0, 40)}").`, 'Give it as a plain decimal number such as 1.1 or 1e-5.');
  return v;
}

/** `privacy epsilon`: the ε the wallet's accountant charges for a DP-SGD run. */
export async function privacyEpsilonCommand(ctx: CliContext, flags: PrivacyEpsilonFlags): Promise<void> {
  const r = computeEpsilon({
    n: num('--n', flags.n),
    batchSize: num('--batch-size', flags.batchSize),
    noiseMultiplier: num('--noise-multiplier', flags.noiseMultiplier),
    epochs: num('--epochs', flags.epochs),
    delta: num('--delta', flags.delta),
  });
  emit(ctx.io, ctx.json, { epsilon: r.epsilon }, () =>
    `ε = ${r.epsilon.toFixed(2)} (δ = ${flags.delta}; RDP order ${r.order}, ${r.steps} steps with Poisson sampling)`,
  );
}

/** Registers `privacy …` on the program. */
export function registerPrivacyCommands(program: Command, run: (fn: (ctx: CliContext) => Promise<void>) => Promise<void>): void {
  program
    .command('privacy')
    .description('differential privacy figures')
    .command('epsilon')
    .description('ε of DP-SGD (sampled Gaussian, RDP accountant) for N examples, batch size, noise multiplier, epochs and δ')
    .requiredOption('--n <n>', 'number of training examples N')
    .requiredOption('--batch-size <b>', 'expected batch size (sampling rate B/N)')
    .requiredOption('--noise-multiplier <s>', 'noise multiplier σ (noise std = σ·clip norm)')
    .requiredOption('--epochs <e>', 'epochs (steps = ceil(epochs·N/B))')
    .requiredOption('--delta <d>', 'δ (below 1/N)')
    .action((flags: PrivacyEpsilonFlags) => run((ctx) => privacyEpsilonCommand(ctx, flags)));
}
