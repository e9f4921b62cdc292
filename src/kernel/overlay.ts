import type { MultiPolygon, Polygon, Position } from 'geojson';
import { FrontlineError } from '../errors.js';
import { refuseAntimeridian } from './antimeridian.js';
import { ClipType, FillRule, areaSign, clipPolygons, type Path64 } from './clipper.js';
import { GRID_DEG, toGrid } from './grid.js';
import { orient, turnsBack } from './predicates.js';
import { polygonRings } from './rings.js';
import { spikeFreeIndices } from './spikes.js';

/**
 * Boolean operations on polygons in longitude/latitude, treated as a plane (edges straight
 * in lon/lat), on Clipper2 (clipper.ts: Angus Johnson's Vatti-based clipper, integer
 * coordinates, exact orientation tests), which is robust on shared edges and an order of
 * magnitude faster than the arbitrary-precision sweep of polyclip-ts.
 *
 * Coordinates go through the kernel's grid (grid.ts, 1e-9°, about 0.1 mm on the ground), so
 * outputs are exact on that grid, and input already on it comes back bit for bit. A ring with
 * area that has none on the grid (a sliver thinner than a grid step) is an error,
 * `BELOW_GRID`, rather than a silent loss. Collinear vertices are dropped (Clipper2 with
 * `preserveCollinear` off: straight runs come back as one edge, which keeps results small and
 * free of the near-degenerate vertices that break validity). Edges are straight in lon/lat, so
 * this changes no planar area; a caller that measures geodesic-edge areas of the pieces
 * re-densifies them (the model's `shortEdged`, densify.ts), so that pieces add up to the whole.
 *
 * Every function returns a MultiPolygon (possibly with no polygons) in OGC form (clipper.ts
 * and simple-polygons.ts: rings simple, touching only at points, interiors connected), exterior
 * rings counter-clockwise and holes clockwise (RFC 7946), and never mutates its input.
 */
export type Areal = Polygon | MultiPolygon;

/** Size of the overlay's coordinate grid, degrees (1e-9° is 0.11 mm of latitude): the kernel's grid (grid.ts). */
export const OVERLAY_GRID_DEG = GRID_DEG;

/**
 * Largest |coordinate| the overlay takes: on the 1e-9 grid it is 1e18, within Clipper's 64-bit
 * range (about 2.3e18). Longitudes and latitudes are far inside it, and so are the metres of
 * the local planes buffer.ts overlays in.
 */
const MAX_COORDINATE = 1e9;

/**
 * Checks every ring is an array of positions of two finite numbers in the grid's range before
 * any is scaled to it: NaN or 1e300 would otherwise reach Clipper and come back as garbage.
 */
function checkCoordinates(polygons: unknown, single: boolean): void {
  const fail = (message: string, where: string): never => {
    throw new FrontlineError('INVALID_GEOJSON', `overlay: ${message} at ${where}`, { where });
  };
  if (!Array.isArray(polygons)) fail('coordinates are not an array', 'coordinates');
  (polygons as unknown[]).forEach((rings, p) => {
    const at = single ? 'coordinates' : `coordinates[${p}]`;
    if (!Array.isArray(rings)) fail('polygon is not an array of rings', at);
    (rings as unknown[]).forEach((ring, r) => {
      if (!Array.isArray(ring)) fail('ring is not an array of positions', `${at}[${r}]`);
      const list = ring as unknown[];
      for (let i = 0; i < list.length; i++) {
        const q = list[i] as unknown[];
        const x = Array.isArray(q) ? q[0] : undefined,
          y = Array.isArray(q) ? q[1] : undefined;
        if (typeof x !== 'number' || typeof y !== 'number' || !(Math.abs(x) <= MAX_COORDINATE) || !(Math.abs(y) <= MAX_COORDINATE)) {
          fail(`position must be [longitude, latitude] with finite numbers of magnitude at most ${MAX_COORDINATE}`, `${at}[${r}][${i}]`);
        }
      }
    });
  });
}

/**
 * Integer paths with shells counter-clockwise and holes clockwise, whatever the input's
 * winding, so that the non-zero fill rule reads every polygon as its shell less its holes
 * and overlapping parts of one input as covered once.
 */
function toPaths(geometry: Areal, geographic: boolean): Path64[] {
  const paths: Path64[] = [];
  const polygons = polygonRings(geometry, 'overlay');
  const single = geometry.type === 'Polygon';
  checkCoordinates(polygons, single);
  if (geographic) refuseAntimeridian(polygons, 'overlay', single);
  polygons.forEach((rings, p) => {
    rings.forEach((ring, index) => {
      const n = ring.length > 1 && ring[0]![0] === ring[ring.length - 1]![0] && ring[0]![1] === ring[ring.length - 1]![1] ? ring.length - 1 : ring.length;
      if (n < 3) return;
      const grid: Path64 = new Array(n);
      for (let i = 0; i < n; i++) grid[i] = { x: toGrid(ring[i]![0]!), y: toGrid(ring[i]![1]!) };
      const path = withoutSpikes(grid);
      // A path without spikes whose points are all on one line has fewer than three left.
      if (path.length < 3) {
        if (hasArea(ring, n)) throw belowGrid(ring, n, single ? `coordinates[${index}]` : `coordinates[${p}][${index}]`);
        return;
      }
      // Decided on the grid, exactly: a float sum over raw coordinates can get a thin ring wrong.
      const wantCounterClockwise = index === 0;
      const sign = areaSign(path);
      if (sign !== 0 && sign > 0 !== wantCounterClockwise) path.reverse();
      paths.push(path);
    });
  });
  return paths;
}

/** Whether a ring encloses any area as written (some three of its vertices turn, once spikes are cut). */
function hasArea(ring: Position[], n: number): boolean {
  const same = (i: number, j: number) => ring[i]![0] === ring[j]![0] && ring[i]![1] === ring[j]![1];
  const back = (i: number, v: number, j: number) => turnsBack(ring[i]![0]!, ring[i]![1]!, ring[v]![0]!, ring[v]![1]!, ring[j]![0]!, ring[j]![1]!);
  const kept = spikeFreeIndices(n, true, same, back);
  for (let k = 0; k + 2 < kept.length; k++) {
    const a = ring[kept[0]!]!,
      b = ring[kept[k + 1]!]!,
      c = ring[kept[k + 2]!]!;
    if (orient(a[0]!, a[1]!, b[0]!, b[1]!, c[0]!, c[1]!) !== 0) return true;
  }
  return false;
}

function belowGrid(ring: Position[], n: number, where: string): FrontlineError {
  let w = Infinity,
    s = Infinity,
    e = -Infinity,
    north = -Infinity;
  for (let i = 0; i < n; i++) {
    w = Math.min(w, ring[i]![0]!);
    e = Math.max(e, ring[i]![0]!);
    s = Math.min(s, ring[i]![1]!);
    north = Math.max(north, ring[i]![1]!);
  }
  const size = (v: number) => String(Number(v.toPrecision(3)));
  return new FrontlineError(
    'BELOW_GRID',
    `overlay: the ring at ${where} (${size(e - w)}° by ${size(north - s)}°) is thinner than the ${GRID_DEG}° grid the overlay computes on, so it would vanish; drop it or widen it (validate reports such rings as BELOW_GRID)`,
    { where },
  );
}

/**
 * The path without repeated points and without spikes (spikes.ts). Neither encloses anything,
 * but Clipper2 mishandles spikes: a clip path with one can leave the result with polygons
 * overlapping each other and the wrong area (a bow tie with a spike at one tip, subtracted
 * from a triangle, came out 1 % too large).
 */
function withoutSpikes(path: Path64): Path64 {
  const same = (i: number, j: number) => path[i]!.x === path[j]!.x && path[i]!.y === path[j]!.y;
  const back = (i: number, v: number, j: number) => turnsBack(path[i]!.x, path[i]!.y, path[v]!.x, path[v]!.y, path[j]!.x, path[j]!.y);
  return spikeFreeIndices(path.length, true, same, back).map((i) => path[i]!);
}

/** `subject` against `clips` by one Clipper2 operation, filled by the non-zero rule. */
function run(type: ClipType, name: string, subject: Areal, clips: Areal[], geographic = true): MultiPolygon {
  const job = {
    type,
    fillRule: FillRule.NonZero,
    preserveCollinear: false,
    subject: toPaths(subject, geographic),
    clips: clips.map((c) => toPaths(c, geographic)),
  };
  return { type: 'MultiPolygon', coordinates: clipPolygons(job, `polygon ${name} failed`) };
}

/** The part of `a` inside every one of `others`. */
export function intersection(a: Areal, ...others: Areal[]): MultiPolygon {
  // Clipper intersects the subject with the union of the clips: fold for "inside all".
  if (others.length === 0) return run(ClipType.Union, 'intersection', a, []);
  let result: Areal = a;
  for (const other of others) {
    result = run(ClipType.Intersection, 'intersection', result, [other]);
    if (result.coordinates.length === 0) break;
  }
  return result as MultiPolygon;
}

/** `a` less all of `others`. */
export function difference(a: Areal, ...others: Areal[]): MultiPolygon {
  return run(ClipType.Difference, 'difference', a, others);
}

/** Everything in `a` or any of `others`. */
export function union(a: Areal, ...others: Areal[]): MultiPolygon {
  return run(ClipType.Union, 'union', a, others);
}

/**
 * {@link union} of geometry in a plane (metres of a local projection, as the buffer kernel
 * works in), where no coordinate is a longitude and an edge may span any distance.
 */
export function planarUnion(a: Areal, ...others: Areal[]): MultiPolygon {
  return run(ClipType.Union, 'union', a, others, false);
}

/** Splits a (Multi)Polygon into its polygons, each as a Polygon geometry. */
export function polygonsOf(geometry: Areal): Polygon[] {
  if (geometry.type === 'Polygon') return [geometry];
  return geometry.coordinates.map((coordinates) => ({ type: 'Polygon', coordinates }));
}

export function isEmpty(geometry: Areal): boolean {
  return geometry.coordinates.length === 0;
}
