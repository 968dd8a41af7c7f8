/**
 * Every call of the API contract over browser mode's HTTP transport, against
 * the real core (a SQLCipher vault, Anvil on demand): each call's answer over
 * HTTP is exactly what the router answered for it (a tap on the router sees
 * the same input and result), successful answers match the contract's output
 * schema, and fast-check near misses of every call's input come back as a
 * typed INVALID_INPUT error while the host stays up.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBrowserHost, type BrowserHost } from '../../../electron/browser-mode/host.js';
import { apiCalls, type ApiCallName } from '../../../shared/api/contract.js';
import { apiResultSchema, type ApiResult, type ApiTransport } from '../../../shared/api/envelope.js';
import { createHttpTransport, type HttpTransport, type MinimalWebSocket } from '../../../shared/api/transports/http-client.js';
import { walletClient } from '../../../shared/api/wallet-client.js';
import { openApiWallet, type ApiWallet } from '../../helpers/api-wallet.js';
import { PASSPHRASE } from '../../helpers/vault-fixtures.js';

const ADDRESS = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const DIGEST = `0x${'ab'.repeat(32)}`;
const fixture = (name: string) => join(import.meta.dirname, '../../fixtures/generic', name);

let w: ApiWallet;
let host: BrowserHost;
let http: HttpTransport;
const tapped: { call: string; input: unknown; result: ApiResult }[] = [];

/** The router, recording what reached it and what it answered. */
function tap(router: ApiTransport): ApiTransport {
  return {
    async invoke(call, input) {
      const result = await router.invoke(call, input);
      tapped.push({ call, input, result });
      return result;
    },
    subscribe: (l) => router.subscribe(l),
  };
}

beforeAll(async () => {
  w = await openApiWallet({ create: false, chain: { start: 'demand' } });
  host = await startBrowserHost({ transport: tap(w.router), calls: apiCalls });
  http = createHttpTransport({
    origin: host.origin,
    token: host.token,
    webSocket: (url, protocols) => new WebSocket(url, protocols, { origin: host.origin }) as unknown as MinimalWebSocket,
  });
});
afterAll(async () => {
  http?.close();
  await host?.close();
  await w?.close();
});

/**
 * One input per call, in an order that makes sense on a fresh wallet. A call
 * added to the contract without an entry here fails the first test.
 */
const SCRIPT: [ApiCallName, unknown][] = [
  ['vault.status', {}],
  ['vault.create', { passphrase: PASSPHRASE }],
  ['vault.lock', {}],
  ['vault.unlock', { passphrase: PASSPHRASE }],
  ['data.import', { path: fixture('steps.csv'), format: 'auto' }],
  ['data.imports', { limit: 10 }],
  ['data.datasets', {}],
  ['data.records', { kind: 'steps', limit: 5 }],
  ['data.aggregate', { kind: 'steps', bucket: 'day' }],
  ['data.cancelImport', {}],
  ['requests.inspect', { link: 'datawallet://lease-request?r=AAAA' }],
  ['requests.receive', { link: 'datawallet://lease-request?r=AAAA' }],
  ['requests.approve', { ref: DIGEST }],
  ['requests.previewApproval', { ref: DIGEST, narrowing: { duration: '60' } }],
  ['requests.decline', { ref: DIGEST }],
  ['leases.list', {}],
  ['leases.show', { ref: '1' }],
  ['leases.revoke', { ref: '1' }],
  ['leases.receipt', { ref: DIGEST }],
  ['leases.reconcile', {}],
  ['leases.pause', {}],
  ['leases.resume', {}],
  ['settings.get', {}],
  ['settings.update', { autoLockMinutes: 5, maxEpsilonMilli: 2000 }],
  ['vault.enableKeychainUnlock', { passphrase: PASSPHRASE }],
  ['vault.disableKeychainUnlock', {}],
  ['vault.unlockWithKeychain', {}],
  ['requesters.label', { address: ADDRESS, label: 'Lab' }],
  ['requesters.block', { address: ADDRESS }],
  ['requesters.unblock', { address: ADDRESS }],
  ['requesters.list', {}],
  ['audit.verify', {}],
  ['audit.list', { limit: 10 }],
  ['chain.status', {}],
  ['chain.withdraw', {}],
  ['training.preview', { link: 'datawallet://lease-request?r=AAAA' }],
  ['training.train', { leaseId: '1' }],
  ['training.jobs', { limit: 10 }],
  ['training.job', { id: 'job_0123456789abcdef' }],
  ['training.cancel', { id: 'job_0123456789abcdef' }],
  ['training.send', { id: 'job_0123456789abcdef' }],
  ['training.discard', { id: 'job_0123456789abcdef' }],
  ['training.leaseSettings', { leaseId: '1' }],
  ['privacy.epsilon', { n: 60_000, batchSize: 256, noiseMultiplier: 1.1, epochs: 60, delta: 1e-5 }],
  ['chain.use', { network: { kind: 'rpc', rpcUrl: 'http://127.0.0.1:9', chainId: 1, contract: ADDRESS } }],
  ['chain.deploy', { rpcUrl: 'http://127.0.0.1:9', chainId: 1, privateKey: `0x${'11'.repeat(32)}` }],
  ['data.export', { kind: 'steps', format: 'json', path: 'EXPORT_PATH' }],
  ['data.erase', { kind: 'steps' }],
  ['vault.verifyRecoveryKey', { recoveryKey: 'ABCD-EFGH' }],
  ['vault.changePassphrase', { current: PASSPHRASE, next: `${PASSPHRASE} two` }],
  ['vault.issueRecoveryKey', { passphrase: `${PASSPHRASE} two` }],
  ['vault.rotateKey', { passphrase: `${PASSPHRASE} two` }],
  ['vault.recover', { recoveryKey: 'ABCD-EFGH', newPassphrase: 'a third passphrase' }],
];

/** What the host receives for an input: its JSON form (undefined and null both mean "no input"). */
function onTheWire(input: unknown): unknown {
  let text: string | undefined;
  try {
    text = JSON.stringify(input);
  } catch {
    return Symbol('not JSON'); // the client refuses it before sending: never valid
  }
  const wire: unknown = text === undefined ? null : JSON.parse(text);
  return wire === null ? undefined : wire;
}

describe('the API contract over browser mode', () => {
  it('the script covers every call of the contract', () => {
    expect(SCRIPT.map(([n]) => n).sort()).toEqual(Object.keys(apiCalls).sort());
  });

  it('every call answers over HTTP exactly as the router answered it', async () => {
    const summary: string[] = [];
    for (const [name, input] of SCRIPT) {
      tapped.length = 0;
      const result = await http.invoke(name, input && typeof input === 'object' && 'path' in input && input.path === 'EXPORT_PATH' ? { ...input, path: join(w.root, 'steps-export.json') } : input);
      expect(apiResultSchema.safeParse(result).success, name).toBe(true);
      expect(tapped, `${name} reached the router once`).toHaveLength(1);
      expect(tapped[0]!.call).toBe(name);
      expect(JSON.parse(JSON.stringify(result))).toEqual(JSON.parse(JSON.stringify(tapped[0]!.result)));
      if (result.ok) expect(apiCalls[name].output.safeParse(result.value).success, `${name} output`).toBe(true);
      summary.push(`${name}: ${result.ok ? 'ok' : result.error.code}`);
    }
    // The happy path really ran end to end over HTTP (not just typed refusals).
    for (const n of ['privacy.epsilon', 'data.export', 'vault.create', 'vault.lock', 'vault.unlock', 'data.import', 'data.datasets', 'data.records', 'leases.list', 'audit.verify', 'vault.changePassphrase', 'vault.rotateKey', 'leases.pause', 'leases.resume', 'settings.get', 'settings.update', 'vault.disableKeychainUnlock']) {
      expect(summary, n).toContain(`${n}: ok`);
    }
    expect(summary).toContain('requests.inspect: LEASE_REQUEST_REFUSED');
    expect(summary).toContain('vault.recover: RECOVERY_KEY_TYPO');
    // Browser mode has no system keychain: the option says it needs the desktop app.
    expect(summary).toContain('vault.enableKeychainUnlock: KEYCHAIN_UNAVAILABLE');
    expect(summary).toContain('vault.unlockWithKeychain: KEYCHAIN_UNAVAILABLE');
  });

  it('the typed client works over the transport and events arrive over the WebSocket', async () => {
    const client = walletClient(http);
    const seen: string[] = [];
    const off = http.subscribe((e) => seen.push(e.event));
    await new Promise((r) => setTimeout(r, 200)); // the socket connects
    await client.call('vault.lock', {});
    await expect(client.call('data.datasets', {})).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    await client.call('vault.unlock', { passphrase: 'a third passphrase' }).catch(() => client.call('vault.unlock', { passphrase: `${PASSPHRASE} two` }));
    for (let i = 0; i < 50 && !(seen.includes('vault.locked') && seen.includes('vault.unlocked')); i++) await new Promise((r) => setTimeout(r, 50));
    off();
    expect(seen).toEqual(expect.arrayContaining(['vault.locked', 'vault.unlocked']));
  });

  it('fuzzing every call’s input over HTTP: a typed error, never a crash; the host stays up', async () => {
    const names = Object.keys(apiCalls) as ApiCallName[];
    const seeds = new Map(SCRIPT);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...names).chain((name) => {
          const seed = seeds.get(name) as Record<string, unknown>;
          const keys = Object.keys(seed);
          const near = fc.oneof(
            fc.anything(),
            fc.tuple(fc.string({ minLength: 1, maxLength: 10 }), fc.anything()).map(([k, v]) => ({ ...seed, [`${k}_x`]: v })),
            keys.length ? fc.tuple(fc.constantFrom(...keys), fc.anything()).map(([k, v]) => ({ ...seed, [k]: v })) : fc.constant(1),
          );
          return fc.tuple(fc.constant(name), near.filter((input) => !apiCalls[name].input.safeParse(onTheWire(input)).success));
        }),
        async ([name, input]) => {
          const result = await http.invoke(name, input);
          expect(result).toMatchObject({ ok: false });
          if (!result.ok) expect(['INVALID_INPUT', 'HOST_BAD_REQUEST']).toContain(result.error.code);
        },
      ),
      { numRuns: 300 },
    );
    expect(await http.invoke('vault.status', {})).toMatchObject({ ok: true });
  });
});
