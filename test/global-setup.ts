import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { SHIPPED_FONT_FILES } from '../src/node/png.js';
import { shippedFontsDir, shippedPackPath } from '../src/node/paths.js';
import { repoRoot } from './support/paths.js';

/**
 * Tests read the compiled pack and render with the shipped fonts; build them once when they
 * are missing (`npm ci` builds them; a checkout where only the code was built does not).
 */
export default async function setup(): Promise<void> {
  const needed = [shippedPackPath(), ...SHIPPED_FONT_FILES.map((f) => path.join(shippedFontsDir(), f))];
  if (needed.every((f) => existsSync(f))) return;
  execFileSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts/build-data.ts')], { cwd: repoRoot, stdio: 'inherit' });
}
