/**
 * Property tests: any sequence of appends verifies; any single tamper on top
 * of it (edit any column, remove, renumber, swap, truncate, forge) does not.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_ENTRY_TYPES, AuditLog, type AuditEntryInput, type AuditJson } from '../../../electron/core/audit/index.js';
import { createVault, type Vault } from '../../../electron/core/vault/index.js';
import { PASSPHRASE, tempVaultDir, TEST_OPTIONS } from '../../helpers/vault-fixtures.js';
import { appendUnlinked, edit, insertForged, remove, removeAndRenumber, resetLog, swap, tamper, truncate } from './tamper.js';

const entryArb: fc.Arbitrary<AuditEntryInput> = fc.record(
  {
    type: fc.constantFrom(...AUDIT_ENTRY_TYPES),
    // Printable ASCII subjects (the log refuses control characters).
    subject: fc.string({ minLength: 1, maxLength: 40, unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) }),
    data: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<AuditJson>, { maxKeys: 4 }),
  },
  { requiredKeys: ['type', 'data'] },
);

type Tamper = { name: string; minEntries: number; apply: (vault: Vault, n: number, pick: number, pick2: number) => void };

/** `pick`/`pick2` are in [0, 1); each tamper turns them into positions valid for n entries. */
const at = (n: number, pick: number) => 1 + Math.floor(pick * n);
const TAMPERS: Tamper[] = [
  ...Object.entries(edit).map(([field, change]) => ({
    name: `edit ${field}`,
    minEntries: 1,
    apply: (vault: Vault, n: number, pick: number) => change(vault, at(n, pick)),
  })),
  { name: 'remove', minEntries: 1, apply: (vault, n, pick) => remove(vault, at(n, pick)) },
  { name: 'remove and renumber', minEntries: 1, apply: (vault, n, pick) => removeAndRenumber(vault, at(n, pick)) },
  {
    name: 'swap',
    minEntries: 2,
    apply: (vault, n, pick, pick2) => {
      const a = at(n, pick);
      const b = 1 + ((a - 1 + 1 + Math.floor(pick2 * (n - 1))) % n); // any position but a
      swap(vault, a, b);
    },
  },
  { name: 'truncate', minEntries: 1, apply: (vault, n, pick) => truncate(vault, at(n, pick)) },
  { name: 'insert forged', minEntries: 1, apply: (vault, n, pick) => insertForged(vault, at(n + 1, pick)) },
  { name: 'append unlinked', minEntries: 0, apply: (vault) => appendUnlinked(vault) },
  {
    name: 'reorder data between entries',
    minEntries: 2,
    apply: (vault, n, pick) => {
      // Copy one entry's data into its neighbour (a "copy-paste" edit); identical data gets a trailing space.
      const a = Math.min(at(n, pick), n - 1);
      tamper(vault, (db) =>
        db
          .prepare(
            `UPDATE audit_log SET data = (SELECT CASE WHEN o.data = audit_log.data THEN o.data || ' ' ELSE o.data END
               FROM audit_log AS o WHERE o.seq = ?) WHERE seq = ?`,
          )
          .run(a + 1, a),
      );
    },
  },
];

describe('audit log properties', () => {
  let vault: Vault;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const t = await tempVaultDir();
    cleanup = t.cleanup;
    ({ vault } = await createVault(t.dir, PASSPHRASE, TEST_OPTIONS));
  });
  afterAll(async () => {
    vault.lock();
    await cleanup();
  });

  it('an untampered log always verifies, and lists back what was appended', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 12 }), fc.integer({ min: 0, max: 2 ** 40 }), (entries, start) => {
        resetLog(vault);
        let t = start;
        const log = new AuditLog(vault, () => t++);
        const written = entries.map((e) => log.append(e));
        const result = log.verify();
        expect(result).toMatchObject({ ok: true, count: entries.length });
        expect(log.list({ limit: 1000 })).toEqual(written);
        expect(written.map((e) => e.data)).toEqual(entries.map((e) => JSON.parse(JSON.stringify(e.data))));
      }),
      { numRuns: 60 },
    );
  });

  it('any single tamper is detected', () => {
    fc.assert(
      fc.property(
        fc.array(entryArb, { minLength: 1, maxLength: 10 }),
        fc.constantFrom(...TAMPERS),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (entries, change, pick, pick2) => {
          fc.pre(entries.length >= change.minEntries);
          resetLog(vault);
          let t = 1_700_000_000_000;
          const log = new AuditLog(vault, () => t++);
          for (const e of entries) log.append(e);
          change.apply(vault, entries.length, pick, pick2);
          const result = log.verify();
          expect(result.ok, `${change.name} went unnoticed`).toBe(false);
          if (!result.ok) {
            expect(result.seq).toBeGreaterThanOrEqual(1);
            expect(result.message.length).toBeGreaterThan(20);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
