import type { Position } from 'geojson';
import { FrontlineError } from '../errors.js';

/**
 * Rings that cross the antimeridian (180° E = 180° W) or circle a pole, read in longitude and
 * latitude. GeoJSON writes such a ring with an edge whose longitude jumps by more than 180°
 * (from 179.5 to −179.5, say); the geodesic it stands for is short, but drawn straight in
 * longitude and latitude, as the overlay and the timeline's boundary index read edges, it runs
 * the long way round the globe: a 1° box across the antimeridian becomes a band around the Earth.
 * The area kernel measures such rings correctly (geodesic edges take the short way); the
 * operations that work in the longitude/latitude plane refuse them instead of measuring them
 * wrong, and say how to fix the input: split it at ±180°, as RFC 7946 §3.1.9 asks.
 */

/** Largest change of longitude along an edge that the plane of longitude and latitude reads as meant. */
export const MAX_PLANAR_LONGITUDE_STEP = 180;

/** The first edge of the polygons whose longitude jumps by more than 180°, or null. */
export function antimeridianEdge(polygons: readonly (readonly (readonly Position[])[])[]): { polygon: number; ring: number; vertex: number } | null {
  for (let p = 0; p < polygons.length; p++) {
    const rings = polygons[p]!;
    for (let r = 0; r < rings.length; r++) {
      const ring = rings[r]!;
      for (let i = 0; i < ring.length; i++) {
        const a = ring[i]!,
          b = ring[(i + 1) % ring.length]!;
        if (Math.abs(b[0]! - a[0]!) > MAX_PLANAR_LONGITUDE_STEP) return { polygon: p, ring: r, vertex: i };
      }
    }
  }
  return null;
}

/**
 * Throws `CROSSES_ANTIMERIDIAN` when a ring has an edge that jumps across the antimeridian.
 *
 * @param polygons the rings of a Polygon (one polygon) or a MultiPolygon.
 * @param what what the operation is, for the message (`overlay`, `snapshot "x" controller "y"`).
 * @param single true for a Polygon's coordinates, so that the place is written as GeoJSON would.
 */
export function refuseAntimeridian(polygons: readonly (readonly (readonly Position[])[])[], what: string, single = false): void {
  const edge = antimeridianEdge(polygons);
  if (!edge) return;
  const ring = polygons[edge.polygon]![edge.ring]!;
  const a = ring[edge.vertex]!,
    b = ring[(edge.vertex + 1) % ring.length]!;
  const where = single ? `coordinates[${edge.ring}][${edge.vertex}]` : `coordinates[${edge.polygon}][${edge.ring}][${edge.vertex}]`;
  throw new FrontlineError(
    'CROSSES_ANTIMERIDIAN',
    `${what}: the edge from [${a[0]}, ${a[1]}] to [${b[0]}, ${b[1]}] at ${where} crosses the antimeridian (or the ring circles a pole); operations in longitude and latitude cannot follow it: split the polygon at ±180° (RFC 7946 §3.1.9)`,
    { where },
  );
}
