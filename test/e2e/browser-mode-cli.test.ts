/**
 * Browser mode and the CLI on one data folder at the same time, as real
 * processes: while browser mode runs (and owns the embedded chain), the CLI's
 * `leases` and `request approve` attach to that chain instead of failing with
 * "a chain is already running", and `open-link` hands a link to browser mode.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseEther, type Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachEmbeddedChain } from '../../electron/core/chain/attach-embedded-chain.js';
import { createVault } from '../../electron/core/vault/index.js';
import { deposit } from '../../requester/deposit.js';
import { signLeaseRequest } from '../../requester/sign-lease-request.js';
import { createHttpTransport, type HttpTransport } from '../../shared/api/transports/http-client.js';
import { walletClient, type WalletClient } from '../../shared/api/wallet-client.js';
import type { ChainStatus } from '../../shared/domain/chain.js';
import { encodeLeaseLink } from '../../shared/lease/link.js';
import { requesterAccount, sampleMessage } from '../helpers/chain-requests.js';
import { runCliProcess, tempDir } from '../helpers/cli.js';
import { PASSPHRASE, TEST_OPTIONS } from '../helpers/vault-fixtures.js';

const root = tempDir('browser-cli');
const env = { DATA_WALLET_PASSPHRASE: PASSPHRASE };
const cli = (args: string[]) => runCliProcess(['--vault', join(root, 'vault'), ...args, '--json'], env);
let browser: ChildProcess;
let http: HttpTransport;
let client: WalletClient;
let status: ChainStatus;
let nonce = 0n;

async function link(): Promise<string> {
  nonce += 1n;
  const message = sampleMessage({ nonce, deadline: BigInt(Math.floor(Date.now() / 1000) + 86_400), duration: 3600n, price: 3600n });
  return encodeLeaseLink(await signLeaseRequest(requesterAccount, { chainId: status.chainId, verifyingContract: status.contract as Address }, message));
}

beforeAll(async () => {
  (await createVault(join(root, 'vault'), PASSPHRASE, TEST_OPTIONS)).vault.lock();
  browser = spawn(process.execPath, [resolve('dist/electron/browser-mode/main.js'), '--data-dir', root, '--api-only'], {
    env: { PATH: process.env.PATH ?? '', HOME: root },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(createInterface({ input: browser.stdout! }), 'line')) as [string];
  const url = new URL(JSON.parse(line).url as string);
  http = createHttpTransport({ origin: url.origin, token: url.hash.slice('#token='.length) });
  client = walletClient(http);
  await client.call('vault.unlock', { passphrase: PASSPHRASE }); // browser mode starts the chain with the vault
  status = await client.call('chain.status', {});
  // The requester funds its deposit on the wallet's chain, attached like the CLI.
  const chain = await attachEmbeddedChain({ dataDir: root });
  expect(chain, 'browser mode owns a running chain').not.toBeNull();
  await chain!.testClient.setBalance({ address: requesterAccount.address, value: parseEther('10') });
  await deposit({ publicClient: chain!.publicClient, walletClient: chain!.walletClient(requesterAccount), contract: status.contract as Address }, parseEther('1'));
  await chain!.stop();
});

afterAll(async () => {
  http?.close();
  if (browser && browser.exitCode === null) {
    browser.kill('SIGTERM');
    await once(browser, 'exit');
  }
  rmSync(root, { recursive: true, force: true });
});

describe('the CLI while browser mode runs', () => {
  it('lists leases and approves a request on the app’s chain', async () => {
    const listed = await cli(['leases']);
    expect(listed.stderr).toBe('');
    expect(listed.code).toBe(0);

    const approved = await cli(['request', 'approve', await link()]);
    expect(approved.stderr).toBe('');
    expect(approved.code).toBe(0);
    const lease = JSON.parse(approved.stdout) as { leaseId: string; status: string };
    expect(lease.status).toBe('active');

    // Browser mode sees the same lease on the same chain; its chain kept running.
    const seen = await client.call('leases.list', { chain: true });
    expect(seen.find((l) => l.leaseId === lease.leaseId)).toMatchObject({ status: 'active', chainStatus: 'active' });
    expect((await client.call('chain.status', {})).leases).toMatchObject({ active: 1 });
  });

  it('open-link hands a link to browser mode, which stores it as a pending request', async () => {
    const l = await link();
    const r = await cli(['open-link', l]);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ forwarded: true });
    const inspected = await client.call('requests.inspect', { link: l }).catch(() => null);
    const pending = (await client.call('leases.list', {})).filter((x) => x.status === 'pending');
    expect(pending.map((p) => p.id)).toContain(inspected?.id);

    const bad = await cli(['open-link', 'datawallet://lease-request?r=!!']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stderr)).toMatchObject({ code: 'LINK_FORWARD_REFUSED', message: expect.stringMatching(/^The running app refused the link/) });
  });
});
