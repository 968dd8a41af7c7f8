/**
 * The LeaseRequest message: its JSON form in links (integers as canonical
 * decimal strings, every field bounded), the typed form signers and the
 * contract use (bigints), and the conversions between them.
 */
import { getAddress, isAddress, zeroAddress, type Address } from 'viem';
import { z } from 'zod';
import { DESCRIPTION_MAX_LINES, displayTextProblem } from './display-text.js';
import { LeaseLinkError, type LeaseLinkErrorCode } from './errors.js';

/** Limits on a request's fields. Together they keep a maximal request well inside the link size limit. */
export const LEASE_REQUEST_LIMITS = {
  requesterName: 80,
  purpose: 120,
  description: 1000,
  datasets: 16,
  datasetKind: 200,
  taskUrl: 512,
} as const;

/** The signed message with the types an EIP-712 signer and the contract ABI expect. */
export interface LeaseRequestMessage {
  requester: Address;
  requesterName: string;
  purpose: string;
  description: string;
  datasets: readonly string[];
  /** Earliest record time in scope, unix seconds. */
  dataFrom: bigint;
  /** Latest record time in scope, unix seconds. */
  dataTo: bigint;
  /** Lease length in seconds. */
  duration: bigint;
  /** Payment token (ERC-20 contract); the zero address is the chain's native currency. */
  token: Address;
  /** Price for the full duration in the token's smallest unit (wei for native). */
  price: bigint;
  /** Differential-privacy budget ε × 1000 for the whole lease. */
  maxEpsilonMilli: number;
  taskUrl: string;
  nonce: bigint;
  /** Unix seconds after which the request can no longer be granted. */
  deadline: bigint;
}

// ------------------------------------------------------------ field rules

const DECIMAL = /^(0|[1-9][0-9]*)$/;
/** uint256 max has 78 digits; anything longer is rejected before BigInt sees it. */
const MAX_DECIMAL_DIGITS = 78;

type IssueCtx = { addIssue: (issue: { code: 'custom'; message: string; params: { linkCode: LeaseLinkErrorCode } }) => void };

function issue(ctx: IssueCtx, linkCode: LeaseLinkErrorCode, message: string): void {
  ctx.addIssue({ code: 'custom', message, params: { linkCode } });
}

/** A uint of `bits` bits as a canonical decimal string: no sign, no leading zeros, no exponent. */
export function uintString(bits: 32 | 64 | 256, min = 0n) {
  const max = (1n << BigInt(bits)) - 1n;
  return z.string().superRefine((value, ctx) => {
    if (value.length > MAX_DECIMAL_DIGITS || !DECIMAL.test(value)) {
      issue(ctx, 'LINK_NUMBER_FORMAT', 'must be a decimal string without sign, leading zeros, fraction or exponent');
      return;
    }
    const n = BigInt(value);
    if (n < min || n > max) issue(ctx, 'LINK_NUMBER_RANGE', `must be between ${min} and ${max} (uint${bits})`);
  });
}

/** An EIP-55 checksummed or all-lowercase address, not the zero address. */
export const addressString = z.string().superRefine((value, ctx) => {
  if (!isAddress(value, { strict: true })) {
    issue(ctx, 'LINK_ADDRESS', 'must be a 0x-prefixed 20-byte hex address, checksummed or all lowercase');
  } else if (value.toLowerCase() === zeroAddress) {
    issue(ctx, 'LINK_ADDRESS', 'must not be the zero address');
  }
});

/**
 * The payment token: an EIP-55 checksummed address (the zero address, which
 * has no letters, for the native currency). Lowercase is refused so a link
 * carries one spelling only.
 */
export const tokenAddressString = z.string().superRefine((value, ctx) => {
  if (!isAddress(value, { strict: false }) || !/^0x[0-9a-fA-F]{40}$/.test(value)) {
    issue(ctx, 'LINK_ADDRESS', 'must be a 0x-prefixed 20-byte hex address');
  } else if (getAddress(value) !== value) {
    issue(ctx, 'LINK_ADDRESS', 'must be written with its EIP-55 checksum');
  }
});

/** Requester-supplied display text: length, refused code points (see display-text.ts), line cap, not blank. */
function displayText(min: number, max: number, opts: { multiline?: boolean; maxLines?: number } = {}) {
  return z.string().superRefine((value, ctx) => {
    if (value.length < min || value.length > max) {
      issue(ctx, 'LINK_FIELD_INVALID', `must be ${min} to ${max} characters long`);
      return;
    }
    const problem = displayTextProblem(value, opts);
    if (problem) {
      issue(ctx, 'LINK_FIELD_INVALID', problem);
    } else if (min > 0 && value.trim().length === 0) {
      issue(ctx, 'LINK_FIELD_INVALID', 'must not be blank');
    }
  });
}

/** A W3C DPV purpose as a compact IRI, e.g. `dpv:ResearchAndDevelopment`. */
const PURPOSE = /^[a-z][a-z0-9-]*:[A-Za-z][A-Za-z0-9]*$/;
const purposeString = z.string().superRefine((value, ctx) => {
  if (value.length > LEASE_REQUEST_LIMITS.purpose || !PURPOSE.test(value)) {
    issue(ctx, 'LINK_FIELD_INVALID', 'must be a DPV purpose term such as dpv:ResearchAndDevelopment');
  }
});

const datasetsArray = z.array(displayText(1, LEASE_REQUEST_LIMITS.datasetKind)).superRefine((value, ctx) => {
  if (value.length < 1 || value.length > LEASE_REQUEST_LIMITS.datasets) {
    issue(ctx, 'LINK_FIELD_INVALID', `must list 1 to ${LEASE_REQUEST_LIMITS.datasets} dataset kinds`);
  } else if (new Set(value).size !== value.length) {
    issue(ctx, 'LINK_FIELD_INVALID', 'must not list a dataset kind twice');
  }
});

/** https, or http to a loopback host (a requester testing on its own machine). */
const taskUrlString = z.string().superRefine((value, ctx) => {
  if (value.length < 1 || value.length > LEASE_REQUEST_LIMITS.taskUrl) {
    issue(ctx, 'LINK_FIELD_INVALID', `must be 1 to ${LEASE_REQUEST_LIMITS.taskUrl} characters long`);
    return;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    issue(ctx, 'LINK_FIELD_INVALID', 'must be an absolute URL');
    return;
  }
  const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    issue(ctx, 'LINK_FIELD_INVALID', 'must be an https URL');
  } else if (url.username || url.password) {
    issue(ctx, 'LINK_FIELD_INVALID', 'must not contain credentials');
  } else if (url.href !== value) {
    issue(ctx, 'LINK_FIELD_INVALID', 'must be written in normalised form');
  }
});

// ------------------------------------------------------------ the schema

/** The JSON form of a LeaseRequest inside a link. Keys in type order; unknown keys rejected. */
export const LeaseRequestJson = z
  .strictObject({
    requester: addressString,
    requesterName: displayText(1, LEASE_REQUEST_LIMITS.requesterName),
    purpose: purposeString,
    description: displayText(0, LEASE_REQUEST_LIMITS.description, { multiline: true, maxLines: DESCRIPTION_MAX_LINES }),
    datasets: datasetsArray,
    dataFrom: uintString(64),
    dataTo: uintString(64),
    duration: uintString(64, 1n),
    token: tokenAddressString,
    price: uintString(256),
    maxEpsilonMilli: uintString(32),
    taskUrl: taskUrlString,
    nonce: uintString(256),
    deadline: uintString(64),
  })
  .superRefine((value, ctx) => {
    // Runs even when a field check above failed (zod's custom issues do not abort), so re-check the shape.
    const isDecimal = (v: unknown) => typeof v === 'string' && v.length <= MAX_DECIMAL_DIGITS && DECIMAL.test(v);
    const bothDecimal = isDecimal(value.dataFrom) && isDecimal(value.dataTo);
    if (bothDecimal && BigInt(value.dataFrom) > BigInt(value.dataTo)) {
      ctx.addIssue({
        code: 'custom',
        path: ['dataTo'],
        message: 'must not be before dataFrom',
        params: { linkCode: 'LINK_FIELD_INVALID' },
      });
    }
  });
export type LeaseRequestJson = z.infer<typeof LeaseRequestJson>;

export function leaseRequestFromJson(json: LeaseRequestJson): LeaseRequestMessage {
  return {
    requester: getAddress(json.requester),
    requesterName: json.requesterName,
    purpose: json.purpose,
    description: json.description,
    datasets: [...json.datasets],
    dataFrom: BigInt(json.dataFrom),
    dataTo: BigInt(json.dataTo),
    duration: BigInt(json.duration),
    token: getAddress(json.token),
    price: BigInt(json.price),
    maxEpsilonMilli: Number(json.maxEpsilonMilli),
    taskUrl: json.taskUrl,
    nonce: BigInt(json.nonce),
    deadline: BigInt(json.deadline),
  };
}

/** The canonical JSON form: fixed key order, checksummed address, decimal strings. */
export function leaseRequestToJson(message: LeaseRequestMessage): LeaseRequestJson {
  return {
    requester: isAddress(message.requester, { strict: false }) ? getAddress(message.requester) : message.requester,
    requesterName: message.requesterName,
    purpose: message.purpose,
    description: message.description,
    datasets: [...message.datasets],
    dataFrom: decimal(message.dataFrom),
    dataTo: decimal(message.dataTo),
    duration: decimal(message.duration),
    token: isAddress(message.token, { strict: false }) ? getAddress(message.token) : message.token,
    price: decimal(message.price),
    maxEpsilonMilli: decimal(message.maxEpsilonMilli),
    taskUrl: message.taskUrl,
    nonce: decimal(message.nonce),
    deadline: decimal(message.deadline),
  };
}

function decimal(n: bigint | number): string {
  // A non-integer or negative number becomes a string the schema rejects, with a clear message.
  return typeof n === 'bigint' || Number.isSafeInteger(n) ? n.toString() : String(n);
}

/**
 * Validates a typed message (e.g. one a requester is about to sign) against the
 * same rules links are decoded with. Throws LeaseLinkError; returns a copy
 * with the requester address checksummed.
 */
export function parseLeaseRequestMessage(message: LeaseRequestMessage): LeaseRequestMessage {
  const result = LeaseRequestJson.safeParse(leaseRequestToJson(message), { reportInput: true });
  if (!result.success) throw leaseLinkErrorFromIssues(result.error.issues, ['message']);
  return leaseRequestFromJson(result.data);
}

// ------------------------------------------------------------ zod issues → our errors

const PRIORITY: LeaseLinkErrorCode[] = [
  'LINK_UNKNOWN_FIELD',
  'LINK_MISSING_FIELD',
  'LINK_NUMBER_FORMAT',
  'LINK_NUMBER_RANGE',
  'LINK_ADDRESS',
  'LINK_SIGNATURE_FORMAT',
  'LINK_FIELD_INVALID',
];

/** Field paths come from the (untrusted) link: keep them short and plain before showing them. */
export function safeFieldPath(segments: readonly PropertyKey[]): string {
  const text = segments
    .map((s) => (typeof s === 'number' ? `[${s}]` : `.${String(s)}`))
    .join('')
    .replace(/^\./, '')
    .replace(/\.\[/g, '[');
  const plain = text.replace(/[^A-Za-z0-9_.[\]]/g, '?');
  return plain.length > 64 ? `${plain.slice(0, 61)}...` : plain;
}

interface IssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  input?: unknown;
  keys?: string[];
  params?: Record<string, unknown>;
}

/** Fields that carry integers (as decimal strings); a JSON number there is a number-format error. */
const INTEGER_FIELDS = new Set([
  'chainId',
  'dataFrom',
  'dataTo',
  'duration',
  'price',
  'maxEpsilonMilli',
  'nonce',
  'deadline',
]);

function classify(issue: IssueLike): LeaseLinkErrorCode {
  if (issue.code === 'unrecognized_keys') return 'LINK_UNKNOWN_FIELD';
  if (issue.code === 'invalid_type' && !('input' in issue && issue.input !== undefined)) return 'LINK_MISSING_FIELD';
  if (
    issue.code === 'invalid_type' &&
    (typeof issue.input === 'number' || typeof issue.input === 'bigint') &&
    INTEGER_FIELDS.has(String(issue.path[issue.path.length - 1]))
  ) {
    return 'LINK_NUMBER_FORMAT';
  }
  const linkCode = issue.params?.['linkCode'];
  if (typeof linkCode === 'string') return linkCode as LeaseLinkErrorCode;
  return 'LINK_FIELD_INVALID';
}

/** Picks the most telling issue (by PRIORITY) and turns it into one LeaseLinkError. */
export function leaseLinkErrorFromIssues(issues: readonly IssueLike[], prefix: PropertyKey[] = []): LeaseLinkError {
  let best: { code: LeaseLinkErrorCode; issue: IssueLike } | undefined;
  for (const i of issues) {
    const code = classify(i);
    if (!best || PRIORITY.indexOf(code) < PRIORITY.indexOf(best.code)) best = { code, issue: i };
  }
  if (!best) return new LeaseLinkError('LINK_FIELD_INVALID');
  const { code, issue: chosen } = best;
  if (code === 'LINK_UNKNOWN_FIELD') {
    const key = chosen.keys?.[0] ?? '';
    return new LeaseLinkError(code, { field: safeFieldPath([...prefix, ...chosen.path, key]) });
  }
  const field = safeFieldPath([...prefix, ...chosen.path]);
  if (code === 'LINK_MISSING_FIELD') return new LeaseLinkError(code, { field });
  if (code === 'LINK_NUMBER_FORMAT' && chosen.code === 'invalid_type') {
    return new LeaseLinkError(code, { field, details: 'Integers are written as decimal strings, e.g. "6000".' });
  }
  const details = chosen.code === 'custom' ? `It ${chosen.message}.` : undefined;
  return new LeaseLinkError(code, details === undefined ? { field } : { field, details });
}
