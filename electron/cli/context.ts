import type { CliIo } from './io.js';

/** What every command gets: where the vault is, how to talk, and the global flags. */
export interface CliContext {
  io: CliIo;
  vaultDir: string;
  json: boolean;
  debug: boolean;
}
