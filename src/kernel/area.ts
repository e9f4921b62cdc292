/**
 * Areas of GeoJSON objects, in square metres, by either method of ring-area.ts: `ellipsoidal`
 * (the default; WGS84, geodesic edges, within 1e-9 of GeographicLib) or `spherical` (the same
 * number as Turf 7's `area`).
 *
 * Each ring's area is taken in absolute value (its winding does not matter): exterior rings
 * add, holes subtract, the polygons of a MultiPolygon add, points and lines count 0.
 */
import type { GeoJSON, Geometry, Position } from 'geojson';
import { FrontlineError, describeValue } from '../errors.js';
import { InputPlace, checkPosition, invalid, ringAreaAt, type AreaMethod } from './ring-area.js';
import { AUTHALIC_RADIUS } from './wgs84.js';

export { ringArea, type AreaMethod } from './ring-area.js';

export interface AreaOptions {
  /** Defaults to `ellipsoidal`. */
  method?: AreaMethod;
}

const D2R = Math.PI / 180;

function polygonArea(rings: unknown, method: AreaMethod, where: InputPlace): number {
  if (!Array.isArray(rings)) invalid('Polygon coordinates are not an array of rings', String(where));
  let shell = 0,
    holes = 0;
  for (let r = 0; r < rings.length; r++) {
    const a = Math.abs(ringAreaAt(rings[r] as Position[], method, where.at(r)));
    if (r === 0) shell = a;
    else holes += a;
  }
  // Holes larger than their shell (outside it, or overlapping each other) would make the area
  // negative: a number that means nothing, so an error, raised once the whole input has been
  // read (a malformed position anywhere is reported first). Within rounding it is 0. A polygon
  // valid in the plane of longitude and latitude (as overlays make them) can still show holes a
  // little larger than its shell when measured with geodesic edges: a sliver thinner than the
  // bow of its edges (a geodesic runs poleward of the straight lon/lat segment). That much is the
  // geometry, not an error, and reads as 0.
  if (holes > shell * (1 + 1e-9) + 1e-6 && holeExcess === undefined && holes - shell > bowBoundM2(rings as Position[][]))
    holeExcess = { where: String(where), shell, holes };
  return Math.max(0, shell - holes);
}

/**
 * How far the geodesic-edge area of rings can differ from their area with edges straight in
 * longitude and latitude: Σ L³·|tan φ|/(12R) over the edges (the lens between a geodesic of
 * length L at latitude φ and its chord, on a sphere of radius R; the same bound as the
 * timeline's cut tolerance). Only computed when holes exceed their shell.
 */
function bowBoundM2(rings: Position[][]): number {
  let sum = 0;
  for (const ring of rings) {
    if (!Array.isArray(ring)) continue;
    for (let i = 0; i + 1 < ring.length; i++) {
      const a = ring[i]!,
        b = ring[i + 1]!;
      const phi = ((a[1]! + b[1]!) / 2) * D2R;
      const length = Math.hypot((b[0]! - a[0]!) * Math.cos(phi), b[1]! - a[1]!) * D2R * AUTHALIC_RADIUS;
      sum += (length * length * length * Math.abs(Math.tan(phi))) / (12 * AUTHALIC_RADIUS);
    }
  }
  return sum;
}

/** The first polygon of the input being measured whose holes exceed its shell (see polygonArea). */
let holeExcess: { where: string; shell: number; holes: number } | undefined;

function checkHoles(): void {
  const excess = holeExcess;
  holeExcess = undefined;
  if (excess) {
    invalid(
      `the holes enclose ${excess.holes.toPrecision(6)} m², more than the shell's ${excess.shell.toPrecision(6)} m², so the polygon is not valid (validate says why, repair fixes it)`,
      excess.where,
    );
  }
}

/** Points and lines enclose nothing, but their positions are checked like a ring's. */
function checkPositions(list: unknown, depth: number, where: InputPlace): void {
  if (!Array.isArray(list)) invalid(depth === 0 ? 'position is not an array' : 'coordinates are not an array', String(where));
  if (depth === 0) checkPosition(list, where, -1);
  else if (depth === 1) for (let i = 0; i < list.length; i++) checkPosition(list[i], where, i);
  else for (let i = 0; i < list.length; i++) checkPositions(list[i], depth - 1, where.at(i));
}

/**
 * GeometryCollections nested deeper than this are refused (RFC 7946 asks for none): each level
 * is a call, and an input nested thousands deep would exhaust the stack.
 */
export const MAX_COLLECTION_NESTING = 32;

const FEATURES = InputPlace.ROOT.at('features');

function geometryArea(geometry: Geometry | null, method: AreaMethod, where: InputPlace, depth = 0): number {
  if (geometry === null) return 0;
  if (typeof geometry !== 'object') invalid('geometry is not an object', String(where) || 'root');
  switch (geometry.type) {
    case 'Polygon':
      return polygonArea(geometry.coordinates, method, where.at('coordinates'));
    case 'MultiPolygon': {
      const polygons: unknown = geometry.coordinates;
      const coordinates = where.at('coordinates');
      if (!Array.isArray(polygons)) invalid('MultiPolygon coordinates are not an array of polygons', String(coordinates));
      let total = 0;
      for (let p = 0; p < polygons.length; p++) total += polygonArea(polygons[p], method, coordinates.at(p));
      return total;
    }
    case 'Point':
      checkPositions(geometry.coordinates, 0, where.at('coordinates'));
      return 0;
    case 'MultiPoint':
    case 'LineString':
      checkPositions(geometry.coordinates, 1, where.at('coordinates'));
      return 0;
    case 'MultiLineString':
      checkPositions(geometry.coordinates, 2, where.at('coordinates'));
      return 0;
    case 'GeometryCollection': {
      const geometries: unknown = geometry.geometries;
      if (!Array.isArray(geometries)) invalid('GeometryCollection has no geometries array', String(where.at('geometries')));
      if (depth >= MAX_COLLECTION_NESTING) invalid(`GeometryCollections nested more than ${MAX_COLLECTION_NESTING} deep`, String(where) || 'root');
      let total = 0;
      const members = where.at('geometries');
      for (let g = 0; g < geometries.length; g++) {
        const child = geometries[g] as Geometry | null;
        if (child === null || typeof child !== 'object') invalid('geometry is not an object', String(members.at(g)));
        total += geometryArea(child, method, members.at(g), depth + 1);
      }
      return total;
    }
    default:
      return invalid(`unknown geometry type ${describeValue((geometry as { type?: unknown }).type)}`, String(where.at('type')));
  }
}

function featureArea(feature: { geometry?: unknown }, method: AreaMethod, where: InputPlace): number {
  const at = where.at('geometry');
  if (!('geometry' in feature)) invalid('Feature has no geometry member', String(at));
  return geometryArea(feature.geometry as Geometry | null, method, at);
}

/**
 * Area of any GeoJSON object, in m².
 *
 * @param geojson a Geometry (including GeometryCollection), Feature or FeatureCollection,
 *   coordinates [longitude, latitude] in degrees on WGS84. Null geometries count 0.
 * @param options.method `ellipsoidal` (default): WGS84 ellipsoid with geodesic edges, within
 *   1e-9 (relative) of GeographicLib; `spherical`: the same number as Turf 7's `area`.
 * @returns the total area in square metres: exterior rings add, holes subtract (each ring in
 *   absolute value, so winding does not matter), polygons and features add, points and lines 0.
 * @throws FrontlineError `INVALID_GEOJSON` when the input is not GeoJSON or a coordinate is not a
 *   finite number; the message and `where` name the place, e.g.
 *   `features[3].geometry.coordinates[0][5]`. Also when a polygon's holes enclose more than its
 *   shell (a negative area), once everything else has been read. Rings are read as given: the
 *   area of an invalid polygon (holes outside the shell or overlapping each other, crossing
 *   rings) is not the ground it covers; `validate` finds those, `repair` fixes them.
 * @example
 * area({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] });
 * // ≈ 12,308,778,361.47 m² (a 1° square at the equator)
 */
export function area(geojson: GeoJSON<Geometry | null, unknown> | null, options: AreaOptions = {}): number {
  const method = options?.method ?? 'ellipsoidal';
  if (method !== 'ellipsoidal' && method !== 'spherical') {
    throw new FrontlineError('INVALID_ARGUMENT', `unknown area method ${describeValue(method)} (expected "ellipsoidal" or "spherical")`);
  }
  if (geojson === null) return 0;
  if (typeof geojson !== 'object' || Array.isArray(geojson)) invalid('input is not a GeoJSON object', 'root');
  holeExcess = undefined;
  let total = 0;
  switch (geojson.type) {
    case 'FeatureCollection': {
      const features: unknown = geojson.features;
      if (!Array.isArray(features)) invalid('FeatureCollection has no features array', 'features');
      for (let i = 0; i < features.length; i++) {
        const f = features[i] as { type?: unknown; geometry?: unknown } | null;
        if (f === null || typeof f !== 'object' || f.type !== 'Feature') invalid('member is not a Feature', `features[${i}]`);
        total += featureArea(f, method, FEATURES.at(i));
      }
      break;
    }
    case 'Feature':
      total = featureArea(geojson, method, InputPlace.ROOT);
      break;
    default:
      total = geometryArea(geojson, method, InputPlace.ROOT);
  }
  checkHoles();
  return total;
}

/**
 * Area of any GeoJSON object in km² (`area(...) / 1e6`); same arguments and errors as {@link area}.
 */
export function areaKm2(geojson: GeoJSON<Geometry | null, unknown> | null, options: AreaOptions = {}): number {
  return area(geojson, options) / 1e6;
}
