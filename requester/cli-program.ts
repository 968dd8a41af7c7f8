/**
 * `data-wallet-request`: the requester's side of Data Wallet leases from a shell.
 *
 *   link     sign a lease request and print its deep link (offline)
 *   deposit  fund the deposit leases are paid from (native currency, or an ERC-20 token with --token)
 *   status   one lease's status, by lease id or by the request's nonce
 *   watch    one line per change to the requester's leases, until Ctrl-C
 *
 * Amounts on the command line are integers in the payment token's smallest
 * unit (wei for the native currency, 10^-6 for a 6-decimal stablecoin); the
 * output adds the amount in the token's own units (symbol and decimals read
 * from the token contract).
 *
 * The key comes from REQUESTER_PRIVATE_KEY only, and is never printed. Exit
 * codes: 0 success, 1 an error (one `error: …` line on stderr), 2 a usage error.
 */
import { Command, CommanderError, Option } from 'commander';
import {
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  InsufficientFundsError,
  webSocket,
  zeroAddress,
  type Address,
  type Chain,
  type PublicClient,
  type Transport,
} from 'viem';
import type { PrivateKeyAccount } from 'viem/accounts';
import { dataLeaseAbi } from '../contracts/artifacts/DataLease.js';
import { hashLeaseRequest } from '../shared/lease/eip712.js';
import { LeaseLinkError } from '../shared/lease/errors.js';
import { encodeLeaseLink } from '../shared/lease/link.js';
import type { LeaseRequestMessage } from '../shared/lease/request.js';
import { formatTokenAmount, isNativeToken, type TokenUnits } from '../shared/lease/token-amount.js';
import {
  accountFromEnv,
  CliInputError,
  CliUsageError,
  isoTime,
  keyForms,
  parseAddress,
  parseChainId,
  parseDatasets,
  parseEpsilonMilli,
  parseRpcUrl,
  parseTime,
  parseUint,
  quote,
} from './cli-args.js';
import { deposit, depositBalance, depositToken, erc20PaymentAbi } from './deposit.js';
import { readTokenUnits } from './token-units.js';
import { newLeaseNonce } from './nonce.js';
import { signLeaseRequest } from './sign-lease-request.js';
import { leaseIdForNonce, readLeaseStatus, watchLeases, type LeaseChange, type LeaseStatusResult } from './watch-leases.js';

export interface RequesterCliIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** Resolves when the user asks a long-running command (watch) to stop: Ctrl-C or SIGTERM. */
  untilInterrupted(): Promise<void>;
}

const U64_MAX = (1n << 64n) - 1n;
const DEFAULT_VALID_FOR = 7n * 86_400n;
/** DataLease refuses prices above 2^128 − 1 (PriceTooLarge). */
const MAX_PRICE = (1n << 128n) - 1n;

/** The message fields as the flags that set them, for schema errors. */
const FIELD_FLAGS: Record<string, string> = {
  chainId: '--chain-id',
  verifyingContract: '--contract',
  requester: 'the requester address (from REQUESTER_PRIVATE_KEY)',
  requesterName: '--name',
  purpose: '--purpose',
  description: '--description',
  datasets: '--datasets',
  dataFrom: '--from',
  dataTo: '--to',
  duration: '--duration',
  token: '--token',
  price: '--price',
  maxEpsilonMilli: '--epsilon',
  taskUrl: '--task-url',
  nonce: '--nonce',
  deadline: '--deadline',
};

// ------------------------------------------------------------ output

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

/** Bigints as decimal strings, for --json. */
function toJson(value: unknown): Json {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(toJson);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  return value as Json;
}

interface Out {
  line(s: string): void;
  json(value: unknown): void;
  warn(s: string): void;
}

// ------------------------------------------------------------ link

interface LinkFlags {
  chainId: string;
  contract: string;
  name: string;
  purpose: string;
  description: string;
  datasets: string;
  from: string;
  to: string;
  duration: string;
  price: string;
  token?: string;
  epsilon: string;
  taskUrl: string;
  deadline?: string;
  validFor?: string;
  nonce?: string;
  json?: boolean;
}

async function linkCommand(io: RequesterCliIo, out: Out, f: LinkFlags): Promise<void> {
  const account = accountFromEnv(io.env);
  const chainId = parseChainId(f.chainId);
  const verifyingContract = parseAddress('--contract', f.contract);
  const dataFrom = parseTime('--from', f.from);
  const to = parseTime('--to', f.to);
  if (to <= dataFrom) {
    throw new CliInputError(`--to (${isoTime(to)}) must be later than --from (${isoTime(dataFrom)}): the request covers records from --from up to, not including, --to.`);
  }
  const now = BigInt(Math.floor(Date.now() / 1000));
  let deadline: bigint;
  if (f.deadline !== undefined) {
    deadline = parseTime('--deadline', f.deadline);
    if (deadline <= now) throw new CliInputError(`--deadline (${isoTime(deadline)}) is in the past: no wallet could grant the request.`);
  } else {
    const validFor = f.validFor === undefined ? DEFAULT_VALID_FOR : parseUint('--valid-for', f.validFor, { min: 1n, max: U64_MAX - now, unit: 'seconds' });
    deadline = now + validFor;
  }
  const message: LeaseRequestMessage = {
    requester: account.address,
    requesterName: f.name,
    purpose: f.purpose,
    description: f.description,
    datasets: parseDatasets(f.datasets),
    dataFrom,
    dataTo: to - 1n,
    duration: parseUint('--duration', f.duration, { min: 1n, max: U64_MAX, unit: 'seconds' }),
    token: f.token === undefined ? zeroAddress : parseAddress('--token', f.token),
    price: parseUint('--price', f.price, { max: MAX_PRICE, unit: "the token's smallest unit", why: 'the contract refuses larger prices' }),
    maxEpsilonMilli: parseEpsilonMilli(f.epsilon),
    taskUrl: f.taskUrl,
    nonce: f.nonce === undefined ? newLeaseNonce() : parseUint('--nonce', f.nonce),
    deadline,
  };
  const domain = { chainId, verifyingContract };
  const signed = await signLeaseRequest(account, domain, message);
  const link = encodeLeaseLink(signed);
  if (f.json) {
    out.json({ link, requestId: hashLeaseRequest(domain, signed.message), nonce: signed.message.nonce, requester: account.address, deadline });
  } else {
    out.line(link);
  }
}

/** A schema refusal as one line naming the flag. */
function describeLeaseLinkError(e: LeaseLinkError): string {
  if (e.code === 'LINK_TOO_LONG') return `The link would be too long. ${e.details ?? ''} ${e.hint ?? ''}`.trim();
  const field = (e.field ?? '').replace(/^message\./, '').replace(/\[\d+\]$/, '');
  const flag = FIELD_FLAGS[field] ?? field;
  const element = /\[(\d+)\]$/.exec(e.field ?? '')?.[1];
  const where = element === undefined ? flag : `${flag} (item ${Number(element) + 1})`;
  let why = e.details ?? e.shortMessage;
  // Only camelCase names: plain words such as "purpose" also occur in the explanations.
  for (const [name, f] of Object.entries(FIELD_FLAGS)) if (/[A-Z]/.test(name)) why = why.replace(new RegExp(`\\b${name}\\b`, 'g'), f);
  why = why.replace(/^It /, 'it ').replace(/\.$/, '');
  return `${where} is not valid: ${why}.`;
}

// ------------------------------------------------------------ chain commands

interface ChainFlags {
  rpc: string;
  chainId: string;
  contract: string;
}

interface Connection {
  chain: Chain;
  transport: Transport;
  publicClient: PublicClient<Transport, Chain>;
  contract: Address;
  /** The endpoint without path or query (which may hold an API key). */
  origin: string;
}

async function connect(f: ChainFlags, pollingInterval = 1000): Promise<Connection> {
  const url = parseRpcUrl(f.rpc);
  const chainId = parseChainId(f.chainId);
  const contract = parseAddress('--contract', f.contract);
  const origin = `${url.protocol}//${url.host}`;
  const chain = defineChain({
    id: chainId,
    name: `chain ${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [] } },
  });
  const transport = url.protocol.startsWith('ws') ? webSocket(url.href, { retryCount: 0, timeout: 15_000 }) : http(url.href, { retryCount: 0, timeout: 15_000 });
  const publicClient = createPublicClient({ chain, transport, pollingInterval, cacheTime: 0 });
  let actual: number;
  try {
    actual = await publicClient.getChainId();
  } catch (e) {
    throw new CliInputError(`Cannot reach the JSON-RPC endpoint at ${origin} (${viemReason(e)}): check --rpc.`);
  }
  if (actual !== chainId) throw new CliInputError(`The endpoint at ${origin} serves chain ${actual}, not --chain-id ${chainId}.`);
  const code = await publicClient.getCode({ address: contract }).catch(() => undefined);
  if (!code || code === '0x') throw new CliInputError(`There is no contract at --contract ${contract} on chain ${chainId}.`);
  const domain = await publicClient.readContract({ address: contract, abi: dataLeaseAbi, functionName: 'eip712Domain' }).catch(() => undefined);
  if (!domain || domain[1] !== 'DataWallet') {
    throw new CliInputError(`--contract ${contract} on chain ${chainId} is not a DataLease contract (it has no DataWallet EIP-712 domain).`);
  }
  if (domain[2] !== '2') {
    throw new CliInputError(`--contract ${contract} on chain ${chainId} speaks lease protocol version ${domain[2]}; this tool needs version 2 (payment tokens).`);
  }
  return { chain, transport, publicClient, contract, origin };
}

/** Closes a WebSocket transport's socket so the process can exit. */
async function disconnect(c: Connection | undefined): Promise<void> {
  if (!c) return;
  const value = c.transport({ chain: c.chain }).value as { getRpcClient?: () => Promise<{ close(): void }> } | undefined;
  if (value?.getRpcClient) (await value.getRpcClient()).close();
}

interface DepositFlags extends ChainFlags {
  amount?: string;
  token?: string;
  json?: boolean;
}

/** "2000 (0.002 TSTC)": base units first (what the flags take), then the token's own units. */
function amountText(amount: bigint, units: TokenUnits): string {
  return isNativeToken(units.address) ? `${amount} wei (${formatTokenAmount(amount, units)})` : `${amount} (${formatTokenAmount(amount, units)})`;
}

async function depositCommand(io: RequesterCliIo, out: Out, f: DepositFlags, positional: string | undefined): Promise<void> {
  const account = accountFromEnv(io.env);
  if ((f.amount === undefined) === (positional === undefined)) throw new CliUsageError('deposit needs the amount, either as --amount <n> or as the last argument (not both).');
  const token = f.token === undefined ? zeroAddress : parseAddress('--token', f.token);
  const amount = parseUint('--amount', (f.amount ?? positional)!, { min: 1n, unit: "the token's smallest unit" });
  const c = await connect(f, 250);
  try {
    const walletClient = createWalletClient({ account, chain: c.chain, transport: c.transport, cacheTime: 0 });
    const units = await readTokenUnits(c.publicClient, token);
    if (token !== zeroAddress) {
      const held = await c.publicClient.readContract({ address: token, abi: erc20PaymentAbi, functionName: 'balanceOf', args: [account.address] }).catch(() => {
        throw new CliInputError(`--token ${token} does not answer as an ERC-20 token on chain ${c.chain.id}.`);
      });
      if (held < amount) throw new CliInputError(`${account.address} holds ${amountText(held, units)} of --token ${token}, less than ${amountText(amount, units)}.`);
    }
    let hash;
    let approveHash = null;
    try {
      if (token === zeroAddress) hash = await deposit({ publicClient: c.publicClient, walletClient, contract: c.contract }, amount);
      else ({ depositHash: hash, approveHash } = await depositToken({ publicClient: c.publicClient, walletClient, contract: c.contract }, token, amount));
    } catch (e) {
      throw chainError(e, account, amount);
    }
    const balance = await depositBalance({ publicClient: c.publicClient, contract: c.contract }, account.address, token);
    if (f.json) {
      out.json({ requester: account.address, token, symbol: units.symbol, decimals: units.decimals, amount, balance, transactionHash: hash, approveTransactionHash: approveHash });
    } else {
      out.line(`deposited ${amountText(amount, units)} for ${account.address}; deposit balance ${amountText(balance, units)} (transaction ${hash})`);
    }
  } finally {
    await disconnect(c);
  }
}

interface StatusFlags extends ChainFlags {
  lease?: string;
  nonce?: string;
  requester?: string;
  json?: boolean;
}

async function statusCommand(io: RequesterCliIo, out: Out, f: StatusFlags): Promise<void> {
  if ((f.lease === undefined) === (f.nonce === undefined)) throw new CliUsageError('status needs one of --lease <id> or --nonce <n>.');
  const leaseArg = f.lease === undefined ? undefined : parseUint('--lease', f.lease, { min: 1n });
  const nonce = f.nonce === undefined ? undefined : parseUint('--nonce', f.nonce);
  const requester = nonce === undefined ? undefined : requesterFrom(io, f.requester);
  const c = await connect(f);
  try {
    let leaseId = leaseArg;
    if (nonce !== undefined && requester !== undefined) {
      leaseId = (await leaseIdForNonce(c.publicClient, c.contract, requester, nonce)) ?? undefined;
      if (leaseId === undefined) {
        if (f.json) out.json({ leaseId: null, status: 'none', requester, nonce });
        else out.line(`no lease for nonce ${nonce} of ${requester}: the request has not been granted`);
        return;
      }
    }
    const s = await readLeaseStatus(c.publicClient, c.contract, leaseId!);
    const units = s.status === 'none' ? undefined : await readTokenUnits(c.publicClient, s.token);
    if (f.json) out.json(units ? { ...s, symbol: units.symbol, decimals: units.decimals } : s);
    else for (const line of statusLines(s, units)) out.line(line);
  } finally {
    await disconnect(c);
  }
}

function statusLines(s: LeaseStatusResult, units: TokenUnits | undefined): string[] {
  const at = `block ${s.blockNumber ?? 'pending'}, ${isoTime(s.chainTime)}`;
  if (s.status === 'none' || !units) return [`lease ${s.leaseId}: none (no lease has this id; as of ${at})`];
  return [
    `lease ${s.leaseId}: ${s.status} (as of ${at})`,
    `  requester   ${s.requester}`,
    `  owner       ${s.owner}`,
    `  start       ${isoTime(s.start)}`,
    `  expiry      ${isoTime(s.expiry)}`,
    `  token       ${isNativeToken(s.token) ? `native (${units.symbol})` : `${s.token} (${units.symbol})`}`,
    `  price       ${amountText(s.price, units)}`,
    `  deliveries  ${s.deliveries}`,
    `  request id  ${s.requestDigest}`,
  ];
}

function requesterFrom(io: RequesterCliIo, raw: string | undefined): Address {
  if (raw !== undefined) return parseAddress('--requester', raw);
  if (io.env['REQUESTER_PRIVATE_KEY'] === undefined) {
    throw new CliInputError('Give --requester <address>, or set REQUESTER_PRIVATE_KEY to use its address.');
  }
  return accountFromEnv(io.env).address;
}

interface WatchFlags extends ChainFlags {
  requester?: string;
  fromBlock?: string;
  interval: string;
  json?: boolean;
}

async function watchCommand(io: RequesterCliIo, out: Out, f: WatchFlags): Promise<void> {
  const requester = requesterFrom(io, f.requester);
  const fromBlock = f.fromBlock === undefined ? undefined : parseUint('--from-block', f.fromBlock, { max: U64_MAX });
  const interval = Number(parseUint('--interval', f.interval, { min: 10n, max: 3_600_000n, unit: 'milliseconds' }));
  const c = await connect(f, interval);
  let lastWarning = '';
  const unwatch = watchLeases({
    publicClient: c.publicClient,
    contract: c.contract,
    requester,
    pollingInterval: interval,
    ...(fromBlock === undefined ? {} : { fromBlock }),
    onChange: async (change) => {
      const units = await readTokenUnits(c.publicClient, change.token);
      if (f.json) out.json({ ...change, symbol: units.symbol, decimals: units.decimals });
      else out.line(changeLine(change, units));
    },
    onError: (e) => {
      const w = `warning: ${viemReason(e)} (still watching)`;
      if (w !== lastWarning) out.warn(w);
      lastWarning = w;
    },
  });
  if (io.stderr.isTTY) out.warn(`watching leases of ${requester} on chain ${c.chain.id} at ${c.origin}; Ctrl-C to stop`);
  try {
    await io.untilInterrupted();
  } finally {
    unwatch();
    await disconnect(c);
  }
}

function changeLine(c: LeaseChange, units: TokenUnits): string {
  const tail = `block ${c.blockNumber} tx ${c.transactionHash}`;
  switch (c.type) {
    case 'granted':
      return `granted   lease ${c.leaseId}  owner ${c.owner}  nonce ${c.nonce}  price ${amountText(c.price, units)}  expiry ${isoTime(c.expiry)}  ${tail}`;
    case 'revoked':
      return `revoked   lease ${c.leaseId}  owner paid ${amountText(c.ownerAmount, units)}  refunded ${amountText(c.requesterRefund, units)}  ${tail}`;
    case 'settled':
      return `settled   lease ${c.leaseId}  owner paid ${amountText(c.ownerAmount, units)}  ${tail}`;
    case 'delivery':
      return `delivery  lease ${c.leaseId}  #${c.count}  result ${c.resultHash}  ${tail}`;
  }
}

// ------------------------------------------------------------ errors

/** A viem failure reduced to its one-line short message. */
function viemReason(e: unknown): string {
  const text = e instanceof BaseError ? e.shortMessage : e instanceof Error ? e.message : String(e);
  return oneLine(text).replace(/\.$/, '');
}

function chainError(e: unknown, account: PrivateKeyAccount, amount: bigint): Error {
  if (e instanceof BaseError) {
    if (e.walk((x) => x instanceof InsufficientFundsError) instanceof InsufficientFundsError) {
      return new CliInputError(`${account.address} does not have enough ETH for ${amount} wei plus gas on this chain.`);
    }
    const reverted = e.walk((x) => x instanceof ContractFunctionRevertedError);
    if (reverted instanceof ContractFunctionRevertedError) {
      const name = reverted.data?.errorName ?? reverted.reason ?? 'no reason given';
      return new CliInputError(`The contract refused the transaction: ${name}.`);
    }
    return new CliInputError(`The transaction failed: ${viemReason(e)}.`);
  }
  return e instanceof Error ? e : new Error(String(e));
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}

// ------------------------------------------------------------ program

function buildProgram(io: RequesterCliIo, out: Out, run: (fn: () => Promise<void>) => Promise<void>): Command {
  const program = new Command('data-wallet-request')
    .description('Sign Data Wallet lease requests as a requester, fund your deposit and follow your leases. Key: REQUESTER_PRIVATE_KEY.')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride();

  const chainOptions = (cmd: Command): Command =>
    cmd
      .requiredOption('--rpc <url>', 'JSON-RPC endpoint, http(s):// or ws(s)://')
      .requiredOption('--chain-id <n>', 'chain id the endpoint must serve')
      .requiredOption('--contract <address>', 'the DataLease contract');

  program
    .command('link')
    .description('sign a lease request and print its deep link (offline)')
    .requiredOption('--chain-id <n>', "chain id of the person's wallet (embedded chain: 4478796)")
    .requiredOption('--contract <address>', 'the DataLease contract on that chain')
    .requiredOption('--name <name>', 'who asks, as shown to the person (1–80 characters)')
    .requiredOption('--purpose <term>', 'W3C DPV purpose, e.g. dpv:ResearchAndDevelopment')
    .requiredOption('--description <text>', 'what will be done (up to 1000 characters)')
    .requiredOption('--datasets <kinds>', 'dataset kinds, comma-separated')
    .requiredOption('--from <time>', 'records from this time (ISO-8601 or unix seconds), inclusive')
    .requiredOption('--to <time>', 'records before this time (ISO-8601 or unix seconds), exclusive')
    .requiredOption('--duration <seconds>', 'lease length')
    .requiredOption('--price <amount>', "price for the full duration, in the payment token's smallest unit (wei for the native currency)")
    .option('--token <address>', 'ERC-20 token the lease is paid in (default: the native currency)')
    .requiredOption('--epsilon <e>', 'differential-privacy budget ε for the whole lease, e.g. 3.0')
    .requiredOption('--task-url <url>', 'https URL training tasks are fetched from')
    .addOption(new Option('--deadline <time>', 'grantable until (ISO-8601 or unix seconds)').conflicts('validFor'))
    .addOption(new Option('--valid-for <seconds>', 'grantable for this long from now (default 7 days)'))
    .option('--nonce <n>', 'request nonce (default: random 256-bit)')
    .option('--json', 'print {link, requestId, nonce, requester, deadline} as JSON')
    .action((flags: LinkFlags) => run(() => linkCommand(io, out, flags)));

  chainOptions(program.command('deposit').description("add to the requester's deposit in one token (leases are paid from it)"))
    .argument('[amount]', "amount in the token's smallest unit (or use --amount)")
    .option('--amount <n>', "amount in the token's smallest unit (wei for the native currency)")
    .option('--token <address>', 'ERC-20 token to deposit: approves the lease contract, then deposits (default: native currency)')
    .option('--json', 'machine-readable output')
    .action((amount: string | undefined, flags: DepositFlags) => run(() => depositCommand(io, out, flags, amount)));

  chainOptions(program.command('status').description("a lease's status: by --lease id, or by the --nonce of your request"))
    .addOption(new Option('--lease <id>', 'lease id').conflicts('nonce'))
    .option('--nonce <n>', 'nonce of the signed request')
    .option('--requester <address>', 'requester for --nonce (default: the address of REQUESTER_PRIVATE_KEY)')
    .option('--json', 'machine-readable output')
    .action((flags: StatusFlags) => run(() => statusCommand(io, out, flags)));

  chainOptions(program.command('watch').description("print one line per change to the requester's leases, until Ctrl-C"))
    .option('--requester <address>', 'whose leases (default: the address of REQUESTER_PRIVATE_KEY)')
    .option('--from-block <n>', 'also report changes from this block on (default: from now)')
    .option('--interval <ms>', 'polling interval for http(s) endpoints', '1000')
    .option('--json', 'one JSON object per line')
    .action((flags: WatchFlags) => run(() => watchCommand(io, out, flags)));

  return program;
}

/** Runs the CLI and returns the exit code; never throws, never prints the key. */
export async function runRequesterCli(argv: string[], io: RequesterCliIo): Promise<number> {
  const secrets = keyForms(io.env);
  const redact = (s: string): string => secrets.reduce((acc, k) => acc.split(k).join('[redacted]'), s);
  const out: Out = {
    line: (s) => io.stdout.write(redact(s) + '\n'),
    json: (v) => io.stdout.write(redact(JSON.stringify(toJson(v))) + '\n'),
    warn: (s) => io.stderr.write(redact(oneLine(s)) + '\n'),
  };
  const safeIo: RequesterCliIo = {
    ...io,
    stdout: { write: (s: string) => io.stdout.write(redact(s)) },
    stderr: { write: (s: string) => io.stderr.write(redact(s)), isTTY: io.stderr.isTTY ?? false },
  };
  const program = buildProgram(safeIo, out, (fn) => fn());
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    out.warn(`error: ${describeError(e)}`);
    return e instanceof CliUsageError ? 2 : 1;
  }
}

function describeError(e: unknown): string {
  if (e instanceof CliInputError || e instanceof CliUsageError) return e.message;
  if (e instanceof LeaseLinkError) return describeLeaseLinkError(e);
  if (e instanceof BaseError) return `${viemReason(e)}.`;
  if (e instanceof Error) return `Unexpected ${e.name}: ${oneLine(e.message)}`;
  return `Unexpected failure: ${quote(String(e))}`;
}
