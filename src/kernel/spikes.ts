import type { Position } from 'geojson';
import { orient } from './validate.js';

/**
 * True when the path p → v → q turns straight back at v: the three are collinear (exact
 * orientation test) and p and q lie on the same side of v. The edge v → q then runs back
 * along p → v, a spike of zero width, which OGC rules (and `validate`) reject.
 */
function turnsBack(p: Position, v: Position, q: Position, tol: number): boolean {
  return (
    collinear(p, v, q, tol) &&
    Math.sign(p[0]! - v[0]!) === Math.sign(q[0]! - v[0]!) &&
    Math.sign(p[1]! - v[1]!) === Math.sign(q[1]! - v[1]!)
  );
}

const same = (a: Position, b: Position) => a[0] === b[0] && a[1] === b[1];

/** Exactly collinear, or (with a tolerance) q within `tol` degrees of the line through p and v. */
function collinear(p: Position, v: Position, q: Position, tol: number): boolean {
  if (tol === 0) return orient(v[0]!, v[1]!, p[0]!, p[1]!, q[0]!, q[1]!) === 0;
  const ux = v[0]! - p[0]!, uy = v[1]! - p[1]!;
  const length = Math.hypot(ux, uy);
  return length === 0 || Math.abs(ux * (q[1]! - v[1]!) - uy * (q[0]! - v[0]!)) / length <= tol;
}

/**
 * A path with repeated positions and zero-width spikes removed: a vertex goes when the path
 * turns straight back there, and again at the vertex that exposes, until none is left. Areas
 * do not change (a spike encloses nothing). The ends of an open path stay; a closed ring
 * (first = last) is cleaned all round, its closing position rewritten. Never modifies its input.
 *
 * @param toleranceDeg 0 (default) for exactly collinear spikes; more for spikes whose return
 *   leg is within that many degrees of the outward one (vertices inserted by noding).
 * @returns the cleaned positions; a ring that was nothing but spikes comes back with fewer than 4.
 */
export function removeSpikes(positions: readonly Position[], closed: boolean, toleranceDeg = 0): Position[] {
  const stack: Position[] = [];
  const push = (p: Position) => {
    if (stack.length > 0 && same(stack[stack.length - 1]!, p)) return;
    stack.push(p);
    while (stack.length >= 3 && turnsBack(stack[stack.length - 3]!, stack[stack.length - 2]!, stack[stack.length - 1]!, toleranceDeg)) {
      const last = stack.pop()!;
      stack.pop();
      if (!same(stack[stack.length - 1]!, last)) stack.push(last);
    }
  };
  const body = closed ? positions.slice(0, -1) : positions;
  for (const p of body) push(p);
  if (!closed) return stack;
  // Around the closing vertex: drop spikes where the ring's end meets its start.
  let ring = stack;
  for (let guard = 0; guard < ring.length && ring.length >= 3; guard++) {
    const n = ring.length;
    if (same(ring[n - 1]!, ring[0]!)) ring = ring.slice(0, -1);
    else if (turnsBack(ring[n - 1]!, ring[0]!, ring[1]!, toleranceDeg)) ring = ring.slice(1);
    else if (turnsBack(ring[n - 2]!, ring[n - 1]!, ring[0]!, toleranceDeg)) ring = ring.slice(0, -1);
    else break;
  }
  return ring.length === 0 ? [] : [...ring, ring[0]!];
}
