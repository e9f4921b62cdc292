/**
 * Gained and lost ground read face by face, without a sweep, for the loops of a change chain
 * that allow it (winding.ts): a ring added or removed (simple), or a stretch of `after` and the
 * stretch of `before` it replaced, each simple, meeting each other only by proper crossings or
 * at vertices both pass through, in the same order along both. Such a loop's faces (between
 * consecutive meeting places) are each gained or lost by their orientation. The usual
 * day-to-day change is of this kind, and so is a stretch redrawn with every vertex moved a
 * little. Loops that are not, and loops that meet other loops, are left for the sweep.
 *
 * The steps: each loop's strands (winding-strands.ts), with the loops that cannot be read so
 * marked; one sweep over x of every segment of every strand, for the places where two strands
 * of a loop meet and for loops that meet each other; a test that no loop lies inside another;
 * the faces.
 */
import type { Position } from 'geojson';
import { ascendingOrder } from './order.js';
import { cross, orient } from './predicates.js';
import { boxOf, faceOrientation, facesOf, hasSpike, ringFromGrid, strandsOf, windingAround, type Loop, type Stop, type Strands } from './winding-strands.js';

/** Segment pairs tested before the sweep is left to Clipper2 instead (it is then faster). */
const MAX_PAIR_TESTS = 2_000_000;

/** What {@link facesWithoutSweep} read: faces gained and lost, and the loops left for the sweep (indices). */
export interface FaceReading {
  gained: Position[][][];
  lost: Position[][][];
  swept: number[];
}

/**
 * The faces of the loops that can be read without a sweep (see the module comment), and the
 * loops that cannot (`swept`); null when a loop lies inside another, or the test would take too
 * long, and the sweep should take everything.
 */
export function facesWithoutSweep(loops: Loop[]): FaceReading | null {
  const groups = new SweepGroups(loops.length);
  const strands = strandsForReading(loops, groups);
  const stops: Stop[][] = loops.map(() => []);
  const tests = strandMeetings(strands, segmentsOf(strands), groups, stops);
  if (tests < 0 || anyNested(strands, groups, tests)) return null;
  return readFaces(strands, stops, groups);
}

/** Loops that must go to the sweep, joined in groups by what they meet (union–find; a group goes to the sweep when its root is marked). */
class SweepGroups {
  private readonly group: number[];
  readonly bad: Uint8Array;

  constructor(n: number) {
    this.group = Array.from({ length: n }, (_, i) => i);
    this.bad = new Uint8Array(n);
  }

  find(i: number): number {
    const group = this.group;
    while (group[i] !== i) i = group[i] = group[group[i]!]!;
    return i;
  }

  /** Puts loops a and b in one group, for the sweep. */
  join(a: number, b: number): void {
    const ra = this.find(a),
      rb = this.find(b);
    this.group[ra] = rb;
    this.bad[rb] = 1;
  }

  /** Whether loop l's group goes to the sweep. */
  swept(l: number): boolean {
    return this.bad[this.find(l)] === 1;
  }
}

/**
 * Each loop's strands, marking for the sweep the loops that cannot be read face by face. A
 * loop of more than two strands goes to the sweep; it still takes part in the tests that
 * follow as one closed strand, so that the loops it meets or contains go with it.
 */
function strandsForReading(loops: Loop[], groups: SweepGroups): Strands[] {
  const bad = groups.bad;
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
      if (orient(p[0]!, p[1]!, p[2]!, p[3]!, q[2]!, q[3]!) === 0) bad[l] = 1;
      if (orient(p[np - 4]!, p[np - 3]!, p[np - 2]!, p[np - 1]!, q[nq - 4]!, q[nq - 3]!) === 0) bad[l] = 1;
    }
  });
  return strands;
}

/** Every segment of every strand: its ends, its loop, its strand (0 p, 1 q) and its index on the strand. */
interface Segments {
  total: number;
  ax: Float64Array;
  ay: Float64Array;
  bx: Float64Array;
  by: Float64Array;
  loopOf: Int32Array;
  strandOf: Uint8Array;
  indexOf: Int32Array;
}

function segmentsOf(strands: Strands[]): Segments {
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
  return { total, ax, ay, bx, by, loopOf, strandOf, indexOf };
}

/**
 * Tests every pair of segments whose boxes overlap (found by a sweep over x). Where the two
 * strands of one loop meet properly or at a shared vertex, a stop goes into `stops`; any other
 * meeting sends the loops to the sweep.
 *
 * @returns the pairs tested, or −1 when that would be more than MAX_PAIR_TESTS.
 */
function strandMeetings(strands: Strands[], segments: Segments, groups: SweepGroups, stops: Stop[][]): number {
  const { ax, ay, bx, by, loopOf, strandOf, indexOf } = segments;
  const pairs = overlappingPairs(segments);
  if (pairs === null) return -1;
  for (let k = 0; k < pairs.length; k += 2) {
    const i = pairs[k]!,
      j = pairs[k + 1]!;
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
    const o1 = orient(ax[i]!, ay[i]!, bx[i]!, by[i]!, ax[j]!, ay[j]!);
    const o2 = orient(ax[i]!, ay[i]!, bx[i]!, by[i]!, bx[j]!, by[j]!);
    const o3 = orient(ax[j]!, ay[j]!, bx[j]!, by[j]!, ax[i]!, ay[i]!);
    const o4 = orient(ax[j]!, ay[j]!, bx[j]!, by[j]!, bx[i]!, by[i]!);
    if (o1 * o2 > 0 || o3 * o4 > 0) continue;
    // They meet. Only the two strands of one loop may, and only properly or at a shared vertex.
    if (!sameLoop || strandOf[i] === strandOf[j]) {
      groups.join(l, loopOf[j]!);
      continue;
    }
    if (groups.swept(l)) continue;
    const [pi, qi] = strandOf[i] === 0 ? [i, j] : [j, i];
    if (o1 !== 0 && o2 !== 0 && o3 !== 0 && o4 !== 0) {
      stops[l]!.push(crossingOf(segments, pi, qi));
      continue;
    }
    const stop = sharedVertexOf(segments, pi, qi, st);
    if (stop === undefined) groups.bad[groups.find(l)] = 1;
    else if (stop !== null) stops[l]!.push(stop);
  }
  return pairs.length / 2;
}

/**
 * The pairs of segments whose boxes overlap, i, j after i, in the order of a sweep over x:
 * one small loop of box tests (which V8 compiles early, as a cold run needs), before the
 * orientation tests on the pairs found. Null when there are more than MAX_PAIR_TESTS.
 */
function overlappingPairs(segments: Segments): Int32Array | null {
  const { total, ax, ay, bx, by } = segments;
  const west = new Float64Array(total),
    east = new Float64Array(total),
    south = new Float64Array(total),
    north = new Float64Array(total);
  for (let i = 0; i < total; i++) {
    west[i] = Math.min(ax[i]!, bx[i]!);
    east[i] = Math.max(ax[i]!, bx[i]!);
    south[i] = Math.min(ay[i]!, by[i]!);
    north[i] = Math.max(ay[i]!, by[i]!);
  }
  const order = ascendingOrder(west);
  let pairs = new Int32Array(Math.max(64, 8 * total));
  let n = 0;
  for (let oi = 0; oi < total; oi++) {
    const i = order[oi]!;
    const e = east[i]!,
      s = south[i]!,
      nn = north[i]!;
    for (let oj = oi + 1; oj < total; oj++) {
      const j = order[oj]!;
      if (west[j]! > e) break;
      if (north[j]! < s || south[j]! > nn) continue;
      if (n === pairs.length) {
        if (n / 2 >= MAX_PAIR_TESTS) return null;
        const grown = new Int32Array(2 * n);
        grown.set(pairs);
        pairs = grown;
      }
      pairs[n++] = i;
      pairs[n++] = j;
    }
  }
  return n / 2 > MAX_PAIR_TESTS ? null : pairs.subarray(0, n);
}

/** The proper crossing of p's segment pi and q's segment qi. */
function crossingOf(segments: Segments, pi: number, qi: number): Stop {
  const { ax, ay, bx, by, indexOf } = segments;
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
function sharedVertexOf(segments: Segments, pi: number, qi: number, st: Strands): Stop | null | undefined {
  const { ax, ay, bx, by, indexOf } = segments;
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
      if (orient(x, y, ox, oy, rx, ry) === 0 && (ox - x) * (rx - x) + (oy - y) * (ry - y) > 0) return undefined;
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

/**
 * Whether a loop lies inside another (the other winds around its first point), which needs the
 * sweep for all, unless both go to the sweep together anyway; also true when the tests, with
 * the `tests` already made, would exceed MAX_PAIR_TESTS.
 */
function anyNested(strands: Strands[], groups: SweepGroups, tests: number): boolean {
  const n = strands.length;
  const boxes = strands.map((st) => boxOf(st.p, st.q));
  for (let a = 0; a < n; a++) {
    const px = strands[a]!.p[0]!,
      py = strands[a]!.p[1]!;
    for (let b = 0; b < n; b++) {
      if (a === b || (groups.swept(a) && groups.find(a) === groups.find(b))) continue;
      const box = boxes[b]!;
      if (px < box[0] || px > box[2] || py < box[1] || py > box[3]) continue;
      tests += strands[b]!.p.length + strands[b]!.q.length;
      if (tests > MAX_PAIR_TESTS || windingAround(px, py, strands[b]!) !== 0) return true;
    }
  }
  return false;
}

/** The faces of every loop not left for the sweep, each gained or lost by its orientation. */
function readFaces(strands: Strands[], stops: Stop[][], groups: SweepGroups): FaceReading {
  const gained: Position[][][] = [];
  const lost: Position[][][] = [];
  const swept: number[] = [];
  for (let l = 0; l < strands.length; l++) {
    const faces = groups.swept(l) ? null : facesOf(strands[l]!, stops[l]!);
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
}
