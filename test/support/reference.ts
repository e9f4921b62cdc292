/**
 * Independent references for tests: areas and distances straight from GeographicLib
 * (Karney 2013), sharing no code with frontline's kernels.
 */
import type { Geometry, Position } from 'geojson';
import geodesic from 'geographiclib-geodesic';

const WGS84 = geodesic.Geodesic.WGS84;

/** Absolute geodesic area of one ring (m²), closed or not. */
export function referenceRingArea(ring: Position[]): number {
  const poly = WGS84.Polygon(false);
  const n = ring.length > 1 && ring[0]![0] === ring[ring.length - 1]![0] && ring[0]![1] === ring[ring.length - 1]![1] ? ring.length - 1 : ring.length;
  for (let i = 0; i < n; i++) poly.AddPoint(ring[i]![1]!, ring[i]![0]!);
  return Math.abs(poly.Compute(false, true).area ?? 0);
}

/** Geodesic area of a geometry (m²): shells add, holes subtract, lines and points give 0. */
export function referenceArea(geometry: Geometry | null): number {
  if (!geometry) return 0;
  switch (geometry.type) {
    case 'Polygon':
      return geometry.coordinates.reduce((sum, ring, i) => sum + (i === 0 ? 1 : -1) * referenceRingArea(ring), 0);
    case 'MultiPolygon':
      return geometry.coordinates.reduce((sum, poly) => sum + referenceArea({ type: 'Polygon', coordinates: poly }), 0);
    case 'GeometryCollection':
      return geometry.geometries.reduce((sum, g) => sum + referenceArea(g), 0);
    default:
      return 0;
  }
}

/** Geodesic distance between two lon/lat positions (m). */
export function referenceDistance(a: Position, b: Position): number {
  return WGS84.Inverse(a[1]!, a[0]!, b[1]!, b[0]!).s12!;
}

/**
 * Geodesic distance from a point to a polyline (m): the minimum over segments, each searched
 * by golden-section on points of the segment's geodesic.
 */
export function referenceDistanceToLine(point: Position, line: Position[]): number {
  const toVertex = line.map((v) => referenceDistance(point, v));
  let best = Math.min(...toVertex);
  for (let i = 0; i + 1 < line.length; i++) {
    const a = line[i]!,
      b = line[i + 1]!;
    const seg = WGS84.InverseLine(a[1]!, a[0]!, b[1]!, b[0]!);
    // By the triangle inequality no point of this segment is nearer than this bound.
    if ((toVertex[i]! + toVertex[i + 1]! - seg.s13) / 2 > best) continue;
    const at = (s: number) => {
      const p = seg.Position(s);
      return WGS84.Inverse(point[1]!, point[0]!, p.lat2!, p.lon2!).s12!;
    };
    let lo = 0,
      hi = seg.s13;
    const g = (Math.sqrt(5) - 1) / 2;
    while (hi - lo > 1e-3) {
      const m1 = hi - g * (hi - lo),
        m2 = lo + g * (hi - lo);
      if (at(m1) < at(m2)) hi = m2;
      else lo = m1;
    }
    best = Math.min(best, at((lo + hi) / 2));
  }
  return best;
}
