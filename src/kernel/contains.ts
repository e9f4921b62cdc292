import type { MultiPolygon, Polygon, Position } from 'geojson';
import { polygonRings } from './rings.js';

/**
 * Whether (x, y) lies inside rings by the even–odd rule: a ray from the point crosses the
 * rings an odd number of times. Holes need no special case (a point in a hole crosses the
 * shell and the hole). A point exactly on an edge may count either way, so callers test points
 * that are well inside or outside (anchors, label candidates), never points on a boundary.
 */
export function insideRings(x: number, y: number, rings: readonly (readonly Position[])[] | readonly (readonly (readonly [number, number])[])[]): boolean {
  let odd = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const a = ring[i]!,
        b = ring[j]!;
      const ya = a[1]!,
        yb = b[1]!;
      if (ya > y !== yb > y && x < ((b[0]! - a[0]!) * (y - ya)) / (yb - ya) + a[0]!) odd = !odd;
    }
  }
  return odd;
}

/** Whether a position lies inside a Polygon or MultiPolygon (planar in longitude and latitude). */
export function pointInPolygon(point: readonly number[], geometry: Polygon | MultiPolygon): boolean {
  return polygonRings(geometry, 'pointInPolygon').some((rings) => insideRings(point[0]!, point[1]!, rings));
}
