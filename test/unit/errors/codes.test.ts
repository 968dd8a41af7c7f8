/**
 * The documented code list (shared/errors/codes.ts) and the error classes
 * agree: every WalletError class in the code base declares a literal code that
 * the list maps to that class, and every class the list names exists.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LEASE_LINK_ERROR_CODES } from '../../../shared/lease/errors.js';
import { WALLET_ERROR_CODES } from '../../../shared/errors/codes.js';
import { WalletError } from '../../../shared/errors/wallet-error.js';

const ROOT = join(import.meta.dirname, '../../..');
const DIRS = ['electron', 'shared', 'requester'];

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'node_modules' ? [] : tsFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

interface FoundClass {
  file: string;
  name: string;
  abstract: boolean;
  /** The literal code declared in the class body, if any. */
  code: string | undefined;
  cls: unknown;
}

async function findErrorClasses(): Promise<FoundClass[]> {
  const found: FoundClass[] = [];
  for (const file of DIRS.flatMap((d) => tsFiles(join(ROOT, d)))) {
    const text = readFileSync(file, 'utf8');
    const decls = [...text.matchAll(/^export (abstract )?class (\w+) extends \w+/gm)];
    if (decls.length === 0) continue;
    // electron/main needs Electron; it declares no WalletErrors of its own the core must rebuild.
    if (relative(ROOT, file).startsWith('electron/main')) continue;
    const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    decls.forEach((m, i) => {
      const name = m[2]!;
      const cls = mod[name];
      if (typeof cls !== 'function' || !(cls.prototype instanceof WalletError)) return;
      const body = text.slice(m.index, decls[i + 1]?.index ?? text.length);
      const code = /readonly code = '([A-Z][A-Z0-9_]*)'/.exec(body)?.[1];
      found.push({ file: relative(ROOT, file), name, abstract: Boolean(m[1]), code, cls });
    });
  }
  return found;
}

describe('error codes', () => {
  it('every concrete WalletError class declares a code listed for it, and the list names only real classes', async () => {
    const classes = await findErrorClasses();
    expect(classes.length).toBeGreaterThan(60);
    const problems: string[] = [];
    for (const c of classes) {
      if (c.abstract) continue;
      if (c.name === 'LeaseLinkError' || c.name === 'RemoteWalletError') continue; // code per instance
      if (!c.code) {
        problems.push(`${c.file}: ${c.name} declares no literal \`readonly code = 'UPPER_SNAKE' as const\``);
        continue;
      }
      const entry = (WALLET_ERROR_CODES as Record<string, { name: string }>)[c.code];
      if (!entry) problems.push(`${c.file}: ${c.name}'s code ${c.code} is missing from WALLET_ERROR_CODES (shared/errors/codes.ts)`);
      else if (entry.name !== c.name) problems.push(`${c.file}: ${c.name}'s code ${c.code} is listed for ${entry.name}`);
    }
    const names = new Set(classes.map((c) => c.name));
    for (const [code, info] of Object.entries(WALLET_ERROR_CODES)) {
      if (!names.has(info.name)) problems.push(`WALLET_ERROR_CODES.${code} names ${info.name}, which is no WalletError class`);
    }
    expect(problems).toEqual([]);
  });

  it('codes are unique per class (one class may own several only for LeaseLinkError)', () => {
    const byName = new Map<string, string[]>();
    for (const [code, info] of Object.entries(WALLET_ERROR_CODES)) byName.set(info.name, [...(byName.get(info.name) ?? []), code]);
    for (const [name, codes] of byName) {
      if (name === 'LeaseLinkError') expect([...codes].sort()).toEqual([...LEASE_LINK_ERROR_CODES].sort());
      else expect(codes, name).toHaveLength(1);
    }
  });

  it('every code is UPPER_SNAKE and fits the serialised form', () => {
    for (const code of Object.keys(WALLET_ERROR_CODES)) expect(code).toMatch(/^[A-Z][A-Z0-9_]{1,63}$/);
  });
});
