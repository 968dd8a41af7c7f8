/**
 * Browser mode in real Chromium: the page reaches the real core through the
 * renderer's transport with the token from the URL fragment (then drops it
 * from the address bar), receives events over the WebSocket, the CSP blocks
 * inline script, and a page from another origin cannot call the wallet even
 * holding the token.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../electron/browser-mode/host.js';
import { apiCalls } from '../../shared/api/contract.js';
import { openApiWallet, type ApiWallet } from '../helpers/api-wallet.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

let w: ApiWallet;
let host: BrowserHost;
let browser: Browser;
let evil: Server;
let evilPort: number;

beforeAll(async () => {
  w = await openApiWallet({ chain: { start: 'demand' } });
  const site = join(w.root, 'site');
  mkdirSync(site);
  const bundle = await build({
    entryPoints: [join(import.meta.dirname, '../fixtures/browser-mode/page.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
  });
  writeFileSync(join(site, 'app.js'), bundle.outputFiles[0]!.contents);
  writeFileSync(
    join(site, 'index.html'),
    '<!doctype html><meta charset="utf-8"><title>t</title><pre id="out"></pre><script>window.inlineRan = true</script><script type="module" src="/app.js"></script>',
  );
  host = await startBrowserHost({ transport: w.router, calls: apiCalls, staticDir: site });
  // Another site on this computer that learnt the token somehow.
  evil = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><pre id="out"></pre><script>
      fetch(${JSON.stringify(`${host.origin}/api/call/vault.status`)}, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ${host.token}' }, body: '{}' })
        .then((r) => r.text().then((t) => 'status ' + r.status + ' ' + t), (e) => 'blocked ' + e.name)
        .then((t) => { document.getElementById('out').textContent = t; });
    </script>`);
  });
  await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
  evilPort = (evil.address() as { port: number }).port;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => evil?.close(r));
  await host?.close();
  await w?.close();
});

describe('browser mode in Chromium', () => {
  it('the page talks to the real core with the fragment token, gets events, and the CSP blocks inline script', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') violations.push(m.text());
    });
    await page.goto(host.url);
    await page.locator('#out:not(:empty)').waitFor({ timeout: 30_000 });
    const result = JSON.parse((await page.textContent('#out'))!) as Record<string, unknown>;
    expect(result).toMatchObject({ status: { exists: true, unlocked: true }, lockedError: 'VAULT_LOCKED', hash: '', inline: false });
    expect(result.events).toContain('vault.locked');
    expect(page.url()).not.toContain(host.token);
    expect(violations.some((v) => /Content Security Policy/.test(v))).toBe(true); // the inline script was refused

    await page.reload(); // the token survives a reload in this tab only
    await page.locator('#out:not(:empty)').waitFor({ timeout: 30_000 });
    expect(JSON.parse((await page.textContent('#out'))!)).toMatchObject({ status: { exists: true } });
    await page.close();
  });

  it('a page without the token gets a clear refusal', async () => {
    const page = await browser.newPage();
    await page.goto(host.origin);
    await page.locator('#out:not(:empty)').waitFor({ timeout: 30_000 });
    expect(JSON.parse((await page.textContent('#out'))!)).toEqual({ error: 'NO_WALLET_CONNECTION' });
    await page.close();
  });

  it('another origin cannot call the wallet, even with the token', async () => {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${evilPort}/`);
    await page.locator('#out:not(:empty)').waitFor({ timeout: 30_000 });
    const text = (await page.textContent('#out'))!;
    expect(text).toMatch(/^blocked|^status 403/);
    expect(text).not.toContain('"ok":true');
    await page.close();
  });
});
