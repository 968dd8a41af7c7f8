/**
 * The CLI's own wording for wallet errors. The core's hints describe the
 * action in words; here each code may get the command or flag that does it.
 * Anything not listed keeps the core's hint.
 */
import type { WalletError } from '../../shared/errors/wallet-error.js';
import {
  CHOOSE_FORMAT_SENTENCE,
  CHOOSE_OTHER_FORMAT_SENTENCE,
  CHOOSE_TIME_COLUMN_SENTENCE,
  CHOOSE_VALUE_FIELDS_SENTENCE,
  mappingFieldOf,
  type MappingField,
} from '../../shared/errors/import-hints.js';

const SEE_LEASES = 'See your leases with: data-wallet leases';

/** The importers' sentences about choosing, said with the import command's flags. */
const IMPORT_SENTENCES: readonly (readonly [string, string])[] = [
  [CHOOSE_FORMAT_SENTENCE, 'If the file is one of them, choose it with --format <name>.'],
  [CHOOSE_OTHER_FORMAT_SENTENCE, 'if it is a different format, choose it with --format.'],
  [CHOOSE_TIME_COLUMN_SENTENCE, 'If the wrong column was taken as the time, name the right one with --timestamp (and --time-format).'],
  [CHOOSE_VALUE_FIELDS_SENTENCE, 'List the value fields to import with --value, or give every object the same fields.'],
];

const importHint = (e: WalletError): string | undefined =>
  IMPORT_SENTENCES.reduce<string | undefined>((h, [core, cli]) => h?.replace(core, cli), e.hint);

/** IMPORT_MAPPING by the mapping field it is about (see mappingFieldOf). */
const MAPPING_HINTS: Record<MappingField, (hint: string) => string> = {
  kind: () => 'Name the dataset with --kind (for example --kind steps).',
  timestamp: (h) => `${h} Name the time column with --timestamp <column> (and its format with --time-format).`,
  timestampEnd: (h) => `${h} Name the end time column with --timestamp-end <column>.`,
  value: (h) => `${h} Name the value columns with --value <column> (and the time column with --timestamp).`,
  format: (h) => `${h} Choose the format with --format <name>.`,
  timeFormat: (h) => `${h} Choose the time format with --time-format.`,
};

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
  LEASES_PAUSED: () => 'Run data-wallet resume to let active leases use your data again. No lease was revoked.',
  EPSILON_ABOVE_LIMIT: () => 'Approve it with --max-epsilon at or below your limit, or decline it.',
  IMPORT_MAPPING: (e) => {
    const field = mappingFieldOf(e);
    return field && e.hint !== undefined ? MAPPING_HINTS[field](e.hint) : e.hint;
  },
  IMPORT_FORMAT: importHint,
  IMPORT_UNKNOWN_FORMAT: importHint,
  IMPORT_BINARY_FILE: importHint,
  IMPORT_UNSUPPORTED_TIMESTAMP: importHint,
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
