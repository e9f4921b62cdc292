import type { MultiPolygon, Polygon, Position } from 'geojson';
// The engine's own modules, not the package index: the index builds a namespace of every
// Clipper2 tool (offsetting, rectangle clipping, triangulation...) at load, which no bundler can
// leave out, and overlay needs only the boolean engine.
import { ClipType, FillRule, type Path64 } from 'clipper2-ts/dist/Core.js';
import { Clipper64, PolyTree64, type PolyPath64 } from 'clipper2-ts/dist/Engine.js';
import { FrontlineError, describeValue } from '../errors.js';
import { refuseAntimeridian } from './antimeridian.js';
import { GRID_DEG, fromGrid, toGrid } from './grid.js';
import { orient, turnsBack } from './predicates.js';
import { simplePolygons, type FlatRing } from './simple-polygons.js';
import { spikeFreeIndices } from './spikes.js';

/**
 * Boolean operations on polygons in longitude/latitude, treated as a plane (edges straight
 * in lon/lat), on Clipper2 (Angus Johnson's Vatti-based clipper, integer coordinates,
 * exact orientation tests), which is robust on shared edges and an order of magnitude faster
 * than the arbitrary-precision sweep of polyclip-ts.
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
 * Every function returns a MultiPolygon (possibly with no polygons) in OGC form
 * (simple-polygons.ts: rings simple, touching only at points, interiors connected), exterior
 * rings counter-clockwise and holes clockwise (RFC 7946), and never mutates its input.
 */
export type Areal = Polygon | MultiPolygon;

/** Size of the overlay's coordinate grid, degrees (1e-9° is 0.11 mm of latitude): the kernel's grid (grid.ts). */
export const OVERLAY_GRID_DEG = GRID_DEG;

function polygonsCoordinates(geometry: Areal): Position[][][] {
  if (geometry?.type === 'Polygon') return [geometry.coordinates];
  if (geometry?.type === 'MultiPolygon') return geometry.coordinates;
  throw new FrontlineError(
    'INVALID_ARGUMENT',
    `overlay expects a Polygon or MultiPolygon, got ${describeValue((geometry as { type?: unknown } | null)?.type)}`,
  );
}

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
  const polygons = polygonsCoordinates(geometry);
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

/** A closed GeoJSON ring from flat grid coordinates, as wound. */
function ringFromGrid(flat: FlatRing): Position[] {
  const ring: Position[] = [];
  for (let i = 0; i < flat.length; i += 2) ring.push([fromGrid(flat[i]!), fromGrid(flat[i + 1]!)]);
  ring.push([ring[0]![0]!, ring[0]![1]!]);
  return ring;
}

/**
 * Flat grid coordinates of a Clipper path, wound as asked. Clipper2 does not wind every output
 * the same way (a region filled by negative winding, such as one lobe of a figure eight or a
 * sliver between nearly coincident edges, can come out clockwise), so the winding is decided
 * here from the sign of the path's integer area.
 */
function flatOf(path: Path64, counterClockwise: boolean): FlatRing {
  const flat: FlatRing = new Array(path.length * 2);
  const reverse = areaSign(path) > 0 !== counterClockwise;
  for (let i = 0; i < path.length; i++) {
    const p = path[reverse ? path.length - 1 - i : i]!;
    flat[2 * i] = p.x;
    flat[2 * i + 1] = p.y;
  }
  return flat;
}

/** Sign of a path's area, exact: floating point when its error bound allows, BigInt otherwise. */
function areaSign(path: Path64): number {
  const x0 = path[0]!.x,
    y0 = path[0]!.y;
  let sum = 0,
    magnitude = 0;
  for (let i = 1; i + 1 < path.length; i++) {
    const t = (path[i]!.x - x0) * (path[i + 1]!.y - y0) - (path[i + 1]!.x - x0) * (path[i]!.y - y0);
    sum += t;
    magnitude += Math.abs(t);
  }
  // Differences of the integers are exact; each product and sum rounds by at most 2^-53.
  if (Math.abs(sum) > (path.length + 2) * 2.3e-16 * magnitude) return Math.sign(sum);
  let exact = 0n;
  const bx = BigInt(x0),
    by = BigInt(y0);
  for (let i = 1; i + 1 < path.length; i++) {
    exact += (BigInt(path[i]!.x) - bx) * (BigInt(path[i + 1]!.y) - by) - (BigInt(path[i + 1]!.x) - bx) * (BigInt(path[i]!.y) - by);
  }
  return exact > 0n ? 1 : exact < 0n ? -1 : 0;
}

/**
 * Polygons of a PolyTree in OGC form: each outer path with its holes (islands inside holes
 * become polygons of their own), then put right where rings touch (simple-polygons.ts), edges
 * that rounding moved across a nearby vertex routed through it, and checked again. Edges still
 * crossing (farther from a vertex than a grid step) are overlaid once more.
 */
export function polygonsOfTree(tree: PolyTree64): Position[][][] {
  let polygons = flatPolygons(tree);
  for (let pass = 0; ; pass++) {
    const simple = simplePolygons(polygons);
    if ((!simple.crossed && !simple.snapped) || pass === MAX_ROUNDING_PASSES) return simple.polygons.map((rings) => rings.map(ringFromGrid));
    if (!simple.crossed) {
      polygons = simple.polygons;
      continue;
    }
    const clipper = new Clipper64();
    clipper.preserveCollinear = false;
    clipper.addSubject(simple.polygons.flat().map(toPath64));
    const again = new PolyTree64();
    clipper.execute(ClipType.Union, FillRule.NonZero, again);
    polygons = flatPolygons(again);
  }
}

/** Passes over a result to undo crossings left by rounding. */
const MAX_ROUNDING_PASSES = 8;

function toPath64(flat: FlatRing): Path64 {
  const path: Path64 = new Array(flat.length / 2);
  for (let i = 0; i < path.length; i++) path[i] = { x: flat[2 * i]!, y: flat[2 * i + 1]! };
  return path;
}

function flatPolygons(tree: PolyTree64): FlatRing[][] {
  const out: FlatRing[][] = [];
  const walkOuter = (node: PolyPath64) => {
    const polygon = [flatOf(node.polygon!, true)];
    for (let j = 0; j < node.count; j++) {
      const hole = node.child(j);
      polygon.push(flatOf(hole.polygon!, false));
      for (let k = 0; k < hole.count; k++) walkOuter(hole.child(k));
    }
    out.push(polygon);
  };
  for (let i = 0; i < tree.count; i++) walkOuter(tree.child(i));
  return out;
}

function run(type: ClipType, name: string, subject: Areal, clips: Areal[], geographic = true): MultiPolygon {
  const clipper = new Clipper64();
  clipper.preserveCollinear = false;
  clipper.addSubject(toPaths(subject, geographic));
  for (const c of clips) clipper.addClip(toPaths(c, geographic));
  const tree = new PolyTree64();
  try {
    clipper.execute(type, FillRule.NonZero, tree);
  } catch (cause) {
    throw new FrontlineError('GEOMETRY_FAILED', `polygon ${name} failed: ${(cause as Error).message}`, { cause });
  }
  return { type: 'MultiPolygon', coordinates: polygonsOfTree(tree) };
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
