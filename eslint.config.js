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
    files: ['electron/core/**', 'electron/browser-mode/**'],
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
    files: ['shared/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronBan], patterns: [nodeBan] }] },
  },
);
