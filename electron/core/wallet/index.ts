/** The composition root: one wallet object per data folder. */
export { openWallet, Wallet, type OpenWalletOptions, type WalletChainOptions } from './wallet.js';
export { WalletEvents, type WalletEventPayload } from './events.js';
