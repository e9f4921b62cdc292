import type { MultiPolygon, Polygon, Position } from 'geojson';
// The engine's own modules, not the package index: the index builds a namespace of every
// Clipper2 tool (offsetting, rectangle clipping, triangulation...) at load, which no bundler can
// leave out, and overlay needs only the boolean engine.
import { ClipType, FillRule, type Path64, type Point64 } from 'clipper2-ts/dist/Core.js';
import { Clipper64, PolyTree64, type PolyPath64 } from 'clipper2-ts/dist/Engine.js';
import { FrontlineError, describeValue } from '../errors.js';

/**
 * Boolean operations on polygons in longitude/latitude, treated as a plane (edges straight
 * in lon/lat), on Clipper2 (Angus Johnson's Vatti-based clipper, integer coordinates,
 * exact orientation tests), which is robust on shared edges and an order of magnitude faster
 * than the arbitrary-precision sweep of polyclip-ts.
 *
 * Coordinates go through a fixed grid of {@link OVERLAY_GRID_DEG} degrees (about 0.1 mm on
 * the ground), so outputs are exact on that grid. Collinear vertices are kept: a caller
 * who densified long edges (see densify.ts) keeps them densified through any number of
 * operations, which keeps geodesic-edge areas of the pieces adding up to the whole.
 *
 * Every function returns a MultiPolygon (possibly with no polygons), with exterior rings
 * counter-clockwise and holes clockwise (RFC 7946), and never mutates its input.
 */
export type Areal = Polygon | MultiPolygon;

/** Size of the overlay's coordinate grid, degrees (1e-9° is 0.11 mm of latitude). */
export const OVERLAY_GRID_DEG = 1e-9;
const SCALE = 1 / OVERLAY_GRID_DEG;

function polygonsCoordinates(geometry: Areal): Position[][][] {
  if (geometry?.type === 'Polygon') return [geometry.coordinates];
  if (geometry?.type === 'MultiPolygon') return geometry.coordinates;
  throw new FrontlineError('INVALID_ARGUMENT', `overlay expects a Polygon or MultiPolygon, got ${describeValue((geometry as { type?: unknown } | null)?.type)}`);
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
        const x = Array.isArray(q) ? q[0] : undefined, y = Array.isArray(q) ? q[1] : undefined;
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
function toPaths(geometry: Areal): Path64[] {
  const paths: Path64[] = [];
  const polygons = polygonsCoordinates(geometry);
  checkCoordinates(polygons, geometry.type === 'Polygon');
  for (const rings of polygons) {
    rings.forEach((ring, index) => {
      const n = ring.length > 1 && ring[0]![0] === ring[ring.length - 1]![0] && ring[0]![1] === ring[ring.length - 1]![1] ? ring.length - 1 : ring.length;
      if (n < 3) return;
      const grid: Path64 = new Array(n);
      for (let i = 0; i < n; i++) grid[i] = { x: Math.round(ring[i]![0]! * SCALE), y: Math.round(ring[i]![1]! * SCALE) };
      const path = withoutSpikes(grid);
      if (path.length < 3) return;
      // Decided on the grid, exactly: a float sum over raw coordinates can get a thin ring wrong.
      const wantCounterClockwise = index === 0;
      const sign = areaSign(path);
      if (sign !== 0 && sign > 0 !== wantCounterClockwise) path.reverse();
      paths.push(path);
    });
  }
  return paths;
}

/**
 * The path without repeated points and without spikes (a point where the path turns straight
 * back along itself). Neither encloses anything, but Clipper2 mishandles spikes: a clip path
 * with one can leave the result with polygons overlapping each other and the wrong area (a bow
 * tie with a spike at one tip, subtracted from a triangle, came out 1 % too large).
 */
function withoutSpikes(path: Path64): Path64 {
  const out: Path64 = [];
  for (const p of path) {
    let keep = true;
    for (;;) {
      const n = out.length;
      if (n >= 1 && out[n - 1]!.x === p.x && out[n - 1]!.y === p.y) {
        keep = false;
        break;
      }
      if (n >= 2 && turnsBack(out[n - 2]!, out[n - 1]!, p)) {
        out.pop();
        continue;
      }
      break;
    }
    if (keep) out.push(p);
  }
  // The same across the path's start.
  while (out.length >= 3) {
    const n = out.length;
    if (out[n - 1]!.x === out[0]!.x && out[n - 1]!.y === out[0]!.y) out.pop();
    else if (turnsBack(out[n - 2]!, out[n - 1]!, out[0]!)) out.pop();
    else if (turnsBack(out[n - 1]!, out[0]!, out[1]!)) out.shift();
    else break;
  }
  return out;
}

/** Whether the path a → v → b turns straight back at v (all three collinear, b behind v as seen from a). */
function turnsBack(a: Point64, v: Point64, b: Point64): boolean {
  const ux = v.x - a.x, uy = v.y - a.y, wx = b.x - v.x, wy = b.y - v.y;
  if (ux * wx + uy * wy > 0) return false;
  const p = ux * wy, q = uy * wx;
  // Products below 2^53 are exact; larger ones are decided in BigInt.
  if (Math.abs(p) < 2 ** 53 && Math.abs(q) < 2 ** 53) return p === q;
  return BigInt(ux) * BigInt(wy) === BigInt(uy) * BigInt(wx);
}

/**
 * A closed ring from a Clipper path, wound as asked. Clipper2 does not wind every output the
 * same way (a region filled by negative winding, such as one lobe of a figure eight or a sliver
 * between nearly coincident edges, can come out clockwise), so the winding is decided here from
 * the sign of the path's integer area.
 */
function ringOf(path: Path64, counterClockwise: boolean): Position[] {
  const ring: Position[] = path.map((p) => [p.x / SCALE, p.y / SCALE]);
  if (areaSign(path) > 0 !== counterClockwise) ring.reverse();
  ring.push([...ring[0]!]);
  return ring;
}

/** Sign of a path's area, exact: floating point when its error bound allows, BigInt otherwise. */
function areaSign(path: Path64): number {
  const x0 = path[0]!.x, y0 = path[0]!.y;
  let sum = 0, magnitude = 0;
  for (let i = 1; i + 1 < path.length; i++) {
    const t = (path[i]!.x - x0) * (path[i + 1]!.y - y0) - (path[i + 1]!.x - x0) * (path[i]!.y - y0);
    sum += t;
    magnitude += Math.abs(t);
  }
  // Differences of the integers are exact; each product and sum rounds by at most 2^-53.
  if (Math.abs(sum) > (path.length + 2) * 2.3e-16 * magnitude) return Math.sign(sum);
  let exact = 0n;
  const bx = BigInt(x0), by = BigInt(y0);
  for (let i = 1; i + 1 < path.length; i++) {
    exact += (BigInt(path[i]!.x) - bx) * (BigInt(path[i + 1]!.y) - by) - (BigInt(path[i + 1]!.x) - bx) * (BigInt(path[i]!.y) - by);
  }
  return exact > 0n ? 1 : exact < 0n ? -1 : 0;
}

/** Polygons of a PolyTree: each outer path with its holes; islands inside holes become polygons of their own. */
function polygonsOf64(tree: PolyTree64): Position[][][] {
  const out: Position[][][] = [];
  const walkOuter = (node: PolyPath64) => {
    const polygon = [ringOf(node.polygon!, true)];
    for (let j = 0; j < node.count; j++) {
      const hole = node.child(j);
      polygon.push(ringOf(hole.polygon!, false));
      for (let k = 0; k < hole.count; k++) walkOuter(hole.child(k));
    }
    out.push(polygon);
  };
  for (let i = 0; i < tree.count; i++) walkOuter(tree.child(i));
  return out;
}

function run(type: ClipType, name: string, subject: Areal, clips: Areal[]): MultiPolygon {
  const clipper = new Clipper64();
  clipper.preserveCollinear = false;
  clipper.addSubject(toPaths(subject));
  for (const c of clips) clipper.addClip(toPaths(c));
  const tree = new PolyTree64();
  try {
    clipper.execute(type, FillRule.NonZero, tree);
  } catch (cause) {
    throw new FrontlineError('GEOMETRY_FAILED', `polygon ${name} failed: ${(cause as Error).message}`, { cause });
  }
  return { type: 'MultiPolygon', coordinates: polygonsOf64(tree) };
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

/** Splits a (Multi)Polygon into its polygons, each as a Polygon geometry. */
export function polygonsOf(geometry: Areal): Polygon[] {
  if (geometry.type === 'Polygon') return [geometry];
  return geometry.coordinates.map((coordinates) => ({ type: 'Polygon', coordinates }));
}

export function isEmpty(geometry: Areal): boolean {
  return geometry.coordinates.length === 0;
}
