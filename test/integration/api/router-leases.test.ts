/**
 * The lease, requester, audit and chain calls through the router, on a real
 * vault and the real DataLease contract on the embedded Anvil chain; the
 * requester is played with the requester SDK. Also: locking the wallet stops
 * the chain with the vault.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeaseNotActiveError, RequestAlreadyDecidedError } from '../../../electron/core/leases/errors.js';
import { VaultLockedError } from '../../../electron/core/vault/index.js';
import type { LeaseRequestMessage } from '../../../shared/lease/request.js';
import { openLeasingApiWallet, type ApiWallet } from '../../helpers/api-wallet.js';
import { requesterAccount } from '../../helpers/chain-requests.js';
import { ANVIL_DEV_KEY, startHttpAnvil } from '../../helpers/http-anvil.js';
import { batchesOf, makeRecord } from '../../helpers/vault-fixtures.js';
import { depositTokenAs, mintTo, tokenBalance } from '../../helpers/test-tokens.js';

let w: ApiWallet;
let contract: Address;
let chainId: number;
let link: (overrides?: Partial<LeaseRequestMessage>) => Promise<string>;

beforeAll(async () => {
  ({ w, contract, chainId, link } = await openLeasingApiWallet({ firstNonce: 100n }));
});
afterAll(() => w?.close());

describe('router: requests.*, leases.*', () => {
  it('inspect, receive, approve (narrowed), show, list, receipt, revoke, reconcile; decline', async () => {
    const { client } = w;
    const l = await link();
    const inspected = await client.call('requests.inspect', { link: l });
    expect(inspected).toMatchObject({ status: 'new', requester: requesterAccount.address, purposeLabel: 'Research and Development' });

    const received = await client.call('requests.receive', { link: l });
    expect(received).toMatchObject({ id: inspected.id, status: 'pending' });
    expect(w.events.filter((e) => e.event === 'requests.received')).toHaveLength(1);
    expect(await client.call('leases.list', { chain: false })).toMatchObject([{ id: inspected.id, status: 'pending', leaseId: null }]);

    const lease = await client.call('requests.approve', { ref: inspected.id, narrowing: { duration: '1800' } });
    expect(lease).toMatchObject({ id: inspected.id, status: 'active', terms: { duration: '1800', price: '1800' } });
    expect(w.events.at(-1)).toEqual({ event: 'leases.changed', payload: { id: lease.id, leaseId: lease.leaseId, status: 'active' } });
    expect(await client.call('leases.show', { ref: lease.leaseId! })).toMatchObject({ id: lease.id, status: 'active' });
    expect((await client.call('leases.list', {})).find((x) => x.id === lease.id)).toMatchObject({ chainStatus: 'active' });

    const file = join(w.root, 'receipt.json');
    const { receipt, path } = await client.call('leases.receipt', { ref: lease.leaseId!, path: file });
    expect(path).toBe(file);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(receipt);
    expect(JSON.stringify(receipt)).toContain(lease.id);

    const revoked = await client.call('leases.revoke', { ref: lease.leaseId! });
    expect(revoked.status).toBe('revoked');
    expect(BigInt(revoked.ownerPaid!) + BigInt(revoked.refunded!)).toBe(1800n);
    await expect(client.call('leases.revoke', { ref: lease.leaseId! })).rejects.toBeInstanceOf(LeaseNotActiveError);
    expect(await client.call('leases.reconcile', {})).toEqual({ found: [], resubmitted: [], updated: [], missing: [], unconfirmed: [] });

    const other = await link();
    expect(await client.call('requests.decline', { ref: other })).toMatchObject({ status: 'declined' });
    await expect(client.call('requests.approve', { ref: other })).rejects.toBeInstanceOf(RequestAlreadyDecidedError);
  });
});

describe('router: prices in the network currency', () => {
  it('list, show and approve carry the currency chain.status reports (the embedded chain id 31337 is not a known chain: ETH)', async () => {
    const { client } = w;
    const { currency } = await client.call('chain.status', {});
    expect(currency).toEqual({ symbol: 'ETH', decimals: 18 });
    const l = await link();
    await client.call('requests.receive', { link: l });
    const listed = await client.call('leases.list', { chain: false });
    expect(listed.length).toBeGreaterThan(0);
    for (const row of listed) expect(row.currency).toEqual(currency);
    const lease = await client.call('requests.approve', { ref: l });
    expect(lease.currency).toEqual(currency);
    expect((await client.call('leases.show', { ref: lease.leaseId! })).currency).toEqual(currency);
  });

  it('previewApproval: narrowed terms, price, currency and the zero-price warning; nothing granted', async () => {
    const { client } = w;
    const l = await link({ duration: 3600n, price: 1000n });
    const preview = await client.call('requests.previewApproval', { ref: l, narrowing: { duration: '1800' } });
    expect(preview).toEqual({
      terms: expect.objectContaining({ duration: '1800', price: '500' }),
      recordsInScope: expect.any(Number) as number,
      currency: { symbol: 'ETH', decimals: 18 },
      warnings: [],
      privacy: { requestedMilli: 3000, grantedMilli: 3000, limitMilli: null, aboveLimit: false },
    });
    const zero = await client.call('requests.previewApproval', { ref: l, narrowing: { duration: '3' } });
    expect(zero.terms).toMatchObject({ duration: '3', price: '0' });
    expect(zero.warnings).toEqual(['this shorter duration rounds the price down to 0: the requester pays nothing for it']);
    expect(await client.call('requests.previewApproval', { ref: l })).toMatchObject({ terms: { duration: '3600', price: '1000' }, warnings: [] });

    // A stored request by its id; previewing stores and grants nothing.
    const received = await client.call('requests.receive', { link: l });
    const before = await client.call('leases.list', { chain: false });
    expect((await client.call('requests.previewApproval', { ref: received.id, narrowing: { duration: '3' } })).terms.price).toBe('0');
    expect(await client.call('leases.list', { chain: false })).toEqual(before);
    expect(before.find((x) => x.id === received.id)).toMatchObject({ status: 'pending' });

    // Invalid: a wider duration is refused with the field named; malformed input never reaches the service.
    await expect(client.call('requests.previewApproval', { ref: l, narrowing: { duration: '7200' } })).rejects.toMatchObject({ code: 'NARROWING_INVALID' });
    const bad = await w.router.invoke('requests.previewApproval', { ref: l, narrowing: { duration: '-1' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});

describe('router: records in scope', () => {
  it('inspect and previewApproval count the owner’s records in the (narrowed) scope with the vault, ends inclusive', async () => {
    const { client } = w;
    const STEPS = 'HKQuantityTypeIdentifierStepCount';
    const HR = 'HKQuantityTypeIdentifierHeartRate';
    const from = 1_700_000_000n;
    const to = 1_700_864_000n; // ten days later
    const ms = (s: bigint) => Number(s) * 1000;
    const records = [
      // steps: 10 inside, the first at the very start, one in the last second of the range
      ...Array.from({ length: 9 }, (_, i) => makeRecord({ kind: STEPS, tStart: ms(from) + i * 86_400_000, tEnd: ms(from) + i * 86_400_000 + 60_000 })),
      makeRecord({ kind: STEPS, tStart: ms(to) + 999, tEnd: ms(to) + 999 }),
      // steps outside: just before the start, just after the end
      makeRecord({ kind: STEPS, tStart: ms(from) - 1, tEnd: ms(from) - 1 }),
      makeRecord({ kind: STEPS, tStart: ms(to + 1n), tEnd: ms(to + 1n) }),
      // heart rate: 3 inside, one of them without a numeric value (still a record the lease would grant)
      ...[1, 2].map((d) => makeRecord({ kind: HR, unit: 'count/min', tStart: ms(from) + d * 86_400_000, tEnd: ms(from) + d * 86_400_000, valueNum: 60 + d })),
      makeRecord({ kind: HR, unit: 'count/min', tStart: ms(from) + 5 * 86_400_000, tEnd: ms(from) + 5 * 86_400_000, valueNum: null, valueText: 'irregular' }),
      // a dataset the request does not ask for
      makeRecord({ kind: 'sleep', tStart: ms(from) + 3_600_000, tEnd: ms(from) + 7_200_000 }),
    ];
    await w.wallet.vault.importRecords({ fileName: 'scope.json', format: 'json' }, batchesOf(records));
    // The request also names a dataset the owner never imported: it counts 0.
    const l = await link({ datasets: [STEPS, HR, 'HKQuantityTypeIdentifierBodyMass'], dataFrom: from, dataTo: to });
    expect((await client.call('requests.inspect', { link: l })).recordsInScope).toBe(13);
    expect((await client.call('requests.previewApproval', { ref: l })).recordsInScope).toBe(13);
    expect((await client.call('requests.previewApproval', { ref: l, narrowing: { datasets: [HR] } })).recordsInScope).toBe(3);
    // Narrowed to the first two days: steps on day 0 and 1, heart rate on day 1.
    const twoDays = { dataFrom: from.toString(), dataTo: (from + 2n * 86_400n - 1n).toString() };
    expect((await client.call('requests.previewApproval', { ref: l, narrowing: twoDays })).recordsInScope).toBe(3);
    // The stored request says the same, and so does the event a deep link raises.
    const received = await client.call('requests.receive', { link: l });
    expect(received.recordsInScope).toBe(13);
    expect((await client.call('requests.previewApproval', { ref: received.id, narrowing: { datasets: [STEPS] } })).recordsInScope).toBe(10);
    const event = w.events.filter((e) => e.event === 'requests.received').at(-1)!;
    expect(event.payload).toMatchObject({ id: received.id, recordsInScope: 13 });
    // Erasing a dataset changes the count.
    w.wallet.vault.eraseDataset(HR);
    expect((await client.call('requests.previewApproval', { ref: received.id })).recordsInScope).toBe(10);
  });
});

describe('router: token leases, chain.status earnings per token, chain.withdraw', () => {
  it('a lease paid in the test stablecoin shows in TSTC; its earnings are listed per token and withdrawn to the wallet account', async () => {
    const { client } = w;
    const { chain } = await w.wallet.leases();
    const tstc = chain.testStablecoin!;
    const embedded = chain.embedded!;
    await mintTo(embedded, tstc, requesterAccount, requesterAccount.address, 10_000_000n);
    await depositTokenAs(embedded, contract, requesterAccount, tstc, 10_000_000n);

    const l = await link({ token: tstc, price: 3_000_000n });
    const inspected = await client.call('requests.inspect', { link: l });
    expect(inspected.currency).toEqual({ symbol: 'TSTC', decimals: 6, token: tstc, testToken: true });
    expect(inspected.warnings).toEqual([expect.objectContaining({ code: 'token-test-only', token: tstc })]);
    const preview = await client.call('requests.previewApproval', { ref: l });
    expect(preview.currency).toMatchObject({ symbol: 'TSTC', decimals: 6 });
    const lease = await client.call('requests.approve', { ref: l });
    expect(lease.currency).toMatchObject({ symbol: 'TSTC', token: tstc });
    const revoked = await client.call('leases.revoke', { ref: lease.leaseId! });
    const earned = BigInt(revoked.ownerPaid!);

    const status = await client.call('chain.status', {});
    expect(status.earningsByToken[0]).toMatchObject({ token: '0x0000000000000000000000000000000000000000', symbol: 'ETH', decimals: 18, amount: status.earnings });
    expect(status.earningsByToken.find((e) => e.token === tstc)).toEqual({ token: tstc, symbol: 'TSTC', decimals: 6, amount: earned.toString(), testToken: true });

    const before = await tokenBalance(embedded, tstc, chain.account.address);
    const result = await client.call('chain.withdraw', { token: tstc });
    expect(result.withdrawn).toEqual(earned > 0n ? [expect.objectContaining({ token: tstc, amount: earned.toString(), symbol: 'TSTC' })] : []);
    expect(await tokenBalance(embedded, tstc, chain.account.address)).toBe(before + earned);
    expect((await client.call('chain.status', {})).earningsByToken.find((e) => e.token === tstc)?.amount).toBe('0');
    // Without a token: every token with a balance (here the native earnings of the earlier tests), and then nothing.
    await client.call('chain.withdraw', {});
    expect((await client.call('chain.status', {})).earningsByToken.every((e) => e.amount === '0')).toBe(true);
    expect(await client.call('chain.withdraw', {})).toEqual({ withdrawn: [] });
    const bad = await w.router.invoke('chain.withdraw', { token: 'USDC' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});

describe('router: requesters.*, audit.*', () => {
  it('label, block, unblock, list; audit verify and list', async () => {
    const { client } = w;
    const address = requesterAccount.address;
    expect(await client.call('requesters.label', { address, label: 'Sleep Lab' })).toEqual({ address, label: 'Sleep Lab', blocked: false });
    expect(await client.call('requesters.block', { address })).toEqual({ address, label: 'Sleep Lab', blocked: true });
    await expect(client.call('requests.inspect', { link: await link() })).rejects.toMatchObject({ code: 'LEASE_REQUEST_REFUSED' });
    expect(await client.call('requesters.unblock', { address })).toMatchObject({ blocked: false });
    expect(await client.call('requesters.list', {})).toEqual([{ address, label: 'Sleep Lab', blocked: false }]);

    const verified = await client.call('audit.verify', {});
    expect(verified).toMatchObject({ ok: true });
    expect(verified.count).toBeGreaterThan(5);
    const entries = await client.call('audit.list', { limit: 3 });
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    const more = await client.call('audit.list', { afterSeq: 3, limit: 1000 });
    expect(more[0]?.seq).toBe(4);
    expect(JSON.stringify([...entries, ...more])).not.toContain('correct horse');
  });
});

describe('router: chain.*', () => {
  it('deploy to an RPC network, use it, and switch back to the embedded chain', async () => {
    const anvil = await startHttpAnvil();
    try {
      const deployed = await w.client.call('chain.deploy', { rpcUrl: anvil.url, chainId: 31337, privateKey: ANVIL_DEV_KEY });
      expect(deployed).toMatchObject({ chainId: 31337, contract: expect.stringMatching(/^0x[0-9a-fA-F]{40}$/) });
      await expect(
        w.client.call('chain.use', { network: { kind: 'rpc', rpcUrl: anvil.url, chainId: 5, contract: deployed.contract } }),
      ).rejects.toMatchObject({ code: 'CHAIN_ID_MISMATCH' });
      const used = await w.client.call('chain.use', { network: { kind: 'rpc', rpcUrl: anvil.url, chainId: 31337, contract: deployed.contract } });
      expect(used).toMatchObject({ network: 'rpc', chainId: 31337, contract: deployed.contract });
      expect(await w.client.call('chain.status', {})).toMatchObject({ network: 'rpc', contract: deployed.contract });
      expect(await w.client.call('chain.use', { network: { kind: 'embedded' } })).toMatchObject({ network: 'embedded', contract });
      expect(await w.client.call('chain.status', {})).toMatchObject({ network: 'embedded', contract, chainId });
    } finally {
      anvil.stop();
    }
  });

  it('lock stops the chain and the vault together; unlock starts both again', async () => {
    const { chain } = await w.wallet.leases();
    expect(chain.embedded!.isRunning()).toBe(true);
    await w.client.call('vault.lock', {});
    expect(chain.embedded!.isRunning()).toBe(false);
    await expect(w.client.call('leases.list', {})).rejects.toBeInstanceOf(VaultLockedError);
    await w.client.call('vault.unlock', { passphrase: 'correct horse battery staple' });
    const again = await w.wallet.leases();
    expect(again.chain.embedded!.isRunning()).toBe(true);
    expect(w.events.some((e) => e.event === 'leases.reconciled' && (e.payload as { trigger: string }).trigger === 'unlock')).toBe(true);
  });
});
