/**
 * `data-wallet-request` as a requester runs it: the built binary in a child
 * process. Links are created offline and checked with the wallet's own
 * decoder; deposit, status and watch run against an Anvil node over HTTP with
 * the real DataLease contract, granted by a wallet owner with the wallet's
 * chain actions.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { http, parseEther, type Address, type Hex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAnvilBinary } from '../../electron/core/chain/anvil-binary.js';
import { createAnvilTestClient, createChainClients, embeddedChainDefinition } from '../../electron/core/chain/clients.js';
import { commitAndGrantLease } from '../../electron/core/chain/data-lease/grant-lease.js';
import { revokeLease } from '../../electron/core/chain/data-lease/revoke-lease.js';
import { deployDataLease } from '../../electron/core/chain/deploy-data-lease.js';
import { deployTestStablecoin, mintTestStablecoin } from '../../electron/core/chain/deploy-test-stablecoin.js';
import { depositBalance } from '../../requester/deposit.js';
import { hashLeaseRequest, hashLeaseScope, requestedScope } from '../../shared/lease/eip712.js';
import { decodeLeaseLink } from '../../shared/lease/link.js';
import { verifyLeaseRequestSignature } from '../../shared/lease/signature.js';
import { ownerAccount, REQUESTER_KEY, requesterAccount } from '../helpers/chain-requests.js';

const CLI = resolve('dist/requester/cli.js');
const KEY_ENV = { REQUESTER_PRIVATE_KEY: REQUESTER_KEY };
const CONTRACT: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3';

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function start(args: string[], env: Record<string, string>): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Runs the binary; if `until` is given, sends SIGINT (Ctrl-C) once stdout satisfies it. */
function run(args: string[], env: Record<string, string> = KEY_ENV, until?: (stdout: string) => boolean): Promise<Result> {
  return new Promise((done, fail) => {
    const child = start(args, env);
    let stdout = '';
    let stderr = '';
    let interrupted = false;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (until && !interrupted && until(stdout)) {
        interrupted = true;
        child.kill('SIGINT');
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end();
  });
}

function expectNoKey(r: Result): void {
  for (const text of [r.stdout, r.stderr]) {
    expect(text).not.toContain(REQUESTER_KEY.slice(2));
    expect(text.toLowerCase()).not.toContain(REQUESTER_KEY.slice(2, 20).toLowerCase());
  }
}

function expectOneLineError(r: Result, pattern: RegExp, code = 1): void {
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.code, r.stderr).toBe(code);
  expectNoKey(r);
}

const linkFlags = (overrides: Record<string, string> = {}, chainId = '4478796', contract: string = CONTRACT): string[] => {
  const flags: Record<string, string> = {
    '--chain-id': chainId,
    '--contract': contract,
    '--name': 'Sleep Lab, University of Example',
    '--purpose': 'dpv:ResearchAndDevelopment',
    '--description': 'Train a sleep-stage model on step counts and heart rate.',
    '--datasets': 'HKQuantityTypeIdentifierStepCount, HKQuantityTypeIdentifierHeartRate',
    '--from': '2024-01-01',
    '--to': '2025-01-01T00:00:00Z',
    '--duration': '86400',
    '--price': '1000000000000000',
    '--epsilon': '3.0',
    '--task-url': 'https://lab.example.org/tasks/sleep-v1',
    ...overrides,
  };
  return ['link', ...Object.entries(flags).flatMap(([k, v]) => [k, v])];
};

describe.concurrent('link (offline)', () => {
  it("signs a request the wallet's decoder accepts: signature verifies, fields match the flags", async () => {
    const [plain, json] = await Promise.all([
      run(linkFlags({ '--deadline': '2099-01-01T00:00:00Z', '--nonce': '42' })),
      run([...linkFlags({ '--valid-for': '3600' }), '--json']),
    ]);
    expect(plain.stderr).toBe('');
    expect(plain.code).toBe(0);
    expectNoKey(plain);
    const lines = plain.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const decoded = decodeLeaseLink(lines[0]);
    expect(await verifyLeaseRequestSignature(decoded)).toBe(true);
    expect(decoded).toMatchObject({ chainId: 4_478_796, verifyingContract: CONTRACT });
    expect(decoded.message).toEqual({
      requester: requesterAccount.address,
      requesterName: 'Sleep Lab, University of Example',
      purpose: 'dpv:ResearchAndDevelopment',
      description: 'Train a sleep-stage model on step counts and heart rate.',
      datasets: ['HKQuantityTypeIdentifierStepCount', 'HKQuantityTypeIdentifierHeartRate'],
      dataFrom: 1_704_067_200n, // 2024-01-01T00:00:00Z
      dataTo: 1_735_689_599n, // --to is exclusive: the last second of 2024
      duration: 86_400n,
      token: '0x0000000000000000000000000000000000000000', // no --token: the native currency
      price: 10n ** 15n,
      maxEpsilonMilli: 3000,
      taskUrl: 'https://lab.example.org/tasks/sleep-v1',
      nonce: 42n,
      deadline: 4_070_908_800n, // 2099-01-01T00:00:00Z
    });

    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    expectNoKey(json);
    const out = JSON.parse(json.stdout) as { link: string; requestId: Hex; nonce: string; requester: Address; deadline: string };
    const fromJson = decodeLeaseLink(out.link);
    expect(await verifyLeaseRequestSignature(fromJson)).toBe(true);
    expect(out.requester).toBe(requesterAccount.address);
    expect(out.nonce).toBe(fromJson.message.nonce.toString());
    expect(fromJson.message.nonce).toBeGreaterThan(2n ** 64n); // random 256-bit by default (fails with chance 2^-192)
    expect(out.requestId).toBe(hashLeaseRequest(fromJson, fromJson.message));
    expect(BigInt(out.deadline)).toBe(fromJson.message.deadline);
    // --valid-for 3600: an hour from when it ran (the local clock; checked loosely, not timed).
    const now = BigInt(Math.floor(Date.now() / 1000));
    expect(fromJson.message.deadline).toBeGreaterThan(now + 3000n);
    expect(fromJson.message.deadline).toBeLessThanOrEqual(now + 3600n);
  });

  it('refuses bad input with exit 1 and one line naming the problem, never showing the key', async () => {
    const cases: [string[], Record<string, string>, RegExp][] = [
      [linkFlags(), {}, /^error: Set REQUESTER_PRIVATE_KEY to the requester's private key/],
      [linkFlags(), { REQUESTER_PRIVATE_KEY: REQUESTER_KEY.slice(0, -1) }, /^error: REQUESTER_PRIVATE_KEY is not a private key: it must be 0x followed by exactly 64 hex digits/],
      [linkFlags(), { REQUESTER_PRIVATE_KEY: REQUESTER_KEY.slice(2) }, /^error: REQUESTER_PRIVATE_KEY is not a private key/],
      [linkFlags(), { REQUESTER_PRIVATE_KEY: `0x${'f'.repeat(64)}` }, /^error: REQUESTER_PRIVATE_KEY is not a valid secp256k1 private key/],
      [linkFlags({ '--purpose': 'Research' }), KEY_ENV, /^error: --purpose is not valid: it must be a DPV purpose term such as dpv:ResearchAndDevelopment\.$/],
      [linkFlags({ '--to': '2023-06-01' }), KEY_ENV, /^error: --to \(2023-06-01T00:00:00Z\) must be later than --from \(2024-01-01T00:00:00Z\)/],
      [linkFlags({}, '4478796', '0x5fbdb2315678afecb367f032d93f642f64180aa'), KEY_ENV, /^error: --contract "0x5fbdb2315678afecb367f032d93f642f64180aa" is not an address/],
      [linkFlags({}, '4478796', '0x5FbDB2315678afecb367f032d93F642f64180aA3'), KEY_ENV, /^error: --contract .* its EIP-55 checksum is wrong/],
      [linkFlags({ '--datasets': 'a,b,a' }), KEY_ENV, /^error: --datasets is not valid: it must not list a dataset kind twice\.$/],
      [linkFlags({ '--task-url': 'http://lab.example.org/x' }), KEY_ENV, /^error: --task-url is not valid: it must be an https URL\.$/],
      [linkFlags({ '--from': 'last year' }), KEY_ENV, /^error: --from "last year" is not a time: write an ISO-8601 date/],
      [linkFlags({ '--epsilon': '0.0001' }), KEY_ENV, /^error: --epsilon "0.0001" is not a privacy budget/],
      [linkFlags({ '--price': (1n << 128n).toString() }), KEY_ENV, /^error: --price "\d+" is out of range: .*the contract refuses larger prices/],
      [linkFlags({ '--deadline': '2020-01-01' }), KEY_ENV, /^error: --deadline \(2020-01-01T00:00:00Z\) is in the past/],
    ];
    const results = await Promise.all(cases.map(([args, env]) => run(args, env)));
    results.forEach((r, i) => expectOneLineError(r, cases[i]![2]));

    // Usage errors exit 2.
    const usage = await run(['link', '--chain-id', '1']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^error: required option/);
    const both = await run(linkFlags({ '--deadline': '2099-01-01', '--valid-for': '60' }));
    expect(both.code).toBe(2);
  });
});

describe('deposit, status and watch over HTTP', () => {
  let anvil: ChildProcessWithoutNullStreams | undefined;
  let url = '';
  let contract: Address;
  const chain = embeddedChainDefinition(31337);

  beforeAll(async () => {
    anvil = spawn(resolveAnvilBinary(), ['--port', '0', '--host', '127.0.0.1', '--chain-id', '31337', '--color', 'never'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const proc = anvil;
    url = await new Promise<string>((resolveUrl, reject) => {
      let out = '';
      proc.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /Listening on (127\.0\.0\.1:\d+)/.exec(out);
        if (m) resolveUrl(`http://${m[1]}`);
      });
      proc.once('exit', () => reject(new Error(`anvil exited: ${out.slice(-500)}`)));
    });
    const test = createAnvilTestClient(http(url), chain);
    for (const a of [ownerAccount, requesterAccount]) await test.setBalance({ address: a.address, value: parseEther('10') });
    const clients = createChainClients({ transport: http(url), chain });
    contract = (await deployDataLease({ publicClient: clients.publicClient, walletClient: clients.walletClient(ownerAccount) })).address;
  });
  afterAll(() => {
    anvil?.kill('SIGTERM');
  });

  const at = () => ['--rpc', url, '--chain-id', '31337', '--contract', contract];

  it('deposits, finds the granted lease by nonce, reads its status and watches it being revoked', async () => {
    const deposited = await run(['deposit', ...at(), '--amount', '10000', '--json']);
    expect(deposited.stderr).toBe('');
    expect(deposited.code).toBe(0);
    expectNoKey(deposited);
    expect(JSON.parse(deposited.stdout)).toMatchObject({ requester: requesterAccount.address, amount: '10000', balance: '10000' });
    const clients = createChainClients({ transport: http(url), chain });
    expect(await depositBalance({ publicClient: clients.publicClient, contract }, requesterAccount.address)).toBe(10_000n);
    const human = await run(['deposit', ...at(), '--amount', '5']);
    expect(human.stdout).toMatch(
      new RegExp(`^deposited 5 wei \\(0\\.000000000000000005 ETH\\) for ${requesterAccount.address}; deposit balance 10005 wei \\(0\\.000000000000010005 ETH\\) \\(transaction 0x[0-9a-f]{64}\\)\\n$`),
    );

    // Not granted yet.
    const pending = await run(['status', ...at(), '--nonce', '7', '--json']);
    expect(JSON.parse(pending.stdout)).toEqual({ leaseId: null, status: 'none', requester: requesterAccount.address, nonce: '7' });

    // The requester makes a link; a wallet owner grants it.
    const made = await run([...linkFlags({ '--duration': '3600', '--price': '3600', '--nonce': '7' }, '31337', contract), '--json']);
    expect(made.code, made.stderr).toBe(0);
    const { link } = JSON.parse(made.stdout) as { link: string };
    const { message, signature } = decodeLeaseLink(link);
    const owner = { publicClient: clients.publicClient, walletClient: clients.walletClient(ownerAccount), address: contract, readBlockTag: 'latest' as const };
    const fromBlock = await clients.publicClient.getBlockNumber();
    const granted = await commitAndGrantLease(owner, { message, signature, scopeHash: hashLeaseScope(requestedScope(message)), duration: 1800n });

    const byNonce = await run(['status', ...at(), '--nonce', '7', '--json']);
    expect(byNonce.code, byNonce.stderr).toBe(0);
    expect(JSON.parse(byNonce.stdout)).toMatchObject({
      leaseId: granted.leaseId.toString(),
      status: 'active',
      owner: ownerAccount.address,
      requester: requesterAccount.address,
      price: '1800',
      expiry: granted.expiry.toString(),
      deliveries: 0,
      requestDigest: hashLeaseRequest({ chainId: 31337, verifyingContract: contract }, message),
    });
    const byId = await run(['status', ...at(), '--lease', granted.leaseId.toString()]);
    expect(byId.stdout).toMatch(new RegExp(`^lease ${granted.leaseId}: active \\(as of block \\d+, .*\\)\\n  requester   ${requesterAccount.address}\\n`));
    expect(byId.stdout).toContain('  price       1800 wei (0.0000000000000018 ETH)\n');
    expect(byId.stdout).toContain('  token       native (ETH)\n');
    const unknown = await run(['status', ...at(), '--lease', '99', '--json'], {});
    expect(JSON.parse(unknown.stdout)).toMatchObject({ leaseId: '99', status: 'none' });

    await revokeLease(owner, granted.leaseId);
    // The watch replays from before the grant, prints one line per change, and exits 0 on Ctrl-C.
    const watched = await run(
      ['watch', ...at(), '--requester', requesterAccount.address, '--from-block', (fromBlock + 1n).toString(), '--interval', '50', '--json'],
      {},
      (out) => out.split('\n').filter(Boolean).length >= 2,
    );
    expect(watched.stderr).toBe('');
    expect(watched.code).toBe(0);
    const changes = watched.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { type: string; leaseId: string });
    expect(changes).toMatchObject([
      { type: 'granted', leaseId: granted.leaseId.toString(), nonce: '7', price: '1800' },
      { type: 'revoked', leaseId: granted.leaseId.toString() },
    ]);
    expect(JSON.parse((await run(['status', ...at(), '--lease', granted.leaseId.toString(), '--json'], {})).stdout)).toMatchObject({ status: 'revoked' });
  });

  it('deposit --token approves and deposits a 6-decimal token; link --token, status and watch report token amounts', async () => {
    const clients = createChainClients({ transport: http(url), chain });
    const tstc = (await deployTestStablecoin({ publicClient: clients.publicClient, walletClient: clients.walletClient(ownerAccount) })).address;
    await mintTestStablecoin({ publicClient: clients.publicClient, walletClient: clients.walletClient(ownerAccount) }, tstc, requesterAccount.address, 50_000_000n);

    const deposited = await run(['deposit', ...at(), '--token', tstc, '25000000', '--json']);
    expect(deposited.code, deposited.stderr).toBe(0);
    expect(JSON.parse(deposited.stdout)).toMatchObject({ token: tstc, symbol: 'TSTC', decimals: 6, amount: '25000000', balance: '25000000' });
    expect(JSON.parse(deposited.stdout).approveTransactionHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(await depositBalance({ publicClient: clients.publicClient, contract }, requesterAccount.address, tstc)).toBe(25_000_000n);
    const human = await run(['deposit', ...at(), '--token', tstc, '--amount', '500000']);
    expect(human.stdout).toMatch(/^deposited 500000 \(0\.5 TSTC\) for 0x[0-9a-fA-F]{40}; deposit balance 25500000 \(25\.5 TSTC\) \(transaction 0x[0-9a-f]{64}\)\n$/);
    expectOneLineError(await run(['deposit', ...at(), '--token', tstc]), /^error: deposit needs the amount/, 2);
    expectOneLineError(await run(['deposit', ...at(), '--token', tstc, '999000000000']), /^error: 0x[0-9a-fA-F]{40} holds 24500000 \(24\.5 TSTC\) of --token 0x[0-9a-fA-F]{40}, less than 999000000000 \(999000 TSTC\)\.$/);
    expectOneLineError(await run(['deposit', ...at(), '--token', ownerAccount.address, '1']), /^error: --token 0x[0-9a-fA-F]{40} does not answer as an ERC-20 token on chain 31337\.$/);

    const made = await run([...linkFlags({ '--duration': '60', '--price': '6000', '--nonce': '8', '--token': tstc }, '31337', contract), '--json']);
    expect(made.code, made.stderr).toBe(0);
    const { message, signature } = decodeLeaseLink((JSON.parse(made.stdout) as { link: string }).link);
    expect(message.token).toBe(tstc);
    const owner = { publicClient: clients.publicClient, walletClient: clients.walletClient(ownerAccount), address: contract, readBlockTag: 'latest' as const };
    const fromBlock = await clients.publicClient.getBlockNumber();
    const granted = await commitAndGrantLease(owner, { message, signature, scopeHash: hashLeaseScope(requestedScope(message)), duration: 60n });
    const test = createAnvilTestClient(http(url), chain);
    await test.setNextBlockTimestamp({ timestamp: granted.start + 20n });
    const revoked = await revokeLease(owner, granted.leaseId);
    expect(revoked).toMatchObject({ ownerAmount: 2000n, requesterRefund: 4000n });

    const status = await run(['status', ...at(), '--lease', granted.leaseId.toString()], {});
    expect(status.stdout).toContain(`  token       ${tstc} (TSTC)\n`);
    expect(status.stdout).toContain('  price       6000 (0.006 TSTC)\n');
    const watched = await run(
      ['watch', ...at(), '--requester', requesterAccount.address, '--from-block', (fromBlock + 1n).toString(), '--interval', '50'],
      {},
      (out) => out.split('\n').filter(Boolean).length >= 2,
    );
    const lines = watched.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^granted {3}lease \d+ {2}owner 0x[0-9a-fA-F]{40} {2}nonce 8 {2}price 6000 \(0\.006 TSTC\)/);
    expect(lines[1]).toMatch(/^revoked {3}lease \d+ {2}owner paid 2000 \(0\.002 TSTC\) {2}refunded 4000 \(0\.004 TSTC\)/);
  });

  it('refuses a wrong chain id, a non-contract, a bad RPC URL and an unfunded deposit with one line each', async () => {
    const [wrongChain, noContract, badUrl, tooMuch, noKey] = await Promise.all([
      run(['deposit', '--rpc', url, '--chain-id', '5', '--contract', contract, '--amount', '1']),
      run(['status', '--rpc', url, '--chain-id', '31337', '--contract', requesterAccount.address, '--lease', '1']),
      run(['status', '--rpc', 'ftp://example.org', '--chain-id', '31337', '--contract', contract, '--lease', '1']),
      run(['deposit', ...at(), '--amount', parseEther('1000').toString()]),
      run(['deposit', ...at(), '--amount', '1'], {}),
    ]);
    expectOneLineError(wrongChain, /^error: The endpoint at http:\/\/127\.0\.0\.1:\d+ serves chain 31337, not --chain-id 5\.$/);
    expectOneLineError(noContract, /^error: There is no contract at --contract 0x/);
    expectOneLineError(badUrl, /^error: --rpc must be an http\(s\):\/\/ or ws\(s\):\/\/ URL/);
    expectOneLineError(tooMuch, new RegExp(`^error: ${requesterAccount.address} does not have enough ETH`));
    expectOneLineError(noKey, /^error: Set REQUESTER_PRIVATE_KEY/);
  });
});
