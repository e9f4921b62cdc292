/**
 * Snapping, polygonize.ts's second step: free ends of the noded line work (vertices with one
 * edge) joined by new segments, first to each other, closest pair first, then each remaining
 * one to the nearest point of any line. Distances are geodesic on the WGS84 ellipsoid.
 *
 * A join is refused when its target can already be reached from the free end along the line
 * work within twice the tolerance: such a join would only make a sliver between an overshoot
 * and the line it crossed, or between a line's end and its own last vertices.
 */
import type { Position } from 'geojson';
import { geodesicDistanceMeters } from './distance.js';
import { EPS, inBox, type Box, type Edge, type Graph, type Pt } from './polygonize-graph.js';

/** A gap between two pieces of line work that polygonize closed with a new segment. */
export interface GapClosed {
  /** The free line end that was joined, [longitude, latitude]. */
  from: Position;
  /** Where it was joined to: another line's end, a vertex, or the nearest point of a segment. */
  to: Position;
  /** Geodesic length of the new segment on the WGS84 ellipsoid, in metres. */
  distanceMeters: number;
}

/**
 * Joins free ends (degree-1 vertices) of a noded graph, in place: first pairs of free ends,
 * closest pair first, then each remaining free end to the nearest point of any edge.
 *
 * @returns the gaps closed, in the order they were.
 */
export function snapFreeEnds(graph: Graph, tolerance: number): GapClosed[] {
  const snapper = new Snapper(graph, tolerance);
  const free = snapper.freeEnds();
  snapper.joinFreeEnds(free);
  snapper.joinToLines(free);
  graph.edges = snapper.edges();
  return snapper.gaps;
}

/** The nearest point q of edge a–b to a free end: at parameter t along it, d metres away. */
interface Nearest {
  a: number;
  b: number;
  t: number;
  q: Pt;
  d: number;
}

/** The graph as adjacency sets while free ends are joined, and the gaps closed so far. */
class Snapper {
  readonly gaps: GapClosed[] = [];
  private readonly points: Pt[];
  private readonly adjacency: Set<number>[];
  private readonly reachLimit: number;
  private readonly lengthCache = new Map<string, number>();

  constructor(
    graph: Graph,
    private readonly tolerance: number,
  ) {
    this.points = graph.points;
    this.adjacency = graph.points.map(() => new Set());
    for (const [a, b] of graph.edges) this.link(a, b);
    this.reachLimit = 2 * tolerance;
  }

  /** Vertices with one edge. */
  freeEnds(): number[] {
    return this.points.map((_, v) => v).filter((v) => this.adjacency[v]!.size === 1);
  }

  /** Joins pairs of free ends within the tolerance of each other, closest pair first. */
  joinFreeEnds(free: readonly number[]): void {
    const { adjacency } = this;
    for (const { a, b, d } of this.pairsWithin(free)) {
      if (adjacency[a]!.size !== 1 || adjacency[b]!.size !== 1) continue;
      if (this.reach(a).has(b)) continue;
      this.link(a, b);
      this.record(a, b, d);
    }
  }

  /** Pairs of free ends within the tolerance, closest first. */
  private pairsWithin(free: readonly number[]): { a: number; b: number; d: number }[] {
    const points = this.points;
    const pairs: { a: number; b: number; d: number }[] = [];
    for (let i = 0; i < free.length; i++) {
      const a = free[i]!;
      const box = searchBox(points[a]!, this.tolerance);
      for (let j = i + 1; j < free.length; j++) {
        const b = free[j]!;
        if (!inBox(points[b]!, box)) continue;
        const d = geodesicDistanceMeters(points[a]!, points[b]!);
        if (d <= this.tolerance) pairs.push({ a, b, d });
      }
    }
    return pairs.sort((p, q) => p.d - q.d || p.a - q.a || p.b - q.b);
  }

  /** Joins each end still free to the nearest point of a line within the tolerance, splitting that line's edge there. */
  joinToLines(free: readonly number[]): void {
    for (const v of free) {
      if (this.adjacency[v]!.size !== 1) continue;
      const best = this.nearestOnLines(v);
      if (!best) continue;
      let target: number;
      if (best.t === 0) target = best.a;
      else if (best.t === 1) target = best.b;
      else {
        target = this.points.length;
        this.points.push(best.q);
        this.adjacency.push(new Set());
        this.adjacency[best.a]!.delete(best.b);
        this.adjacency[best.b]!.delete(best.a);
        this.link(best.a, target);
        this.link(target, best.b);
      }
      this.link(v, target);
      this.record(v, target, best.d);
    }
  }

  /** The nearest point to free end v on an edge not through it, within the tolerance and not already within reach along the lines. */
  private nearestOnLines(v: number): Nearest | null {
    const { points, adjacency } = this;
    const p = points[v]!;
    const box = searchBox(p, this.tolerance);
    const reached = this.reach(v);
    const pathTo = (k: number, q: Pt): number => {
      const r = reached.get(k);
      return r === undefined ? Infinity : r + geodesicDistanceMeters(points[k]!, q);
    };
    let best: Nearest | null = null;
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
        if (d > this.tolerance || d === 0 || (best && d >= best.d)) continue;
        if (Math.min(pathTo(a, q), pathTo(b, q)) <= this.reachLimit) continue;
        best = { a, b, t, q, d };
      }
    }
    return best;
  }

  /** The graph's edges, each once, smaller vertex first. */
  edges(): Edge[] {
    const edges: Edge[] = [];
    this.adjacency.forEach((neighbours, a) => {
      for (const b of neighbours) if (a < b) edges.push([a, b]);
    });
    return edges;
  }

  /** Geodesic length of edge a–b, metres (cached). */
  private readonly length = (a: number, b: number): number => {
    const key = a < b ? `${a},${b}` : `${b},${a}`;
    let d = this.lengthCache.get(key);
    if (d === undefined) {
      d = geodesicDistanceMeters(this.points[a]!, this.points[b]!);
      this.lengthCache.set(key, d);
    }
    return d;
  };

  /** Path lengths from v to the vertices within reach of it along the lines. */
  private reach(v: number): Map<number, number> {
    return reachWithin(this.adjacency, this.length, v, this.reachLimit);
  }

  private link(a: number, b: number): void {
    this.adjacency[a]!.add(b);
    this.adjacency[b]!.add(a);
  }

  private record(from: number, to: number, distanceMeters: number): void {
    this.gaps.push({ from: [...this.points[from]!], to: [...this.points[to]!], distanceMeters });
  }
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
