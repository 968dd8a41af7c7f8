/**
 * The embedded chain: Anvil (from @foundry-rs/anvil) as a child process,
 * reached only through an IPC socket in the wallet's folder, its state dumped
 * to `<dataDir>/chain/state.json` periodically and on stop.
 *
 * HTTP listener: Anvil cannot run without one (there is no flag to disable
 * it). We bind it to port 0 (a random free port) on a random loopback address
 * of 127.0.0.0/8 on Linux (127.0.0.1 elsewhere) and pass --no-cors, so a web
 * page cannot call it with fetch (the CORS preflight fails and Anvil refuses
 * the "simple" content types). Browsers do not apply CORS to WebSockets, and
 * Anvil accepts WebSocket upgrades from any Origin; the random address and
 * port (about 2^40 combinations on Linux, 2^15 elsewhere) is what keeps a
 * page from finding it. Nothing in the wallet uses that port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Account, Chain } from 'viem';
import { getIpcRpcClient, ipc } from 'viem/node';
import { resolveAnvilBinary } from './anvil-binary.js';
import { childEnvironment } from './child-environment.js';
import {
  createAnvilTestClient,
  createChainClients,
  embeddedChainDefinition,
  EMBEDDED_CHAIN_ID,
  type AnvilTestClient,
  type ChainPublicClient,
  type ChainWalletClient,
} from './clients.js';
import { ChainIdMismatchError, ChainNotRunningError, ChainStartError } from './errors.js';
import { ipcRpcOnce } from './ipc-probe.js';
import { removeIpcFallback, resolveIpcPath, type IpcPath } from './ipc-path.js';
import { reclaimChainFolder, removePidFile, writePidFile } from './pid-file.js';
import { prepareStateFile, type StateRecovery } from './state-file.js';

export const CHAIN_FOLDER = 'chain';
export const STATE_FILE = 'state.json';
export const PID_FILE = 'anvil.pid';

export interface StartEmbeddedChainOptions {
  /** The wallet's data folder; the chain keeps its files in `<dataDir>/chain`. */
  dataDir: string;
  /** Default EMBEDDED_CHAIN_ID. */
  chainId?: number;
  /** Seconds between periodic state dumps (default 5). A kill -9 loses at most this much. */
  stateIntervalSeconds?: number;
  /** How long to wait for the first answer on the socket (default 10 s). */
  startTimeoutMs?: number;
  /** Restart Anvil when it exits on its own (default: up to 5 times per minute). */
  autoRestart?: boolean | { maxRestarts: number; windowMs: number };
  /** When `<dataDir>/chain/anvil.ipc` is too long for a socket, use a private temp folder (default true). */
  allowTmpIpcFallback?: boolean;
  /** EVM hardfork (default cancun, the contract's compile target). */
  hardfork?: string;
  /** Path of the Anvil executable; default: the one installed with @foundry-rs/anvil. */
  anvilPath?: string;
}

export interface EmbeddedChainStartInfo {
  /** From spawn to the first answer on the socket. */
  readyInMs: number;
  stateRecovery: StateRecovery;
  /** Pid of an orphaned Anvil from an earlier run that was stopped first, if any. */
  reclaimedPid: number | null;
  /** Loopback address Anvil's (unused) HTTP listener is bound to. */
  httpHost: string;
}

export interface ChainExitEvent {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Last lines Anvil wrote to stderr (it runs with --quiet; these are errors). */
  stderr: string;
}

export interface EmbeddedChainEvents {
  /** Anvil exited without stop() being called. */
  exit: [ChainExitEvent];
  /** The supervisor started Anvil again after an unexpected exit. */
  restart: [{ attempt: number; info: EmbeddedChainStartInfo }];
  /** The supervisor gave up (too many restarts, or a restart failed). */
  failed: [Error];
}

export interface EmbeddedChain {
  readonly chainId: number;
  readonly chain: Chain;
  readonly chainDir: string;
  readonly ipcPath: string;
  readonly stateFile: string;
  /** Facts about the most recent (re)start. */
  readonly startInfo: EmbeddedChainStartInfo;
  readonly publicClient: ChainPublicClient;
  /** Anvil cheat codes (setBalance, increaseTime, snapshot…): for funding the wallet's account and for tests. */
  readonly testClient: AnvilTestClient;
  walletClient(account: Account): ChainWalletClient;
  /** Pid of the running Anvil, or null while it is down. */
  pid(): number | null;
  isRunning(): boolean;
  on<E extends keyof EmbeddedChainEvents>(event: E, listener: (...args: EmbeddedChainEvents[E]) => void): this;
  off<E extends keyof EmbeddedChainEvents>(event: E, listener: (...args: EmbeddedChainEvents[E]) => void): this;
  /** Stops Anvil with SIGTERM (it dumps its state), waits for it, and releases the folder. Idempotent. */
  stop(options?: { timeoutMs?: number }): Promise<void>;
}

/** Chains running in this process, by folder: one Anvil per folder. */
const running = new Set<string>();

const STDERR_TAIL = 4096;

interface Spawned {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<ChainExitEvent>;
  readyInMs: number;
  httpHost: string;
}

function loopbackHost(): string {
  // Every 127/8 address is loopback on Linux; other systems configure only 127.0.0.1.
  if (process.platform !== 'linux') return '127.0.0.1';
  return `127.${randomInt(0, 256)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}

function anvilArgs(o: { ipcPath: string; stateFile: string; chainId: number; interval: number; hardfork: string; host: string }) {
  return [
    '--ipc', o.ipcPath,
    '--host', o.host,
    '--port', '0',
    '--no-cors',
    '--chain-id', String(o.chainId),
    '--state', o.stateFile,
    '--state-interval', String(o.interval),
    '--hardfork', o.hardfork,
    // No dev accounts: nothing is unlocked for eth_sendTransaction; the wallet signs with its own key.
    '--accounts', '0',
    '--quiet',
    '--color', 'never',
  ]; // prettier-ignore
}

async function spawnAnvil(
  binary: string,
  args: (host: string) => string[],
  ipcPath: string,
  timeoutMs: number,
): Promise<Spawned> {
  let host = loopbackHost();
  for (;;) {
    const started = performance.now();
    const child = spawn(binary, args(host), { stdio: ['ignore', 'ignore', 'pipe'], windowsHide: true, env: childEnvironment() });
    let tail = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      tail = (tail + chunk).slice(-STDERR_TAIL);
    });
    const state: { exit: ChainExitEvent | null } = { exit: null };
    const exited = new Promise<ChainExitEvent>((resolve) => {
      child.once('exit', (code, signal) => {
        state.exit ??= { code, signal, stderr: tail };
        resolve(state.exit);
      });
      child.once('error', (error) => {
        tail += `\n${error.message}`;
        state.exit ??= { code: null, signal: null, stderr: tail };
        resolve(state.exit);
      });
    });

    const deadline = started + timeoutMs;
    let answered = false;
    while (!state.exit && performance.now() < deadline) {
      try {
        await ipcRpcOnce(ipcPath, 'eth_chainId', [], 500);
        answered = true;
        break;
      } catch {
        await Promise.race([sleep(10), exited]);
      }
    }
    if (answered && !state.exit) {
      return { child, stderr: () => tail, exited, readyInMs: performance.now() - started, httpHost: host };
    }
    if (!state.exit) {
      child.kill('SIGKILL');
      await exited;
      throw new ChainStartError(`no answer on its socket within ${timeoutMs} ms`, { details: tail.trim() });
    }
    const info = state.exit;
    if (host !== '127.0.0.1' && /cannot assign requested address/i.test(info.stderr)) {
      host = '127.0.0.1'; // this system has only 127.0.0.1 on loopback
      continue;
    }
    throw new ChainStartError(`Anvil exited with ${info.signal ?? `code ${info.code}`}`, { details: info.stderr.trim() });
  }
}

/** Drops viem's cached socket client for `path`, so the next request opens a fresh connection. */
async function closeViemIpcClient(path: string): Promise<void> {
  try {
    const client = await getIpcRpcClient(path, { reconnect: false });
    client.close();
  } catch {
    // nothing cached and nothing listening: nothing to close
  }
}

/**
 * Starts Anvil for the wallet in `dataDir` and resolves once it answers on its
 * socket with the expected chain id. Deploying DataLease and funding the
 * wallet's account are separate steps (see `prepareEmbeddedChain`).
 */
export async function startEmbeddedChain(options: StartEmbeddedChainOptions): Promise<EmbeddedChain> {
  const chainId = options.chainId ?? EMBEDDED_CHAIN_ID;
  const chainDir = join(options.dataDir, CHAIN_FOLDER);
  if (running.has(chainDir)) throw new ChainStartError('a chain is already running on this folder in this process');
  const binary = options.anvilPath ?? resolveAnvilBinary();
  mkdirSync(chainDir, { recursive: true, mode: 0o700 });
  // The socket and state live here: keep other users out even if the folder pre-existed with looser modes.
  if (process.platform !== 'win32') chmodSync(chainDir, 0o700);
  const stateFile = join(chainDir, STATE_FILE);
  const pidFile = join(chainDir, PID_FILE);
  const interval = Math.max(1, Math.round(options.stateIntervalSeconds ?? 5));
  const timeoutMs = options.startTimeoutMs ?? 10_000;
  const hardfork = options.hardfork ?? 'cancun';
  const restartPolicy =
    options.autoRestart === false
      ? null
      : typeof options.autoRestart === 'object'
        ? options.autoRestart
        : { maxRestarts: 5, windowMs: 60_000 };

  running.add(chainDir);
  let ipcPath: IpcPath | null = null;
  try {
    const reclaimedPid = await reclaimChainFolder(pidFile);
    ipcPath = resolveIpcPath(chainDir, { allowTmpFallback: options.allowTmpIpcFallback ?? true });
    const socket = ipcPath.path;
    const args = (host: string) => anvilArgs({ ipcPath: socket, stateFile, chainId, interval, hardfork, host });

    const launch = async (reclaimed: number | null): Promise<{ spawned: Spawned; info: EmbeddedChainStartInfo }> => {
      const stateRecovery = prepareStateFile(stateFile);
      await closeViemIpcClient(socket);
      const spawned = await spawnAnvil(binary, args, socket, timeoutMs);
      writePidFile(pidFile, { pid: spawned.child.pid ?? -1, parentPid: process.pid, ipcPath: socket, stateFile });
      const answered = Number(BigInt((await ipcRpcOnce(socket, 'eth_chainId')) as string));
      if (answered !== chainId) {
        spawned.child.kill('SIGTERM');
        await spawned.exited;
        throw new ChainIdMismatchError(chainId, answered);
      }
      return {
        spawned,
        info: { readyInMs: spawned.readyInMs, stateRecovery, reclaimedPid: reclaimed, httpHost: spawned.httpHost },
      };
    };

    const first = await launch(reclaimedPid);
    const chain = embeddedChainDefinition(chainId);
    // reconnect: false: after a restart the supervisor drops the dead client and viem connects afresh.
    const transport = ipc(socket, { reconnect: false, timeout: 10_000, retryCount: 0 });
    const clients = createChainClients({ transport, chain });
    const testClient = createAnvilTestClient(transport, chain);
    return new EmbeddedChainImpl({
      chainId,
      chain,
      chainDir,
      ipc: ipcPath,
      stateFile,
      pidFile,
      clients,
      testClient,
      restartPolicy,
      launch,
      first,
    });
  } catch (e) {
    running.delete(chainDir);
    if (ipcPath) removeIpcFallback(ipcPath);
    throw e;
  }
}

interface ImplParams {
  chainId: number;
  chain: Chain;
  chainDir: string;
  ipc: IpcPath;
  stateFile: string;
  pidFile: string;
  clients: ReturnType<typeof createChainClients>;
  testClient: AnvilTestClient;
  restartPolicy: { maxRestarts: number; windowMs: number } | null;
  launch: (reclaimed: number | null) => Promise<{ spawned: Spawned; info: EmbeddedChainStartInfo }>;
  first: { spawned: Spawned; info: EmbeddedChainStartInfo };
}

class EmbeddedChainImpl extends EventEmitter implements EmbeddedChain {
  readonly chainId: number;
  readonly chain: Chain;
  readonly chainDir: string;
  readonly ipcPath: string;
  readonly stateFile: string;
  readonly publicClient: ChainPublicClient;
  readonly testClient: AnvilTestClient;
  startInfo: EmbeddedChainStartInfo;

  private readonly params: ImplParams;
  private current: Spawned | null;
  private stopping: Promise<void> | null = null;
  private restarting: Promise<void> | null = null;
  private restarts: number[] = [];
  private readonly onProcessExit = () => this.current?.child.kill('SIGTERM');

  constructor(params: ImplParams) {
    super();
    this.params = params;
    this.chainId = params.chainId;
    this.chain = params.chain;
    this.chainDir = params.chainDir;
    this.ipcPath = params.ipc.path;
    this.stateFile = params.stateFile;
    this.publicClient = params.clients.publicClient;
    this.testClient = params.testClient;
    this.startInfo = params.first.info;
    this.current = params.first.spawned;
    this.watch(params.first.spawned);
    // If the host process exits without stop(), do not leave Anvil behind.
    process.once('exit', this.onProcessExit);
  }

  walletClient(account: Account): ChainWalletClient {
    if (this.stopping) throw new ChainNotRunningError();
    return this.params.clients.walletClient(account);
  }

  pid(): number | null {
    return this.current?.child.pid ?? null;
  }

  isRunning(): boolean {
    return this.current !== null && this.stopping === null;
  }

  private watch(spawned: Spawned): void {
    void spawned.exited.then((event) => {
      if (this.current !== spawned) return;
      this.current = null;
      if (this.stopping) return;
      this.emit('exit', event);
      this.restarting = this.restart().finally(() => {
        this.restarting = null;
      });
    });
  }

  private async restart(): Promise<void> {
    const policy = this.params.restartPolicy;
    if (!policy) return;
    const now = Date.now();
    this.restarts = this.restarts.filter((t) => now - t < policy.windowMs);
    if (this.restarts.length >= policy.maxRestarts) {
      this.emit('failed', new ChainStartError(`Anvil exited ${policy.maxRestarts} times within ${policy.windowMs / 1000} s`));
      return;
    }
    this.restarts.push(now);
    const attempt = this.restarts.length;
    await sleep(100 * 2 ** (attempt - 1));
    if (this.stopping) return;
    try {
      const { spawned, info } = await this.params.launch(null);
      if (this.stopping) {
        spawned.child.kill('SIGTERM');
        await spawned.exited;
        return;
      }
      this.current = spawned;
      this.startInfo = info;
      this.watch(spawned);
      this.emit('restart', { attempt, info });
    } catch (e) {
      this.emit('failed', e instanceof Error ? e : new Error(String(e)));
    }
  }

  stop(options: { timeoutMs?: number } = {}): Promise<void> {
    this.stopping ??= this.doStop(options.timeoutMs ?? 5000);
    return this.stopping;
  }

  private async doStop(timeoutMs: number): Promise<void> {
    process.off('exit', this.onProcessExit);
    await this.restarting;
    await closeViemIpcClient(this.ipcPath);
    const spawned = this.current;
    if (spawned) {
      // SIGTERM: Anvil dumps its state to --state, then exits.
      spawned.child.kill('SIGTERM');
      // An unref'd timer: once Anvil has exited, nothing may keep the process alive (a CLI command exits at once).
      const done = await Promise.race([spawned.exited.then(() => true), sleep(timeoutMs, undefined, { ref: false }).then(() => false)]);
      if (!done) {
        spawned.child.kill('SIGKILL');
        await spawned.exited;
      }
      this.current = null;
    }
    removePidFile(this.params.pidFile);
    removeIpcFallback(this.params.ipc);
    running.delete(this.chainDir);
  }
}
