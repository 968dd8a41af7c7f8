/** request, leases, lease, receipt, requester, audit, chain, deploy: parse, call, format. */
import type { NarrowingInput, InspectedRequest, LeaseView } from '../../../shared/domain/leases.js';
import type { z } from 'zod';
import type { TaskPreview } from '../../../shared/domain/training.js';
import type { CliContext } from '../context.js';
import { fromFlags, UsageError } from '../errors.js';
import { isoSeconds, isoShort as iso, money, secondsText, table } from '../format.js';
import { emit } from '../io.js';
import { parseTimeArg } from '../time-arg.js';
import { previewText } from './training.js';

// ------------------------------------------------------------ formatting

/** Requester-supplied text, quoted so it can never pass for one of the wallet's own lines. */
const quoted = (text: string): string => `"${text}"`;

/** The payment unit, as the wallet read it (never as the link says). */
function paidIn(c: InspectedRequest['currency']): string {
  if (!c.token) return `${c.symbol}, this network's own currency`;
  return `${c.symbol} (token ${c.token}; symbol and decimals read from the token contract${c.testToken ? '; test stablecoin, NOT real money' : ''})`;
}

function requestText(r: InspectedRequest): string {
  return [
    `Lease request ${r.id} (${r.status})`,
    // What the wallet verified itself comes first, apart from anything the requester wrote.
    `Verified by your wallet:`,
    `  requester   ${r.requester} (signature verified)`,
    `  your label  ${r.label ?? '(none)'}`,
    `  known       ${r.known ? 'yes: you labelled it or granted it a lease before' : 'NO: first request from this address'}`,
    `  chain       ${r.chainId}, contract ${r.contract}`,
    `  paid in     ${paidIn(r.currency)}`,
    ...r.warnings.map((w) => `  WARNING     ${w.message}`),
    ``,
    `Terms (signed by the requester):`,
    `  datasets    ${r.terms.datasets.join(', ')}`,
    `  data from   ${isoSeconds(r.terms.dataFrom)} to ${isoSeconds(r.terms.dataTo)}`,
    `  in scope    ${r.recordsInScope} of your records (counted by your wallet)`,
    `  duration    ${secondsText(r.terms.duration)}`,
    `  price       ${money(r.terms.price, r.currency)}`,
    `  privacy     ε ≤ ${(r.maxEpsilonMilli / 1000).toString()}`,
    `  purpose     ${r.purposeLabel ? `${r.purposeLabel} (${r.purpose})` : `${r.purpose} (not a DPV purpose this wallet knows: read the description)`}`,
    `  task url    ${r.taskUrl}`,
    `  valid until ${isoSeconds(r.deadline)}`,
    ``,
    `Written by the requester (not verified):`,
    `  name        ${quoted(r.requesterName)}`,
    `  description ${quoted(r.description).replace(/\n/g, '\n              ')}`,
  ].join('\n');
}

function leaseTable(rows: LeaseView[]): string {
  if (rows.length === 0) return 'No leases or pending requests.';
  return table(
    ['LEASE', 'STATUS', 'REQUESTER', 'DATASETS', 'EXPIRES', 'PRICE', 'REQUEST'],
    rows.map((l) => [
      l.leaseId ?? '—',
      l.status + (l.deadlinePassed ? ' (deadline passed)' : '') + (l.chainStatus && l.chainStatus !== l.status ? ` (chain: ${l.chainStatus})` : ''),
      l.label ?? l.requesterName,
      l.terms.datasets.join(','),
      iso(l.expiresAt),
      money(l.terms.price, l.currency),
      l.id.slice(0, 10),
    ]),
  );
}

function leaseText(l: LeaseView, verb: string): string {
  return [
    `${verb} lease ${l.leaseId ?? '(pending)'} to ${l.label ?? l.requesterName} (${l.requester})`,
    `  datasets ${l.terms.datasets.join(', ')}; records ${isoSeconds(l.terms.dataFrom)} – ${isoSeconds(l.terms.dataTo)}`,
    `  ${iso(l.startsAt)} → ${iso(l.expiresAt)} (${secondsText(l.terms.duration)}), ${money(l.terms.price, l.currency)}`,
    ...(l.grantTx ? [`  grant tx  ${l.grantTx}`] : []),
    ...(l.revokeTx ? [`  revoke tx ${l.revokeTx}; you earned ${money(l.ownerPaid ?? '0', l.currency)}, refunded ${money(l.refunded ?? '0', l.currency)}`] : []),
  ].join('\n');
}

// ------------------------------------------------------------ commands

type Preview = z.infer<typeof TaskPreview>;

/**
 * The task preview of a verified request: fetched (bounded by the loader's
 * time and size limits) and checked as the runner would. A task that cannot
 * be fetched or checked is reported, never a failure of inspect.
 */
async function taskPreviewOf(ctx: CliContext, link: string): Promise<Preview> {
  try {
    return await ctx.call('training.preview', { link });
  } catch (e) {
    const err = e as { code?: unknown; message?: unknown };
    return {
      ok: false,
      taskHash: null,
      code: typeof err.code === 'string' ? err.code : 'INTERNAL',
      reason: null,
      path: null,
      message: typeof err.message === 'string' ? err.message : 'The task could not be checked.',
    };
  }
}

function previewSection(p: Preview): string {
  const body = p.ok ? previewText(p) : [`task could not be checked: ${p.message}`, `  (${p.code}${p.reason ? `: ${p.reason}` : ''}${p.path ? ` at ${p.path}` : ''})`].join('\n');
  return ['', '', 'What would leave (the task, fetched and checked by your wallet; nothing is sent):', ...body.split('\n').map((l) => `  ${l}`)].join('\n');
}

export async function requestInspectCommand(ctx: CliContext, link: string, flags: { preview?: boolean } = {}): Promise<void> {
  await ctx.unlock();
  const r = await ctx.call('requests.inspect', { link });
  const taskPreview = flags.preview !== false && r.taskUrl ? await taskPreviewOf(ctx, link) : null;
  emit(ctx.io, ctx.json, taskPreview ? { ...r, taskPreview } : r, () => requestText(r) + (taskPreview ? previewSection(taskPreview) : ''));
}

export interface ApproveFlags {
  duration?: string;
  datasets?: string;
  from?: string;
  to?: string;
  maxEpsilon?: string;
}

/** --max-epsilon 1.5 → 1500 milli-ε; anything else goes to the API as is and fails there with its flag named. */
function epsilonMilli(raw: string): number {
  const n = Number(raw.trim());
  return raw.trim() !== '' && Number.isFinite(n) ? Math.round(n * 1000) : Number.NaN;
}

function parseNarrowing(flags: ApproveFlags): NarrowingInput {
  return {
    ...(flags.duration !== undefined && { duration: flags.duration.trim() }),
    ...(flags.datasets !== undefined && { datasets: flags.datasets.split(',').map((d) => d.trim()).filter(Boolean) }),
    ...(flags.from !== undefined && { dataFrom: String(Math.floor(parseTimeArg('--from', flags.from) / 1000)) }),
    // --to is exclusive, as for `records`; the lease's range is inclusive, in whole seconds.
    ...(flags.to !== undefined && { dataTo: String(Math.ceil(parseTimeArg('--to', flags.to) / 1000) - 1) }),
    ...(flags.maxEpsilon !== undefined && { maxEpsilonMilli: epsilonMilli(flags.maxEpsilon) }),
  };
}

export async function requestApproveCommand(ctx: CliContext, ref: string, flags: ApproveFlags): Promise<void> {
  const narrowing = parseNarrowing(flags);
  await ctx.unlock();
  const lease = await fromFlags(
    {
      'narrowing.duration': { flag: '--duration', raw: flags.duration, expects: 'a whole number of seconds', hint: 'Give the lease length in seconds, e.g. --duration 3600.' },
      'narrowing.datasets': { flag: '--datasets', raw: flags.datasets, hint: 'List dataset kinds separated by commas.' },
      'narrowing.dataFrom': { flag: '--from', raw: flags.from, expects: 'a time from 1970 on' },
      'narrowing.dataTo': { flag: '--to', raw: flags.to, expects: 'a time from 1970 on' },
      'narrowing.maxEpsilonMilli': { flag: '--max-epsilon', raw: flags.maxEpsilon, expects: 'a number of ε from 0 to 4294967', hint: 'Give the privacy budget as a number, e.g. --max-epsilon 1.5.' },
    },
    () => ctx.call('requests.approve', { ref, narrowing }),
  );
  for (const w of lease.warnings ?? []) ctx.io.stderr.write(`warning: ${w}.\n`);
  emit(ctx.io, ctx.json, lease, () => leaseText(lease, 'Granted'));
}

export async function requestDeclineCommand(ctx: CliContext, ref: string): Promise<void> {
  await ctx.unlock();
  const r = await ctx.call('requests.decline', { ref });
  emit(ctx.io, ctx.json, r, () => `Declined request ${r.id} from ${r.label ?? r.requesterName}. It is recorded and cannot be approved later.`);
}

export async function leasesCommand(ctx: CliContext): Promise<void> {
  await ctx.unlock();
  const rows = await ctx.call('leases.list', {});
  emit(ctx.io, ctx.json, rows, () => leaseTable(rows));
}

export async function leaseShowCommand(ctx: CliContext, ref: string): Promise<void> {
  await ctx.unlock();
  const lease = await ctx.call('leases.show', { ref });
  emit(ctx.io, ctx.json, lease, () => leaseText(lease, lease.status[0]!.toUpperCase() + lease.status.slice(1)));
}

export async function leaseRevokeCommand(ctx: CliContext, ref: string): Promise<void> {
  await ctx.unlock();
  const lease = await ctx.call('leases.revoke', { ref });
  emit(ctx.io, ctx.json, lease, () => leaseText(lease, 'Revoked'));
}

export async function receiptCommand(ctx: CliContext, ref: string, flags: { output?: string }): Promise<void> {
  await ctx.unlock();
  const { receipt, path } = await ctx.call('leases.receipt', { ref, ...(flags.output && { path: flags.output }) });
  if (path === null) ctx.io.stdout.write(`${JSON.stringify(receipt, null, 2)}\n`);
  else emit(ctx.io, ctx.json, { output: path }, () => `Wrote the consent receipt to ${path}.`);
}

export async function requesterCommand(ctx: CliContext, action: 'block' | 'unblock' | 'label', address: string, label?: string): Promise<void> {
  await ctx.unlock();
  const result = await fromFlags({ address: { flag: 'the address', raw: address, expects: 'a 0x address (40 hex digits)' } }, () =>
    action === 'label'
      ? ctx.call('requesters.label', { address, label: label ?? null })
      : ctx.call(action === 'block' ? 'requesters.block' : 'requesters.unblock', { address }),
  );
  emit(ctx.io, ctx.json, result, () =>
    `${result.address}: ${result.blocked ? 'blocked' : 'not blocked'}${result.label ? `, labelled "${result.label}"` : ''}.`,
  );
}

export async function auditVerifyCommand(ctx: CliContext): Promise<void> {
  await ctx.unlock();
  const result = await ctx.call('audit.verify', {});
  emit(ctx.io, ctx.json, result, () => result.message);
}

export async function auditListCommand(ctx: CliContext, flags: { subject?: string; limit?: string }): Promise<void> {
  const limit = flags.limit === undefined ? undefined : Number(flags.limit.trim() || NaN);
  await ctx.unlock();
  const entries = await fromFlags({ limit: { flag: '--limit', raw: flags.limit }, subject: { flag: '--subject', raw: undefined } }, () =>
    ctx.call('audit.list', { ...(limit !== undefined && { limit }), ...(flags.subject !== undefined && { subject: flags.subject }) }),
  );
  emit(ctx.io, ctx.json, entries, () =>
    entries.length === 0
      ? 'The audit log is empty.'
      : entries.map((e) => `${e.seq}\t${iso(e.at)}\t${e.type}\t${e.subject ?? ''}\t${JSON.stringify(e.data)}`).join('\n'),
  );
}

export async function chainStatusCommand(ctx: CliContext): Promise<void> {
  await ctx.unlock();
  const status = await ctx.call('chain.status', {});
  emit(ctx.io, ctx.json, status, () =>
    [
      `network     ${status.network === 'embedded' ? `embedded local chain (${status.folder ?? ''})` : 'configured RPC'}`,
      `chain id    ${status.chainId}`,
      `contract    ${status.contract}`,
      `account     ${status.account} (${money(status.accountBalance, status.currency)} for gas)`,
      ...earningsLines(status.earningsByToken),
      `block       #${status.blockNumber} at ${iso(status.blockTime)}`,
      `leases      ${Object.entries(status.leases).map(([k, v]) => `${v} ${k}`).join(', ') || 'none'}`,
    ].join('\n'),
  );
}

/** One line per token: what the wallet account can withdraw from the contract. */
function earningsLines(earnings: { token: string; symbol: string; decimals: number; amount: string; testToken?: boolean }[]): string[] {
  const native = '0x0000000000000000000000000000000000000000';
  return earnings.map((e, i) => {
    const what = e.token === native ? '' : ` (token ${e.token}${e.testToken ? '; test stablecoin, NOT real money' : ''})`;
    return `${i === 0 ? 'earnings   ' : '           '} ${money(e.amount, e)} withdrawable in the contract${what}`;
  });
}

export async function withdrawCommand(ctx: CliContext, flags: { token?: string }): Promise<void> {
  await ctx.unlock();
  const result = await fromFlags({ token: { flag: '--token', raw: flags.token } }, () =>
    ctx.call('chain.withdraw', flags.token === undefined ? {} : { token: flags.token }),
  );
  emit(ctx.io, ctx.json, result, () =>
    result.withdrawn.length === 0
      ? 'Nothing to withdraw: your earnings in the contract are zero.'
      : result.withdrawn
          .map((w) => `Withdrew ${money(w.amount, w)}${w.testToken ? ' (test stablecoin, NOT real money)' : ''} to your wallet account (transaction ${w.transactionHash}).`)
          .join('\n'),
  );
}

export interface ChainUseFlags {
  rpc?: string;
  chainId?: string;
  contract?: string;
}

const chainIdNumber = (raw: string): number => Number(raw.trim() || NaN);

export async function chainUseCommand(ctx: CliContext, target: string | undefined, flags: ChainUseFlags): Promise<void> {
  const embedded = target === 'embedded';
  if (target !== undefined && !embedded) throw new UsageError(`Unknown network "${target}".`, 'Use "chain use embedded" or "chain use --rpc URL --chain-id N --contract ADDRESS".');
  if (!embedded && (flags.rpc === undefined || flags.chainId === undefined || flags.contract === undefined)) {
    throw new UsageError('A configured network needs --rpc, --chain-id and --contract.', 'Or run "chain use embedded" for the local chain.');
  }
  await ctx.unlock();
  const saved = await fromFlags(
    {
      'network.rpcUrl': { flag: '--rpc', raw: flags.rpc },
      'network.chainId': { flag: '--chain-id', raw: flags.chainId },
      'network.contract': { flag: '--contract', raw: flags.contract },
    },
    () =>
      ctx.call('chain.use', {
        network: embedded ? { kind: 'embedded' } : { kind: 'rpc', rpcUrl: flags.rpc!, chainId: chainIdNumber(flags.chainId!), contract: flags.contract! },
      }),
  );
  emit(ctx.io, ctx.json, saved, () =>
    saved.network === 'embedded'
      ? `Using the embedded local chain (contract ${saved.contract}).`
      : `Using chain ${saved.chainId} with DataLease at ${saved.contract}. Fund your account ${saved.account} there to pay for gas.`,
  );
}

export const DEPLOYER_KEY_ENV = 'DATA_WALLET_DEPLOYER_KEY';

export async function deployCommand(ctx: CliContext, flags: { rpc: string; chainId: string }): Promise<void> {
  const keyProblem = { flag: DEPLOYER_KEY_ENV, raw: undefined, expects: "the deployer's private key (0x followed by 64 hex digits)", hint: 'The key pays for the deployment; it is not stored.' };
  const privateKey = ctx.io.env[DEPLOYER_KEY_ENV];
  if (!privateKey) throw new UsageError(`Set ${DEPLOYER_KEY_ENV} to the deployer's private key (0x followed by 64 hex digits).`, keyProblem.hint);
  const d = await fromFlags(
    { privateKey: keyProblem, rpcUrl: { flag: '--rpc', raw: flags.rpc }, chainId: { flag: '--chain-id', raw: flags.chainId } },
    () => ctx.call('chain.deploy', { rpcUrl: flags.rpc, chainId: chainIdNumber(flags.chainId), privateKey }),
  );
  emit(ctx.io, ctx.json, d, () =>
    [
      `Deployed DataLease at ${d.contract} on chain ${d.chainId} (tx ${d.transactionHash}).`,
      `Wallets use it with: data-wallet chain use --rpc ${flags.rpc} --chain-id ${d.chainId} --contract ${d.contract}`,
    ].join('\n'),
  );
}
