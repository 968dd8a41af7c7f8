/**
 * Runs an embedded chain in a separate process, to play "another app
 * instance" or "an app that was killed with kill -9" in the lifecycle tests.
 * Usage: node --import tsx test/helpers/chain-child.ts <dataDir>
 * Prints one JSON line {"pid":<anvil pid>} when ready, then waits.
 */
import { startEmbeddedChain } from '../../electron/core/chain/embedded-chain.js';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: chain-child.ts <dataDir>');
const chain = await startEmbeddedChain({ dataDir, autoRestart: false, stateIntervalSeconds: 1 });
process.stdout.write(`${JSON.stringify({ pid: chain.pid() })}\n`);
process.on('SIGTERM', () => {
  void chain.stop().then(() => process.exit(0));
});
setInterval(() => {}, 1 << 30);
