import type { MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { fromGrid, isOnGrid, toGrid } from '../src/kernel/grid.js';
import { intersection, union } from '../src/kernel/overlay.js';
import { validate } from '../src/kernel/validate.js';
import { catchError } from './support/assert.js';
import { mulberry32 } from './support/random.js';

describe('the kernel grid (grid.ts)', () => {
  it('reads grid integers back as the nearest doubles to their decimals, and goes there and back exactly', () => {
    // The reference: the decimal k·10^-9 written out and parsed, which JavaScript rounds correctly.
    const rng = mulberry32(11);
    for (let i = 0; i < 20_000; i++) {
      const k = Math.floor((rng() * 2 - 1) * 1.8e11);
      const sign = k < 0 ? '-' : '';
      const digits = String(Math.abs(k)).padStart(10, '0');
      const decimal = Number(`${sign}${digits.slice(0, -9)}.${digits.slice(-9)}`);
      expect(fromGrid(k)).toBe(decimal);
      expect(toGrid(decimal)).toBe(k);
      expect(isOnGrid(decimal)).toBe(true);
    }
    expect(fromGrid(1_000_000_000)).toBe(1);
    expect(isOnGrid(0.1 + 0.2)).toBe(false);
    // Halves go away from zero, so a mirrored coordinate lands on the mirrored grid point.
    expect(toGrid(2.5e-9)).toBe(3);
    expect(toGrid(-2.5e-9)).toBe(-3);
  });

  it('makes union(x) and intersection(x, x) return grid-aligned input bit for bit', () => {
    const rng = mulberry32(5);
    for (let i = 0; i < 200; i++) {
      // A random rectangle with a rectangular hole, every corner on the grid, as decimals.
      const g = (lo: number, hi: number) => Number((lo + rng() * (hi - lo)).toFixed(9));
      const [w, s] = [g(-170, 160), g(-80, 70)];
      const [e, n] = [w + g(1, 10), s + g(1, 10)];
      const [hw, hs] = [w + (e - w) * 0.25, s + (n - s) * 0.25].map((v) => fromGrid(toGrid(v))) as [number, number];
      const [he, hn] = [w + (e - w) * 0.75, s + (n - s) * 0.75].map((v) => fromGrid(toGrid(v))) as [number, number];
      const [E, N] = [fromGrid(toGrid(e)), fromGrid(toGrid(n))];
      const input: Polygon = {
        type: 'Polygon',
        coordinates: [
          [
            [w, s],
            [E, s],
            [E, N],
            [w, N],
            [w, s],
          ],
          [
            [hw, hs],
            [hw, hn],
            [he, hn],
            [he, hs],
            [hw, hs],
          ],
        ],
      };
      const corners = new Set(input.coordinates.flat().map((p) => `${p[0]},${p[1]}`));
      for (const out of [union(input), intersection(input, input)]) {
        expect(out.coordinates).toHaveLength(1);
        const points = out.coordinates.flat(2);
        for (const p of points) expect(corners.has(`${p[0]},${p[1]}`), `${p[0]}, ${p[1]} is not an input corner`).toBe(true);
        expect(new Set(points.map((p) => `${p[0]},${p[1]}`)).size).toBe(corners.size);
      }
    }
    // The unit square comes back at 0 and 1, not one unit in the last place off.
    expect(
      union({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 1],
            [0, 0],
          ],
        ],
      })
        .coordinates[0]![0]!.flat()
        .every((v) => v === 0 || v === 1),
    ).toBe(true);
  });

  it('refuses a ring thinner than the grid, naming it and its size, instead of returning nothing', () => {
    const sliver: MultiPolygon = {
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 1],
            [0, 0],
          ],
        ],
        [
          [
            [10, 10],
            [10.001, 10],
            [10.001, 10.0000000004],
            [10, 10],
          ],
        ],
      ],
    };
    const error = catchError(() => union(sliver));
    expect(error.code).toBe('BELOW_GRID');
    expect(error.where).toBe('coordinates[1][0]');
    expect(error.message).toMatch(/0\.001° by 4e-10°/);
    expect(validate(sliver).map((f) => [f.code, f.path])).toEqual([['BELOW_GRID', 'coordinates[1][0]']]);
    // A ring with no area at all (a line out and back) is not below the grid: it encloses nothing anywhere.
    expect(
      union({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 1],
            [2, 2],
            [0, 0],
          ],
        ],
      }).coordinates,
    ).toEqual([]);
  });
});
