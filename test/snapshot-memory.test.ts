/**
 * Large snapshot files, in the small: a snapshot read from a file keeps its ground
 * packed (16 bytes a position), not as GeoJSON arrays (about 100 bytes a position once frozen),
 * so that a 250 MB file fits in a few times its size (npm run bench:bigfile measures that).
 * Memory here is counted, not timed: the heap and ArrayBuffers a fresh process keeps after
 * reading the file, garbage collected.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeBigFile } from './bench/bigfile-data.js';
import { repoRoot } from './support/paths.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'frontline-snapshot-memory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a snapshot read from a large file', () => {
  it('keeps under 40 bytes a position of the file', () => {
    const file = path.join(dir, 'big.geojson');
    writeBigFile(file, 8);
    const collection = JSON.parse(readFileSync(file, 'utf8')) as { features: { geometry: { coordinates: number[][][][] } }[] };
    const positions = collection.features.reduce((sum, f) => sum + f.geometry.coordinates.flat(1).reduce((n, ring) => n + ring.length, 0), 0);
    const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(repoRoot, 'test/support/snapshot-memory.ts'), file], {
      encoding: 'utf8',
      cwd: repoRoot,
    });
    expect(child.status, child.stderr).toBe(0);
    const { keptBytes, controllers } = JSON.parse(child.stdout) as { keptBytes: number; controllers: number };
    expect(controllers).toBe(4);
    expect(positions).toBeGreaterThan(200_000);
    // Measured: 27.6 bytes a position packed (densifying adds 40 % more positions), 151 as GeoJSON.
    expect(keptBytes / positions).toBeLessThan(40);
  });
});
