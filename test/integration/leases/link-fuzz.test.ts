/**
 * Property, through the lease service (not only the codec): whatever string
 * arrives as a link, inspect() and approve() end in one of our WalletErrors —
 * never an uncaught exception of another kind — and never in a grant. The
 * one genuine request is granted first, so every link that still means it
 * is "already approved". 10,000 links in all, mostly structural mutations
 * (cheap to refuse); the field-level ones reach the ~2 ms signature check.
 */
import fc from 'fast-check';
import { parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataLeaseAbi } from '../../../contracts/artifacts/DataLease.js';
import { isWalletError } from '../../../electron/core/errors.js';
import { encodeBase64Url } from '../../../shared/lease/base64url.js';
import { LEASE_LINK_PREFIX } from '../../../shared/lease/link.js';
import { closeWallet, freshMessage, fundRequester, openWallet, signedLink, type Wallet } from '../../helpers/lease-fixture.js';

let w: Wallet;
let link: string;
let json: Record<string, unknown> & { message: Record<string, unknown> };
let leaseCountBefore: bigint;
const outcomes = new Map<string, number>();

beforeAll(async () => {
  w = await openWallet();
  await fundRequester(w, parseEther('1'));
  ({ link } = await signedLink(w, await freshMessage(w)));
  await w.service.approve(link);
  json = JSON.parse(Buffer.from(link.slice(link.indexOf('?r=') + 3), 'base64url').toString('utf8')) as typeof json;
  leaseCountBefore = await leaseCount();
});
afterAll(async () => {
  if (w) await closeWallet(w);
});

function leaseCount(): Promise<bigint> {
  return w.chain.ctx.publicClient.readContract({ address: w.chain.contract, abi: dataLeaseAbi, functionName: 'leaseCount' });
}

/** Runs `input` through approve (or inspect); anything but one of our errors fails the property. */
async function refusedSafely(input: string, via: 'approve' | 'inspect'): Promise<void> {
  let result: unknown;
  try {
    result = via === 'approve' ? await w.service.approve(input) : await w.service.inspect(input);
  } catch (e) {
    if (!isWalletError(e)) throw new Error(`uncaught ${String(e)} for ${JSON.stringify(input).slice(0, 200)}`, { cause: e });
    const key = `${e.name}:${(e as { reason?: string }).reason ?? ''}`;
    outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    return;
  }
  if (via === 'approve') throw new Error(`approved a hostile link: ${JSON.stringify(input).slice(0, 200)}`);
  // inspect may show the genuine request (already approved); nothing else verifies.
  expect((result as { status: string }).status).toBe('approved');
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const via = fc.constantFrom<'approve' | 'inspect'>('approve', 'approve', 'approve', 'inspect');
const encode = (value: unknown): string => `${LEASE_LINK_PREFIX}?r=${encodeBase64Url(new TextEncoder().encode(JSON.stringify(value) ?? 'null'))}`;

describe('the lease service on hostile links', () => {
  it('random strings', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), via, refusedSafely), { numRuns: 2000 });
  });

  it('random payloads behind a valid prefix', async () => {
    const payload = fc.oneof(
      fc.string({ unit: fc.constantFrom(...B64), maxLength: 400 }),
      fc.uint8Array({ maxLength: 300 }).map((b) => encodeBase64Url(b)),
      fc.jsonValue().map((v) => encodeBase64Url(new TextEncoder().encode(JSON.stringify(v) ?? 'null'))),
    );
    await fc.assert(fc.asyncProperty(payload, via, (r, v) => refusedSafely(`${LEASE_LINK_PREFIX}?r=${r}`, v)), { numRuns: 2500 });
  });

  it('character-level mutations of the genuine link', async () => {
    const edit = fc.record({
      at: fc.nat(),
      op: fc.constantFrom('replace', 'insert', 'delete', 'swap'),
      ch: fc.oneof(fc.constantFrom(...B64, '=', '%', '&', '#', '/', '?', ' '), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 3 }), via, async (edits, v) => {
        let s = link;
        for (const { at, op, ch } of edits) {
          const i = at % (s.length + 1);
          if (op === 'replace') s = s.slice(0, i) + ch + s.slice(i + 1);
          else if (op === 'insert') s = s.slice(0, i) + ch + s.slice(i);
          else if (op === 'delete') s = s.slice(0, i) + s.slice(i + 1);
          else s = s.slice(0, i) + s.slice(i + 1, i + 2) + s.slice(i, i + 1) + s.slice(i + 2);
        }
        await refusedSafely(s, v);
      }),
      { numRuns: 3000 },
    );
  });

  it('structural and field-level mutations of the signed JSON', async () => {
    const keys = [...Object.keys(json), ...Object.keys(json.message).map((k) => `message.${k}`)];
    const value = fc.oneof(
      fc.jsonValue(),
      fc.bigInt({ min: -1n, max: 2n ** 257n }).map(String),
      fc.constantFrom('0', '6001', '5999', '61', '59', '', 'dpv:Marketing', '0x0000000000000000000000000000000000000001', '4478796'),
      fc.string({ maxLength: 40 }),
    );
    const mutation = fc.oneof(
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('set' as const), key: fc.constantFrom(...keys), value }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop' as const), key: fc.constantFrom(...keys), value: fc.constant(null) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('add' as const), key: fc.string({ maxLength: 12 }), value }) },
    );
    await fc.assert(
      fc.asyncProperty(mutation, via, async ({ kind, key, value: v }, path) => {
        const copy: Record<string, unknown> & { message: Record<string, unknown> } = { ...json, message: { ...json.message } };
        const [top, sub] = key.startsWith('message.') ? ['message', key.slice(8)] : [key, undefined];
        const target: Record<string, unknown> = sub === undefined ? copy : copy.message;
        const field = sub ?? top;
        if (kind === 'drop') delete target[field];
        else target[field] = v;
        await refusedSafely(encode(copy), path);
      }),
      { numRuns: 2500 },
    );
  });

  it('granted nothing, and logged every refusal in an intact audit log', async () => {
    // Self-contained (it does not rely on the properties above having run): one link per refusal kind.
    const local = new Map<string, number>();
    let seqBefore = 0;
    for (let page = w.audit.list({ limit: 1000 }); page.length > 0; page = w.audit.list({ afterSeq: seqBefore, limit: 1000 })) {
      seqBefore = page.at(-1)!.seq;
    }
    const tampered = { ...json, message: { ...json.message, price: '1' } };
    const otherChain = (await signedLink(w, await freshMessage(w), undefined, { chainId: 1 })).link;
    const links = [`${LEASE_LINK_PREFIX}?r=!!`, encode(tampered), otherChain];
    for (const l of links) {
      const e = await w.service.approve(l).catch((x: unknown) => x);
      expect(isWalletError(e)).toBe(true);
      const key = `${(e as Error).name}:${(e as { reason?: string }).reason ?? ''}`;
      local.set(key, (local.get(key) ?? 0) + 1);
    }
    expect([...local.keys()].sort()).toEqual(
      ['LeaseRequestRefusedError:bad-signature', 'LeaseRequestRefusedError:malformed', 'LeaseRequestRefusedError:wrong-chain'],
    );
    expect(await leaseCount()).toBe(leaseCountBefore);
    const leases = await w.service.list({ chain: false });
    expect(leases.filter((l) => l.status !== 'pending')).toHaveLength(1); // the genuine request only
    const refusals = w.audit.list({ afterSeq: seqBefore, limit: 1000 }).filter((e) => e.type === 'request.refused');
    expect(refusals.map((e) => e.data['reason'])).toEqual(['malformed', 'bad-signature', 'wrong-chain']);
    expect(w.audit.verify().ok).toBe(true);
  });

  afterAll(async () => {
    // Whatever ran above, nothing was granted; the tally is reported for information.
    if (w) expect(await leaseCount()).toBe(leaseCountBefore);
    if (outcomes.size > 0) console.info(`link fuzz outcomes: ${JSON.stringify(Object.fromEntries(outcomes))}`);
  });
});
