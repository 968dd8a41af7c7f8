/**
 * The lease commands as a user runs them: the built binary in a child process,
 * a real vault, the embedded chain started and stopped by each command, and
 * a requester (this test, with the requester SDK) funding its deposit on that
 * chain between commands. Also: an operator deploying DataLease to an HTTP
 * JSON-RPC node and switching the wallet to it.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createTestClient, createWalletClient, http, parseEther, publicActions } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedChainDefinition } from '../../electron/core/chain/clients.js';
import { startEmbeddedChain } from '../../electron/core/chain/embedded-chain.js';
import { createVault } from '../../electron/core/vault/index.js';
import { deposit } from '../../requester/deposit.js';
import { signLeaseRequest } from '../../requester/sign-lease-request.js';
import { encodeLeaseLink } from '../../shared/lease/link.js';
import type { LeaseRequestMessage } from '../../shared/lease/request.js';
import { requesterAccount, sampleMessage } from '../helpers/chain-requests.js';
import { runCliProcess, tempDir, type CliResult } from '../helpers/cli.js';
import { ANVIL_DEV_KEY, startHttpAnvil } from '../helpers/http-anvil.js';
import { depositTokenAs, mintTo } from '../helpers/test-tokens.js';
import { PASSPHRASE, TEST_OPTIONS } from '../helpers/vault-fixtures.js';

const root = tempDir('leases-cli');
const env = { DATA_WALLET_PASSPHRASE: PASSPHRASE };

/** The CLI on one vault folder (`<dir>/vault`; its chain in `<dir>/chain`). */
function cliOn(dir: string) {
  const vault = join(dir, 'vault');
  const cli = (args: string[], extraEnv: Record<string, string> = {}): Promise<CliResult> =>
    runCliProcess(['--vault', vault, ...args], { ...env, ...extraEnv });
  const json = async <T>(args: string[], extraEnv: Record<string, string> = {}): Promise<T> => {
    const r = await cli([...args, '--json'], extraEnv);
    expect(r.stderr, `stderr of ${args.join(' ')}`).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as T;
  };
  return { vault, cli, json };
}
const { vault, cli, json } = cliOn(root);

function expectOneLineError(r: CliResult, pattern: RegExp, code = 1): void {
  expect(r.code).toBe(code);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

interface Status {
  network: string;
  chainId: number;
  contract: `0x${string}`;
  account: `0x${string}`;
  leases: Record<string, number>;
  earningsByToken: { token: `0x${string}`; symbol: string; decimals: number; amount: string; testToken?: boolean }[];
}
interface LeaseJson {
  id: string;
  leaseId: string | null;
  status: string;
  terms: { datasets: string[]; dataFrom: string; dataTo: string; duration: string; price: string };
  ownerPaid: string | null;
  refunded: string | null;
}

let status: Status;
let tstc: `0x${string}`;
let nonce = 0n;
/** Signs a request for the wallet's chain and returns its link. */
async function link(overrides: Partial<LeaseRequestMessage> = {}): Promise<string> {
  nonce += 1n;
  const message = sampleMessage({ nonce, deadline: BigInt(Math.floor(Date.now() / 1000) + 86_400), duration: 3600n, price: 3600n, ...overrides });
  return encodeLeaseLink(await signLeaseRequest(requesterAccount, { chainId: status.chainId, verifyingContract: status.contract }, message));
}

beforeAll(async () => {
  (await createVault(vault, PASSPHRASE, TEST_OPTIONS)).vault.lock();
  status = await json<Status>(['chain', 'status']); // first start: deploys DataLease, creates and funds the account
  // The requester deposits on the wallet's chain while no command runs.
  const chain = await startEmbeddedChain({ dataDir: root, autoRestart: false });
  try {
    await chain.testClient.setBalance({ address: requesterAccount.address, value: parseEther('10') });
    await deposit({ publicClient: chain.publicClient, walletClient: chain.walletClient(requesterAccount), contract: status.contract }, parseEther('1'));
    // And in the chain's test stablecoin (listed by chain status, with zero earnings so far).
    tstc = status.earningsByToken.find((e) => e.testToken)!.token;
    await mintTo(chain, tstc, requesterAccount, requesterAccount.address, 10_000_000n);
    await depositTokenAs(chain, status.contract, requesterAccount, tstc, 10_000_000n);
  } finally {
    await chain.stop();
  }
});
afterAll(() => rm(root, { recursive: true, force: true }));

// Three independent wallets (folders), run side by side to keep the suite short.
describe.concurrent('lease commands', () => {
  it('init creates the wallet account along with the vault', async () => {
    const r = await runCliProcess(['--vault', join(root, 'other', 'vault'), 'init', '--json'], env);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ account: expect.stringMatching(/^0x[0-9a-fA-F]{40}$/) });
  });

  it('inspects, approves with narrowing, lists, revokes, exports a receipt; declines; refuses with one line', async () => {
    expect(status).toMatchObject({ network: 'embedded', chainId: 4_478_796, leases: {} });
    const l = await link();
    const human = await cli(['request', 'inspect', l]);
    expect(human.stdout).toContain(`requester   ${requesterAccount.address} (signature verified`);
    expect(human.stdout).toContain('Sleep Lab, University of Example');
    expect(human.stdout).toContain('purpose     Research and Development (dpv:ResearchAndDevelopment)');
    // nothing imported in this vault: the core counts 0 records in scope
    expect(human.stdout).toContain('  in scope    0 of your records (counted by your wallet)\n');
    // The task's host does not resolve here: the preview says so and inspect still succeeds.
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('task could not be checked: ');

    const lease = await json<LeaseJson>([
      'request', 'approve', l, '--duration', '1800', '--datasets', 'HKQuantityTypeIdentifierHeartRate', '--from', '2024-01-01', '--to', '2024-07-01',
    ]); // prettier-ignore
    expect(lease).toMatchObject({ status: 'active', terms: { datasets: ['HKQuantityTypeIdentifierHeartRate'], duration: '1800', price: '1800' } });
    expect(lease.terms).toMatchObject({ dataFrom: '1704067200', dataTo: '1719791999' }); // --to is exclusive

    const listed = await json<LeaseJson[]>(['leases']);
    expect(listed.find((x) => x.leaseId === lease.leaseId)).toMatchObject({ status: 'active', chainStatus: 'active' });

    const revoked = await json<LeaseJson>(['lease', 'revoke', lease.leaseId!]);
    expect(revoked.status).toBe('revoked');
    expect(BigInt(revoked.ownerPaid!) + BigInt(revoked.refunded!)).toBe(1800n);

    // Earnings per token in chain status; withdraw pays them to the wallet account, then there is nothing left.
    const chainText = (await cli(['chain', 'status'])).stdout;
    expect(chainText).toMatch(/^earnings {4}0\.0000000000000\d+ ETH withdrawable in the contract$/m);
    expect(chainText).toContain(`0 TSTC withdrawable in the contract (token ${tstc}; test stablecoin, NOT real money)`);
    const withdrew = await cli(['withdraw']);
    expect(withdrew.code, withdrew.stderr).toBe(0);
    expect(withdrew.stdout).toMatch(/^Withdrew 0\.0000000000000\d+ ETH to your wallet account \(transaction 0x[0-9a-f]{64}\)\.\n$/);
    expect(await json(['withdraw', '--token', tstc])).toEqual({ withdrawn: [] });
    expectOneLineError(await cli(['withdraw', '--token', 'USDC']), /^error: --token "USDC" /, 2);

    // A request paid in the test stablecoin is shown in its units, flagged as not real money.
    const tokenText = (await cli(['request', 'inspect', await link({ token: tstc, price: 2_500_000n })])).stdout;
    expect(tokenText).toContain(`paid in     TSTC (token ${tstc}; symbol and decimals read from the token contract; test stablecoin, NOT real money)`);
    expect(tokenText).toContain('price       2.5 TSTC');
    expect(tokenText).toMatch(/WARNING {5}Paid in TSTC, the embedded chain's Test Stablecoin: it is NOT real money/);

    const file = join(root, 'receipt.json');
    expect(await json<{ output: string }>(['receipt', lease.leaseId!, '-o', file])).toEqual({ output: file });
    const receipt = await readFile(file, 'utf8');
    expect(receipt).toContain(lease.id);
    expect(receipt).toContain('HKQuantityTypeIdentifierHeartRate');

    const declinedLink = await link();
    expect(await json<{ status: string }>(['request', 'decline', declinedLink])).toMatchObject({ status: 'declined' });
    expectOneLineError(await cli(['request', 'approve', declinedLink]), /^error: This lease request was already declined\./);
    expectOneLineError(await cli(['request', 'inspect', 'datawallet://lease-request?r=!!']), /^error: The request inside this lease link is not valid base64url\./);
    expectOneLineError(await cli(['request', 'approve', await link(), '--duration', '7200']), /^error: The narrowed duration is not allowed/);
    expectOneLineError(await cli(['request', 'approve', await link(), '--duration', 'soon']), /^error: --duration "soon"/, 2); // usage

    // Pause all leases and resume; a smaller privacy budget at approval.
    expect(await json<{ paused: boolean }>(['pause'])).toMatchObject({ paused: true });
    expect((await cli(['pause'])).stdout).toMatch(/^All leases are paused .*Nothing was revoked\.$/m);
    expect(await json<{ paused: boolean; since: null }>(['resume'])).toEqual({ paused: false, since: null });
    const capped = await json<LeaseJson>(['request', 'approve', await link(), '--max-epsilon', '1.5']);
    expect(capped.status).toBe('active');
    expectOneLineError(await cli(['request', 'approve', await link(), '--max-epsilon', 'lots']), /^error: --max-epsilon "lots"/, 2);

    await json(['requester', 'block', requesterAccount.address]);
    expectOneLineError(await cli(['request', 'inspect', await link()]), /^error: You have blocked this requester\./);

    const audit = await json<{ ok: boolean; count: number }>(['audit', 'verify']);
    expect(audit.ok).toBe(true);
    expect(audit.count).toBeGreaterThanOrEqual(10);
  }, 240_000); // a dozen commands, each starting and stopping the chain

  it('deploy puts DataLease on an RPC network; chain use switches the wallet to it and back', async () => {
    const op = cliOn(join(root, 'operator'));
    (await createVault(op.vault, PASSPHRASE, TEST_OPTIONS)).vault.lock();
    const anvil = await startHttpAnvil();
    try {
      const { url } = anvil;
      expectOneLineError(await op.cli(['deploy', '--rpc', url, '--chain-id', '31337']), /^error: Set DATA_WALLET_DEPLOYER_KEY/, 2);
      const key = ANVIL_DEV_KEY;
      const deployed = await op.json<{ contract: string; chainId: number }>(['deploy', '--rpc', url, '--chain-id', '31337'], {
        DATA_WALLET_DEPLOYER_KEY: key,
      });
      expect(deployed.chainId).toBe(31337);

      expectOneLineError(
        await op.cli(['chain', 'use', '--rpc', url, '--chain-id', '5', '--contract', deployed.contract]),
        /chain id 31337, but 5 is configured/,
      );
      const used = await op.json<{ network: string; contract: `0x${string}`; account: `0x${string}` }>(
        ['chain', 'use', '--rpc', url, '--chain-id', '31337', '--contract', deployed.contract],
      );
      expect(used).toMatchObject({ network: 'rpc', contract: deployed.contract });
      expect(await op.json<Status>(['chain', 'status'])).toMatchObject({ network: 'rpc', chainId: 31337, contract: deployed.contract });

      // The same code path on the configured network: gas for the wallet account, a deposit by the requester, a grant.
      const chain = embeddedChainDefinition(31337);
      const rpc = createTestClient({ mode: 'anvil', chain, transport: http(url) }).extend(publicActions);
      await rpc.setBalance({ address: used.account, value: parseEther('1') });
      await rpc.setBalance({ address: requesterAccount.address, value: parseEther('1') });
      await deposit({ publicClient: rpc, walletClient: createWalletClient({ account: requesterAccount, chain, transport: http(url) }), contract: used.contract }, 10_000n);
      const message = sampleMessage({ nonce: 1n, deadline: BigInt(Math.floor(Date.now() / 1000) + 3600) });
      const rpcLink = encodeLeaseLink(await signLeaseRequest(requesterAccount, { chainId: 31337, verifyingContract: used.contract }, message));
      expect(await op.json<LeaseJson>(['request', 'approve', rpcLink])).toMatchObject({ status: 'active', leaseId: '1', terms: { price: '6000' } });
      // A link for the embedded chain is for another chain now.
      expectOneLineError(await op.cli(['request', 'inspect', await link()]), /^error: This lease request is for another chain/);
      expect(await op.json<{ network: string }>(['chain', 'use', 'embedded'])).toMatchObject({ network: 'embedded' });
    } finally {
      anvil.stop();
    }
  }, 240_000); // a dozen commands, each starting and stopping the chain
});
