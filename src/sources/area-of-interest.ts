/**
 * An area of interest: the ground a timeline is about. Maps of a war often draw other places
 * in the same style (territories held elsewhere, drawn for comparison); a profile with an area
 * of interest drops every polygon that lies outside it, and reports each.
 *
 * A polygon is inside when a point inside it (`interiorPoint`, kernel/interior-point.ts) lies
 * inside the area. One point decides, not the share of the polygon's area: a polygon drawn a
 * little past a border (a coastline generalised differently, a front running along a
 * frontier) stays, and a territory next to the area (Transnistria beside Ukraine) goes, however
 * the two outlines meet. It costs one point-in-polygon test per polygon.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { FrontlineError } from '../errors.js';
import { outerRingsBox } from '../kernel/bbox.js';
import { insideRings } from '../kernel/contains.js';
import { interiorPoint } from '../kernel/interior-point.js';
import type { AreaOfInterest } from './profile.js';

/** A compiled area of interest: its polygons with their boxes. */
export interface AreaTest {
  name: string;
  /** Whether a polygon (shell and holes) lies in the area; false for a polygon with no interior point. */
  contains(polygon: readonly (readonly Position[])[]): boolean;
}

export function compileAreaOfInterest(area: AreaOfInterest): AreaTest {
  const polygons =
    area.geometry.type === 'Polygon' ? [area.geometry.coordinates] : area.geometry.type === 'MultiPolygon' ? area.geometry.coordinates : undefined;
  if (!polygons || polygons.length === 0) {
    throw new FrontlineError('INVALID_PROFILE', `area of interest "${area.name}" has no polygons`, { where: area.name });
  }
  const boxes = polygons.map((rings) => outerRingsBox([rings]));
  return {
    name: area.name,
    contains(polygon) {
      const point = interiorPoint(polygon);
      if (!point) return false;
      const [x, y] = point;
      return polygons.some((rings, i) => {
        const b = boxes[i]!;
        return x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3] && insideRings(x, y, rings);
      });
    },
  };
}

/**
 * The features of a parsed GeoJSON file that make an area of interest: all its polygons, or
 * those of the features whose `property` is one of `values`.
 *
 * @throws FrontlineError `INVALID_PROFILE` when nothing is selected (naming the values there are)
 */
export function areaFromGeoJSON(data: unknown, name: string, property?: string, values?: readonly string[]): AreaOfInterest {
  const features = (data as { type?: unknown; features?: unknown })?.type === 'FeatureCollection' ? ((data as { features: unknown[] }).features ?? []) : [data];
  const coordinates: Position[][][] = [];
  const seen = new Set<string>();
  for (const f of features as { properties?: Record<string, unknown> | null; geometry?: Polygon | MultiPolygon | null; type?: string }[]) {
    const geometry = f?.type === 'Feature' ? f.geometry : (f as unknown as Polygon | MultiPolygon);
    if (property !== undefined) {
      const value = f?.properties?.[property];
      if (typeof value === 'string') seen.add(value);
      if (typeof value !== 'string' || !values!.includes(value)) continue;
    }
    if (geometry?.type === 'Polygon') coordinates.push(geometry.coordinates);
    else if (geometry?.type === 'MultiPolygon') coordinates.push(...geometry.coordinates);
  }
  if (coordinates.length === 0) {
    const known = [...seen]
      .sort()
      .slice(0, 12)
      .map((v) => JSON.stringify(v))
      .join(', ');
    const what =
      property === undefined
        ? 'no polygons'
        : `no polygon whose "${property}" is ${values!.map((v) => JSON.stringify(v)).join(' or ')}${known ? ` (values there: ${known}${seen.size > 12 ? ', …' : ''})` : ''}`;
    throw new FrontlineError('INVALID_PROFILE', `area of interest ${name}: ${what}`, { where: name });
  }
  return { name, geometry: { type: 'MultiPolygon', coordinates } };
}
