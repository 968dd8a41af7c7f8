/**
 * Deep links reach the shell three ways: in argv at cold start (Windows,
 * Linux), in a second instance's argv (`second-instance`), and through
 * `open-url` (macOS, registered before `ready`). This file only picks the
 * `datawallet:` arguments out of argv and holds links until the wallet is
 * unlocked; what a link means is decided by the core's decoder.
 */
import { LEASE_LINK_SCHEME, MAX_LEASE_LINK_LENGTH } from '../../shared/lease/link.js';

const PREFIX = `${LEASE_LINK_SCHEME}:`;

/**
 * The deep-link arguments in an argv: those starting with `datawallet:`
 * (any case), at most 8 KiB long, at most `limit` of them. Everything else
 * (flags, the app path, junk) is ignored; decoding happens later.
 */
export function linksFromArgv(argv: readonly unknown[], limit = 4): string[] {
  const links: string[] = [];
  for (const arg of argv) {
    if (typeof arg !== 'string' || arg.length > MAX_LEASE_LINK_LENGTH) continue;
    if (arg.slice(0, PREFIX.length).toLowerCase() !== PREFIX) continue;
    links.push(arg);
    if (links.length >= limit) break;
  }
  return links;
}

export type LinkDecision<T> = { ok: true; value: T } | { ok: false; error: Error };

export interface LinkInboxOptions<T> {
  /** The core's decoder (strict, size-limited); never throws for a bad link, returns the error. */
  decode(link: string): LinkDecision<T>;
  isUnlocked(): boolean;
  /** Shows the consent prompt for a decoded request (the wallet is unlocked). */
  open(request: T): void;
  /** A link that failed to decode: tell the person why, once. */
  reject(error: Error): void;
  /** How many decoded links may wait for unlock (default 8); older ones are dropped. */
  capacity?: number;
}

export interface LinkInbox {
  /** A link arrived (cold start, second instance, open-url, or forwarded by the CLI). */
  receive(link: string): void;
  /** Call after the wallet unlocked: opens every waiting request in order. */
  flush(): void;
  pending(): number;
}

export function createLinkInbox<T>(options: LinkInboxOptions<T>): LinkInbox {
  const capacity = options.capacity ?? 8;
  const waiting: T[] = [];
  return {
    receive(link) {
      const decoded = options.decode(link);
      if (!decoded.ok) {
        options.reject(decoded.error);
        return;
      }
      if (options.isUnlocked()) {
        options.open(decoded.value);
        return;
      }
      waiting.push(decoded.value);
      if (waiting.length > capacity) waiting.shift();
    },
    flush() {
      if (!options.isUnlocked()) return;
      while (waiting.length) options.open(waiting.shift()!);
    },
    pending: () => waiting.length,
  };
}
