/**
 * What the training runner needs to know about a lease: its granted scope
 * (from the lease service) and the signed request's taskUrl and privacy
 * budget.
 */
import type { Address } from 'viem';
import { leaseRequestFromJson, type leaseRequestToJson } from '../../../shared/lease/request.js';
import type { LeaseService, LeaseStatus } from '../leases/lease-service.js';
import { getRequest } from '../leases/store.js';
import type { Vault } from '../vault/index.js';
import type { LeaseScope } from './features/build-features.js';

export interface LeaseTerms extends LeaseScope {
  /** The request digest. */
  id: `0x${string}`;
  status: LeaseStatus;
  requester: Address;
  requesterName: string;
  taskUrl: string;
  maxEpsilonMilli: number;
  /** Unix ms; null when not granted yet. */
  expiresAt: number | null;
}

export function leaseTerms(vault: Vault, leases: LeaseService, leaseId: string): LeaseTerms {
  const view = leases.get(leaseId);
  const row = vault.withDatabase((db) => getRequest(db, view.id), { write: false });
  if (!row) throw new Error('lease without its request');
  const message = leaseRequestFromJson(JSON.parse(row.message) as ReturnType<typeof leaseRequestToJson>);
  return {
    id: view.id,
    leaseId: view.leaseId ?? leaseId,
    status: view.status,
    requester: view.requester,
    requesterName: view.requesterName,
    datasets: view.terms.datasets,
    dataFrom: BigInt(view.terms.dataFrom),
    dataTo: BigInt(view.terms.dataTo),
    taskUrl: message.taskUrl,
    maxEpsilonMilli: message.maxEpsilonMilli,
    expiresAt: view.expiresAt,
  };
}
