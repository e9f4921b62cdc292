import { mkdirSync, writeFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

/** The entry points, and the ES module each CommonJS wrapper loads. */
const ENTRIES = { index: '../index.js', karabakh: '../scenarios/karabakh/index.js', node: '../node/index.js' } as const;

/**
 * The ES modules, file by file (not bundled), so that a bundler can leave out every module a
 * program does not use, and the CLI and the timeline worker load only what they need. Types
 * come from tsc (tsconfig.build.json) beside each module.
 */
const esm = defineConfig({
  // The built-in area of interest is compiled by a build step of the repository, which runs
  // from source (scripts/build-data.ts); the package ships its output, not its compiler.
  entry: ['src/**/*.ts', '!src/**/*.d.ts', '!src/node/area-files.ts', '!src/sources/ukraine-area.ts'],
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
  async onSuccess() {
    mkdirSync('dist/cjs', { recursive: true });
    for (const [name, target] of Object.entries(ENTRIES))
      writeFileSync(`dist/cjs/${name}.cjs`, `'use strict';\nmodule.exports = require(${JSON.stringify(target)});\n`);
  },
});

/**
 * CommonJS: `require('frontline')` loads the same ES modules (Node 20.19 and later load ES
 * modules from require), so a program that mixes require and import gets one copy of every
 * class, never two. Only the types are built here, bundled per entry as .d.cts for TypeScript
 * projects compiled as CommonJS; the wrappers themselves are one line each.
 */
const cjsTypes = defineConfig({
  entry: { index: 'src/index.ts', karabakh: 'src/scenarios/karabakh/index.ts', node: 'src/node/index.ts' },
  outDir: 'dist/cjs',
  format: ['cjs'],
  // Signatures only: the documentation is in the ES module types, and one copy keeps the package small.
  dts: { only: true, compilerOptions: { removeComments: true } },
  outExtension: () => ({ js: '.cjs', dts: '.d.cts' }),
  clean: false,
});

export default [esm, cjsTypes];
