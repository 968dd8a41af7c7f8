/**
 * The wallet's API contract: every operation a front end can run (`apiCalls`)
 * and every event the wallet pushes (`apiEvents`), as zod schemas. The core's
 * router implements exactly these calls; the Electron IPC bridge, browser
 * mode and the CLI carry them; the typed client is derived from them.
 *
 * Names are `area.verb`. Inputs are strict objects (unknown keys refused) and
 * bounded; outputs are plain JSON following the conventions in define.ts
 * (bigints as decimal strings; times as unix ms unless documented as contract
 * seconds). Errors come back in the serialised form of shared/errors, with a
 * code from WALLET_ERROR_CODES.
 *
 * Secrets (passphrases, recovery keys, a deployer key) only ever appear in
 * inputs, never in outputs other than the one place a new recovery key is
 * shown, and never in errors or events.
 */
import { z } from 'zod';
import { ConsentReceipt } from '../lease/consent-receipt.js';
import { MAX_LEASE_LINK_LENGTH } from '../lease/link.js';
import { AuditEntry, AuditVerification } from '../domain/audit.js';
import { ChainInUse, ChainStatus, Deployment, NetworkInput, WithdrawResult } from '../domain/chain.js';
import { AddressString, TimeMs } from '../domain/json.js';
import { ApprovalPreview, InspectedRequest, LeaseStatus, LeaseView, NarrowingInput, ReconcileReport, RequesterView } from '../domain/leases.js';
import { DatasetSummary, ImportFormat } from '../domain/record.js';
import { LeaseExpiring, PauseState, SettingsView, WalletSettingsValues } from '../domain/settings.js';
import { JobProgress, JobState, LeaseTrainingSettings, TaskPreview, TrainingJob } from '../domain/training.js';
import {
  AggregateBucket,
  EraseResult,
  ExportResult,
  ImportJob,
  ImportProgressEvent,
  ImportSummary,
  RecordsPage,
  VaultStatus,
} from '../domain/vault.js';
import { defineCall, defineEvent } from './define.js';
import { serializedErrorSchema } from './envelope.js';

// ---------------------------------------------------------------- input pieces

/** A whole number in [min, max], with one message front ends can show for any failure. */
const wholeNumber = (min: number, max: number) => {
  const message = `must be a whole number from ${min} to ${max}`;
  return z.number({ error: message }).int(message).min(min, message).max(max, message);
};

const none = z.strictObject({});
const passphrase = z.string().min(1).max(1024);
const recoveryKey = z.string().min(1).max(200);
const filePath = z.string().min(1).max(4096);
const datasetKind = z.string().min(1).max(200);
/** A lease link, a request id (0x digest) or an on-chain lease id (decimal). */
const requestRef = z.string().min(1).max(MAX_LEASE_LINK_LENGTH);
/** A lease id (decimal) or the request id (0x digest) of a lease. */
const leaseRef = z.string().min(1).max(100);
const leaseLink = z.string().min(1).max(MAX_LEASE_LINK_LENGTH);
const requesterAddress = z.strictObject({ address: AddressString });

const importMapping = z.strictObject({
  /** Dataset kind; default: the file's base name without extension. */
  kind: datasetKind.optional(),
  /** Column/field with the (start) time; auto-detected when absent. */
  timestamp: z.string().min(1).max(200).optional(),
  timestampEnd: z.string().min(1).max(200).optional(),
  values: z.array(z.string().min(1).max(200)).min(1).max(100).optional(),
  unit: z.string().max(100).optional(),
  timeFormat: z.enum(['auto', 'iso', 'epoch-s', 'epoch-ms']).optional(),
});

// ---------------------------------------------------------------- calls

const trainingLeaseId = z.string().regex(/^[1-9][0-9]{0,77}$/, 'must be a lease id (a positive whole number)');
const jobId = z.string().regex(/^job_[0-9a-f]{16}$/, 'must be a training job id (job_ and 16 hex digits)');

export const apiCalls = {
  // ---- vault
  'vault.status': defineCall({
    summary: 'Whether a vault exists, whether it is unlocked, and whether its recovery key works.',
    input: none,
    output: VaultStatus,
  }),
  'vault.create': defineCall({
    summary: 'Creates a new vault (it stays unlocked) and returns its recovery key, shown this once, and the wallet account.',
    input: z.strictObject({ passphrase }),
    output: z.object({ recoveryKey: z.string(), account: AddressString, vaultDir: z.string() }),
  }),
  'vault.unlock': defineCall({
    summary: 'Unlocks the vault with the passphrase (or the recovery key) and starts the chain and the expiry scheduler.',
    input: z.union([z.strictObject({ passphrase }), z.strictObject({ recoveryKey })]),
    output: VaultStatus,
  }),
  'vault.lock': defineCall({
    summary: 'Stops the chain and the scheduler and locks the vault (the data key is wiped from memory).',
    input: none,
    output: VaultStatus,
  }),
  'vault.changePassphrase': defineCall({
    summary: 'Replaces the passphrase; the data is not re-encrypted and the recovery key keeps working.',
    input: z.strictObject({ current: passphrase, next: passphrase }),
    output: z.object({ changed: z.literal(true) }),
  }),
  'vault.verifyRecoveryKey': defineCall({
    summary: 'Checks that a recovery key opens this vault, without changing anything.',
    input: z.strictObject({ recoveryKey }),
    output: z.object({ valid: z.literal(true) }),
  }),
  'vault.recover': defineCall({
    summary: 'Sets a new passphrase using the recovery key (for a forgotten passphrase).',
    input: z.strictObject({ recoveryKey, newPassphrase: passphrase }),
    output: z.object({ recovered: z.literal(true) }),
  }),
  'vault.rotateKey': defineCall({
    summary: 'Re-encrypts the vault with a new data key; returns the new recovery key (the old one stops working).',
    input: z.strictObject({ passphrase }),
    output: z.object({ rotated: z.literal(true), recoveryKey: z.string() }),
  }),
  'vault.issueRecoveryKey': defineCall({
    summary: 'Replaces the recovery key (e.g. after an interrupted rotation); returns the new one.',
    input: z.strictObject({ passphrase }),
    output: z.object({ recoveryKey: z.string() }),
  }),

  'vault.unlockWithKeychain': defineCall({
    summary: 'Unlocks the vault with the system keychain (desktop app, when keychain unlock is on).',
    input: none,
    output: VaultStatus,
  }),
  'vault.enableKeychainUnlock': defineCall({
    summary: 'Turns on unlocking with the system keychain (desktop app only); asks for the passphrase. Passphrase and recovery key keep working.',
    input: z.strictObject({ passphrase }),
    output: z.object({ enabled: z.literal(true), backend: z.string() }),
  }),
  'vault.disableKeychainUnlock': defineCall({
    summary: 'Turns off unlocking with the system keychain (its wrap of the data key is deleted).',
    input: none,
    output: z.object({ enabled: z.literal(false) }),
  }),

  // ---- settings
  'settings.get': defineCall({
    summary: 'The wallet settings: auto-lock, expiry notices, privacy defaults, pause state, keychain unlock, launch at login.',
    input: none,
    output: SettingsView,
  }),
  'settings.update': defineCall({
    summary: 'Changes some settings (all checked first; nothing changes when one is out of range).',
    input: z.strictObject({
      autoLockMinutes: wholeNumber(0, 24 * 60).optional(),
      expiryNoticeMinutes: wholeNumber(0, 7 * 24 * 60).optional(),
      maxEpsilonMilli: wholeNumber(0, 4_294_967_295).nullable().optional(),
      reviewBeforeSend: z.boolean().optional(),
      launchAtLogin: z.boolean().optional(),
    }),
    output: SettingsView,
  }),

  // ---- data
  'data.import': defineCall({
    summary:
      'Imports one file (CSV, JSON/NDJSON, Apple Health, Google location history) or a whole Google Takeout (.zip or folder path) as one job; all or nothing; progress comes as data.importProgress events.',
    input: z.strictObject({
      path: filePath,
      format: z.union([z.literal('auto'), ImportFormat]).default('auto'),
      mapping: importMapping.optional(),
    }),
    output: ImportSummary,
  }),
  'data.cancelImport': defineCall({
    summary: 'Cancels the running import, if any (nothing from it is kept).',
    input: none,
    output: z.object({ cancelled: z.boolean() }),
  }),
  'data.imports': defineCall({
    summary: 'Import history, newest first.',
    input: z.strictObject({ limit: wholeNumber(1, 1000).optional() }),
    output: z.array(ImportJob),
  }),
  'data.datasets': defineCall({
    summary: 'Every dataset with its record count and time span.',
    input: none,
    output: z.array(DatasetSummary),
  }),
  'data.records': defineCall({
    summary: 'A page of one dataset’s records in time order; `from` inclusive, `to` exclusive (unix ms).',
    input: z.strictObject({
      kind: datasetKind,
      from: TimeMs.optional(),
      to: TimeMs.optional(),
      limit: wholeNumber(1, 10_000).optional(),
      after: z.string().min(1).max(200).nullable().optional(),
    }),
    output: RecordsPage,
  }),
  'data.aggregate': defineCall({
    summary: 'Hourly or daily count/sum/mean/min/max of a dataset’s numeric values (for charts).',
    input: z.strictObject({
      kind: datasetKind,
      bucket: z.enum(['hour', 'day']),
      from: TimeMs.optional(),
      to: TimeMs.optional(),
      utcOffsetMinutes: wholeNumber(-1080, 1080).optional(),
    }),
    output: z.array(AggregateBucket),
  }),
  'data.export': defineCall({
    summary: 'Writes one dataset or all of them as CSV or JSON to a file (unencrypted), atomically: no half file on failure.',
    input: z.strictObject({
      /** Omit to export every dataset. */
      kind: datasetKind.optional(),
      format: z.enum(['csv', 'json']),
      path: filePath,
    }),
    output: ExportResult,
  }),
  'data.erase': defineCall({
    summary: 'Erases a dataset for good (GDPR erasure) and says whether its free pages were wiped yet.',
    input: z.strictObject({ kind: datasetKind }),
    output: EraseResult,
  }),

  // ---- lease requests
  'requests.inspect': defineCall({
    summary: 'Decodes and verifies a lease link and shows its terms and requester; nothing is stored.',
    input: z.strictObject({ link: leaseLink }),
    output: InspectedRequest,
  }),
  'requests.receive': defineCall({
    summary: 'Verifies a lease link and stores it as a pending request (what a deep link does).',
    input: z.strictObject({ link: leaseLink }),
    output: InspectedRequest,
  }),
  'requests.approve': defineCall({
    summary: 'Grants a lease link or stored request on the chain, optionally narrowed.',
    input: z.strictObject({ ref: requestRef, narrowing: NarrowingInput.optional() }),
    output: LeaseView,
  }),
  'requests.previewApproval': defineCall({
    summary: 'The terms, price and warnings (e.g. a price rounded down to 0) an approval with this narrowing would grant; nothing is granted or stored.',
    input: z.strictObject({ ref: requestRef, narrowing: NarrowingInput.optional() }),
    output: ApprovalPreview,
  }),
  'requests.decline': defineCall({
    summary: 'Declines a lease link or stored request for good.',
    input: z.strictObject({ ref: requestRef }),
    output: InspectedRequest,
  }),

  // ---- leases
  'leases.list': defineCall({
    summary: 'Leases and pending requests with their status; `chain: true` also asks the chain.',
    input: z.strictObject({ chain: z.boolean().optional() }),
    output: z.array(LeaseView),
  }),
  'leases.show': defineCall({
    summary: 'One lease (by lease id or request id).',
    input: z.strictObject({ ref: leaseRef }),
    output: LeaseView,
  }),
  'leases.revoke': defineCall({
    summary: 'Ends an active lease now; the owner is paid for the time it ran.',
    input: z.strictObject({ ref: leaseRef }),
    output: LeaseView,
  }),
  'leases.receipt': defineCall({
    summary: 'The consent receipt (JSON) of a decided request or lease; with `path`, also written to that file atomically.',
    input: z.strictObject({ ref: leaseRef, path: filePath.optional() }),
    output: z.object({ receipt: ConsentReceipt, path: z.string().nullable() }),
  }),
  'leases.pause': defineCall({
    summary: 'Pauses all leases: every data access is refused until resumed; nothing is revoked. Shared by every process on the vault.',
    input: none,
    output: PauseState,
  }),
  'leases.resume': defineCall({
    summary: 'Ends the pause: active leases may use the data again.',
    input: none,
    output: PauseState,
  }),
  'leases.reconcile': defineCall({
    summary: 'Compares the wallet’s lease records with the chain and repairs what it can.',
    input: none,
    output: ReconcileReport,
  }),

  // ---- requesters
  'requesters.list': defineCall({
    summary: 'Requesters the owner labelled or blocked.',
    input: none,
    output: z.array(RequesterView),
  }),
  'requesters.label': defineCall({
    summary: 'Names a requester (null removes the label).',
    input: z.strictObject({ address: AddressString, label: z.string().max(200).nullable() }),
    output: RequesterView,
  }),
  'requesters.block': defineCall({
    summary: 'Refuses every request from this requester.',
    input: requesterAddress,
    output: RequesterView,
  }),
  'requesters.unblock': defineCall({
    summary: 'Accepts requests from this requester again.',
    input: requesterAddress,
    output: RequesterView,
  }),

  // ---- audit
  'audit.verify': defineCall({
    summary: 'Checks the audit log’s hash chain; a break is the AUDIT_LOG_BROKEN error.',
    input: none,
    output: AuditVerification,
  }),
  'audit.list': defineCall({
    summary: 'Audit entries, oldest first, optionally about one subject.',
    input: z.strictObject({
      subject: z.string().min(1).max(200).optional(),
      afterSeq: wholeNumber(0, Number.MAX_SAFE_INTEGER).optional(),
      limit: wholeNumber(1, 1000).optional(),
    }),
    output: z.array(AuditEntry),
  }),

  // ---- chain
  'chain.status': defineCall({
    summary: 'Network, contract, wallet account, balances, block and lease counts.',
    input: none,
    output: ChainStatus,
  }),
  'chain.withdraw': defineCall({
    summary: "Pays the wallet account's earnings out of the contract: the whole balance in `token` (zero address: native currency), or in every token with a balance.",
    input: z.strictObject({ token: AddressString.optional() }),
    output: WithdrawResult,
  }),
  'chain.use': defineCall({
    summary: 'Switches to the embedded chain or a configured network, after checking it answers and has the contract.',
    input: z.strictObject({ network: NetworkInput }),
    output: ChainInUse,
  }),
  'chain.deploy': defineCall({
    summary: 'For operators: deploys DataLease to a network, paid by the given key (not stored).',
    input: z.strictObject({
      rpcUrl: z.string().min(1).max(2000),
      chainId: wholeNumber(1, Number.MAX_SAFE_INTEGER),
      privateKey: z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'must be 0x followed by 64 hex digits'),
    }),
    output: Deployment,
  }),

  // ---- training (the lease's task runs here; only a signed DP update leaves)
  'training.preview': defineCall({
    summary: 'Fetches and checks the task of a lease link (before approving) or of a lease, and shows what would be read and what would leave; nothing is sent.',
    input: z.union([z.strictObject({ link: leaseLink }), z.strictObject({ leaseId: trainingLeaseId })]),
    output: TaskPreview,
  }),
  'training.train': defineCall({
    summary: 'Runs a lease’s task now (DP-SGD on the leased data). With wait, answers when the job has ended.',
    input: z.strictObject({ leaseId: trainingLeaseId, taskFile: z.string().min(1).max(4096).optional(), wait: z.boolean().optional() }),
    output: TrainingJob,
  }),
  'training.jobs': defineCall({
    summary: 'Training jobs, newest first.',
    input: z.strictObject({ limit: z.number().int().min(1).max(1000).optional() }),
    output: z.array(TrainingJob),
  }),
  'training.job': defineCall({ summary: 'One training job.', input: z.strictObject({ id: jobId }), output: TrainingJob }),
  'training.cancel': defineCall({ summary: 'Stops a running job; nothing is sent.', input: z.strictObject({ id: jobId }), output: TrainingJob }),
  'training.send': defineCall({
    summary: 'Sends a reviewed result to the requester (or saves it to a file) and records its hash on the chain.',
    input: z.strictObject({ id: jobId, toFile: z.string().min(1).max(4096).optional() }),
    output: TrainingJob,
  }),
  'training.discard': defineCall({ summary: 'Deletes a result awaiting review without sending it.', input: z.strictObject({ id: jobId }), output: TrainingJob }),
  'training.leaseSettings': defineCall({
    summary: 'Reads or changes a lease’s training settings: review before sending, the owner’s own ε cap (× 1000).',
    input: z.strictObject({ leaseId: trainingLeaseId, review: z.boolean().optional(), maxEpsilonMilli: z.number().int().min(0).max(4_294_967_295).nullable().optional() }),
    output: LeaseTrainingSettings,
  }),
  // ---- privacy
  'privacy.epsilon': defineCall({
    summary: 'ε the wallet’s RDP accountant charges for DP-SGD with Poisson sampling (as TensorFlow Privacy’s compute_dp_sgd_privacy).',
    input: z.strictObject({
      /** Examples N. */
      n: wholeNumber(1, Number.MAX_SAFE_INTEGER),
      /** Expected batch size B (sampling rate B/N). */
      batchSize: wholeNumber(1, Number.MAX_SAFE_INTEGER),
      noiseMultiplier: z.number().min(0.01, 'must be a number from 0.01 to 10000').max(10_000, 'must be a number from 0.01 to 10000'),
      epochs: z.number().positive('must be a number above 0').max(1_000_000, 'must be at most 1000000'),
      delta: z.number().positive('must be a number between 0 and 1').lt(1, 'must be a number between 0 and 1'),
    }),
    output: z.object({ epsilon: z.number(), order: z.number(), steps: z.number().int() }),
  }),
} as const;

export type ApiCalls = typeof apiCalls;
export type ApiCallName = keyof ApiCalls;

// ---------------------------------------------------------------- events

const leaseChange = z.object({
  /** Request id. */
  id: z.string(),
  leaseId: z.string().nullable(),
  status: LeaseStatus,
});

export const apiEvents = {
  'vault.unlocked': defineEvent({ summary: 'The vault was unlocked (chain and scheduler started).', payload: VaultStatus }),
  'vault.locked': defineEvent({
    summary: 'The vault was locked (chain and scheduler stopped).',
    payload: z.object({ reason: z.enum(['user', 'closed']) }),
  }),
  'data.importProgress': defineEvent({ summary: 'Progress of the running import.', payload: ImportProgressEvent }),
  'data.changed': defineEvent({
    summary: 'Datasets changed: an import finished or a dataset was erased.',
    payload: z.object({ cause: z.enum(['import', 'erase']), kind: z.string().nullable() }),
  }),
  'requests.received': defineEvent({ summary: 'A lease request was received and stored as pending.', payload: InspectedRequest }),
  'leases.changed': defineEvent({ summary: 'A lease changed state (granted, revoked, expired, settled, reconciled).', payload: leaseChange }),
  'leases.reconciled': defineEvent({
    summary: 'Reconciliation with the chain ran (on unlock, after a chain restart, on request).',
    payload: z.object({ trigger: z.enum(['unlock', 'chain-restart', 'request']), report: ReconcileReport }),
  }),
  'chain.failed': defineEvent({ summary: 'The embedded chain stopped and could not be restarted.', payload: serializedErrorSchema }),
  'training.progress': defineEvent({ summary: 'Progress of the running training job.', payload: z.object({ jobId: z.string(), progress: JobProgress }) }),
  'training.job': defineEvent({ summary: 'A training job changed state.', payload: z.object({ jobId: z.string(), state: JobState }) }),
  'leases.paused': defineEvent({ summary: '"Pause all leases" was turned on or off in this process.', payload: PauseState }),
  'leases.expiring': defineEvent({ summary: 'An active lease ends within the owner’s notice time (once per lease).', payload: LeaseExpiring }),
  'settings.changed': defineEvent({ summary: 'The wallet settings were changed in this process.', payload: WalletSettingsValues }),
  'wallet.error': defineEvent({ summary: 'A background task (scheduler, reconciliation) failed.', payload: serializedErrorSchema }),
} as const;

export type ApiEvents = typeof apiEvents;
export type ApiEventName = keyof ApiEvents;
