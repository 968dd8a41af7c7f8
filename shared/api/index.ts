/** The wallet's API contract and what every transport and client shares. */
export * from './define.js';
export * from './envelope.js';
export * from './client.js';
export * from './contract.js';
export * from './wallet-client.js';
