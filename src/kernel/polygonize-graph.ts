/**
 * Line work as a planar graph, for polygonize.ts: segments split at every intersection and
 * touch, vertices closer than EPS merged (noding); and the boxes the later steps test points
 * against. Segments are straight in longitude/latitude, treated as a plane.
 */
import { ascendingOrder } from './order.js';
import { cross } from './predicates.js';

export type Pt = [number, number];
export type Segment = [Pt, Pt];
export type Edge = [number, number];

/** Vertices and the edges between them (each once, by vertex ids). */
export interface Graph {
  points: Pt[];
  edges: Edge[];
}

/**
 * Points closer than this (degrees, about 0.1 mm) are one vertex. It absorbs the round-off
 * of computed intersections, so that three lines crossing at one place make one node and
 * not a microscopic triangle.
 */
export const EPS = 1e-9;

/** Bucket size of the vertex index, degrees (about 10 cm). */
const CELL = 1e-6;

interface Cut {
  t: number;
  p: Pt;
}

/** Splits segments at every intersection and touch, merges coincident vertices, dedupes edges. */
export function nodeSegments(segments: Segment[]): Graph {
  const cuts: Cut[][] = segments.map(() => []);
  const minX = segments.map(([a, b]) => Math.min(a[0], b[0]));
  const order = ascendingOrder(minX);
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

/** A box in longitude and latitude, degrees. */
export interface Box {
  west: number;
  south: number;
  east: number;
  north: number;
}

/** Whether p lies in the box (its edges included). */
export function inBox(p: Pt, box: Box): boolean {
  return p[0] >= box.west && p[0] <= box.east && p[1] >= box.south && p[1] <= box.north;
}
