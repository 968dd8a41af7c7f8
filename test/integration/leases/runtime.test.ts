/**
 * openLeaseRuntime as the app and the CLI use it: reconcile on start, and a
 * stop() that leaves no Anvil behind.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openLeaseRuntime, type LeaseRuntimeEvent } from '../../../electron/core/leases/open-lease-runtime.js';
import { createVault } from '../../../electron/core/vault/index.js';
import { makeTempDir } from '../../helpers/chain-fixture.js';
import { PASSPHRASE, TEST_OPTIONS } from '../../helpers/vault-fixtures.js';

it('starts, reconciles, and stops without leaving Anvil behind', async () => {
  const root = makeTempDir('dw-runtime-');
  const { vault } = await createVault(join(root, 'vault'), PASSPHRASE, TEST_OPTIONS);
  try {
    const events: LeaseRuntimeEvent[] = [];
    const rt = await openLeaseRuntime({ vault, dataDir: root, onEvent: (e) => events.push(e) });
    expect(events).toEqual([{ type: 'reconciled', trigger: 'start', report: { found: [], resubmitted: [], updated: [], missing: [], unconfirmed: [] } }]);
    expect(rt.chain.kind).toBe('embedded');
    const pid = rt.chain.embedded!.pid()!;
    await rt.stop();
    await rt.stop(); // idempotent
    expect(() => process.kill(pid, 0)).toThrow(); // Anvil is gone
  } finally {
    vault.lock();
    rmSync(root, { recursive: true, force: true });
  }
});
