// The renderer build: a static bundle (renderer/dist) that Electron loads from
// disk and browser mode serves from 127.0.0.1. Relative base so both work; no
// inline scripts and no eval, so a strict Content-Security-Policy holds.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // The polyfill would be bundled anyway; turning it off keeps the entry lean.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1200,
    assetsInlineLimit: 0,
  },
  server: { host: '127.0.0.1', strictPort: false },
});
