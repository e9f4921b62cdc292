import type { LineString, MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';
import { FrontlineError } from '../errors.js';

/** Geometries {@link densify} accepts. */
export type Densifiable = Polygon | MultiPolygon | LineString | MultiLineString;

/**
 * Inserts points along every edge, evenly spaced on the straight line in longitude/latitude,
 * so that no step spans more than `maxStepDegrees` of longitude or of latitude (up to a
 * round-off of 1e-9 relative). Each edge is cut into equal steps.
 *
 * Why: the overlay (overlay.ts) reads an edge as straight in lon/lat, `area` (area.ts) as a
 * geodesic. On a long east-west edge the two differ (the geodesic bows poleward, about 30 m at
 * the middle of a 0.5° edge at 45° N), so when the overlay cuts such an edge the geodesic
 * areas of the pieces do not add up to that of the whole. Densified first, every edge is short
 * enough for the two readings to agree: the bow shrinks with the square of the step, and the
 * area it encloses with its cube.
 *
 * Edges along a meridian (same longitude at both ends) get no points: a meridian arc is a
 * geodesic and a straight line in lon/lat at once, so both readings are already the same
 * curve and points on it would only cost vertices.
 *
 * Edges are read as the overlay reads them, on the plane: an edge from 179° to −179° spans
 * 358° of longitude (use continuous longitudes such as 181° for an edge across the antimeridian).
 *
 * @param geometry Polygon, MultiPolygon, LineString or MultiLineString, [longitude, latitude]
 *   in degrees. Never modified.
 * @param maxStepDegrees longest step allowed, in degrees (> 0); 0.01° (about 1 km) or less
 *   before comparing areas.
 * @returns a new geometry of the same type; the original positions are kept (copied) and the
 *   inserted ones are [longitude, latitude].
 * @throws FrontlineError `INVALID_ARGUMENT` when `maxStepDegrees` is not a finite number > 0
 *   or the geometry is not one of the four types; `INVALID_GEOJSON` (with `where`, e.g.
 *   `coordinates[0][3]`) on a position that is not two finite numbers.
 * @example
 * densify({ type: 'LineString', coordinates: [[10, 50], [10.3, 50]] }, 0.1);
 * // { type: 'LineString', coordinates: [[10, 50], [10.1, 50], [10.2, 50], [10.3, 50]] }
 */
export function densify<G extends Densifiable>(geometry: G, maxStepDegrees: number): G {
  if (typeof maxStepDegrees !== 'number' || !Number.isFinite(maxStepDegrees) || maxStepDegrees <= 0) {
    throw new FrontlineError('INVALID_ARGUMENT', `densify: maxStepDegrees must be a finite number > 0, got ${String(maxStepDegrees)}`);
  }
  const line = (positions: Position[], where: string): Position[] => densifyLine(positions, maxStepDegrees, where);
  const each = <T, U>(list: T[], where: string, f: (item: T, i: number) => U): U[] => {
    if (!Array.isArray(list)) throw new FrontlineError('INVALID_GEOJSON', `densify: ${where} is not an array`, { where });
    return list.map(f);
  };
  const type = (geometry as { type?: unknown } | null)?.type;
  switch (type) {
    case 'LineString':
      return { ...geometry, coordinates: line((geometry as LineString).coordinates, 'coordinates') };
    case 'MultiLineString':
    case 'Polygon':
      return { ...geometry, coordinates: each((geometry as Polygon).coordinates, 'coordinates', (l, i) => line(l, `coordinates[${i}]`)) };
    case 'MultiPolygon':
      return {
        ...geometry,
        coordinates: each((geometry as MultiPolygon).coordinates, 'coordinates', (p, i) =>
          each(p, `coordinates[${i}]`, (l, j) => line(l, `coordinates[${i}][${j}]`)),
        ),
      };
    default:
      throw new FrontlineError('INVALID_ARGUMENT', `densify expects a Polygon, MultiPolygon, LineString or MultiLineString, got ${JSON.stringify(type)}`, {
        where: 'type',
      });
  }
}

function densifyLine(positions: Position[], step: number, where: string): Position[] {
  if (!Array.isArray(positions)) throw new FrontlineError('INVALID_GEOJSON', `densify: ${where} is not an array of positions`, { where });
  const out: Position[] = [];
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i]!;
    const x1 = Array.isArray(p) ? p[0]! : NaN,
      y1 = Array.isArray(p) ? p[1]! : NaN;
    // Also guards the loop below: an infinite coordinate would ask for infinitely many points.
    if (!Number.isFinite(x1) || !Number.isFinite(y1)) {
      throw new FrontlineError('INVALID_GEOJSON', `densify: position ${JSON.stringify(p)} is not two finite numbers at ${where}[${i}]`, {
        where: `${where}[${i}]`,
      });
    }
    if (i > 0) {
      const q = positions[i - 1]!;
      const x0 = q[0]!,
        y0 = q[1]!;
      const dx = x1 - x0,
        dy = y1 - y0;
      const steps = dx === 0 ? 1 : stepsFor(Math.max(Math.abs(dx), Math.abs(dy)), step);
      if (steps > MAX_STEPS_PER_EDGE) {
        throw new FrontlineError(
          'INVALID_ARGUMENT',
          `densify: a step of ${step}° would cut the edge ending at ${where}[${i}] into ${steps} pieces (at most ${MAX_STEPS_PER_EDGE})`,
          {
            where: `${where}[${i}]`,
          },
        );
      }
      for (let k = 1; k < steps; k++) out.push([along(x0, x1, dx, k, steps), along(y0, y1, dy, k, steps)]);
    }
    out.push([...p]);
  }
  return out;
}

/** More points than this on one edge is a mistaken step size, not a densification: refuse it. */
const MAX_STEPS_PER_EDGE = 1_000_000;

/**
 * Number of steps for a span. The slack of 1e-9 keeps round-off in the span from adding a
 * step: 20.5 − 20.4 is 0.10000000000000142, which must give 20 steps of 0.005°, not 21, so
 * that edges of equal length on a grid are divided alike.
 */
function stepsFor(span: number, step: number): number {
  return Math.max(1, Math.ceil((span / step) * (1 - 1e-9)));
}

/**
 * The k-th of `steps` points from a to b (d = b − a), counted from the nearer end. Reversing
 * the edge (a ↔ b, d → −d) then gives bit for bit the same points, so an edge two polygons
 * share stays shared once both are densified, whichever way each ring runs.
 */
function along(a: number, b: number, d: number, k: number, steps: number): number {
  if (2 * k < steps) return a + (d * k) / steps;
  if (2 * k > steps) return b - (d * (steps - k)) / steps;
  return (a + b) / 2;
}
