/**
 * Signature format and verification. The contract accepts exactly what
 * `isCanonicalSignature` accepts (65 bytes r‖s‖v, v ∈ {27, 28}, s in the lower
 * half of the curve order), so a link that verifies here can also be granted.
 */
import { recoverTypedDataAddress, verifyTypedData, type Address, type Hex } from 'viem';
import { z } from 'zod';
import { leaseRequestTypedData, type LeaseDomainParams } from './eip712.js';
import type { LeaseRequestMessage } from './request.js';

/** secp256k1n / 2 */
const SECP256K1_HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;
const SIGNATURE_HEX = /^0x[0-9a-fA-F]{130}$/;

export type SignatureDefect = 'format' | 'v' | 's';

/** Why a signature is not in the one form the contract accepts, or null if it is. */
export function signatureDefect(signature: string): SignatureDefect | null {
  if (!SIGNATURE_HEX.test(signature)) return 'format';
  const s = BigInt(`0x${signature.slice(66, 130)}`);
  const v = Number.parseInt(signature.slice(130, 132), 16);
  if (v !== 27 && v !== 28) return 'v';
  if (s > SECP256K1_HALF_N) return 's';
  return null;
}

export function isCanonicalSignature(signature: string): signature is Hex {
  return signatureDefect(signature) === null;
}

export const signatureString = z.string().superRefine((value, ctx) => {
  const defect = signatureDefect(value);
  if (defect === null) return;
  const message =
    defect === 'format'
      ? 'must be 0x followed by 65 bytes of hex (r, s, v)'
      : defect === 'v'
        ? 'must end in a recovery byte of 1b or 1c (v = 27 or 28)'
        : 'must use the low-s form (EIP-2)';
  ctx.addIssue({ code: 'custom', message, params: { linkCode: 'LINK_SIGNATURE_FORMAT' } });
});

export interface LeaseRequestSignatureParams extends LeaseDomainParams {
  message: LeaseRequestMessage;
  signature: Hex;
}

/**
 * True when `signature` is a canonical EIP-712 signature of `message` under the
 * lease domain by `message.requester` (an externally owned account). Never
 * throws: malformed input is simply not a valid signature.
 */
export async function verifyLeaseRequestSignature(params: LeaseRequestSignatureParams): Promise<boolean> {
  if (!isCanonicalSignature(params.signature)) return false;
  try {
    return await verifyTypedData({
      ...leaseRequestTypedData(params, params.message),
      address: params.message.requester,
      signature: params.signature,
    });
  } catch {
    return false;
  }
}

/** The address that signed the request, for "signed by X, not by the requester" messages; null if unrecoverable. */
export async function recoverLeaseRequestSigner(params: LeaseRequestSignatureParams): Promise<Address | null> {
  if (!isCanonicalSignature(params.signature)) return null;
  try {
    return await recoverTypedDataAddress({
      ...leaseRequestTypedData(params, params.message),
      signature: params.signature,
    });
  } catch {
    return null;
  }
}
