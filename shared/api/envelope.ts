/**
 * What crosses a transport: the answer to a call is `{ ok: true, value }` or
 * `{ ok: false, error }` where `error` is a serialised WalletError. Nothing is
 * thrown across a transport; the client rebuilds the error on its side.
 */
import { z } from 'zod';

/** A serialised WalletError: stable `code`, the person-facing message and hint, optional details. Never a secret. */
export const serializedErrorSchema = z.strictObject({
  code: z.string().regex(/^[A-Z][A-Z0-9_]{1,63}$/),
  message: z.string().max(2000),
  hint: z.string().max(2000).optional(),
  details: z.string().max(4000).optional(),
});
export type SerializedError = z.infer<typeof serializedErrorSchema>;

export type ApiResult<T = unknown> = { ok: true; value: T } | { ok: false; error: SerializedError };

export const apiResultSchema = z.union([
  z.strictObject({ ok: z.literal(true), value: z.unknown() }),
  z.strictObject({ ok: z.literal(false), error: serializedErrorSchema }),
]);

/** An event pushed from the wallet to every connected front end. */
export const apiEventEnvelopeSchema = z.strictObject({
  event: z.string().min(1).max(100),
  payload: z.unknown(),
});
export type ApiEventEnvelope = z.infer<typeof apiEventEnvelopeSchema>;

/**
 * The one interface every transport carries: the core's router implements it
 * in-process; Electron IPC and browser mode carry it across a boundary.
 */
export interface ApiTransport {
  /** Runs a call. Never rejects for a wallet error: those come back as `{ ok: false }`. */
  invoke(call: string, input: unknown): Promise<ApiResult>;
  /** Subscribes to events; returns the unsubscribe function. */
  subscribe(listener: (event: ApiEventEnvelope) => void): () => void;
}
