/**
 * One CLI run's wallet: opened on the vault folder (its data folder is the
 * parent, where the embedded chain lives), the chain started only by the
 * calls that need it, closed — chain stopped, vault locked — when the command
 * ends, whatever happens.
 */
import { dirname } from 'node:path';
import type { ApiCallName } from '../../shared/api/contract.js';
import type { ReconcileReport } from '../../shared/domain/leases.js';
import { errorFromSerialized } from '../../shared/errors/serialize.js';
import { coreErrorClasses, createApiRouter, openWallet } from '../core/wallet/index.js';
import type { CliContext } from './context.js';
import { PASSPHRASE, readSecret, type CliIo } from './io.js';

export interface SessionOptions {
  io: CliIo;
  vaultDir: string;
  json: boolean;
  debug: boolean;
}

/** What reconciling with the chain found, as notes on stderr. */
function reconcileNotes(r: ReconcileReport): string[] {
  return [
    ...r.found.map((id) => `note: lease ${id} was granted before the wallet stopped; it is now recorded.`),
    ...r.resubmitted.map((x) => `note: the chain had lost a lease; it was granted again as lease ${x.leaseId}.`),
    ...r.updated.map((id) => `note: lease ${id} was updated from the chain.`),
    ...r.missing.map((x) => `warning: a lease (request ${x.id.slice(0, 10)}…) is missing from the chain: ${x.reason}.`),
    ...r.unconfirmed.map((x) => `note: a transaction for request ${x.id.slice(0, 10)}… is not confirmed yet: ${x.reason}.`),
  ];
}

const NO_RECOVERY_KEY_WARNING = [
  '',
  '  WARNING: this vault has NO working recovery key (a key rotation was interrupted,',
  '  or the key file lost it). If you forget your passphrase, your data is lost.',
  '  Issue a new one now: data-wallet recovery-key new',
  '',
  '',
].join('\n');

export async function withSession<T>(options: SessionOptions, fn: (ctx: CliContext) => Promise<T>): Promise<T> {
  const { io, vaultDir } = options;
  const wallet = await openWallet({ dataDir: dirname(vaultDir), vaultDir, chain: { start: 'demand' } });
  let failure: unknown;
  const router = createApiRouter(wallet, { onError: (_call, e) => (failure = e) });
  const off = router.subscribe((e) => {
    if (e.event !== 'leases.reconciled') return;
    const { trigger, report } = e.payload as { trigger: string; report: ReconcileReport };
    if (trigger !== 'request') for (const line of reconcileNotes(report)) io.stderr.write(`${line}\n`);
  });
  const ctx: CliContext = {
    ...options,
    wallet,
    async call(name: ApiCallName, input: unknown) {
      failure = undefined;
      const result = await router.invoke(name, input);
      if (result.ok) return result.value as never;
      const error = errorFromSerialized(result.error, coreErrorClasses);
      // The original (with its stack) for --debug; it never leaves this process.
      if (failure !== undefined) Object.defineProperty(error, 'cause', { value: failure, enumerable: false });
      throw error;
    },
    async unlock() {
      const passphrase = await readSecret(io, PASSPHRASE);
      const status = await ctx.call('vault.unlock', { passphrase });
      if (status.recoveryKeyWorks === false) io.stderr.write(NO_RECOVERY_KEY_WARNING);
    },
  };
  try {
    return await fn(ctx);
  } finally {
    off();
    await wallet.close();
  }
}
