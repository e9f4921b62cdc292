import path from 'node:path';
import { defineConfig } from 'tsup';

/**
 * Two builds of the same sources (types come from tsc, tsconfig.build.json):
 *
 * - ES modules, file by file (not bundled), so that a bundler can leave out every module a
 *   program does not use, and so that the CLI and the timeline worker load only what they need;
 * - CommonJS, for `require('frontline')`: the three entry points bundled, with their shared code
 *   in common chunks, so that a class such as FrontlineError is one class whichever entry it
 *   comes through.
 */
const esm = defineConfig({
  entry: ['src/**/*.ts', '!src/**/*.d.ts'],
  outDir: 'dist',
  format: ['esm'],
  bundle: false,
  // Whitespace and syntax only: names stay as in the source, so stack traces still read; the
  // documentation is in the .d.ts files beside each module.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: false,
  clean: false,
  target: 'node20.10',
});

const cjs = defineConfig({
  entry: { index: 'src/index.ts', karabakh: 'src/scenarios/karabakh/index.ts', node: 'src/node/index.ts' },
  outDir: 'dist/cjs',
  format: ['cjs'],
  splitting: true,
  // The CommonJS types carry signatures only: the documentation is in the ES module types
  // (dist/**/*.d.ts) and the API reference, and one copy of it keeps the package small.
  dts: { compilerOptions: { removeComments: true } },
  sourcemap: false,
  minify: true,
  shims: true,
  clean: false,
  target: 'node20.10',
  outExtension: () => ({ js: '.cjs', dts: '.d.cts' }),
  esbuildPlugins: [
    {
      // The shipped pack stays one JSON file beside dist/, required at run time, not copied in.
      name: 'shipped-pack',
      setup(build) {
        build.onResolve({ filter: /\/data\/karabakh\.topo\.json$/ }, () => ({ path: path.posix.join('..', '..', 'data', 'karabakh.topo.json'), external: true }));
        build.onResolve({ filter: /\/data\/ukraine-1991\.json$/ }, () => ({ path: path.posix.join('..', '..', 'data', 'ukraine-1991.json'), external: true }));
      },
    },
  ],
});

export default [esm, cjs];
