/**
 * Accounts and a sample lease request for bench/leases.ts.
 *
 * BENCHMARK ONLY. The keys are Anvil's published default development
 * accounts #0 and #1 (derived from the well-known "test test … junk"
 * mnemonic): public knowledge, worthless, and never to be used for anything
 * but a local throwaway chain.
 */
import { zeroAddress, type Hex } from 'viem';
import { privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import type { LeaseRequestMessage } from '../../shared/lease/request.js';

/** Anvil default account #0 (public test key). */
const ANVIL_DEV_KEY_0: Hex = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
/** Anvil default account #1 (public test key). */
const ANVIL_DEV_KEY_1: Hex = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';

/** Plays the data owner (the wallet's own account). */
export const benchOwner: PrivateKeyAccount = privateKeyToAccount(ANVIL_DEV_KEY_0);
/** Plays the requester that signs lease requests. */
export const benchRequester: PrivateKeyAccount = privateKeyToAccount(ANVIL_DEV_KEY_1);

/** A typical lease request from `benchRequester`; override nonce/deadline per use. */
export function benchLeaseRequest(overrides: Partial<LeaseRequestMessage> = {}): LeaseRequestMessage {
  return {
    requester: benchRequester.address,
    requesterName: 'Example Research Lab (benchmark)',
    purpose: 'dpv:ResearchAndDevelopment',
    description: 'Benchmark request: train a model on step counts and heart rate.\nResults are aggregated with FedAvg.',
    datasets: ['HKQuantityTypeIdentifierStepCount', 'HKQuantityTypeIdentifierHeartRate'],
    dataFrom: 1_700_000_000n,
    dataTo: 1_760_000_000n,
    duration: 3600n,
    token: zeroAddress,
    price: 6000n,
    maxEpsilonMilli: 3000,
    taskUrl: 'https://lab.example.org/tasks/bench-v1',
    nonce: 1n,
    deadline: 4_000_000_000n,
    ...overrides,
  };
}
