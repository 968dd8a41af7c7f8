import { writeFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { formatEther, isHex } from 'viem';
import { AuditLog, AuditLogBrokenError } from '../../core/audit/index.js';
import { openLeaseRuntime, type LeaseRuntime } from '../../core/leases/lease-runtime.js';
import { readBalance } from '../../core/chain/data-lease/withdraw-balance.js';
import type { InspectedRequest, LeaseView, ReconcileReport } from '../../core/leases/lease-service.js';
import type { Narrowing } from '../../core/leases/narrowing.js';
import { deployToNetwork, openWalletChain, parseNetworkConfig, writeNetworkConfig } from '../../core/leases/runtime.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { emit } from '../io.js';
import { parseTimeArg } from '../time-arg.js';
import { withVault } from './vault.js';

/** The embedded chain lives next to the vault: `<data folder>/chain` for the default `<data folder>/vault`. */
export const chainDataDir = (vaultDir: string): string => dirname(vaultDir);

/**
 * Unlocks the vault, starts (or connects to) the chain, reconciles the
 * wallet's records with it and settles what expired, runs `fn`, then stops
 * the chain and locks the vault — whatever happens.
 */
async function withLeases<T>(ctx: CliContext, fn: (rt: LeaseRuntime) => Promise<T>): Promise<T> {
  return withVault(ctx, async (vault) => {
    const rt = await openLeaseRuntime({ vault, dataDir: chainDataDir(ctx.vaultDir), scheduler: false });
    try {
      reportReconcile(ctx, rt.startReport);
      return await fn(rt);
    } finally {
      await rt.stop();
    }
  });
}

function reportReconcile(ctx: CliContext, r: ReconcileReport): void {
  const lines = [
    ...r.found.map((id) => `note: lease ${id} was granted before the wallet stopped; it is now recorded.`),
    ...r.resubmitted.map((x) => `note: the chain had lost a lease; it was granted again as lease ${x.leaseId}.`),
    ...r.updated.map((id) => `note: lease ${id} was updated from the chain.`),
    ...r.missing.map((x) => `warning: a lease (request ${x.id.slice(0, 10)}…) is missing from the chain: ${x.reason}.`),
  ];
  for (const line of lines) ctx.io.stderr.write(`${line}\n`);
}

// ------------------------------------------------------------ formatting

const iso = (ms: number | null): string => (ms === null ? '—' : new Date(ms).toISOString().replace('.000Z', 'Z'));
const isoSeconds = (s: string): string => {
  const n = Number(s);
  return Number.isSafeInteger(n * 1000) ? iso(n * 1000) : `${s} (unix s)`;
};
const wei = (w: string): string => (w === '' ? '—' : `${formatEther(BigInt(w))} ETH`);
const secondsText = (s: string): string => {
  const n = Number(s);
  if (n % 86_400 === 0) return `${n / 86_400} d`;
  if (n % 3600 === 0) return `${n / 3600} h`;
  if (n % 60 === 0 && n >= 60) return `${n / 60} min`;
  return `${s} s`;
};

function requestText(r: InspectedRequest): string {
  const who = r.label ? `${r.requesterName} — your label: ${r.label}` : r.requesterName;
  return [
    `Lease request ${r.id} (${r.status})`,
    `  from        ${who}`,
    `  requester   ${r.requester} (signature verified${r.known ? '; known requester' : '; first request from this address'})`,
    `  purpose     ${r.purposeLabel ? `${r.purposeLabel} (${r.purpose})` : `${r.purpose} (not a DPV purpose this wallet knows: read the description)`}`,
    `  description ${r.description.replace(/\n/g, '\n              ')}`,
    `  datasets    ${r.terms.datasets.join(', ')}`,
    `  data from   ${isoSeconds(r.terms.dataFrom)} to ${isoSeconds(r.terms.dataTo)}`,
    `  duration    ${secondsText(r.terms.duration)}`,
    `  price       ${wei(r.terms.price)}`,
    `  privacy     ε ≤ ${(r.maxEpsilonMilli / 1000).toString()}`,
    `  task url    ${r.taskUrl}`,
    `  valid until ${isoSeconds(r.deadline)}`,
    `  chain       ${r.chainId}, contract ${r.contract}`,
  ].join('\n');
}

function leaseLine(l: LeaseView): string[] {
  return [
    l.leaseId ?? '—',
    l.status + (l.deadlinePassed ? ' (deadline passed)' : '') + (l.chainStatus && l.chainStatus !== l.status ? ` (chain: ${l.chainStatus})` : ''),
    l.label ?? l.requesterName,
    l.terms.datasets.join(','),
    iso(l.expiresAt),
    wei(l.terms.price),
    l.id.slice(0, 10),
  ];
}

function leaseTable(rows: LeaseView[]): string {
  if (rows.length === 0) return 'No leases or pending requests.';
  const header = ['LEASE', 'STATUS', 'REQUESTER', 'DATASETS', 'EXPIRES', 'PRICE', 'REQUEST'];
  const body = rows.map(leaseLine);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  return [header, ...body].map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

function leaseText(l: LeaseView, verb: string): string {
  return [
    `${verb} lease ${l.leaseId ?? '(pending)'} to ${l.label ?? l.requesterName} (${l.requester})`,
    `  datasets ${l.terms.datasets.join(', ')}; records ${isoSeconds(l.terms.dataFrom)} – ${isoSeconds(l.terms.dataTo)}`,
    `  ${iso(l.startsAt)} → ${iso(l.expiresAt)} (${secondsText(l.terms.duration)}), ${wei(l.terms.price)}`,
    ...(l.grantTx ? [`  grant tx  ${l.grantTx}`] : []),
    ...(l.revokeTx ? [`  revoke tx ${l.revokeTx}; you earned ${wei(l.ownerPaid ?? '0')}, refunded ${wei(l.refunded ?? '0')}`] : []),
  ].join('\n');
}

// ------------------------------------------------------------ commands

export async function requestInspectCommand(ctx: CliContext, link: string): Promise<void> {
  const r = await withLeases(ctx, ({ service }) => service.inspect(link));
  emit(ctx.io, ctx.json, r, () => requestText(r));
}

export interface ApproveFlags {
  duration?: string;
  datasets?: string;
  from?: string;
  to?: string;
}

function parseNarrowing(flags: ApproveFlags): Narrowing {
  const narrowing: Narrowing = {};
  if (flags.duration !== undefined) {
    if (!/^[1-9][0-9]{0,18}$/.test(flags.duration.trim())) {
      throw new UsageError(`--duration "${flags.duration}" is not a whole number of seconds.`, 'Give the lease length in seconds, e.g. --duration 3600.');
    }
    narrowing.duration = BigInt(flags.duration.trim());
  }
  if (flags.datasets !== undefined) {
    const list = flags.datasets.split(',').map((d) => d.trim()).filter(Boolean);
    if (list.length === 0) throw new UsageError('--datasets is empty.', 'List dataset kinds separated by commas.');
    narrowing.datasets = list;
  }
  if (flags.from !== undefined) narrowing.dataFrom = BigInt(Math.floor(parseTimeArg('--from', flags.from) / 1000));
  // --to is exclusive, as for `records`; the lease's range is inclusive, in whole seconds.
  if (flags.to !== undefined) narrowing.dataTo = BigInt(Math.ceil(parseTimeArg('--to', flags.to) / 1000) - 1);
  return narrowing;
}

export async function requestApproveCommand(ctx: CliContext, ref: string, flags: ApproveFlags): Promise<void> {
  const narrowing = parseNarrowing(flags);
  const lease = await withLeases(ctx, ({ service }) => service.approve(ref, narrowing));
  emit(ctx.io, ctx.json, lease, () => leaseText(lease, 'Granted'));
}

export async function requestDeclineCommand(ctx: CliContext, ref: string): Promise<void> {
  const r = await withLeases(ctx, ({ service }) => service.decline(ref));
  emit(ctx.io, ctx.json, r, () => `Declined request ${r.id} from ${r.label ?? r.requesterName}. It is recorded and cannot be approved later.`);
}

export async function leasesCommand(ctx: CliContext): Promise<void> {
  const rows = await withLeases(ctx, ({ service }) => service.list());
  emit(ctx.io, ctx.json, rows, () => leaseTable(rows));
}

export async function leaseShowCommand(ctx: CliContext, ref: string): Promise<void> {
  const lease = await withLeases(ctx, ({ service }) => Promise.resolve(service.get(ref)));
  emit(ctx.io, ctx.json, lease, () => leaseText(lease, lease.status[0]!.toUpperCase() + lease.status.slice(1)));
}

export async function leaseRevokeCommand(ctx: CliContext, ref: string): Promise<void> {
  const lease = await withLeases(ctx, ({ service }) => service.revoke(ref));
  emit(ctx.io, ctx.json, lease, () => leaseText(lease, 'Revoked'));
}

export async function receiptCommand(ctx: CliContext, ref: string, flags: { output?: string }): Promise<void> {
  const receipt = await withLeases(ctx, ({ service }) => Promise.resolve(service.receipt(ref)));
  const text = `${JSON.stringify(receipt, null, 2)}\n`;
  if (!flags.output) {
    ctx.io.stdout.write(text);
    return;
  }
  const tmp = join(dirname(flags.output), `.receipt-${process.pid}.tmp`);
  try {
    await writeFile(tmp, text, { mode: 0o600 });
    await rename(tmp, flags.output);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  emit(ctx.io, ctx.json, { output: flags.output }, () => `Wrote the consent receipt to ${flags.output}.`);
}

export async function requesterCommand(ctx: CliContext, action: 'block' | 'unblock' | 'label', address: string, label?: string): Promise<void> {
  const result = await withLeases(ctx, ({ service }) => {
    if (action === 'block') return Promise.resolve(service.blockRequester(address));
    if (action === 'unblock') return Promise.resolve(service.unblockRequester(address));
    return Promise.resolve(service.labelRequester(address, label ?? null));
  });
  emit(ctx.io, ctx.json, result, () =>
    `${result.address}: ${result.blocked ? 'blocked' : 'not blocked'}${result.label ? `, labelled "${result.label}"` : ''}.`,
  );
}

export async function auditVerifyCommand(ctx: CliContext): Promise<void> {
  const result = await withVault(ctx, (vault) => new AuditLog(vault, Date.now).verify());
  if (!result.ok) {
    if (ctx.json) emit(ctx.io, true, result, () => '');
    throw new AuditLogBrokenError(result.seq, { details: result.message });
  }
  emit(ctx.io, ctx.json, result, () => result.message);
}

export async function auditListCommand(ctx: CliContext, flags: { subject?: string; limit?: string }): Promise<void> {
  const limit = flags.limit === undefined ? 100 : Number(flags.limit);
  const entries = await withVault(ctx, (vault) =>
    new AuditLog(vault, Date.now).list({ limit, ...(flags.subject !== undefined && { subject: flags.subject }) }),
  );
  emit(ctx.io, ctx.json, entries, () =>
    entries.length === 0
      ? 'The audit log is empty.'
      : entries.map((e) => `${e.seq}\t${iso(e.at)}\t${e.type}\t${e.subject ?? ''}\t${JSON.stringify(e.data)}`).join('\n'),
  );
}

export async function chainStatusCommand(ctx: CliContext): Promise<void> {
  const status = await withLeases(ctx, async ({ chain, service }) => {
    const [block, gas, earnings, leases] = await Promise.all([
      chain.ctx.publicClient.getBlock({ blockTag: 'latest' }),
      chain.ctx.publicClient.getBalance({ address: chain.account.address }),
      readBalance(chain.ctx, chain.account.address),
      service.list({ chain: false }),
    ]);
    const counts: Record<string, number> = {};
    for (const l of leases) counts[l.status] = (counts[l.status] ?? 0) + 1;
    return {
      network: chain.kind,
      chainId: chain.chainId,
      contract: chain.contract,
      account: chain.account.address,
      blockNumber: block.number.toString(),
      blockTime: Number(block.timestamp) * 1000,
      accountBalance: gas.toString(),
      earnings: earnings.toString(),
      leases: counts,
      ...(chain.embedded && { folder: chain.embedded.chainDir, lostContract: chain.prepared?.lostContract ?? null }),
    };
  });
  emit(ctx.io, ctx.json, status, () =>
    [
      `network     ${status.network === 'embedded' ? `embedded local chain (${status.folder ?? ''})` : 'configured RPC'}`,
      `chain id    ${status.chainId}`,
      `contract    ${status.contract}`,
      `account     ${status.account} (${wei(status.accountBalance)} for gas)`,
      `earnings    ${wei(status.earnings)} withdrawable in the contract`,
      `block       #${status.blockNumber} at ${iso(status.blockTime)}`,
      `leases      ${Object.entries(status.leases).map(([k, v]) => `${v} ${k}`).join(', ') || 'none'}`,
    ].join('\n'),
  );
}

export interface ChainUseFlags {
  rpc?: string;
  chainId?: string;
  contract?: string;
}

export async function chainUseCommand(ctx: CliContext, target: string | undefined, flags: ChainUseFlags): Promise<void> {
  const embedded = target === 'embedded';
  if (target !== undefined && !embedded) throw new UsageError(`Unknown network "${target}".`, 'Use "chain use embedded" or "chain use --rpc URL --chain-id N --contract ADDRESS".');
  if (!embedded && (flags.rpc === undefined || flags.chainId === undefined || flags.contract === undefined)) {
    throw new UsageError('A configured network needs --rpc, --chain-id and --contract.', 'Or run "chain use embedded" for the local chain.');
  }
  const network = parseNetworkConfig(
    embedded ? { kind: 'embedded' } : { kind: 'rpc', rpcUrl: flags.rpc, chainId: Number(flags.chainId), contract: flags.contract },
  );
  const saved = await withVault(ctx, async (vault) => {
    // Check the network answers and has the contract before saving it.
    const chain = await openWalletChain({ vault, dataDir: chainDataDir(ctx.vaultDir), network });
    const info = { network: chain.kind, chainId: chain.chainId, contract: chain.contract, account: chain.account.address };
    await chain.stop();
    writeNetworkConfig(vault, network);
    return info;
  });
  emit(ctx.io, ctx.json, saved, () =>
    saved.network === 'embedded'
      ? `Using the embedded local chain (contract ${saved.contract}).`
      : `Using chain ${saved.chainId} with DataLease at ${saved.contract}. Fund your account ${saved.account} there to pay for gas.`,
  );
}

export const DEPLOYER_KEY_ENV = 'DATA_WALLET_DEPLOYER_KEY';

export async function deployCommand(ctx: CliContext, flags: { rpc: string; chainId: string }): Promise<void> {
  const key = ctx.io.env[DEPLOYER_KEY_ENV];
  if (!key || !isHex(key) || key.length !== 66) {
    throw new UsageError(`Set ${DEPLOYER_KEY_ENV} to the deployer's private key (0x followed by 64 hex digits).`, 'The key pays for the deployment; it is not stored.');
  }
  const network = parseNetworkConfig({ kind: 'rpc', rpcUrl: flags.rpc, chainId: Number(flags.chainId), contract: '0x0000000000000000000000000000000000000001' });
  if (network.kind !== 'rpc') throw new UsageError('--rpc is required.');
  const d = await deployToNetwork({ rpcUrl: network.rpcUrl, chainId: network.chainId, privateKey: key });
  const out = { contract: d.address, chainId: d.chainId, transactionHash: d.transactionHash, blockNumber: d.blockNumber.toString(), deployer: d.deployer };
  emit(ctx.io, ctx.json, out, () =>
    [
      `Deployed DataLease at ${d.address} on chain ${d.chainId} (tx ${d.transactionHash}).`,
      `Wallets use it with: data-wallet chain use --rpc ${network.rpcUrl} --chain-id ${d.chainId} --contract ${d.address}`,
    ].join('\n'),
  );
}
