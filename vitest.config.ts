import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The quick suite (`npm test`): every unit and property test at default sizes. The CLI fuzzing
 * and the hostile-input cases (large files, deep nesting, thousands of generated inputs) run in
 * `npm run test:all` (vitest.all.config.ts); the installed-package test in `npm run test:package`.
 */
const SLOW = ['test/fuzz.test.ts', 'test/hostile.test.ts'];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, 'test/package/**', ...SLOW],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
