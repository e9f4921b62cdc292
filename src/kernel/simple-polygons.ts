/**
 * Polygons in the form OGC Simple Features ask for, from the boundary of a region on the grid
 * (grid.ts): every ring simple, rings touching only at points, no interior cut in two. Clipper2
 * writes a hole that touches its shell as a shell pinched at that point, a region whose holes
 * touch the shell twice as one polygon with those holes, and leaves a vertex of one ring on the
 * inside of another's edge; all of these enclose the right ground, and GEOS rejects each.
 *
 * The boundary is taken apart at every point where rings meet and put back together face by
 * face: at a meeting point, each edge coming in continues along the edge going out that turns
 * furthest right, which keeps the region on the left and closes the smallest loop around each
 * piece of it (two pieces that touch at a point get a loop each). A loop that still passes a
 * point twice (a hole touching its shell) is cut there into simple loops; loops that run
 * counter-clockwise are shells, clockwise ones holes, and each hole goes into the smallest
 * shell around it. Exact throughout: grid integers, the kernel's orientation predicate.
 */
import { orient } from './predicates.js';
import { monotoneChains, nextVertices, segmentPairs } from './segment-pairs.js';

/** A ring as flat grid coordinates x0, y0, x1, y1, ... (not closed); a polygon its shell then holes. */
export type FlatRing = number[];

/**
 * The same region as `polygons` in OGC form.
 *
 * @param polygons shells counter-clockwise, holes clockwise (the region on the left of every
 *   edge), on the grid; rings may touch each other and themselves at points, but not cross.
 * @returns polygons whose rings are simple and touch only as OGC allows (the input itself when it
 *   already is, the usual case, decided by one sweep). Clipper rounds the points where edges
 *   cross to the grid, which can move an edge across a vertex less than a grid step away: such an
 *   edge is routed through that vertex (`snapped`: the result should be checked again, as the
 *   new edges can meet others). `crossed` when edges cross farther from any vertex than that.
 */
export function simplePolygons(polygons: FlatRing[][]): { polygons: FlatRing[][]; crossed: boolean; snapped: boolean } {
  const rings = polygons.flat();
  if (rings.length === 0) return { polygons, crossed: false, snapped: false };
  const n = rings.reduce((sum, r) => sum + r.length / 2, 0);
  const x = new Float64Array(n),
    y = new Float64Array(n),
    starts = new Int32Array(rings.length + 1);
  let k = 0;
  rings.forEach((ring, r) => {
    for (let i = 0; i < ring.length; i += 2, k++) {
      x[k] = ring[i]!;
      y[k] = ring[i + 1]!;
    }
    starts[r + 1] = k;
  });
  const flat = { x, y, starts };
  const next = nextVertices(flat);
  // Points inside edges where another ring's vertex lies, per edge; and whether rings meet at all.
  const inserts = new Map<number, number[]>();
  let meet = false,
    crossed = false,
    snapped = false;
  segmentPairs(flat, next, monotoneChains(flat, next), (a, b) => {
    const a2 = next[a]!,
      b2 = next[b]!;
    const d1 = orient(x[a]!, y[a]!, x[a2]!, y[a2]!, x[b]!, y[b]!),
      d2 = orient(x[a]!, y[a]!, x[a2]!, y[a2]!, x[b2]!, y[b2]!);
    if (d1 * d2 < 0 && orient(x[b]!, y[b]!, x[b2]!, y[b2]!, x[a]!, y[a]!) * orient(x[b]!, y[b]!, x[b2]!, y[b2]!, x[a2]!, y[a2]!) < 0) {
      // A crossing made by rounding: an end of one edge less than a grid step from the other.
      // The other edge is routed through that end (as snap rounding does), so they touch there.
      let best = Infinity,
        vertex = -1,
        edge = -1;
      for (const [v, e] of [
        [a, b],
        [a2, b],
        [b, a],
        [b2, a],
      ] as const) {
        const d = distanceToSegment(x[v]!, y[v]!, x[e]!, y[e]!, x[next[e]!]!, y[next[e]!]!);
        if (d < best) [best, vertex, edge] = [d, v, e];
      }
      if (best <= 1) {
        snapped = meet = true;
        const list = inserts.get(edge) ?? [];
        list.push(vertex);
        inserts.set(edge, list);
      } else crossed = true;
      return;
    }
    for (const [v, s] of [
      [a, b],
      [a2, b],
      [b, a],
      [b2, a],
    ] as const) {
      const e = next[s]!;
      if ((x[v] === x[s] && y[v] === y[s]) || (x[v] === x[e] && y[v] === y[e])) {
        meet = true;
        continue;
      }
      if (orient(x[s]!, y[s]!, x[e]!, y[e]!, x[v]!, y[v]!) !== 0) continue;
      if (Math.min(x[s]!, x[e]!) <= x[v]! && x[v]! <= Math.max(x[s]!, x[e]!) && Math.min(y[s]!, y[e]!) <= y[v]! && y[v]! <= Math.max(y[s]!, y[e]!)) {
        meet = true;
        const list = inserts.get(s) ?? [];
        list.push(v);
        inserts.set(s, list);
      }
    }
  });
  if (!meet) return { polygons, crossed, snapped };

  // Directed edges between vertex ids, edges cut where a vertex lies on them.
  const ids = new Map<string, number>();
  const px: number[] = [],
    py: number[] = [];
  const id = (vx: number, vy: number): number => {
    const key = `${vx},${vy}`;
    let i = ids.get(key);
    if (i === undefined) {
      ids.set(key, (i = px.length));
      px.push(vx);
      py.push(vy);
    }
    return i;
  };
  const edges = new Map<string, number>();
  const addEdge = (u: number, v: number): void => {
    if (u === v) return;
    // An edge and its reverse bound nothing between them (a slit): both go.
    const back = `${v},${u}`;
    const count = edges.get(back);
    if (count) {
      if (count === 1) edges.delete(back);
      else edges.set(back, count - 1);
      return;
    }
    edges.set(`${u},${v}`, (edges.get(`${u},${v}`) ?? 0) + 1);
  };
  for (let s = 0; s < n; s++) {
    const e = next[s]!;
    let from = id(x[s]!, y[s]!);
    const extra = inserts.get(s);
    if (extra) {
      const byDistance = [...new Set(extra.map((v) => `${x[v]},${y[v]}`))].map((key) => key.split(',').map(Number) as [number, number]);
      byDistance.sort((p, q) => Math.abs(p[0] - x[s]!) + Math.abs(p[1] - y[s]!) - (Math.abs(q[0] - x[s]!) + Math.abs(q[1] - y[s]!)));
      for (const [vx, vy] of byDistance) {
        const to = id(vx, vy);
        addEdge(from, to);
        from = to;
      }
    }
    addEdge(from, id(x[e]!, y[e]!));
  }
  const outs: number[][] = px.map(() => []);
  const edgeFrom: number[] = [],
    edgeTo: number[] = [];
  for (const [key, count] of edges) {
    const [u, v] = key.split(',').map(Number) as [number, number];
    for (let c = 0; c < count; c++) {
      outs[u]!.push(edgeFrom.length);
      edgeFrom.push(u);
      edgeTo.push(v);
    }
  }
  // Follow each edge in with the out edge that comes first clockwise from the way back.
  const used = new Uint8Array(edgeFrom.length);
  const loops: number[][] = [];
  for (let start = 0; start < edgeFrom.length; start++) {
    if (used[start]) continue;
    const loop: number[] = [];
    let e = start;
    while (!used[e]) {
      used[e] = 1;
      loop.push(edgeFrom[e]!);
      const v = edgeTo[e]!,
        u = edgeFrom[e]!;
      let best = -1;
      for (const f of outs[v]!) {
        if (used[f] && f !== start) continue;
        if (best < 0 || turnsFurtherRight(px[v]!, py[v]!, px[u]!, py[u]!, px[edgeTo[f]!]!, py[edgeTo[f]!]!, px[edgeTo[best]!]!, py[edgeTo[best]!]!)) best = f;
      }
      // Edges in and out balance at every point, so the walk can only end where it began.
      // (Around a point of a region's boundary they alternate, and the first turn clockwise is
      // a one-to-one pairing; where rounding has folded the boundary it is not, and the walk
      // takes the first edge still free.)
      if (best < 0 || best === start) break;
      e = best;
    }
    loops.push(loop);
  }
  // Loops that pass a point twice, cut into simple loops there.
  const shells: { ring: number[]; twice: bigint; box: number[] }[] = [];
  const holes: { ring: number[]; twice: bigint; box: number[] }[] = [];
  for (const loop of loops) {
    for (const simple of simpleLoops(loop)) {
      const twice = twiceArea(simple, px, py);
      if (twice === 0n) continue;
      const entry = { ring: simple, twice, box: boxOf(simple, px, py) };
      (twice > 0n ? shells : holes).push(entry);
    }
  }
  const result = shells.map((s) => ({ shell: s, holes: [] as number[][] }));
  for (const h of holes) {
    let best = -1;
    for (let i = 0; i < shells.length; i++) {
      const s = shells[i]!;
      if (s.box[0]! > h.box[0]! || s.box[1]! > h.box[1]! || s.box[2]! < h.box[2]! || s.box[3]! < h.box[3]!) continue;
      if (best >= 0 && shells[best]!.twice <= s.twice) continue;
      if (holeInside(h.ring, s.ring, px, py)) best = i;
    }
    if (best >= 0) result[best]!.holes.push(h.ring);
  }
  const flatOf = (ring: number[]): FlatRing => ring.flatMap((v) => [px[v]!, py[v]!]);
  return { polygons: result.map(({ shell, holes: hs }) => [flatOf(shell.ring), ...hs.map(flatOf)]), crossed, snapped };
}

/**
 * Whether, at v, the way to c comes before the way to d, turning clockwise from the way back
 * to u (a way straight back to u comes last).
 */
function turnsFurtherRight(vx: number, vy: number, ux: number, uy: number, cx: number, cy: number, dx: number, dy: number): boolean {
  return clockwiseRank(vx, vy, ux, uy, cx, cy, dx, dy) < 0;
}

/** Compares the clockwise turns from (v→u) to (v→c) and to (v→d): negative when c's is smaller. */
function clockwiseRank(vx: number, vy: number, ux: number, uy: number, cx: number, cy: number, dx: number, dy: number): number {
  const half = (px: number, py: number): number => {
    // 0: strictly within the half turn clockwise from v→u; 1: the rest (v→u itself last).
    const o = orient(vx, vy, ux, uy, px, py);
    if (o < 0) return 0;
    if (o > 0) return 1;
    const sameWay = Math.sign(px - vx) === Math.sign(ux - vx) && Math.sign(py - vy) === Math.sign(uy - vy);
    return sameWay ? 2 : 1;
  };
  const hc = half(cx, cy),
    hd = half(dx, dy);
  if (hc !== hd) return hc - hd;
  if (hc === 2) return 0;
  // Within one half, the one clockwise of the other comes first.
  return orient(vx, vy, cx, cy, dx, dy) > 0 ? 1 : orient(vx, vy, cx, cy, dx, dy) < 0 ? -1 : 0;
}

/** A closed walk of vertex ids cut at repeated vertices into loops that pass each vertex once. */
function simpleLoops(walk: number[]): number[][] {
  const out: number[][] = [];
  const stack: number[] = [];
  const at = new Map<number, number>();
  for (const v of walk) {
    const i = at.get(v);
    if (i !== undefined) {
      const loop = stack.splice(i);
      for (const w of loop) at.delete(w);
      if (loop.length >= 3) out.push(loop);
    }
    at.set(v, stack.length);
    stack.push(v);
  }
  if (stack.length >= 3) out.push(stack);
  return out;
}

/** Twice the signed area of a loop of grid points, exactly. */
function twiceArea(ring: number[], px: number[], py: number[]): bigint {
  let sum = 0n;
  const x0 = BigInt(px[ring[0]!]!),
    y0 = BigInt(py[ring[0]!]!);
  for (let i = 1; i + 1 < ring.length; i++) {
    const a = ring[i]!,
      b = ring[i + 1]!;
    sum += (BigInt(px[a]!) - x0) * (BigInt(py[b]!) - y0) - (BigInt(px[b]!) - x0) * (BigInt(py[a]!) - y0);
  }
  return sum;
}

function boxOf(ring: number[], px: number[], py: number[]): number[] {
  let w = Infinity,
    s = Infinity,
    e = -Infinity,
    n = -Infinity;
  for (const v of ring) {
    w = Math.min(w, px[v]!);
    e = Math.max(e, px[v]!);
    s = Math.min(s, py[v]!);
    n = Math.max(n, py[v]!);
  }
  return [w, s, e, n];
}

/**
 * Whether a hole lies inside a shell. The two do not cross, and meet only at shared vertices,
 * so any vertex of the hole that is not one of the shell's decides, by a ray towards +x.
 */
function holeInside(hole: number[], shell: number[], px: number[], py: number[]): boolean {
  const onShell = new Set(shell);
  const v = hole.find((w) => !onShell.has(w));
  if (v === undefined) return false;
  const qx = px[v]!,
    qy = py[v]!;
  let inside = false;
  for (let i = 0; i < shell.length; i++) {
    const a = shell[i]!,
      b = shell[(i + 1) % shell.length]!;
    const ay = py[a]!,
      by = py[b]!;
    if (ay > qy === by > qy) continue;
    const o = orient(px[a]!, ay, px[b]!, by, qx, qy);
    if (by > ay ? o > 0 : o < 0) inside = !inside;
  }
  return inside;
}

/** Distance, in grid steps, from (px, py) to the segment a–b. */
function distanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax,
    dy = by - ay;
  const t = Math.min(1, Math.max(0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(ax + t * dx - px, ay + t * dy - py);
}
