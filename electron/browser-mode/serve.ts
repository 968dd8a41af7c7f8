/**
 * Browser mode as a whole: the wallet for a data folder, its API router
 * behind the loopback host, the built renderer, and the link socket so that
 * `data-wallet open-link` reaches this instance. A forwarded lease link is
 * handed to the wallet (verified and stored as a pending request, which the
 * page learns from the `requests.received` event); while the vault is locked
 * it waits for the unlock.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { apiCalls } from '../../shared/api/contract.js';
import { walletClient } from '../../shared/api/wallet-client.js';
import { tryDecodeLeaseLink } from '../../shared/lease/link.js';
import { createApiRouter } from '../core/api/index.js';
import { coreErrorClasses } from '../core/error-classes.js';
import { listenForLinks, type LinkSocket } from '../core/instance/link-socket.js';
import { openWallet, type OpenWalletOptions } from '../core/wallet/index.js';
import { RendererBuildMissingError } from './errors.js';
import { startBrowserHost, type BrowserHost } from './host.js';

export interface BrowserModeOptions {
  dataDir: string;
  /** The built renderer (default: renderer/dist next to the app). */
  rendererDir: string;
  /** Serve the API even when the renderer is not built (tests). */
  allowMissingRenderer?: boolean;
  port?: number;
  wallet?: Omit<OpenWalletOptions, 'dataDir'>;
}

export interface BrowserMode {
  host: BrowserHost;
  links: LinkSocket;
  close(): Promise<void>;
}

export async function runBrowserMode(options: BrowserModeOptions): Promise<BrowserMode> {
  const hasRenderer = existsSync(join(options.rendererDir, 'index.html'));
  if (!hasRenderer && !options.allowMissingRenderer) throw new RendererBuildMissingError({ details: options.rendererDir });
  const wallet = await openWallet({ ...options.wallet, dataDir: options.dataDir, chain: { start: 'unlock', ...options.wallet?.chain } });
  const router = createApiRouter(wallet);
  const client = walletClient(router, { errorClasses: coreErrorClasses });
  const waiting: string[] = [];
  const receive = (link: string) => void client.call('requests.receive', { link }).catch(() => {});
  const offUnlock = router.subscribe((e) => {
    if (e.event === 'vault.unlocked') waiting.splice(0).forEach(receive);
  });
  let host: BrowserHost | null = null;
  let links: LinkSocket;
  try {
    host = await startBrowserHost({
      transport: router,
      calls: apiCalls,
      ...(hasRenderer && { staticDir: options.rendererDir }),
      ...(options.port !== undefined && { port: options.port }),
    });
    links = await listenForLinks({
      dataDir: options.dataDir,
      mode: 'browser',
      onLink: async (link) => {
        const decoded = tryDecodeLeaseLink(link);
        if (!decoded.ok) return { ok: false, message: decoded.error.shortMessage };
        if (!(await client.call('vault.status', {})).unlocked) {
          waiting.push(link);
          return { ok: true };
        }
        try {
          await client.call('requests.receive', { link });
          return { ok: true };
        } catch (e) {
          return { ok: false, message: e instanceof Error ? e.toString() : 'the wallet could not take the link' };
        }
      },
    });
  } catch (e) {
    await host?.close();
    offUnlock();
    await wallet.close();
    throw e;
  }
  const started = { host, links };
  return {
    ...started,
    async close() {
      offUnlock();
      await started.links.close();
      await started.host.close();
      await wallet.close();
    },
  };
}
