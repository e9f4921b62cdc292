import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package's root directory, found by walking up from this module: the same code runs
 * from `src/cli/` under tests and from `dist/` once built.
 */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'frontline') return dir;
      } catch {
        // not our manifest; keep walking up
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('frontline: cannot find the package root');
    dir = parent;
  }
}

/** Upstream sources: `FRONTLINE_UPSTREAM`, else `../shared/data/upstream` beside the package. */
export function upstreamDir(): string {
  return process.env.FRONTLINE_UPSTREAM ?? path.resolve(packageRoot(), '../shared/data/upstream');
}

export function fixturesDir(): string {
  return path.join(packageRoot(), 'fixtures');
}

/** Where the compiled Karabakh pack lives: `FRONTLINE_PACK`, else `data/karabakh.topo.json`. */
export function defaultPackPath(): string {
  return process.env.FRONTLINE_PACK ?? path.join(packageRoot(), 'data', 'karabakh.topo.json');
}
