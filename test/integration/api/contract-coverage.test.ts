/**
 * Walks the API contract: every call has a handler in the router, a test in
 * this folder drives it through the router with valid input, and invalid
 * input (fast-check: arbitrary values and near misses of a valid input)
 * comes back as a typed INVALID_INPUT error — never a throw, never a call
 * that runs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiHandlers } from '../../../electron/core/api/index.js';
import { apiCalls, type ApiCallName } from '../../../shared/api/contract.js';
import { apiResultSchema } from '../../../shared/api/envelope.js';
import { openApiWallet, type ApiWallet } from '../../helpers/api-wallet.js';

const names = Object.keys(apiCalls) as ApiCallName[];
const ADDRESS = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const DIGEST = `0x${'ab'.repeat(32)}`;

/** One valid input per call: the seed of the near misses below. */
const VALID: { [N in ApiCallName]: unknown } = {
  'vault.status': {},
  'vault.create': { passphrase: 'correct horse battery staple' },
  'vault.unlock': { passphrase: 'correct horse battery staple' },
  'vault.lock': {},
  'vault.changePassphrase': { current: 'a', next: 'b' },
  'vault.verifyRecoveryKey': { recoveryKey: 'ABCD-EFGH' },
  'vault.recover': { recoveryKey: 'ABCD-EFGH', newPassphrase: 'new one here' },
  'vault.rotateKey': { passphrase: 'p' },
  'vault.issueRecoveryKey': { passphrase: 'p' },
  'vault.unlockWithKeychain': {},
  'vault.enableKeychainUnlock': { passphrase: 'p' },
  'vault.disableKeychainUnlock': {},
  'settings.get': {},
  'settings.update': { autoLockMinutes: 5, expiryNoticeMinutes: 30, maxEpsilonMilli: null, reviewBeforeSend: true },
  'data.import': { path: '/tmp/x.csv', format: 'csv', mapping: { kind: 'steps', values: ['v'] } },
  'data.cancelImport': {},
  'data.imports': { limit: 10 },
  'data.datasets': {},
  'data.records': { kind: 'steps', from: 0, to: 10, limit: 5, after: null },
  'data.aggregate': { kind: 'steps', bucket: 'day', utcOffsetMinutes: 60 },
  'data.export': { kind: 'steps', format: 'json', path: '/tmp/out.json' },
  'data.erase': { kind: 'steps' },
  'requests.inspect': { link: 'datawallet://lease-request?r=AAAA' },
  'requests.receive': { link: 'datawallet://lease-request?r=AAAA' },
  'requests.approve': { ref: DIGEST, narrowing: { duration: '60', datasets: ['steps'], dataFrom: '0', dataTo: '10' } },
  'requests.previewApproval': { ref: DIGEST, narrowing: { duration: '60', maxEpsilonMilli: 500 } },
  'requests.decline': { ref: DIGEST },
  'leases.list': { chain: false },
  'leases.show': { ref: '1' },
  'leases.revoke': { ref: '1' },
  'leases.receipt': { ref: '1', path: '/tmp/r.json' },
  'leases.reconcile': {},
  'leases.pause': {},
  'leases.resume': {},
  'requesters.list': {},
  'requesters.label': { address: ADDRESS, label: 'Lab' },
  'requesters.block': { address: ADDRESS },
  'requesters.unblock': { address: ADDRESS },
  'audit.verify': {},
  'audit.list': { subject: DIGEST, afterSeq: 0, limit: 10 },
  'chain.status': {},
  'chain.withdraw': { token: ADDRESS },
  'chain.use': { network: { kind: 'rpc', rpcUrl: 'http://127.0.0.1:8545', chainId: 1, contract: ADDRESS } },
  'chain.deploy': { rpcUrl: 'http://127.0.0.1:8545', chainId: 1, privateKey: `0x${'11'.repeat(32)}` },
  'training.preview': { leaseId: '1' },
  'training.train': { leaseId: '1', taskFile: '/tmp/task.json', wait: true },
  'training.jobs': { limit: 10 },
  'training.job': { id: 'job_0123456789abcdef' },
  'training.cancel': { id: 'job_0123456789abcdef' },
  'training.send': { id: 'job_0123456789abcdef', toFile: '/tmp/r.json' },
  'training.discard': { id: 'job_0123456789abcdef' },
  'training.leaseSettings': { leaseId: '1', review: false, maxEpsilonMilli: 1000 },
  'privacy.epsilon': { n: 60000, batchSize: 256, noiseMultiplier: 1.12, epochs: 60, delta: 1e-5 },
};

/** Call names the router tests in this folder drive with a literal name. */
function drivenCalls(): Set<string> {
  const dir = import.meta.dirname;
  const found = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.test.ts') && f !== 'contract-coverage.test.ts')) {
    for (const m of readFileSync(join(dir, file), 'utf8').matchAll(/\b(?:call|invoke)\(\s*'([a-z]+\.[A-Za-z]+)'/g)) found.add(m[1]!);
  }
  return found;
}

/** Near misses: the valid input with one field replaced, removed, or an extra field added. */
function nearMiss(valid: unknown): fc.Arbitrary<unknown> {
  if (typeof valid !== 'object' || valid === null) return fc.anything();
  const keys = Object.keys(valid);
  const replaced = keys.length
    ? fc.tuple(fc.constantFrom(...keys), fc.anything()).map(([k, v]) => ({ ...valid, [k]: v }))
    : fc.anything().map((v) => ({ x: v }));
  const removed = keys.length ? fc.constantFrom(...keys).map((k) => Object.fromEntries(Object.entries(valid).filter(([key]) => key !== k))) : fc.constant(null);
  const extra = fc.tuple(fc.string({ minLength: 1 }), fc.anything()).map(([k, v]) => ({ ...valid, [`${k}_extra`]: v }));
  return fc.oneof(replaced, removed, extra, fc.anything());
}

let w: ApiWallet;
beforeAll(async () => {
  w = await openApiWallet({ chain: { start: 'demand' } });
});
afterAll(() => w?.close());

describe('API contract coverage', () => {
  it('every call has a handler, and the router has no handler for a call the contract lacks', () => {
    expect(Object.keys(apiHandlers).sort()).toEqual([...names].sort());
  });

  it('every call is driven through the router with valid input by a test in test/integration/api', () => {
    const driven = drivenCalls();
    expect(names.filter((n) => !driven.has(n))).toEqual([]);
  });

  it('the valid seeds parse (so the near misses below are near)', () => {
    for (const n of names) expect(apiCalls[n].input.safeParse(VALID[n]).success, n).toBe(true);
  });

  it.each(names)('%s: invalid input is a typed INVALID_INPUT error, never a throw', async (name) => {
    const schema = apiCalls[name].input;
    await fc.assert(
      fc.asyncProperty(nearMiss(VALID[name]).filter((input) => !schema.safeParse(input).success), async (input) => {
        const result = await w.router.invoke(name, input);
        expect(apiResultSchema.safeParse(result).success).toBe(true);
        expect(result.ok).toBe(false);
        if (!result.ok) {
          expect(result.error.code).toBe('INVALID_INPUT');
          expect(result.error.message).toContain(name);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('an unknown call name is UNKNOWN_CALL', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string().filter((s) => !Object.hasOwn(apiCalls, s)), fc.anything(), async (name, input) => {
        const result = await w.router.invoke(name, input);
        expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
      }),
      { numRuns: 100 },
    );
  });

  it('input errors never echo the value (it may be a secret)', async () => {
    const secret = 'hunter2-secret-passphrase';
    const result = await w.router.invoke('vault.unlock', { passphrase: secret, extra: secret });
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain(secret);
    const long = await w.router.invoke('vault.unlock', { passphrase: secret.repeat(100) });
    expect(JSON.stringify(long)).not.toContain(secret);
  });
});
