// Lint rules that say where code runs (see ../shared/DESIGN.md, "Style").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const electronBan = {
  name: 'electron',
  message: 'electron/core and shared/ are plain Node/universal code: only electron/main may import Electron.',
};
const nodeBan = {
  group: ['node:*', 'fs', 'path', 'crypto', 'os', 'child_process', 'stream', 'worker_threads', 'better-sqlite3*'],
  message: 'shared/ runs in the renderer too: no Node APIs here.',
};

// Network APIs: only the training egress client and the chain's transports may reach the network
// (issue 9: every outgoing byte goes through one egress function that records it).
const NETWORK_MODULES = ['net', 'http', 'https', 'http2', 'tls', 'dgram', 'dns', 'undici', 'ws'];
const networkBan = {
  paths: [
    electronBan,
    ...NETWORK_MODULES.flatMap((m) => [m, `node:${m}`, `${m}/promises`, `node:${m}/promises`]).map((name) => ({
      name,
      message: 'Network APIs stay in electron/core/training/net/http-client.ts (egress ledger) or the chain transports.',
    })),
    { name: 'viem', importNames: ['http', 'webSocket', 'custom', 'fallback'], message: 'viem transports are for the chain only (chain/clients.ts, leases/runtime.ts).' },
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
  'electron/core/leases/runtime.ts', // viem http/webSocket transports to a configured chain
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'renderer/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['electron/core/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronBan] }] },
  },
  {
    // The CLI is a thin adapter: it reaches the core only through the wallet/router entry.
    files: ['electron/cli/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronBan],
          patterns: [
            {
              regex: '(^|/)core/(?!wallet/index\\.js$)',
              message: 'electron/cli talks to the core only through electron/core/wallet/index.js (the wallet and its API router) and shared/.',
            },
          ],
        },
      ],
    },
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
    rules: { 'no-restricted-imports': ['error', { paths: [electronBan], patterns: [nodeBan] }] },
  },
);
