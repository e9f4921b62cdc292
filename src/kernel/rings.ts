import type { MultiPolygon, Polygon, Position } from 'geojson';
import { FrontlineError, describeValue } from '../errors.js';

/**
 * The polygons of a Polygon or MultiPolygon, as a MultiPolygon's coordinates: the geometry's
 * own arrays, not copies. Anything else is an `INVALID_ARGUMENT` naming `user`, the function
 * that was given it.
 */
export function polygonRings(geometry: Polygon | MultiPolygon, user: string): Position[][][] {
  if (geometry?.type === 'Polygon') return [geometry.coordinates];
  if (geometry?.type === 'MultiPolygon') return geometry.coordinates;
  throw new FrontlineError(
    'INVALID_ARGUMENT',
    `${user} expects a Polygon or MultiPolygon, got ${describeValue((geometry as { type?: unknown } | null)?.type)}`,
  );
}

/**
 * Twice the signed planar area of a ring in its own coordinates, positive counter-clockwise.
 * The ring may repeat its first position at the end or not: the closing edge back to the
 * first position adds nothing then. Summed about the first vertex, so that coordinates far
 * from the origin do not cancel digits away.
 */
export function ringTwiceArea(ring: readonly Position[]): number {
  const n = ring.length;
  if (n < 3) return 0;
  const x0 = ring[0]![0]!,
    y0 = ring[0]![1]!;
  let sum = 0;
  for (let k = 1; k + 1 < n; k++) {
    const p = ring[k]!,
      q = ring[k + 1]!;
    sum += (p[0]! - x0) * (q[1]! - y0) - (q[0]! - x0) * (p[1]! - y0);
  }
  return sum;
}

/**
 * The ring running counter-clockwise (`ccw`) or clockwise in its own coordinates: the same
 * array when it already does, else a reversed copy. A ring with no area has no direction and
 * is returned as it is.
 */
export function wound<T extends Position>(ring: readonly T[], ccw: boolean): readonly T[] {
  const twice = ringTwiceArea(ring);
  return twice === 0 || twice > 0 === ccw ? ring : [...ring].reverse();
}
