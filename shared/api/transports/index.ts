/** Client transports over which the renderer reaches the wallet. */
export * from './errors.js';
export * from './http-protocol.js';
export * from './http-client.js';
export * from './validate-input.js';
export * from './renderer-transport.js';
