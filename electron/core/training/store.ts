/**
 * All SQL of the training runner (table from vault migration 006-training).
 */
import type { Connection } from '../vault/index.js';

export type JobState = 'running' | 'review' | 'sending' | 'sent' | 'discarded' | 'stopped' | 'failed';

export interface JobRow {
  id: string;
  lease_id: string;
  task_hash: string;
  task_source: string;
  state: JobState;
  review: 0 | 1;
  /** JSON: the job's preview (params, layers, scope, epochs, σ…). */
  summary: string;
  /** JSON: last progress event. */
  progress: string | null;
  /** JSON: { code, reason?, message } of a failed or stopped job. */
  error: string | null;
  epsilon: number | null;
  delta: number | null;
  result: Buffer | null;
  result_sha256: string | null;
  result_bytes: number | null;
  destination: string | null;
  delivery_tx: string | null;
  created_at: number;
  finished_at: number | null;
  updated_at: number;
}

const COLUMNS = 'id, lease_id, task_hash, task_source, state, review, summary, progress, error, epsilon, delta, result, result_sha256, result_bytes, destination, delivery_tx, created_at, finished_at, updated_at';

export function insertJob(db: Connection, row: Pick<JobRow, 'id' | 'lease_id' | 'task_hash' | 'task_source' | 'state' | 'review' | 'summary' | 'created_at'>): void {
  db.prepare(
    `INSERT INTO training_jobs (id, lease_id, task_hash, task_source, state, review, summary, created_at, updated_at)
     VALUES (@id, @lease_id, @task_hash, @task_source, @state, @review, @summary, @created_at, @created_at)`,
  ).run(row);
}

export type JobUpdate = Partial<Omit<JobRow, 'id' | 'lease_id' | 'created_at' | 'updated_at'>>;

const UPDATABLE = new Set(['task_hash', 'task_source', 'state', 'review', 'summary', 'progress', 'error', 'epsilon', 'delta', 'result', 'result_sha256', 'result_bytes', 'destination', 'delivery_tx', 'finished_at']);

export function updateJob(db: Connection, id: string, update: JobUpdate, now: number): void {
  const keys = Object.keys(update).filter((k) => UPDATABLE.has(k));
  const sets = keys.map((k) => `${k} = @${k}`).join(', ');
  db.prepare(`UPDATE training_jobs SET ${sets ? `${sets}, ` : ''}updated_at = @updated_at WHERE id = @id`).run({ ...update, id, updated_at: now });
}

/** Moves a job from one state to another only if it is still in `from`; true when it moved. */
export function transitionJob(db: Connection, id: string, from: readonly JobState[], update: JobUpdate & { state: JobState }, now: number): boolean {
  const keys = Object.keys(update).filter((k) => UPDATABLE.has(k));
  const sets = keys.map((k) => `${k} = @${k}`).join(', ');
  const placeholders = from.map((_, i) => `@from${i}`).join(', ');
  const params: Record<string, unknown> = { ...update, id, updated_at: now };
  from.forEach((s, i) => (params[`from${i}`] = s));
  return db.prepare(`UPDATE training_jobs SET ${sets}, updated_at = @updated_at WHERE id = @id AND state IN (${placeholders})`).run(params).changes === 1;
}

export function getJob(db: Connection, id: string): JobRow | undefined {
  return db.prepare(`SELECT ${COLUMNS} FROM training_jobs WHERE id = ?`).get(id) as JobRow | undefined;
}

/** Jobs without their result bytes, newest first. */
export function listJobs(db: Connection, limit: number): Omit<JobRow, 'result'>[] {
  return db.prepare(`SELECT ${COLUMNS.replace('result, ', '')} FROM training_jobs ORDER BY created_at DESC, rowid DESC LIMIT ?`).all(limit) as Omit<JobRow, 'result'>[];
}

export function jobsInStates(db: Connection, states: readonly JobState[]): Omit<JobRow, 'result'>[] {
  const placeholders = states.map(() => '?').join(', ');
  return db.prepare(`SELECT ${COLUMNS.replace('result, ', '')} FROM training_jobs WHERE state IN (${placeholders})`).all(...states) as Omit<JobRow, 'result'>[];
}

/** ε already charged to a lease: every job whose result exists or left (review, sending, sent). */
export function epsilonCharged(db: Connection, leaseId: string): number {
  const v = db.prepare(`SELECT COALESCE(SUM(epsilon), 0) FROM training_jobs WHERE lease_id = ? AND state IN ('running', 'review', 'sending', 'sent')`).pluck().get(leaseId);
  return Number(v);
}
