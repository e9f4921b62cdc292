import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const upstreamDir = process.env.FRONTLINE_UPSTREAM ?? path.resolve(repoRoot, '../shared/data/upstream');
export const samplesDir = process.env.FRONTLINE_SAMPLES ?? path.resolve(repoRoot, '../shared/data/samples');
export const fixturesDir = path.join(repoRoot, 'fixtures');
