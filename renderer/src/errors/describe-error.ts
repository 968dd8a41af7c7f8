/**
 * Turns an error from the API into what the GUI shows: a title and a line of
 * what to do in the GUI's own words (looked up by the stable error code), and
 * which of the GUI's buttons fit. The core's own message is kept as the
 * technical detail; unknown codes fall back to it.
 */
import { ApiError } from '../api/api-error.js';
import { s } from '../strings.js';

export type ErrorAction = 'retry' | 'unlock' | 'settings' | 'requests' | 'leases' | 'issueRecovery';

export interface ErrorDescription {
  code: string | null;
  title: string;
  body: string;
  /** The core's own message (and hint), for the technical details. */
  technical: string | null;
  actions: ErrorAction[];
}

const ACTIONS: Record<string, ErrorAction[]> = {
  VAULT_LOCKED: ['unlock'],
  VAULT_BUSY: ['retry'],
  CHAIN_RPC_FAILED: ['retry', 'settings'],
  CHAIN_ID_MISMATCH: ['settings'],
  CONTRACT_NOT_DEPLOYED: ['settings'],
  NETWORK_CONFIG_INVALID: ['settings'],
  CHAIN_NOT_RUNNING: ['retry'],
  CHAIN_TRANSACTION_FAILED: ['retry'],
  UNEXPECTED: ['retry'],
  HOST_UNREACHABLE: ['retry'],
  HOST_BAD_ANSWER: ['retry'],
  REQUEST_ALREADY_DECIDED: ['leases'],
  GRANT_UNCONFIRMED: ['leases'],
};

/** Why a lease request was refused: the core puts `reason=<reason>` in the error's details. */
export function refusalReason(e: ApiError): string {
  return /\breason=([a-z-]+)\b/.exec(e.details ?? '')?.[1] ?? 'malformed';
}

export function describeError(e: unknown): ErrorDescription {
  if (e instanceof ApiError) {
    if (e.code === 'LEASE_REQUEST_REFUSED' || e.code.startsWith('LINK_')) {
      const reason = e.code.startsWith('LINK_') ? 'malformed' : refusalReason(e);
      const [title, body] = s.refusals[reason] ?? s.refusals.malformed!;
      const technical = e.hint ? `${e.shortMessage} ${e.hint}` : e.shortMessage;
      return { code: e.code, title, body, technical, actions: reason === 'requester-blocked' ? ['settings'] : [] };
    }
    const known = s.errorCodes[e.code];
    const technical = e.hint ? `${e.shortMessage} ${e.hint}` : e.shortMessage;
    if (known) return { code: e.code, title: known[0], body: known[1], technical, actions: ACTIONS[e.code] ?? [] };
    return { code: e.code, title: s.errors.genericTitle, body: e.hint ?? e.shortMessage, technical, actions: ['retry'] };
  }
  if (e instanceof TypeError && /fetch|network/i.test(e.message)) {
    return { code: null, title: s.errors.offlineTitle, body: s.errors.offlineBody, technical: e.message, actions: ['retry'] };
  }
  const msg = e instanceof Error ? e.message : String(e);
  return { code: null, title: s.errors.genericTitle, body: s.errors.genericBody, technical: msg, actions: ['retry'] };
}
