/**
 * Real processes racing on one vault's key file (see test/helpers/vault-race.ts).
 * A few iterations here; `npm run soak:vault-race` runs many more.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createVault } from '../../electron/core/vault/index.js';
import { type IterationOutcome, raceIteration, type RaceState, tally } from '../helpers/vault-race.js';
import { batchesOf, minuteSeries, PASSPHRASE, tempVaultDir, TEST_OPTIONS } from '../helpers/vault-fixtures.js';

const RECORDS = 30_000;
let state: RaceState;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const t = await tempVaultDir();
  cleanup = t.cleanup;
  const { vault, recoveryKey } = await createVault(t.dir, PASSPHRASE, TEST_OPTIONS);
  await vault.importRecords({ fileName: 'a.csv', format: 'csv' }, batchesOf(minuteSeries(RECORDS), 5000));
  vault.lock();
  state = { dir: t.dir, passphrase: PASSPHRASE, recoveryKey, records: RECORDS };
});
afterAll(() => cleanup());

it('rotate-key, passphrase change and readers in parallel processes: every report stays true', async () => {
  const outcomes: IterationOutcome[] = [];
  for (let i = 0; i < 3; i++) outcomes.push(await raceIteration(state, i, { readers: 3, maxDelayMs: 600 }));
  console.log('vault race', JSON.stringify(tally(outcomes)));
  expect(outcomes.flatMap((o) => o.violations)).toEqual([]);
}, 240_000);
