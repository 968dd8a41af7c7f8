/**
 * Gets a task document from the lease's taskUrl (or a file the owner picked)
 * and parses it. The document's sha256 is the task's identity: it goes into
 * the audit log, the job and the signed result.
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { parseTaskSpec } from '../../../../shared/training/parse-task.js';
import { TASK_LIMITS, type TaskSpec } from '../../../../shared/training/task-spec.js';
import { TaskFetchError, TaskRefusedError } from '../errors.js';
import type { AddressPolicy } from '../net/address-policy.js';
import { httpGet } from '../net/http-client.js';

export interface TaskFetchLimits {
  timeoutMs: number;
  maxBytes: number;
}

export const DEFAULT_TASK_FETCH_LIMITS: TaskFetchLimits = { timeoutMs: 15_000, maxBytes: 16 * 1024 * 1024 };

export interface LoadedTask {
  task: TaskSpec;
  /** 0x-prefixed sha256 of the document's bytes. */
  taskHash: `0x${string}`;
  bytes: number;
  source: { kind: 'url'; url: string } | { kind: 'file'; path: string };
}

export type TaskSource = { url: string } | { file: string };

function sha256Hex(b: Uint8Array): `0x${string}` {
  return `0x${createHash('sha256').update(b).digest('hex')}`;
}

/** Parses raw bytes; throws TaskRefusedError with the parser's reason and path. */
export function parseTaskBytes(bytes: Uint8Array): { task: TaskSpec; taskHash: `0x${string}` } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new TaskRefusedError('json', 'The task is not valid UTF-8 text.');
  }
  const parsed = parseTaskSpec(text, bytes.byteLength);
  if (!parsed.ok) throw new TaskRefusedError(parsed.reason, parsed.message, { path: parsed.path });
  return { task: parsed.task, taskHash: sha256Hex(bytes) };
}

async function readBoundedFile(path: string, maxBytes: number): Promise<Buffer> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    throw new TaskFetchError('file', 'The task file cannot be opened.', { cause: e, details: (e as { code?: string }).code });
  }
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) throw new TaskFetchError('too-large', `The task file is ${size} bytes; at most ${maxBytes} are accepted.`);
    const buf = Buffer.alloc(size);
    const { bytesRead } = await handle.read(buf, 0, size, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export async function loadTask(source: TaskSource, policy: AddressPolicy, limits: TaskFetchLimits = DEFAULT_TASK_FETCH_LIMITS): Promise<LoadedTask> {
  const maxBytes = Math.min(limits.maxBytes, TASK_LIMITS.maxBytes);
  if ('file' in source) {
    const bytes = await readBoundedFile(source.file, maxBytes);
    return { ...parseTaskBytes(bytes), bytes: bytes.byteLength, source: { kind: 'file', path: source.file } };
  }
  const res = await httpGet(source.url, policy, { timeoutMs: limits.timeoutMs, maxBytes });
  if (res.status !== 200) throw new TaskFetchError('http-status', `The task server answered with HTTP status ${res.status}.`);
  return { ...parseTaskBytes(res.body), bytes: res.body.byteLength, source: { kind: 'url', url: source.url } };
}
