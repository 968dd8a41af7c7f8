/**
 * The CLI's own wording for wallet errors. The core's hints describe the
 * action in words; here each code may get the command or flag that does it.
 * Anything not listed keeps the core's hint.
 */
import type { WalletError } from '../../shared/errors/wallet-error.js';

const SEE_LEASES = 'See your leases with: data-wallet leases';

const HINTS: Record<string, (e: WalletError) => string | undefined> = {
  LEASE_NOT_FOUND: () => SEE_LEASES,
  LEASE_REQUEST_NOT_FOUND: () => 'Pass the lease link itself, or a request id shown by data-wallet leases.',
  REQUEST_ALREADY_DECIDED: (e) => (/declined/.test(e.shortMessage) ? e.hint : SEE_LEASES),
  GRANT_UNCONFIRMED: () => 'Nothing is lost: the wallet checks the chain again on its next start (or run data-wallet leases) and never sends it twice.',
  REVOKE_UNCONFIRMED: () => 'Access to your data has stopped already; the wallet checks the chain again on its next start (or run data-wallet leases).',
  NETWORK_CONFIG_INVALID: () => 'Set it again with: data-wallet chain use --rpc URL --chain-id N --contract ADDRESS (or: chain use embedded).',
  ANVIL_NOT_INSTALLED: () => 'Run "npm run setup" again. Anvil ships in @foundry-rs/anvil and its per-platform package; a configured network can be used instead.',
  CHAIN_START_FAILED: () => 'Try again. If it keeps failing, run with --debug and report the details; your leases are kept in the chain folder.',
  CONTRACT_NOT_DEPLOYED: () => 'Check the contract address (data-wallet chain status), or deploy one with: data-wallet deploy',
  LEASE_REQUEST_REFUSED: (e) => e.hint?.replace('shown in the chain status', 'data-wallet chain status shows it'),
  RECEIPT_UNAVAILABLE: (e) => e.hint,
};

/** The hint to print for an error: the CLI's wording for its code, else the error's own. */
export function cliHint(e: WalletError): string | undefined {
  const own = HINTS[e.code];
  return own ? own(e) : e.hint;
}

/** One line for a person: message and hint. */
export function cliLine(e: WalletError): string {
  const hint = cliHint(e);
  if (!hint) return e.shortMessage;
  const sep = /[.!?:)]$/.test(e.shortMessage) ? ' ' : '. ';
  return `${e.shortMessage}${sep}${hint}`;
}
