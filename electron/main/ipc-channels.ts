/**
 * IPC channel names shared by main and the preload. The preload runs
 * sandboxed and cannot import this file (a sandboxed preload can require only
 * `electron`), so it repeats these three strings; a test keeps them equal.
 */
export const CALL_CHANNEL_PREFIX = 'wallet:call:';
export const EVENT_CHANNEL = 'wallet:event';
/** How main tells the preload which calls the contract has (webPreferences.additionalArguments). */
export const CALLS_ARGUMENT_PREFIX = '--wallet-calls=';

export function callChannel(name: string): string {
  return `${CALL_CHANNEL_PREFIX}${name}`;
}

export function callsArgument(names: readonly string[]): string {
  return `${CALLS_ARGUMENT_PREFIX}${names.join(',')}`;
}
