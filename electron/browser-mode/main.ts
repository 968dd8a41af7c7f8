/**
 * `node dist/electron/browser-mode/main.js [--data-dir <dir>] [--port <n>]`:
 * runs browser mode and prints the address to open (it holds the access key:
 * treat it like a password). `npm start` uses this when Electron cannot run.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isWalletError } from '../../shared/errors/wallet-error.js';
import { defaultDataDir } from '../core/paths.js';
import { runBrowserMode } from './serve.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const appRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
try {
  const mode = await runBrowserMode({
    dataDir: resolve(arg('--data-dir') ?? defaultDataDir()),
    rendererDir: join(appRoot, 'renderer', 'dist'),
    allowMissingRenderer: process.argv.includes('--api-only'),
    ...(arg('--port') !== undefined && { port: Number(arg('--port')) }),
  });
  process.stdout.write(`${JSON.stringify({ url: mode.host.url })}\n`);
  const stop = () => void mode.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (e) {
  process.stderr.write(`${isWalletError(e) ? e.toString() : 'Browser mode could not start.'}\n`);
  process.exit(1);
}
