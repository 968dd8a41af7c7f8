/**
 * The browser-mode host's defences, over real sockets: loopback only, Host
 * and Origin checks, the token on every call and event connection, bounded
 * and well-formed bodies, safe static files. The API behind it here is a
 * small in-test contract (the host's behaviour does not depend on the core;
 * the real router is covered by browser-mode-contract.test.ts).
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { z } from 'zod';
import { defineCall } from '../../../shared/api/define.js';
import type { ApiEventEnvelope, ApiTransport } from '../../../shared/api/envelope.js';
import { createHttpTransport, type MinimalWebSocket } from '../../../shared/api/transports/http-client.js';
import { EVENTS_SUBPROTOCOL, tokenFromFragment } from '../../../shared/api/transports/http-protocol.js';
import { BrowserHostAddressError } from '../../../electron/browser-mode/errors.js';
import { startBrowserHost, type BrowserHost } from '../../../electron/browser-mode/host.js';
import { rawRequest } from '../../helpers/http-raw.js';

const calls = {
  'demo.echo': defineCall({ summary: 'echo', input: z.strictObject({ text: z.string().max(100) }), output: z.object({ text: z.string() }) }),
  'demo.fail': defineCall({ summary: 'throws', input: z.undefined(), output: z.never() }),
};

function demoTransport() {
  const listeners = new Set<(e: ApiEventEnvelope) => void>();
  const seen: unknown[] = [];
  const transport: ApiTransport = {
    async invoke(call, input) {
      seen.push(input);
      if (call === 'demo.echo') return { ok: true, value: { text: (input as { text: string }).text } };
      throw new Error('secret-ish internal detail');
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { transport, seen, emit: (e: ApiEventEnvelope) => listeners.forEach((l) => l(e)) };
}

let dir: string;
let host: BrowserHost;
let demo: ReturnType<typeof demoTransport>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dw-host-'));
  const site = join(dir, 'site');
  mkdirSync(join(site, 'assets'), { recursive: true });
  writeFileSync(join(site, 'index.html'), '<!doctype html><title>wallet</title><script type="module" src="/assets/app.js"></script>');
  writeFileSync(join(site, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'outside the site');
  symlinkSync(join(dir, 'secret.txt'), join(site, 'link.txt'));
  demo = demoTransport();
  host = await startBrowserHost({ transport: demo.transport, calls, staticDir: site });
});
afterAll(async () => {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

const call = (name: string, body: string, headers: Record<string, string> = {}) =>
  rawRequest({
    port: host.port,
    method: 'POST',
    path: `/api/call/${name}`,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${host.token}`, ...headers },
    body,
  });

describe('browser-mode host', () => {
  it('prints a loopback URL whose fragment holds a 256-bit token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{43}$/);
    expect(tokenFromFragment(new URL(host.url).hash)).toBe(host.token);
    expect(Buffer.from(host.token, 'base64url')).toHaveLength(32);
  });

  it('answers a call that carries the token', async () => {
    const r = await call('demo.echo', JSON.stringify({ text: 'hi' }));
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ ok: true, value: { text: 'hi' } });
  });

  it('refuses a call without the token, with a wrong one, or with a token of the wrong shape', async () => {
    const wrong = Buffer.alloc(32, 7).toString('base64url');
    for (const authorization of [undefined, `Bearer ${wrong}`, `Bearer ${host.token}x`, host.token, `Basic ${host.token}`]) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (authorization) headers.authorization = authorization;
      const r = await rawRequest({ port: host.port, method: 'POST', path: '/api/call/demo.echo', headers, body: '{"text":"x"}' });
      expect(r.status).toBe(401);
      expect(JSON.parse(r.body).error.code).toBe('HOST_UNAUTHORIZED');
    }
    expect(demo.seen).toHaveLength(1); // only the authorised call above reached the API
  });

  it('refuses a foreign Origin even with the right token', async () => {
    for (const origin of ['http://evil.example', `http://localhost:${host.port}`, 'null', `https://127.0.0.1:${host.port}`]) {
      const r = await call('demo.echo', '{"text":"x"}', { origin });
      expect(r.status).toBe(403);
    }
    const cross = await call('demo.echo', '{"text":"x"}', { 'sec-fetch-site': 'cross-site' });
    expect(cross.status).toBe(403);
  });

  it('refuses a foreign Host (DNS rebinding), for calls and for pages', async () => {
    for (const h of [`evil.example:${host.port}`, `localhost:${host.port}`, '127.0.0.1', `127.0.0.1:${host.port + 1}`]) {
      expect((await call('demo.echo', '{"text":"x"}', { host: h })).status).toBe(403);
      expect((await rawRequest({ port: host.port, path: '/', headers: { host: h } })).status).toBe(403);
    }
  });

  it('cannot be reached on any address but 127.0.0.1', async () => {
    const others = ['127.0.0.2'];
    for (const list of Object.values(networkInterfaces())) {
      for (const a of list ?? []) if (!a.internal && a.family === 'IPv4') others.push(a.address);
    }
    for (const address of others) {
      const outcome = await new Promise<string>((resolve) => {
        const s = connect({ host: address, port: host.port });
        s.once('connect', () => {
          s.destroy();
          resolve('connected');
        });
        s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      });
      expect(outcome, address).not.toBe('connected');
    }
  });

  it('refuses to listen on any other address', async () => {
    for (const address of ['0.0.0.0', '::', '::1', 'localhost', '192.168.1.2', '127.0.0.2', '']) {
      await expect(startBrowserHost({ transport: demo.transport, calls, host: address })).rejects.toBeInstanceOf(BrowserHostAddressError);
    }
  });

  it('answers malformed calls with a typed error and stays up', async () => {
    expect((await call('demo.echo', '{not json')).status).toBe(400);
    expect((await call('demo.echo', '{"text":"x"}', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await call('demo.echo', 'x'.repeat(9 * 1024 * 1024))).status).toBe(413);
    const unknown = await call('demo.nope', '{}');
    expect(JSON.parse(unknown.body).error.code).toBe('UNKNOWN_CALL');
    const proto = await call('__proto__', '{}');
    expect(JSON.parse(proto.body).error.code).toBe('UNKNOWN_CALL');
    const invalid = JSON.parse((await call('demo.echo', JSON.stringify({ text: 5, extra: 'secret-value' }))).body);
    expect(invalid.error.code).toBe('INVALID_INPUT');
    expect(JSON.stringify(invalid)).not.toContain('secret-value');
    const thrown = JSON.parse((await call('demo.fail', '')).body);
    expect(thrown.error.code).toBe('UNEXPECTED');
    expect(JSON.stringify(thrown)).not.toContain('secret-ish');
    expect((await rawRequest({ port: host.port, method: 'GET', path: '/api/call/demo.echo', headers: { authorization: `Bearer ${host.token}` } })).status).toBe(405);
    expect((await call('demo.echo', '{"text":"still up"}')).status).toBe(200);
  });

  it('serves the renderer with a strict CSP, falls back to index.html, and never leaves its folder', async () => {
    const page = await rawRequest({ port: host.port, path: '/' });
    expect(page.status).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-eval|unsafe-inline'[^;]*script|\*/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect((await rawRequest({ port: host.port, path: '/leases/42' })).body).toContain('<title>wallet</title>');
    expect((await rawRequest({ port: host.port, path: '/assets/app.js' })).headers['content-type']).toMatch(/javascript/);
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/link.txt', '/assets/missing.js', '/%00']) {
      const r = await rawRequest({ port: host.port, path });
      expect(r.status, path).toBe(404);
      expect(r.body).not.toContain('outside the site');
    }
    expect((await rawRequest({ port: host.port, method: 'DELETE', path: '/' })).status).toBe(405);
  });

  it('opens the event channel only with the token and our Origin', async () => {
    const attempt = (protocols: string[], headers: Record<string, string> = {}) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/events`, protocols, { headers });
        ws.once('open', () => {
          ws.close();
          resolve('open');
        });
        ws.once('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
        ws.once('error', () => resolve('error'));
      });
    const wrong = Buffer.alloc(32, 1).toString('base64url');
    expect(await attempt([EVENTS_SUBPROTOCOL])).toBe('401');
    expect(await attempt([EVENTS_SUBPROTOCOL, `datawallet.token.${wrong}`])).toBe('401');
    expect(await attempt([`datawallet.token.${host.token}`])).toBe('401');
    expect(await attempt([EVENTS_SUBPROTOCOL, `datawallet.token.${host.token}`], { origin: 'http://evil.example' })).toBe('403');
    expect(await attempt([EVENTS_SUBPROTOCOL, `datawallet.token.${host.token}`], { host: `evil.example:${host.port}` })).toBe('403');
    expect(await attempt([EVENTS_SUBPROTOCOL, `datawallet.token.${host.token}`], { origin: host.origin })).toBe('open');
  });

  it('carries calls and events through the client transport', async () => {
    const client = createHttpTransport({
      origin: host.origin,
      token: host.token,
      webSocket: (url, protocols) => new WebSocket(url, protocols) as unknown as MinimalWebSocket,
    });
    try {
      expect(await client.invoke('demo.echo', { text: 'round trip' })).toEqual({ ok: true, value: { text: 'round trip' } });
      const got = new Promise<ApiEventEnvelope>((resolve) => {
        const off = client.subscribe((e) => {
          off();
          resolve(e);
        });
      });
      const emitter = setInterval(() => demo.emit({ event: 'demo.tick', payload: { n: 1 } }), 50);
      expect(await got).toEqual({ event: 'demo.tick', payload: { n: 1 } });
      clearInterval(emitter);
      const bad = createHttpTransport({ origin: host.origin, token: Buffer.alloc(32).toString('base64url') });
      expect(await bad.invoke('demo.echo', { text: 'x' })).toMatchObject({ ok: false, error: { code: 'HOST_UNAUTHORIZED' } });
      const gone = createHttpTransport({ origin: 'http://127.0.0.1:9', token: host.token });
      expect(await gone.invoke('demo.echo', { text: 'x' })).toMatchObject({ ok: false, error: { code: 'HOST_UNREACHABLE' } });
    } finally {
      client.close();
    }
  });
});
