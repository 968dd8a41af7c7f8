/**
 * A fresh random 256-bit request nonce. Nonces are single-use per requester on
 * the contract, so random ones never collide in practice and reveal nothing
 * about how many requests a requester has made.
 */
export function newLeaseNonce(): bigint {
  const bytes = new Uint8Array(32);
  globalThis.crypto.getRandomValues(bytes);
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}
