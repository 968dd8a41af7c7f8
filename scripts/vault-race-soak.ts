/**
 * Longer run of the cross-process key-file race harness (the test suite runs
 * three iterations): `npm run soak:vault-race -- [iterations] [records]`.
 * Prints the tally of what the processes reported and every violation; exits
 * 1 if there was any.
 */
import { createVault } from '../electron/core/vault/index.js';
import { type IterationOutcome, raceIteration, type RaceState, tally } from '../test/helpers/vault-race.js';
import { batchesOf, minuteSeries, PASSPHRASE, tempVaultDir, TEST_OPTIONS } from '../test/helpers/vault-fixtures.js';

const iterations = Number(process.argv[2] ?? 30);
const records = Number(process.argv[3] ?? 100_000);
const t = await tempVaultDir();
try {
  const { vault, recoveryKey } = await createVault(t.dir, PASSPHRASE, TEST_OPTIONS);
  await vault.importRecords({ fileName: 'soak.csv', format: 'csv' }, batchesOf(minuteSeries(records), 10_000));
  vault.lock();
  const state: RaceState = { dir: t.dir, passphrase: PASSPHRASE, recoveryKey, records };
  const outcomes: IterationOutcome[] = [];
  const started = Date.now();
  for (let i = 0; i < iterations; i++) {
    const o = await raceIteration(state, i, { readers: 5, maxDelayMs: 1500 });
    outcomes.push(o);
    process.stdout.write(`${i + 1}/${iterations} rotate=${o.rotate} passphrase=${o.passphrase} readers=${o.readers.join(',')}${o.violations.length ? ` VIOLATIONS: ${o.violations.join('; ')}` : ''}\n`);
  }
  console.log(`${iterations} iterations, ${records} records, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(JSON.stringify(tally(outcomes), null, 1));
  process.exitCode = outcomes.some((o) => o.violations.length > 0) ? 1 : 0;
} finally {
  await t.cleanup();
}
