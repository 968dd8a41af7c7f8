/**
 * The egress function: the one way data leaves the wallet core. Every call
 * records destination, size, sha256 and lease in the audit log — the egress
 * ledger — before it returns: `egress.sent` when the bytes went out (HTTP 2xx
 * or the file is in place), `egress.failed` when they may not have.
 *
 * Only signed training results go through here; a lint rule keeps network
 * APIs out of every other core file (see eslint.config.js).
 */
import { createHash, randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { AuditEntry, AuditSink } from '../../audit/types.js';
import type { AuditLog } from '../../audit/audit-log.js';
import { ResultDeliveryError, TaskFetchError } from '../errors.js';
import type { AddressPolicy } from '../net/address-policy.js';
import { httpPost } from '../net/http-client.js';

export type EgressDestination = { kind: 'url'; url: string } | { kind: 'file'; path: string };

export interface EgressRequest {
  leaseId: string;
  jobId: string;
  destination: EgressDestination;
  bytes: Uint8Array;
  contentType: string;
}

export interface EgressReceipt {
  sha256: `0x${string}`;
  size: number;
  destination: string;
  /** HTTP status for a URL; null for a file. */
  status: number | null;
  /** The server's answer (bounded), for the caller to read its verdict. */
  response: string | null;
}

export interface EgressContext {
  audit: AuditSink;
  policy: AddressPolicy;
  timeoutMs?: number;
}

function describe(d: EgressDestination): string {
  return d.kind === 'url' ? d.url : `file:${resolve(d.path)}`;
}

export async function sendEgress(ctx: EgressContext, req: EgressRequest): Promise<EgressReceipt> {
  const sha256 = `0x${createHash('sha256').update(req.bytes).digest('hex')}` as const;
  const destination = describe(req.destination);
  const facts = { leaseId: req.leaseId, jobId: req.jobId, destination, bytes: req.bytes.byteLength, sha256 };
  const subject = `lease:${req.leaseId}`;
  try {
    if (req.destination.kind === 'file') {
      const target = resolve(req.destination.path);
      const tmp = join(dirname(target), `.${randomBytes(6).toString('hex')}.partial`);
      try {
        await writeFile(tmp, req.bytes, { flag: 'wx', mode: 0o600 });
        await rename(tmp, target);
      } catch (e) {
        await rm(tmp, { force: true });
        throw new ResultDeliveryError('The result could not be written to the file.', { cause: e, details: (e as { code?: string }).code });
      }
      ctx.audit.append({ type: 'egress.sent', subject, data: { ...facts, kind: 'file', status: null } });
      return { sha256, size: req.bytes.byteLength, destination, status: null, response: null };
    }
    let res;
    try {
      res = await httpPost(req.destination.url, ctx.policy, { timeoutMs: ctx.timeoutMs ?? 60_000, maxBytes: 64 * 1024 }, { bytes: req.bytes, contentType: req.contentType });
    } catch (e) {
      if (e instanceof TaskFetchError && (e.failure === 'url-refused' || e.failure === 'address-refused')) {
        throw new ResultDeliveryError(`The result endpoint is refused: ${e.shortMessage}`, { cause: e });
      }
      throw new ResultDeliveryError('The result could not be delivered to the requester.', { cause: e });
    }
    if (res.status < 200 || res.status > 299) {
      throw new ResultDeliveryError(`The requester's server refused the result (HTTP status ${res.status}).`);
    }
    ctx.audit.append({ type: 'egress.sent', subject, data: { ...facts, kind: 'url', status: res.status } });
    return { sha256, size: req.bytes.byteLength, destination, status: res.status, response: res.body.toString('utf8').slice(0, 4096) };
  } catch (e) {
    const err = e instanceof ResultDeliveryError ? e : new ResultDeliveryError('The result could not be delivered.', { cause: e });
    ctx.audit.append({ type: 'egress.failed', subject, data: { ...facts, kind: req.destination.kind, reason: err.shortMessage } });
    throw err;
  }
}

export interface EgressLedgerEntry {
  seq: number;
  at: number;
  leaseId: string;
  jobId: string;
  destination: string;
  bytes: number;
  sha256: string;
  status: number | null;
}

/** The egress ledger: every `egress.sent` entry, oldest first. */
export function egressLedger(audit: AuditLog): EgressLedgerEntry[] {
  const out: EgressLedgerEntry[] = [];
  let after = 0;
  for (;;) {
    const page: AuditEntry[] = audit.list({ afterSeq: after, limit: 1000 });
    for (const e of page) {
      if (e.type !== 'egress.sent') continue;
      const d = e.data as Record<string, unknown>;
      out.push({
        seq: e.seq,
        at: e.at,
        leaseId: String(d.leaseId),
        jobId: String(d.jobId),
        destination: String(d.destination),
        bytes: Number(d.bytes),
        sha256: String(d.sha256),
        status: typeof d.status === 'number' ? d.status : null,
      });
    }
    if (page.length < 1000) return out;
    after = page[page.length - 1]!.seq;
  }
}
