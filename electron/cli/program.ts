import { Command, CommanderError, Option } from 'commander';
import { defaultVaultDir } from '../core/wallet/index.js';
import { datasetsCommand, eraseCommand, exportCommand, importCommand, recordsCommand } from './commands/data.js';
import { changePassphraseCommand, initCommand, recoverCommand, rotateKeyCommand } from './commands/vault.js';
import { registerPrivacyCommands } from './commands/privacy.js';
import { registerTrainingCommands } from './commands/training.js';
import type { CliContext } from './context.js';
import { describeError, errorJson, exitCodeOf } from './errors.js';
import type { CliIo } from './io.js';
import { withSession } from './session.js';

const leases = () => import('./commands/leases.js');

const FORMATS = ['auto', 'csv', 'json', 'ndjson', 'apple-health', 'google-location'];

function buildProgram(io: CliIo, run: (fn: (ctx: CliContext) => Promise<void>) => Promise<void>): Command {
  const program = new Command('data-wallet')
    .description('Your personal data, encrypted on your own disk.')
    .option('--vault <dir>', 'vault folder', defaultVaultDir(io.env))
    .option('--json', 'machine-readable output')
    .option('--debug', 'print stack traces on errors')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride();

  program
    .command('init')
    .description('create a new encrypted vault and print its recovery key once')
    .action(() => run(initCommand));

  program
    .command('import')
    .description('import a file: CSV, JSON/NDJSON, Apple Health export.zip/export.xml, Google location history (a file, or a whole Takeout .zip or folder)')
    .argument('<file>', 'the file, or a Google Takeout .zip or extracted folder')
    .addOption(new Option('--format <format>', 'input format').choices(FORMATS).default('auto'))
    .option('--kind <kind>', 'dataset kind for CSV/JSON (default: file name)')
    .option('--timestamp <column>', 'CSV/JSON column with the (start) time')
    .option('--timestamp-end <column>', 'CSV/JSON column with the end time')
    .option('--value <column...>', 'CSV/JSON value column(s)')
    .option('--unit <unit>', 'unit of the values')
    .addOption(new Option('--time-format <f>', 'how times are written').choices(['auto', 'iso', 'epoch-s', 'epoch-ms']))
    .action((file: string, flags) => run((ctx) => importCommand(ctx, file, flags)));

  program
    .command('datasets')
    .description('list datasets with record counts and time span')
    .action(() => run(datasetsCommand));

  program
    .command('records')
    .description('show records of one dataset')
    .argument('<kind>')
    .option('--from <time>', 'start (ISO-8601 or unix time), inclusive')
    .option('--to <time>', 'end (ISO-8601 or unix time), exclusive')
    .option('--limit <n>', 'at most this many records (1–10000)', '100')
    .action((kind: string, flags) => run((ctx) => recordsCommand(ctx, kind, flags)));

  program
    .command('export')
    .description('export one dataset or everything (GDPR portability)')
    .argument('[kind]')
    .option('--all', 'export every dataset')
    .addOption(new Option('--format <format>', 'output format').choices(['csv', 'json']).makeOptionMandatory())
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .action((kind: string | undefined, flags) => run((ctx) => exportCommand(ctx, kind, flags)));

  program
    .command('erase')
    .description('erase a dataset for good (GDPR erasure)')
    .argument('<kind>')
    .option('--yes', 'confirm')
    .action((kind: string, flags) => run((ctx) => eraseCommand(ctx, kind, flags)));

  program
    .command('passphrase')
    .description('manage the vault passphrase')
    .command('change')
    .description('change the passphrase (your data is not re-encrypted)')
    .action(() => run(changePassphraseCommand));

  program
    .command('recover')
    .description('set a new passphrase using the recovery key')
    .action(() => run(recoverCommand));

  program
    .command('rotate-key')
    .description('re-encrypt the vault with a new data key and issue a new recovery key')
    .action(() => run(rotateKeyCommand));

  program
    .command('recovery-key')
    .description('the recovery key')
    .command('new')
    .description('issue a new recovery key (the old one stops working); use it when the vault has none')
    .action(() => run(async (ctx) => (await import('./commands/recovery-key.js')).newRecoveryKeyCommand(ctx)));

  const request = program.command('request').description('lease requests from deep links (datawallet://lease-request?r=…)');
  request
    .command('inspect')
    .description('decode and verify a lease link; shows the terms, the requester and what its task would read and send (nothing is stored or sent)')
    .argument('<link>')
    .option('--no-preview', 'do not fetch and check the request’s task')
    .action((link: string, flags: { preview?: boolean }) => run(async (ctx) => (await leases()).requestInspectCommand(ctx, link, flags)));
  request
    .command('approve')
    .description('grant a lease link (or a stored request id), optionally narrowed')
    .argument('<link-or-id>')
    .option('--duration <seconds>', 'grant a shorter lease (seconds)')
    .option('--datasets <kinds>', 'grant only these of the requested datasets (comma-separated)')
    .option('--from <time>', 'grant only records from this time on (ISO-8601 or unix time), inclusive')
    .option('--to <time>', 'grant only records before this time (ISO-8601 or unix time), exclusive')
    .option('--max-epsilon <epsilon>', 'grant a smaller privacy budget ε than requested (e.g. 1.5)')
    .action((ref: string, flags) => run(async (ctx) => (await leases()).requestApproveCommand(ctx, ref, flags)));
  request
    .command('decline')
    .description('decline a lease link (or a stored request id) for good')
    .argument('<link-or-id>')
    .action((ref: string) => run(async (ctx) => (await leases()).requestDeclineCommand(ctx, ref)));

  program
    .command('leases')
    .description('list leases and pending requests with their status (local records and chain)')
    .action(() => run(async (ctx) => (await leases()).leasesCommand(ctx)));

  program
    .command('pause')
    .description('pause all leases: no lease may read your data until you resume (nothing is revoked)')
    .action(() => run(async (ctx) => (await import('./commands/pause.js')).pauseCommand(ctx, true)));
  program
    .command('resume')
    .description('resume leases after a pause')
    .action(() => run(async (ctx) => (await import('./commands/pause.js')).pauseCommand(ctx, false)));

  const lease = program.command('lease').description('one lease');
  lease
    .command('show')
    .argument('<id>', 'lease id or request id')
    .description('show one lease')
    .action((ref: string) => run(async (ctx) => (await leases()).leaseShowCommand(ctx, ref)));
  lease
    .command('revoke')
    .argument('<id>', 'lease id or request id')
    .description('end an active lease now (you are paid for the time it ran)')
    .action((ref: string) => run(async (ctx) => (await leases()).leaseRevokeCommand(ctx, ref)));

  program
    .command('receipt')
    .description('export the consent receipt (JSON) of a decided request or lease')
    .argument('<ref>', 'lease id or request id')
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .action((ref: string, flags: { output?: string }) => run(async (ctx) => (await leases()).receiptCommand(ctx, ref, flags)));

  const requester = program.command('requester').description('labels and the block list');
  requester
    .command('block')
    .argument('<address>')
    .description('refuse every request from this requester')
    .action((address: string) => run(async (ctx) => (await leases()).requesterCommand(ctx, 'block', address)));
  requester
    .command('unblock')
    .argument('<address>')
    .description('accept requests from this requester again')
    .action((address: string) => run(async (ctx) => (await leases()).requesterCommand(ctx, 'unblock', address)));
  requester
    .command('label')
    .argument('<address>')
    .argument('<name>')
    .description('name a requester you know')
    .action((address: string, name: string) => run(async (ctx) => (await leases()).requesterCommand(ctx, 'label', address, name)));

  const audit = program.command('audit').description('the audit log');
  audit
    .command('verify')
    .description('check the hash chain of the audit log')
    .action(() => run(async (ctx) => (await leases()).auditVerifyCommand(ctx)));
  audit
    .command('list')
    .description('show audit entries, oldest first')
    .option('--subject <subject>', 'only entries about this request id, lease or address')
    .option('--limit <n>', 'at most this many (1–1000)', '100')
    .action((flags: { subject?: string; limit?: string }) => run(async (ctx) => (await leases()).auditListCommand(ctx, flags)));

  const chain = program.command('chain').description('the chain leases are granted on');
  chain
    .command('status')
    .description('network, contract, wallet account, balances and lease counts')
    .action(() => run(async (ctx) => (await leases()).chainStatusCommand(ctx)));
  chain
    .command('use')
    .description('use the embedded chain ("embedded") or a configured network (--rpc --chain-id --contract)')
    .argument('[embedded]')
    .option('--rpc <url>', 'JSON-RPC URL (http(s):// or ws(s)://)')
    .option('--chain-id <n>', 'chain id of that network')
    .option('--contract <address>', 'DataLease address on that network')
    .action((target: string | undefined, flags) => run(async (ctx) => (await leases()).chainUseCommand(ctx, target, flags)));

  program
    .command('withdraw')
    .description("pay your earnings out of the lease contract to the wallet account (every token with a balance, or only --token)")
    .option('--token <address>', 'only this payment token (0x0000000000000000000000000000000000000000 for the native currency)')
    .action((flags: { token?: string }) => run(async (ctx) => (await leases()).withdrawCommand(ctx, flags)));

  program
    .command('deploy')
    .description('for operators: deploy DataLease to a network (key from DATA_WALLET_DEPLOYER_KEY)')
    .requiredOption('--rpc <url>', 'JSON-RPC URL')
    .requiredOption('--chain-id <n>', 'chain id of that network')
    .action((flags: { rpc: string; chainId: string }) => run(async (ctx) => (await leases()).deployCommand(ctx, flags)));

  registerPrivacyCommands(program, run);
  registerTrainingCommands(program, run);

  program
    .command('open-link')
    .description('hand a datawallet:// lease link to the running app, which shows the consent prompt')
    .argument('<link>')
    .action((link: string) => run(async (ctx) => (await import('./commands/open-link.js')).openLinkCommand(ctx, link)));

  return program;
}

/** Runs the CLI and returns the exit code; never throws. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let flags = { json: argv.includes('--json'), debug: argv.includes('--debug') };
  const program = buildProgram(io, async (fn) => {
    const opts = program.opts<{ vault: string; json?: boolean; debug?: boolean }>();
    flags = { json: Boolean(opts.json), debug: Boolean(opts.debug) };
    await withSession({ io, vaultDir: opts.vault, ...flags }, fn);
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    io.stderr.write(`${flags.json && !flags.debug ? errorJson(e) : describeError(e, flags.debug)}\n`);
    return exitCodeOf(e);
  }
}
