import { migration001Initial } from './001-initial.js';
import { migration002AuditLog } from './002-audit-log.js';
import { migration003Leases } from './003-leases.js';
import { migration004LeaseGrantFlow } from './004-lease-grant-flow.js';
import { migration005ActivitySummaryDays } from './005-activity-summary-days.js';
import { migration006Training } from './006-training.js';
import { migration007Sources } from './007-sources.js';
import type { Migration } from './migration.js';

/** Every migration, in order. Append new ones; never edit or reorder. */
export const MIGRATIONS: readonly Migration[] = [
  migration001Initial,
  migration002AuditLog,
  migration003Leases,
  migration004LeaseGrantFlow,
  migration005ActivitySummaryDays,
  migration006Training,
  migration007Sources,
];

/** The schema version this build of the app writes. */
export const LATEST_SCHEMA_VERSION: number = MIGRATIONS.length;
