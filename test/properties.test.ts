/**
 * Invariants, checked on generated inputs (test/support/arbitraries.ts) with fast-check:
 * `FRONTLINE_PROPERTY_RUNS` runs per property (default 200; `npm run test:all` runs 1,000 and `npm run fuzz` 20,000), seeded
 * with `FRONTLINE_PROPERTY_SEED` so that a failure in CI reproduces locally.
 *
 * Tolerances. The overlay computes in the plane of longitude/latitude: its outputs are exact
 * sets of that plane, up to rounding each vertex to the 1e-9° grid. So each identity is
 * checked twice:
 * - on planar areas (shoelace in degrees², computed here), to the rounding alone: each output
 *   vertex moves by at most 0.71e-9°, which moves an output's area by at most that times its
 *   perimeter. This is tight, and catches any piece the overlay loses or counts twice.
 * - on `area` (WGS84, geodesic edges), within `geodesicSlackM2`: `area` reads every edge as a
 *   geodesic, the overlay as straight in lon/lat, and between the two lies a lune of at most
 *   L³·|tan φ|/(12 R) for an edge of length L; where the overlay cuts an edge, the lunes of the
 *   pieces no longer add up to the lune of the whole. Inputs are densified to 0.002° (≈ 220 m)
 *   and overlay outputs re-densified the same way before they are measured (as the model does
 *   with `shortEdged`), so every edge is short, and the slack sums the bound over every edge of
 *   every geometry in the identity (only cut edges matter, so it is generous), plus the grid
 *   rounding in metres. Measured residuals stay far below it; the planar check is the sharp one.
 */
import fc from 'fast-check';
import type { Polygon, Position } from 'geojson';
import { afterAll, describe, expect, it } from 'vitest';
import { area } from '../src/kernel/area.js';
import { densify } from '../src/kernel/densify.js';
import { difference, intersection, union } from '../src/kernel/overlay.js';
import { repair } from '../src/kernel/repair.js';
import { validate, type FindingCode } from '../src/kernel/validate.js';
import { diffSnapshots, transferMatrix } from '../src/model/diff.js';
import { deepFreeze } from './support/assert.js';
import { referenceArea } from './support/reference.js';
import {
  PROPERTY_RUNS,
  PROPERTY_SEED,
  PROPERTY_STEP_DEG,
  buildPair,
  buildSnapshotPair,
  frameArb,
  geodesicSlackM2,
  pairSpecArb,
  planarArea,
  planarPerimeter,
  snapshotPairSpecArb,
  type Areal,
} from './support/arbitraries.js';

const settings = { numRuns: PROPERTY_RUNS, seed: PROPERTY_SEED };
const SNAP_DEG = 0.5e-9 * Math.SQRT2;
const _measured = (g: Areal): number => area(densify(g, PROPERTY_STEP_DEG));
/** Largest residual / tolerance seen per identity, printed at the end (each property asserts it stays below 1). */
const worst: Record<string, number> = {};
const note = (name: string, residual: number, tolerance: number) => {
  worst[name] = Math.max(worst[name] ?? 0, Math.abs(residual) / tolerance);
};

describe(`overlay and area invariants (${PROPERTY_RUNS} runs each, seed ${PROPERTY_SEED})`, () => {
  it('area(A ∪ B) + area(A ∩ B) = area(A) + area(B)', () => {
    fc.assert(
      fc.property(pairSpecArb, (spec) => {
        const { a, b } = buildPair(spec);
        const u = union(a, b),
          i = intersection(a, b);
        const origin: Position = [spec.frame.lon, spec.frame.lat];
        const planar = planarArea(u, origin) + planarArea(i, origin) - planarArea(a, origin) - planarArea(b, origin);
        const planarTolerance = SNAP_DEG * (planarPerimeter(u) + planarPerimeter(i)) + 1e-15;
        note('union planar', planar, planarTolerance);
        expect(Math.abs(planar)).toBeLessThanOrEqual(planarTolerance);
        const ud = densify(u, PROPERTY_STEP_DEG),
          id = densify(i, PROPERTY_STEP_DEG);
        const geodesic = area(ud) + area(id) - area(a) - area(b);
        const slack = geodesicSlackM2([a, b, ud, id], [u, i]);
        note('union geodesic', geodesic, slack);
        expect(Math.abs(geodesic)).toBeLessThanOrEqual(slack);
      }),
      settings,
    );
  });

  it('area(A \\ B) + area(A ∩ B) = area(A)', () => {
    fc.assert(
      fc.property(pairSpecArb, (spec) => {
        const { a, b } = buildPair(spec);
        const d = difference(a, b),
          i = intersection(a, b);
        const origin: Position = [spec.frame.lon, spec.frame.lat];
        const planar = planarArea(d, origin) + planarArea(i, origin) - planarArea(a, origin);
        const planarTolerance = SNAP_DEG * (planarPerimeter(d) + planarPerimeter(i)) + 1e-15;
        note('difference planar', planar, planarTolerance);
        expect(Math.abs(planar)).toBeLessThanOrEqual(planarTolerance);
        const dd = densify(d, PROPERTY_STEP_DEG),
          id = densify(i, PROPERTY_STEP_DEG);
        const geodesic = area(dd) + area(id) - area(a);
        const slack = geodesicSlackM2([a, dd, id], [d, i]);
        note('difference geodesic', geodesic, slack);
        expect(Math.abs(geodesic)).toBeLessThanOrEqual(slack);
      }),
      settings,
    );
  });

  it('inputs and overlay results are valid polygons per validate', () => {
    // By OGC rules, as GEOS reads them: only an empty result (a warning) is allowed. Orientation
    // follows RFC 7946.
    const allowed = new Set<FindingCode>(['EMPTY_GEOMETRY']);
    fc.assert(
      fc.property(pairSpecArb, (spec) => {
        const { a, b } = buildPair(spec);
        for (const [name, g] of [
          ['A', a],
          ['B', b],
          ['A ∪ B', union(a, b)],
          ['A ∩ B', intersection(a, b)],
          ['A \\ B', difference(a, b)],
        ] as const) {
          const findings = validate(g).filter((f) => !allowed.has(f.code) && !(name.length === 1 && f.code === 'RING_ORIENTATION'));
          expect(findings, name).toEqual([]);
        }
      }),
      settings,
    );
  });

  it('the same inputs give byte-identical outputs, and no input is ever written to', () => {
    fc.assert(
      fc.property(pairSpecArb, (spec) => {
        const { a, b } = deepFreeze(buildPair(spec));
        const before = JSON.stringify([a, b]);
        const once = () => JSON.stringify([union(a, b), intersection(a, b), difference(a, b), area(a), validate(a), repair(b)]);
        expect(once()).toBe(once());
        expect(JSON.stringify([a, b])).toBe(before);
      }),
      settings,
    );
  });
});

describe(`diffSnapshots invariants (${PROPERTY_RUNS} runs, seed ${PROPERTY_SEED})`, () => {
  it('after − before = gained − lost, retained + lost = before, the matrix adds up; deterministic; inputs untouched', () => {
    fc.assert(
      fc.property(snapshotPairSpecArb, (spec) => {
        const { a, b } = buildSnapshotPair(spec);
        const diff = diffSnapshots(a, b);
        expect(JSON.stringify(diffSnapshots(a, b))).toBe(JSON.stringify(diff));
        const matrix = transferMatrix(diff);
        // The snapshots' geometries are frozen: a write would throw.
        for (const c of a.controllers) expect(Object.isFrozen(a.geometry(c))).toBe(true);
        const all: Areal[] = [...a.controllers.map((c) => a.geometry(c)), ...b.controllers.map((c) => b.geometry(c))];
        for (const c of diff.controllers) all.push(c.gained, c.lost, c.retained);
        for (const t of diff.transfers) all.push(t.geometry);
        // Each geometry is already densified by the model; every one is an overlay output.
        const slackKm2 = (geodesicSlackM2(all, all) + 2) / 1e6;
        diff.controllers.forEach((c, k) => {
          const close = (x: number, y: number, what: string) => {
            note(`diff ${what}`, x - y, slackKm2);
            expect(Math.abs(x - y), `${c.controller}: ${what}`).toBeLessThanOrEqual(slackKm2);
          };
          close(c.afterKm2 - c.beforeKm2, c.gainedKm2 - c.lostKm2, 'after − before = gained − lost');
          close(c.retainedKm2 + c.lostKm2, c.beforeKm2, 'retained + lost = before');
          close(c.retainedKm2 + c.gainedKm2, c.afterKm2, 'retained + gained = after');
          const i = matrix.controllers.indexOf(c.controller);
          expect(i).toBe(k);
          close(
            matrix.km2[i]!.reduce((s, v) => s + v, 0),
            c.lostKm2,
            'row = lost',
          );
          close(
            matrix.km2.reduce((s, row) => s + row[i]!, 0),
            c.gainedKm2,
            'column = gained',
          );
        });
      }),
      settings,
    );
  });
});

describe(`validate and repair agree (${PROPERTY_RUNS} runs, seed ${PROPERTY_SEED})`, () => {
  const FIXABLE = new Set<FindingCode>([
    'UNCLOSED_RING',
    'TOO_FEW_POINTS',
    'ZERO_AREA_RING',
    'SELF_INTERSECTION',
    'RING_SELF_TOUCH',
    'RING_SPIKE',
    'SHARED_EDGE',
    'HOLE_OUTSIDE_SHELL',
    'OVERLAPPING_HOLES',
    'DISCONNECTED_INTERIOR',
    'OVERLAPPING_POLYGONS',
  ]);
  // Rings of 1–24 random vertices (closed or not, some repeated): mostly self-intersecting.
  const soup = fc.record({
    frame: frameArb,
    rings: fc.array(
      fc.record({
        points: fc.array(fc.tuple(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 0, max: 16 })), { minLength: 1, maxLength: 24 }),
        closed: fc.boolean(),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  });

  it('repair changes exactly what validate finds fixable, and its result is valid', () => {
    fc.assert(
      fc.property(soup, ({ frame, rings }) => {
        const coordinates = rings.map(({ points, closed }) => {
          const ring = points.map(([x, y]): Position => [frame.lon + (x / 16) * frame.size, frame.lat + (y / 16) * frame.size]);
          return closed ? [...ring, [...ring[0]!]] : ring;
        });
        const input = deepFreeze({ type: 'Polygon' as const, coordinates });
        const found = validate(input);
        const result = repair(input);
        const changed = new Set(result.changes.map((c) => c.code));
        for (const code of changed)
          expect(
            found.some((f) => f.code === code),
            `repair changed ${code}, which validate did not find`,
          ).toBe(true);
        // A ring repair drops (too few points, no area, none on the grid) takes its other problems with it.
        const dropped = result.changes.filter((c) => c.code === 'TOO_FEW_POINTS' || c.code === 'ZERO_AREA_RING' || c.code === 'BELOW_GRID').map((c) => c.path);
        const moot = (where: string) => dropped.some((d) => where === d || where.startsWith(`${d}[`) || d === 'coordinates[0]');
        for (const f of found)
          if (FIXABLE.has(f.code) && !moot(f.path)) expect(changed.has(f.code), `validate found ${f.code} at ${f.path}, repair did not change it`).toBe(true);
        expect(validate(result.geojson).filter((f) => f.severity === 'error')).toEqual([]);
        expect(repair(result.geojson).changes).toEqual([]);
        // The change is measured against the input as area reads it (holes subtracted, whatever
        // they enclose): GeographicLib's areas of the same rings, to its 1e-9 agreement.
        const expected = referenceArea(result.geojson as Polygon) - referenceArea(input);
        expect(Math.abs(result.areaChangeM2 - expected)).toBeLessThanOrEqual(1e-8 * (Math.abs(referenceArea(input)) + area(result.geojson)) + 1e-3);
      }),
      settings,
    );
  });
});

// Each property asserts its own residual; the summary is only printed, so that no test depends
// on others having run first.
afterAll(() => {
  console.log(
    Object.entries(worst)
      .map(([k, v]) => `${k}: ${v.toExponential(2)} of the tolerance`)
      .join('\n'),
  );
});

describe(`validate does not depend on the order of parts and rings (${PROPERTY_RUNS} runs, seed ${PROPERTY_SEED})`, () => {
  // MultiPolygons of lattice rectangles and triangles, with holes: touches, shared edges and
  // nesting are common on a lattice this small.
  const ring = fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 })), { minLength: 3, maxLength: 5 });
  const polygon = fc.array(ring, { minLength: 1, maxLength: 3 });
  const spec = fc.record({ polygons: fc.array(polygon, { minLength: 1, maxLength: 3 }), order: fc.array(fc.nat(), { minLength: 12, maxLength: 12 }) });
  const closed = (points: [number, number][]): Position[] => [...points.map(([x, y]): Position => [x / 4, y / 4]), [points[0]![0] / 4, points[0]![1] / 4]];
  const shuffled = <T>(list: T[], keys: number[]): T[] =>
    list
      .map((item, i) => ({ item, key: keys[i % keys.length]! + i / 100 }))
      .sort((a, b) => a.key - b.key)
      .map((x) => x.item);
  const errors = (g: unknown) =>
    [
      ...new Set(
        validate(g)
          .filter((f) => f.severity === 'error')
          .map((f) => f.code),
      ),
    ].sort();

  it('finds the same kinds of error, whatever order the parts, the holes and each ring start in', () => {
    fc.assert(
      fc.property(spec, ({ polygons, order }) => {
        const original = { type: 'MultiPolygon' as const, coordinates: polygons.map((rings) => rings.map(closed)) };
        const rotate = (r: Position[], by: number): Position[] => {
          const body = r.slice(0, -1);
          const k = by % body.length;
          const turned = [...body.slice(k), ...body.slice(0, k)];
          return [...turned, turned[0]!];
        };
        const reordered = {
          type: 'MultiPolygon' as const,
          coordinates: shuffled(
            original.coordinates.map((rings) => [rings[0]!, ...shuffled(rings.slice(1), order.slice(3))].map((r, i) => rotate(r, order[i % order.length]!))),
            order,
          ),
        };
        expect(errors(reordered)).toEqual(errors(original));
      }),
      settings,
    );
  });
});
