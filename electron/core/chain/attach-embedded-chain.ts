/**
 * Attaching to the embedded chain another process of this user runs on the
 * same data folder (the desktop app or browser mode), through the socket its
 * pid file names. The chain keeps one owner: an attached handle never starts,
 * restarts or stops Anvil; its stop() only closes this process's connection.
 * This is how the CLI works while the app runs, instead of failing with
 * "a chain is already running".
 */
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import type { Account } from 'viem';
import { getIpcRpcClient, ipc } from 'viem/node';
import { createAnvilTestClient, createChainClients, embeddedChainDefinition, EMBEDDED_CHAIN_ID } from './clients.js';
import type { EmbeddedChain, StartEmbeddedChainOptions } from './embedded-chain.js';
import { CHAIN_FOLDER, PID_FILE, STATE_FILE, startEmbeddedChain } from './embedded-chain.js';
import { ChainAlreadyRunningError, ChainIdMismatchError, ChainNotRunningError } from './errors.js';
import { ipcRpcOnce } from './ipc-probe.js';
import { isAlive, readPidFile } from './pid-file.js';

/** A handle on the chain another live process owns on `dataDir`, or null when none does. */
export async function attachEmbeddedChain(options: { dataDir: string; chainId?: number }): Promise<EmbeddedChain | null> {
  const chainId = options.chainId ?? EMBEDDED_CHAIN_ID;
  const chainDir = join(options.dataDir, CHAIN_FOLDER);
  const record = readPidFile(join(chainDir, PID_FILE));
  if (!record || record.parentPid === process.pid || !isAlive(record.pid) || !isAlive(record.parentPid)) return null;
  let answered: number;
  try {
    answered = Number(BigInt((await ipcRpcOnce(record.ipcPath, 'eth_chainId', [], 2000)) as string));
  } catch {
    return null;
  }
  if (answered !== chainId) throw new ChainIdMismatchError(chainId, answered);

  const chain = embeddedChainDefinition(chainId);
  const transport = ipc(record.ipcPath, { reconnect: false, timeout: 10_000, retryCount: 0 });
  const clients = createChainClients({ transport, chain });
  const testClient = createAnvilTestClient(transport, chain);
  const events = new EventEmitter();
  let stopped = false;
  const handle: EmbeddedChain = {
    chainId,
    chain,
    chainDir,
    ipcPath: record.ipcPath,
    stateFile: join(chainDir, STATE_FILE),
    startInfo: { readyInMs: 0, stateRecovery: { kind: 'none', fresh: false }, reclaimedPid: null, httpHost: '' },
    publicClient: clients.publicClient,
    testClient,
    walletClient(account: Account) {
      if (stopped) throw new ChainNotRunningError();
      return clients.walletClient(account);
    },
    pid: () => (stopped || !isAlive(record.pid) ? null : record.pid),
    isRunning: () => !stopped && isAlive(record.pid),
    on(event, listener) {
      events.on(event, listener as (...a: unknown[]) => void);
      return handle;
    },
    off(event, listener) {
      events.off(event, listener as (...a: unknown[]) => void);
      return handle;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        (await getIpcRpcClient(record.ipcPath, { reconnect: false })).close();
      } catch {
        // nothing to close
      }
    },
  };
  return handle;
}

/** Starts the embedded chain, or attaches to it when another live process of this user already runs it. */
export async function startOrAttachEmbeddedChain(options: StartEmbeddedChainOptions): Promise<EmbeddedChain> {
  try {
    return await startEmbeddedChain(options);
  } catch (e) {
    if (!(e instanceof ChainAlreadyRunningError)) throw e;
    const attached = await attachEmbeddedChain({ dataDir: options.dataDir, ...(options.chainId !== undefined && { chainId: options.chainId }) });
    if (!attached) throw e;
    return attached;
  }
}
