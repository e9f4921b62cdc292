import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { FrontlineError } from '../errors.js';
import { wound } from '../kernel/rings.js';

/** Decimal places kept by default: 6 in GeoJSON, CSV and WKT (about 0.1 m), 5 in TopoJSON (about 1 m). */
export const DEFAULT_GEOJSON_PRECISION = 6;
export const DEFAULT_TOPOJSON_PRECISION = 5;

/** Most decimal places an export keeps: 1e-10° is below the overlay's 1e-9° grid, and grid integers stay exact doubles. */
export const MAX_PRECISION = 10;

/** Checks a precision option: a whole number of decimal places from 0 to {@link MAX_PRECISION}. */
export function checkPrecision(precision: number, where = 'precision'): number {
  if (!Number.isInteger(precision) || precision < 0 || precision > MAX_PRECISION) {
    throw new FrontlineError('INVALID_ARGUMENT', `${where} must be a whole number of decimal places from 0 to ${MAX_PRECISION}, got ${String(precision)}`, {
      where,
    });
  }
  return precision;
}

/** `value` rounded to `precision` decimal places (half away from zero), without a negative zero. */
export function roundTo(value: number, precision: number): number {
  const f = 10 ** precision;
  const r = (Math.sign(value) * Math.round(Math.abs(value) * f)) / f;
  return r === 0 ? 0 : r;
}

/**
 * A collection read back from an export topology, printed as GeoJSON wants it: coordinates
 * (multiples of 10^-precision up to round-off) written with `precision` decimals, polygon shells
 * counter-clockwise and holes clockwise (RFC 7946). New objects; the input is not modified.
 */
export function tidyCollection(collection: FeatureCollection, precision: number): FeatureCollection {
  const point = (p: Position): Position => [roundTo(p[0]!, precision), roundTo(p[1]!, precision)];
  const rings = (rs: Position[][]) => rs.map((r, i) => wound(r.map(point), i === 0) as Position[]);
  const geometry = (g: Geometry | null): Geometry | null => {
    if (g === null) return null;
    switch (g.type) {
      case 'Point':
        return { type: 'Point', coordinates: point(g.coordinates) };
      case 'MultiPoint':
      case 'LineString':
        return { type: g.type, coordinates: g.coordinates.map(point) } as Geometry;
      case 'MultiLineString':
        return { type: 'MultiLineString', coordinates: g.coordinates.map((l) => l.map(point)) };
      case 'Polygon':
        return { type: 'Polygon', coordinates: rings(g.coordinates) };
      case 'MultiPolygon':
        return { type: 'MultiPolygon', coordinates: g.coordinates.map(rings) };
      case 'GeometryCollection':
        return { type: 'GeometryCollection', geometries: g.geometries.map((x) => geometry(x)).filter((x): x is Geometry => x !== null) };
    }
  };
  return { type: 'FeatureCollection', features: collection.features.map((f): Feature => ({ ...f, geometry: geometry(f.geometry) as Geometry })) };
}
