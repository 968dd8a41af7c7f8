/**
 * One vault command in its own process, for the cross-process race harness
 * (test/e2e/vault-race.test.ts, scripts/vault-race-soak.ts). Waits `delayMs`,
 * runs the real core code on the vault and prints one JSON line with what it
 * reported: {"ok":true,…} or {"ok":false,"name":…,"code":…}.
 *
 * Usage: node --import tsx test/helpers/vault-race-child.ts <op> <dir> <delayMs> <passphrase> [<next passphrase>]
 *   op: rotate | passphrase | datasets
 */
import { unlockVault, type Vault, WrongPassphraseError } from '../../electron/core/vault/index.js';
import { TEST_OPTIONS } from './vault-fixtures.js';

const [op, dir, delay, pass, next] = process.argv.slice(2);
if (!op || !dir || !delay || !pass) throw new Error('usage: vault-race-child.ts <op> <dir> <delayMs> <passphrase> [<next>]');

const print = (line: object): void => void process.stdout.write(`${JSON.stringify(line)}\n`);

async function unlockWithEither(): Promise<Vault> {
  try {
    return await unlockVault(dir!, { passphrase: pass! }, TEST_OPTIONS);
  } catch (e) {
    if (e instanceof WrongPassphraseError && next) return unlockVault(dir!, { passphrase: next }, TEST_OPTIONS);
    throw e;
  }
}

async function run(): Promise<object> {
  await new Promise((r) => setTimeout(r, Number(delay)));
  if (op === 'datasets') {
    const vault = await unlockWithEither();
    try {
      return { ok: true, records: vault.listDatasets().reduce((n, d) => n + d.recordCount, 0), hasRecoveryKey: vault.hasRecoveryKey };
    } finally {
      vault.lock();
    }
  }
  const vault = await unlockVault(dir!, { passphrase: pass! }, TEST_OPTIONS);
  try {
    if (op === 'rotate') return { ok: true, recoveryKey: (await vault.rotateDataKey(pass!)).recoveryKey };
    if (op === 'passphrase') {
      await vault.changePassphrase(pass!, next!);
      return { ok: true };
    }
    throw new Error(`unknown op ${op}`);
  } finally {
    vault.lock();
  }
}

try {
  print(await run());
} catch (e) {
  const err = e as { name?: string; code?: string; message?: string };
  print({ ok: false, name: err.name ?? 'Error', code: err.code ?? null, message: err.name === 'Error' || err.name === 'TypeError' ? err.message : undefined });
}
