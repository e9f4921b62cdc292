/**
 * One closed loop of a change chain (winding.ts) read on its own: as two strands from u to v,
 * the stretch of `after` and the stretch of `before` it replaced; the faces between the places
 * where the strands meet, given those places; and the loop's winding number around a point.
 * Points are flat grid coordinates x0, y0, x1, y1, ...
 */
import type { Position } from 'geojson';
import { fromGrid } from './grid.js';
import { orient, turnsBack } from './predicates.js';

/** A closed loop of the chain: grid points x0, y0, x1, y1, ... and, per edge i (from point i), whether it came from `after`. */
export interface Loop {
  xy: number[];
  fromAfter: boolean[];
}

/**
 * A loop read as two strands from u to v: `p`, the stretch of `after` (forward), and `q`, the
 * stretch of `before` it replaced (in its own direction, so also from u to v). A loop wholly
 * from one side (a ring added or removed) has an empty `q`.
 */
export interface Strands {
  /** Grid points of p, u first; of q, u first (empty for a one-sided loop). */
  p: number[];
  q: number[];
}

/** Splits a loop into its two strands, or null when it alternates sides more than once. */
export function strandsOf(loop: Loop): Strands | null {
  const n = loop.fromAfter.length;
  let changes = 0;
  let start = 0;
  for (let i = 0; i < n; i++) {
    if (loop.fromAfter[i] !== loop.fromAfter[(i + n - 1) % n]) {
      changes++;
      if (loop.fromAfter[i]) start = i;
    }
  }
  const point = (i: number): [number, number] => [loop.xy[2 * (i % n)]!, loop.xy[2 * (i % n) + 1]!];
  if (changes === 0) {
    const ring: number[] = [];
    for (let i = 0; i <= n; i++) ring.push(...point(i));
    // A ring of `before` comes in reversed: winding −1 inside, which is what the faces need.
    return { p: ring, q: [] };
  }
  if (changes !== 2) return null;
  // p: the `after` edges from `start`; then q: the `before` edges, reversed back.
  const p: number[] = [];
  let i = start;
  while (loop.fromAfter[i % n]) p.push(...point(i++));
  p.push(...point(i));
  const back: number[] = [];
  while (!loop.fromAfter[i % n]) back.push(...point(i++));
  back.push(...point(i));
  const q: number[] = [];
  for (let k = back.length - 2; k >= 0; k -= 2) q.push(back[k]!, back[k + 1]!);
  return { p, q };
}

/**
 * A place where the two strands of a loop meet, in order along both: a proper crossing of
 * p's segment i and q's segment j at fractions s and t along them, or a vertex both strands
 * pass through (i and j its indexes on each, s = t = 0). x, y: the point on the grid.
 */
export interface Stop {
  i: number;
  s: number;
  j: number;
  t: number;
  x: number;
  y: number;
}

/** Whether a strand (flat points) turns straight back anywhere; a closed one also where it closes. */
export function hasSpike(points: number[], closed: boolean): boolean {
  const n = points.length / 2;
  for (let i = 1; i + 1 < n; i++) {
    if (turnsBack(points[2 * i - 2]!, points[2 * i - 1]!, points[2 * i]!, points[2 * i + 1]!, points[2 * i + 2]!, points[2 * i + 3]!)) return true;
  }
  return closed && n >= 3 && turnsBack(points[2 * n - 4]!, points[2 * n - 3]!, points[0]!, points[1]!, points[2]!, points[3]!);
}

/**
 * The faces of one loop: the loop itself when its strands never meet, else the regions
 * between consecutive stops (u, stops..., v), each bounded by p forward and q back. Null
 * when the stops do not come in the same order along both strands (or two are too close to
 * order).
 */
export function facesOf(st: Strands, found: Stop[]): number[][] | null {
  const { p, q } = st;
  if (q.length === 0) return [p.slice(0, -2)];
  // A vertex both strands pass through is found once per pair of segments around it.
  const alongP = found
    .slice()
    .sort((a, b) => a.i - b.i || a.s - b.s)
    .filter((c, k, all) => k === 0 || c.s !== 0 || all[k - 1]!.i !== c.i || all[k - 1]!.s !== 0);
  for (let c = 1; c < alongP.length; c++) {
    const a = alongP[c - 1]!,
      b = alongP[c]!;
    if (a.i === b.i && !(b.s - a.s > 1e-9)) return null;
    if (!(b.j > a.j || (b.j === a.j && b.t - a.t > 1e-9))) return null;
  }
  const np = p.length / 2,
    nq = q.length / 2;
  // u and v as crossings at the ends of both strands.
  const stops: Stop[] = [{ i: 0, s: 0, j: 0, t: 0, x: p[0]!, y: p[1]! }, ...alongP, { i: np - 2, s: 1, j: nq - 2, t: 1, x: p[2 * np - 2]!, y: p[2 * np - 1]! }];
  const faces: number[][] = [];
  for (let c = 0; c + 1 < stops.length; c++) {
    const a = stops[c]!,
      b = stops[c + 1]!;
    const face: number[] = [a.x, a.y];
    // p from a to b: the points after a's segment start, up to b's segment start.
    for (let k = a.i + 1; k <= b.i; k++) face.push(p[2 * k]!, p[2 * k + 1]!);
    face.push(b.x, b.y);
    // q from b back to a.
    for (let k = b.j; k >= a.j + 1; k--) face.push(q[2 * k]!, q[2 * k + 1]!);
    faces.push(dropRepeats(face));
  }
  return faces;
}

/** A closed flat ring without consecutive repeated points (the closing point not repeated). */
function dropRepeats(ring: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < ring.length; i += 2) {
    const n = out.length;
    if (n >= 2 && out[n - 2] === ring[i] && out[n - 1] === ring[i + 1]) continue;
    out.push(ring[i]!, ring[i + 1]!);
  }
  while (out.length >= 4 && out[0] === out[out.length - 2] && out[1] === out[out.length - 1]) out.length -= 2;
  return out;
}

export function boxOf(...parts: number[][]): [number, number, number, number] {
  let w = Infinity,
    s = Infinity,
    e = -Infinity,
    n = -Infinity;
  for (const pts of parts) {
    for (let i = 0; i < pts.length; i += 2) {
      w = Math.min(w, pts[i]!);
      e = Math.max(e, pts[i]!);
      s = Math.min(s, pts[i + 1]!);
      n = Math.max(n, pts[i + 1]!);
    }
  }
  return [w, s, e, n];
}

/**
 * Winding number of a loop (p forward, q back) around a point off it; NaN when the point is
 * on it after all.
 */
export function windingAround(px: number, py: number, st: Strands): number {
  let winding = 0;
  for (const [pts, direction] of [
    [st.p, 1],
    [st.q, -1],
  ] as const) {
    for (let i = 0; i + 3 < pts.length; i += 2) {
      const x1 = pts[i]!,
        y1 = pts[i + 1]!,
        x2 = pts[i + 2]!,
        y2 = pts[i + 3]!;
      if (y1 > py !== y2 > py) {
        // The segment crosses the horizontal through the point; count it if it passes to the right.
        const o = orient(x1, y1, x2, y2, px, py);
        if (o === 0) return Number.NaN;
        if (y2 > y1 && o > 0) winding += direction;
        else if (y2 < y1 && o < 0) winding -= direction;
      }
    }
  }
  return winding;
}

/** Sign of a face's planar area (1 counter-clockwise), from the shoelace sum relative to its first point. */
export function faceOrientation(face: number[]): number {
  const n = face.length / 2;
  if (n < 3) return 0;
  const x0 = face[0]!,
    y0 = face[1]!;
  let twice = 0;
  for (let i = 1; i + 1 < n; i++) twice += (face[2 * i]! - x0) * (face[2 * i + 3]! - y0) - (face[2 * i + 2]! - x0) * (face[2 * i + 1]! - y0);
  return twice > 0 ? 1 : twice < 0 ? -1 : 0;
}

/** A closed GeoJSON ring from flat grid points, counter-clockwise (reversed when `counterClockwise` is false). */
export function ringFromGrid(face: number[], counterClockwise: boolean): Position[] {
  const n = face.length / 2;
  const ring: Position[] = new Array(n + 1);
  for (let i = 0; i < n; i++) {
    const k = counterClockwise ? i : n - 1 - i;
    ring[i] = [fromGrid(face[2 * k]!), fromGrid(face[2 * k + 1]!)];
  }
  ring[n] = [ring[0]![0]!, ring[0]![1]!];
  return ring;
}
