import type { Polygon, Position } from 'geojson';
import { FrontlineError } from '../errors.js';
import { geodesicDistanceMeters } from './distance.js';
import { cross } from './predicates.js';

/**
 * Turns line work (boundary arcs drawn as separate lines, possibly with small gaps,
 * overshoots and crossings) into the polygons it encloses.
 *
 * Geometry model: segments are straight in longitude/latitude, treated as a plane, for
 * noding, face walking and orientation. At the scale of a region (segments of a few
 * kilometres at most) the difference from geodesic edges is a few millimetres per kilometre,
 * far below the accuracy of any boundary data this is fed. Distances that decide snapping
 * are geodesic on the WGS84 ellipsoid. Lines must not cross the antimeridian.
 */

/** A gap between two pieces of line work that polygonize closed with a new segment. */
export interface GapClosed {
  /** The free line end that was joined, [longitude, latitude]. */
  from: Position;
  /** Where it was joined to: another line's end, a vertex, or the nearest point of a segment. */
  to: Position;
  /** Geodesic length of the new segment on the WGS84 ellipsoid, in metres. */
  distanceMeters: number;
}

export interface PolygonizeOptions {
  /**
   * Free line ends closer than this (geodesic metres, WGS84) to another line's end, or to
   * another line, are joined to it. 0 joins nothing.
   */
  snapToleranceMeters: number;
}

export interface PolygonizeResult {
  /**
   * Every bounded face of the line work, as a GeoJSON Polygon: exterior ring counter-clockwise,
   * holes clockwise (RFC 7946), rings closed. A face that surrounds other line work gets
   * that work's outline as a hole, and the faces inside it are returned as polygons too.
   */
  polygons: Polygon[];
  /** The gaps that were closed, in the order they were closed. */
  gapsClosed: GapClosed[];
  /**
   * How many pieces of line work bound no face and were dropped: dangling chains
   * (overshoots, unclosed lines) and bridges between faces, each maximal run of edges
   * through unbranched vertices counted once.
   */
  danglesDropped: number;
}

type Pt = [number, number];
type Segment = [Pt, Pt];
type Edge = [number, number];

/**
 * Points closer than this (degrees, about 0.1 mm) are one vertex. It absorbs the round-off
 * of computed intersections, so that three lines crossing at one place make one node and
 * not a microscopic triangle.
 */
const EPS = 1e-9;

/** Bucket size of the vertex index, degrees (about 10 cm). */
const CELL = 1e-6;

/**
 * Polygonizes line work in three steps: noding (all segments split at their mutual
 * intersections, identical vertices merged), snapping (free ends within
 * `snapToleranceMeters` joined by a new segment, first end to end, then end to the nearest
 * point of a line), and face extraction (dangling chains and bridges dropped, faces walked
 * with the standard half-edge "sharpest left turn" rule, outlines of nested line work
 * attached as holes to the smallest face enclosing them).
 *
 * A join is refused when its target can already be reached from the free end along the line
 * work within twice the tolerance: such a join would only make a sliver between an overshoot
 * and the line it crossed, or between a line's end and its own last vertices.
 *
 * Gaps wider than the tolerance stay open: line work that then encloses nothing yields no
 * polygons (an empty `polygons` array, not an error).
 *
 * @param lines runs of [longitude, latitude] positions (degrees, WGS84); any altitude is
 *   ignored. Not modified.
 * @param options `snapToleranceMeters`: geodesic metres, finite and >= 0.
 * @returns the polygons, the gaps closed, and the number of dangling pieces dropped.
 * @throws FrontlineError INVALID_ARGUMENT for a line with fewer than 2 positions, a
 *   non-finite coordinate, or an invalid tolerance (the message names the line index).
 * @example
 * const { polygons } = polygonize([[[0, 0], [0.01, 0], [0.01, 0.01]], [[0.01, 0.01], [0, 0.01], [0, 0.0001]]],
 *   { snapToleranceMeters: 50 });
 * // one square polygon; the 11 m gap at [0, 0] was closed
 */
export function polygonize(lines: Position[][], options: PolygonizeOptions): PolygonizeResult {
  const tolerance = options?.snapToleranceMeters;
  if (typeof tolerance !== 'number' || !Number.isFinite(tolerance) || tolerance < 0) {
    throw new FrontlineError('INVALID_ARGUMENT', `polygonize: snapToleranceMeters must be a finite number >= 0, got ${String(tolerance)}`, {
      where: 'options.snapToleranceMeters',
    });
  }
  const segments = segmentsOf(lines);
  const graph = nodeSegments(segments);
  const gapsClosed = tolerance > 0 ? snapFreeEnds(graph, tolerance) : [];
  const noded = gapsClosed.length > 0 ? nodeSegments(graph.edges.map(([a, b]) => [graph.points[a]!, graph.points[b]!])) : graph;
  const { polygons, danglesDropped } = extractFaces(noded);
  return { polygons, gapsClosed, danglesDropped };
}

function segmentsOf(lines: Position[][]): Segment[] {
  if (!Array.isArray(lines)) {
    throw new FrontlineError('INVALID_ARGUMENT', 'polygonize: lines must be an array of position arrays', { where: 'lines' });
  }
  const segments: Segment[] = [];
  lines.forEach((line, i) => {
    if (!Array.isArray(line) || line.length < 2) {
      throw new FrontlineError('INVALID_ARGUMENT', `polygonize: line ${i} has ${Array.isArray(line) ? line.length : 'no'} positions, needs at least 2`, {
        where: `lines[${i}]`,
      });
    }
    const points = line.map((p, j): Pt => {
      const x = Array.isArray(p) ? p[0] : undefined;
      const y = Array.isArray(p) ? p[1] : undefined;
      if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
        throw new FrontlineError('INVALID_ARGUMENT', `polygonize: line ${i}, position ${j} is not a pair of finite numbers: ${JSON.stringify(p)}`, {
          where: `lines[${i}][${j}]`,
        });
      }
      return [x, y];
    });
    for (let j = 1; j < points.length; j++) segments.push([points[j - 1]!, points[j]!]);
  });
  return segments;
}

// ---------------------------------------------------------------------------------------
// Noding

interface Graph {
  points: Pt[];
  edges: Edge[];
}

interface Cut {
  t: number;
  p: Pt;
}

/** Splits segments at every intersection and touch, merges coincident vertices, dedupes edges. */
function nodeSegments(segments: Segment[]): Graph {
  const cuts: Cut[][] = segments.map(() => []);
  const minX = segments.map(([a, b]) => Math.min(a[0], b[0]));
  const order = segments.map((_, i) => i).sort((i, j) => minX[i]! - minX[j]!);
  // Sweep along x: only segments whose x-ranges overlap are tested against each other.
  for (let oi = 0; oi < order.length; oi++) {
    const i = order[oi]!;
    const s = segments[i]!;
    const maxX = Math.max(s[0][0], s[1][0]) + EPS;
    const minY = Math.min(s[0][1], s[1][1]) - EPS;
    const maxY = Math.max(s[0][1], s[1][1]) + EPS;
    for (let oj = oi + 1; oj < order.length; oj++) {
      const j = order[oj]!;
      if (minX[j]! > maxX) break;
      const r = segments[j]!;
      if (Math.max(r[0][1], r[1][1]) < minY || Math.min(r[0][1], r[1][1]) > maxY) continue;
      intersect(s, r, cuts[i]!, cuts[j]!);
    }
  }

  const vertices = new VertexIndex();
  const edges = new Map<string, Edge>();
  segments.forEach((s, i) => {
    const along = cuts[i]!.sort((a, b) => a.t - b.t).map((c) => c.p);
    const ids = [s[0], ...along, s[1]].map((p) => vertices.id(p));
    for (let k = 1; k < ids.length; k++) {
      const a = ids[k - 1]!;
      const b = ids[k]!;
      if (a === b) continue;
      const key = a < b ? `${a},${b}` : `${b},${a}`;
      if (!edges.has(key)) edges.set(key, a < b ? [a, b] : [b, a]);
    }
  });
  return { points: vertices.points, edges: [...edges.values()] };
}

/**
 * Where p touches segment s: its parameter along s (0 or 1 at an end), or null when p is
 * farther than EPS from s.
 */
function touch(s: Segment, p: Pt): number | null {
  const [a, b] = s;
  if (Math.abs(p[0] - a[0]) <= EPS && Math.abs(p[1] - a[1]) <= EPS) return 0;
  if (Math.abs(p[0] - b[0]) <= EPS && Math.abs(p[1] - b[1]) <= EPS) return 1;
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  if (len2 === 0) return null;
  const t = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2;
  if (t <= 0 || t >= 1) return null;
  const qx = a[0] + t * dx;
  const qy = a[1] + t * dy;
  return Math.abs(p[0] - qx) <= EPS && Math.abs(p[1] - qy) <= EPS ? t : null;
}

function intersect(s: Segment, r: Segment, cutsS: Cut[], cutsR: Cut[]): void {
  // An end lying on the other segment becomes a node there, with the end's own coordinates,
  // so that T-junctions and collinear overlaps share vertices exactly.
  let touched = false;
  for (const p of r) {
    const t = touch(s, p);
    if (t === null) continue;
    touched = true;
    if (t > 0 && t < 1) cutsS.push({ t, p });
  }
  for (const p of s) {
    const t = touch(r, p);
    if (t === null) continue;
    touched = true;
    if (t > 0 && t < 1) cutsR.push({ t, p });
  }
  // Two straight segments that touch somewhere meet nowhere else unless they overlap,
  // and overlaps are fully described by the touches above.
  if (touched) return;
  const o1 = cross(s[0][0], s[0][1], s[1][0], s[1][1], r[0][0], r[0][1]);
  const o2 = cross(s[0][0], s[0][1], s[1][0], s[1][1], r[1][0], r[1][1]);
  const o3 = cross(r[0][0], r[0][1], r[1][0], r[1][1], s[0][0], s[0][1]);
  const o4 = cross(r[0][0], r[0][1], r[1][0], r[1][1], s[1][0], s[1][1]);
  if (!((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0))) return;
  if (!((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0))) return;
  const t = o3 / (o3 - o4);
  const u = o1 / (o1 - o2);
  const p: Pt = [s[0][0] + t * (s[1][0] - s[0][0]), s[0][1] + t * (s[1][1] - s[0][1])];
  cutsS.push({ t, p });
  cutsR.push({ t: u, p });
}

/**
 * Vertex ids by position, points within EPS of an existing vertex taking its id. Points are
 * bucketed in cells much larger than EPS, so a lookup usually reads one cell and only points
 * within EPS of a cell border also read the neighbouring cells.
 */
class VertexIndex {
  readonly points: Pt[] = [];
  private readonly grid = new Map<string, number[]>();

  id(p: Pt): number {
    const fx = p[0] / CELL;
    const fy = p[1] / CELL;
    const cx = Math.floor(fx);
    const cy = Math.floor(fy);
    const margin = (EPS / CELL) * 1.01;
    const xs = [cx, ...(fx - cx <= margin ? [cx - 1] : []), ...(cx + 1 - fx <= margin ? [cx + 1] : [])];
    const ys = [cy, ...(fy - cy <= margin ? [cy - 1] : []), ...(cy + 1 - fy <= margin ? [cy + 1] : [])];
    for (const x of xs) {
      for (const y of ys) {
        for (const k of this.grid.get(`${x},${y}`) ?? []) {
          const q = this.points[k]!;
          if (Math.abs(q[0] - p[0]) <= EPS && Math.abs(q[1] - p[1]) <= EPS) return k;
        }
      }
    }
    const k = this.points.length;
    this.points.push([p[0], p[1]]);
    const key = `${cx},${cy}`;
    const cell = this.grid.get(key);
    if (cell) cell.push(k);
    else this.grid.set(key, [k]);
    return k;
  }
}

// ---------------------------------------------------------------------------------------
// Snapping

/**
 * Joins free ends (degree-1 vertices) of a noded graph, in place: first pairs of free ends,
 * closest pair first, then each remaining free end to the nearest point of any edge.
 */
function snapFreeEnds(graph: Graph, tolerance: number): GapClosed[] {
  const points = graph.points;
  const adjacency: Set<number>[] = points.map(() => new Set());
  for (const [a, b] of graph.edges) {
    adjacency[a]!.add(b);
    adjacency[b]!.add(a);
  }
  const reachLimit = 2 * tolerance;
  const lengthCache = new Map<string, number>();
  const length = (a: number, b: number): number => {
    const key = a < b ? `${a},${b}` : `${b},${a}`;
    let d = lengthCache.get(key);
    if (d === undefined) {
      d = geodesicDistanceMeters(points[a]!, points[b]!);
      lengthCache.set(key, d);
    }
    return d;
  };
  const link = (a: number, b: number): void => {
    adjacency[a]!.add(b);
    adjacency[b]!.add(a);
  };
  const gaps: GapClosed[] = [];
  const record = (from: number, to: number, distanceMeters: number): void => {
    gaps.push({ from: [...points[from]!], to: [...points[to]!], distanceMeters });
  };

  const free = points.map((_, v) => v).filter((v) => adjacency[v]!.size === 1);

  const pairs: { a: number; b: number; d: number }[] = [];
  for (let i = 0; i < free.length; i++) {
    const a = free[i]!;
    const box = searchBox(points[a]!, tolerance);
    for (let j = i + 1; j < free.length; j++) {
      const b = free[j]!;
      if (!inBox(points[b]!, box)) continue;
      const d = geodesicDistanceMeters(points[a]!, points[b]!);
      if (d <= tolerance) pairs.push({ a, b, d });
    }
  }
  pairs.sort((p, q) => p.d - q.d || p.a - q.a || p.b - q.b);
  for (const { a, b, d } of pairs) {
    if (adjacency[a]!.size !== 1 || adjacency[b]!.size !== 1) continue;
    const reached = reachWithin(adjacency, length, a, reachLimit);
    if (reached.has(b)) continue;
    link(a, b);
    record(a, b, d);
  }

  for (const v of free) {
    if (adjacency[v]!.size !== 1) continue;
    const p = points[v]!;
    const box = searchBox(p, tolerance);
    const reached = reachWithin(adjacency, length, v, reachLimit);
    const pathTo = (k: number, q: Pt): number => {
      const r = reached.get(k);
      return r === undefined ? Infinity : r + geodesicDistanceMeters(points[k]!, q);
    };
    let best: { a: number; b: number; t: number; q: Pt; d: number } | null = null;
    for (let a = 0; a < adjacency.length; a++) {
      for (const b of adjacency[a]!) {
        if (b < a || a === v || b === v) continue;
        const pa = points[a]!;
        const pb = points[b]!;
        if (Math.max(pa[0], pb[0]) < box.west || Math.min(pa[0], pb[0]) > box.east) continue;
        if (Math.max(pa[1], pb[1]) < box.south || Math.min(pa[1], pb[1]) > box.north) continue;
        const t = nearestParameter(p, pa, pb);
        const q: Pt = t === 0 ? pa : t === 1 ? pb : [pa[0] + t * (pb[0] - pa[0]), pa[1] + t * (pb[1] - pa[1])];
        const d = geodesicDistanceMeters(p, q);
        if (d > tolerance || d === 0 || (best && d >= best.d)) continue;
        if (Math.min(pathTo(a, q), pathTo(b, q)) <= reachLimit) continue;
        best = { a, b, t, q, d };
      }
    }
    if (!best) continue;
    let target: number;
    if (best.t === 0) target = best.a;
    else if (best.t === 1) target = best.b;
    else {
      target = points.length;
      points.push(best.q);
      adjacency.push(new Set());
      adjacency[best.a]!.delete(best.b);
      adjacency[best.b]!.delete(best.a);
      link(best.a, target);
      link(target, best.b);
    }
    link(v, target);
    record(v, target, best.d);
  }

  graph.edges = [];
  adjacency.forEach((neighbours, a) => {
    for (const b of neighbours) if (a < b) graph.edges.push([a, b]);
  });
  return gaps;
}

/**
 * The parameter (0..1) of the point of segment ab nearest to p, measured in a local
 * equirectangular frame at p (longitude scaled by cos latitude): within a snap tolerance of
 * a few hundred metres this picks the same point as a geodesic search to well under a
 * millimetre. Ends within EPS snap to exactly 0 or 1.
 */
function nearestParameter(p: Pt, a: Pt, b: Pt): number {
  const k = Math.cos((p[1] * Math.PI) / 180);
  const ax = (a[0] - p[0]) * k;
  const ay = a[1] - p[1];
  const dx = (b[0] - a[0]) * k;
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  if (len2 === 0) return 0;
  const t = Math.min(1, Math.max(0, -(ax * dx + ay * dy) / len2));
  const qx = a[0] + t * (b[0] - a[0]);
  const qy = a[1] + t * (b[1] - a[1]);
  if (Math.abs(qx - a[0]) <= EPS && Math.abs(qy - a[1]) <= EPS) return 0;
  if (Math.abs(qx - b[0]) <= EPS && Math.abs(qy - b[1]) <= EPS) return 1;
  return t;
}

interface Box {
  west: number;
  south: number;
  east: number;
  north: number;
}

/**
 * A longitude/latitude box surely containing every point within `meters` of p: a degree of
 * latitude is never shorter than 110,574 m, and a degree of longitude at latitude phi never
 * shorter than 111,319 m x cos(phi) on the WGS84 ellipsoid.
 */
function searchBox(p: Pt, meters: number): Box {
  const dLat = (meters / 110_574) * 1.01;
  const phi = Math.min(90, Math.abs(p[1]) + dLat);
  const cos = Math.cos((phi * Math.PI) / 180);
  const dLon = cos > 1e-6 ? Math.min(360, (meters / (111_319 * cos)) * 1.01) : 360;
  return { west: p[0] - dLon, south: p[1] - dLat, east: p[0] + dLon, north: p[1] + dLat };
}

function inBox(p: Pt, box: Box): boolean {
  return p[0] >= box.west && p[0] <= box.east && p[1] >= box.south && p[1] <= box.north;
}

/** Geodesic path lengths (metres) from `start` to every vertex reachable within `limit`. */
function reachWithin(adjacency: Set<number>[], length: (a: number, b: number) => number, start: number, limit: number): Map<number, number> {
  const done = new Map<number, number>();
  const best = new Map<number, number>([[start, 0]]);
  // The frontier stays tiny (a few vertices within a few hundred metres), so a linear
  // minimum search is simpler than a heap and just as fast.
  while (best.size > 0) {
    let v = -1;
    let dv = Infinity;
    for (const [k, d] of best) if (d < dv) [v, dv] = [k, d];
    best.delete(v);
    done.set(v, dv);
    for (const w of adjacency[v]!) {
      if (done.has(w)) continue;
      const dw = dv + length(v, w);
      if (dw <= limit && dw < (best.get(w) ?? Infinity)) best.set(w, dw);
    }
  }
  return done;
}

// ---------------------------------------------------------------------------------------
// Faces

interface Cycle {
  vertices: number[];
  /** Twice the signed planar area in degrees squared: > 0 counter-clockwise. */
  area2: number;
  component: number;
  box: Box;
}

function extractFaces(graph: Graph): { polygons: Polygon[]; danglesDropped: number } {
  const { points, edges } = graph;
  const degree = new Array<number>(points.length).fill(0);
  const incident: number[][] = points.map(() => []);
  edges.forEach(([a, b], e) => {
    degree[a]!++;
    degree[b]!++;
    incident[a]!.push(e);
    incident[b]!.push(e);
  });
  const fullDegree = [...degree];
  const alive = edges.map(() => true);

  // Dangling chains: peel degree-1 vertices until none is left.
  const stack = points.map((_, v) => v).filter((v) => degree[v] === 1);
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (degree[v] !== 1) continue;
    const e = incident[v]!.find((k) => alive[k])!;
    alive[e] = false;
    const [a, b] = edges[e]!;
    const w = a === v ? b : a;
    degree[v] = 0;
    degree[w]!--;
    if (degree[w] === 1) stack.push(w);
  }

  let cycles = walkFaces(points, edges, alive);
  // A bridge (an edge joining two otherwise separate rings) has the same face on both sides.
  const bridges = bridgesOf(cycles.halfEdgeCycle, alive);
  if (bridges.length > 0) {
    for (const e of bridges) alive[e] = false;
    cycles = walkFaces(points, edges, alive);
  }

  const danglesDropped = countChains(edges, alive, fullDegree);
  const component = componentsOf(points.length, edges, alive);
  const all: Cycle[] = cycles.cycles.map((vertices) => ({
    vertices,
    area2: signedArea2(vertices.map((v) => points[v]!)),
    component: component[vertices[0]!]!,
    box: boxOf(vertices.map((v) => points[v]!)),
  }));
  const shells = all.filter((c) => c.area2 > 0);
  const holes: Cycle[][] = shells.map(() => []);
  // Each connected piece of line work has one clockwise cycle, its outline; it is a hole of
  // the smallest face of another piece that encloses it, or of nothing when it is outermost.
  for (const outline of all) {
    if (outline.area2 >= 0) continue;
    const probe = points[outline.vertices[0]!]!;
    let host = -1;
    shells.forEach((shell, s) => {
      if (shell.component === outline.component || !inBox(probe, shell.box)) return;
      if (
        !insideRing(
          probe,
          shell.vertices.map((v) => points[v]!),
        )
      )
        return;
      if (host < 0 || shell.area2 < shells[host]!.area2) host = s;
    });
    if (host >= 0) holes[host]!.push(outline);
  }

  const ring = (c: Cycle): Position[] => {
    const r: Position[] = c.vertices.map((v) => [points[v]![0], points[v]![1]]);
    r.push([...r[0]!]);
    return r;
  };
  const polygons: Polygon[] = shells.map((shell, s) => ({
    type: 'Polygon',
    coordinates: [ring(shell), ...holes[s]!.map(ring)],
  }));
  return { polygons, danglesDropped };
}

/**
 * Walks every face of the live edges, keeping the face on the left of each half-edge: from
 * a half-edge arriving at v, the next one leaves v by the sharpest left turn, i.e. the
 * outgoing edge just clockwise of the way back. Bounded faces come out counter-clockwise;
 * the outline of each connected piece comes out clockwise.
 * Half-edge 2e runs along edge e from its first vertex to its second, 2e + 1 back.
 */
function walkFaces(points: Pt[], edges: Edge[], alive: boolean[]): { cycles: number[][]; halfEdgeCycle: Int32Array } {
  const origin = (h: number): number => edges[h >> 1]![h & 1]!;
  const outgoing: number[][] = points.map(() => []);
  const angle = new Float64Array(edges.length * 2);
  edges.forEach(([a, b], e) => {
    if (!alive[e]) return;
    const pa = points[a]!;
    const pb = points[b]!;
    angle[2 * e] = Math.atan2(pb[1] - pa[1], pb[0] - pa[0]);
    angle[2 * e + 1] = Math.atan2(pa[1] - pb[1], pa[0] - pb[0]);
    outgoing[a]!.push(2 * e);
    outgoing[b]!.push(2 * e + 1);
  });
  const position = new Int32Array(edges.length * 2);
  for (const list of outgoing) {
    list.sort((h, k) => angle[h]! - angle[k]!);
    list.forEach((h, i) => (position[h] = i));
  }
  const next = (h: number): number => {
    const back = h ^ 1;
    const list = outgoing[origin(back)]!;
    return list[(position[back]! - 1 + list.length) % list.length]!;
  };

  const halfEdgeCycle = new Int32Array(edges.length * 2).fill(-1);
  const cycles: number[][] = [];
  for (let start = 0; start < edges.length * 2; start++) {
    if (!alive[start >> 1] || halfEdgeCycle[start] !== -1) continue;
    const vertices: number[] = [];
    let h = start;
    do {
      halfEdgeCycle[h] = cycles.length;
      vertices.push(origin(h));
      h = next(h);
    } while (h !== start);
    cycles.push(vertices);
  }
  return { cycles, halfEdgeCycle };
}

function bridgesOf(halfEdgeCycle: Int32Array, alive: boolean[]): number[] {
  const bridges: number[] = [];
  alive.forEach((live, e) => {
    if (live && halfEdgeCycle[2 * e] === halfEdgeCycle[2 * e + 1]) bridges.push(e);
  });
  return bridges;
}

/** Dropped edges grouped into maximal chains through vertices with exactly two edges. */
function countChains(edges: Edge[], alive: boolean[], fullDegree: number[]): number {
  const parent = edges.map((_, e) => e);
  const find = (e: number): number => {
    while (parent[e] !== e) e = parent[e] = parent[parent[e]!]!;
    return e;
  };
  const through = new Map<number, number>();
  let chains = 0;
  edges.forEach((edge, e) => {
    if (alive[e]) return;
    chains++;
    for (const v of edge) {
      if (fullDegree[v] !== 2) continue;
      const other = through.get(v);
      if (other === undefined) {
        through.set(v, e);
        continue;
      }
      const r1 = find(other);
      const r2 = find(e);
      if (r1 !== r2) {
        parent[r1] = r2;
        chains--;
      }
    }
  });
  return chains;
}

function componentsOf(n: number, edges: Edge[], alive: boolean[]): number[] {
  const parent = Array.from({ length: n }, (_, v) => v);
  const find = (v: number): number => {
    while (parent[v] !== v) v = parent[v] = parent[parent[v]!]!;
    return v;
  };
  edges.forEach(([a, b], e) => {
    if (alive[e]) parent[find(a)] = find(b);
  });
  return parent.map((_, v) => find(v));
}

function signedArea2(ring: Pt[]): number {
  // Relative to the first vertex, to keep the products small and the round-off low.
  const [x0, y0] = ring[0]!;
  let sum = 0;
  for (let i = 1; i + 1 < ring.length; i++) {
    const [x1, y1] = ring[i]!;
    const [x2, y2] = ring[i + 1]!;
    sum += (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0);
  }
  return sum;
}

function boxOf(ring: Pt[]): Box {
  const box = { west: Infinity, south: Infinity, east: -Infinity, north: -Infinity };
  for (const [x, y] of ring) {
    box.west = Math.min(box.west, x);
    box.east = Math.max(box.east, x);
    box.south = Math.min(box.south, y);
    box.north = Math.max(box.north, y);
  }
  return box;
}

/** Even-odd ray test; the probe never lies on the ring (pieces of line work are disjoint). */
function insideRing(p: Pt, ring: Pt[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
