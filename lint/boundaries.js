// Lint rules that say where code runs and what it may import (../../shared/DESIGN.md, "Style";
// issue 7 §6). One rule, `boundaries/imports`, configured per folder in eslint.config.js:
// - `forbid`: folders (from the repository root) a file must not import from;
// - `allowOnly`: with it, relative imports must resolve inside one of these folders or files;
// - `nodeBuiltins: false`: no Node built-in module, under any spelling (`fs`, `node:fs`, `fs/promises`, `buffer`…);
// - `bareForbid`: package names that must not be imported (e.g. `electron`).
// Imports, re-exports and dynamic `import('…')` with a literal are all checked.
import { builtinModules } from 'node:module';
import path from 'node:path';

const ROOT = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, m.split('/')[0]]));

const isInside = (file, folder) => file === folder || file.startsWith(`${folder}/`) || file === `${folder}.ts`;

/** @type {import('eslint').Rule.RuleModule} */
const importsRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Keeps each folder to the imports its runtime allows' },
    schema: [
      {
        type: 'object',
        properties: {
          forbid: { type: 'array', items: { type: 'string' } },
          allowOnly: { type: 'array', items: { type: 'string' } },
          nodeBuiltins: { type: 'boolean' },
          bareForbid: { type: 'array', items: { type: 'string' } },
          message: { type: 'string' },
        },
        additionalProperties: false,
      },
    ],
  },
  create(context) {
    const options = context.options[0] ?? {};
    const filename = context.filename;
    const dir = path.dirname(filename);
    const why = options.message ? ` ${options.message}` : '';

    function check(node, source) {
      if (typeof source !== 'string') return;
      if (!source.startsWith('.') && !source.startsWith('/')) {
        const bare = source.startsWith('node:') ? source.slice(5) : source;
        const name = bare.startsWith('@') ? bare.split('/').slice(0, 2).join('/') : bare.split('/')[0];
        if (options.nodeBuiltins === false && (source.startsWith('node:') || NODE_BUILTINS.has(name))) {
          context.report({ node, message: `"${source}" is a Node built-in module, which this folder may not use.${why}` });
        } else if ((options.bareForbid ?? []).includes(name)) {
          context.report({ node, message: `"${source}" may not be imported here.${why}` });
        }
        return;
      }
      const target = path.relative(ROOT, path.resolve(dir, source)).split(path.sep).join('/').replace(/\.js$/, '');
      for (const folder of options.forbid ?? []) {
        if (isInside(target, folder)) {
          context.report({ node, message: `"${source}" reaches into ${folder}/, which this folder may not import.${why}` });
          return;
        }
      }
      if (options.allowOnly && !options.allowOnly.some((allowed) => isInside(target, allowed.replace(/\.(ts|js)$/, '')))) {
        context.report({ node, message: `"${source}" is outside what this folder may import (${options.allowOnly.join(', ')}).${why}` });
      }
    }

    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};

export default { rules: { imports: importsRule } };
