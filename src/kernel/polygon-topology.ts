/**
 * The topology of a Polygon or MultiPolygon by the OGC Simple Features rules, as GEOS and JTS
 * apply them (IsValidOp): no ring crosses or touches itself, no two rings cross or share an
 * edge, holes lie inside their shell and outside each other, holes touching the shell or each
 * other at points do not cut the interior in two, and no polygon of a MultiPolygon lies inside
 * another or overlaps it. Parts and rings may touch each other at points.
 *
 * Decided exactly on the coordinates as given (doubles, straight edges in lon/lat) with one
 * orientation predicate (predicates.ts), so the answer is GEOS's on the same numbers.
 *
 * Every ring of every part goes into one sweep (segment-pairs.ts), so a MultiPolygon of a
 * thousand parts costs what one polygon of as many vertices does: O(n log n) plus the pairs of
 * edges whose boxes meet. Where two edges meet, they cross (an error), run along each other
 * (an error), or touch at a point; the touches are gathered into nodes, and at a node the
 * rings' passes through it tell a touch from a crossing through a vertex. Containment (holes in
 * shells, parts in parts) is decided by rays from one point of each ring, against a box index
 * of the rings' monotone chains, only where boxes say it could be contained.
 */
import { BoxIndex } from './box-index.js';
import { orient, turnsBack } from './predicates.js';
import { spikeFreeIndices } from './spikes.js';
import { monotoneChains, segmentPairs, type FlatRings } from './segment-pairs.js';

/** Finding codes the topology reports. */
export type TopologyCode =
  | 'SELF_INTERSECTION'
  | 'RING_SELF_TOUCH'
  | 'RING_SPIKE'
  | 'SHARED_EDGE'
  | 'HOLE_OUTSIDE_SHELL'
  | 'OVERLAPPING_HOLES'
  | 'OVERLAPPING_POLYGONS'
  | 'DISCONNECTED_INTERIOR'
  | 'SELF_TOUCHING_HOLE';

/** One ring to check: its vertices without repeats (closing one dropped), at least three, enclosing some area. */
export interface TopologyRing {
  x: Float64Array;
  y: Float64Array;
  /** Index in the input ring of each vertex. */
  orig: Int32Array;
  /** Vertices used. */
  m: number;
  /** Which polygon of the geometry it belongs to. */
  part: number;
  hole: boolean;
  /** Its name in messages: "the shell", "hole 2", "the shell of polygon 3", ... */
  name: string;
}

/**
 * The rings of one geometry laid end to end, as {@link ringsTopology} reads them: ring r has
 * vertices starts[r] .. starts[r + 1] − 1 of x and y, without repeats, closed implicitly, at
 * least three, enclosing some area; a part's holes come with its shell.
 */
export interface TopologyRings {
  x: Float64Array;
  y: Float64Array;
  /** R + 1 offsets for R rings. */
  starts: Int32Array;
  /** Index in the input ring of each vertex. */
  orig: Int32Array;
  /** Per ring: which polygon of the geometry it belongs to. */
  part: Int32Array;
  /** Per ring: 1 for a hole. */
  hole: Uint8Array;
  /** Per ring: twice its signed area in the lon/lat plane (positive counter-clockwise). */
  twice: Float64Array;
  /** A ring's name in messages: "the shell", "hole 2", "the shell of polygon 3", ... */
  name: (ring: number) => string;
}

export interface TopologyOptions {
  /**
   * Accept rings that touch themselves to form holes, as JTS and GEOS do when asked
   * (`setSelfTouchingRingFormingHoleValid`, GEOS's `GEOSVALID_ALLOW_SELFTOUCHING_RING_FORMING_HOLE`)
   * and ESRI's model writes them: a shell pinched to enclose a hole touching it, a hole pinched
   * into two holes touching at a point. Reported as `SELF_TOUCHING_HOLE` warnings instead of
   * `RING_SELF_TOUCH` errors. The ring's loops are told apart by their winding, taken exactly
   * (loops that do not cross are nested exactly when they wind opposite ways): a shell's loops
   * other than the outer one must all wind against it, a hole's all the same way. Default false.
   */
  selfTouchingHoles?: boolean;
  /** Findings listed before the rest are only counted; default 100. */
  maxFindings?: number;
}

/** Receives one finding: the ring (index into the rings given), the vertex (input index) or null, a message, a place. */
export type TopologyReport = (code: TopologyCode, ring: number, vertex: number | null, message: string, location?: [number, number]) => void;

function fmt(v: number): string {
  return String(Number(v.toPrecision(10)));
}

/** A point for a message. */
export function pointText(x: number, y: number): string {
  return `(${fmt(x)}, ${fmt(y)})`;
}

interface Pass {
  ring: number;
  /** The vertex it passes through, or the edge whose inside it passes through (as −1 − edge). */
  key: number;
  /** The vertices before and after the node along the ring. */
  p: number;
  q: number;
}

/**
 * Checks the rings of one geometry. Each ring must hold at least three vertices and enclose
 * some area (see {@link enclosesNothing}); a part's holes come with its shell.
 *
 * @returns the number of errors found (listed or not).
 */
export function geometryTopology(rings: readonly TopologyRing[], report: TopologyReport, options: TopologyOptions = {}): number {
  const R = rings.length;
  const starts = new Int32Array(R + 1);
  for (let r = 0; r < R; r++) starts[r + 1] = starts[r]! + rings[r]!.m;
  const total = starts[R]!;
  const x = new Float64Array(total),
    y = new Float64Array(total),
    orig = new Int32Array(total);
  const part = new Int32Array(R),
    hole = new Uint8Array(R),
    twice = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    const ring = rings[r]!,
      s = starts[r]!;
    x.set(ring.x.subarray(0, ring.m), s);
    y.set(ring.y.subarray(0, ring.m), s);
    orig.set(ring.orig.subarray(0, ring.m), s);
    part[r] = ring.part;
    hole[r] = ring.hole ? 1 : 0;
    twice[r] = twiceArea(x, y, s, starts[r + 1]!);
  }
  return ringsTopology({ x, y, starts, orig, part, hole, twice, name: (r) => rings[r]!.name }, report, options);
}

/**
 * Checks the rings of one geometry, laid end to end ({@link TopologyRings}).
 *
 * @returns the number of errors found (listed or not).
 */
export function ringsTopology(rings: TopologyRings, report: TopologyReport, options: TopologyOptions = {}): number {
  const { starts, part: partOf, hole: isHole } = rings;
  const R = starts.length - 1;
  const total = starts[R]!;
  const X = rings.x.length === total ? rings.x : rings.x.subarray(0, total);
  const Y = rings.y.length === total ? rings.y : rings.y.subarray(0, total);
  const ringOf = new Int32Array(total);
  const next = new Int32Array(total);
  for (let r = 0; r < R; r++) {
    const s = starts[r]!,
      e = starts[r + 1]!;
    ringOf.fill(r, s, e);
    for (let v = s; v + 1 < e; v++) next[v] = v + 1;
    next[e - 1] = s;
  }
  const prevOf = (v: number): number => (v === starts[ringOf[v]!]! ? starts[ringOf[v]! + 1]! - 1 : v - 1);
  const flat: FlatRings = { x: X, y: Y, starts };
  const chains = monotoneChains(flat, next);

  const maxListed = options.maxFindings ?? 100;
  let listed = 0,
    unlisted = 0,
    unlistedErrors = 0,
    errors = 0;
  const emit: TopologyReport = (code, ring, vertex, message, location) => {
    if (code !== 'SELF_TOUCHING_HOLE') errors++;
    if (listed < maxListed) {
      listed++;
      report(code, ring, vertex, message, location);
    } else {
      unlisted++;
      if (code !== 'SELF_TOUCHING_HOLE') unlistedErrors++;
    }
  };
  const vertexName = (v: number): number => rings.orig[v]!;
  const edgeName = (s: number): string => `[${vertexName(s)}]→[${vertexName(next[s]!)}]`;
  const nameOf = (r: number): string => rings.name(r);
  // +1 for a ring wound as RFC 7946 has it (shell counter-clockwise, holes clockwise), −1 if
  // not: where two rings run along each other, their directions so corrected tell a shared
  // edge (opposite: ground on both sides) from ground enclosed twice (the same).
  const forward = new Int8Array(R);
  for (let r = 0; r < R; r++) forward[r] = (isHole[r] ? rings.twice[r]! <= 0 : rings.twice[r]! >= 0) ? 1 : -1;

  // Ring pairs already reported, so that two rings crossing at a hundred places are one finding.
  const related = new Set<number>();
  /** Polygons two of whose rings cross or share an edge: whether their interior is connected is moot. */
  const partsRelated = new Set<number>();
  const pairKey = (a: number, b: number): number => (a < b ? a * R + b : b * R + a);

  /** Rings ra and rb (ra ≠ rb) cross at (x, y), or run along each other from there (enclosing ground twice). */
  const relation = (sa: number, sb: number, what: 'crosses' | 'runs along', x: number, y: number): void => {
    const ra = ringOf[sa]!,
      rb = ringOf[sb]!;
    if (ra === rb) {
      const message =
        what === 'crosses'
          ? `ring crosses itself: edge ${edgeName(sa)} crosses edge ${edgeName(sb)} at ${pointText(x, y)}`
          : `ring runs along itself: edges ${edgeName(sa)} and ${edgeName(sb)} overlap from ${pointText(x, y)}, enclosing that ground twice`;
      emit('SELF_INTERSECTION', ra, vertexName(sa), message, [x, y]);
      return;
    }
    const key = pairKey(ra, rb);
    if (related.has(key)) return;
    related.add(key);
    if (partOf[ra] === partOf[rb]) partsRelated.add(partOf[ra]!);
    // Two rings that cross are reported so even where they also share an edge.
    sharedPairs.delete(key);
    // The finding goes on the later ring: a hole rather than its shell, the later polygon.
    const [r1, s1, r2, s2] = ra < rb ? [ra, sa, rb, sb] : [rb, sb, ra, sa];
    if (partOf[r1] !== partOf[r2]) {
      emit(
        'OVERLAPPING_POLYGONS',
        r2,
        vertexName(s2),
        `polygons overlap: edge ${edgeName(s2)} of ${nameOf(r2)} ${what} edge ${edgeName(s1)} of ${nameOf(r1)} at ${pointText(x, y)}`,
        [x, y],
      );
    } else if (!isHole[r1] || !isHole[r2]) {
      const [hole, hs, shell, ss] = isHole[r1] ? [r1, s1, r2, s2] : [r2, s2, r1, s1];
      emit(
        'HOLE_OUTSIDE_SHELL',
        hole,
        vertexName(hs),
        `${nameOf(hole)} ${what} ${nameOf(shell)} (edge ${edgeName(hs)} and edge ${edgeName(ss)}) at ${pointText(x, y)}, so part of it lies outside`,
        [x, y],
      );
    } else {
      emit(
        'OVERLAPPING_HOLES',
        r2,
        vertexName(s2),
        `${nameOf(r1)} and ${nameOf(r2)} overlap: edge ${edgeName(s2)} ${what} edge ${edgeName(s1)} at ${pointText(x, y)}`,
        [x, y],
      );
    }
  };

  /** Rings ra ≠ rb run along each other on opposite sides from (x, y) to (xe, ye). */
  // Shared edges are reported once the sweep is done, for pairs of rings that do not also cross.
  const sharedPairs = new Map<number, () => void>();
  const sharedEdge = (sa: number, sb: number, x: number, y: number, xe: number, ye: number): void => {
    const ra = ringOf[sa]!,
      rb = ringOf[sb]!;
    const key = pairKey(ra, rb);
    if (related.has(key) || sharedPairs.has(key)) return;
    if (partOf[ra] === partOf[rb]) partsRelated.add(partOf[ra]!);
    const [r1, s1, r2, s2] = ra < rb ? [ra, sa, rb, sb] : [rb, sb, ra, sa];
    sharedPairs.set(key, () =>
      emit(
        'SHARED_EDGE',
        r2,
        vertexName(s2),
        `${nameOf(r2)} and ${nameOf(r1)} share an edge from ${pointText(x, y)} to ${pointText(xe, ye)} (edges ${edgeName(s2)} and ${edgeName(s1)}): rings may touch at points, not along lines`,
        [x, y],
      ),
    );
  };

  // Points where two edges touch without crossing there; decided below from all edges through them.
  const nodes = new Map<string, { x: number; y: number; edges: number[] }>();
  const touch = (x: number, y: number, sa: number, sb: number): void => {
    const key = `${x},${y}`;
    const node = nodes.get(key);
    if (node) node.edges.push(sa, sb);
    else nodes.set(key, { x, y, edges: [sa, sb] });
  };

  // Neighbours along a ring share a vertex; they are wrong only when the second turns back
  // along the first (a spike). The sweep leaves them out. A ring turning back reverses its
  // direction in x or in y, which ends a monotone chain: only the first vertex of each chain can
  // be the tip of a spike.
  for (const v of spikeTips(X, Y, chains.first, prevOf, next)) {
    emit(
      'RING_SPIKE',
      ringOf[v]!,
      vertexName(v),
      `ring turns straight back on itself at ${pointText(X[v]!, Y[v]!)}: a spike of zero width (remove vertex ${vertexName(v)}, or repair)`,
      [X[v]!, Y[v]!],
    );
  }
  segmentPairs(flat, next, chains, (sa, sb) => {
    const a1 = sa,
      a2 = next[sa]!,
      b1 = sb,
      b2 = next[sb]!;
    const ax1 = X[a1]!,
      ay1 = Y[a1]!,
      ax2 = X[a2]!,
      ay2 = Y[a2]!;
    const bx1 = X[b1]!,
      by1 = Y[b1]!,
      bx2 = X[b2]!,
      by2 = Y[b2]!;
    const d1 = orient(bx1, by1, bx2, by2, ax1, ay1);
    const d2 = orient(bx1, by1, bx2, by2, ax2, ay2);
    if (d1 !== 0 && d1 === d2) return;
    const d3 = orient(ax1, ay1, ax2, ay2, bx1, by1);
    const d4 = orient(ax1, ay1, ax2, ay2, bx2, by2);
    if (d3 !== 0 && d3 === d4) return;
    if (d1 === 0 && d2 === 0) {
      // Collinear: compare positions along the line on an axis it is not perpendicular to.
      const useX = ax1 !== ax2;
      const pa1 = useX ? ax1 : ay1,
        pa2 = useX ? ax2 : ay2,
        pb1 = useX ? bx1 : by1,
        pb2 = useX ? bx2 : by2;
      const lo = Math.max(Math.min(pa1, pa2), Math.min(pb1, pb2));
      const hi = Math.min(Math.max(pa1, pa2), Math.max(pb1, pb2));
      if (lo > hi) return;
      const pick = (v: number): [number, number] => (v === pa1 ? [ax1, ay1] : v === pa2 ? [ax2, ay2] : v === pb1 ? [bx1, by1] : [bx2, by2]);
      const [x, y] = pick(lo);
      if (lo === hi) {
        touch(x, y, sa, sb);
        return;
      }
      const [xe, ye] = pick(hi);
      const ra = ringOf[sa]!,
        rb = ringOf[sb]!;
      const same = Math.sign(pa2 - pa1) * forward[ra]! === Math.sign(pb2 - pb1) * forward[rb]!;
      if (ra === rb && !same) {
        emit(
          'RING_SPIKE',
          ra,
          vertexName(sa),
          `ring runs back along itself from ${pointText(x, y)} to ${pointText(xe, ye)} (edges ${edgeName(sa)} and ${edgeName(sb)}): a slit of zero width`,
          [x, y],
        );
      } else if (same) relation(sa, sb, 'runs along', x, y);
      else sharedEdge(sa, sb, x, y, xe, ye);
      return;
    }
    if (d1 * d2 < 0 && d3 * d4 < 0) {
      const t = crossingParameter(ax1, ay1, ax2, ay2, bx1, by1, bx2, by2);
      relation(sa, sb, 'crosses', ax1 + t * (ax2 - ax1), ay1 + t * (ay2 - ay1));
      return;
    }
    // One end lies on the other edge (or the edges share an end): a touch, unless the passes
    // through that point cross, which the node analysis decides.
    if (d1 === 0) touch(ax1, ay1, sa, sb);
    if (d2 === 0) touch(ax2, ay2, sa, sb);
    if (d3 === 0) touch(bx1, by1, sa, sb);
    if (d4 === 0) touch(bx2, by2, sa, sb);
  });

  // At each node, every pass of a ring through it: through a vertex (its two neighbours) or
  // through the inside of an edge (its two ends). Two passes cross when the second's
  // neighbours lie on different sides of the first.
  const selfTouches = new Map<number, { x: number; y: number; keys: string[] }>();
  /** Per node, the rings that touch there without crossing (for the interior's connectedness). */
  const touching: { key: string; x: number; y: number; rings: number[] }[] = [];
  for (const [key, node] of nodes) {
    const vx = node.x,
      vy = node.y;
    const passes: Pass[] = [];
    const seen = new Set<number>();
    for (const s of node.edges) {
      const e = next[s]!;
      let pass: Pass;
      if (X[s] === vx && Y[s] === vy) pass = { ring: ringOf[s]!, key: s, p: prevOf(s), q: e };
      else if (X[e] === vx && Y[e] === vy) pass = { ring: ringOf[s]!, key: e, p: s, q: next[e]! };
      else pass = { ring: ringOf[s]!, key: -1 - s, p: s, q: e };
      if (seen.has(pass.key)) continue;
      seen.add(pass.key);
      passes.push(pass);
    }
    const ringsHere: number[] = [];
    for (let i = 0; i < passes.length; i++) {
      const A = passes[i]!;
      if (!ringsHere.includes(A.ring)) ringsHere.push(A.ring);
      for (let j = i + 1; j < passes.length; j++) {
        const B = passes[j]!;
        // Passes leaving the node along one line run along each other: found as such above.
        if (shareRay(vx, vy, X[A.p]!, Y[A.p]!, X[A.q]!, Y[A.q]!, X[B.p]!, Y[B.p]!, X[B.q]!, Y[B.q]!)) continue;
        const crossing = passesCross(vx, vy, X[A.p]!, Y[A.p]!, X[A.q]!, Y[A.q]!, X[B.p]!, Y[B.p]!, X[B.q]!, Y[B.q]!);
        const [first, second] = passStart(A) <= passStart(B) ? [A, B] : [B, A];
        if (crossing) relation(passStart(first), passStart(second), 'crosses', vx, vy);
        else if (A.ring === B.ring) {
          const entry = selfTouches.get(A.ring);
          if (!entry) selfTouches.set(A.ring, { x: vx, y: vy, keys: [key] });
          else if (!entry.keys.includes(key)) entry.keys.push(key);
        }
      }
    }
    if (ringsHere.length > 1) touching.push({ key, x: vx, y: vy, rings: ringsHere });
  }

  for (const [key, report] of sharedPairs) {
    related.add(key);
    report();
  }

  // Rings touching themselves: errors, or (when asked) holes formed by self-touch.
  const loopsOf = new Map<number, Loop[]>();
  for (const [r, st] of selfTouches) {
    if (options.selfTouchingHoles) {
      const loops = splitIntoLoops(r, new Set(st.keys));
      if (loops && formsHoles(loops, isHole[r] === 1)) {
        loopsOf.set(r, loops);
        emit(
          'SELF_TOUCHING_HOLE',
          r,
          null,
          `${nameOf(r)} touches itself at ${pointText(st.x, st.y)}${st.keys.length > 1 ? ` and ${st.keys.length - 1} more points` : ''} to form ${isHole[r] ? 'holes touching at a point' : 'a hole touching the shell'} (accepted as asked; OGC Simple Features want it written as separate rings)`,
          [st.x, st.y],
        );
        continue;
      }
    }
    const first = firstVertexAt(r, st.x, st.y);
    emit(
      'RING_SELF_TOUCH',
      r,
      first,
      `${nameOf(r)} touches itself at ${pointText(st.x, st.y)} without crossing${st.keys.length > 1 ? ` (and at ${st.keys.length - 1} more points)` : ''}: write the pinched-off part as a hole of its own, or as a polygon of its own (repair does)`,
      [st.x, st.y],
    );
  }

  // Holes touching the shell or each other at points cut the interior in two when the touches
  // close a cycle: a graph of rings (or their loops) and touch points, with an edge where a ring
  // passes through a point, must be a forest. Rings of different polygons may touch anyhow.
  {
    const parent: number[] = [];
    const find = (i: number): number => {
      while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
      return i;
    };
    const vertexOfRing = new Map<number, number>();
    const graphVertex = (r: number): number => {
      let id = vertexOfRing.get(r);
      if (id === undefined) {
        vertexOfRing.set(r, (id = parent.length));
        parent.push(id);
      }
      return id;
    };
    const loopVertex = new Map<Loop, number>();
    const disconnected = new Set<number>();
    const memberships: { at: { x: number; y: number }; key: string; members: number[] }[] = [];
    const pointsOfLoops = new Map<string, number[]>();
    for (const [r, loops] of loopsOf) {
      for (const loop of loops) {
        const id = parent.length;
        parent.push(id);
        loopVertex.set(loop, id);
        for (const k of loop.nodes) {
          const list = pointsOfLoops.get(k) ?? [];
          list.push(id);
          pointsOfLoops.set(k, list);
        }
        void r;
      }
    }
    for (const t of touching) {
      const members: number[] = [];
      for (const r of t.rings) if (!loopsOf.has(r)) members.push(graphVertex(r));
      for (const id of pointsOfLoops.get(t.key) ?? []) members.push(id);
      pointsOfLoops.delete(t.key);
      memberships.push({ at: t, key: t.key, members });
    }
    for (const [key, members] of pointsOfLoops) {
      const [xs, ys] = key.split(',');
      memberships.push({ at: { x: Number(xs), y: Number(ys) }, key, members });
    }
    const partOfGraphVertex = new Map<number, number>();
    for (const [r, id] of vertexOfRing) partOfGraphVertex.set(id, r);
    for (const [r, loops] of loopsOf) for (const loop of loops) partOfGraphVertex.set(loopVertex.get(loop)!, r);
    for (const m of memberships) {
      // One point of the graph per polygon touching there.
      const byPart = new Map<number, number[]>();
      for (const id of m.members) {
        const r = partOfGraphVertex.get(id)!;
        const part = partOf[r]!;
        const list = byPart.get(part) ?? [];
        list.push(id);
        byPart.set(part, list);
      }
      for (const [part, ids] of byPart) {
        if (ids.length < 2 || disconnected.has(part) || partsRelated.has(part)) continue;
        const point = parent.length;
        parent.push(point);
        for (const id of ids) {
          const a = find(id),
            b = find(point);
          if (a === b) {
            disconnected.add(part);
            const r = partOfGraphVertex.get(id)!;
            emit(
              'DISCONNECTED_INTERIOR',
              r,
              firstVertexAt(r, m.at.x, m.at.y),
              `the interior is cut in two at ${pointText(m.at.x, m.at.y)}: ${nameOf(r)} touches the other rings there and at another point, so the rings between enclose part of the interior on its own (write it as a polygon of its own; repair does)`,
              [m.at.x, m.at.y],
            );
            break;
          }
          parent[a] = b;
        }
      }
    }
  }

  // Containment, by a ray towards +x from one point of a ring that touches nothing, counting
  // the crossings of every other ring's edges; a point inside a ring crosses it an odd number of times.
  const parts = new Map<number, { shell: number; holes: number[] }>();
  for (let r = 0; r < R; r++) {
    const part = partOf[r]!;
    let entry = parts.get(part);
    if (!entry) parts.set(part, (entry = { shell: -1, holes: [] }));
    if (isHole[r]) entry.holes.push(r);
    else entry.shell = r;
  }
  // Chains were cut ring by ring: ring r has chains chainStart[r] .. chainStart[r + 1] − 1,
  // and its box is the box of their boxes.
  const chainStart = new Int32Array(R + 1);
  for (let c = 0, r = 0; r <= R; r++) {
    while (c < chains.count && ringOf[chains.first[c]!]! < r) c++;
    chainStart[r] = c;
  }
  const boxes = new Float64Array(4 * R);
  for (let r = 0; r < R; r++) {
    let w = Infinity,
      s = Infinity,
      e = -Infinity,
      n = -Infinity;
    for (let c = chainStart[r]!; c < chainStart[r + 1]!; c++) {
      const b = chains.box;
      if (b[4 * c]! < w) w = b[4 * c]!;
      if (b[4 * c + 1]! < s) s = b[4 * c + 1]!;
      if (b[4 * c + 2]! > e) e = b[4 * c + 2]!;
      if (b[4 * c + 3]! > n) n = b[4 * c + 3]!;
    }
    boxes[4 * r] = w;
    boxes[4 * r + 1] = s;
    boxes[4 * r + 2] = e;
    boxes[4 * r + 3] = n;
  }
  const contains = (r: number, x: number, y: number): boolean =>
    boxes[4 * r]! <= x && x <= boxes[4 * r + 2]! && boxes[4 * r + 1]! <= y && y <= boxes[4 * r + 3]!;
  const counts = new Int32Array(R);
  // A ring cast against often gets a box index of its chains; a few casts scan them.
  const ringIndex = new Map<number, BoxIndex>();
  const castsAgainst = new Int32Array(R);
  const crossingsOf = (r: number, px: number, py: number): number => {
    let count = 0;
    const chain = (c: number): boolean => {
      if (chains.box[4 * c + 1]! > py || chains.box[4 * c + 3]! < py || chains.box[4 * c + 2]! < px) return true;
      for (let s = chains.first[c]!; s <= chains.last[c]!; s++) {
        const e = next[s]!;
        const sy = Y[s]!,
          ey = Y[e]!;
        if ((sy < py && ey < py) || (sy > py && ey > py)) continue;
        const o = orient(X[s]!, sy, X[e]!, ey, px, py);
        if (o === 0 && Math.min(X[s]!, X[e]!) <= px && px <= Math.max(X[s]!, X[e]!)) return false;
        if (sy > py === ey > py) continue;
        if (ey > sy ? o > 0 : o < 0) count++;
      }
      return true;
    };
    const c0 = chainStart[r]!,
      c1 = chainStart[r + 1]!;
    if (c1 - c0 > 64 && ++castsAgainst[r]! > 4) {
      let index = ringIndex.get(r);
      if (!index) ringIndex.set(r, (index = new BoxIndex(chains.box.subarray(4 * c0, 4 * c1), c1 - c0)));
      let on = false;
      index.search(px, py, Infinity, py, (i) => {
        if (!on && !chain(c0 + i)) on = true;
      });
      return on ? -1 : count;
    }
    for (let c = c0; c < c1; c++) if (!chain(c)) return -1;
    return count;
  };
  /** Crossings of the ray from (px, py) towards +x with each ring of `targets`, into `counts`; false when the point lies on one. */
  const cast = (px: number, py: number, targets: readonly number[]): boolean => {
    for (const r of targets) {
      const n = crossingsOf(r, px, py);
      if (n < 0) return false;
      counts[r] = n;
    }
    return true;
  };
  const nodeAt = (x: number, y: number): boolean => nodes.size > 0 && nodes.has(`${x},${y}`);
  /** Casts from a point of ring r off the rings of `targets`; undefined when none was found. */
  const castFrom = (r: number, targets: readonly number[]): [number, number] | undefined => {
    let tried = 0;
    for (let v = starts[r]!; v < starts[r + 1]! && tried < 16; v++) {
      if (nodeAt(X[v]!, Y[v]!)) continue;
      tried++;
      if (cast(X[v]!, Y[v]!, targets)) return [X[v]!, Y[v]!];
    }
    for (let v = starts[r]!; v < starts[r + 1]! && v < starts[r]! + 16; v++) {
      const x = X[v]! + (X[next[v]!]! - X[v]!) / 2,
        y = Y[v]! + (Y[next[v]!]! - Y[v]!) / 2;
      if (cast(x, y, targets)) return [x, y];
    }
    return undefined;
  };

  for (const { shell, holes } of parts.values()) {
    // The other holes whose boxes hold h's box: a scan for a few holes, a box index for many.
    const holeIndex =
      holes.length > 16 ? new BoxIndex(Float64Array.from(holes.flatMap((g) => [...boxes.subarray(4 * g, 4 * g + 4)])), holes.length) : undefined;
    const holesAround = (h: number): number[] => {
      const hb = 4 * h;
      const around: number[] = [];
      const consider = (g: number) => {
        if (g !== h && contains(g, boxes[hb]!, boxes[hb + 1]!) && contains(g, boxes[hb + 2]!, boxes[hb + 3]!)) around.push(g);
      };
      if (holeIndex) holeIndex.search(boxes[hb]!, boxes[hb + 1]!, boxes[hb + 2]!, boxes[hb + 3]!, (i) => consider(holes[i]!));
      else holes.forEach(consider);
      return around.sort((a, b) => a - b);
    };
    for (const h of holes) {
      const hb = 4 * h;
      const inShellBox = shell >= 0 && contains(shell, boxes[hb]!, boxes[hb + 1]!) && contains(shell, boxes[hb + 2]!, boxes[hb + 3]!);
      const otherHoles = holesAround(h);
      if (!inShellBox) {
        if (shell >= 0 && !related.has(pairKey(shell, h))) {
          related.add(pairKey(shell, h));
          emit('HOLE_OUTSIDE_SHELL', h, null, `${nameOf(h)} lies outside ${nameOf(shell)} (its box reaches beyond the shell's)`, [
            X[starts[h]!]!,
            Y[starts[h]!]!,
          ]);
        }
        continue;
      }
      const point = castFrom(h, [shell, ...otherHoles]);
      if (!point) continue;
      const [px, py] = point;
      if (counts[shell]! % 2 === 0 && !related.has(pairKey(shell, h))) {
        related.add(pairKey(shell, h));
        emit('HOLE_OUTSIDE_SHELL', h, null, `${nameOf(h)} lies outside ${nameOf(shell)} (its point ${pointText(px, py)} is not inside it)`, [px, py]);
      }
      for (const g of otherHoles) {
        if (counts[g]! % 2 === 0 || related.has(pairKey(g, h))) continue;
        related.add(pairKey(g, h));
        emit('OVERLAPPING_HOLES', h, null, `${nameOf(h)} lies inside ${nameOf(g)} (its point ${pointText(px, py)} is inside it)`, [px, py]);
      }
    }
  }

  if (parts.size > 1) {
    // Shells whose boxes hold another shell's box: only those can contain it.
    const shells = [...parts.entries()].filter(([, p]) => p.shell >= 0);
    const shellBoxes = new Float64Array(4 * shells.length);
    shells.forEach(([, p], i) => shellBoxes.set(boxes.subarray(4 * p.shell, 4 * p.shell + 4), 4 * i));
    const shellIndex = shells.length > 32 ? new BoxIndex(shellBoxes, shells.length) : undefined;
    shells.forEach(([, q], i) => {
      const qb = 4 * q.shell;
      const w = boxes[qb]!,
        s = boxes[qb + 1]!,
        e = boxes[qb + 2]!,
        n = boxes[qb + 3]!;
      const around: number[] = [];
      const consider = (j: number) => {
        const shell = shells[j]![1].shell;
        if (j !== i && contains(shell, w, s) && contains(shell, e, n)) around.push(j);
      };
      if (shellIndex) shellIndex.search(w, s, e, n, consider);
      else for (let j = 0; j < shells.length; j++) consider(j);
      if (around.length === 0) return;
      const overlaps = (h: number) => boxes[4 * h]! <= e && w <= boxes[4 * h + 2]! && boxes[4 * h + 1]! <= n && s <= boxes[4 * h + 3]!;
      const targets = around.flatMap((j) => [shells[j]![1].shell, ...shells[j]![1].holes.filter(overlaps)]);
      for (const j of around) for (const h of shells[j]![1].holes) counts[h] = 0;
      const point = castFrom(q.shell, targets);
      if (!point) return;
      for (const j of around.sort((a, b) => a - b)) {
        const p = shells[j]![1];
        if (counts[p.shell]! % 2 === 0 || p.holes.some((h) => counts[h]! % 2 === 1) || related.has(pairKey(p.shell, q.shell))) continue;
        related.add(pairKey(p.shell, q.shell));
        const [inner, outer] = [q.shell, p.shell];
        emit(
          'OVERLAPPING_POLYGONS',
          inner,
          null,
          `${nameOf(inner)} lies inside ${nameOf(outer)} (its point ${pointText(point[0], point[1])} is inside it, in none of its holes), so that ground is covered twice`,
          point,
        );
      }
    });
  }

  if (unlisted > 0)
    report(
      unlistedErrors > 0 ? 'SELF_INTERSECTION' : 'SELF_TOUCHING_HOLE',
      0,
      null,
      `and ${unlisted} more crossings or touches in this geometry (${unlistedErrors} of them errors), not listed`,
    );
  return errors;

  function passStart(pass: Pass): number {
    return pass.key >= 0 ? pass.key : -1 - pass.key;
  }

  /** The first vertex of ring r at (x, y), else the start of the first edge through it. */
  function firstVertexAt(r: number, x: number, y: number): number {
    for (let v = starts[r]!; v < starts[r + 1]!; v++) if (X[v] === x && Y[v] === y) return vertexName(v);
    for (let v = starts[r]!; v < starts[r + 1]!; v++) {
      const e = next[v]!;
      if (
        orient(X[v]!, Y[v]!, X[e]!, Y[e]!, x, y) === 0 &&
        Math.min(X[v]!, X[e]!) <= x &&
        x <= Math.max(X[v]!, X[e]!) &&
        Math.min(Y[v]!, Y[e]!) <= y &&
        y <= Math.max(Y[v]!, Y[e]!)
      )
        return vertexName(v);
    }
    return vertexName(starts[r]!);
  }

  /**
   * Ring r cut into loops at the points where it touches itself (points inside its edges put in
   * as vertices first): each loop's twice-area and the touch points it passes through.
   */
  function splitIntoLoops(r: number, at: Set<string>): Loop[] | undefined {
    const xs: number[] = [],
      ys: number[] = [];
    const s0 = starts[r]!,
      s1 = starts[r + 1]!;
    const inside = [...at].map((k) => k.split(',').map(Number) as [number, number]);
    for (let v = s0; v < s1; v++) {
      xs.push(X[v]!);
      ys.push(Y[v]!);
      const e = next[v]!;
      const extra = inside.filter(
        ([x, y]) =>
          !(x === X[v] && y === Y[v]) &&
          !(x === X[e] && y === Y[e]) &&
          orient(X[v]!, Y[v]!, X[e]!, Y[e]!, x, y) === 0 &&
          Math.min(X[v]!, X[e]!) <= x &&
          x <= Math.max(X[v]!, X[e]!) &&
          Math.min(Y[v]!, Y[e]!) <= y &&
          y <= Math.max(Y[v]!, Y[e]!),
      );
      extra.sort((a, b) => Math.hypot(a[0] - X[v]!, a[1] - Y[v]!) - Math.hypot(b[0] - X[v]!, b[1] - Y[v]!));
      for (const [x, y] of extra) {
        xs.push(x);
        ys.push(y);
      }
    }
    const allNodes = new Set(nodes.keys());
    const loops: Loop[] = [];
    const stack: number[] = [];
    const where = new Map<string, number>();
    const close = (from: number, idx: number[]): void => {
      // The size from a shoelace about the loop's first vertex (coordinates far from the origin
      // would cancel the loop's area away); the sign exactly, from the turn at the lowest (then
      // leftmost) vertex, which is convex in a simple loop.
      const x0 = xs[idx[0]!]!,
        y0 = ys[idx[0]!]!;
      let twice = 0,
        low = 0;
      const nodesOn = new Set<string>();
      for (let k = 0; k < idx.length; k++) {
        const i = idx[k]!,
          j = idx[(k + 1) % idx.length]!;
        twice += (xs[i]! - x0) * (ys[j]! - y0) - (xs[j]! - x0) * (ys[i]! - y0);
        const l = idx[low]!;
        if (ys[i]! < ys[l]! || (ys[i] === ys[l] && xs[i]! < xs[l]!)) low = k;
        const key = `${xs[i]},${ys[i]}`;
        if (allNodes.has(key)) nodesOn.add(key);
      }
      const p = idx[(low + idx.length - 1) % idx.length]!,
        v = idx[low]!,
        q = idx[(low + 1) % idx.length]!;
      const sign = orient(xs[p]!, ys[p]!, xs[v]!, ys[v]!, xs[q]!, ys[q]!);
      void from;
      loops.push({ twice: sign * Math.max(Math.abs(twice), Number.MIN_VALUE), nodes: [...nodesOn] });
    };
    for (let i = 0; i < xs.length; i++) {
      const key = `${xs[i]},${ys[i]}`;
      const pos = at.has(key) ? where.get(key) : undefined;
      if (pos !== undefined) {
        const loop = stack.splice(pos + 1);
        loop.unshift(stack[pos]!);
        for (const k of loop.slice(1)) where.delete(`${xs[k]},${ys[k]}`);
        close(i, loop);
        continue;
      }
      where.set(key, stack.length);
      stack.push(i);
    }
    if (stack.length < 3) return undefined;
    close(-1, stack);
    return loops.length >= 2 ? loops : undefined;
  }
}

/** The vertices among `candidates` where a ring turns straight back on itself. */
function spikeTips(X: Float64Array, Y: Float64Array, candidates: Int32Array, prevOf: (v: number) => number, next: Int32Array): number[] {
  const tips: number[] = [];
  for (let i = 0; i < candidates.length; i++) {
    const v = candidates[i]!,
      p = prevOf(v),
      q = next[v]!;
    if (turnsBack(X[p]!, Y[p]!, X[v]!, Y[v]!, X[q]!, Y[q]!)) tips.push(v);
  }
  return tips;
}

/** A loop of a ring that touches itself: twice its signed area, and the touch points it passes through. */
interface Loop {
  twice: number;
  nodes: string[];
}

/**
 * Whether the loops of a self-touching ring are holes in the sense JTS accepts: for a shell, one
 * loop wound one way and every other the other way (holes inside it); for a hole, every loop
 * wound the same way (holes side by side). Loops of a ring that does not cross itself are either
 * side by side, winding the same way, or one inside the other, winding opposite ways; so these
 * rules also put every hole of a shell directly inside its outer loop (a loop inside one of
 * them would wind like the outer loop) and keep a hole's loops out of each other.
 */
function formsHoles(loops: Loop[], hole: boolean): boolean {
  if (hole) return loops.every((l) => Math.sign(l.twice) === Math.sign(loops[0]!.twice) && l.twice !== 0);
  let outer = 0;
  for (let i = 1; i < loops.length; i++) if (Math.abs(loops[i]!.twice) > Math.abs(loops[outer]!.twice)) outer = i;
  const sign = Math.sign(loops[outer]!.twice);
  return sign !== 0 && loops.every((l, i) => i === outer || Math.sign(l.twice) === -sign);
}

/** Twice the signed area of vertices s .. e − 1 (a closed ring) in the lon/lat plane. */
function twiceArea(X: Float64Array, Y: Float64Array, s: number, e: number): number {
  const x0 = X[s]!,
    y0 = Y[s]!;
  let sum = 0;
  for (let k = s + 1; k + 1 < e; k++) sum += (X[k]! - x0) * (Y[k + 1]! - y0) - (X[k + 1]! - x0) * (Y[k]! - y0);
  return sum;
}

/** Where along a1→a2 it crosses b1→b2 (0..1), from the two determinants. */
function crossingParameter(ax1: number, ay1: number, ax2: number, ay2: number, bx1: number, by1: number, bx2: number, by2: number): number {
  const ux = ax2 - ax1,
    uy = ay2 - ay1,
    vx = bx2 - bx1,
    vy = by2 - by1;
  const den = ux * vy - uy * vx;
  if (den === 0) return 0.5;
  const t = ((bx1 - ax1) * vy - (by1 - ay1) * vx) / den;
  return Math.min(1, Math.max(0, t));
}

/** Whether direction (dx, dy) from v lies strictly inside the counter-clockwise sweep from f to t. */
function inSweep(vx: number, vy: number, fx: number, fy: number, tx: number, ty: number, dx: number, dy: number): boolean {
  const ft = orient(vx, vy, fx, fy, tx, ty);
  if (ft > 0) return orient(vx, vy, fx, fy, dx, dy) > 0 && orient(vx, vy, dx, dy, tx, ty) > 0;
  if (ft < 0) return !(orient(vx, vy, tx, ty, dx, dy) >= 0 && orient(vx, vy, dx, dy, fx, fy) >= 0);
  if (sameDirection(vx, vy, fx, fy, tx, ty)) return !(orient(vx, vy, fx, fy, dx, dy) === 0 && sameDirection(vx, vy, fx, fy, dx, dy));
  return orient(vx, vy, fx, fy, dx, dy) > 0;
}

/** For p and q collinear with v: whether they lie on the same side of it. */
function sameDirection(vx: number, vy: number, px: number, py: number, qx: number, qy: number): boolean {
  return Math.sign(px - vx) === Math.sign(qx - vx) && Math.sign(py - vy) === Math.sign(qy - vy);
}

/** Whether d lies on the ray from v through r. */
function onRay(vx: number, vy: number, rx: number, ry: number, dx: number, dy: number): boolean {
  return sameDirection(vx, vy, rx, ry, dx, dy) && orient(vx, vy, rx, ry, dx, dy) === 0;
}

/** Whether a neighbour of one pass lies on the ray from v through a neighbour of the other. */
function shareRay(vx: number, vy: number, a1x: number, a1y: number, a2x: number, a2y: number, b1x: number, b1y: number, b2x: number, b2y: number): boolean {
  return onRay(vx, vy, a1x, a1y, b1x, b1y) || onRay(vx, vy, a2x, a2y, b1x, b1y) || onRay(vx, vy, a1x, a1y, b2x, b2y) || onRay(vx, vy, a2x, a2y, b2x, b2y);
}

/** Whether the pass b1–v–b2 crosses the pass a1–v–a2 at v (passes sharing a ray excluded). */
function passesCross(vx: number, vy: number, a1x: number, a1y: number, a2x: number, a2y: number, b1x: number, b1y: number, b2x: number, b2y: number): boolean {
  return inSweep(vx, vy, a1x, a1y, a2x, a2y, b1x, b1y) !== inSweep(vx, vy, a1x, a1y, a2x, a2y, b2x, b2y);
}

/**
 * Whether a ring (cleaned: no repeated vertices, closing one dropped) encloses nothing: once
 * every spike is cut (exactly), fewer than three vertices are left. Such a ring is a line
 * drawn out and back, the whole of it a spike.
 */
export function enclosesNothing(x: Float64Array, y: Float64Array, m: number): boolean {
  if (m < 3) return true;
  // Most rings show their area at once: a shoelace sum larger than its rounding error.
  const x0 = x[0]!,
    y0 = y[0]!;
  let sum = 0,
    magnitude = 0;
  for (let k = 1; k + 1 < m; k++) {
    const t = (x[k]! - x0) * (y[k + 1]! - y0) - (x[k + 1]! - x0) * (y[k]! - y0);
    sum += t;
    magnitude += Math.abs(t);
  }
  if (Math.abs(sum) > (m + 4) * 4.5e-16 * magnitude) return false;
  const same = (i: number, j: number) => x[i] === x[j] && y[i] === y[j];
  const back = (i: number, v: number, j: number) => turnsBack(x[i]!, y[i]!, x[v]!, y[v]!, x[j]!, y[j]!);
  return spikeFreeIndices(m, true, same, back).length < 3;
}
