/**
 * The typed client for the wallet's contract: `walletClient(transport)` gives
 * `call('vault.unlock', { passphrase })` with inputs and outputs typed from
 * `apiCalls`, and rebuilds errors from their serialised form (pass the core's
 * class lookup to get the core's own classes back; otherwise errors come back
 * as RemoteWalletError with the same code, message and hint).
 */
import { errorFromSerialized, type WalletErrorClassLookup } from '../errors/serialize.js';
import { createApiClient, type ApiClient } from './client.js';
import { apiCalls, apiEvents, type ApiCalls, type ApiEvents } from './contract.js';
import type { ApiTransport } from './envelope.js';

export type WalletClient = ApiClient<ApiCalls, ApiEvents>;

export function walletClient(transport: ApiTransport, options: { errorClasses?: WalletErrorClassLookup } = {}): WalletClient {
  return createApiClient(apiCalls, apiEvents, transport, {
    toError: (error) => errorFromSerialized(error, options.errorClasses),
  });
}
