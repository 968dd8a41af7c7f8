/**
 * Plays a wallet app that is killed with kill -9 while approving: `after`
 * the grant transaction was mined and before its result was stored (prints
 * {"leaseId":"…"}), or `before` it was sent (prints {}). Its Anvil is left
 * orphaned, as after a real crash. `wait`: approves and waits (the parent
 * kills it, e.g. while the grant sits in the mempool of a chain with
 * automine off).
 * Usage: node --import tsx test/helpers/lease-child.ts <root> <link> <after|before|wait>
 */
import { join } from 'node:path';
import { AuditLog } from '../../electron/core/audit/index.js';
import { LeaseService } from '../../electron/core/leases/lease-service.js';
import { openWalletChain } from '../../electron/core/chain/wallet-chain.js';
import { unlockVault } from '../../electron/core/vault/index.js';
import { PASSPHRASE, TEST_OPTIONS } from './vault-fixtures.js';

const [root, link, when] = process.argv.slice(2);
if (!root || !link || (when !== 'after' && when !== 'before' && when !== 'wait')) throw new Error('usage: lease-child.ts <root> <link> <after|before|wait>');
const die = (line: object): Promise<never> => {
  process.stdout.write(`${JSON.stringify(line)}\n`, () => process.kill(process.pid, 'SIGKILL'));
  return new Promise(() => {}); // never goes on
};
const vault = await unlockVault(join(root, 'vault'), { passphrase: PASSPHRASE }, TEST_OPTIONS);
const chain = await openWalletChain({ vault, dataDir: root, readBlockTag: 'latest', embedded: { autoRestart: false, stateIntervalSeconds: 3600 } });
const latest = await chain.ctx.publicClient.getBlock({ blockTag: 'latest' });
const now = () => Number(latest.timestamp) * 1000;
const service = new LeaseService({
  vault,
  chain,
  audit: new AuditLog(vault, now),
  now,
  hooks:
    when === 'after'
      ? { afterGrantSent: (granted) => die({ leaseId: granted.leaseId.toString() }) }
      : when === 'before'
        ? { beforeGrantSent: () => die({}) }
        : {},
});
await service.approve(link);
