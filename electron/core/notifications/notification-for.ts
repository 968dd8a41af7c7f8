/**
 * What the desktop app tells the owner with a system notification, decided
 * from the wallet's events: new lease requests, leases about to end (once per
 * lease, at the lead time the owner chose), leases that ended, finished
 * training jobs and a stopped chain. Texts carry no personal data: the names
 * requesters gave (marked unverified), statuses and times only.
 */
import type { ApiEventEnvelope } from '../../../shared/api/envelope.js';

export interface WalletNotification {
  /** Dedupe key: the same key is shown once. */
  key: string;
  title: string;
  body: string;
  /** Clicking it opens the app on this route. */
  route: string;
}

const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);

function minutesText(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 90) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  return `${hours} hour${hours === 1 ? '' : 's'}`;
}

/** The notification an event deserves, if any. */
export function notificationFor(envelope: ApiEventEnvelope): WalletNotification | null {
  const p = (envelope.payload && typeof envelope.payload === 'object' ? envelope.payload : {}) as Record<string, unknown>;
  switch (envelope.event) {
    case 'requests.received': {
      const who = typeof p.label === 'string' ? p.label : `${str(p.requesterName, 'A requester').slice(0, 80)} (unverified name)`;
      const id = str(p.id);
      return { key: `request:${id}`, title: 'New lease request', body: `${who} asks to train on your data. Review it before deciding.`, route: `/requests/${id}` };
    }
    case 'leases.expiring': {
      const id = str(p.id);
      const left = typeof p.msLeft === 'number' ? p.msLeft : 0;
      const which = typeof p.leaseId === 'string' ? `Lease ${p.leaseId}` : 'A lease';
      return { key: `expiring:${id}`, title: 'A lease ends soon', body: `${which} ends in about ${minutesText(left)}; its data access stops then.`, route: `/leases/${id}` };
    }
    case 'leases.changed': {
      const id = str(p.id);
      if (p.status === 'expired') return { key: `ended:${id}`, title: 'A lease ended', body: 'A lease reached its end; its data access has stopped.', route: `/leases/${id}` };
      if (p.status === 'missing') return { key: `missing:${id}`, title: 'A lease needs attention', body: 'The chain has no record of a lease the wallet granted.', route: `/leases/${id}` };
      return null;
    }
    case 'training.job': {
      const jobId = str(p.jobId);
      if (p.state === 'review') return { key: `job:${jobId}:review`, title: 'Training finished', body: 'A training job finished. Review its result before it is sent.', route: `/training/${jobId}` };
      if (p.state === 'sent') return { key: `job:${jobId}:sent`, title: 'Training finished', body: 'A training job finished and its privacy-protected result was sent.', route: `/training/${jobId}` };
      if (p.state === 'failed') return { key: `job:${jobId}:failed`, title: 'Training failed', body: 'A training job failed; nothing was sent.', route: `/training/${jobId}` };
      return null;
    }
    case 'chain.failed':
      return { key: 'chain.failed', title: 'Lease chain stopped', body: 'The built-in chain stopped and could not restart. Leases are paused until it runs again.', route: '/settings' };
    default:
      return null;
  }
}

/**
 * Decides notifications with dedupe: each key is shown once (a request
 * received twice, an expiry notice repeated after a restart of the watcher,
 * a job event seen twice). Remembers at most `capacity` keys; `chain.failed`
 * may show again once the chain has run.
 */
export class NotificationPlanner {
  readonly #seen = new Set<string>();
  readonly #capacity: number;

  constructor(capacity = 2000) {
    this.#capacity = capacity;
  }

  /** The notification to show for this event, or null (nothing to say, or said already). */
  plan(envelope: ApiEventEnvelope): WalletNotification | null {
    if (envelope.event === 'leases.reconciled' || envelope.event === 'vault.unlocked') this.#seen.delete('chain.failed');
    const note = notificationFor(envelope);
    if (!note || this.#seen.has(note.key)) return null;
    this.#seen.add(note.key);
    if (this.#seen.size > this.#capacity) this.#seen.delete(this.#seen.values().next().value!);
    return note;
  }
}
