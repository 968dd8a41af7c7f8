/**
 * The deep-link codec of the lease protocol:
 *
 *   datawallet://lease-request?r=<base64url, no padding, of UTF-8 JSON>
 *   JSON: {"chainId","verifyingContract","message","signature"}, integers as decimal strings
 *
 * Decoding is strict and fails closed with one LeaseLinkError per reason:
 * size first (before any decoding), then scheme, host, path, parameters,
 * base64url, UTF-8, JSON syntax, repeated keys, then the schema (unknown,
 * missing and malformed fields). It is pure: signature, chain, nonce and
 * deadline checks belong to the caller (see verifyLeaseRequestSignature).
 */
import { getAddress, type Address, type Hex } from 'viem';
import { z } from 'zod';
import { decodeBase64Url, encodeBase64Url } from './base64url.js';
import { LeaseLinkError } from './errors.js';
import {
  addressString,
  LeaseRequestJson,
  leaseLinkErrorFromIssues,
  leaseRequestFromJson,
  leaseRequestToJson,
  safeFieldPath,
  type LeaseRequestMessage,
} from './request.js';
import { signatureString } from './signature.js';
import { parseStrictJson } from './strict-json.js';

export const LEASE_LINK_SCHEME = 'datawallet';
export const LEASE_LINK_HOST = 'lease-request';
export const LEASE_LINK_PREFIX = `${LEASE_LINK_SCHEME}://${LEASE_LINK_HOST}`;
export const LEASE_LINK_PARAM = 'r';
/** Links longer than this (8 KiB) are refused before any decoding. */
export const MAX_LEASE_LINK_LENGTH = 8192;

/** What a lease link carries, in typed form. */
export interface LeaseLinkPayload {
  chainId: number;
  verifyingContract: Address;
  message: LeaseRequestMessage;
  signature: Hex;
}

/** Chain ids are decimal strings too, limited to what viem and wallets treat as a safe number. */
const chainIdString = z.string().superRefine((value, ctx) => {
  if (!/^(0|[1-9][0-9]*)$/.test(value) || value.length > 16) {
    ctx.addIssue({
      code: 'custom',
      message: 'must be a decimal string without sign, leading zeros, fraction or exponent',
      params: { linkCode: 'LINK_NUMBER_FORMAT' },
    });
  } else if (Number(value) < 1 || Number(value) > Number.MAX_SAFE_INTEGER) {
    ctx.addIssue({
      code: 'custom',
      message: `must be between 1 and ${Number.MAX_SAFE_INTEGER}`,
      params: { linkCode: 'LINK_NUMBER_RANGE' },
    });
  }
});

export const LeaseLinkJson = z.strictObject({
  chainId: chainIdString,
  verifyingContract: addressString,
  message: LeaseRequestJson,
  signature: signatureString,
});
export type LeaseLinkJson = z.infer<typeof LeaseLinkJson>;

// ------------------------------------------------------------ encode

/** Builds the canonical link. Throws LeaseLinkError if a field breaks the protocol's rules or the link would exceed 8 KiB. */
export function encodeLeaseLink(payload: LeaseLinkPayload): string {
  const json: LeaseLinkJson = {
    chainId: Number.isSafeInteger(payload.chainId) ? payload.chainId.toString() : String(payload.chainId),
    verifyingContract: payload.verifyingContract,
    message: leaseRequestToJson(payload.message),
    signature: payload.signature,
  };
  const checked = LeaseLinkJson.safeParse(json, { reportInput: true });
  if (!checked.success) throw leaseLinkErrorFromIssues(checked.error.issues);
  const canonical: LeaseLinkJson = {
    chainId: checked.data.chainId,
    verifyingContract: getAddress(checked.data.verifyingContract),
    message: checked.data.message,
    signature: checked.data.signature.toLowerCase(),
  };
  const bytes = new TextEncoder().encode(JSON.stringify(canonical));
  const link = `${LEASE_LINK_PREFIX}?${LEASE_LINK_PARAM}=${encodeBase64Url(bytes)}`;
  if (link.length > MAX_LEASE_LINK_LENGTH) {
    throw new LeaseLinkError('LINK_TOO_LONG', {
      details: `It would be ${link.length} characters; the limit is ${MAX_LEASE_LINK_LENGTH}.`,
      hint: 'Shorten the description or list fewer datasets.',
    });
  }
  return link;
}

// ------------------------------------------------------------ decode

/** Decodes and validates a lease link. Throws LeaseLinkError (and nothing else) on any defect. */
export function decodeLeaseLink(link: unknown): LeaseLinkPayload {
  const query = splitLink(link);
  const encoded = readParam(query);
  const json = decodePayload(encoded);
  refuseRetiredVersion(json);
  const parsed = LeaseLinkJson.safeParse(json, { reportInput: true });
  if (!parsed.success) throw leaseLinkErrorFromIssues(parsed.error.issues);
  return {
    chainId: Number(parsed.data.chainId),
    verifyingContract: getAddress(parsed.data.verifyingContract),
    message: leaseRequestFromJson(parsed.data.message),
    signature: parsed.data.signature.toLowerCase() as Hex,
  };
}

/**
 * Version 1 of the protocol signed the same message without `token` (domain
 * version "1"). Such a link decodes to a message with every field but the
 * token; it is refused with an error that says the requester must upgrade,
 * rather than a bare "missing field".
 */
function refuseRetiredVersion(json: unknown): void {
  if (typeof json !== 'object' || json === null) return;
  const message = (json as { message?: unknown }).message;
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return;
  if ('token' in message) return;
  if (!('price' in message) || !('requester' in message)) return; // not a lease request at all: the schema says why
  throw new LeaseLinkError('LINK_PROTOCOL_VERSION', {
    field: 'message.token',
    hint: 'The requester must upgrade to lease protocol version 2 (which names the payment token) and send a new link.',
  });
}

export type DecodeLeaseLinkResult = { ok: true; value: LeaseLinkPayload } | { ok: false; error: LeaseLinkError };

/** Like decodeLeaseLink, but returns the error instead of throwing it. */
export function tryDecodeLeaseLink(link: unknown): DecodeLeaseLinkResult {
  try {
    return { ok: true, value: decodeLeaseLink(link) };
  } catch (e) {
    if (e instanceof LeaseLinkError) return { ok: false, error: e };
    // A defect in this codec, not in the link: still fail closed, but say so.
    return { ok: false, error: new LeaseLinkError('LINK_MALFORMED', { details: 'Internal decoder error.', cause: e }) };
  }
}

/** Checks size, character set, scheme, host and path; returns the query string. */
function splitLink(link: unknown): string {
  if (typeof link !== 'string') throw new LeaseLinkError('LINK_MALFORMED', { details: 'A link is text.' });
  if (link.length > MAX_LEASE_LINK_LENGTH) {
    throw new LeaseLinkError('LINK_TOO_LONG', {
      details: `It has ${link.length} characters; the limit is ${MAX_LEASE_LINK_LENGTH}.`,
    });
  }
  // A well-formed link is printable ASCII only (its payload is base64url); this also makes length == bytes.
  for (let i = 0; i < link.length; i++) {
    const c = link.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f) {
      throw new LeaseLinkError('LINK_MALFORMED', {
        details: `Unexpected ${c === 0x20 ? 'space' : 'character'} at position ${i}.`,
      });
    }
  }
  const schemeEnd = link.indexOf(':');
  if (schemeEnd <= 0) throw new LeaseLinkError('LINK_MALFORMED', { details: 'It has no scheme.' });
  if (link.slice(0, schemeEnd) !== LEASE_LINK_SCHEME) {
    throw new LeaseLinkError('LINK_SCHEME', { details: `Expected ${LEASE_LINK_SCHEME}://.` });
  }
  if (!link.startsWith('//', schemeEnd + 1)) {
    throw new LeaseLinkError('LINK_MALFORMED', { details: `Expected ${LEASE_LINK_SCHEME}:// followed by a host.` });
  }
  const rest = link.slice(schemeEnd + 3);
  const hashAt = rest.indexOf('#');
  if (hashAt !== -1) throw new LeaseLinkError('LINK_PARAMS', { details: 'A lease link has no #fragment.' });
  const queryAt = rest.indexOf('?');
  const authorityAndPath = queryAt === -1 ? rest : rest.slice(0, queryAt);
  const slashAt = authorityAndPath.indexOf('/');
  const host = slashAt === -1 ? authorityAndPath : authorityAndPath.slice(0, slashAt);
  const path = slashAt === -1 ? '' : authorityAndPath.slice(slashAt);
  if (host !== LEASE_LINK_HOST) {
    throw new LeaseLinkError('LINK_HOST', { details: `Expected ${LEASE_LINK_PREFIX}.` });
  }
  // Some shells add a trailing slash when passing a custom-scheme URL on; nothing else is allowed.
  if (path !== '' && path !== '/') throw new LeaseLinkError('LINK_PATH');
  if (queryAt === -1) throw new LeaseLinkError('LINK_PARAMS', { details: `The ${LEASE_LINK_PARAM}= parameter is missing.` });
  return rest.slice(queryAt + 1);
}

/** Exactly one parameter, `r`, with a non-empty value. */
function readParam(query: string): string {
  const parts = query.split('&');
  let value: string | undefined;
  for (const part of parts) {
    const eq = part.indexOf('=');
    const name = eq === -1 ? part : part.slice(0, eq);
    if (name !== LEASE_LINK_PARAM) {
      throw new LeaseLinkError('LINK_PARAMS', {
        details: `Unexpected parameter "${safeFieldPath([name])}"; only ${LEASE_LINK_PARAM}= is allowed.`,
      });
    }
    if (value !== undefined) {
      throw new LeaseLinkError('LINK_PARAMS', { details: `The ${LEASE_LINK_PARAM}= parameter appears twice.` });
    }
    if (eq === -1 || eq === part.length - 1) {
      throw new LeaseLinkError('LINK_PARAMS', { details: `The ${LEASE_LINK_PARAM}= parameter is empty.` });
    }
    value = part.slice(eq + 1);
  }
  if (value === undefined) {
    throw new LeaseLinkError('LINK_PARAMS', { details: `The ${LEASE_LINK_PARAM}= parameter is missing.` });
  }
  return value;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodePayload(encoded: string): unknown {
  const decoded = decodeBase64Url(encoded);
  if (!decoded.ok) {
    const details =
      decoded.reason === 'alphabet'
        ? `Character ${decoded.index ?? 0} of the payload is outside the base64url alphabet (A-Z a-z 0-9 - _, no padding).`
        : decoded.reason === 'length'
          ? 'The payload has an impossible length.'
          : 'The payload is not canonically encoded (non-zero trailing bits).';
    throw new LeaseLinkError('LINK_BASE64', { details });
  }
  let text: string;
  try {
    text = utf8.decode(decoded.bytes);
  } catch (e) {
    throw new LeaseLinkError('LINK_UTF8', { cause: e });
  }
  const parsed = parseStrictJson(text);
  if (!parsed.ok) {
    if (parsed.reason === 'duplicate-key') {
      const field = safeFieldPath(parsed.path.split('.'));
      throw new LeaseLinkError('LINK_DUPLICATE_FIELD', { field });
    }
    throw new LeaseLinkError('LINK_JSON');
  }
  if (typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) {
    throw new LeaseLinkError('LINK_JSON', { details: 'The payload must be a JSON object.' });
  }
  return parsed.value;
}
