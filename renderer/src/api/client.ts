/** The renderer's typed client over whichever transport was picked. */
import { createApiClient, type ApiClient } from '../../../shared/api/client.js';
import type { ApiTransport } from '../../../shared/api/envelope.js';
import { apiCalls, apiEvents } from '../../../shared/api/contract.js';
import { ApiError } from './api-error.js';

export type WalletCalls = typeof apiCalls;
export type WalletEvents = typeof apiEvents;
export type WalletClient = ApiClient<WalletCalls, WalletEvents>;

export function createWalletClient(transport: ApiTransport): WalletClient {
  return createApiClient(apiCalls, apiEvents, transport, { toError: (e) => new ApiError(e) });
}
