/**
 * The only HTTP client of the wallet core (a lint rule keeps network APIs
 * out of every other core file; the chain's viem transports are the other,
 * named exception). Two operations:
 *
 * - `httpGet`: fetches a task (bounded size, overall timeout, address policy
 *   checked on the URL and on every resolved address, no redirects);
 * - `httpPost`: sends bytes; called only by the egress function
 *   (`../result/egress.ts`), which records every send in the egress ledger.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { TaskFetchError } from '../errors.js';
import { checkRemoteUrl, checkResolvedAddress, type AddressPolicy } from './address-policy.js';

export interface HttpLimits {
  timeoutMs: number;
  maxBytes: number;
}

export interface HttpResponse {
  status: number;
  body: Buffer;
  contentType: string | null;
}

function guardedLookup(policy: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as unknown as LookupAddress[];
      try {
        for (const a of list) checkResolvedAddress(a.address, policy);
      } catch (e) {
        return callback(e as NodeJS.ErrnoException, '', 0);
      }
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      const first = list[0];
      if (!first) return callback(new Error('no address') as NodeJS.ErrnoException, '', 0);
      callback(null, first.address, first.family);
    });
  };
}

function request(method: 'GET' | 'POST', target: string, policy: AddressPolicy, limits: HttpLimits, body?: { bytes: Uint8Array; contentType: string }): Promise<HttpResponse> {
  const url = checkRemoteUrl(target, policy);
  const mod = url.protocol === 'https:' ? https : http;
  return new Promise<HttpResponse>((resolve, reject) => {
    let settled = false;
    const fail = (e: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(e);
    };
    const req = mod.request(
      url,
      {
        method,
        lookup: guardedLookup(policy),
        headers: {
          accept: 'application/json',
          'user-agent': 'DataWallet',
          ...(body && { 'content-type': body.contentType, 'content-length': String(body.bytes.byteLength) }),
        },
        agent: false,
      },
      (res) => {
        const declared = Number(res.headers['content-length'] ?? NaN);
        if (Number.isFinite(declared) && declared > limits.maxBytes) {
          fail(new TaskFetchError('too-large', `The server announced ${declared} bytes; at most ${limits.maxBytes} are accepted.`));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > limits.maxBytes) {
            fail(new TaskFetchError('too-large', `The server sent more than ${limits.maxBytes} bytes.`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', (e) => fail(new TaskFetchError('network', 'The connection broke while reading the answer.', { cause: e })));
        res.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), contentType: res.headers['content-type'] ?? null });
        });
      },
    );
    const timer = setTimeout(() => fail(new TaskFetchError('timeout', `The server did not answer completely within ${limits.timeoutMs} ms.`)), limits.timeoutMs);
    req.on('error', (e) => fail(e instanceof TaskFetchError ? e : (e as { cause?: unknown }).cause instanceof TaskFetchError ? (e as { cause: unknown }).cause : new TaskFetchError('network', 'The server could not be reached.', { cause: e, details: (e as { code?: string }).code })));
    if (body) req.end(Buffer.from(body.bytes.buffer, body.bytes.byteOffset, body.bytes.byteLength));
    else req.end();
  });
}

export function httpGet(url: string, policy: AddressPolicy, limits: HttpLimits): Promise<HttpResponse> {
  return request('GET', url, policy, limits);
}

/** Use only through the egress function (it records the send in the ledger). */
export function httpPost(url: string, policy: AddressPolicy, limits: HttpLimits, body: { bytes: Uint8Array; contentType: string }): Promise<HttpResponse> {
  return request('POST', url, policy, limits, body);
}
