/** The renderer's typed client over whichever transport was picked: the shared wallet client (errors rebuilt with their codes). */
import type { ApiTransport } from '../../../shared/api/envelope.js';
import { walletClient, type WalletClient } from '../../../shared/api/wallet-client.js';

export type { WalletClient };

export function createWalletClient(transport: ApiTransport): WalletClient {
  return walletClient(transport);
}
