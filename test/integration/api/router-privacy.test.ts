/** privacy.* through the router, as every front end calls it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiWallet, type ApiWallet } from '../../helpers/api-wallet.js';

let w: ApiWallet;
beforeAll(async () => {
  w = await openApiWallet({ create: false, chain: { start: 'demand' } });
});
afterAll(() => w?.close());

describe('privacy.epsilon', () => {
  it('returns TensorFlow Privacy\'s ε for the MNIST reference run, without a vault', async () => {
    const result = await w.router.invoke('privacy.epsilon', { n: 60000, batchSize: 256, noiseMultiplier: 1.12, epochs: 60, delta: 1e-5 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const v = result.value as { epsilon: number; order: number; steps: number };
    expect(Math.abs(v.epsilon - 2.92)).toBeLessThan(0.01);
    expect(v).toMatchObject({ order: 9.1, steps: 14063 });
  });

  it('a batch larger than the data is TRAINING_SETTINGS_INVALID, naming both numbers', async () => {
    const result = await w.router.invoke('privacy.epsilon', { n: 100, batchSize: 256, noiseMultiplier: 1, epochs: 1, delta: 1e-5 });
    expect(result).toMatchObject({ ok: false, error: { code: 'TRAINING_SETTINGS_INVALID' } });
    if (!result.ok) expect(result.error.message).toContain('the batch size (256) is larger than the number of examples (100)');
  });
});
