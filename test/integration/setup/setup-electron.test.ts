/**
 * scripts/setup-electron.sh (the Electron step of setup.sh), run by bash in a
 * scratch project whose node_modules/electron is a stand-in that behaves like
 * the real package: install.js exits 0 at once when
 * ELECTRON_SKIP_BINARY_DOWNLOAD is set, else "downloads" (or fails to); its
 * index.js resolves the binary from path.txt.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, expect, it } from 'vitest';

const SCRIPT = resolve('scripts/setup-electron.sh');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A scratch project; `install` is what the stand-in install.js does when it runs for real. */
function project(install: 'download' | 'exit-0-without-binary' | 'fail'): { root: string; tmp: string } {
  const root = mkdtempSync(join(tmpdir(), 'dw-setup-'));
  const tmp = join(root, 'tmp');
  dirs.push(root);
  mkdirSync(join(root, 'scripts'));
  mkdirSync(tmp);
  copyFileSync(SCRIPT, join(root, 'scripts', 'setup-electron.sh'));
  const pkg = join(root, 'node_modules', 'electron');
  mkdirSync(pkg, { recursive: true });
  copyFileSync(resolve('node_modules/electron/index.js'), join(pkg, 'index.js'));
  const body = {
    download: `fs.mkdirSync(path.join(__dirname, 'dist'), { recursive: true });
fs.writeFileSync(path.join(__dirname, 'dist', 'electron'), '#!/bin/sh\\n', { mode: 0o755 });
fs.writeFileSync(path.join(__dirname, 'path.txt'), 'electron');`,
    'exit-0-without-binary': `console.log('nothing to do');`,
    fail: `console.error('getaddrinfo ENOTFOUND github.com'); process.exit(1);`,
  }[install];
  writeFileSync(
    join(pkg, 'install.js'),
    `const fs = require('fs'); const path = require('path');
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) process.exit(0);
${body}
`,
  );
  return { root, tmp };
}

function run(root: string, tmp: string): string {
  const r = spawnSync('bash', [join(root, 'scripts', 'setup-electron.sh')], {
    env: { PATH: process.env.PATH ?? '', HOME: root, TMPDIR: tmp, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
    encoding: 'utf8',
  });
  expect(r.status).toBe(0); // best effort: never fails setup
  return r.stdout;
}

it('downloads even though setup exported ELECTRON_SKIP_BINARY_DOWNLOAD, and says where the binary is', () => {
  const { root, tmp } = project('download');
  const out = run(root, tmp);
  expect(out).toContain(`setup: Electron binary installed (${join(root, 'node_modules', 'electron', 'dist', 'electron')})`);
  expect(existsSync(join(root, 'node_modules', 'electron', 'dist', 'electron'))).toBe(true);
});

it('does not claim success when install.js exits 0 but no binary exists, and keeps a private log', () => {
  for (const mode of ['exit-0-without-binary', 'fail'] as const) {
    const { root, tmp } = project(mode);
    const out = run(root, tmp);
    expect(out).not.toContain('installed (');
    const log = /details: (.+)\)\./.exec(out)?.[1];
    expect(log, out).toBeDefined();
    expect(log!.startsWith(join(tmp, 'data-wallet-electron-install.'))).toBe(true);
    expect(log).not.toBe(join(tmp, 'data-wallet-electron-install.log')); // not a fixed, guessable name
    expect((statSync(log!).mode & 0o777).toString(8)).toBe('600');
    if (mode === 'fail') expect(readFileSync(log!, 'utf8')).toContain('ENOTFOUND');
  }
});
