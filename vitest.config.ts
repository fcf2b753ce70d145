import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/closing-line.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Node's own type stripping, as in production: an enum fails here exactly as it would under `gq`.
    experimental: { viteModuleRunner: false },
  },
});
