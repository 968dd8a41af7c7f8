import { dirname, resolve } from 'node:path';
import { forwardLink } from '../../core/wallet/index.js';
import type { CliContext } from '../context.js';
import { emit } from '../io.js';

/**
 * `data-wallet open-link 'datawallet://…'`: hands a lease link to the running
 * app (desktop or browser mode) that owns this data folder, which verifies it
 * and shows the consent prompt. The data folder is the vault folder's parent.
 */
export async function openLinkCommand(ctx: CliContext, link: string): Promise<void> {
  await forwardLink(dirname(resolve(ctx.vaultDir)), link);
  emit(ctx.io, ctx.json, { forwarded: true }, () => 'The link was handed to the running Data Wallet; review the request there.');
}
