/**
 * Errors of the lease service. Requests come from untrusted requesters, so
 * messages never quote a link's content: only reasons, field names, limits,
 * addresses (public) and times. LeaseLinkErrors from the shared codec are
 * mapped here (`refusalFromLinkError`) so callers only ever see WalletErrors.
 */
import type { LeaseLinkError, LeaseLinkErrorCode } from '../../../shared/lease/errors.js';
import { WalletError, type WalletErrorContext as Params } from '../errors.js';


/** Why a lease request was refused before any decision. */
export type RefusalReason =
  | 'malformed'
  | 'wrong-chain'
  | 'wrong-contract'
  | 'bad-signature'
  | 'deadline-passed'
  | 'nonce-used'
  | 'requester-blocked'
  | 'task-url-not-allowed';

const REFUSAL_TEXT: Record<Exclude<RefusalReason, 'malformed'>, { message: string; hint: string }> = {
  'wrong-chain': {
    message: 'This lease request is for another chain than the one this wallet uses.',
    hint: 'Ask the requester for a link made for your wallet’s chain; check the chain settings if you changed networks.',
  },
  'wrong-contract': {
    message: 'This lease request names another lease contract than the one this wallet uses.',
    hint: 'Ask the requester for a link made for your wallet’s contract (shown in the chain status).',
  },
  'bad-signature': {
    message: 'This lease request is not signed by the requester it names.',
    hint: 'Do not approve it: it was altered or forged. Ask the requester for a new link.',
  },
  'deadline-passed': {
    message: 'This lease request has expired: its deadline has passed.',
    hint: 'Ask the requester for a new request.',
  },
  'nonce-used': {
    message: 'This lease request was already used (its nonce has been granted or received with other terms).',
    hint: 'A request can be granted once. Check your leases, or ask the requester for a new request.',
  },
  'requester-blocked': {
    message: 'You have blocked this requester.',
    hint: 'Unblock the requester first if you want to consider its requests.',
  },
  'task-url-not-allowed': {
    message: 'This lease request names a task address the wallet will not fetch from.',
    hint: 'Decline it, or ask the requester for a request whose task address is a public https URL.',
  },
};

/** A lease link or request that fails a check; `reason` (and `linkCode` for malformed links) tell which. */
/**
 * The refusal reason travels in the serialised details as `reason=<reason>`,
 * so every front end words it from the reason, never from the message text.
 */
function withReason(reason: RefusalReason, details: string | undefined): string {
  return [details, `reason=${reason}`].filter(Boolean).join(' ');
}

export class LeaseRequestRefusedError extends WalletError {
  override readonly name = 'LeaseRequestRefusedError' as const;
  readonly code = 'LEASE_REQUEST_REFUSED' as const;
  readonly reason: RefusalReason;
  /** The codec's code when reason is 'malformed'. */
  readonly linkCode: LeaseLinkErrorCode | null;
  constructor(reason: Exclude<RefusalReason, 'malformed'>, params?: Params);
  constructor(reason: 'malformed', params: Params & { linkError: LeaseLinkError });
  constructor(reason: RefusalReason, params: Params & { linkError?: LeaseLinkError } = {}) {
    if (reason === 'malformed') {
      const le = params.linkError!;
      super(le.shortMessage, {
        cause: le,
        details: withReason(reason, [le.field ? `Field: ${le.field}.` : '', le.details ?? ''].filter(Boolean).join(' ')),
        hint: le.hint,
      });
      this.linkCode = le.code;
    } else {
      const text = REFUSAL_TEXT[reason];
      super(text.message, { ...params, details: withReason(reason, params.details), hint: text.hint });
      this.linkCode = null;
    }
    this.reason = reason;
  }
}

/** The narrowing asked for at approval is not inside what was requested. */
export class NarrowingInvalidError extends WalletError {
  override readonly name = 'NarrowingInvalidError' as const;
  readonly code = 'NARROWING_INVALID' as const;
  readonly field: 'datasets' | 'dataFrom' | 'dataTo' | 'duration';
  constructor(field: NarrowingInvalidError['field'], problem: string, params: Params = {}) {
    super(`The narrowed ${field} is not allowed: ${problem}.`, {
      ...params,
      hint: 'You can only narrow a request: fewer of its datasets, a shorter time range inside its range, a shorter duration.',
    });
    this.field = field;
  }
}

export class RequestAlreadyDecidedError extends WalletError {
  override readonly name = 'RequestAlreadyDecidedError' as const;
  readonly code = 'REQUEST_ALREADY_DECIDED' as const;
  readonly status: string;
  constructor(status: 'approving' | 'approved' | 'declined', params: Params = {}) {
    const what = status === 'declined' ? 'declined' : status === 'approved' ? 'approved' : 'being granted';
    super(`This lease request was already ${what}.`, {
      ...params,
      hint:
        status === 'declined'
          ? 'A declined request stays declined. Ask the requester for a new request if you changed your mind.'
          : 'Look at your leases to see its state.',
    });
    this.status = status;
  }
}

export class LeaseRequestNotFoundError extends WalletError {
  override readonly name = 'LeaseRequestNotFoundError' as const;
  readonly code = 'LEASE_REQUEST_NOT_FOUND' as const;
  constructor(params: Params = {}) {
    super('No lease request with this id is stored in the wallet.', {
      ...params,
      hint: 'Use the lease link itself, or a request id from your list of leases.',
    });
  }
}

export class LeaseNotFoundError extends WalletError {
  override readonly name = 'LeaseNotFoundError' as const;
  readonly code = 'LEASE_NOT_FOUND' as const;
  constructor(leaseId: string, params: Params = {}) {
    super(`There is no lease ${leaseId} in this wallet.`, { ...params, hint: 'Look at your list of leases for the right id.' });
  }
}

export type LeaseAccessDenial = 'lease-not-active' | 'dataset-not-in-lease' | 'time-outside-lease';

/** requireActiveLease refused a data access. */
export class LeaseAccessDeniedError extends WalletError {
  override readonly name = 'LeaseAccessDeniedError' as const;
  readonly code = 'LEASE_ACCESS_DENIED' as const;
  readonly reason: LeaseAccessDenial;
  constructor(reason: LeaseAccessDenial, message: string, params: Params = {}) {
    super(message, { ...params, hint: 'Data is only read for an active lease, inside the datasets and time range it grants.' });
    this.reason = reason;
  }
}

/** Revoke (or another change) on a lease that is not active. */
export class LeaseNotActiveError extends WalletError {
  override readonly name = 'LeaseNotActiveError' as const;
  readonly code = 'LEASE_NOT_ACTIVE' as const;
  readonly state: string;
  constructor(leaseId: string, state: string, params: Params = {}) {
    super(`Lease ${leaseId} is not active (it is ${state}).`, {
      ...params,
      hint: state === 'expired' ? 'An expired lease is settled (paid in full), not revoked.' : 'Nothing to do for this lease.',
    });
    this.state = state;
  }
}

/**
 * The grant is not confirmed: it was broadcast and no receipt came (`sent`),
 * or the chain did not answer before it could be sent. The approval is kept
 * either way; reconcile resolves it by the transaction hash and the nonce.
 */
export class GrantUnconfirmedError extends WalletError {
  override readonly name = 'GrantUnconfirmedError' as const;
  readonly code = 'GRANT_UNCONFIRMED' as const;
  readonly sent: boolean;
  constructor(sent: boolean, params: Params = {}) {
    super(sent ? 'The grant was sent, but the chain did not confirm it.' : 'The grant could not be sent: the chain did not answer.', {
      ...params,
      hint: sent
        ? 'Nothing is lost: the wallet looks the transaction up when it next checks the chain (on its next start, or when you list your leases) and never sends it twice.'
        : 'Nothing is lost: the approval is kept and the wallet sends the grant when the chain answers again (on its next start, or when you list your leases).',
    });
    this.sent = sent;
  }
}

/** A revoke was sent and not confirmed yet. The lease is `revoking`: no data access in the meantime. */
export class RevokeUnconfirmedError extends WalletError {
  override readonly name = 'RevokeUnconfirmedError' as const;
  readonly code = 'REVOKE_UNCONFIRMED' as const;
  constructor(params: Params = {}) {
    super('The revoke was sent, but the chain has not confirmed it yet.', {
      ...params,
      hint: 'Access to your data has stopped already. The wallet checks the transaction again when it next looks at the chain; you need not do anything.',
    });
  }
}

/** A requester address or label given by the owner is not usable. */
export class RequesterLabelError extends WalletError {
  override readonly name = 'RequesterLabelError' as const;
  readonly code = 'REQUESTER_LABEL_INVALID' as const;
  constructor(what: 'label' | 'address' = 'label', params: Params = {}) {
    super(what === 'label' ? 'A requester label must be 1 to 80 characters, without control characters.' : 'That is not a requester address.', {
      ...params,
      hint: what === 'label' ? 'Choose a short plain name.' : 'Use the 0x… address shown for the requester.',
    });
  }
}

/** No consent receipt can be made for this request (yet). */
export class ReceiptUnavailableError extends WalletError {
  override readonly name = 'ReceiptUnavailableError' as const;
  readonly code = 'RECEIPT_UNAVAILABLE' as const;
  constructor(why: string, params: Params = {}) {
    super(`There is no consent receipt for this request: ${why}.`, {
      ...params,
      hint: 'Receipts exist for approved leases once granted on the chain, and for declined requests.',
    });
  }
}

/** "Pause all leases" is on: every data access is refused until the owner resumes; nothing was revoked. */
export class LeasesPausedError extends WalletError {
  override readonly name = 'LeasesPausedError' as const;
  readonly code = 'LEASES_PAUSED' as const;
  constructor(params: Params = {}) {
    super('All leases are paused: no lease may read your data now.', {
      ...params,
      hint: 'Resume leases (in the tray menu or the settings) to let active leases use your data again. No lease was revoked.',
    });
  }
}

/** A request asks for a larger privacy budget than the owner's limit per lease, and the approval did not lower it. */
export class EpsilonAboveLimitError extends WalletError {
  override readonly name = 'EpsilonAboveLimitError' as const;
  readonly code = 'EPSILON_ABOVE_LIMIT' as const;
  readonly requestedMilli: number;
  readonly limitMilli: number;
  constructor(requestedMilli: number, limitMilli: number, params: Params = {}) {
    super(`This request asks for a privacy budget of ε ${requestedMilli / 1000}, above your limit of ε ${limitMilli / 1000} per lease.`, {
      ...params,
      details: [params.details, `requested=${requestedMilli} limit=${limitMilli}`].filter(Boolean).join(' '),
      hint: 'Approve it with a privacy budget at or below your limit, raise the limit in the settings, or decline it.',
    });
    this.requestedMilli = requestedMilli;
    this.limitMilli = limitMilli;
  }
}
