/** init, passphrase change, recover, rotate-key: parse, call, format. */
import type { CliContext } from '../context.js';
import { emit, NEW_PASSPHRASE, PASSPHRASE, readSecret, RECOVERY_KEY } from '../io.js';

export function recoveryKeyNotice(recoveryKey: string): string {
  return [
    '',
    '  Your recovery key (shown this once — write it down and keep it offline):',
    '',
    `      ${recoveryKey}`,
    '',
    '  It opens the vault if you forget your passphrase. Anyone holding it and',
    '  your vault files can read your data.',
    '',
  ].join('\n');
}

export async function initCommand(ctx: CliContext): Promise<void> {
  const passphrase = await readSecret(ctx.io, { ...PASSPHRASE, prompt: 'Choose a passphrase (8+ characters): ', confirm: true });
  const { recoveryKey, account } = await ctx.call('vault.create', { passphrase });
  emit(ctx.io, ctx.json, { vault: ctx.vaultDir, recoveryKey, account }, () =>
    [`Created an encrypted vault in ${ctx.vaultDir}`, `Your wallet account is ${account}.`, recoveryKeyNotice(recoveryKey)].join('\n'),
  );
}

export async function changePassphraseCommand(ctx: CliContext): Promise<void> {
  const current = await readSecret(ctx.io, { ...PASSPHRASE, prompt: 'Current passphrase: ' });
  await ctx.call('vault.unlock', { passphrase: current });
  const next = await readSecret(ctx.io, NEW_PASSPHRASE);
  const result = await ctx.call('vault.changePassphrase', { current, next });
  emit(ctx.io, ctx.json, result, () => 'Passphrase changed. Your data was not re-encrypted; the recovery key still works.');
}

export async function recoverCommand(ctx: CliContext): Promise<void> {
  const recoveryKey = await readSecret(ctx.io, RECOVERY_KEY);
  // Check the recovery key before asking for a new passphrase.
  await ctx.call('vault.verifyRecoveryKey', { recoveryKey });
  const newPassphrase = await readSecret(ctx.io, NEW_PASSPHRASE);
  const result = await ctx.call('vault.recover', { recoveryKey, newPassphrase });
  emit(ctx.io, ctx.json, result, () => 'Vault recovered: your new passphrase now unlocks it.');
}

export async function rotateKeyCommand(ctx: CliContext): Promise<void> {
  const passphrase = await readSecret(ctx.io, PASSPHRASE);
  await ctx.call('vault.unlock', { passphrase });
  const result = await ctx.call('vault.rotateKey', { passphrase });
  emit(ctx.io, ctx.json, result, () =>
    ['Data key rotated: the database is re-encrypted and your old recovery key no longer works.', recoveryKeyNotice(result.recoveryKey)].join('\n'),
  );
}
