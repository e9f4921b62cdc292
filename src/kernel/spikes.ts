import type { Position } from 'geojson';
import { orient, turnsBack } from './predicates.js';

/**
 * The one spike remover of the kernel. A spike is a vertex where a path turns straight back
 * along itself: it encloses nothing, OGC rules (and `validate`) reject it, and Clipper2 fills
 * paths with spikes wrongly. The overlay (on grid integers), the winding fill and the export
 * (on degrees) all cut spikes here.
 */

/**
 * The indices of a path's points that remain once repeated points and spikes are cut: a point
 * goes when the path turns straight back there, and again at the point that exposes, until none
 * is left. A closed path (points 0 .. count − 1, the closing repeat not among them) is cleaned
 * all round; an open one keeps its ends.
 *
 * @param same whether points i and j are the same point
 * @param back whether the path i → v → j turns straight back at v
 */
export function spikeFreeIndices(
  count: number,
  closed: boolean,
  same: (i: number, j: number) => boolean,
  back: (i: number, v: number, j: number) => boolean,
): number[] {
  const stack: number[] = [];
  for (let p = 0; p < count; p++) {
    if (stack.length > 0 && same(stack[stack.length - 1]!, p)) continue;
    stack.push(p);
    while (stack.length >= 3 && back(stack[stack.length - 3]!, stack[stack.length - 2]!, stack[stack.length - 1]!)) {
      const last = stack.pop()!;
      stack.pop();
      if (!same(stack[stack.length - 1]!, last)) stack.push(last);
    }
  }
  if (!closed) return stack;
  // Around the closing point: spikes where the path's end meets its start.
  let lo = 0,
    hi = stack.length;
  while (hi - lo >= 3) {
    if (same(stack[hi - 1]!, stack[lo]!)) hi--;
    else if (back(stack[hi - 1]!, stack[lo]!, stack[lo + 1]!)) lo++;
    else if (back(stack[hi - 2]!, stack[hi - 1]!, stack[lo]!)) hi--;
    else break;
  }
  return stack.slice(lo, hi);
}

/** Exactly collinear, or (with a tolerance) q within `tol` degrees of the line through p and v. */
function collinear(p: Position, v: Position, q: Position, tol: number): boolean {
  if (tol === 0) return orient(v[0]!, v[1]!, p[0]!, p[1]!, q[0]!, q[1]!) === 0;
  const ux = v[0]! - p[0]!,
    uy = v[1]! - p[1]!;
  const length = Math.hypot(ux, uy);
  return length === 0 || Math.abs(ux * (q[1]! - v[1]!) - uy * (q[0]! - v[0]!)) / length <= tol;
}

/**
 * A path with repeated positions and zero-width spikes removed (the kernel's one spike remover, which overlay, winding and export also use).
 * Areas do not change. The ends of an open path stay; a closed ring (first = last) is cleaned
 * all round, its closing position rewritten. Never modifies its input.
 *
 * @param toleranceDeg 0 (default) for exactly collinear spikes; more for spikes whose return
 *   leg is within that many degrees of the outward one (vertices inserted by noding).
 * @returns the cleaned positions; a ring that was nothing but spikes comes back with fewer than 4.
 */
export function removeSpikes(positions: readonly Position[], closed: boolean, toleranceDeg = 0): Position[] {
  const body = closed ? positions.slice(0, -1) : positions;
  const same = (i: number, j: number) => body[i]![0] === body[j]![0] && body[i]![1] === body[j]![1];
  const back = (i: number, v: number, j: number): boolean => {
    const p = body[i]!,
      c = body[v]!,
      q = body[j]!;
    if (toleranceDeg === 0) return turnsBack(p[0]!, p[1]!, c[0]!, c[1]!, q[0]!, q[1]!);
    return collinear(p, c, q, toleranceDeg) && Math.sign(p[0]! - c[0]!) === Math.sign(q[0]! - c[0]!) && Math.sign(p[1]! - c[1]!) === Math.sign(q[1]! - c[1]!);
  };
  const kept = spikeFreeIndices(body.length, closed, same, back).map((i) => body[i]!);
  if (!closed) return kept;
  return kept.length === 0 ? [] : [...kept, kept[0]!];
}
