// Lint rule: renderer/ imports only its own files, shared/, and the npm
// packages listed here (browser libraries). No Node built-ins, no Electron, no
// electron/core, requester/ or scripts: the renderer reaches the wallet only
// through the typed API client over a transport.
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const allowedDirs = [resolve(root, 'renderer'), resolve(root, 'shared')];

const allowedPackages = new Set([
  'react',
  'react-dom',
  '@mantine/core',
  '@mantine/hooks',
  'react-router',
  '@tanstack/react-query',
  'uplot',
  'zod',
  'viem',
  // tests of the renderer only (renderer/test)
  'vitest',
  '@testing-library/react',
  '@testing-library/user-event',
  '@testing-library/dom',
]);
const testOnly = new Set(['vitest', '@testing-library/react', '@testing-library/user-event', '@testing-library/dom']);

function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** @type {import('eslint').Rule.RuleModule} */
export const rendererBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'renderer/ imports only renderer/, shared/ and its own browser packages' },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const isTest = file.split(sep).includes('test');
    function check(node, source) {
      if (!source || typeof source.value !== 'string') return;
      const spec = source.value;
      if (spec.startsWith('.') || spec.startsWith('/')) {
        const target = resolve(dirname(file), spec);
        const ok = allowedDirs.some((d) => target === d || target.startsWith(d + sep));
        if (!ok) {
          context.report({
            node,
            message: `renderer/ may import only renderer/ and shared/; '${spec}' resolves to ${relative(root, target)}. Reach the wallet through the API client.`,
          });
        }
        return;
      }
      const name = packageName(spec.replace(/^node:/, 'node:'));
      if (spec.startsWith('node:') || !allowedPackages.has(name)) {
        context.report({ node, message: `renderer/ may not import '${spec}': only browser packages on the renderer's list (renderer/eslint-boundaries.js).` });
      } else if (testOnly.has(name) && !isTest) {
        context.report({ node, message: `'${spec}' is for renderer tests only.` });
      }
    }
    return {
      ImportDeclaration: (n) => check(n, n.source),
      ExportNamedDeclaration: (n) => check(n, n.source),
      ExportAllDeclaration: (n) => check(n, n.source),
      ImportExpression: (n) => check(n, n.source),
    };
  },
};
