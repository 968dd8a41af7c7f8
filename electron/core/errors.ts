/**
 * The WalletError base now lives in shared/errors (it crosses transports with
 * a stable code). Re-exported here so core code keeps importing it from its
 * usual place.
 */
export { WalletError, isWalletError } from '../../shared/errors/wallet-error.js';
export type { WalletErrorParameters, WalletErrorContext } from '../../shared/errors/wallet-error.js';
