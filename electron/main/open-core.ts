/** The composition root as the shell needs it: the wallet for a data folder and its API router. */
import type { ApiTransport } from '../../shared/api/envelope.js';
import { createApiRouter } from '../core/api/index.js';
import { openWallet } from '../core/wallet/index.js';

export interface ShellCore {
  transport: ApiTransport;
  close(): Promise<void>;
}

export async function openCore(dataDir: string): Promise<ShellCore> {
  const wallet = await openWallet({ dataDir });
  return { transport: createApiRouter(wallet), close: () => wallet.close() };
}
