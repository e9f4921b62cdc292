import { existsSync } from 'node:fs';
import { defaultPackPath } from '../src/cli/paths.js';
import { writeKarabakhPack } from '../src/cli/pack-file.js';

/** Tests read the compiled pack; build it once when it is missing (e.g. `npm test` right after `npm ci`). */
export default async function setup(): Promise<void> {
  const file = defaultPackPath();
  if (!existsSync(file)) writeKarabakhPack(file);
}
