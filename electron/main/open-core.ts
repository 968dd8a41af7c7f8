/** The composition root as the shell needs it: the wallet for a data folder and its API router. */
import type { ApiTransport } from '../../shared/api/envelope.js';
import { createApiRouter } from '../core/api/index.js';
import { openWallet, type WalletHost } from '../core/wallet/index.js';

export interface ShellCore {
  transport: ApiTransport;
  close(): Promise<void>;
}

export async function openCore(dataDir: string, host?: WalletHost): Promise<ShellCore> {
  const wallet = await openWallet({ dataDir, ...(host && { host }) });
  return { transport: createApiRouter(wallet), close: () => wallet.close() };
}
