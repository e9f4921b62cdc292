import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/paths.js';

describe('the library in a browser', () => {
  it('bundles for the browser with no Node built-in (only the CLI reads files)', async () => {
    const result = await build({
      entryPoints: [path.join(repoRoot, 'src/index.ts')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
      metafile: true,
    });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile!.inputs);
    expect(inputs.filter((file) => file.startsWith('src/cli/'))).toEqual([]);
    const imports = Object.values(result.metafile!.inputs).flatMap((input) => input.imports.map((i) => i.path));
    expect(imports.filter((p) => p.startsWith('node:') || ['fs', 'path', 'os', 'url', 'child_process'].includes(p))).toEqual([]);
  });
});
