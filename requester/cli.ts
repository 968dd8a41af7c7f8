#!/usr/bin/env node
/** Entry point of the `data-wallet-request` binary; see cli-program.ts. */
import { runRequesterCli } from './cli-program.js';

const code = await runRequesterCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  untilInterrupted: () =>
    new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    }),
});
// Exit once output is flushed, even if a library left a socket or timer open.
process.stdout.write('', () => process.exit(code));
