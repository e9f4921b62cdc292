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
 * The steps, each in a module of its own, share the rings laid end to end and the findings
 * (topology-rings.ts):
 *
 * 1. Edges (topology-edges.ts): spikes, where a ring turns straight back; then every ring of
 *    every part goes into one sweep (segment-pairs.ts), so a MultiPolygon of a thousand parts
 *    costs what one polygon of as many vertices does: O(n log n) plus the pairs of edges whose
 *    boxes meet. Where two edges meet, they cross (an error), run along each other (an error),
 *    or touch at a point; the touches are gathered into nodes. Two rings that cross or share an
 *    edge are one finding however often they meet (topology-relations.ts).
 * 2. Nodes (topology-nodes.ts): at a node, the rings' passes through it tell a touch from a
 *    crossing through a vertex.
 * 3. Rings touching themselves (topology-self-touch.ts): errors, or holes when asked.
 * 4. Connected interiors (topology-interior.ts): touches between rings close no cycle.
 * 5. Containment (topology-containment.ts): holes in shells, parts in parts, decided by rays
 *    from one point of each ring, against a box index of the rings' monotone chains, only where
 *    boxes say it could be contained.
 */
import { turnsBack } from './predicates.js';
import { spikeFreeIndices } from './spikes.js';
import { reportContainment } from './topology-containment.js';
import { edgeMeetings, reportSpikes } from './topology-edges.js';
import { reportDisconnectedInteriors } from './topology-interior.js';
import { readNodes } from './topology-nodes.js';
import { RingRelations } from './topology-relations.js';
import { Findings, RingLayout, type TopologyReport, type TopologyRings } from './topology-rings.js';
import { reportSelfTouches } from './topology-self-touch.js';

export { numberText, pointText, type TopologyCode, type TopologyReport, type TopologyRings } from './topology-rings.js';

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
  const layout = new RingLayout(rings);
  const findings = new Findings(report, options.maxFindings ?? 100);
  const relations = new RingRelations(layout, findings);
  reportSpikes(layout, findings);
  const nodes = edgeMeetings(layout, findings, relations);
  const { selfTouches, touching } = readNodes(layout, nodes, relations);
  relations.reportSharedEdges();
  const loopsOf = reportSelfTouches(layout, findings, nodes, selfTouches, options.selfTouchingHoles);
  reportDisconnectedInteriors(layout, findings, relations, touching, loopsOf);
  reportContainment(layout, findings, relations, nodes);
  return findings.finish();
}

/** Twice the signed area of vertices s .. e − 1 (a closed ring) in the lon/lat plane. */
function twiceArea(X: Float64Array, Y: Float64Array, s: number, e: number): number {
  const x0 = X[s]!,
    y0 = Y[s]!;
  let sum = 0;
  for (let k = s + 1; k + 1 < e; k++) sum += (X[k]! - x0) * (Y[k + 1]! - y0) - (X[k + 1]! - x0) * (Y[k]! - y0);
  return sum;
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
