/**
 * A small HTTP server for a requester: serves the current task at
 * GET /task and receives signed results at POST /results. A result is
 * accepted only when its envelope and signature check out, it names the task
 * being served, and (when `isLeaseOwner` is given) its signer owns the lease
 * it names. Accepted results are handed to `onResult`.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Address } from 'viem';
import { openResultEnvelope, type ResultPayload } from '../../shared/training/result.js';

export interface ReceivedResult {
  payload: ResultPayload;
  signer: Address;
  bytes: number;
  /** 0x-sha256 of the body as received (what the wallet records on the chain). */
  sha256: `0x${string}`;
}

export interface TaskServerOptions {
  host?: string;
  port?: number;
  /** Largest result body accepted (default 64 MiB). */
  maxResultBytes?: number;
  /** Checks the signer is the lease's owner on the chain (recommended). */
  isLeaseOwner?: (leaseId: bigint, signer: Address) => Promise<boolean>;
  onResult?: (r: ReceivedResult) => void;
}

export interface TaskServer {
  url: string;
  taskUrl: string;
  resultUrl: string;
  /** Publishes a task document (the next GET /task serves it). */
  setTask(text: string, taskHash: `0x${string}`): void;
  /** Results received for the current task. */
  results(): ReceivedResult[];
  /** Rejections, with the reason (for logs and tests). */
  rejected(): string[];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage, max: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startTaskServer(options: TaskServerOptions = {}): Promise<TaskServer> {
  let task: { text: string; hash: string } | null = null;
  let received: ReceivedResult[] = [];
  const rejections: string[] = [];
  const max = options.maxResultBytes ?? 64 * 1024 * 1024;
  const server: Server = createServer((req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    void (async () => {
      if (req.method === 'GET' && req.url === '/task') {
        if (!task) return reply(404, { error: 'no task published' });
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(task.text);
      }
      if (req.method === 'POST' && req.url === '/results') {
        const body = await readBody(req, max);
        if (body === null) return reply(413, { error: 'too large' });
        const opened = await openResultEnvelope(body.toString('utf8'));
        const reject = (status: number, reason: string) => {
          rejections.push(reason);
          reply(status, { accepted: false, reason });
        };
        if (!opened.ok) return reject(400, opened.reason);
        if (!task || opened.payload.taskHash !== task.hash) return reject(409, 'the result is for another task');
        if (options.isLeaseOwner && !(await options.isLeaseOwner(BigInt(opened.payload.leaseId), opened.signer))) {
          return reject(403, 'the signer does not own the lease');
        }
        const r: ReceivedResult = { payload: opened.payload, signer: opened.signer, bytes: body.length, sha256: `0x${createHash('sha256').update(body).digest('hex')}` };
        received.push(r);
        options.onResult?.(r);
        return reply(200, { accepted: true });
      }
      reply(404, { error: 'not found' });
    })().catch(() => reply(500, { error: 'internal error' }));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;
  return {
    url,
    taskUrl: `${url}/task`,
    resultUrl: `${url}/results`,
    setTask(text, taskHash) {
      task = { text, hash: taskHash };
      received = [];
    },
    results: () => [...received],
    rejected: () => [...rejections],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
