/**
 * Serves the packaged renderer on `app://wallet/…` (see app-origin.ts):
 * read-only, inside the renderer folder only, unknown routes fall back to
 * index.html, and every page carries the strict Content-Security-Policy.
 */
import type { Protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { resolveSiteFile, securityHeaders } from '../browser-mode/static-files.js';
import { APP_HOST, APP_ORIGIN, APP_SCHEME } from './app-origin.js';

/** Must run before `app` is ready. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

export const APP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

export async function appResponse(rendererDir: string, url: string): Promise<Response> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return new Response('Bad request', { status: 400 });
  }
  if (parsed.host !== APP_HOST) return new Response('Not found', { status: 404 });
  const file = await resolveSiteFile(rendererDir, parsed.pathname);
  if (!file) return new Response('Not found', { status: 404 });
  const headers: Record<string, string> = { ...securityHeaders(APP_ORIGIN), 'content-security-policy': APP_CSP, 'content-type': file.type };
  if (extname(file.path) === '.html') headers['cache-control'] = 'no-store';
  return new Response(await readFile(file.path), { status: 200, headers });
}

export function serveAppScheme(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => appResponse(rendererDir, request.url));
}
