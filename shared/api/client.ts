/**
 * The typed client every front end uses (renderer, tests, the CLI in-process):
 * `client.call('vault.unlock', input)` resolves with the call's parsed output
 * or rejects with the error rebuilt from its serialised form. It is generic
 * over the contract so it works with any transport.
 */
import type { z } from 'zod';
import type { ApiCallDef, ApiEventDef } from './define.js';
import type { ApiEventEnvelope, ApiTransport, SerializedError } from './envelope.js';

export type CallMap = Readonly<Record<string, ApiCallDef>>;
export type EventMap = Readonly<Record<string, ApiEventDef>>;

export type CallInput<C extends CallMap, N extends keyof C> = z.input<C[N]['input']>;
export type CallOutput<C extends CallMap, N extends keyof C> = z.output<C[N]['output']>;
export type EventPayload<E extends EventMap, N extends keyof E> = z.output<E[N]['payload']>;

export interface ApiClient<C extends CallMap, E extends EventMap> {
  call<N extends keyof C & string>(name: N, input: CallInput<C, N>): Promise<CallOutput<C, N>>;
  on<N extends keyof E & string>(event: N, listener: (payload: EventPayload<E, N>) => void): () => void;
}

export interface ApiClientOptions {
  /** Turns a serialised error back into a thrown error (the WalletError class for its code). */
  toError: (error: SerializedError) => Error;
}

export function createApiClient<C extends CallMap, E extends EventMap>(
  calls: C,
  events: E,
  transport: ApiTransport,
  options: ApiClientOptions,
): ApiClient<C, E> {
  return {
    async call(name, input) {
      const def = calls[name];
      if (!def) throw new TypeError(`unknown API call: ${name}`);
      const result = await transport.invoke(name, input);
      if (!result.ok) throw options.toError(result.error);
      return def.output.parse(result.value) as CallOutput<C, typeof name>;
    },
    on(event, listener) {
      const def = events[event];
      if (!def) throw new TypeError(`unknown API event: ${event}`);
      return transport.subscribe((envelope: ApiEventEnvelope) => {
        if (envelope.event !== event) return;
        const parsed = def.payload.safeParse(envelope.payload);
        if (parsed.success) listener(parsed.data as EventPayload<E, typeof event>);
      });
    },
  };
}
