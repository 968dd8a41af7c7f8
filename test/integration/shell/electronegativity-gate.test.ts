/** The Electronegativity gate fails on an unlisted HIGH/MEDIUM finding and passes when the allow-list names it. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'dw-eneg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const gate = (...args: string[]) =>
  spawnSync(process.execPath, ['scripts/electronegativity-gate.mjs', ...args], { encoding: 'utf8', timeout: 120_000 });

describe('electronegativity gate', () => {
  it('fails on insecure window settings that the allow-list does not name', () => {
    const app = join(dir, 'app');
    mkdirSync(app);
    writeFileSync(
      join(app, 'main.ts'),
      "import { BrowserWindow } from 'electron';\nexport const w = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, webSecurity: false } });\n",
    );
    const strict = join(dir, 'allow-none.json');
    writeFileSync(strict, JSON.stringify({ allow: [] }));
    const r = gate('--allow', strict, app);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/FAIL\s+WEB_SECURITY_JS_CHECK/);
    expect(r.stdout).toMatch(/FAIL\s+CONTEXT_ISOLATION_JS_CHECK/);
  });

  it('refuses an allow-list entry without a reason', () => {
    const lazy = join(dir, 'allow-lazy.json');
    writeFileSync(lazy, JSON.stringify({ allow: [{ check: 'CSP_GLOBAL_CHECK', file: '*', reason: '' }] }));
    expect(gate('--allow', lazy, join(dir, 'app')).status).toBe(1);
  });

  it('passes on the project with the checked-in allow-list', () => {
    const r = gate();
    expect(r.stdout).toContain('0 not allowed');
    expect(r.status).toBe(0);
  });
});
