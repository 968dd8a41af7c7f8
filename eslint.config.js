// Lint rules that say where code runs (see ../shared/DESIGN.md, "Style"; the boundaries are issue 7 §6).
// Each boundary fires on a violating file in test/unit/lint/boundaries.test.ts.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import boundaries from './lint/boundaries.js';
import { rendererBoundaries } from './renderer/eslint-boundaries.js';

const rule = (options) => ({ 'boundaries/imports': ['error', options] });

// Network APIs: only the training egress client and the chain's transports may reach the network
// (issue 9: every outgoing byte goes through one egress function that records it).
const NETWORK_MODULES = ['net', 'http', 'https', 'http2', 'tls', 'dgram', 'dns', 'undici', 'ws'];
const networkBan = {
  paths: [
    ...NETWORK_MODULES.flatMap((m) => [m, `node:${m}`, `${m}/promises`, `node:${m}/promises`]).map((name) => ({
      name,
      message: 'Network APIs stay in electron/core/training/net/http-client.ts (egress ledger) or the chain transports.',
    })),
    { name: 'viem', importNames: ['http', 'webSocket', 'custom', 'fallback'], message: 'viem transports are for the chain only (chain/clients.ts, chain/wallet-chain.ts).' },
    { name: 'viem/node', message: 'viem/node (IPC transport) is for the embedded chain only (chain/embedded-chain.ts).' },
  ],
};
const httpClientBan = {
  group: ['**/net/http-client.js'],
  message: 'Only the egress function (training/result/egress.ts) and the task loader may use the HTTP client: sends must be recorded in the egress ledger.',
};
const networkGlobals = ['fetch', 'WebSocket', 'XMLHttpRequest', 'EventSource', 'Request'].map((name) => ({
  name,
  message: 'Network APIs stay in electron/core/training/net/http-client.ts (egress ledger) or the chain transports.',
}));
// The narrow exceptions, each for what it legitimately needs.
const NETWORK_ALLOWED = [
  'electron/core/training/net/http-client.ts', // the one HTTP client (task GET, egress POST)
  'electron/core/training/net/address-policy.ts', // node:net isIP only
  'electron/core/chain/ipc-probe.ts', // node:net connect to the embedded chain's IPC socket
  'electron/core/chain/embedded-chain.ts', // viem/node ipc transport
  'electron/core/chain/clients.ts', // viem clients
  'electron/core/chain/wallet-chain.ts', // viem http/webSocket transports to a configured chain
  'electron/core/chain/attach-embedded-chain.ts', // viem/node ipc transport to another process's embedded chain
  'electron/core/instance/link-socket.ts', // node:net local socket handing deep links to the running instance
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'renderer/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { boundaries },
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['electron/core/**', 'electron/browser-mode/**'],
    rules: rule({
      forbid: ['electron/cli', 'electron/main', 'renderer'],
      bareForbid: ['electron'],
      message: 'electron/core is the product: plain Node, used by every front end, depending on none of them.',
    }),
  },
  {
    files: ['electron/cli/**'],
    rules: rule({
      allowOnly: ['electron/cli', 'shared', 'electron/core/wallet/index.ts'],
      bareForbid: ['electron'],
      message: 'The CLI is a thin adapter: it reaches the core only through electron/core/wallet/index.js (the wallet and its API router) and shared/.',
    }),
  },
  {
    files: ['electron/core/**'],
    ignores: NETWORK_ALLOWED,
    rules: {
      'no-restricted-imports': ['error', { ...networkBan, patterns: [httpClientBan] }],
      'no-restricted-globals': ['error', ...networkGlobals],
    },
  },
  {
    files: ['electron/core/training/result/egress.ts', 'electron/core/training/task/load-task.ts'],
    rules: { 'no-restricted-imports': ['error', networkBan] },
  },
  {
    files: ['shared/**'],
    rules: rule({
      forbid: ['electron', 'requester', 'renderer'],
      nodeBuiltins: false,
      bareForbid: ['electron', 'better-sqlite3', 'better-sqlite3-multiple-ciphers'],
      message: 'shared/ runs in the renderer and the requester SDK too: no Node APIs, nothing from electron/ or requester/.',
    }),
  },
  {
    files: ['requester/**'],
    rules: rule({ forbid: ['electron'], bareForbid: ['electron'], message: 'The requester SDK is the other party: it shares only shared/ with the wallet.' }),
  },
  {
    // renderer/'s own build files (vite.config.ts, eslint-boundaries.js) run in Node; the app is src/ and test/.
    files: ['renderer/src/**', 'renderer/test/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: rule({
      allowOnly: ['renderer', 'shared'],
      nodeBuiltins: false,
      bareForbid: ['electron'],
      message: 'The renderer is untrusted and runs in a browser: it imports only shared/ (and its own npm packages).',
    }),
  },
  {
    files: ['test/**'],
    rules: rule({ forbid: ['bench'], message: 'Tests do not depend on benchmarks; share helpers through test/helpers or the code under test.' }),
  },
  {
    // And only the npm packages on the renderer's list (renderer/eslint-boundaries.js).
    files: ['renderer/src/**', 'renderer/test/**'],
    plugins: { renderer: { rules: { boundaries: rendererBoundaries } } },
    rules: { 'renderer/boundaries': 'error' },
  },
);
