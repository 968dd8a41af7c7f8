import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaskFetchError, TaskRefusedError, ResultDeliveryError } from '../../../electron/core/training/errors.js';
import { checkRemoteUrl, isNonPublicAddress } from '../../../electron/core/training/net/address-policy.js';
import { loadTask } from '../../../electron/core/training/task/load-task.js';
import { sendEgress } from '../../../electron/core/training/result/egress.js';
import type { AuditEntryInput } from '../../../electron/core/audit/types.js';
import { smallTask } from '../../helpers/training-task.js';

const LOOPBACK = { allowPrivate: true };
const STRICT = { allowPrivate: false };
const task = smallTask();

let server: Server;
let base: string;
const posts: Buffer[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/task') return res.end(task.text);
    if (req.url === '/big') {
      res.writeHead(200); // no content-length: chunked
      const chunk = Buffer.alloc(64 * 1024, 32);
      for (let i = 0; i < 40; i++) res.write(chunk);
      return res.end();
    }
    if (req.url === '/big-declared') {
      res.writeHead(200, { 'content-length': String(10 * 1024 * 1024) });
      return res.end();
    }
    if (req.url === '/slow') {
      res.writeHead(200);
      res.write('{');
      return; // never finishes
    }
    if (req.url === '/error') {
      res.writeHead(500);
      return res.end('{}');
    }
    if (req.url === '/lambda') return res.end(task.text.replace('"class_name":"Dense"', '"class_name":"Lambda"'));
    if (req.url === '/results' && req.method === 'POST') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        posts.push(Buffer.concat(chunks));
        res.end('{"accepted":true}');
      });
      return;
    }
    if (req.url === '/refuse') {
      req.resume();
      res.writeHead(403);
      return res.end('{}');
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

async function fetchError(p: Promise<unknown>): Promise<TaskFetchError> {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(TaskFetchError);
  return e as TaskFetchError;
}

describe('address policy', () => {
  it('knows private, loopback, link-local and mapped addresses', () => {
    for (const ip of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '224.0.0.1']) {
      expect(isNonPublicAddress(ip), ip).toBe(true);
    }
    for (const ip of ['8.8.8.8', '1.1.1.1', '2606:4700::1111', '172.32.0.1']) expect(isNonPublicAddress(ip), ip).toBe(false);
  });

  it('refuses http, credentials, loopback and local names unless allowed', () => {
    expect(() => checkRemoteUrl('http://lab.example.org/t', STRICT)).toThrow(expect.objectContaining({ failure: 'url-refused' }));
    expect(() => checkRemoteUrl('https://u:p@lab.example.org/t', STRICT)).toThrow(expect.objectContaining({ failure: 'url-refused' }));
    for (const u of ['https://127.0.0.1/t', 'https://[::1]/t', 'https://169.254.169.254/latest', 'https://localhost/t', 'https://router.local/t']) {
      expect(() => checkRemoteUrl(u, STRICT), u).toThrow(expect.objectContaining({ failure: 'address-refused' }));
    }
    expect(checkRemoteUrl('https://lab.example.org/t', STRICT).hostname).toBe('lab.example.org');
    expect(checkRemoteUrl('http://127.0.0.1:1/t', LOOPBACK).port).toBe('1');
  });
});

describe('loadTask', () => {
  it('fetches, parses and hashes a task over loopback when the test setting allows it', async () => {
    const t = await loadTask({ url: `${base}/task` }, LOOPBACK);
    expect(t.taskHash).toBe(task.taskHash);
    expect(t.taskHash).toBe(`0x${createHash('sha256').update(task.text).digest('hex')}`);
    expect(t.bytes).toBe(Buffer.byteLength(task.text));
  });

  it('refuses the same loopback address with the normal policy, before connecting', async () => {
    expect((await fetchError(loadTask({ url: `${base}/task` }, STRICT))).failure).toBe('url-refused'); // http
    expect((await fetchError(loadTask({ url: base.replace('http:', 'https:') + '/task' }, STRICT))).failure).toBe('address-refused');
  });

  it('refuses oversize downloads (declared or streamed), slow servers and error statuses', async () => {
    expect((await fetchError(loadTask({ url: `${base}/big` }, LOOPBACK, { timeoutMs: 5000, maxBytes: 1024 * 1024 }))).failure).toBe('too-large');
    expect((await fetchError(loadTask({ url: `${base}/big-declared` }, LOOPBACK, { timeoutMs: 5000, maxBytes: 1024 * 1024 }))).failure).toBe('too-large');
    const slow = await fetchError(loadTask({ url: `${base}/slow` }, LOOPBACK, { timeoutMs: 300, maxBytes: 1024 }));
    expect(slow.failure).toBe('timeout');
    expect(slow.code).toBe('TASK_FETCH_FAILED');
    expect((await fetchError(loadTask({ url: `${base}/error` }, LOOPBACK))).failure).toBe('http-status');
  });

  it('refuses a served task with a disallowed layer', async () => {
    const e = await loadTask({ url: `${base}/lambda` }, LOOPBACK).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TaskRefusedError);
    expect(e).toMatchObject({ reason: 'layer-not-allowed', code: 'TASK_REFUSED' });
  });

  it('loads a task from a file, within the size limit', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dw-task-'));
    try {
      await writeFile(join(dir, 't.json'), task.text);
      expect((await loadTask({ file: join(dir, 't.json') }, STRICT)).taskHash).toBe(task.taskHash);
      expect((await fetchError(loadTask({ file: join(dir, 't.json') }, STRICT, { timeoutMs: 1000, maxBytes: 10 }))).failure).toBe('too-large');
      expect((await fetchError(loadTask({ file: join(dir, 'missing.json') }, STRICT))).failure).toBe('file');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('sendEgress', () => {
  const audit = () => {
    const entries: AuditEntryInput[] = [];
    return { entries, sink: { append: (e: AuditEntryInput) => (entries.push(e), { ...e, seq: entries.length }) as never } };
  };

  it('posts the bytes and records destination, size, sha256 and lease in the ledger', async () => {
    const a = audit();
    const bytes = new TextEncoder().encode('{"result":1}');
    const r = await sendEgress({ audit: a.sink, policy: LOOPBACK }, { leaseId: '3', jobId: 'job_1', destination: { kind: 'url', url: `${base}/results` }, bytes, contentType: 'application/json' });
    expect(posts.at(-1)?.toString()).toBe('{"result":1}');
    expect(r.sha256).toBe(`0x${createHash('sha256').update(bytes).digest('hex')}`);
    expect(a.entries).toEqual([
      { type: 'egress.sent', subject: 'lease:3', data: { leaseId: '3', jobId: 'job_1', destination: `${base}/results`, bytes: bytes.length, sha256: r.sha256, kind: 'url', status: 200 } },
    ]);
  });

  it('records a refused post as egress.failed and throws', async () => {
    const a = audit();
    const e = await sendEgress({ audit: a.sink, policy: LOOPBACK }, { leaseId: '3', jobId: 'job_1', destination: { kind: 'url', url: `${base}/refuse` }, bytes: new Uint8Array(3), contentType: 'application/json' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ResultDeliveryError);
    expect(a.entries.map((x) => x.type)).toEqual(['egress.failed']);
    const b = audit();
    await expect(sendEgress({ audit: b.sink, policy: STRICT }, { leaseId: '3', jobId: 'job_1', destination: { kind: 'url', url: `${base}/results` }, bytes: new Uint8Array(3), contentType: 'application/json' })).rejects.toThrow(/refused/);
    expect(b.entries.map((x) => x.type)).toEqual(['egress.failed']);
  });

  it('writes a file atomically and records it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dw-egress-'));
    try {
      const a = audit();
      const r = await sendEgress({ audit: a.sink, policy: STRICT }, { leaseId: '4', jobId: 'job_2', destination: { kind: 'file', path: join(dir, 'r.json') }, bytes: new Uint8Array([1, 2, 3]), contentType: 'application/json' });
      expect([...(await readFile(join(dir, 'r.json')))]).toEqual([1, 2, 3]);
      expect(r.destination).toBe(`file:${join(dir, 'r.json')}`);
      expect(a.entries[0]).toMatchObject({ type: 'egress.sent', data: { kind: 'file', bytes: 3 } });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
