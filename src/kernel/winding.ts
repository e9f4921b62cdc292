/**
 * Regions by winding number: where a balanced chain of directed edges (as many edges into
 * every vertex as out of it) winds around positively, and where negatively. change.ts builds
 * such a chain, ∂after − ∂before, whose positive region is the ground gained and negative
 * region the ground lost.
 *
 * The chain is walked into closed loops. A loop is read face by face when it allows: a ring
 * of one side alone (added or removed) that is simple, or a stretch of `after` and the stretch
 * of `before` it replaced (two strands from a vertex u to a vertex v), each simple, meeting
 * each other only by proper crossings or at vertices both pass through, in the same order
 * along both, and meeting no other loop. Between consecutive meeting places the two strands
 * bound a simple face, gained when it runs counter-clockwise, lost when clockwise; this is
 * the usual day-to-day change, and also a stretch redrawn with every vertex moved a little
 * (hundreds of slivers). Anything else (a touch, a collinear overlap, crossings out of
 * order, a loop of more than two strands, loops that meet) goes to Clipper2's sweep with the
 * `Positive` fill rule, which is exact on the integer grid for any configuration once spikes
 * are cut (see {@link withoutSpikes}).
 *
 * Points are on the kernel's grid (1e-9°, grid.ts), as the overlay's; crossing points are rounded to it, as
 * the sweep rounds them, and every input vertex is kept (collinear ones too).
 */
import type { MultiPolygon, Position } from 'geojson';
import { ClipType, FillRule, type Path64 } from 'clipper2-ts/dist/Core.js';
import { Clipper64, PolyTree64 } from 'clipper2-ts/dist/Engine.js';
import { FrontlineError } from '../errors.js';
import { fromGrid, toGrid } from './grid.js';
import { polygonsOfTree } from './overlay.js';
import { cross, orient, turnsBack } from './predicates.js';
import { spikeFreeIndices } from './spikes.js';

/**
 * A chain of directed edges x1, y1, x2, y2 (degrees): first the `fromAfter` edges of one side
 * (`after`), then those of the other (`before`, reversed). Which side an edge came from only
 * guides the walk and the face-by-face reading; the regions depend on the edges alone.
 */
export interface ChangeChain {
  ends: Float64Array;
  fromAfter: number;
}

/**
 * Hash of a vertex. It only spreads keys over a table (keys are compared exactly), so it
 * reads the coordinates at two scales, 1e-7 and 1e-12 degrees, cheaply instead of bit by bit.
 */
export function hashVertex(x: number, y: number): number {
  const hx = Math.imul((x * 1e7) | 0, 0x9e3779b1) ^ ((x * 1e12) | 0);
  const hy = Math.imul((y * 1e7) | 0, 0x85ebca6b) ^ ((y * 1e12) | 0);
  return Math.imul(hx ^ (hy << 13) ^ (hy >>> 19), 0xc2b2ae35);
}

/** What {@link windingRegions} found. */
export interface WindingRegions {
  /** Where the chain winds positively (RFC 7946 winding; possibly no polygons). */
  gained: MultiPolygon;
  /** Where it winds negatively. */
  lost: MultiPolygon;
  /** Closed loops the chain forms. */
  loops: number;
  /** Loops that needed Clipper2's sweep (0 when every loop could be read face by face). */
  sweptLoops: number;
  /** False when the edges did not close into loops (the chain was not balanced); the regions are then empty. */
  closed: boolean;
}

/**
 * The regions where a balanced chain winds positively and negatively (see the module comment).
 *
 * @throws FrontlineError `GEOMETRY_FAILED` when Clipper2 fails
 */
export function windingRegions(chain: ChangeChain): WindingRegions {
  const empty = (): MultiPolygon => ({ type: 'MultiPolygon', coordinates: [] });
  if (chain.ends.length === 0) return { gained: empty(), lost: empty(), loops: 0, sweptLoops: 0, closed: true };
  const loops = closedLoops(chain);
  if (loops === null) return { gained: empty(), lost: empty(), loops: 0, sweptLoops: 0, closed: false };
  const read = facesWithoutSweep(loops) ?? { gained: [], lost: [], swept: loops.map((_, i) => i) };
  if (read.swept.length > 0) {
    const forward = read.swept
      .map((i) => withoutSpikes(loops[i]!.xy))
      .filter((xy) => xy.length > 0)
      .map(toPath);
    const reversed = forward.map((path) => path.slice().reverse());
    read.gained.push(...positiveRegion(forward).coordinates);
    read.lost.push(...positiveRegion(reversed).coordinates);
  }
  return {
    gained: { type: 'MultiPolygon', coordinates: read.gained },
    lost: { type: 'MultiPolygon', coordinates: read.lost },
    loops: loops.length,
    sweptLoops: read.swept.length,
    closed: true,
  };
}

/** A closed loop of the chain: grid points x0, y0, x1, y1, ... and, per edge i (from point i), whether it came from `after`. */
interface Loop {
  xy: number[];
  fromAfter: boolean[];
}

/**
 * Walks a balanced set of directed edges into closed loops of grid points. From any unused
 * edge, follow unused edges out of each vertex reached, edges of the same side first (so that
 * a stretch of `after` and the stretch of `before` it replaces come out as one loop): in a
 * chain where every vertex has as many edges in as out, the walk can only stop where it
 * started. Null if it stops elsewhere.
 */
function closedLoops(chain: ChangeChain): Loop[] | null {
  const ends = chain.ends;
  const m = ends.length / 4;
  // Vertex ids through a small open-addressing table on exact coordinates.
  let capacity = 16;
  while (capacity < m * 4) capacity *= 2;
  const mask = capacity - 1;
  const keys = new Float64Array(capacity * 2);
  const ids = new Int32Array(capacity).fill(-1);
  let vertices = 0;
  const vertexId = (x: number, y: number): number => {
    let s = hashVertex(x, y) & mask;
    while (ids[s] !== -1) {
      if (keys[2 * s] === x && keys[2 * s + 1] === y) return ids[s]!;
      s = (s + 1) & mask;
    }
    keys[2 * s] = x;
    keys[2 * s + 1] = y;
    ids[s] = vertices;
    return vertices++;
  };
  const from = new Int32Array(m);
  const to = new Int32Array(m);
  for (let e = 0; e < m; e++) {
    from[e] = vertexId(ends[4 * e]!, ends[4 * e + 1]!);
    to[e] = vertexId(ends[4 * e + 2]!, ends[4 * e + 3]!);
  }
  // Out-edges of each vertex as a linked list (consumed as the walk uses them).
  const head = new Int32Array(vertices).fill(-1);
  const next = new Int32Array(m);
  for (let e = m - 1; e >= 0; e--) {
    next[e] = head[from[e]!]!;
    head[from[e]!] = e;
  }
  const used = new Uint8Array(m);
  const loops: Loop[] = [];
  for (let start = 0; start < m; start++) {
    if (used[start]) continue;
    const origin = from[start]!;
    const xy: number[] = [];
    const fromAfter: boolean[] = [];
    const firstSide = start < chain.fromAfter;
    let switched = false;
    let e = start;
    for (;;) {
      used[e] = 1;
      xy.push(toGrid(ends[4 * e]!), toGrid(ends[4 * e + 1]!));
      const side = e < chain.fromAfter;
      fromAfter.push(side);
      switched ||= side !== firstSide;
      const v = to[e]!;
      let out = -1;
      for (let f = head[v]!; f >= 0; f = next[f]!) {
        if (used[f]) continue;
        if (v === origin) {
          // Back at the start: go on only to take in the other side's ring through this vertex
          // (a ring whose every edge changed), so that the loop has two strands.
          if (!switched && f < chain.fromAfter !== side) out = f;
          if (out >= 0) break;
          continue;
        }
        if (out < 0) out = f;
        if (f < chain.fromAfter === side) {
          out = f;
          break;
        }
      }
      if (v === origin && out < 0) break;
      if (out < 0) return null;
      e = out;
    }
    loops.push({ xy, fromAfter });
  }
  return loops;
}

function toPath(loop: number[]): Path64 {
  const path: Path64 = new Array(loop.length / 2);
  for (let i = 0; i < path.length; i++) path[i] = { x: loop[2 * i]!, y: loop[2 * i + 1]! };
  return path;
}

/** Sign of the turn a → b → c on the grid (1 left, −1 right, 0 straight), exactly. */
const orientation = orient;

/**
 * A loop without spikes or repeated points (flat grid coordinates in, the same out; fewer
 * than three points left means nothing is left). Cutting a spike a → b → c to a → c leaves
 * the winding number of every point off the line unchanged, and Clipper2 (clipper2-ts 2.0.1)
 * fills paths with spikes wrongly under every fill rule: checked on seeded rectilinear loops
 * against winding numbers counted cell by cell, it erred on about one loop set in ten with
 * spikes and on none of 8,000 without.
 */
function withoutSpikes(loop: number[]): number[] {
  const same = (i: number, j: number) => loop[2 * i] === loop[2 * j] && loop[2 * i + 1] === loop[2 * j + 1];
  const back = (i: number, v: number, j: number) => turnsBack(loop[2 * i]!, loop[2 * i + 1]!, loop[2 * v]!, loop[2 * v + 1]!, loop[2 * j]!, loop[2 * j + 1]!);
  const kept = spikeFreeIndices(loop.length / 2, true, same, back);
  if (kept.length < 3) return [];
  return kept.flatMap((i) => [loop[2 * i]!, loop[2 * i + 1]!]);
}

/** Segment pairs tested before the sweep is left to Clipper2 instead (it is then faster). */
const MAX_PAIR_TESTS = 2_000_000;

/**
 * A loop read as two strands from u to v: `p`, the stretch of `after` (forward), and `q`, the
 * stretch of `before` it replaced (in its own direction, so also from u to v). A loop wholly
 * from one side (a ring added or removed) has an empty `q`.
 */
interface Strands {
  /** Grid points of p, u first; of q, u first (empty for a one-sided loop). */
  p: number[];
  q: number[];
}

/** Splits a loop into its two strands, or null when it alternates sides more than once. */
function strandsOf(loop: Loop): Strands | null {
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
interface Stop {
  i: number;
  s: number;
  j: number;
  t: number;
  x: number;
  y: number;
}

/**
 * Gained and lost ground read face by face, without a sweep, for the loops that allow it:
 * a ring added or removed (simple), or a stretch of `after` and the stretch of `before` it
 * replaced, each simple, meeting each other only by proper crossings or at vertices both pass
 * through, in the same order along both. Such a loop's faces (between consecutive meeting
 * places) are each gained or lost by their orientation. The usual day-to-day change is of
 * this kind, and so is a stretch redrawn with every vertex moved a little. Loops that are not,
 * and loops that meet other loops, are left for the sweep (`swept`); null when a loop lies
 * inside another, or the test would take too long, and the sweep should take everything.
 */
function facesWithoutSweep(loops: Loop[]): { gained: Position[][][]; lost: Position[][][]; swept: number[] } | null {
  const n = loops.length;
  // Loops that must go to the sweep, joined in groups by what they meet.
  const group = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (group[i] !== i) i = group[i] = group[group[i]!]!;
    return i;
  };
  const bad = new Uint8Array(n);
  const join = (a: number, b: number): void => {
    const ra = find(a),
      rb = find(b);
    group[ra] = rb;
    bad[rb] = 1;
  };
  // A loop of more than two strands goes to the sweep; it still takes part in the tests below
  // as one closed strand, so that the loops it meets or contains go with it.
  const strands: Strands[] = loops.map((loop, l) => {
    const st = strandsOf(loop);
    if (st) return st;
    bad[l] = 1;
    return { p: [...loop.xy, loop.xy[0]!, loop.xy[1]!], q: [] };
  });
  strands.forEach((st, l) => {
    if (bad[l]) return;
    // Spikes, and p leaving u (or reaching v) along q, need the sweep.
    if (hasSpike(st.p, st.q.length === 0) || hasSpike(st.q, false)) bad[l] = 1;
    else if (st.q.length > 0) {
      const p = st.p,
        q = st.q,
        np = p.length,
        nq = q.length;
      if (orientation(p[0]!, p[1]!, p[2]!, p[3]!, q[2]!, q[3]!) === 0) bad[l] = 1;
      if (orientation(p[np - 4]!, p[np - 3]!, p[np - 2]!, p[np - 1]!, q[nq - 4]!, q[nq - 3]!) === 0) bad[l] = 1;
    }
  });
  // Every segment of every strand: coordinates, loop, strand (0 p, 1 q), index on the strand.
  let total = 0;
  for (const st of strands) total += st.p.length / 2 - 1 + Math.max(0, st.q.length / 2 - 1);
  const ax = new Float64Array(total),
    ay = new Float64Array(total),
    bx = new Float64Array(total),
    by = new Float64Array(total);
  const loopOf = new Int32Array(total),
    strandOf = new Uint8Array(total),
    indexOf = new Int32Array(total);
  let k = 0;
  strands.forEach((st, l) => {
    for (const [which, pts] of [
      [0, st.p],
      [1, st.q],
    ] as const) {
      for (let i = 0; i + 3 < pts.length; i += 2, k++) {
        ax[k] = pts[i]!;
        ay[k] = pts[i + 1]!;
        bx[k] = pts[i + 2]!;
        by[k] = pts[i + 3]!;
        loopOf[k] = l;
        strandOf[k] = which;
        indexOf[k] = i / 2;
      }
    }
  });
  // Sweep over x: every pair of segments whose boxes overlap.
  const order = Array.from({ length: total }, (_, i) => i).sort((a, b) => Math.min(ax[a]!, bx[a]!) - Math.min(ax[b]!, bx[b]!));
  const stops: Stop[][] = loops.map(() => []);
  let tests = 0;
  for (let oi = 0; oi < total; oi++) {
    const i = order[oi]!;
    const maxX = Math.max(ax[i]!, bx[i]!),
      minY = Math.min(ay[i]!, by[i]!),
      maxY = Math.max(ay[i]!, by[i]!);
    for (let oj = oi + 1; oj < total; oj++) {
      const j = order[oj]!;
      if (Math.min(ax[j]!, bx[j]!) > maxX) break;
      if (Math.max(ay[j]!, by[j]!) < minY || Math.min(ay[j]!, by[j]!) > maxY) continue;
      if (++tests > MAX_PAIR_TESTS) return null;
      const l = loopOf[i]!;
      const st = strands[l]!;
      const sameLoop = l === loopOf[j];
      if (sameLoop && strandOf[i] === strandOf[j]) {
        // Neighbours on a strand share a vertex (a closed strand's first and last segments too).
        const d = Math.abs(indexOf[i]! - indexOf[j]!);
        const pts = strandOf[i] === 0 ? st.p : st.q;
        const closed = pts[0] === pts[pts.length - 2] && pts[1] === pts[pts.length - 1];
        if (d === 1 || (closed && d === pts.length / 2 - 2)) continue;
      }
      const o1 = orientation(ax[i]!, ay[i]!, bx[i]!, by[i]!, ax[j]!, ay[j]!);
      const o2 = orientation(ax[i]!, ay[i]!, bx[i]!, by[i]!, bx[j]!, by[j]!);
      const o3 = orientation(ax[j]!, ay[j]!, bx[j]!, by[j]!, ax[i]!, ay[i]!);
      const o4 = orientation(ax[j]!, ay[j]!, bx[j]!, by[j]!, bx[i]!, by[i]!);
      if (o1 * o2 > 0 || o3 * o4 > 0) continue;
      // They meet. Only the two strands of one loop may, and only properly or at a shared vertex.
      if (!sameLoop || strandOf[i] === strandOf[j]) {
        join(l, loopOf[j]!);
        continue;
      }
      if (bad[find(l)]) continue;
      const [pi, qi] = strandOf[i] === 0 ? [i, j] : [j, i];
      if (o1 !== 0 && o2 !== 0 && o3 !== 0 && o4 !== 0) {
        stops[l]!.push(crossingOf(pi, qi));
        continue;
      }
      const stop = sharedVertexOf(pi, qi, st);
      if (stop === undefined) bad[find(l)] = 1;
      else if (stop !== null) stops[l]!.push(stop);
    }
  }
  // A loop inside another (the other winds around its first point) needs the sweep for all,
  // unless both go to the sweep together anyway.
  const boxes = strands.map((st) => boxOf(st.p, st.q));
  for (let a = 0; a < n; a++) {
    const px = strands[a]!.p[0]!,
      py = strands[a]!.p[1]!;
    for (let b = 0; b < n; b++) {
      if (a === b || (bad[find(a)] && find(a) === find(b))) continue;
      const box = boxes[b]!;
      if (px < box[0] || px > box[2] || py < box[1] || py > box[3]) continue;
      tests += strands[b]!.p.length + strands[b]!.q.length;
      if (tests > MAX_PAIR_TESTS || windingAround(px, py, strands[b]!) !== 0) return null;
    }
  }
  const gained: Position[][][] = [];
  const lost: Position[][][] = [];
  const swept: number[] = [];
  for (let l = 0; l < n; l++) {
    const faces = bad[find(l)] ? null : facesOf(strands[l]!, stops[l]!);
    if (!faces) {
      swept.push(l);
      continue;
    }
    for (const face of faces) {
      const sign = faceOrientation(face);
      if (sign !== 0) (sign > 0 ? gained : lost).push([ringFromGrid(face, sign > 0)]);
    }
  }
  return { gained, lost, swept };

  function crossingOf(pi: number, qi: number): Stop {
    // Fractions along each segment from the determinants on either side of the other.
    const dp1 = cross(ax[qi]!, ay[qi]!, bx[qi]!, by[qi]!, ax[pi]!, ay[pi]!);
    const dp2 = cross(ax[qi]!, ay[qi]!, bx[qi]!, by[qi]!, bx[pi]!, by[pi]!);
    const dq1 = cross(ax[pi]!, ay[pi]!, bx[pi]!, by[pi]!, ax[qi]!, ay[qi]!);
    const dq2 = cross(ax[pi]!, ay[pi]!, bx[pi]!, by[pi]!, bx[qi]!, by[qi]!);
    const s = dp1 / (dp1 - dp2);
    const t = dq1 / (dq1 - dq2);
    return { i: indexOf[pi]!, s, j: indexOf[qi]!, t, x: Math.round(ax[pi]! + s * (bx[pi]! - ax[pi]!)), y: Math.round(ay[pi]! + s * (by[pi]! - ay[pi]!)) };
  }

  /**
   * Where p's segment pi and q's segment qi touch: a stop at the vertex both pass through,
   * null when that vertex is u or v (where the strands start and end together), undefined when
   * they touch anywhere else or overlap.
   */
  function sharedVertexOf(pi: number, qi: number, st: Strands): Stop | null | undefined {
    const pEnds = [
      [ax[pi]!, ay[pi]!, indexOf[pi]!],
      [bx[pi]!, by[pi]!, indexOf[pi]! + 1],
    ] as const;
    const qEnds = [
      [ax[qi]!, ay[qi]!, indexOf[qi]!],
      [bx[qi]!, by[qi]!, indexOf[qi]! + 1],
    ] as const;
    for (const [x, y, pv] of pEnds) {
      for (const [qx, qy, qv] of qEnds) {
        if (x !== qx || y !== qy) continue;
        // Collinear segments from a shared vertex overlap unless they leave it in opposite directions.
        const [ox, oy] = pEnds[pEnds[0][0] === x && pEnds[0][1] === y ? 1 : 0];
        const [rx, ry] = qEnds[qEnds[0][0] === x && qEnds[0][1] === y ? 1 : 0];
        if (orientation(x, y, ox, oy, rx, ry) === 0 && (ox - x) * (rx - x) + (oy - y) * (ry - y) > 0) return undefined;
        const np = st.p.length,
          nq = st.q.length;
        // u and v (one point when a whole ring changed): where the strands start and end.
        if ((x === st.p[0] && y === st.p[1]) || (x === st.p[np - 2] && y === st.p[np - 1])) return null;
        if (pv === 0 || qv === 0 || pv === np / 2 - 1 || qv === nq / 2 - 1) return undefined;
        return { i: pv, s: 0, j: qv, t: 0, x, y };
      }
    }
    return undefined;
  }
}

/** Whether a strand (flat points) turns straight back anywhere; a closed one also where it closes. */
function hasSpike(points: number[], closed: boolean): boolean {
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
function facesOf(st: Strands, found: Stop[]): number[][] | null {
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

function boxOf(...parts: number[][]): [number, number, number, number] {
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
function windingAround(px: number, py: number, st: Strands): number {
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
        const o = orientation(x1, y1, x2, y2, px, py);
        if (o === 0) return Number.NaN;
        if (y2 > y1 && o > 0) winding += direction;
        else if (y2 < y1 && o < 0) winding -= direction;
      }
    }
  }
  return winding;
}

/** Sign of a face's planar area (1 counter-clockwise), from the shoelace sum relative to its first point. */
function faceOrientation(face: number[]): number {
  const n = face.length / 2;
  if (n < 3) return 0;
  const x0 = face[0]!,
    y0 = face[1]!;
  let twice = 0;
  for (let i = 1; i + 1 < n; i++) twice += (face[2 * i]! - x0) * (face[2 * i + 3]! - y0) - (face[2 * i + 2]! - x0) * (face[2 * i + 1]! - y0);
  return twice > 0 ? 1 : twice < 0 ? -1 : 0;
}

/** A closed GeoJSON ring from flat grid points, counter-clockwise (reversed when `counterClockwise` is false). */
function ringFromGrid(face: number[], counterClockwise: boolean): Position[] {
  const n = face.length / 2;
  const ring: Position[] = new Array(n + 1);
  for (let i = 0; i < n; i++) {
    const k = counterClockwise ? i : n - 1 - i;
    ring[i] = [fromGrid(face[2 * k]!), fromGrid(face[2 * k + 1]!)];
  }
  ring[n] = [ring[0]![0]!, ring[0]![1]!];
  return ring;
}

/** The region the paths wind around positively (counter-clockwise), as a MultiPolygon. */
function positiveRegion(paths: Path64[]): MultiPolygon {
  const clipper = new Clipper64();
  clipper.preserveCollinear = true;
  clipper.addSubject(paths);
  const tree = new PolyTree64();
  try {
    clipper.execute(ClipType.Union, FillRule.Positive, tree);
  } catch (cause) {
    throw new FrontlineError('GEOMETRY_FAILED', `winding fill of changed edges failed: ${(cause as Error).message}`, { cause });
  }
  return { type: 'MultiPolygon', coordinates: polygonsOfTree(tree) };
}
