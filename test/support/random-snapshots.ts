/**
 * Seeded random control snapshots for invariant tests, and the densified rectangles and
 * fixtures the snapshot, diff and claim tests are built from.
 *
 * A pair of snapshots covers a 0.5° × 0.5° box split into an n × n grid. Each cell is kept
 * whole or cut (into four quarters, two triangles, or two strips at a random fraction), and
 * each piece goes to one of 2–3 controllers or to nobody. Pieces of one controller are merged
 * with the overlay's `union`, so controllers share edges, touch at vertices and meet in
 * T-junctions (a whole cell beside a quartered one). The later snapshot either reassigns
 * some pieces of the earlier one or is drawn afresh with its own cuts, so the two snapshots'
 * boundaries cross.
 */
import type { FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { densify } from '../../src/kernel/densify.js';
import { union } from '../../src/kernel/overlay.js';
import type { DiffRegion } from '../../src/model/diff.js';
import { ControlSnapshot } from '../../src/model/snapshot.js';
import { mulberry32 } from './random.js';

/**
 * Longest edge step (degrees) of every test geometry built here or loaded from
 * fixtures/snapshots, as callers are told to densify before comparing areas: the overlay reads
 * edges as straight in lon/lat, `area` as geodesics (see src/kernel/densify.ts). It equals the
 * model's own step (MODEL_STEP_DEG), so a hand-derived rectangle has the very points the model
 * keeps for it and GeographicLib's area of it is the expected value to 1e-12. The invariant
 * residuals do not depend on it (the model re-densifies what the overlay returns): on the 36
 * seeded pairs of test/diff.test.ts, 7.6e-9 relative (regional breakdowns 5.8e-8) with inputs
 * densified to 0.005°, 0.01°, 0.05° or left as drawn.
 */
export const TEST_STEP_DEG = 0.005;

/**
 * Rectangle [west, south, east, north] in degrees as a closed counter-clockwise Polygon, its
 * east-west edges divided into equal steps of at most `stepDegrees` (its meridian edges are
 * geodesics already). Written apart from the library's `densify` but to the same rule (step
 * count, each point measured from the nearer corner), so hand-derived expectations do not run
 * through the code under test, and rectangles sharing an edge share its points bit for bit.
 */
export function rectangle([w, s, e, n]: readonly number[], stepDegrees = TEST_STEP_DEG): Polygon {
  if (!(stepDegrees > 0 && Number.isFinite(stepDegrees))) throw new Error(`rectangle: step must be a finite number > 0, got ${stepDegrees}`);
  const steps = Math.max(1, Math.ceil((Math.abs(e! - w!) / stepDegrees) * (1 - 1e-9)));
  const x = (k: number): number => (2 * k < steps ? w! + ((e! - w!) * k) / steps : 2 * k > steps ? e! - ((e! - w!) * (steps - k)) / steps : (w! + e!) / 2);
  const south: Position[] = [],
    north: Position[] = [];
  for (let k = 0; k <= steps; k++) {
    south.push([x(k), s!]);
    north.push([x(steps - k), n!]);
  }
  return { type: 'Polygon', coordinates: [[...south, ...north, [w!, s!]]] };
}

/** A FeatureCollection with every (Multi)Polygon and (Multi)LineString densified to `stepDegrees`, as a caller would before overlay. */
export function densifyCollection<T extends FeatureCollection>(collection: T, stepDegrees = TEST_STEP_DEG): T {
  return {
    ...collection,
    features: collection.features.map((f) => {
      const g = f.geometry;
      const densifiable = g?.type === 'Polygon' || g?.type === 'MultiPolygon' || g?.type === 'LineString' || g?.type === 'MultiLineString';
      return densifiable ? { ...f, geometry: densify(g, stepDegrees) } : f;
    }),
  };
}

const NAMES = ['Blue', 'Red', 'Green'];

interface Piece {
  polygon: Polygon;
  owner: number; // index into NAMES, or −1 for nobody
}

export interface RandomPair {
  seed: number;
  a: ControlSnapshot;
  b: ControlSnapshot;
  regions: DiffRegion[];
  /** South-west corner of the box, degrees. */
  origin: [number, number];
}

/**
 * A pair of random snapshots over one 0.5° box, and two regions covering part of it, every
 * piece and region densified to `stepDegrees` before the overlay sees it.
 */
export function randomSnapshotPair(seed: number, stepDegrees = TEST_STEP_DEG): RandomPair {
  const rng = mulberry32(seed);
  const x0 = -170 + rng() * 339;
  const y0 = -60 + rng() * 120;
  const n = 3 + Math.floor(rng() * 4);
  const gx = (i: number) => x0 + (0.5 * i) / n;
  const gy = (j: number) => y0 + (0.5 * j) / n;
  const ring = (pts: [number, number][]): Polygon => densify({ type: 'Polygon', coordinates: [[...pts, pts[0]!]] }, stepDegrees);
  const rect = (box: number[]): Polygon => rectangle(box, stepDegrees);

  const cut = (i: number, j: number): Polygon[] => {
    const w = gx(i),
      e = gx(i + 1),
      s = gy(j),
      nn = gy(j + 1);
    const r = rng();
    if (r < 0.4) return [rect([w, s, e, nn])];
    if (r < 0.6) {
      const mx = (w + e) / 2,
        my = (s + nn) / 2;
      return [rect([w, s, mx, my]), rect([mx, s, e, my]), rect([w, my, mx, nn]), rect([mx, my, e, nn])];
    }
    if (r < 0.8) {
      return rng() < 0.5
        ? [
            ring([
              [w, s],
              [e, s],
              [e, nn],
            ]),
            ring([
              [w, s],
              [e, nn],
              [w, nn],
            ]),
          ]
        : [
            ring([
              [w, s],
              [e, s],
              [w, nn],
            ]),
            ring([
              [e, s],
              [e, nn],
              [w, nn],
            ]),
          ];
    }
    const t = 0.2 + 0.6 * rng();
    if (rng() < 0.5) {
      const x = w + (e - w) * t;
      return [rect([w, s, x, nn]), rect([x, s, e, nn])];
    }
    const y = s + (nn - s) * t;
    return [rect([w, s, e, y]), rect([w, y, e, nn])];
  };
  const owner = (k: number): number => (rng() < 0.15 ? -1 : Math.floor(rng() * k));
  const draw = (k: number): Piece[] => {
    const pieces: Piece[] = [];
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (const polygon of cut(i, j)) pieces.push({ polygon, owner: owner(k) });
    return pieces;
  };

  const ka = 2 + Math.floor(rng() * 2);
  const kb = 2 + Math.floor(rng() * 2);
  const piecesA = draw(ka);
  const piecesB = rng() < 0.5 ? piecesA.map((p) => (rng() < 0.3 ? { polygon: p.polygon, owner: owner(kb) } : { ...p, owner: p.owner % kb })) : draw(kb);

  const snapshot = (id: string, date: string, pieces: Piece[]): ControlSnapshot => {
    const controllers = NAMES.flatMap((controller, index) => {
      const mine = pieces.filter((p) => p.owner === index).map((p) => p.polygon);
      if (mine.length === 0) return [];
      const geometry: MultiPolygon = union(mine[0]!, ...mine.slice(1));
      return [{ controller, geometry }];
    });
    return new ControlSnapshot({ id, date, label: `random ${id}`, sources: ['seeded generator'], controllers });
  };

  const top = y0 + 0.15 + 0.3 * rng();
  const m1 = x0 + 0.1 + 0.3 * rng();
  const m2 = x0 + 0.1 + 0.3 * rng();
  const regions: DiffRegion[] = [
    {
      id: 'r1',
      name: 'Region one',
      geometry: ring([
        [x0 - 0.1, y0 - 0.1],
        [m1, y0 - 0.1],
        [m2, top],
        [x0 - 0.1, top],
      ]),
    },
    {
      id: 'r2',
      name: 'Region two',
      geometry: ring([
        [m1, y0 - 0.1],
        [x0 + 0.6, y0 - 0.1],
        [x0 + 0.6, top],
        [m2, top],
      ]),
    },
  ];

  return {
    seed,
    a: snapshot(`a${seed}`, '2020-01-01', piecesA),
    b: snapshot(`b${seed}`, '2020-02-01', piecesB),
    regions,
    origin: [x0, y0],
  };
}
