/**
 * Seeded random control snapshots for invariant tests, and an area reference for polygons
 * whose edges are straight in lon/lat.
 *
 * A pair of snapshots covers a 0.5° × 0.5° box split into an n × n grid. Each cell is kept
 * whole or cut (into four quarters, two triangles, or two strips at a random fraction), and
 * each piece goes to one of 2–3 controllers or to nobody. Pieces of one controller are merged
 * with the overlay's `union`, so controllers share edges, touch at vertices and meet in
 * T-junctions (a whole cell beside a quartered one). The later snapshot either reassigns
 * some pieces of the earlier one or is drawn afresh with its own cuts, so the two snapshots'
 * boundaries cross.
 */
import type { Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import { union } from '../../src/kernel/overlay.js';
import type { DiffRegion } from '../../src/model/diff.js';
import { ControlSnapshot } from '../../src/model/snapshot.js';
import { referenceArea } from './reference.js';

/** Mulberry32: a small seeded PRNG returning numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Rectangle [west, south, east, north] in degrees as a closed counter-clockwise Polygon. */
export function rectangle([w, s, e, n]: readonly number[]): Polygon {
  return { type: 'Polygon', coordinates: [[[w!, s!], [e!, s!], [e!, n!], [w!, n!], [w!, s!]]] };
}

const REFERENCE_STEP_DEG = 0.0005;

/**
 * Reference area (km²) of a Polygon/MultiPolygon whose edges are straight in lon/lat:
 * GeographicLib's geodesic polygon area over the rings sampled every 0.0005° along each edge
 * (a sampling of its own, four times finer than the library's, so the residual is ~1e-11).
 */
export function referenceStraightEdgeKm2(geometry: Geometry): number {
  const sample = (ring: Position[]): Position[] => {
    const out: Position[] = [];
    for (let i = 0; i + 1 < ring.length; i++) {
      const [x0, y0] = ring[i] as [number, number];
      const [x1, y1] = ring[i + 1] as [number, number];
      const n = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0)) / REFERENCE_STEP_DEG));
      for (let k = 0; k < n; k++) out.push([x0 + ((x1 - x0) * k) / n, y0 + ((y1 - y0) * k) / n]);
    }
    out.push(ring[ring.length - 1]!);
    return out;
  };
  if (geometry.type === 'Polygon') return referenceArea({ type: 'Polygon', coordinates: geometry.coordinates.map(sample) }) / 1e6;
  if (geometry.type === 'MultiPolygon') {
    return referenceArea({ type: 'MultiPolygon', coordinates: geometry.coordinates.map((p) => p.map(sample)) }) / 1e6;
  }
  return 0;
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

/** A pair of random snapshots over one 0.5° box, and two regions covering part of it. */
export function randomSnapshotPair(seed: number): RandomPair {
  const rng = mulberry32(seed);
  const x0 = -170 + rng() * 339;
  const y0 = -60 + rng() * 120;
  const n = 3 + Math.floor(rng() * 4);
  const gx = (i: number) => x0 + (0.5 * i) / n;
  const gy = (j: number) => y0 + (0.5 * j) / n;
  const ring = (pts: [number, number][]): Polygon => ({ type: 'Polygon', coordinates: [[...pts, pts[0]!]] });

  const cut = (i: number, j: number): Polygon[] => {
    const w = gx(i), e = gx(i + 1), s = gy(j), nn = gy(j + 1);
    const r = rng();
    if (r < 0.4) return [rectangle([w, s, e, nn])];
    if (r < 0.6) {
      const mx = (w + e) / 2, my = (s + nn) / 2;
      return [rectangle([w, s, mx, my]), rectangle([mx, s, e, my]), rectangle([w, my, mx, nn]), rectangle([mx, my, e, nn])];
    }
    if (r < 0.8) {
      return rng() < 0.5
        ? [ring([[w, s], [e, s], [e, nn]]), ring([[w, s], [e, nn], [w, nn]])]
        : [ring([[w, s], [e, s], [w, nn]]), ring([[e, s], [e, nn], [w, nn]])];
    }
    const t = 0.2 + 0.6 * rng();
    if (rng() < 0.5) {
      const x = w + (e - w) * t;
      return [rectangle([w, s, x, nn]), rectangle([x, s, e, nn])];
    }
    const y = s + (nn - s) * t;
    return [rectangle([w, s, e, y]), rectangle([w, y, e, nn])];
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
    { id: 'r1', name: 'Region one', geometry: ring([[x0 - 0.1, y0 - 0.1], [m1, y0 - 0.1], [m2, top], [x0 - 0.1, top]]) },
    { id: 'r2', name: 'Region two', geometry: ring([[m1, y0 - 0.1], [x0 + 0.6, y0 - 0.1], [x0 + 0.6, top], [m2, top]]) },
  ];

  return {
    seed,
    a: snapshot(`a${seed}`, '2020-01-01', piecesA),
    b: snapshot(`b${seed}`, '2020-02-01', piecesB),
    regions,
    origin: [x0, y0],
  };
}
