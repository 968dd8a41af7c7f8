/**
 * Property: whatever string arrives as a link, decoding either yields a
 * payload or throws a LeaseLinkError — never anything else — and a mutated
 * link that still decodes never verifies unless it means exactly the signed
 * request (no approval of something the requester did not sign).
 * 10,000 cases in all.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeBase64Url } from '../../../shared/lease/base64url.js';
import { LeaseLinkError } from '../../../shared/lease/errors.js';
import { decodeLeaseLink, encodeLeaseLink, LEASE_LINK_PREFIX, type LeaseLinkPayload } from '../../../shared/lease/link.js';
import { verifyLeaseRequestSignature } from '../../../shared/lease/signature.js';
import { signLeaseRequest } from '../../../requester/sign-lease-request.js';
import { requesterAccount, SAMPLE_DOMAIN, sampleMessage } from '../../helpers/chain-requests.js';

let payload: LeaseLinkPayload;
let link: string;
let json: Record<string, unknown> & { message: Record<string, unknown> };

beforeAll(async () => {
  payload = await signLeaseRequest(requesterAccount, SAMPLE_DOMAIN, sampleMessage());
  link = encodeLeaseLink(payload);
  json = JSON.parse(Buffer.from(link.slice(link.indexOf('?r=') + 3), 'base64url').toString('utf8')) as typeof json;
});

/** Decodes; fails the property on any error that is not ours; checks "no approval" on success. */
async function decodesSafely(input: string): Promise<void> {
  let decoded: LeaseLinkPayload;
  try {
    decoded = decodeLeaseLink(input);
  } catch (e) {
    if (!(e instanceof LeaseLinkError)) {
      throw new Error(`uncaught ${String(e)} for ${JSON.stringify(input).slice(0, 200)}`, { cause: e });
    }
    expect(typeof e.code).toBe('string');
    return;
  }
  if (await verifyLeaseRequestSignature(decoded)) expect(decoded).toEqual(payload);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('decodeLeaseLink on hostile input', () => {
  it('random strings', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), decodesSafely), { numRuns: 2500 });
  });

  it('random payloads behind a valid prefix', async () => {
    const payloadArb = fc.oneof(
      fc.string({ unit: fc.constantFrom(...B64), maxLength: 400 }),
      fc.uint8Array({ maxLength: 300 }).map((b) => encodeBase64Url(b)),
      fc.jsonValue().map((v) => encodeBase64Url(new TextEncoder().encode(JSON.stringify(v) ?? 'null'))),
    );
    await fc.assert(fc.asyncProperty(payloadArb, (r) => decodesSafely(`${LEASE_LINK_PREFIX}?r=${r}`)), { numRuns: 2500 });
  });

  it('character-level mutations of a valid link', async () => {
    const edit = fc.record({
      at: fc.nat(),
      kind: fc.constantFrom('replace', 'insert', 'delete'),
      char: fc.oneof(fc.constantFrom(...B64, '=', '&', '?', '#', '%', '/', ' ', '\u00e9'), fc.string({ minLength: 1, maxLength: 1 })),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 4 }), async (edits) => {
        let s = link;
        for (const { at, kind, char } of edits) {
          const i = at % (s.length + 1);
          s = kind === 'insert' ? s.slice(0, i) + char + s.slice(i) : kind === 'delete' ? s.slice(0, i) + s.slice(i + 1) : s.slice(0, i) + char + s.slice(i + 1);
        }
        await decodesSafely(s);
      }),
      { numRuns: 3000 },
    );
  });

  it('field-level mutations of a valid request (decoded, changed, re-encoded)', async () => {
    const fieldArb = fc.constantFrom(...Object.keys(sampleMessage()));
    const valueArb = fc.oneof(
      fc.jsonValue(),
      fc.bigInt({ min: -1n, max: 2n ** 257n }).map(String),
      fc.constantFrom('0', '6001', '5999', '61', '59', '1', '', 'dpv:Marketing', '0x0000000000000000000000000000000000000001'),
      fc.string({ maxLength: 40 }),
    );
    await fc.assert(
      fc.asyncProperty(fieldArb, valueArb, fc.boolean(), async (field, value, topLevel) => {
        const mutated = topLevel
          ? { ...json, [field.length % 2 ? 'chainId' : 'verifyingContract']: value }
          : { ...json, message: { ...json.message, [field]: value } };
        await decodesSafely(`${LEASE_LINK_PREFIX}?r=${encodeBase64Url(new TextEncoder().encode(JSON.stringify(mutated)))}`);
      }),
      { numRuns: 2000 },
    );
  });
});
