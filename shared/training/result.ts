/**
 * A training result as it leaves the wallet: a signed envelope around the
 * exact payload text, so nobody has to canonicalise JSON to check it.
 *
 *   { "format": "data-wallet-result/1",
 *     "payload": "<JSON text of ResultPayload>",
 *     "signature": "0x…" }            EIP-712 by the wallet's account over
 *                                    TrainingResult(leaseId, taskHash, payloadHash)
 *
 * payloadHash = keccak256(UTF-8 bytes of `payload`). The requester verifies
 * the signature, that the signer is the lease's owner (the `Granted` event /
 * getLease), and that leaseId and taskHash inside the payload are the signed
 * ones. The on-chain `recordDelivery` hash is sha256 of the envelope's bytes.
 */
import { keccak256, recoverTypedDataAddress, stringToBytes, type Address, type Hex } from 'viem';
import { z } from 'zod';

export const RESULT_FORMAT = 'data-wallet-result/1';

export const resultTypes = {
  TrainingResult: [
    { name: 'leaseId', type: 'uint256' },
    { name: 'taskHash', type: 'bytes32' },
    { name: 'payloadHash', type: 'bytes32' },
  ],
} as const;

export interface ResultDomain {
  chainId: number;
  verifyingContract: Address;
}

export function resultDomain(d: ResultDomain) {
  return { name: 'DataWallet', version: '1', chainId: d.chainId, verifyingContract: d.verifyingContract } as const;
}

const hex32 = z.string().regex(/^0x[0-9a-f]{64}$/);
const finite = z.number().refine(Number.isFinite, 'must be finite');

export const ResultPayload = z.strictObject({
  leaseId: z.string().regex(/^[1-9][0-9]{0,77}$/),
  taskHash: hex32,
  chainId: z.number().int().positive(),
  contract: z.string().regex(/^0x[0-9a-fA-F]{40}$/),
  wallet: z.string().regex(/^0x[0-9a-fA-F]{40}$/),
  /** The weight delta (trained − initial), one entry per weight tensor in the model's order. */
  weightDelta: z.array(z.strictObject({ shape: z.array(z.number().int().min(1)).max(6), data: z.string() })).max(256),
  numExamples: z.number().int().min(0),
  metrics: z.record(z.string().max(64), finite),
  epsilon: finite,
  delta: finite,
  noiseMultiplier: finite,
  clipNorm: finite,
  backend: z.string().max(32),
  stopReason: z.string().max(32),
  timings: z.strictObject({ startedAt: z.number().int(), finishedAt: z.number().int(), trainMs: finite }),
});
export type ResultPayload = z.infer<typeof ResultPayload>;

export const ResultEnvelope = z.strictObject({
  format: z.literal(RESULT_FORMAT),
  payload: z.string().max(256 * 1024 * 1024),
  signature: z.string().regex(/^0x[0-9a-fA-F]{130}$/),
});
export type ResultEnvelope = z.infer<typeof ResultEnvelope>;

export function payloadHash(payloadText: string): Hex {
  return keccak256(stringToBytes(payloadText));
}

/** The typed data the wallet signs for one result. */
export function resultTypedData(domain: ResultDomain, payload: Pick<ResultPayload, 'leaseId' | 'taskHash'>, payloadText: string) {
  return {
    domain: resultDomain(domain),
    types: resultTypes,
    primaryType: 'TrainingResult' as const,
    message: { leaseId: BigInt(payload.leaseId), taskHash: payload.taskHash as Hex, payloadHash: payloadHash(payloadText) },
  };
}

export type OpenedResult = { ok: true; payload: ResultPayload; signer: Address } | { ok: false; reason: string };

/**
 * Checks an envelope's form and signature and returns the payload and who
 * signed it (the caller compares the signer with the lease's owner).
 */
export async function openResultEnvelope(text: string): Promise<OpenedResult> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'the result is not JSON' };
  }
  const env = ResultEnvelope.safeParse(json);
  if (!env.success) return { ok: false, reason: `the envelope is malformed (${env.error.issues[0]?.path.join('.') ?? ''})` };
  let inner: unknown;
  try {
    inner = JSON.parse(env.data.payload);
  } catch {
    return { ok: false, reason: 'the payload is not JSON' };
  }
  const payload = ResultPayload.safeParse(inner);
  if (!payload.success) return { ok: false, reason: `the payload is malformed (${payload.error.issues[0]?.path.join('.') ?? ''})` };
  const p = payload.data;
  try {
    const signer = await recoverTypedDataAddress({
      ...resultTypedData({ chainId: p.chainId, verifyingContract: p.contract as Address }, p, env.data.payload),
      signature: env.data.signature as Hex,
    });
    if (signer.toLowerCase() !== p.wallet.toLowerCase()) return { ok: false, reason: 'the signature is not by the wallet the payload names' };
    return { ok: true, payload: p, signer };
  } catch {
    return { ok: false, reason: 'the signature cannot be checked' };
  }
}

/** float32 little-endian ↔ base64 (both sides of the wire). */
export function float32ToBase64(values: Float32Array): string {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

export function base64ToFloat32(b64: string): Float32Array {
  const bin = atob(b64);
  if (bin.length % 4 !== 0) throw new Error('not a whole number of float32 values');
  const view = new DataView(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) view.setUint8(i, bin.charCodeAt(i));
  const out = new Float32Array(bin.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}
