import { WalletError, type WalletErrorContext } from '../core/errors.js';

/** Browser mode was asked to listen on an address other than loopback. */
export class BrowserHostAddressError extends WalletError {
  override readonly name = 'BrowserHostAddressError' as const;
  readonly code = 'BROWSER_HOST_NOT_LOOPBACK' as const;
  constructor(address: string, context: WalletErrorContext = {}) {
    super(`Browser mode listens only on 127.0.0.1, not on "${address.slice(0, 100)}".`, {
      ...context,
      hint: 'Leave the address unset; the wallet must never be reachable from another computer.',
    });
  }
}

/** The renderer build to serve is missing. */
export class RendererBuildMissingError extends WalletError {
  override readonly name = 'RendererBuildMissingError' as const;
  readonly code = 'RENDERER_BUILD_MISSING' as const;
  constructor(context: WalletErrorContext = {}) {
    super('The user interface has not been built yet.', {
      ...context,
      hint: 'Build the renderer first (the setup script does it), then start the wallet again.',
    });
  }
}
