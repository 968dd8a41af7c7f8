import { describe, expect, expectTypeOf, it } from 'vitest';
import type { AuditEntry as CoreAuditEntry } from '../../../electron/core/audit/types.js';
import type { AggregateBucket as CoreAggregateBucket, RecordsPage as CoreRecordsPage } from '../../../electron/core/vault/index.js';
import type {
  InspectedRequest as CoreInspectedRequest,
  LeaseView as CoreLeaseView,
  ReconcileReport as CoreReconcileReport,
  RequesterView as CoreRequesterView,
} from '../../../electron/core/leases/lease-service.js';
import { apiCalls, apiEvents } from '../../../shared/api/contract.js';
import type { AuditEntry } from '../../../shared/domain/audit.js';
import type { InspectedRequest, LeaseView, ReconcileReport, RequesterView } from '../../../shared/domain/leases.js';
import type { AggregateBucket, RecordsPage } from '../../../shared/domain/vault.js';

describe('API contract', () => {
  it('names every call area.verb with a one-line summary', () => {
    const names = Object.keys(apiCalls);
    expect(names.length).toBeGreaterThanOrEqual(30);
    for (const [name, def] of Object.entries(apiCalls)) {
      expect(name).toMatch(/^[a-z]+\.[a-z][A-Za-z]+$/);
      expect(def.summary.length).toBeGreaterThan(10);
      expect(def.summary).not.toMatch(/data-wallet |--[a-z]/); // no CLI syntax
    }
    for (const [name, def] of Object.entries(apiEvents)) {
      expect(name).toMatch(/^[a-z]+\.[a-z][A-Za-z]+$/);
      expect(def.summary.length).toBeGreaterThan(10);
    }
  });

  it('refuses unknown input keys and non-objects for every call', () => {
    for (const [name, def] of Object.entries(apiCalls)) {
      expect(def.input.safeParse(null).success, name).toBe(false);
      expect(def.input.safeParse('x').success, name).toBe(false);
      expect(def.input.safeParse({ __proto__x: 1, unexpectedKey: 1 }).success, name).toBe(false);
    }
  });

  it('offers every operation the CLI has', () => {
    for (const name of [
      'vault.status', 'vault.create', 'vault.unlock', 'vault.lock', 'vault.changePassphrase', 'vault.recover', 'vault.rotateKey',
      'data.import', 'data.datasets', 'data.records', 'data.aggregate', 'data.export', 'data.erase',
      'requests.inspect', 'requests.approve', 'requests.decline',
      'leases.list', 'leases.show', 'leases.revoke', 'leases.receipt',
      'requesters.list', 'requesters.label', 'requesters.block', 'requesters.unblock',
      'audit.verify', 'audit.list', 'chain.status', 'chain.withdraw', 'chain.use', 'chain.deploy',
    ]) {
      expect(apiCalls).toHaveProperty([name]);
    }
  });

  it('the core result types fit the shared schemas (compile-time)', () => {
    expectTypeOf<CoreLeaseView>().toExtend<LeaseView>();
    expectTypeOf<CoreInspectedRequest>().toExtend<InspectedRequest>();
    expectTypeOf<CoreReconcileReport>().toExtend<ReconcileReport>();
    expectTypeOf<CoreRequesterView>().toExtend<RequesterView>();
    expectTypeOf<CoreAuditEntry>().toExtend<AuditEntry>();
    expectTypeOf<CoreRecordsPage>().toExtend<RecordsPage>();
    expectTypeOf<CoreAggregateBucket[]>().toExtend<AggregateBucket[]>();
  });
});
