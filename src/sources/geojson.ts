/**
 * The features of a parsed GeoJSON or TopoJSON document, each with the place it came from,
 * and the polygons of a geometry (GeometryCollections opened), without copying coordinates.
 */
import type { Feature, Geometry, Position } from 'geojson';
import type { Topology } from 'topojson-specification';
import { feature as topoFeature } from 'topojson-client';
import { FrontlineError } from '../errors.js';
import { refuseAntimeridian } from '../kernel/antimeridian.js';
import { transformProblem } from '../model/topology-transform.js';

export interface LayeredFeature {
  properties: unknown;
  geometry: Geometry | null;
  /** TopoJSON object the feature came from. */
  layer?: string;
  /** Where it is, for errors: `features[3]`, `objects.front.geometries[2]`. */
  where: string;
}

/**
 * Every feature of a FeatureCollection, Feature, bare geometry or TopoJSON Topology.
 *
 * @throws FrontlineError `INVALID_GEOJSON` for anything else, naming the source
 */
export function featuresOf(data: { type?: unknown }, name: string): LayeredFeature[] {
  const invalid = (message: string): never => {
    throw new FrontlineError('INVALID_GEOJSON', `${name}: ${message}`, { where: name });
  };
  switch (data.type) {
    case 'FeatureCollection': {
      const features = (data as { features?: unknown }).features;
      if (!Array.isArray(features)) invalid('FeatureCollection has no features array');
      return (features as unknown[]).map((f, i) => asFeature(f, `features[${i}]`, invalid));
    }
    case 'Feature':
      return [asFeature(data, 'feature', invalid)];
    case 'Topology': {
      const topology = data as Topology;
      if (typeof topology.objects !== 'object' || topology.objects === null || !Array.isArray(topology.arcs)) invalid('Topology has no objects or arcs');
      const problem = transformProblem((topology as { transform?: unknown }).transform);
      if (problem) invalid(problem);
      const out: LayeredFeature[] = [];
      for (const [layer, object] of Object.entries(topology.objects)) {
        let converted: Feature | { type: 'FeatureCollection'; features: Feature[] };
        try {
          converted = topoFeature(topology, object) as Feature | { type: 'FeatureCollection'; features: Feature[] };
        } catch (cause) {
          throw new FrontlineError('INVALID_GEOJSON', `${name}: TopoJSON object "${layer}" cannot be decoded: ${(cause as Error).message}`, {
            where: `${name}: objects.${layer}`,
            cause,
          });
        }
        const list = converted.type === 'FeatureCollection' ? converted.features : [converted];
        list.forEach((f, i) =>
          out.push({
            properties: f.properties,
            geometry: f.geometry,
            layer,
            where: `objects.${layer}${converted.type === 'FeatureCollection' ? `.geometries[${i}]` : ''}`,
          }),
        );
      }
      return out;
    }
    case 'Polygon':
    case 'MultiPolygon':
    case 'GeometryCollection':
    case 'Point':
    case 'MultiPoint':
    case 'LineString':
    case 'MultiLineString':
      return [{ properties: null, geometry: data as Geometry, where: 'geometry' }];
    default:
      return invalid(`expected GeoJSON (FeatureCollection, Feature or geometry) or a TopoJSON Topology, got type ${JSON.stringify(data.type)}`);
  }
}

function asFeature(value: unknown, where: string, invalid: (message: string) => never): LayeredFeature {
  const f = value as { type?: unknown; properties?: unknown; geometry?: unknown } | null;
  if (typeof f !== 'object' || f === null || f.type !== 'Feature') invalid(`${where} is not a Feature`);
  return { properties: f!.properties, geometry: (f!.geometry ?? null) as Geometry | null, where };
}

/**
 * GeometryCollections nested deeper than this are refused: RFC 7946 advises against nesting
 * them at all, and a file nested thousands deep (an attack or an accident) must not exhaust the
 * stack of the code walking it.
 */
export const MAX_COLLECTION_DEPTH = 16;

/** What a geometry holds that carries no area: counted in a reading, never measured. */
export interface Skipped {
  points: number;
  lines: number;
  /** Features with no geometry (null), or a geometry of no known type. */
  empty: number;
}

/**
 * Whether a geometry holds any polygon (inside GeometryCollections too); with `skipped`, also
 * counts what it holds that has no area.
 */
export function isAreal(geometry: Geometry | null, where: string, skipped?: Skipped, depth = 0): boolean {
  if (geometry === null || typeof geometry !== 'object') {
    if (skipped) skipped.empty++;
    return false;
  }
  switch (geometry.type) {
    case 'Polygon':
    case 'MultiPolygon':
      return true;
    case 'Point':
    case 'MultiPoint':
      if (skipped) skipped.points++;
      return false;
    case 'LineString':
    case 'MultiLineString':
      if (skipped) skipped.lines++;
      return false;
    case 'GeometryCollection': {
      if (!Array.isArray(geometry.geometries)) {
        if (skipped) skipped.empty++;
        return false;
      }
      if (depth >= MAX_COLLECTION_DEPTH) {
        throw new FrontlineError('INVALID_GEOJSON', `${where}: GeometryCollections nested more than ${MAX_COLLECTION_DEPTH} deep`, { where });
      }
      let areal = false;
      geometry.geometries.forEach((g, i) => {
        if (isAreal(g, `${where}.geometries[${i}]`, skipped, depth + 1)) areal = true;
      });
      return areal;
    }
    default:
      if (skipped) skipped.empty++;
      return false;
  }
}

/**
 * Appends a geometry's polygons (by reference: nothing is copied or changed), with the path of
 * each in the file. Rings crossing the antimeridian are refused: the boundary index and the
 * overlay read edges in longitude and latitude, where such an edge goes the long way round
 * (unless `antimeridian` is false: the caller refuses those it keeps, once it knows which).
 */
export function addPolygons(into: Position[][][], geometry: Geometry, where: string, wheres?: string[], antimeridian = true): void {
  const bad = (): never => {
    throw new FrontlineError('INVALID_GEOJSON', `${where}: coordinates are not an array`, { where });
  };
  if (geometry.type === 'Polygon') {
    if (!Array.isArray(geometry.coordinates)) bad();
    if (antimeridian) refuseAntimeridian([geometry.coordinates], where, true);
    into.push(geometry.coordinates);
    wheres?.push(where);
  } else if (geometry.type === 'MultiPolygon') {
    if (!Array.isArray(geometry.coordinates)) bad();
    if (antimeridian) refuseAntimeridian(geometry.coordinates, where);
    geometry.coordinates.forEach((polygon, i) => {
      into.push(polygon);
      wheres?.push(`${where}.coordinates[${i}]`);
    });
  } else if (geometry.type === 'GeometryCollection') {
    geometry.geometries.forEach((g, i) => {
      if (isAreal(g, `${where}.geometries[${i}]`)) addPolygons(into, g, `${where}.geometries[${i}]`, wheres, antimeridian);
    });
  }
}
