import { createVault, recoverVault, unlockVault, type Vault } from '../../core/vault/index.js';
import type { CliContext } from '../context.js';
import { emit, NEW_PASSPHRASE, PASSPHRASE, readSecret, RECOVERY_KEY } from '../io.js';

/** Unlocks the vault with the passphrase, runs `fn`, and always locks again. */
export async function withVault<T>(ctx: CliContext, fn: (vault: Vault) => Promise<T> | T): Promise<T> {
  const passphrase = await readSecret(ctx.io, PASSPHRASE);
  const vault = await unlockVault(ctx.vaultDir, { passphrase });
  try {
    return await fn(vault);
  } finally {
    vault.lock();
  }
}

function recoveryKeyNotice(recoveryKey: string): string {
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
  const { vault, recoveryKey } = await createVault(ctx.vaultDir, passphrase);
  let account: string;
  try {
    // The wallet's own account (owner of its leases): its key lives only in the vault.
    const { ensureWalletAccount } = await import('../../core/leases/wallet-account.js');
    account = ensureWalletAccount(vault).address;
  } finally {
    vault.lock();
  }
  emit(ctx.io, ctx.json, { vault: ctx.vaultDir, recoveryKey, account }, () =>
    [`Created an encrypted vault in ${ctx.vaultDir}`, `Your wallet account is ${account}.`, recoveryKeyNotice(recoveryKey)].join('\n'),
  );
}

export async function changePassphraseCommand(ctx: CliContext): Promise<void> {
  const current = await readSecret(ctx.io, { ...PASSPHRASE, prompt: 'Current passphrase: ' });
  const vault = await unlockVault(ctx.vaultDir, { passphrase: current });
  try {
    const next = await readSecret(ctx.io, NEW_PASSPHRASE);
    await vault.changePassphrase(current, next);
  } finally {
    vault.lock();
  }
  emit(ctx.io, ctx.json, { changed: true }, () => 'Passphrase changed. Your data was not re-encrypted; the recovery key still works.');
}

export async function recoverCommand(ctx: CliContext): Promise<void> {
  const recoveryKey = await readSecret(ctx.io, RECOVERY_KEY);
  // Check the recovery key before asking for a new passphrase.
  (await unlockVault(ctx.vaultDir, { recoveryKey })).lock();
  const next = await readSecret(ctx.io, NEW_PASSPHRASE);
  const vault = await recoverVault(ctx.vaultDir, recoveryKey, next);
  vault.lock();
  emit(ctx.io, ctx.json, { recovered: true }, () => 'Vault recovered: your new passphrase now unlocks it.');
}

export async function rotateKeyCommand(ctx: CliContext): Promise<void> {
  const passphrase = await readSecret(ctx.io, PASSPHRASE);
  const vault = await unlockVault(ctx.vaultDir, { passphrase });
  let recoveryKey: string;
  try {
    ({ recoveryKey } = await vault.rotateDataKey(passphrase));
  } finally {
    vault.lock();
  }
  emit(ctx.io, ctx.json, { rotated: true, recoveryKey }, () =>
    ['Data key rotated: the database is re-encrypted and your old recovery key no longer works.', recoveryKeyNotice(recoveryKey)].join('\n'),
  );
}
