import { defineConfig } from 'vitest/config';

/** The package as its users install it (test/package): run after npm run build. */
export default defineConfig({
  test: {
    include: ['test/package/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 900_000,
  },
});
