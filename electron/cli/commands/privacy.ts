/** privacy epsilon: parse, call `privacy.epsilon`, format. */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { fromFlags } from '../errors.js';
import { emit } from '../io.js';

export interface PrivacyEpsilonFlags {
  n: string;
  batchSize: string;
  noiseMultiplier: string;
  epochs: string;
  delta: string;
}

const num = (raw: string): number => (raw.trim() === '' ? Number.NaN : Number(raw));

/** `privacy epsilon`: the ε the wallet's accountant charges for a DP-SGD run. */
export async function privacyEpsilonCommand(ctx: CliContext, flags: PrivacyEpsilonFlags): Promise<void> {
  const source = (flag: string, raw: string, expects: string, example: string) => ({ flag, raw, expects, hint: `Give it as a plain number such as ${example}.` });
  const r = await fromFlags(
    {
      n: source('--n', flags.n, 'a whole number above 0', '60000'),
      batchSize: source('--batch-size', flags.batchSize, 'a whole number above 0', '256'),
      noiseMultiplier: source('--noise-multiplier', flags.noiseMultiplier, 'a number from 0.01 to 10000', '1.1'),
      epochs: source('--epochs', flags.epochs, 'a number above 0 and at most 1000000', '60'),
      delta: source('--delta', flags.delta, 'a number between 0 and 1', '1e-5'),
    },
    () =>
      ctx.call('privacy.epsilon', {
        n: num(flags.n),
        batchSize: num(flags.batchSize),
        noiseMultiplier: num(flags.noiseMultiplier),
        epochs: num(flags.epochs),
        delta: num(flags.delta),
      }),
  );
  emit(ctx.io, ctx.json, { epsilon: r.epsilon }, () => `ε = ${r.epsilon.toFixed(2)} (δ = ${flags.delta}; RDP order ${r.order}, ${r.steps} steps with Poisson sampling)`);
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
