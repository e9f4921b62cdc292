import { configDefaults, defineConfig } from 'vitest/config';

/** Everything but the installed-package test: the quick suite, the CLI fuzzing and the hostile-input cases (`npm run test:all`). */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, 'test/package/**'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 600_000,
    hookTimeout: 300_000,
  },
});
