/**
 * The environment a child process (Anvil) gets: only what a program needs to
 * run, never the wallet's own variables. DATA_WALLET_PASSPHRASE, RPC keys,
 * tokens and anything else in the parent's environment stay behind (an
 * allowlist, so a secret under a new name is not passed either).
 */
const PASS_THROUGH = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'LANG',
  'LC_ALL',
  'LC_CTYPE',
  'TZ',
  'TMPDIR',
  // Windows needs these to start a process at all.
  'SystemRoot',
  'SYSTEMROOT',
  'windir',
  'TEMP',
  'TMP',
  'USERPROFILE',
  'LOCALAPPDATA',
  'APPDATA',
  'ComSpec',
  'PATHEXT',
] as const;

export function childEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const name of PASS_THROUGH) {
    const value = env[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}
