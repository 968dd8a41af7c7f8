/** The app:// protocol serving the packaged renderer: CSP on every page, nothing outside the folder, no other host. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));
const { APP_CSP, appResponse, registerAppScheme } = await import('../../../electron/main/app-protocol.js');

const dir = mkdtempSync(join(tmpdir(), 'dw-app-proto-'));
const site = join(dir, 'dist');
mkdirSync(join(site, 'assets'), { recursive: true });
writeFileSync(join(site, 'index.html'), '<!doctype html><title>app</title>');
writeFileSync(join(site, 'assets', 'a.js'), 'export {}');
writeFileSync(join(dir, 'secret.txt'), 'outside');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('app:// protocol', () => {
  it('registers app:// as a standard, secure scheme', () => {
    const register = vi.fn();
    registerAppScheme({ registerSchemesAsPrivileged: register });
    expect(register.mock.calls[0]![0]).toEqual([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
  });

  it('serves pages with the strict CSP and falls back to index.html for routes', async () => {
    const page = await appResponse(site, 'app://wallet/requests/0xab');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>app</title>');
    expect(page.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(APP_CSP).toContain("script-src 'self'");
    expect(APP_CSP).not.toMatch(/unsafe-eval|https?:/);
    expect((await appResponse(site, 'app://wallet/assets/a.js')).headers.get('content-type')).toMatch(/javascript/);
  });

  it('never leaves the renderer folder and answers no other host', async () => {
    for (const url of ['app://wallet/../secret.txt', 'app://wallet/%2e%2e/secret.txt', 'app://wallet/assets/..%2f..%2fsecret.txt', 'app://other/index.html', 'not a url']) {
      const r = await appResponse(site, url);
      expect(r.status, url).not.toBe(200);
      expect(await r.text()).not.toContain('outside');
    }
  });
});
