/** `data-wallet privacy epsilon` as a user runs it (the built binary, no vault needed). */
import { describe, expect, it } from 'vitest';
import { runCliProcess } from '../helpers/cli.js';

const REF = ['--n', '60000', '--batch-size', '256', '--noise-multiplier', '1.12', '--epochs', '60', '--delta', '1e-5'];

describe('data-wallet privacy epsilon', () => {
  it('prints TensorFlow Privacy\'s ε for the MNIST reference run', async () => {
    const human = await runCliProcess(['privacy', 'epsilon', ...REF]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^ε = 2\.92 \(δ = 1e-5; RDP order 9\.1, 14063 steps/);
    const json = await runCliProcess(['privacy', 'epsilon', ...REF, '--json']);
    expect(json.code).toBe(0);
    const { epsilon } = JSON.parse(json.stdout) as { epsilon: number };
    expect(Math.abs(epsilon - 2.92)).toBeLessThan(0.01);
  });

  it('refuses a value that is not a number, or a batch larger than the data, with one line', async () => {
    const bad = await runCliProcess(['privacy', 'epsilon', ...REF.slice(0, 2), '--batch-size', 'lots', ...REF.slice(4)]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('error: --batch-size "lots" is not a whole number above 0. Give it as a plain number such as 256.\n');
    const delta = await runCliProcess(['privacy', 'epsilon', ...REF.slice(0, 8), '--delta', '2']);
    expect(delta.code).toBe(2);
    expect(delta.stderr).toBe('error: --delta "2" is not a number between 0 and 1. Give it as a plain number such as 1e-5.\n');
    const big = await runCliProcess(['privacy', 'epsilon', '--n', '100', ...REF.slice(2)]);
    expect(big.code).toBe(1);
    expect(big.stderr).toMatch(/^error: Training settings are invalid: the batch size \(256\) is larger than the number of examples \(100\)\./);
    const missing = await runCliProcess(['privacy', 'epsilon', '--n', '100']);
    expect(missing.code).toBe(2);
  });
});
