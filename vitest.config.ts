import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./', import.meta.url)),
      'server-only': fileURLToPath(new URL('./tests/stubs/server-only.ts', import.meta.url)),
    },
  },
  test: {
    include: ['lib/**/*.test.ts', 'deploy/**/*.test.ts', 'content/**/*.test.ts', 'scripts/**/*.test.ts', 'tests/**/*.test.ts'],
    environment: 'node',
    // The default 5 s is too short on a loaded 2-core machine for the tests
    // that compile a lesson (esbuild and Shiki start cold: 5.4 s measured).
    testTimeout: 30_000,
  },
});
