// Lint rules that say where code runs (see ../shared/DESIGN.md, "Style"; the boundaries are issue 7 §6).
// Each boundary fires on a violating file in test/unit/lint/boundaries.test.ts.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import boundaries from './lint/boundaries.js';
import { rendererBoundaries } from './renderer/eslint-boundaries.js';

const rule = (options) => ({ 'boundaries/imports': ['error', options] });

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
