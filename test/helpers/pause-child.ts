/**
 * Another process on the same vault (as the CLI or the tray agent would be):
 * opens the wallet of `root`, unlocks it, pauses or resumes all leases
 * through the API router, prints the state and exits. The chain is not
 * started (start: demand), like the CLI.
 * Usage: node --import tsx test/helpers/pause-child.ts <root> <pause|resume>
 */
import { createApiRouter } from '../../electron/core/api/index.js';
import { openWallet } from '../../electron/core/wallet/index.js';
import { PASSPHRASE, TEST_OPTIONS } from './vault-fixtures.js';

const [root, action] = process.argv.slice(2);
if (!root || (action !== 'pause' && action !== 'resume')) throw new Error('usage: pause-child.ts <root> <pause|resume>');
const wallet = await openWallet({ dataDir: root, vault: TEST_OPTIONS, chain: { start: 'demand' } });
const router = createApiRouter(wallet);
const unlocked = await router.invoke('vault.unlock', { passphrase: PASSPHRASE });
if (!unlocked.ok) throw new Error(unlocked.error.code);
const result = await router.invoke(action === 'pause' ? 'leases.pause' : 'leases.resume', {});
process.stdout.write(`${JSON.stringify(result)}\n`);
await wallet.close();
