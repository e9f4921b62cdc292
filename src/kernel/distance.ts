import type { Position } from 'geojson';
import { FrontlineError } from '../errors.js';
import { validLine } from './buffer.js';
import { geodesicDirect, geodesicInverse } from './geodesic.js';

/**
 * The geodesic distance between two [longitude, latitude] positions (degrees) on the WGS84
 * ellipsoid, in metres: the inverse geodesic problem (geodesic.ts), accurate to round-off
 * (nanometres). Any third (altitude) coordinate is ignored.
 */
export function geodesicDistanceMeters(a: Position, b: Position): number {
  return geodesicInverse(a[1]!, a[0]!, b[1]!, b[0]!).distance;
}

/**
 * The geodesic distance on the WGS84 ellipsoid from a point to a polyline whose segments are
 * geodesics, in metres (geodesic.ts).
 *
 * For each segment the foot of the perpendicular is found by the planar foot-point update
 * s ← s + r·cos(α), where r is the distance from the current foot to the point and α the angle
 * between the segment and the geodesic to the point; it converges to well under a millimetre
 * in a few steps for points within a few hundred kilometres of the segment. Segments that the
 * triangle inequality shows cannot hold the nearest point are skipped.
 *
 * @param point - [longitude, latitude] in degrees.
 * @param line - positions [longitude, latitude] in degrees (≥ 2, finite).
 * @returns the distance in metres (0 on the line).
 * @throws FrontlineError INVALID_ARGUMENT for a bad point or line.
 * @example
 * distanceToLineMeters([46.75, 39.76], route.coordinates); // metres from Shusha to the route
 */
export function distanceToLineMeters(point: Position, line: Position[]): number {
  const vertices = validLine(line, 'distanceToLineMeters');
  const [plon, plat] = validPoint(point);
  const toVertex = vertices.map((v) => geodesicInverse(plat, plon, v[1], v[0]).distance);
  let best = Math.min(...toVertex);
  const order = vertices
    .slice(1)
    .map((_, i) => ({ i, length: geodesicInverse(vertices[i]![1], vertices[i]![0], vertices[i + 1]![1], vertices[i + 1]![0]).distance }))
    .map((seg) => ({ ...seg, bound: (toVertex[seg.i]! + toVertex[seg.i + 1]! - seg.length) / 2 }))
    .sort((p, q) => p.bound - q.bound);
  for (const seg of order) {
    if (seg.bound >= best) break;
    if (seg.length === 0) continue;
    best = Math.min(best, distanceToSegment(plat, plon, vertices[seg.i]!, vertices[seg.i + 1]!));
  }
  return best;
}

function validPoint(point: Position): [number, number] {
  const lon = Array.isArray(point) ? point[0] : undefined;
  const lat = Array.isArray(point) ? point[1] : undefined;
  if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lat!) > 90 || Math.abs(lon!) > 180) {
    throw new FrontlineError('INVALID_ARGUMENT', `distanceToLineMeters: the point ${JSON.stringify(point)} is not a finite [longitude, latitude] in degrees`);
  }
  return [lon!, lat!];
}

function distanceToSegment(plat: number, plon: number, a: [number, number], b: [number, number]): number {
  const segment = geodesicInverse(a[1], a[0], b[1], b[0]);
  const length = segment.distance;
  let s = 0;
  let r = Infinity;
  for (let k = 0; k < 60; k++) {
    const foot = geodesicDirect(a[1], a[0], segment.azimuth1, s);
    const toPoint = geodesicInverse(foot.latitude, foot.longitude, plat, plon);
    r = toPoint.distance;
    if (r === 0) return 0;
    const along = r * Math.cos(((toPoint.azimuth1 - foot.azimuth) * Math.PI) / 180);
    const next = Math.min(length, Math.max(0, s + along));
    if (Math.abs(next - s) < 1e-5) break;
    s = next;
  }
  return r;
}
