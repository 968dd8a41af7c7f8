import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: { name: 'node', include: ['test/**/*.test.ts'], environment: 'node' },
      },
      {
        // Renderer component tests: React in happy-dom (jsdom 31 needs Node 22).
        extends: true,
        plugins: [react()],
        test: {
          name: 'renderer',
          include: ['renderer/test/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
          setupFiles: ['renderer/test/setup.ts'],
        },
      },
    ],
  },
});
