/**
 * electron/core/training: the lease's task comes to the data; only a signed,
 * differentially private model update leaves, through one egress function.
 * See README.md in this folder.
 */
import { computeEpsilon, noiseMultiplierFor, startTrainingJob } from './engine/index.js';
import type { TrainingEngine } from './engine-port.js';

/** The wallet's training engine (DP-SGD in a worker thread). */
export const defaultTrainingEngine: TrainingEngine = { startTrainingJob, computeEpsilon, noiseMultiplierFor };

export type { TrainingEngine } from './engine-port.js';
export { TrainingService, type JobView, type JobSummary, type JobProgressView, type TrainingEvent, type TrainOptions, type LeaseTrainingSettings } from './training-service.js';
export { previewTask, type TaskPreview, type PreviewTerms } from './preview-task.js';
export { egressLedger, type EgressLedgerEntry } from './result/egress.js';
export { leaseTerms, type LeaseTerms } from './lease-terms.js';
export { readTrainingCaps, writeTrainingCaps, DEFAULT_TRAINING_CAPS, type TrainingCaps } from './task/caps.js';
export { STRICT_POLICY, type AddressPolicy } from './net/address-policy.js';
export * from './errors.js';
