/**
 * Where the rings' edges meet, the first steps of polygon-topology.ts. Neighbours along a ring
 * share a vertex and are wrong only when the second turns straight back along the first (a
 * spike). Every other pair of edges whose boxes meet comes from the sweep (segment-pairs.ts):
 * the two cross (an error), run along each other (an error), or touch at a point, gathered
 * into a node where the node analysis (topology-nodes.ts) tells a touch from a crossing
 * through a vertex.
 */
import { orient, turnsBack } from './predicates.js';
import { segmentPairs } from './segment-pairs.js';
import type { RingRelations } from './topology-relations.js';
import { pointText, type Findings, type RingLayout } from './topology-rings.js';

/** A point where edges touch without crossing there, and the edges through it (pairs as found, repeats kept). */
export interface TouchNode {
  x: number;
  y: number;
  edges: number[];
}

/** Touch nodes by their key `${x},${y}`. */
export type TouchNodes = Map<string, TouchNode>;

/**
 * Reports every vertex where a ring turns straight back on itself. A ring turning back
 * reverses its direction in x or in y, which ends a monotone chain: only the first vertex of
 * each chain can be the tip of a spike.
 */
export function reportSpikes(layout: RingLayout, findings: Findings): void {
  const { X, Y } = layout;
  for (const v of spikeTips(layout)) {
    findings.emit(
      'RING_SPIKE',
      layout.ringOf[v]!,
      layout.vertexName(v),
      `ring turns straight back on itself at ${pointText(X[v]!, Y[v]!)}: a spike of zero width (remove vertex ${layout.vertexName(v)}, or repair)`,
      [X[v]!, Y[v]!],
    );
  }
}

/** The first vertices of chains where a ring turns straight back on itself. */
function spikeTips(layout: RingLayout): number[] {
  const { X, Y, next } = layout;
  const candidates = layout.chains.first;
  const tips: number[] = [];
  for (let i = 0; i < candidates.length; i++) {
    const v = candidates[i]!,
      p = layout.prevOf(v),
      q = next[v]!;
    if (turnsBack(X[p]!, Y[p]!, X[v]!, Y[v]!, X[q]!, Y[q]!)) tips.push(v);
  }
  return tips;
}

/**
 * Sweeps every pair of edges (neighbours along a ring left out): crossings and runs along each
 * other go to `relations` (or are spikes and slits of one ring), touches at points into the
 * nodes returned.
 */
export function edgeMeetings(layout: RingLayout, findings: Findings, relations: RingRelations): TouchNodes {
  const { X, Y, next } = layout;
  const nodes: TouchNodes = new Map();
  segmentPairs(layout.flat, next, layout.chains, (sa, sb) => {
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
      collinearMeeting(layout, findings, relations, nodes, sa, sb);
      return;
    }
    if (d1 * d2 < 0 && d3 * d4 < 0) {
      const t = crossingParameter(ax1, ay1, ax2, ay2, bx1, by1, bx2, by2);
      relations.meet(sa, sb, 'crosses', ax1 + t * (ax2 - ax1), ay1 + t * (ay2 - ay1));
      return;
    }
    // One end lies on the other edge (or the edges share an end): a touch, unless the passes
    // through that point cross, which the node analysis decides.
    if (d1 === 0) touch(nodes, ax1, ay1, sa, sb);
    if (d2 === 0) touch(nodes, ax2, ay2, sa, sb);
    if (d3 === 0) touch(nodes, bx1, by1, sa, sb);
    if (d4 === 0) touch(nodes, bx2, by2, sa, sb);
  });
  return nodes;
}

function touch(nodes: TouchNodes, x: number, y: number, sa: number, sb: number): void {
  const key = `${x},${y}`;
  const node = nodes.get(key);
  if (node) node.edges.push(sa, sb);
  else nodes.set(key, { x, y, edges: [sa, sb] });
}

/**
 * Edges sa and sb on one line: apart, touching at a point, or overlapping. An overlap is a
 * slit where a ring runs back along itself, ground enclosed twice where two stretches run the
 * same way (directions corrected by {@link RingLayout.forward}), else a shared edge.
 */
function collinearMeeting(layout: RingLayout, findings: Findings, relations: RingRelations, nodes: TouchNodes, sa: number, sb: number): void {
  const { X, Y, next } = layout;
  const ax1 = X[sa]!,
    ay1 = Y[sa]!,
    ax2 = X[next[sa]!]!,
    ay2 = Y[next[sa]!]!;
  const bx1 = X[sb]!,
    by1 = Y[sb]!,
    bx2 = X[next[sb]!]!,
    by2 = Y[next[sb]!]!;
  // Compare positions along the line on an axis it is not perpendicular to.
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
    touch(nodes, x, y, sa, sb);
    return;
  }
  const [xe, ye] = pick(hi);
  const ra = layout.ringOf[sa]!,
    rb = layout.ringOf[sb]!;
  const same = Math.sign(pa2 - pa1) * layout.forward[ra]! === Math.sign(pb2 - pb1) * layout.forward[rb]!;
  if (ra === rb && !same) {
    findings.emit(
      'RING_SPIKE',
      ra,
      layout.vertexName(sa),
      `ring runs back along itself from ${pointText(x, y)} to ${pointText(xe, ye)} (edges ${layout.edgeName(sa)} and ${layout.edgeName(sb)}): a slit of zero width`,
      [x, y],
    );
  } else if (same) relations.meet(sa, sb, 'runs along', x, y);
  else relations.shareEdge(sa, sb, x, y, xe, ye);
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
