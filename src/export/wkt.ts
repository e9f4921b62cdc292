import type { Geometry, Position } from 'geojson';
import { roundTo } from './coordinates.js';

/**
 * A geometry as OGC Well-Known Text, e.g. `POLYGON ((46.1 39.5, 46.2 39.5, 46.2 39.6, 46.1 39.5))`,
 * coordinates in the order GeoJSON gives them (longitude, latitude), rounded to `precision`
 * decimals when one is given. An empty geometry is written `<TYPE> EMPTY`.
 *
 * @example
 * toWkt({ type: 'Point', coordinates: [46.75, 39.815] }); // 'POINT (46.75 39.815)'
 */
export function toWkt(geometry: Geometry | null, precision?: number): string {
  if (geometry === null) return 'GEOMETRYCOLLECTION EMPTY';
  const n = (v: number) => String(precision === undefined ? v : roundTo(v, precision));
  const pos = (p: Position) => `${n(p[0]!)} ${n(p[1]!)}`;
  const list = (ps: Position[]) => `(${ps.map(pos).join(', ')})`;
  const rings = (rs: Position[][]) => `(${rs.map(list).join(', ')})`;
  const body = (type: string, text: string, empty: boolean) => (empty ? `${type} EMPTY` : `${type} ${text}`);
  switch (geometry.type) {
    case 'Point':
      return body('POINT', `(${pos(geometry.coordinates)})`, geometry.coordinates.length === 0);
    case 'MultiPoint':
      return body('MULTIPOINT', `(${geometry.coordinates.map((p) => `(${pos(p)})`).join(', ')})`, geometry.coordinates.length === 0);
    case 'LineString':
      return body('LINESTRING', list(geometry.coordinates), geometry.coordinates.length === 0);
    case 'MultiLineString':
      return body('MULTILINESTRING', rings(geometry.coordinates), geometry.coordinates.length === 0);
    case 'Polygon':
      return body('POLYGON', rings(geometry.coordinates), geometry.coordinates.length === 0);
    case 'MultiPolygon':
      return body('MULTIPOLYGON', `(${geometry.coordinates.map(rings).join(', ')})`, geometry.coordinates.length === 0);
    case 'GeometryCollection':
      return body('GEOMETRYCOLLECTION', `(${geometry.geometries.map((g) => toWkt(g, precision)).join(', ')})`, geometry.geometries.length === 0);
  }
}
