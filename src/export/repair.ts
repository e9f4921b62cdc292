import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import { fromGrid, toGrid } from '../kernel/grid.js';
import { difference, union } from '../kernel/overlay.js';
import { isValid, validate } from '../kernel/validate.js';
import { orient } from '../kernel/predicates.js';
import { removeSpikes } from '../kernel/spikes.js';
import { polygonRings, ringTwiceArea } from '../kernel/rings.js';

/**
 * Snapping to a coarser grid is what exports do (N decimals, TopoJSON quantization), and it
 * can break a polygon that was valid: two edges closer than a grid step cross once both are
 * snapped, a hole that nearly touches its shell runs along it. This module puts such polygons
 * right on the grid they were snapped to.
 */

/**
 * A polygonal geometry whose coordinates are integers (grid units), made valid on that grid:
 * spikes removed; then, if `validate` finds an error in one of its images in degrees, small
 * folds cut off (see `unfold`: this keeps the vertices a neighbour shares, so borders stay
 * shared); then, if still invalid, rebuilt by the overlay's union (non-zero fill: crossings resolved, every ring simple), which runs on
 * its own integer grid, so the grid units are handed to it scaled to that grid and the result
 * comes back as integers exactly. Parts still invalid after that (slivers a grid step wide,
 * where rounding a crossing point to the grid folded them) are dropped. Returns null when
 * nothing is left.
 *
 * @param geometry Polygon or MultiPolygon on the integer grid; not modified.
 * @param toDegrees the ways a grid position will be read as [longitude, latitude]: a reader
 *   decoding TopoJSON computes k·scale + translate, GeoJSON prints the decimal; the two differ
 *   in the last bits, which can turn an exact touch into a crossing, so each must be valid.
 * @param tally counts what was done, when given.
 */
export function repairOnGrid(
  geometry: Polygon | MultiPolygon,
  toDegrees: readonly ((p: Position) => Position)[],
  tally?: RepairTally,
): Polygon | MultiPolygon | null {
  const valid = (g: Polygon | MultiPolygon) => toDegrees.every((f) => isValid(validate(mapPositions(g, f))));
  const count = (key: keyof RepairTally) => {
    if (tally) tally[key]++;
  };
  const cleaned = withoutSpikes(geometry);
  if (cleaned === null) {
    count('emptied');
    return null;
  }
  if (vertexCount(cleaned) !== vertexCount(geometry)) count('despiked');
  if (valid(cleaned)) return cleaned;
  const unfolded = withoutSpikes(mapRings(cleaned, unfold));
  if (unfolded !== null && valid(unfolded)) {
    count('unfolded');
    return unfolded;
  }
  count('rebuilt');
  const rebuilt = union(mapPositions(unfolded ?? cleaned, (p) => [fromGrid(p[0]!), fromGrid(p[1]!)]));
  const back = mapPositions(rebuilt, (p) => [toGrid(p[0]!), toGrid(p[1]!)]) as MultiPolygon;
  const result = withoutSpikes(back);
  // Rounding the rebuilt rings' crossing points to the grid can leave a sliver a grid step
  // wide still crossing itself; such a part has no area worth keeping, so it goes.
  const parts = (result === null ? [] : result.type === 'Polygon' ? [result.coordinates] : result.coordinates).filter((rings) =>
    valid({ type: 'Polygon', coordinates: rings }),
  );
  if (parts.length === 0) {
    count('emptied');
    return null;
  }
  return parts.length === 1 ? { type: 'Polygon', coordinates: parts[0]! } : { type: 'MultiPolygon', coordinates: parts };
}

/** How many features each repair step changed, so that an export can say what it did. */
export interface RepairTally {
  /** Zero-width spikes or repeated points removed. */
  despiked: number;
  /** Small folds cut off (see `unfold`). */
  unfolded: number;
  /** Rebuilt by the overlay's union. */
  rebuilt: number;
  /** Left with no area at all: the geometry becomes null. */
  emptied: number;
  /** Controllers cut back so as not to overlap the ones before them. */
  separated: number;
}

/** A tally with every count at zero. */
export function emptyTally(): RepairTally {
  return { despiked: 0, unfolded: 0, rebuilt: 0, emptied: 0, separated: 0 };
}

function vertexCount(g: Polygon | MultiPolygon): number {
  return polygonRings(g, 'vertexCount').reduce((n, rings) => n + rings.reduce((m, r) => m + r.length, 0), 0);
}

/**
 * A collection of controllers' ground (features with `properties.controller`, as a snapshot
 * exports) on the integer grid, made not to overlap: when `validate` finds controllers
 * overlapping (snapping can widen a hairline overlap the unsnapped ground had within tolerance
 * to a grid step), each feature gives up whatever the features before it hold, by the
 * overlay's difference on the grid. The first controller keeps its ground; the pieces cut are
 * a grid step wide. Left as it is when nothing overlaps, so that shared borders stay shared.
 *
 * @param collection features on the integer grid (not modified).
 * @param toDegrees as for {@link repairOnGrid}; overlaps are looked for in the first.
 */
export function separateControllers(collection: FeatureCollection, toDegrees: readonly ((p: Position) => Position)[], tally?: RepairTally): FeatureCollection {
  const hasControllers = collection.features.some((f) => typeof f.properties?.controller === 'string');
  if (!hasControllers) return collection;
  const inDegrees: FeatureCollection = {
    type: 'FeatureCollection',
    features: collection.features.map((f) => ({ ...f, geometry: isAreal(f.geometry) ? mapPositions(f.geometry, toDegrees[0]!) : f.geometry })),
  };
  if (!validate(inDegrees).some((x) => x.code === 'CONTROLLER_OVERLAP')) return collection;
  const toOverlay = (g: Polygon | MultiPolygon) => mapPositions(g, (p) => [fromGrid(p[0]!), fromGrid(p[1]!)]);
  const fromOverlay = (g: MultiPolygon) => mapPositions(g, (p) => [toGrid(p[0]!), toGrid(p[1]!)]);
  const taken: (Polygon | MultiPolygon)[] = [];
  const features = collection.features.map((f): Feature => {
    if (!isAreal(f.geometry)) return f;
    const own = toOverlay(f.geometry);
    const left = taken.length === 0 ? own : difference(own, ...taken);
    taken.push(own);
    if (tally && taken.length > 1) tally.separated++;
    const back = repairOnGrid(fromOverlay(left.type === 'Polygon' ? { type: 'MultiPolygon', coordinates: [left.coordinates] } : left), toDegrees, tally);
    return { ...f, geometry: back as Geometry };
  });
  return { ...collection, features };
}

function isAreal(g: Geometry | null): g is Polygon | MultiPolygon {
  return g?.type === 'Polygon' || g?.type === 'MultiPolygon';
}

function withoutSpikes(g: Polygon | MultiPolygon): Polygon | MultiPolygon | null {
  const polygon = (rings: Position[][]): Position[][] | null => {
    const kept = rings.map((r) => removeSpikes(r, true));
    if (kept[0]!.length < 4) return null;
    return kept.filter((r) => r.length >= 4);
  };
  if (g.type === 'Polygon') {
    const p = polygon(g.coordinates);
    return p ? { type: 'Polygon', coordinates: p } : null;
  }
  const parts = g.coordinates.map(polygon).filter((p): p is Position[][] => p !== null);
  return parts.length === 0 ? null : { type: 'MultiPolygon', coordinates: parts };
}

function mapPositions<G extends Polygon | MultiPolygon>(g: G, f: (p: Position) => Position): G {
  const rings = (rs: Position[][]) => rs.map((r) => r.map(f));
  return (g.type === 'Polygon' ? { type: 'Polygon', coordinates: rings(g.coordinates) } : { type: 'MultiPolygon', coordinates: g.coordinates.map(rings) }) as G;
}

function mapRings(g: Polygon | MultiPolygon, f: (ring: Position[]) => Position[]): Polygon | MultiPolygon {
  return g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: g.coordinates.map(f) }
    : { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(f)) };
}

/**
 * Largest number of edges a fold may span. The folds snapping makes are thin spikes of the
 * model's densified edges (0.005°, a few hundred metres each): a spike a few km long spans a
 * dozen edges out and back.
 */
const MAX_FOLD = 24;

/**
 * A closed ring with its small folds cut off. A fold is where snapping made a thin spike or
 * notch cross itself: edge i crosses edge i+d for d ≤ {@link MAX_FOLD}. It is cut by dropping either
 * the vertices strictly inside it (i+1 … i+d−1) or those one further on (i+2 … i+d), whichever
 * changes the ring's area less: that drops the tip of the spike and keeps the vertices on
 * either side of it, which the neighbouring polygon shares. Exact orientation tests on the
 * grid integers; repeated until no fold is left.
 */
function unfold(ring: Position[]): Position[] {
  let r = ring.slice(0, -1);
  for (let pass = 0; pass < r.length; pass++) {
    const fold = findFold(r);
    if (!fold) break;
    const { i, d } = fold;
    const n = r.length;
    const at = (k: number) => r[(i + k) % n]!;
    const inside = Array.from({ length: d - 1 }, (_, k) => (i + 1 + k) % n);
    const further = Array.from({ length: d - 1 }, (_, k) => (i + 2 + k) % n);
    const cut = (drop: number[]) => [at(0), ...drop.map((k) => r[k]!), r[(drop[drop.length - 1]! + 1) % n]!];
    const a = cut(inside),
      b = cut(further);
    const best = Math.abs(ringTwiceArea(a)) <= Math.abs(ringTwiceArea(b)) ? { drop: inside, piece: a } : { drop: further, piece: b };
    // Only a sliver is cut: a piece whose mean width (area over half its perimeter) is at most
    // two grid steps. Anything wider is a real shape, left to the union.
    if (Math.abs(ringTwiceArea(best.piece)) / perimeter(best.piece) > 2) break;
    const drop = new Set(best.drop);
    r = r.filter((_, k) => !drop.has(k));
    if (r.length < 3) return [];
  }
  return [...r, r[0]!];
}

function perimeter(ps: Position[]): number {
  let sum = 0;
  for (let k = 0; k < ps.length; k++) {
    const p = ps[k]!,
      q = ps[(k + 1) % ps.length]!;
    sum += Math.hypot(q[0]! - p[0]!, q[1]! - p[1]!);
  }
  return sum;
}

function findFold(r: Position[]): { i: number; d: number } | null {
  const n = r.length;
  // Tightest folds first: a spike whose way back crosses its way out several times is undone
  // from its tip.
  for (let d = 2; d <= Math.min(MAX_FOLD, n - 2); d++) {
    for (let i = 0; i < n; i++) {
      if (properlyCross(r[i]!, r[(i + 1) % n]!, r[(i + d) % n]!, r[(i + d + 1) % n]!)) return { i, d };
    }
  }
  return null;
}

function properlyCross(a: Position, b: Position, c: Position, d: Position): boolean {
  const o1 = orient(a[0]!, a[1]!, b[0]!, b[1]!, c[0]!, c[1]!),
    o2 = orient(a[0]!, a[1]!, b[0]!, b[1]!, d[0]!, d[1]!);
  const o3 = orient(c[0]!, c[1]!, d[0]!, d[1]!, a[0]!, a[1]!),
    o4 = orient(c[0]!, c[1]!, d[0]!, d[1]!, b[0]!, b[1]!);
  return o1 !== 0 && o2 !== 0 && o3 !== 0 && o4 !== 0 && o1 !== o2 && o3 !== o4;
}
