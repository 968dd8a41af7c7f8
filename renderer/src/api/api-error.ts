/**
 * Errors from the wallet arrive rebuilt by the shared client as WalletErrors
 * (RemoteWalletError for the renderer, which has no core classes): stable
 * `code`, the core's `shortMessage`, `hint` and `details`.
 */
import { WalletError } from '../../../shared/errors/wallet-error.js';

export { WalletError as ApiError };

export function errorCode(e: unknown): string | null {
  return e instanceof WalletError ? e.code : null;
}
