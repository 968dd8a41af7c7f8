/**
 * The wallet's typed events: the names and payloads of `apiEvents` in the
 * contract. Every transport forwards them as `{ event, payload }` envelopes.
 * A listener that throws is ignored: a front end's bug must not stop the core.
 */
import type { z } from 'zod';
import type { ApiEventName, ApiEvents } from '../../../shared/api/contract.js';
import type { ApiEventEnvelope } from '../../../shared/api/envelope.js';

export type WalletEventPayload<N extends ApiEventName> = z.input<ApiEvents[N]['payload']>;

export class WalletEvents {
  readonly #listeners = new Set<(envelope: ApiEventEnvelope) => void>();

  emit<N extends ApiEventName>(event: N, payload: WalletEventPayload<N>): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener({ event, payload });
      } catch {
        // ignored: see the module comment
      }
    }
  }

  /** Listens to one event; returns the unsubscribe function. */
  on<N extends ApiEventName>(event: N, listener: (payload: WalletEventPayload<N>) => void): () => void {
    return this.onAny((envelope) => {
      if (envelope.event === event) listener(envelope.payload as WalletEventPayload<N>);
    });
  }

  /** Listens to every event (what transports do); returns the unsubscribe function. */
  onAny(listener: (envelope: ApiEventEnvelope) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
