/**
 * A second process attaches to the embedded chain the app (another process)
 * owns, through the socket in its pid file: it can read and send, and
 * detaching never stops the owner's Anvil.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { attachEmbeddedChain, startOrAttachEmbeddedChain } from '../../../electron/core/chain/attach-embedded-chain.js';
import { EMBEDDED_CHAIN_ID } from '../../../electron/core/chain/clients.js';
import { startEmbeddedChain } from '../../../electron/core/chain/embedded-chain.js';
import { ChainAlreadyRunningError } from '../../../electron/core/chain/errors.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function ownerProcess(dir: string): Promise<{ anvilPid: number; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join('test', 'helpers', 'chain-child.ts'), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  const { pid } = JSON.parse(line.toString()) as { pid: number };
  return {
    anvilPid: pid,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

describe('attaching to the embedded chain of a running app', () => {
  it('attaches instead of failing, works, and leaves the owner’s chain running', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dw-attach-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    expect(await attachEmbeddedChain({ dataDir: dir })).toBeNull(); // nobody runs one yet
    const owner = await ownerProcess(dir);
    cleanups.push(owner.stop);

    await expect(startEmbeddedChain({ dataDir: dir })).rejects.toBeInstanceOf(ChainAlreadyRunningError);
    const chain = await startOrAttachEmbeddedChain({ dataDir: dir });
    expect(chain.pid()).toBe(owner.anvilPid);
    expect(await chain.publicClient.getChainId()).toBe(EMBEDDED_CHAIN_ID);
    const before = await chain.publicClient.getBlockNumber();
    await chain.testClient.mine({ blocks: 2 });
    expect(await chain.publicClient.getBlockNumber()).toBe(before + 2n);

    await chain.stop();
    expect(() => process.kill(owner.anvilPid, 0)).not.toThrow(); // the owner's Anvil lives on
    const again = await attachEmbeddedChain({ dataDir: dir });
    expect(await again!.publicClient.getBlockNumber()).toBe(before + 2n);
    await again!.stop();
  });
});
