/** A one-shot signal that makes a pending wait reject at once. */
export class Interrupt {
  readonly promise: Promise<never>;
  #reject!: (reason: unknown) => void;
  #fired = false;

  constructor() {
    this.promise = new Promise<never>((_, reject) => (this.#reject = reject));
    this.promise.catch(() => undefined); // observed by whoever races it
  }

  get fired(): boolean {
    return this.#fired;
  }

  fire(reason: unknown): void {
    if (this.#fired) return;
    this.#fired = true;
    this.#reject(reason);
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
      const step = await Promise.race([iterator.next(), interrupt.promise]);
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
