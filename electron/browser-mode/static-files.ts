/**
 * Serves the built renderer (a Vite `dist` folder) read-only: paths are
 * resolved inside the folder (no `..`, no symlink leaving it), unknown
 * extension-less paths fall back to `index.html` (client-side routes), and
 * every answer carries the strict security headers.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** The Content-Security-Policy of every page browser mode serves. No inline or remote script, no eval. */
export function contentSecurityPolicy(origin: string): string {
  const ws = origin.replace(/^http/, 'ws');
  return [
    "default-src 'none'",
    "script-src 'self'",
    // Mantine writes its CSS variables into <style> elements at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${ws}`,
    "worker-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

export function securityHeaders(origin: string): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(origin),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=(), bluetooth=()',
  };
}

/** The path's segments, or null when it is malformed or tries to climb out. */
function safeSegments(urlPath: string): string[] | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if ([...decoded].some((ch) => ch.charCodeAt(0) < 0x20 || ch === '\\')) return null;
  const parts = decoded.split('/').filter((p) => p !== '' && p !== '.');
  return parts.some((p) => p === '..') ? null : parts;
}

async function resolveInside(root: string, parts: string[]): Promise<string | null> {
  const candidate = join(root, ...parts);
  try {
    const real = await realpath(candidate);
    if (real !== root && !real.startsWith(root + sep)) return null;
    const info = await stat(real);
    return info.isFile() ? real : null;
  } catch {
    return null;
  }
}

/** The file a site path names (with the index.html fallback), or null; `type` is its Content-Type. */
export async function resolveSiteFile(dir: string, urlPath: string): Promise<{ path: string; type: string } | null> {
  const root = await realpath(dir).catch(() => null);
  if (!root) return null;
  const parts = safeSegments(urlPath);
  let file = parts ? await resolveInside(root, parts) : null;
  if (!file && parts && extname(urlPath) === '') file = await resolveInside(root, ['index.html']);
  return file ? { path: file, type: TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream' } : null;
}

export interface StaticSite {
  serve(urlPath: string, method: 'GET' | 'HEAD', res: ServerResponse, headers: Record<string, string>): Promise<void>;
}

export async function staticSite(dir: string): Promise<StaticSite> {
  const root = await realpath(dir);
  return {
    async serve(urlPath, method, res, headers) {
      const found = await resolveSiteFile(root, urlPath);
      if (!found) {
        res.writeHead(404, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
        return;
      }
      const file = found.path;
      const cache = file.endsWith('.html') ? 'no-store' : 'no-cache';
      res.writeHead(200, { ...headers, 'content-type': found.type, 'cache-control': cache });
      if (method === 'HEAD') {
        res.end();
        return;
      }
      createReadStream(file)
        .on('error', () => res.destroy())
        .pipe(res);
    },
  };
}
