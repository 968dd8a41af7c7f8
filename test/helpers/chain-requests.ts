/** Sample lease requests and signing helpers shared by the lease-protocol and chain tests. */
import { privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import { zeroAddress, type Address, type Hex } from 'viem';
import { leaseRequestTypes, type LeaseDomainParams } from '../../shared/lease/eip712.js';
import type { LeaseRequestMessage } from '../../shared/lease/request.js';

// Fixed keys so failures reproduce; never used outside tests.
export const REQUESTER_KEY: Hex = '0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba';
export const OWNER_KEY: Hex = '0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356';
export const OTHER_KEY: Hex = '0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97';
export const THIRD_KEY: Hex = '0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6';

export const requesterAccount: PrivateKeyAccount = privateKeyToAccount(REQUESTER_KEY);
export const ownerAccount: PrivateKeyAccount = privateKeyToAccount(OWNER_KEY);
export const otherAccount: PrivateKeyAccount = privateKeyToAccount(OTHER_KEY);
export const thirdAccount: PrivateKeyAccount = privateKeyToAccount(THIRD_KEY);

export const SAMPLE_CONTRACT: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
export const SAMPLE_DOMAIN: LeaseDomainParams = { chainId: 4_478_796, verifyingContract: SAMPLE_CONTRACT };

export function sampleMessage(overrides: Partial<LeaseRequestMessage> = {}): LeaseRequestMessage {
  return {
    requester: requesterAccount.address,
    requesterName: 'Sleep Lab, University of Example',
    purpose: 'dpv:ResearchAndDevelopment',
    description: 'Train a sleep-stage model on step counts and heart rate.\nResults are aggregated with FedAvg.',
    datasets: ['HKQuantityTypeIdentifierStepCount', 'HKQuantityTypeIdentifierHeartRate'],
    dataFrom: 1_700_000_000n,
    dataTo: 1_760_000_000n,
    duration: 60n,
    token: zeroAddress,
    price: 6000n,
    maxEpsilonMilli: 3000,
    taskUrl: 'https://lab.example.org/tasks/sleep-v1',
    nonce: 1n,
    deadline: 4_000_000_000n,
    ...overrides,
  };
}

/** Signs with ethers v6, an EIP-712 implementation independent of viem. */
export async function signWithEthers(privateKey: Hex, domain: LeaseDomainParams, message: LeaseRequestMessage): Promise<Hex> {
  const { Wallet } = await import('ethers');
  const wallet = new Wallet(privateKey);
  const types = { LeaseRequest: leaseRequestTypes.LeaseRequest.map((f) => ({ name: f.name, type: f.type })) };
  const signature = await wallet.signTypedData(
    { name: 'DataWallet', version: '2', chainId: domain.chainId, verifyingContract: domain.verifyingContract },
    types,
    { ...message, datasets: [...message.datasets] },
  );
  return signature as Hex;
}

/** The malleable twin of a signature: s → n − s, v flipped. Valid ECDSA, non-canonical. */
export function highSTwin(signature: Hex): Hex {
  const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
  const r = signature.slice(2, 66);
  const s = BigInt(`0x${signature.slice(66, 130)}`);
  const v = Number.parseInt(signature.slice(130, 132), 16);
  const twinS = (n - s).toString(16).padStart(64, '0');
  const twinV = (v === 27 ? 28 : 27).toString(16);
  return `0x${r}${twinS}${twinV}`;
}
