/**
 * The kernel's one door to Clipper2 (Angus Johnson's Vatti-based clipper, integer coordinates,
 * exact orientation tests): a boolean operation on integer paths on the kernel's grid (grid.ts),
 * and its result, a PolyTree, read into polygons in OGC form. The overlay (overlay.ts) and the
 * timeline's winding fill (winding.ts) both go through {@link clipPolygons}.
 */
import type { Position } from 'geojson';
// The engine's own modules, not the package index: the index builds a namespace of every
// Clipper2 tool (offsetting, rectangle clipping, triangulation...) at load, which no bundler can
// leave out, and the kernel needs only the boolean engine.
import { ClipType, FillRule, type Path64 } from 'clipper2-ts/dist/Core.js';
import { Clipper64, PolyTree64, type PolyPath64 } from 'clipper2-ts/dist/Engine.js';
import { FrontlineError } from '../errors.js';
import { fromGrid } from './grid.js';
import { simplePolygons, type FlatRing } from './simple-polygons.js';

export { ClipType, FillRule, type Path64 };

/** One Clipper2 operation: `subject` against each set of paths in `clips`, filled by `fillRule`. */
export interface Clip {
  type: ClipType;
  fillRule: FillRule;
  /** Keep collinear vertices (else straight runs come back as one edge). */
  preserveCollinear: boolean;
  subject: Path64[];
  clips?: Path64[][];
}

/**
 * Runs one operation and reads its result: polygons in OGC form (see {@link polygonsOfTree}),
 * shells counter-clockwise and holes clockwise, in degrees.
 *
 * @param failure what failed, the start of the error's message ("polygon union failed")
 * @throws FrontlineError `GEOMETRY_FAILED` when Clipper2 fails
 */
export function clipPolygons(clip: Clip, failure: string): Position[][][] {
  const clipper = new Clipper64();
  clipper.preserveCollinear = clip.preserveCollinear;
  clipper.addSubject(clip.subject);
  for (const c of clip.clips ?? []) clipper.addClip(c);
  const tree = new PolyTree64();
  try {
    clipper.execute(clip.type, clip.fillRule, tree);
  } catch (cause) {
    throw new FrontlineError('GEOMETRY_FAILED', `${failure}: ${(cause as Error).message}`, { cause });
  }
  return polygonsOfTree(tree);
}

/** Sign of a path's area, exact: floating point when its error bound allows, BigInt otherwise. */
export function areaSign(path: Path64): number {
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

/** Passes over a result to undo crossings left by rounding. */
const MAX_ROUNDING_PASSES = 8;

/**
 * Polygons of a PolyTree in OGC form: each outer path with its holes (islands inside holes
 * become polygons of their own), then put right where rings touch (simple-polygons.ts), edges
 * that rounding moved across a nearby vertex routed through it, and checked again. Edges still
 * crossing (farther from a vertex than a grid step) are overlaid once more.
 */
function polygonsOfTree(tree: PolyTree64): Position[][][] {
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

/** The tree walked: each outer path with its holes, then the outer paths inside those holes, and so on down. */
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

function toPath64(flat: FlatRing): Path64 {
  const path: Path64 = new Array(flat.length / 2);
  for (let i = 0; i < path.length; i++) path[i] = { x: flat[2 * i]!, y: flat[2 * i + 1]! };
  return path;
}

/** A closed GeoJSON ring from flat grid coordinates, as wound. */
function ringFromGrid(flat: FlatRing): Position[] {
  const ring: Position[] = [];
  for (let i = 0; i < flat.length; i += 2) ring.push([fromGrid(flat[i]!), fromGrid(flat[i + 1]!)]);
  ring.push([ring[0]![0]!, ring[0]![1]!]);
  return ring;
}
