import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package's root directory, found by walking up from this module: the same code runs
 * from `src/node/` in a checkout and from `dist/node/` once built or installed.
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

/** The package's version, from its manifest. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * Upstream sources the pack is compiled from (a checkout only): `FRONTLINE_UPSTREAM`, else
 * `../shared/data/upstream` beside the package.
 */
export function upstreamDir(): string {
  return process.env.FRONTLINE_UPSTREAM ?? path.resolve(packageRoot(), '../shared/data/upstream');
}

/** The project-authored inputs of the pack (a checkout only; they are compiled into the pack). */
export function fixturesDir(): string {
  return path.join(packageRoot(), 'fixtures');
}

/** Where the build writes the compiled Karabakh pack, which the package ships and `frontline/karabakh` imports. */
export function shippedPackPath(): string {
  return path.join(packageRoot(), 'data', 'karabakh.topo.json');
}

/** Where the build writes a built-in area of interest (`ukraine-1991`), which the package ships. */
export function shippedAreaPath(name: string): string {
  return path.join(packageRoot(), 'data', `${name}.json`);
}

/** Where the build writes the map fonts, which the package ships. */
export function shippedFontsDir(): string {
  return path.join(packageRoot(), 'data', 'fonts');
}
