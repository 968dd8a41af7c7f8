/**
 * The composition root: one wallet object per data folder — and the entry
 * front ends (Electron main, browser mode, the CLI) import: the wallet, its
 * router, and where the data folder is by default.
 */
export { openWallet, Wallet, type KeychainAccess, type OpenWalletOptions, type WalletChainOptions, type WalletHost } from './wallet.js';
export { WalletEvents, type WalletEventPayload } from './events.js';
export { createApiRouter, type ApiRouter, type ApiRouterOptions } from '../api/router.js';
export { coreErrorClasses } from '../error-classes.js';
export { defaultDataDir, defaultVaultDir } from '../paths.js';
export { forwardLink, listenForLinks, type LinkSocket } from '../instance/link-socket.js';
