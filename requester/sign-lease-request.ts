import type { Hex, LocalAccount } from 'viem';
import { leaseRequestTypedData, type LeaseDomainParams } from '../shared/lease/eip712.js';
import { parseLeaseRequestMessage, type LeaseRequestMessage } from '../shared/lease/request.js';
import { signatureDefect } from '../shared/lease/signature.js';

/** Anything that can sign EIP-712 typed data the way viem accounts do (local key, JSON-RPC wallet via a wrapper, KMS…). */
export type TypedDataSigner = Pick<LocalAccount, 'address' | 'signTypedData'>;

export interface SignedLeaseRequest extends LeaseDomainParams {
  message: LeaseRequestMessage;
  signature: Hex;
}

/**
 * Validates `message` against the protocol's rules (the same ones the wallet
 * decodes links with), checks it names the signing account as requester, and
 * signs it. Throws LeaseLinkError for a message the wallet would refuse.
 */
export async function signLeaseRequest(
  account: TypedDataSigner,
  domain: LeaseDomainParams,
  message: LeaseRequestMessage,
): Promise<SignedLeaseRequest> {
  const checked = parseLeaseRequestMessage(message);
  if (checked.requester.toLowerCase() !== account.address.toLowerCase()) {
    throw new Error(`signLeaseRequest: message.requester ${checked.requester} is not the signing account ${account.address}`);
  }
  const signature = await account.signTypedData(leaseRequestTypedData(domain, checked));
  if (signatureDefect(signature) !== null) {
    throw new Error('signLeaseRequest: the signer returned a non-canonical signature (expected 65 bytes, v 27/28, low s)');
  }
  return { chainId: domain.chainId, verifyingContract: domain.verifyingContract, message: checked, signature };
}
