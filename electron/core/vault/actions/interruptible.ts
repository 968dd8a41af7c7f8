/**
 * A one-shot signal that makes pending waits reject at once.
 *
 * Not a long-lived promise raced against every step: `Promise.race` leaves a
 * reaction on the never-settling promise for each call, which keeps every
 * step's value reachable until the signal fires (for an import: every batch
 * of records, i.e. memory growing with the file). Each wait here registers a
 * listener and removes it when the wait settles.
 */
export class Interrupt {
  readonly #listeners = new Set<(reason: unknown) => void>();
  #fired = false;
  #reason: unknown;

  get fired(): boolean {
    return this.#fired;
  }

  fire(reason: unknown): void {
    if (this.#fired) return;
    this.#fired = true;
    this.#reason = reason;
    for (const listener of this.#listeners) listener(reason);
    this.#listeners.clear();
  }

  /** Settles like `pending`, or rejects with the interrupt's reason as soon as it fires. */
  race<T>(pending: Promise<T>): Promise<T> {
    if (this.#fired) {
      pending.catch(() => undefined);
      return Promise.reject(this.#reason as Error);
    }
    return new Promise<T>((resolve, reject) => {
      const onFire = (reason: unknown): void => reject(reason as Error);
      this.#listeners.add(onFire);
      pending.then(
        (value) => {
          this.#listeners.delete(onFire);
          resolve(value);
        },
        (error: unknown) => {
          this.#listeners.delete(onFire);
          reject(error as Error);
        },
      );
    });
  }

  /** Number of waits currently registered (for tests). */
  get pendingWaits(): number {
    return this.#listeners.size;
  }
}

/**
 * Iterates `source` but stops waiting as soon as `interrupt` fires, even if
 * the source is stuck (e.g. a parser waiting on a slow disk). The source is
 * then asked to finish (`return()`) without waiting for it.
 */
export async function* interruptible<T>(source: AsyncIterable<T>, interrupt: Interrupt): AsyncGenerator<T, void, undefined> {
  const iterator = source[Symbol.asyncIterator]();
  let done = false;
  try {
    for (;;) {
      const step = await interrupt.race(iterator.next());
      if (step.done) {
        done = true;
        return;
      }
      yield step.value;
    }
  } finally {
    if (!done) void Promise.resolve(iterator.return?.()).catch(() => undefined);
  }
}
