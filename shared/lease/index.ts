/** The lease protocol shared by the wallet, its UI and requesters: message schema, EIP-712 definitions, deep links. */
export * from './errors.js';
export * from './request.js';
export * from './eip712.js';
export * from './signature.js';
export * from './link.js';
export { encodeBase64Url, decodeBase64Url } from './base64url.js';
export { parseStrictJson, findDuplicateKey } from './strict-json.js';
export * from './purposes.js';
export * from './consent-receipt.js';
export * from './on-chain-lease.js';
export * from './token-amount.js';
export * from './token-symbol.js';
