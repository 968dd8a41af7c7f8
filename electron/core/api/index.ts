/** The API router: the contract of shared/api implemented on a wallet. The entry front ends use. */
export { createApiRouter, apiHandlers, type ApiRouter, type ApiRouterOptions } from './router.js';
export type { ApiHandler, ApiHandlers, CallInput, CallOutput } from './handler.js';
