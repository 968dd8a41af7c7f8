/**
 * The embedded chain's life: start, stop, restart with the same folder,
 * crash and supervised restart, damaged state, long paths, and a chain left
 * behind by a killed app. Real Anvil processes throughout.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseEther } from 'viem';
import { afterEach, describe, expect, it } from 'vitest';
import { EMBEDDED_CHAIN_ID } from '../../../electron/core/chain/clients.js';
import { commitAndGrantLease } from '../../../electron/core/chain/data-lease/grant-lease.js';
import { readLease } from '../../../electron/core/chain/data-lease/read-lease.js';
import { readBalance } from '../../../electron/core/chain/data-lease/withdraw-balance.js';
import { startEmbeddedChain, type ChainExitEvent, type EmbeddedChain } from '../../../electron/core/chain/embedded-chain.js';
import {
  ChainAlreadyRunningError,
  ChainIpcPathTooLongError,
  ChainNotRunningError,
  ChainStartError,
  mapChainError,
} from '../../../electron/core/chain/errors.js';
import { prepareEmbeddedChain } from '../../../electron/core/chain/prepare-embedded-chain.js';
import { deposit } from '../../../requester/deposit.js';
import { signLeaseRequest } from '../../../requester/sign-lease-request.js';
import { hashLeaseScope, requestedScope } from '../../../shared/lease/eip712.js';
import { makeTempDir } from '../../helpers/chain-fixture.js';
import { ownerAccount, requesterAccount, sampleMessage } from '../../helpers/chain-requests.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function tempDir(): string {
  const dir = makeTempDir();
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function start(dataDir: string, options: Parameters<typeof startEmbeddedChain>[0] | object = {}): Promise<EmbeddedChain> {
  const chain = await startEmbeddedChain({ dataDir, autoRestart: false, ...options });
  cleanups.push(() => chain.stop());
  return chain;
}

/** Deposits and grants one 1-hour lease; returns its id. */
async function grantOne(chain: EmbeddedChain, contract: `0x${string}`, nonce: bigint): Promise<bigint> {
  await chain.testClient.setBalance({ address: requesterAccount.address, value: parseEther('10') });
  await deposit({ publicClient: chain.publicClient, walletClient: chain.walletClient(requesterAccount), contract }, 100_000n);
  const now = (await chain.publicClient.getBlock()).timestamp;
  const message = sampleMessage({ nonce, duration: 3600n, deadline: now + 600n });
  const signed = await signLeaseRequest(requesterAccount, { chainId: chain.chainId, verifyingContract: contract }, message);
  const granted = await commitAndGrantLease(
    { publicClient: chain.publicClient, walletClient: chain.walletClient(ownerAccount), address: contract },
    { message, signature: signed.signature, scopeHash: hashLeaseScope(requestedScope(message)), duration: 3600n },
  );
  return granted.leaseId;
}

/** Waits (bounded) until the state file was rewritten `count` times from now. */
async function waitForStateWrites(file: string, count: number): Promise<void> {
  const mtime = () => (existsSync(file) ? statSync(file).mtimeMs : 0);
  let last = mtime();
  let seen = 0;
  for (let i = 0; i < 1000 && seen < count; i++) {
    await sleep(10);
    const now = mtime();
    if (now !== last) {
      seen += 1;
      last = now;
    }
  }
  if (seen < count) throw new Error(`the state file was rewritten ${seen} times, not ${count}`);
}

describe('embedded chain', () => {
  it('starts Anvil on an IPC socket in the wallet folder with the local chain id, and stops cleanly', async () => {
    const dir = tempDir();
    const chain = await start(dir);
    expect(chain.chainId).toBe(EMBEDDED_CHAIN_ID);
    expect(await chain.publicClient.getChainId()).toBe(EMBEDDED_CHAIN_ID);
    expect(chain.ipcPath).toBe(join(dir, 'chain', 'anvil.ipc'));
    expect(statSync(join(dir, 'chain')).mode & 0o777).toBe(0o700);
    expect(chain.startInfo.httpHost).toMatch(/^127\./);
    expect(chain.startInfo.stateRecovery).toEqual({ kind: 'none', fresh: true });
    expect(existsSync(join(dir, 'chain', 'anvil.pid'))).toBe(true);
    expect(chain.isRunning()).toBe(true);
    // No dev accounts are unlocked on the node.
    const request = chain.publicClient.request as (args: { method: string }) => Promise<unknown>;
    expect(await request({ method: 'eth_accounts' })).toEqual([]);

    await chain.stop();
    await chain.stop(); // idempotent
    expect(chain.isRunning()).toBe(false);
    expect(existsSync(join(dir, 'chain', 'state.json'))).toBe(true);
    expect(existsSync(join(dir, 'chain', 'anvil.pid'))).toBe(false);
    expect(() => chain.walletClient(ownerAccount)).toThrow(ChainNotRunningError);
    const afterStop = await chain.publicClient.getBlockNumber().catch((e: unknown) => mapChainError(e));
    expect(afterStop).toMatchObject({ name: 'ChainRpcError' });
  });

  it('deploys DataLease once, and keeps leases, balances and the contract across stop and start', async () => {
    const dir = tempDir();
    let chain = await start(dir);
    const first = await prepareEmbeddedChain(chain, ownerAccount);
    expect(first).toMatchObject({ deployedNow: true, lostContract: null, outdated: false });
    expect(first.balance).toBeGreaterThanOrEqual(parseEther('10'));
    const leaseId = await grantOne(chain, first.contract, 1n);
    const before = await readLease({ publicClient: chain.publicClient, address: first.contract }, leaseId);
    await chain.stop();

    chain = await start(dir);
    expect(chain.startInfo.stateRecovery).toEqual({ kind: 'none', fresh: false });
    const second = await prepareEmbeddedChain(chain, ownerAccount);
    expect(second).toMatchObject({ contract: first.contract, deployedNow: false, lostContract: null });
    const ctx = { publicClient: chain.publicClient, address: first.contract };
    const after = await readLease(ctx, leaseId);
    expect(after).toMatchObject({ ...before, chainTime: after!.chainTime });
    expect(await readBalance(ctx, requesterAccount.address)).toBe(100_000n - 6000n);
  });

  it('restarts Anvil after it is killed, and the clients keep working', async () => {
    const dir = tempDir();
    const chain = await start(dir, { autoRestart: true, stateIntervalSeconds: 1 });
    const { contract } = await prepareEmbeddedChain(chain, ownerAccount);
    const leaseId = await grantOne(chain, contract, 7n);
    // Wait for a periodic dump that certainly started after the grant: the second rewrite of the state file after it.
    await waitForStateWrites(join(dir, 'chain', 'state.json'), 2);
    const oldPid = chain.pid()!;
    const exited = new Promise<ChainExitEvent>((resolve) => chain.on('exit', resolve));
    const restarted = new Promise<{ attempt: number }>((resolve) => chain.on('restart', resolve));
    process.kill(oldPid, 'SIGKILL');
    expect((await exited).signal).toBe('SIGKILL');
    expect((await restarted).attempt).toBe(1);
    expect(chain.pid()).not.toBe(oldPid);
    const lease = await readLease({ publicClient: chain.publicClient, address: contract }, leaseId);
    expect(lease?.status).toBe('active');
  });

  it('restores the last good state when the state file was left half-written', async () => {
    const dir = tempDir();
    let chain = await start(dir);
    const { contract } = await prepareEmbeddedChain(chain, ownerAccount);
    await chain.stop();
    chain = await start(dir); // a start that succeeds keeps the state it loaded as state.json.bak
    await chain.stop();
    const stateFile = join(dir, 'chain', 'state.json');
    const text = readFileSync(stateFile, 'utf8');
    writeFileSync(stateFile, text.slice(0, Math.floor(text.length / 2))); // what a kill -9 mid-dump leaves

    chain = await start(dir);
    expect(chain.startInfo.stateRecovery.kind).toBe('restored-backup');
    const prepared = await prepareEmbeddedChain(chain, ownerAccount);
    expect(prepared).toMatchObject({ contract, deployedNow: false });
  });

  it('reports a lost contract when the chain state is gone', async () => {
    const dir = tempDir();
    let chain = await start(dir);
    const { contract } = await prepareEmbeddedChain(chain, ownerAccount);
    await chain.stop();
    rmSync(join(dir, 'chain', 'state.json'));
    rmSync(join(dir, 'chain', 'state.json.bak'), { force: true });
    chain = await start(dir);
    const prepared = await prepareEmbeddedChain(chain, ownerAccount);
    expect(prepared.deployedNow).toBe(true);
    expect(prepared.lostContract).toBe(contract);
  });

  it('falls back to a private temp folder when the socket path would be too long', async () => {
    const base = tempDir();
    const deep = join(base, 'a-very-long-folder-name-for-a-wallet'.repeat(3));
    mkdirSync(deep, { recursive: true });
    await expect(startEmbeddedChain({ dataDir: deep, allowTmpIpcFallback: false })).rejects.toBeInstanceOf(
      ChainIpcPathTooLongError,
    );
    const chain = await start(deep);
    expect(chain.ipcPath.startsWith(deep)).toBe(false);
    expect(Buffer.byteLength(chain.ipcPath)).toBeLessThanOrEqual(107);
    expect(statSync(join(chain.ipcPath, '..')).mode & 0o777).toBe(0o700);
    expect(await chain.publicClient.getChainId()).toBe(EMBEDDED_CHAIN_ID);
    await chain.stop();
    expect(existsSync(join(chain.ipcPath, '..'))).toBe(false);
  });

  it('refuses a second chain on the same folder in the same process', async () => {
    const dir = tempDir();
    await start(dir);
    await expect(startEmbeddedChain({ dataDir: dir })).rejects.toBeInstanceOf(ChainStartError);
  });

  it('refuses a folder whose chain belongs to another live process, and takes over one left by a killed app', async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, ['--import', 'tsx', join('test', 'helpers', 'chain-child.ts'), dir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    cleanups.push(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    const [line] = (await once(child.stdout!, 'data')) as [Buffer];
    const orphanPid = (JSON.parse(line.toString()) as { pid: number }).pid;

    await expect(startEmbeddedChain({ dataDir: dir })).rejects.toBeInstanceOf(ChainAlreadyRunningError);

    child.kill('SIGKILL'); // the app dies; its Anvil lives on
    await once(child, 'exit');
    expect(() => process.kill(orphanPid, 0)).not.toThrow();

    const chain = await start(dir);
    expect(chain.startInfo.reclaimedPid).toBe(orphanPid);
    expect(() => process.kill(orphanPid, 0)).toThrow();
    expect(await chain.publicClient.getChainId()).toBe(EMBEDDED_CHAIN_ID);
  });
});
