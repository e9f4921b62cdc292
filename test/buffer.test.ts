import fs from 'node:fs';
import path from 'node:path';
import type { Feature, FeatureCollection, LineString, Point, Polygon, Position } from 'geojson';
import geodesic from 'geographiclib-geodesic';
import { describe, expect, it } from 'vitest';
import { bufferLine } from '../src/kernel/buffer.js';
import { distanceToLineMeters } from '../src/kernel/distance.js';
import { FrontlineError } from '../src/errors.js';
import { fixturesDir, upstreamDir } from './support/paths.js';
import { referenceArea, referenceDistance, referenceDistanceToLine } from './support/reference.js';

const WGS84 = geodesic.Geodesic.WGS84;
const D = 2500;
// A boundary vertex is exactly at D in the projection plane, or on a chord between two cap
// vertices (where two capsules' arcs cross): at most D·(1 − cos(step/2)) inside, step = 5°.
const CHORD = 1 - Math.cos((2.5 * Math.PI) / 180);

/** n + 1 positions evenly spaced along the geodesic from (lat, lon) at azimuth azi over lengthM. */
function geodesicRun(lat: number, lon: number, azi: number, lengthM: number, n: number): Position[] {
  const line = WGS84.DirectLine(lat, lon, azi, lengthM);
  return Array.from({ length: n + 1 }, (_, i) => {
    const p = line.Position((lengthM * i) / n);
    return [p.lon2!, p.lat2!];
  });
}

function relativeErrors(polygon: Polygon, line: Position[]): { min: number; max: number } {
  let min = Infinity,
    max = -Infinity;
  for (const ring of polygon.coordinates) {
    for (const v of ring) {
      const e = referenceDistanceToLine(v, line) / D - 1;
      min = Math.min(min, e);
      max = Math.max(max, e);
    }
  }
  return { min, max };
}

function inside(point: Position, polygon: Polygon): boolean {
  let count = 0;
  for (const ring of polygon.coordinates) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!,
        [xj, yj] = ring[j]!;
      if (yi! > point[1]! !== yj! > point[1]! && point[0]! < ((xj! - xi!) * (point[1]! - yi!)) / (yj! - yi!) + xi!) count++;
    }
  }
  return count % 2 === 1;
}

/** Distance (m) walked from a point along a geodesic at azimuth azi until leaving the polygon. */
function exitDistance(lat: number, lon: number, azi: number, polygon: Polygon): number {
  const ray = WGS84.DirectLine(lat, lon, azi, 20_000);
  const at = (s: number): Position => {
    const p = ray.Position(s);
    return [p.lon2!, p.lat2!];
  };
  let lo = 0;
  while (inside(at(lo + 50), polygon)) lo += 50;
  let hi = lo + 50;
  while (hi - lo > 0.01) {
    const mid = (lo + hi) / 2;
    if (inside(at(mid), polygon)) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

describe('bufferLine on synthetic geodesics', () => {
  const L = 100_000;
  const straight = geodesicRun(39.5, 46.2, 63, L, 1);

  it('puts every boundary vertex of a 100 km line at 2500 m geodesic distance (0.5 %) and matches 2dL + πd²', () => {
    const buffer = bufferLine(straight, D);
    expect(buffer.type).toBe('Polygon');
    expect(buffer.coordinates).toHaveLength(1);
    const { min, max } = relativeErrors(buffer, straight);
    expect(min).toBeGreaterThan(-0.005);
    expect(max).toBeLessThan(0.005);
    // The tighter bounds the JSDoc states: chords of the caps inward, aeqd distortion ≤ 2e-5.
    expect(min).toBeGreaterThan(-CHORD - 2e-5);
    expect(max).toBeLessThan(2e-5);
    const analytic = 2 * D * L + Math.PI * D * D;
    expect(Math.abs(referenceArea(buffer) / analytic - 1)).toBeLessThan(0.005);
  });

  it('gives the same polygon area when the line is split into 20 collinear segments', () => {
    const whole = referenceArea(bufferLine(straight, D));
    const split = geodesicRun(39.5, 46.2, 63, L, 20);
    const buffer = bufferLine(split, D);
    expect(buffer.coordinates).toHaveLength(1);
    expect(Math.abs(referenceArea(buffer) / whole - 1)).toBeLessThan(1e-4);
    const { min, max } = relativeErrors(buffer, split);
    expect(min).toBeGreaterThan(-CHORD - 2e-5);
    expect(max).toBeLessThan(2e-5);
  });

  it('matches the capsule area of a short line, where the round caps dominate', () => {
    const short = geodesicRun(-33.9, 18.4, 200, 5000, 1);
    const analytic = 2 * D * 5000 + Math.PI * D * D;
    expect(Math.abs(referenceArea(bufferLine(short, D)) / analytic - 1)).toBeLessThan(0.005);
  });

  it('builds round joins for a sharp bend and keeps the line inside', () => {
    const bent = JSON.parse(fs.readFileSync(path.join(fixturesDir, 'buffer/bent-line.json'), 'utf8')) as Position[];
    const buffer = bufferLine(bent, D);
    expect(buffer.coordinates).toHaveLength(1);
    const { min, max } = relativeErrors(buffer, bent);
    expect(min).toBeGreaterThan(-CHORD - 2e-5);
    expect(max).toBeLessThan(2e-5);
    for (const v of bent) expect(inside(v, buffer)).toBe(true);
  });

  it('returns a disc when every position is the same', () => {
    const buffer = bufferLine(
      [
        [10, 50],
        [10, 50],
      ],
      1000,
    );
    const disc = Math.PI * 1000 * 1000;
    expect(Math.abs(referenceArea(buffer) / disc - 1)).toBeLessThan(0.005);
  });

  it('rejects bad input with INVALID_ARGUMENT and leaves the input untouched', () => {
    const line = [
      [46.5, 39.57],
      [46.54, 39.59, 1200],
    ];
    const copy = JSON.parse(JSON.stringify(line));
    bufferLine(line, D, { stepDegrees: 2 });
    expect(line).toEqual(copy);
    const bad: [Position[], number, number?][] = [
      [[[46.5, 39.57]], D],
      [[], D],
      [
        [
          [46.5, 39.57],
          [Number.NaN, 39.6],
        ],
        D,
      ],
      [
        [
          [46.5, 39.57],
          [46.6, 95],
        ],
        D,
      ],
      [
        [
          [46.5, 39.57],
          [46.6, 39.6],
        ],
        0,
      ],
      [
        [
          [46.5, 39.57],
          [46.6, 39.6],
        ],
        -5,
      ],
      [
        [
          [46.5, 39.57],
          [46.6, 39.6],
        ],
        Number.POSITIVE_INFINITY,
      ],
      [
        [
          [46.5, 39.57],
          [46.6, 39.6],
        ],
        D,
        0,
      ],
      [
        [
          [46.5, 39.57],
          [46.6, 39.6],
        ],
        D,
        90,
      ],
    ];
    for (const [l, d, step] of bad) {
      const call = () => bufferLine(l, d, step === undefined ? {} : { stepDegrees: step });
      expect(call).toThrow(FrontlineError);
      try {
        call();
      } catch (error) {
        expect((error as FrontlineError).code).toBe('INVALID_ARGUMENT');
      }
    }
  });
});

describe('distanceToLineMeters', () => {
  it('agrees with a golden-section GeographicLib search to 1 mm', () => {
    const line = JSON.parse(fs.readFileSync(path.join(fixturesDir, 'buffer/bent-line.json'), 'utf8')) as Position[];
    const points: Position[] = [[46.6, 39.6], [46.52, 39.58], [46.9, 39.9], [46.55, 39.7], line[1]!, [46.7, 39.45]];
    for (const p of points) expect(Math.abs(distanceToLineMeters(p, line) - referenceDistanceToLine(p, line))).toBeLessThan(1e-3);
  });

  it('rejects a bad point or line', () => {
    expect(() =>
      distanceToLineMeters(
        [Number.NaN, 0],
        [
          [0, 0],
          [1, 1],
        ],
      ),
    ).toThrow(FrontlineError);
    expect(() => distanceToLineMeters([0, 0], [[0, 0]])).toThrow(FrontlineError);
  });
});

describe.each(['2020', '2022'])('Lachin corridor route %s', (year) => {
  const file = path.join(fixturesDir, `lachin-corridor/route-${year}.geojson`);
  const collection = JSON.parse(fs.readFileSync(file, 'utf8')) as FeatureCollection;
  const routes = collection.features.filter((f): f is Feature<LineString> => f.geometry?.type === 'LineString');
  const waypoints = collection.features.filter((f): f is Feature<Point> => f.geometry?.type === 'Point');
  const route = routes[0]!.geometry.coordinates;
  const buffer = bufferLine(route, D);

  it('is one dated LineString whose vertices are the cited waypoints, in order', () => {
    expect(routes).toHaveLength(1);
    const props = routes[0]!.properties!;
    expect(props.validFrom).toBe(year === '2020' ? '2020-11-10' : '2022-08-26');
    expect(props.validTo).toBe(year === '2020' ? '2022-08-26' : '2023-09-20');
    for (const key of ['id', 'title', 'description', 'accuracy']) expect(typeof props[key]).toBe('string');
    expect(waypoints.map((w) => w.geometry.coordinates)).toEqual(route);
    for (const w of waypoints) {
      for (const key of ['name', 'role', 'source']) expect(String(w.properties?.[key] ?? '').length).toBeGreaterThan(0);
    }
  });

  it('starts within 10 m of the Natural Earth Armenia–Azerbaijan border', () => {
    const ne = JSON.parse(fs.readFileSync(path.join(upstreamDir, 'natural-earth/ne_10m_admin_0_boundary_lines_land.json'), 'utf8')) as FeatureCollection;
    const runs: Position[][] = [];
    for (const f of ne.features) {
      const pair = [f.properties?.adm0_left, f.properties?.adm0_right].sort().join('|');
      if (pair !== 'Armenia|Azerbaijan') continue;
      const g = f.geometry as LineString | { type: 'MultiLineString'; coordinates: Position[][] };
      runs.push(...(g.type === 'LineString' ? [g.coordinates] : g.coordinates));
    }
    expect(runs.length).toBeGreaterThan(0);
    const start = route[0]!;
    const nearby = runs.filter((run) => run.some((v) => referenceDistance(v, start) < 50_000));
    const distance = Math.min(...nearby.map((run) => referenceDistanceToLine(start, run)));
    expect(distance).toBeLessThan(10);
  });

  it('ends within 2 km of the centre of Stepanakert', () => {
    expect(referenceDistance(route[route.length - 1]!, [46.7519, 39.8153])).toBeLessThan(2000);
  });

  it('has every boundary vertex 2500 m ± 1 % from the route and holds the whole route', () => {
    expect(buffer.coordinates).toHaveLength(1);
    const { min, max } = relativeErrors(buffer, route);
    expect(min).toBeGreaterThan(-0.01);
    expect(max).toBeLessThan(0.01);
    for (let i = 0; i + 1 < route.length; i++) {
      for (const p of geodesicRun(
        route[i]![1]!,
        route[i]![0]!,
        WGS84.Inverse(route[i]![1]!, route[i]![0]!, route[i + 1]![1]!, route[i + 1]![0]!).azi1!,
        referenceDistance(route[i]!, route[i + 1]!),
        8,
      )) {
        expect(inside(p, buffer)).toBe(true);
      }
    }
  });

  it('is 5 km ± 2 % wide measured across the route every 500 m', () => {
    const widths: number[] = [];
    let stations = 0;
    for (let i = 0; i + 1 < route.length; i++) {
      const a = route[i]!,
        b = route[i + 1]!;
      const seg = WGS84.InverseLine(a[1]!, a[0]!, b[1]!, b[0]!);
      for (let s = 250; s < seg.s13; s += 500) {
        stations++;
        const station = seg.Position(s);
        const halves = [-90, 90].map((turn) => {
          const azi = station.azi2! + turn;
          const e = exitDistance(station.lat2!, station.lon2!, azi, buffer);
          const exit = WGS84.Direct(station.lat2!, station.lon2!, azi, e);
          // Beside a bend the ray leaves through another segment's side: no local width there.
          const local = Math.abs(referenceDistanceToLine([exit.lon2!, exit.lat2!], route) - e) < 5;
          return local ? e : Number.NaN;
        });
        const width = halves[0]! + halves[1]!;
        if (Number.isFinite(width)) widths.push(width);
      }
    }
    expect(widths.length).toBeGreaterThan(0.6 * stations);
    expect(Math.min(...widths) / (2 * D)).toBeGreaterThan(0.98);
    expect(Math.max(...widths) / (2 * D)).toBeLessThan(1.02);
  });

  it('keeps the 5-km strip at least 1.5 km from the centre of Shusha', () => {
    const shusha: Position = [46.749, 39.758];
    expect(inside(shusha, buffer)).toBe(false);
    expect(referenceDistanceToLine(shusha, buffer.coordinates[0]!)).toBeGreaterThan(1500);
  });
});
