import type { CliContext } from '../context.js';
import { emit, PASSPHRASE, readSecret } from '../io.js';
import { recoveryKeyNotice } from './vault.js';

/** `recovery-key new`: replaces the recovery key (the old one, if any, stops working). */
export async function newRecoveryKeyCommand(ctx: CliContext): Promise<void> {
  const passphrase = await readSecret(ctx.io, PASSPHRASE);
  await ctx.call('vault.unlock', { passphrase });
  const { recoveryKey } = await ctx.call('vault.issueRecoveryKey', { passphrase });
  emit(ctx.io, ctx.json, { recoveryKey }, () =>
    ['New recovery key issued: any earlier recovery key no longer opens this vault.', recoveryKeyNotice(recoveryKey)].join('\n'),
  );
}
