/**
 * Rings touching themselves: `RING_SELF_TOUCH` errors, or, when the caller accepts rings that
 * touch themselves to form holes (`selfTouchingHoles`, as JTS and GEOS do when asked),
 * `SELF_TOUCHING_HOLE` warnings for the rings whose loops form holes. A ring is cut into loops
 * at the points where it touches itself, and its loops are told apart by their winding, taken
 * exactly (loops that do not cross are nested exactly when they wind opposite ways).
 */
import { orient } from './predicates.js';
import type { TouchNodes } from './topology-edges.js';
import type { SelfTouch } from './topology-nodes.js';
import { pointText, type Findings, type RingLayout } from './topology-rings.js';

/** A loop of a ring that touches itself: twice its signed area, and the touch points it passes through. */
export interface Loop {
  twice: number;
  nodes: string[];
}

/**
 * Reports each ring that touches itself.
 *
 * @returns the loops of the rings accepted as forming holes, by ring.
 */
export function reportSelfTouches(
  layout: RingLayout,
  findings: Findings,
  nodes: TouchNodes,
  selfTouches: Map<number, SelfTouch>,
  selfTouchingHoles: boolean | undefined,
): Map<number, Loop[]> {
  const loopsOf = new Map<number, Loop[]>();
  for (const [r, st] of selfTouches) {
    const isHole = layout.isHole[r] === 1;
    if (selfTouchingHoles) {
      const loops = splitIntoLoops(layout, nodes, r, new Set(st.keys));
      if (loops && formsHoles(loops, isHole)) {
        loopsOf.set(r, loops);
        findings.emit(
          'SELF_TOUCHING_HOLE',
          r,
          null,
          `${layout.nameOf(r)} touches itself at ${pointText(st.x, st.y)}${st.keys.length > 1 ? ` and ${st.keys.length - 1} more points` : ''} to form ${isHole ? 'holes touching at a point' : 'a hole touching the shell'} (accepted as asked; OGC Simple Features want it written as separate rings)`,
          [st.x, st.y],
        );
        continue;
      }
    }
    findings.emit(
      'RING_SELF_TOUCH',
      r,
      layout.firstVertexAt(r, st.x, st.y),
      `${layout.nameOf(r)} touches itself at ${pointText(st.x, st.y)} without crossing${st.keys.length > 1 ? ` (and at ${st.keys.length - 1} more points)` : ''}: write the pinched-off part as a hole of its own, or as a polygon of its own (repair does)`,
      [st.x, st.y],
    );
  }
  return loopsOf;
}

/**
 * Ring r cut into loops at the points `at` where it touches itself: each loop's twice-area and
 * the touch points (of any ring) it passes through. Undefined when it does not come apart into
 * two loops or more.
 */
function splitIntoLoops(layout: RingLayout, nodes: TouchNodes, r: number, at: Set<string>): Loop[] | undefined {
  const { xs, ys } = withTouchPoints(layout, r, at);
  const loops: Loop[] = [];
  // The points of the loop being walked; at a touch point seen before on it, the loop since closes.
  const stack: number[] = [];
  const where = new Map<string, number>();
  for (let i = 0; i < xs.length; i++) {
    const key = `${xs[i]},${ys[i]}`;
    const pos = at.has(key) ? where.get(key) : undefined;
    if (pos !== undefined) {
      const loop = stack.splice(pos + 1);
      loop.unshift(stack[pos]!);
      for (const k of loop.slice(1)) where.delete(`${xs[k]},${ys[k]}`);
      loops.push(loopOf(xs, ys, loop, nodes));
      continue;
    }
    where.set(key, stack.length);
    stack.push(i);
  }
  if (stack.length < 3) return undefined;
  loops.push(loopOf(xs, ys, stack, nodes));
  return loops.length >= 2 ? loops : undefined;
}

/** The vertices of ring r, with the points of `at` that lie inside its edges put in as vertices. */
function withTouchPoints(layout: RingLayout, r: number, at: Set<string>): { xs: number[]; ys: number[] } {
  const { X, Y, next, starts } = layout;
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
  return { xs, ys };
}

/** The loop through points `idx` of xs, ys: its twice-area, and the touch points among them. */
function loopOf(xs: number[], ys: number[], idx: number[], nodes: TouchNodes): Loop {
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
    if (nodes.has(key)) nodesOn.add(key);
  }
  const p = idx[(low + idx.length - 1) % idx.length]!,
    v = idx[low]!,
    q = idx[(low + 1) % idx.length]!;
  const sign = orient(xs[p]!, ys[p]!, xs[v]!, ys[v]!, xs[q]!, ys[q]!);
  return { twice: sign * Math.max(Math.abs(twice), Number.MIN_VALUE), nodes: [...nodesOn] };
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
