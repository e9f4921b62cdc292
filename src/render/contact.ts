import type { MultiLineString, Position } from 'geojson';
import { EdgeGrid } from '../kernel/edge-grid.js';
import { polygonsOf, type Areal } from '../kernel/overlay.js';

/** Cell size (degrees) of the grid that indexes edges; a few times the model's longest edge. */
const CELL_DEG = 0.02;

/**
 * The boundary two areas share: where one controller's ground meets another's, i.e. a line
 * of contact. Works on geometry as the model produces it (edges cut at different points on
 * the two sides, vertices rounded to the overlay grid), so it cannot rely on shared vertices:
 * an edge of `a` is on the shared boundary when its midpoint lies within `toleranceDeg` of an
 * edge of `b`. Consecutive shared edges are joined into one line, so the result has one line
 * per stretch of contact, not one per edge.
 *
 * Where a stretch of contact starts or ends part-way along an edge of `a`, that whole edge is
 * in or out according to its midpoint: the ends are placed to within one edge (at most
 * `MODEL_STEP_DEG`, about 550 m, for model geometry).
 *
 * @param a a Polygon or MultiPolygon, [longitude, latitude] degrees.
 * @param b another.
 * @param toleranceDeg how far (degrees, planar) a midpoint may lie from `b`'s edge; the default
 *   1e-7° (about 1 cm) absorbs the overlay's 1e-9° grid and densification round-off.
 * @returns the shared stretches as a MultiLineString along `a`'s rings (no lines when the areas do not touch).
 */
export function sharedBoundary(a: Areal, b: Areal, toleranceDeg = 1e-7): MultiLineString {
  const grid = new EdgeGrid<[Position, Position]>(CELL_DEG, toleranceDeg);
  for (const ring of ringsOf(b)) for (let k = 0; k + 1 < ring.length; k++) grid.add(ring[k]!, ring[k + 1]!, [ring[k]!, ring[k + 1]!]);
  const onB = (p: Position, q: Position): boolean => {
    const mx = (p[0]! + q[0]!) / 2,
      my = (p[1]! + q[1]!) / 2;
    return grid.near(mx, my).some(([u, v]) => pointSegmentDistance(mx, my, u, v) <= toleranceDeg);
  };

  const lines: Position[][] = [];
  for (const ring of ringsOf(a)) {
    const n = ring.length - 1;
    if (n < 3) continue;
    const shared = Array.from({ length: n }, (_, k) => onB(ring[k]!, ring[k + 1]!));
    if (shared.every(Boolean)) {
      lines.push(ring.map((p) => [p[0]!, p[1]!]));
      continue;
    }
    // Start the walk after an unshared edge so a stretch running through the ring's first vertex stays whole.
    const start = shared.indexOf(false) + 1;
    let current: Position[] | null = null;
    for (let step = 0; step < n; step++) {
      const k = (start + step) % n;
      if (shared[k]) {
        const p = ring[k]!,
          q = ring[k + 1]!;
        if (!current) current = [[p[0]!, p[1]!]];
        current.push([q[0]!, q[1]!]);
      } else if (current) {
        lines.push(current);
        current = null;
      }
    }
    if (current) lines.push(current);
  }
  return { type: 'MultiLineString', coordinates: lines };
}

function ringsOf(geometry: Areal): Position[][] {
  return polygonsOf(geometry).flatMap((p) => p.coordinates);
}

function pointSegmentDistance(x: number, y: number, u: Position, v: Position): number {
  const dx = v[0]! - u[0]!,
    dy = v[1]! - u[1]!;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - u[0]!) * dx + (y - u[1]!) * dy) / len2));
  return Math.hypot(x - (u[0]! + t * dx), y - (u[1]! + t * dy));
}
