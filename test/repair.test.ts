import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Geometry } from 'geojson';
import { describe, expect, it } from 'vitest';
import { area } from '../src/kernel/area.js';
import { repair } from '../src/kernel/repair.js';
import { validate } from '../src/kernel/validate.js';
import { catchError, deepFreeze } from './support/assert.js';
import { fixturesDir } from './support/paths.js';
import { referenceArea } from './support/reference.js';

const dir = path.join(fixturesDir, 'validate');
const read = (file: string): unknown => JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
const inputOf = (name: string): unknown => read(readdirSync(dir).find((f) => f.startsWith(`${name}.`) && !f.endsWith('.expected.json'))!);

interface RepairExpectation {
  changes?: [string, string][];
  remaining?: string[];
  /** The geometry repair must produce, drawn by hand; null when the input comes back unchanged. */
  after?: Geometry | null;
  throws?: string;
}
const expectations = read('repair.expected.json') as Record<string, RepairExpectation>;

describe('repair on the fixtures (fixtures/validate/repair.expected.json)', () => {
  it('covers every validate fixture', () => {
    const names = readdirSync(dir)
      .filter((f) => f.endsWith('.expected.json') && f !== 'repair.expected.json')
      .map((f) => f.replace('.expected.json', ''));
    expect(Object.keys(expectations).sort()).toEqual(names.sort());
  });

  for (const [name, expected] of Object.entries(expectations)) {
    it(name, () => {
      const input = deepFreeze(inputOf(name));
      if (expected.throws !== undefined) {
        const error = catchError(() => repair(input));
        expect(error.code).toBe('INVALID_GEOJSON');
        expect(error.where).toBe(expected.throws);
        expect(error.message).toMatch(/^cannot repair: /);
        return;
      }
      const result = repair(input);
      const changes = result.changes.map((c) => [c.code, c.path]);
      expect(changes.length).toBe(expected.changes!.length);
      expected.changes!.forEach(([code, where], i) => {
        expect(changes[i]![0]).toBe(code);
        expect(changes[i]![1]).toMatch(new RegExp(`^${where.replace(/[[\].]/g, '\\$&').replace('\\[*\\]', '\\[\\d+\\]')}$`));
      });
      for (const c of result.changes) expect(c.message.length).toBeGreaterThan(10);
      expect(result.remaining.map((f) => f.code).sort()).toEqual([...(expected.remaining ?? [])].sort());
      // Whatever remains is beyond repair's reach; everything else it fixed.
      expect(validate(result.geojson).filter((f) => f.severity === 'error' && f.code !== 'CONTROLLER_OVERLAP')).toEqual([]);

      const before = referenceArea(input as Geometry);
      if (expected.after === null) {
        expect(JSON.stringify(result.geojson)).toBe(JSON.stringify(input));
        expect(result.areaChangeM2).toBe(0);
      } else {
        const after = referenceArea(expected.after!);
        const scale = Math.max(before, after, 1);
        expect(Math.abs(area(result.geojson) - after) / scale).toBeLessThan(1e-9);
        expect(Math.abs(result.areaChangeM2 - (after - before)) / scale).toBeLessThan(1e-9);
      }
      // Repairing what repair returns changes nothing more.
      expect(repair(result.geojson).changes).toEqual([]);
      expect(JSON.stringify(repair(input))).toBe(JSON.stringify(result));
    });
  }
});

describe('repair', () => {
  it('keeps properties and other members, copies them, and leaves __proto__ keys as data', () => {
    const input = JSON.parse(
      '{"type":"FeatureCollection","date":"2020-01-01","features":[{"type":"Feature","id":7,"properties":{"__proto__":{"polluted":true},"name":"x","constructor":"c"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[0,1],[1,1],[1,0],[0,0]]]}}]}',
    );
    const result = repair(deepFreeze(input));
    const out = result.geojson as unknown as { date: string; features: { id: number; properties: Record<string, unknown> }[] };
    expect(out.date).toBe('2020-01-01');
    expect(out.features[0]!.id).toBe(7);
    const props = out.features[0]!.properties;
    expect(Object.getPrototypeOf(props)).toBe(Object.prototype);
    expect(Object.keys(props)).toEqual(['__proto__', 'name', 'constructor']);
    expect(props.polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(props).not.toBe(input.features[0].properties);
    expect(result.changes.map((c) => c.code)).toEqual(['RING_ORIENTATION']);
  });

  it('drops holes that enclose nothing and polygons whose shell encloses nothing', () => {
    const result = repair({
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [0, 0],
            [1, 0],
            [0, 0],
            [0, 0],
          ],
        ],
        [
          [
            [2, 0],
            [3, 0],
            [3, 1],
            [2, 1],
            [2, 0],
          ],
          [
            [2.5, 0.5],
            [2.5, 0.5],
            [2.5, 0.5],
            [2.5, 0.5],
          ],
        ],
      ],
    });
    expect(result.changes.map((c) => [c.code, c.path])).toEqual([
      ['TOO_FEW_POINTS', 'coordinates[0][0]'],
      ['TOO_FEW_POINTS', 'coordinates[1][1]'],
    ]);
    expect(result.geojson).toEqual({
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [2, 0],
            [3, 0],
            [3, 1],
            [2, 1],
            [2, 0],
          ],
        ],
      ],
    });
    expect(result.areaChangeM2).toBe(0);
  });

  it('keeps the edges of a resolved polygon as short as the input had them', () => {
    // A bow tie drawn with 0.01° steps: the overlay merges the collinear steps, repair restores them.
    const steps = (from: number[], to: number[], n: number) =>
      Array.from({ length: n }, (_, k) => [from[0]! + ((to[0]! - from[0]!) * k) / n, from[1]! + ((to[1]! - from[1]!) * k) / n]);
    const ring = [
      ...steps([10, 50], [10.2, 50.2], 20),
      ...steps([10.2, 50.2], [10.2, 50], 20),
      ...steps([10.2, 50], [10, 50.2], 20),
      ...steps([10, 50.2], [10, 50], 20),
      [10, 50],
    ];
    const result = repair({ type: 'Polygon', coordinates: [ring] });
    expect(result.geojson.type).toBe('MultiPolygon');
    for (const polygon of (result.geojson as { coordinates: number[][][][] }).coordinates) {
      for (const r of polygon) {
        // Meridian edges excepted: they are geodesics already, so densify leaves them whole.
        for (let i = 1; i < r.length; i++) {
          if (r[i]![0] !== r[i - 1]![0])
            expect(Math.max(Math.abs(r[i]![0]! - r[i - 1]![0]!), Math.abs(r[i]![1]! - r[i - 1]![1]!))).toBeLessThanOrEqual(0.01 * (1 + 1e-9));
        }
      }
    }
  });
});
