/**
 * All SQL of the lease service (tables from vault migration 003). Reads and
 * writes take the vault's connection; the service decides when, and wraps
 * multi-step changes in one transaction.
 */
import type { Connection } from '../vault/index.js';

export type RequestStatus = 'pending' | 'approving' | 'approved' | 'declined';
export type LeaseState = 'submitting' | 'unconfirmed' | 'active' | 'revoking' | 'expired' | 'revoked' | 'settled' | 'missing';

export interface RequestRow {
  digest: `0x${string}`;
  chain_id: number;
  contract: `0x${string}`;
  requester: `0x${string}`;
  nonce: string;
  /** Canonical JSON of the signed message (decimal strings). */
  message: string;
  signature: `0x${string}`;
  received_at: number;
  status: RequestStatus;
  decided_at: number | null;
}

export interface LeaseRow {
  request_digest: `0x${string}`;
  chain_id: number;
  contract: `0x${string}`;
  lease_id: string | null;
  /** JSON array of dataset kinds. */
  datasets: string;
  /** Unix seconds, decimal. */
  data_from: string;
  data_to: string;
  scope_hash: `0x${string}`;
  /** Granted seconds, decimal. */
  duration: string;
  state: LeaseState;
  price: string | null;
  grant_tx: `0x${string}` | null;
  starts_at: number | null;
  expires_at: number | null;
  revoke_tx: `0x${string}` | null;
  revoked_at: number | null;
  owner_paid: string | null;
  refunded: string | null;
  settle_tx: `0x${string}` | null;
  settled_at: number | null;
  note: string | null;
  created_at: number;
  updated_at: number;
  /** Secret salt of the grant commitment (32 bytes, 0x-hex); kept until the grant is revealed. */
  commit_salt: `0x${string}` | null;
  /** Hash of the commit transaction, stored before it was broadcast. */
  commit_tx: `0x${string}` | null;
}

export interface RequesterRow {
  address: `0x${string}`;
  label: string | null;
  blocked: 0 | 1;
  updated_at: number;
}

// ------------------------------------------------------------ requests

export function getRequest(db: Connection, digest: string): RequestRow | undefined {
  return db.prepare('SELECT * FROM lease_requests WHERE digest = ?').get(digest) as RequestRow | undefined;
}

export function getRequestByNonce(
  db: Connection,
  key: { chainId: number; contract: string; requester: string; nonce: string },
): RequestRow | undefined {
  return db
    .prepare('SELECT * FROM lease_requests WHERE chain_id = ? AND contract = ? AND requester = ? AND nonce = ?')
    .get(key.chainId, key.contract, key.requester, key.nonce) as RequestRow | undefined;
}

export function listRequests(db: Connection, status?: RequestStatus): RequestRow[] {
  return (
    status
      ? db.prepare('SELECT * FROM lease_requests WHERE status = ? ORDER BY received_at, digest').all(status)
      : db.prepare('SELECT * FROM lease_requests ORDER BY received_at, digest').all()
  ) as RequestRow[];
}

/** How many of this requester's requests were approved, other than `exceptDigest`. */
export function countApproved(db: Connection, requester: string, exceptDigest: string): number {
  return db
    .prepare("SELECT count(*) FROM lease_requests WHERE requester = ? AND status = 'approved' AND digest <> ?")
    .pluck()
    .get(requester, exceptDigest) as number;
}

export function insertRequest(db: Connection, row: RequestRow): void {
  db.prepare(
    `INSERT INTO lease_requests (digest, chain_id, contract, requester, nonce, message, signature, received_at, status, decided_at)
     VALUES (@digest, @chain_id, @contract, @requester, @nonce, @message, @signature, @received_at, @status, @decided_at)`,
  ).run(row);
}

export function setRequestStatus(db: Connection, digest: string, status: RequestStatus, decidedAt: number | null): void {
  db.prepare('UPDATE lease_requests SET status = ?, decided_at = ? WHERE digest = ?').run(status, decidedAt, digest);
}

// ------------------------------------------------------------ leases

export function getLeaseByDigest(db: Connection, digest: string): LeaseRow | undefined {
  return db.prepare('SELECT * FROM leases WHERE request_digest = ?').get(digest) as LeaseRow | undefined;
}

export function getLeaseById(db: Connection, chainId: number, contract: string, leaseId: string): LeaseRow | undefined {
  return db
    .prepare('SELECT * FROM leases WHERE chain_id = ? AND contract = ? AND lease_id = ?')
    .get(chainId, contract, leaseId) as LeaseRow | undefined;
}

export function listLeases(db: Connection): LeaseRow[] {
  return db.prepare('SELECT * FROM leases ORDER BY created_at, request_digest').all() as LeaseRow[];
}

export function listLeasesInState(db: Connection, states: readonly LeaseState[]): LeaseRow[] {
  const marks = states.map(() => '?').join(', ');
  return db.prepare(`SELECT * FROM leases WHERE state IN (${marks}) ORDER BY created_at, request_digest`).all(...states) as LeaseRow[];
}

/** The earliest expiry among active leases (ms), or null. */
export function nextExpiry(db: Connection): number | null {
  const row = db.prepare("SELECT min(expires_at) AS t FROM leases WHERE state = 'active'").get() as { t: number | null };
  return row.t;
}

export function insertLease(db: Connection, row: LeaseRow): void {
  db.prepare(
    `INSERT INTO leases (request_digest, chain_id, contract, lease_id, datasets, data_from, data_to, scope_hash, duration, state,
       price, grant_tx, starts_at, expires_at, revoke_tx, revoked_at, owner_paid, refunded, settle_tx, settled_at, note, created_at, updated_at,
       commit_salt, commit_tx)
     VALUES (@request_digest, @chain_id, @contract, @lease_id, @datasets, @data_from, @data_to, @scope_hash, @duration, @state,
       @price, @grant_tx, @starts_at, @expires_at, @revoke_tx, @revoked_at, @owner_paid, @refunded, @settle_tx, @settled_at, @note, @created_at, @updated_at,
       @commit_salt, @commit_tx)`,
  ).run(row);
}

export function deleteLease(db: Connection, digest: string): void {
  db.prepare('DELETE FROM leases WHERE request_digest = ?').run(digest);
}

const LEASE_COLUMNS = new Set([
  'lease_id',
  'duration',
  'state',
  'price',
  'grant_tx',
  'starts_at',
  'expires_at',
  'revoke_tx',
  'revoked_at',
  'owner_paid',
  'refunded',
  'settle_tx',
  'settled_at',
  'note',
  'commit_salt',
  'commit_tx',
]);

export type LeaseUpdate = Partial<
  Pick<
    LeaseRow,
    | 'lease_id'
    | 'duration'
    | 'state'
    | 'price'
    | 'grant_tx'
    | 'starts_at'
    | 'expires_at'
    | 'revoke_tx'
    | 'revoked_at'
    | 'owner_paid'
    | 'refunded'
    | 'settle_tx'
    | 'settled_at'
    | 'note'
    | 'commit_salt'
    | 'commit_tx'
  >
>;

export function updateLease(db: Connection, digest: string, changes: LeaseUpdate, updatedAt: number): void {
  const keys = Object.keys(changes).filter((k) => LEASE_COLUMNS.has(k));
  const sets = [...keys.map((k) => `${k} = @${k}`), 'updated_at = @updated_at'].join(', ');
  db.prepare(`UPDATE leases SET ${sets} WHERE request_digest = @digest`).run({ ...changes, updated_at: updatedAt, digest });
}

// ------------------------------------------------------------ requesters

export function getRequester(db: Connection, address: string): RequesterRow | undefined {
  return db.prepare('SELECT * FROM requesters WHERE address = ?').get(address) as RequesterRow | undefined;
}

export function listRequesters(db: Connection): RequesterRow[] {
  return db.prepare('SELECT * FROM requesters ORDER BY address').all() as RequesterRow[];
}

export function upsertRequester(db: Connection, row: RequesterRow): void {
  db.prepare(
    `INSERT INTO requesters (address, label, blocked, updated_at) VALUES (@address, @label, @blocked, @updated_at)
     ON CONFLICT (address) DO UPDATE SET label = excluded.label, blocked = excluded.blocked, updated_at = excluded.updated_at`,
  ).run(row);
}
