/** The deep-link codec: round trip, and one distinct error for each way a link can be wrong. */
import { describe, expect, it, beforeAll } from 'vitest';
import { encodeBase64Url } from '../../../shared/lease/base64url.js';
import { LeaseLinkError, type LeaseLinkErrorCode } from '../../../shared/lease/errors.js';
import {
  decodeLeaseLink,
  encodeLeaseLink,
  LEASE_LINK_PREFIX,
  MAX_LEASE_LINK_LENGTH,
  tryDecodeLeaseLink,
  type LeaseLinkPayload,
} from '../../../shared/lease/link.js';
import { verifyLeaseRequestSignature } from '../../../shared/lease/signature.js';
import { signLeaseRequest } from '../../../requester/sign-lease-request.js';
import { highSTwin, requesterAccount, SAMPLE_DOMAIN, sampleMessage } from '../../helpers/chain-requests.js';

let payload: LeaseLinkPayload;
let link: string;
/** The canonical JSON object inside `link`. */
let json: Record<string, unknown> & { message: Record<string, unknown> };

beforeAll(async () => {
  payload = await signLeaseRequest(requesterAccount, SAMPLE_DOMAIN, sampleMessage());
  link = encodeLeaseLink(payload);
  const b64 = link.slice(link.indexOf('?r=') + 3);
  json = JSON.parse(Buffer.from(b64, 'base64url').toString('utf8')) as typeof json;
});

function linkOf(text: string): string {
  return `${LEASE_LINK_PREFIX}?r=${encodeBase64Url(new TextEncoder().encode(text))}`;
}

function withMessage(changes: Record<string, unknown>, drop: string[] = []): string {
  const message: Record<string, unknown> = { ...json.message, ...changes };
  for (const key of drop) delete message[key];
  return linkOf(JSON.stringify({ ...json, message }));
}

function withEnvelope(changes: Record<string, unknown>, drop: string[] = []): string {
  const envelope: Record<string, unknown> = { ...json, ...changes };
  for (const key of drop) delete envelope[key];
  return linkOf(JSON.stringify(envelope));
}

function codeOf(input: unknown): { code: LeaseLinkErrorCode; field: string | undefined; message: string } {
  try {
    decodeLeaseLink(input);
  } catch (e) {
    expect(e).toBeInstanceOf(LeaseLinkError);
    const error = e as LeaseLinkError;
    return { code: error.code, field: error.field, message: error.message };
  }
  throw new Error('expected the link to be rejected');
}

describe('round trip', () => {
  it('encodes the documented shape and decodes it back to the same payload', async () => {
    expect(link.startsWith('datawallet://lease-request?r=')).toBe(true);
    expect(link).toMatch(/^datawallet:\/\/lease-request\?r=[A-Za-z0-9_-]+$/);
    expect(Object.keys(json)).toEqual(['chainId', 'verifyingContract', 'message', 'signature']);
    expect(json.chainId).toBe('4478796');
    expect(json.message.price).toBe('6000');
    expect(json.message.maxEpsilonMilli).toBe('3000');
    const decoded = decodeLeaseLink(link);
    expect(decoded).toEqual(payload);
    expect(await verifyLeaseRequestSignature({ ...decoded })).toBe(true);
    expect(encodeLeaseLink(decoded)).toBe(link);
  });

  it('accepts lowercase addresses, upper-case signature hex and a trailing slash, normalising them', () => {
    const lower = withEnvelope({
      verifyingContract: (json.verifyingContract as string).toLowerCase(),
      signature: (json.signature as string).toUpperCase().replace('0X', '0x'),
    });
    expect(decodeLeaseLink(lower)).toEqual(payload);
    expect(decodeLeaseLink(link.replace('lease-request?', 'lease-request/?'))).toEqual(payload);
  });

  it('carries extreme but valid values exactly', async () => {
    const message = sampleMessage({
      price: 2n ** 256n - 1n,
      nonce: 2n ** 256n - 1n,
      dataFrom: 0n,
      dataTo: 2n ** 64n - 1n,
      duration: 2n ** 64n - 1n,
      deadline: 2n ** 64n - 1n,
      maxEpsilonMilli: 2 ** 32 - 1,
      description: '',
      requesterName: 'Ünïcødé Läb 研究所 🧪',
      datasets: ['a'],
    });
    const signed = await signLeaseRequest(requesterAccount, SAMPLE_DOMAIN, message);
    const decoded = decodeLeaseLink(encodeLeaseLink(signed));
    expect(decoded.message).toEqual(message);
    expect(await verifyLeaseRequestSignature(decoded)).toBe(true);
  });

  it('tryDecodeLeaseLink returns the error instead of throwing', () => {
    const result = tryDecodeLeaseLink('https://example.org');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('LINK_SCHEME');
  });
});

describe('rejections, each with its own code', () => {
  it('LINK_TOO_LONG: refused before any decoding', () => {
    const long = `${LEASE_LINK_PREFIX}?r=${'!'.repeat(MAX_LEASE_LINK_LENGTH)}`; // bad base64 too, but size comes first
    expect(codeOf(long).code).toBe('LINK_TOO_LONG');
    expect(codeOf(`${link}${'A'.repeat(MAX_LEASE_LINK_LENGTH)}`).code).toBe('LINK_TOO_LONG');
    expect(link.length).toBeLessThan(MAX_LEASE_LINK_LENGTH);
  });

  it('LINK_TOO_LONG: the encoder refuses to make one', async () => {
    const message = sampleMessage({
      description: '研'.repeat(1000), // 3 UTF-8 bytes each
      datasets: Array.from({ length: 16 }, (_, i) => `dataset-${String(i).padStart(2, '0')}-${'x'.repeat(189)}`),
    });
    const signed = await signLeaseRequest(requesterAccount, SAMPLE_DOMAIN, message);
    expect(() => encodeLeaseLink(signed)).toThrow(expect.objectContaining({ code: 'LINK_TOO_LONG' }));
  });

  it('LINK_MALFORMED', () => {
    expect(codeOf(42).code).toBe('LINK_MALFORMED');
    expect(codeOf(null).code).toBe('LINK_MALFORMED');
    expect(codeOf(`${link} `).code).toBe('LINK_MALFORMED');
    expect(codeOf(link.replace('lease', 'leäse')).code).toBe('LINK_MALFORMED');
    expect(codeOf('lease-request?r=AAAA').code).toBe('LINK_MALFORMED');
    expect(codeOf('datawallet:lease-request?r=AAAA').code).toBe('LINK_MALFORMED');
    expect(codeOf('').code).toBe('LINK_MALFORMED');
  });

  it('LINK_SCHEME', () => {
    expect(codeOf(link.replace('datawallet:', 'https:')).code).toBe('LINK_SCHEME');
    expect(codeOf(link.replace('datawallet:', 'DataWallet:')).code).toBe('LINK_SCHEME');
    expect(codeOf(link.replace('datawallet:', 'datawallet2:')).code).toBe('LINK_SCHEME');
  });

  it('LINK_HOST', () => {
    expect(codeOf(link.replace('lease-request', 'lease-requests')).code).toBe('LINK_HOST');
    expect(codeOf(link.replace('lease-request', 'evil@lease-request')).code).toBe('LINK_HOST');
    expect(codeOf(link.replace('lease-request', 'lease-request:443')).code).toBe('LINK_HOST');
    expect(codeOf(link.replace('lease-request', 'LEASE-REQUEST')).code).toBe('LINK_HOST');
  });

  it('LINK_PATH', () => {
    expect(codeOf(link.replace('lease-request?', 'lease-request/approve?')).code).toBe('LINK_PATH');
    expect(codeOf(link.replace('lease-request?', 'lease-request//?')).code).toBe('LINK_PATH');
  });

  it('LINK_PARAMS: missing, empty, repeated, unknown parameters and fragments', () => {
    const r = link.slice(link.indexOf('?r=') + 3);
    expect(codeOf(LEASE_LINK_PREFIX).code).toBe('LINK_PARAMS');
    expect(codeOf(`${LEASE_LINK_PREFIX}?`).code).toBe('LINK_PARAMS');
    expect(codeOf(`${LEASE_LINK_PREFIX}?r=`).code).toBe('LINK_PARAMS');
    expect(codeOf(`${LEASE_LINK_PREFIX}?r`).code).toBe('LINK_PARAMS');
    expect(codeOf(`${link}&r=${r}`).code).toBe('LINK_PARAMS');
    expect(codeOf(`${link}&approve=1`).code).toBe('LINK_PARAMS');
    expect(codeOf(`${LEASE_LINK_PREFIX}?x=1&r=${r}`).code).toBe('LINK_PARAMS');
    expect(codeOf(`${link}#r=${r}`).code).toBe('LINK_PARAMS');
    expect(codeOf(`${LEASE_LINK_PREFIX}?%72=${r}`).code).toBe('LINK_PARAMS');
  });

  it('LINK_BASE64: padding, the standard alphabet, impossible lengths, non-canonical tails, percent-escapes', () => {
    const r = link.slice(link.indexOf('?r=') + 3);
    expect(codeOf(`${link}=`).code).toBe('LINK_BASE64');
    expect(codeOf(`${LEASE_LINK_PREFIX}?r=${r.slice(0, 8)}+${r.slice(9)}`).code).toBe('LINK_BASE64');
    expect(codeOf(`${LEASE_LINK_PREFIX}?r=${r.slice(0, 8)}/${r.slice(9)}`).code).toBe('LINK_BASE64');
    expect(codeOf(`${LEASE_LINK_PREFIX}?r=${r.slice(0, 8)}%41${r.slice(9)}`).code).toBe('LINK_BASE64');
    expect(codeOf(`${LEASE_LINK_PREFIX}?r=AAAAA`).code).toBe('LINK_BASE64'); // length 1 mod 4
    expect(codeOf(`${LEASE_LINK_PREFIX}?r=QR`).code).toBe('LINK_BASE64'); // "A" is QQ; QR has stray bits
    expect(codeOf(`${LEASE_LINK_PREFIX}?r=QUJ`).code).toBe('LINK_BASE64'); // "AB" is QUI
  });

  it('LINK_UTF8', () => {
    expect(codeOf(`${LEASE_LINK_PREFIX}?r=${encodeBase64Url(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))}`).code).toBe('LINK_UTF8');
    // An overlong encoding of "/" is not UTF-8 either.
    expect(codeOf(`${LEASE_LINK_PREFIX}?r=${encodeBase64Url(new Uint8Array([0x22, 0xc0, 0xaf, 0x22]))}`).code).toBe('LINK_UTF8');
  });

  it('LINK_JSON: not JSON, not an object, a byte-order mark, trailing text', () => {
    expect(codeOf(linkOf('not json')).code).toBe('LINK_JSON');
    expect(codeOf(linkOf('[1,2]')).code).toBe('LINK_JSON');
    expect(codeOf(linkOf('"text"')).code).toBe('LINK_JSON');
    expect(codeOf(linkOf('null')).code).toBe('LINK_JSON');
    expect(codeOf(linkOf(`\uFEFF${JSON.stringify(json)}`)).code).toBe('LINK_JSON');
    expect(codeOf(linkOf(`${JSON.stringify(json)} x`)).code).toBe('LINK_JSON');
  });

  it('LINK_DUPLICATE_FIELD: top level, nested, and disguised with escapes', () => {
    const text = JSON.stringify(json);
    const topDup = text.replace('{"chainId":"4478796"', '{"chainId":"1","chainId":"4478796"');
    expect(codeOf(linkOf(topDup))).toMatchObject({ code: 'LINK_DUPLICATE_FIELD', field: 'chainId' });
    const nested = text.replace('"price":"6000"', '"price":"1","price":"6000"');
    expect(codeOf(linkOf(nested))).toMatchObject({ code: 'LINK_DUPLICATE_FIELD', field: 'message.price' });
    const escaped = text.replace('"price":"6000"', '"price":"6000","\\u0070rice":"1"');
    expect(codeOf(linkOf(escaped))).toMatchObject({ code: 'LINK_DUPLICATE_FIELD', field: 'message.price' });
    // Strings that merely contain quotes and braces are not keys.
    const tricky = withMessage({ description: 'a "price":"1" {"price":"2"} \\" [' });
    expect(decodeLeaseLink(tricky).message.description).toBe('a "price":"1" {"price":"2"} \\" [');
  });

  it('LINK_UNKNOWN_FIELD', () => {
    expect(codeOf(withEnvelope({ approve: true }))).toMatchObject({ code: 'LINK_UNKNOWN_FIELD', field: 'approve' });
    expect(codeOf(withMessage({ owner: '0x0' }))).toMatchObject({ code: 'LINK_UNKNOWN_FIELD', field: 'message.owner' });
    expect(codeOf(linkOf(JSON.stringify(json).replace('{', '{"__proto__":{"x":1},')))).toMatchObject({
      code: 'LINK_UNKNOWN_FIELD',
    });
  });

  it('LINK_MISSING_FIELD, naming the field', () => {
    for (const key of ['chainId', 'verifyingContract', 'message', 'signature']) {
      expect(codeOf(withEnvelope({}, [key]))).toMatchObject({ code: 'LINK_MISSING_FIELD', field: key });
    }
    for (const key of Object.keys(json.message).filter((k) => k !== 'token')) {
      expect(codeOf(withMessage({}, [key]))).toMatchObject({ code: 'LINK_MISSING_FIELD', field: `message.${key}` });
    }
  });

  it('LINK_PROTOCOL_VERSION: a version-1 link (no token) is refused with an error that says the requester must upgrade', () => {
    const refused = codeOf(withMessage({}, ['token']));
    expect(refused).toMatchObject({ code: 'LINK_PROTOCOL_VERSION', field: 'message.token' });
    expect(refused.message).toMatch(/version 1 of the lease protocol.*version 2/);
    try {
      decodeLeaseLink(withMessage({}, ['token']));
    } catch (e) {
      expect((e as LeaseLinkError).hint).toMatch(/requester must upgrade to lease protocol version 2/);
    }
    // Without a price and requester it is not a version-1 request either: the schema names what is missing.
    expect(codeOf(withMessage({}, ['token', 'price'])).code).toBe('LINK_MISSING_FIELD');
  });

  it('token: decoded checksummed; lowercase, malformed or non-string tokens are refused', () => {
    const usdcLike = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48';
    const decoded = decodeLeaseLink(withMessage({ token: usdcLike }));
    expect(decoded.message.token).toBe(usdcLike);
    expect(codeOf(withMessage({ token: usdcLike.toLowerCase() }))).toMatchObject({ code: 'LINK_ADDRESS', field: 'message.token' });
    expect(codeOf(withMessage({ token: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB4' })).code).toBe('LINK_ADDRESS');
    expect(codeOf(withMessage({ token: 'USDC' })).code).toBe('LINK_ADDRESS');
    expect(codeOf(withMessage({ token: 0 })).code).toBe('LINK_FIELD_INVALID');
    expect(decodeLeaseLink(link).message.token).toBe('0x0000000000000000000000000000000000000000');
  });

  it('LINK_NUMBER_FORMAT: JSON numbers and non-canonical decimal strings', () => {
    expect(codeOf(withMessage({ price: 6000 }))).toMatchObject({ code: 'LINK_NUMBER_FORMAT', field: 'message.price' });
    expect(codeOf(withEnvelope({ chainId: 4478796 }))).toMatchObject({ code: 'LINK_NUMBER_FORMAT', field: 'chainId' });
    for (const bad of ['06000', '6e3', '+6000', '6000.0', ' 6000', '6000 ', '-1', '0x1770', '', '６０００']) {
      expect(codeOf(withMessage({ price: bad })).code, bad).toBe('LINK_NUMBER_FORMAT');
    }
    expect(codeOf(withEnvelope({ chainId: '04478796' })).code).toBe('LINK_NUMBER_FORMAT');
    expect(codeOf(withMessage({ nonce: '1'.repeat(79) })).code).toBe('LINK_NUMBER_FORMAT');
  });

  it('LINK_NUMBER_RANGE: each integer checked against its uint width', () => {
    expect(codeOf(withMessage({ maxEpsilonMilli: String(2 ** 32) }))).toMatchObject({
      code: 'LINK_NUMBER_RANGE',
      field: 'message.maxEpsilonMilli',
    });
    expect(codeOf(withMessage({ dataTo: String(2n ** 64n) })).code).toBe('LINK_NUMBER_RANGE');
    expect(codeOf(withMessage({ deadline: String(2n ** 64n) })).code).toBe('LINK_NUMBER_RANGE');
    expect(codeOf(withMessage({ price: String(2n ** 256n) })).code).toBe('LINK_NUMBER_RANGE');
    expect(codeOf(withMessage({ duration: '0' })).code).toBe('LINK_NUMBER_RANGE');
    expect(codeOf(withEnvelope({ chainId: '0' })).code).toBe('LINK_NUMBER_RANGE');
    expect(codeOf(withEnvelope({ chainId: '9007199254740992' })).code).toBe('LINK_NUMBER_RANGE');
  });

  it('LINK_ADDRESS: bad checksum, wrong length, zero address', () => {
    const requester = json.message.requester as string;
    const badChecksum = requester.slice(0, 2) + requester.slice(2).replace(/[a-f]/, (c) => c.toUpperCase());
    expect(badChecksum).not.toBe(requester);
    expect(codeOf(withMessage({ requester: badChecksum }))).toMatchObject({ code: 'LINK_ADDRESS', field: 'message.requester' });
    expect(codeOf(withMessage({ requester: requester.toUpperCase().replace('0X', '0x') })).code).toBe('LINK_ADDRESS');
    expect(codeOf(withMessage({ requester: requester.slice(0, 40) })).code).toBe('LINK_ADDRESS');
    expect(codeOf(withEnvelope({ verifyingContract: `0x${'0'.repeat(40)}` }))).toMatchObject({
      code: 'LINK_ADDRESS',
      field: 'verifyingContract',
    });
  });

  it('LINK_SIGNATURE_FORMAT: length, recovery byte, high s, non-hex', () => {
    const sig = json.signature as `0x${string}`;
    expect(codeOf(withEnvelope({ signature: sig.slice(0, 130) })).code).toBe('LINK_SIGNATURE_FORMAT');
    expect(codeOf(withEnvelope({ signature: `${sig.slice(0, 130)}00` })).code).toBe('LINK_SIGNATURE_FORMAT');
    expect(codeOf(withEnvelope({ signature: `${sig.slice(0, 130)}01` })).code).toBe('LINK_SIGNATURE_FORMAT');
    expect(codeOf(withEnvelope({ signature: highSTwin(sig) })).code).toBe('LINK_SIGNATURE_FORMAT');
    expect(codeOf(withEnvelope({ signature: `${sig.slice(0, 10)}zz${sig.slice(12)}` })).code).toBe('LINK_SIGNATURE_FORMAT');
  });

  it('LINK_FIELD_INVALID: bounds, duplicates, control characters, purpose and task URL rules', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ datasets: [] }, 'message.datasets'],
      [{ datasets: ['steps', 'steps'] }, 'message.datasets'],
      [{ datasets: Array.from({ length: 17 }, (_, i) => `d${i}`) }, 'message.datasets'],
      [{ datasets: ['ok', ''] }, 'message.datasets[1]'],
      [{ datasets: 'steps' }, 'message.datasets'],
      [{ requesterName: '' }, 'message.requesterName'],
      [{ requesterName: '   ' }, 'message.requesterName'],
      [{ requesterName: 'x'.repeat(81) }, 'message.requesterName'],
      [{ requesterName: 'Trusted Bank\u202Eevil' }, 'message.requesterName'],
      [{ requesterName: 'Line\nbreak' }, 'message.requesterName'],
      [{ description: 'x'.repeat(1001) }, 'message.description'],
      [{ description: 'carriage\rreturn' }, 'message.description'],
      [{ purpose: 'Research' }, 'message.purpose'],
      [{ purpose: 'dpv:Research and Development' }, 'message.purpose'],
      [{ taskUrl: 'http://lab.example.org/tasks' }, 'message.taskUrl'],
      [{ taskUrl: 'javascript:alert(1)' }, 'message.taskUrl'],
      [{ taskUrl: 'https://user:pw@lab.example.org/' }, 'message.taskUrl'],
      [{ taskUrl: 'HTTPS://LAB.example.org/tasks' }, 'message.taskUrl'],
      [{ taskUrl: 'not a url' }, 'message.taskUrl'],
      [{ dataFrom: '1760000001' }, 'message.dataTo'],
      [{ requesterName: 42 }, 'message.requesterName'],
    ];
    for (const [change, field] of cases) {
      expect(codeOf(withMessage(change)), JSON.stringify(change)).toMatchObject({ code: 'LINK_FIELD_INVALID', field });
    }
    // Multi-line descriptions and loopback http task URLs are fine.
    expect(decodeLeaseLink(withMessage({ description: 'one\n\ttwo' })).message.description).toBe('one\n\ttwo');
    expect(decodeLeaseLink(withMessage({ taskUrl: 'http://127.0.0.1:8080/tasks' })).message.taskUrl).toBe(
      'http://127.0.0.1:8080/tasks',
    );
  });

  it('never echoes attacker-chosen text into messages', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const unknownParam = codeOf(`${link}&${encodeURIComponent(hostile)}=1`);
    expect(unknownParam.message).not.toContain('<');
    const unknownKey = codeOf(withEnvelope({ [hostile]: 1 }));
    expect(unknownKey.code).toBe('LINK_UNKNOWN_FIELD');
    expect(unknownKey.message).not.toContain('<');
    expect(codeOf(withMessage({ requesterName: `${hostile}\u0000` })).message).not.toContain('<img');
  });
});
