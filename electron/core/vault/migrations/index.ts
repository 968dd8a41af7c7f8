import { migration001Initial } from './001-initial.js';
import { migration002AuditLog } from './002-audit-log.js';
import { migration003Leases } from './003-leases.js';
import { migration004Training } from './004-training.js';
import type { Migration } from './migration.js';

/** Every migration, in order. Append new ones; never edit or reorder. */
export const MIGRATIONS: readonly Migration[] = [migration001Initial, migration002AuditLog, migration003Leases, migration004Training];

/** The schema version this build of the app writes. */
export const LATEST_SCHEMA_VERSION: number = MIGRATIONS.length;
