/**
 * The nodes where edges touch (topology-edges.ts), one by one. At a node, every pass of a ring
 * through it: through a vertex (its two neighbours) or through the inside of an edge (its two
 * ends). Two passes cross when the second's neighbours lie on different sides of the first: a
 * crossing through a vertex, reported as any crossing is. Passes that do not cross touch: a ring
 * touching itself, or rings touching each other, which the later steps read.
 */
import { orient } from './predicates.js';
import type { TouchNode, TouchNodes } from './topology-edges.js';
import type { RingRelations } from './topology-relations.js';
import type { RingLayout } from './topology-rings.js';

/** Where a ring touches itself: the first such point, and the keys of all of them. */
export interface SelfTouch {
  x: number;
  y: number;
  keys: string[];
}

/** A node where more than one ring passes (and no two passes cross), and those rings. */
export interface RingsTouching {
  key: string;
  x: number;
  y: number;
  rings: number[];
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
 * Reads every node: crossing passes go to `relations`; the rest are touches.
 *
 * @returns per ring, where it touches itself; and the nodes where rings touch each other.
 */
export function readNodes(layout: RingLayout, nodes: TouchNodes, relations: RingRelations): { selfTouches: Map<number, SelfTouch>; touching: RingsTouching[] } {
  const { X, Y } = layout;
  const selfTouches = new Map<number, SelfTouch>();
  const touching: RingsTouching[] = [];
  for (const [key, node] of nodes) {
    const vx = node.x,
      vy = node.y;
    const passes = passesThrough(layout, node);
    const ringsHere: number[] = [];
    for (let i = 0; i < passes.length; i++) {
      const A = passes[i]!;
      if (!ringsHere.includes(A.ring)) ringsHere.push(A.ring);
      for (let j = i + 1; j < passes.length; j++) {
        const B = passes[j]!;
        // Passes leaving the node along one line run along each other: found as such by the sweep.
        if (shareRay(vx, vy, X[A.p]!, Y[A.p]!, X[A.q]!, Y[A.q]!, X[B.p]!, Y[B.p]!, X[B.q]!, Y[B.q]!)) continue;
        const crossing = passesCross(vx, vy, X[A.p]!, Y[A.p]!, X[A.q]!, Y[A.q]!, X[B.p]!, Y[B.p]!, X[B.q]!, Y[B.q]!);
        const [first, second] = passStart(A) <= passStart(B) ? [A, B] : [B, A];
        if (crossing) relations.meet(passStart(first), passStart(second), 'crosses', vx, vy);
        else if (A.ring === B.ring) {
          const entry = selfTouches.get(A.ring);
          if (!entry) selfTouches.set(A.ring, { x: vx, y: vy, keys: [key] });
          else if (!entry.keys.includes(key)) entry.keys.push(key);
        }
      }
    }
    if (ringsHere.length > 1) touching.push({ key, x: vx, y: vy, rings: ringsHere });
  }
  return { selfTouches, touching };
}

/** The passes of rings through a node, each once. */
function passesThrough(layout: RingLayout, node: TouchNode): Pass[] {
  const { X, Y, next, ringOf } = layout;
  const vx = node.x,
    vy = node.y;
  const passes: Pass[] = [];
  const seen = new Set<number>();
  for (const s of node.edges) {
    const e = next[s]!;
    let pass: Pass;
    if (X[s] === vx && Y[s] === vy) pass = { ring: ringOf[s]!, key: s, p: layout.prevOf(s), q: e };
    else if (X[e] === vx && Y[e] === vy) pass = { ring: ringOf[s]!, key: e, p: s, q: next[e]! };
    else pass = { ring: ringOf[s]!, key: -1 - s, p: s, q: e };
    if (seen.has(pass.key)) continue;
    seen.add(pass.key);
    passes.push(pass);
  }
  return passes;
}

/** The vertex a pass goes through, or the start of the edge it goes along. */
function passStart(pass: Pass): number {
  return pass.key >= 0 ? pass.key : -1 - pass.key;
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
