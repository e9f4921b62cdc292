import fs from 'node:fs';
import path from 'node:path';
import type { FeatureCollection, LineString, MultiLineString, Position } from 'geojson';
import geodesic from 'geographiclib-geodesic';
import { describe, expect, it } from 'vitest';
import { FrontlineError } from '../src/errors.js';
import { polygonize } from '../src/kernel/polygonize.js';
import { fixturesDir, upstreamDir } from './support/paths.js';

const WGS84 = geodesic.Geodesic.WGS84;
const dir = path.join(fixturesDir, 'polygonize');

interface Expected {
  snapToleranceMeters: number;
  polygons: Position[][][];
  gapsClosed: { between: [Position, Position]; approxMeters: number }[];
  danglesDropped: number;
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

function linesOf(collection: FeatureCollection): Position[][] {
  return collection.features.flatMap((f) => {
    const g = f.geometry as LineString | MultiLineString;
    return g.type === 'LineString' ? [g.coordinates] : g.coordinates;
  });
}

function distance(a: Position, b: Position): number {
  return WGS84.Inverse(a[1]!, a[0]!, b[1]!, b[0]!).s12!;
}

/** Twice the planar signed area of a closed ring: > 0 for counter-clockwise. */
function shoelace(ring: Position[]): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) sum += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return sum;
}

const near = (a: Position, b: Position): boolean => Math.abs(a[0]! - b[0]!) < 1e-12 && Math.abs(a[1]! - b[1]!) < 1e-12;

/**
 * A closed ring as its open vertex list starting at its lexicographically smallest vertex,
 * with coordinates rounded to 1e-12 deg (computed intersections carry round-off), so that
 * rings equal up to their starting vertex compare equal. Direction is kept.
 */
function normalRing(ring: Position[]): string[] {
  expect(near(ring[0]!, ring[ring.length - 1]!), 'ring is closed').toBe(true);
  const open = ring.slice(0, -1).map((p) => `${p[0]!.toFixed(12)},${p[1]!.toFixed(12)}`);
  const keyed = open.map((_k, i) => ({ k: open[i]!.split(',').map(Number), i }));
  keyed.sort((a, b) => a.k[0]! - b.k[0]! || a.k[1]! - b.k[1]!);
  const start = keyed[0]!.i;
  return [...open.slice(start), ...open.slice(0, start)];
}

function normalPolygons(polygons: Position[][][]): string[] {
  return polygons.map((rings) => JSON.stringify([normalRing(rings[0]!), ...rings.slice(1).map(normalRing).sort()])).sort();
}

const cases = [
  'square-gap',
  'gap-too-wide',
  'adjacent-squares',
  'undershoot',
  'overshoot',
  'crossed-corner',
  'ring-with-hole',
  'bridged-hole',
  'split-by-border',
];

describe('polygonize on hand-derived fixtures', () => {
  for (const name of cases) {
    it(name, () => {
      const lines = linesOf(readJson<FeatureCollection>(path.join(dir, `${name}.lines.geojson`)));
      const expected = readJson<Expected>(path.join(dir, `${name}.expected.json`));
      const result = polygonize(lines, { snapToleranceMeters: expected.snapToleranceMeters });

      expect(normalPolygons(result.polygons.map((p) => p.coordinates))).toEqual(normalPolygons(expected.polygons));
      for (const polygon of result.polygons) {
        expect(polygon.type).toBe('Polygon');
        expect(shoelace(polygon.coordinates[0]!), 'exterior counter-clockwise').toBeGreaterThan(0);
        for (const hole of polygon.coordinates.slice(1)) expect(shoelace(hole), 'hole clockwise').toBeLessThan(0);
      }

      expect(result.danglesDropped).toBe(expected.danglesDropped);
      expect(result.gapsClosed).toHaveLength(expected.gapsClosed.length);
      for (const gap of expected.gapsClosed) {
        const [a, b] = gap.between;
        const found = result.gapsClosed.find((g) => (near(g.from, a) && near(g.to, b)) || (near(g.from, b) && near(g.to, a)));
        expect(found, `gap between ${JSON.stringify(gap.between)}`).toBeDefined();
        expect(found!.distanceMeters).toBeCloseTo(distance(a, b), 6);
        expect(found!.distanceMeters).toBeCloseTo(gap.approxMeters, 0);
      }
    });
  }
});

describe('polygonize splitting a dense ring by a border', () => {
  it('gives two faces that exactly tile the ring', () => {
    // A 20 km geodesic circle of 720 vertices around a point in the Caucasus, crossed by a
    // border wiggling ±1 km from west to east through its centre.
    const centre = { lat: 39.8, lon: 46.7 };
    const ring: Position[] = [];
    for (let k = 0; k < 720; k++) {
      const p = WGS84.Direct(centre.lat, centre.lon, k / 2, 20_000);
      ring.push([p.lon2!, p.lat2!]);
    }
    ring.push([...ring[0]!]);
    const border: Position[] = [];
    for (let k = 0; k <= 60; k++) border.push([centre.lon - 0.3 + k * 0.01, centre.lat + (k % 2 === 0 ? 0.009 : -0.009)]);

    const result = polygonize([ring, border], { snapToleranceMeters: 100 });
    expect(result.polygons).toHaveLength(2);
    expect(result.danglesDropped).toBe(2);
    expect(result.gapsClosed).toHaveLength(0);

    const areaOf = (r: Position[]): number => {
      const polygon = WGS84.Polygon(false);
      for (const p of r.slice(0, -1)) polygon.AddPoint(p[1]!, p[0]!);
      return polygon.Compute(false, true).area!;
    };
    const whole = Math.abs(areaOf(ring));
    const parts = result.polygons.map((p) => areaOf(p.coordinates[0]!));
    for (const part of parts) expect(part).toBeGreaterThan(0.4 * whole);
    expect(Math.abs(parts[0]! + parts[1]! - whole) / whole).toBeLessThan(1e-7);
  });
});

describe('polygonize options', () => {
  const square = () => linesOf(readJson<FeatureCollection>(path.join(dir, 'square-gap.lines.geojson')));

  it('closes the 50 m gap only when the tolerance reaches it', () => {
    expect(polygonize(square(), { snapToleranceMeters: 40 }).polygons).toHaveLength(0);
    expect(polygonize(square(), { snapToleranceMeters: 0 }).polygons).toHaveLength(0);
    expect(polygonize(square(), { snapToleranceMeters: 60 }).polygons).toHaveLength(1);
  });

  it('does not mutate its input', () => {
    const lines = square();
    const copy = structuredClone(lines);
    const frozen = lines.map((line) => Object.freeze(line.map((p) => Object.freeze(p))));
    polygonize(frozen as Position[][], { snapToleranceMeters: 100 });
    expect(lines).toEqual(copy);
  });

  it('returns rings that share no arrays with the input', () => {
    const lines = linesOf(readJson<FeatureCollection>(path.join(dir, 'adjacent-squares.lines.geojson')));
    const inputs = new Set(lines.flat());
    const result = polygonize(lines, { snapToleranceMeters: 0 });
    for (const p of result.polygons.flatMap((poly) => poly.coordinates.flat())) expect(inputs.has(p)).toBe(false);
  });
});

describe('polygonize input errors', () => {
  const ok: Position[] = [
    [0, 0],
    [1, 0],
  ];
  const failure = (lines: unknown, tolerance = 10): FrontlineError => {
    try {
      polygonize(lines as Position[][], { snapToleranceMeters: tolerance });
    } catch (error) {
      expect(error).toBeInstanceOf(FrontlineError);
      return error as FrontlineError;
    }
    throw new Error('polygonize did not throw');
  };

  it('names the line with too few positions', () => {
    const error = failure([ok, [[0, 0]]]);
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toMatch(/line 1\b/);
  });

  it('names the line and position with a non-finite coordinate', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const error = failure([
        ok,
        ok,
        [
          [0, 0],
          [bad, 1],
        ],
      ]);
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toMatch(/line 2, position 1/);
    }
    expect(
      failure([
        [
          [0, 0],
          ['1', 1],
        ],
      ]).message,
    ).toMatch(/line 0, position 1/);
  });

  it('rejects a negative or non-finite tolerance', () => {
    expect(failure([ok], -1).code).toBe('INVALID_ARGUMENT');
    expect(failure([ok], NaN).code).toBe('INVALID_ARGUMENT');
  });
});

describe('polygonize on Natural Earth: the former Nagorno-Karabakh Autonomous Oblast', () => {
  const file = path.join(upstreamDir, 'natural-earth', 'ne_10m_admin_0_boundary_lines_disputed_areas.json');
  const collection = readJson<FeatureCollection<LineString | MultiLineString>>(file);
  const arcs = linesOf({
    type: 'FeatureCollection',
    features: collection.features.filter(
      (f) => f.properties?.name === 'Former USSR oblast in 1991' && f.properties?.adm0_left === 'Azerbaijan' && f.properties?.adm0_right === 'Azerbaijan',
    ),
  });

  it('closes the oblast boundary into one ring of about 4,282 km²', () => {
    expect(arcs.length).toBeGreaterThanOrEqual(2);
    const result = polygonize(arcs, { snapToleranceMeters: 250 });

    expect(result.polygons).toHaveLength(1);
    const polygon = result.polygons[0]!;
    expect(polygon.coordinates).toHaveLength(1);
    const ring = polygon.coordinates[0]!;
    const area = WGS84.Polygon(false);
    for (const p of ring.slice(0, -1)) area.AddPoint(p[1]!, p[0]!);
    const signedKm2 = area.Compute(false, true).area! / 1e6;
    expect(signedKm2, 'counter-clockwise on the ellipsoid too').toBeGreaterThan(0);
    expect(Math.abs(signedKm2 - 4282) / 4282).toBeLessThan(0.005);
    expect(result.danglesDropped).toBe(0);
  });

  it('closes exactly the gaps between arc ends that are apart but within the tolerance', () => {
    // Independently of polygonize: every pair of arc ends that do not coincide but lie within
    // 250 m of each other. The data README names the 90 m and 170 m gaps; there is also a
    // 3 m one (near 46.3147 E, 40.2435 N, where two arcs meet almost but not exactly).
    const ends = arcs.flatMap((arc) => [arc[0]!, arc[arc.length - 1]!]);
    const reference: { a: Position; b: Position; d: number }[] = [];
    for (let i = 0; i < ends.length; i++) {
      for (let j = i + 1; j < ends.length; j++) {
        const d = distance(ends[i]!, ends[j]!);
        if (d > 0 && d <= 250) reference.push({ a: ends[i]!, b: ends[j]!, d });
      }
    }
    const distances = reference.map((r) => r.d).sort((x, y) => x - y);
    expect(distances).toHaveLength(3);
    expect(distances[0]!).toBeLessThan(10);
    expect(Math.abs(distances[1]! - 90)).toBeLessThan(10);
    expect(Math.abs(distances[2]! - 170)).toBeLessThan(10);

    const { gapsClosed } = polygonize(arcs, { snapToleranceMeters: 250 });
    expect(gapsClosed).toHaveLength(reference.length);
    for (const r of reference) {
      const gap = gapsClosed.find((g) => (near(g.from, r.a) && near(g.to, r.b)) || (near(g.from, r.b) && near(g.to, r.a)));
      expect(gap, `gap of ${r.d.toFixed(1)} m`).toBeDefined();
      expect(gap!.distanceMeters).toBeCloseTo(r.d, 6);
    }
  });

  it('leaves the ring open when the tolerance is below the widest gap', () => {
    const result = polygonize(arcs, { snapToleranceMeters: 120 });
    expect(result.polygons).toHaveLength(0);
    expect(result.gapsClosed.map((g) => Math.round(g.distanceMeters))).toEqual(expect.arrayContaining([3, 87]));
  });
});
