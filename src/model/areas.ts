import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { area, type AreaMethod } from '../kernel/area.js';
import { union } from '../kernel/overlay.js';
import type { Layer, LayerPack } from './layer.js';

/** One row of an area table: a feature's area, or the layer's total when `feature` is null. */
export interface AreaRow {
  layer: string;
  feature: string | null;
  areaKm2: number;
  method: AreaMethod;
}

/** The name a feature is listed under: its `name` property, else its id, else its index. */
export function featureName(feature: Feature, index: number): string {
  const name = feature.properties?.name;
  if (typeof name === 'string' && name.length > 0) return name;
  if (feature.id !== undefined) return String(feature.id);
  return `#${index}`;
}

/**
 * Areas of every layer (total first) and of each of its features, in km². Line layers are
 * listed too, with zero area, so a table always shows every layer of the pack.
 */
export function layerAreas(layers: LayerPack | readonly Layer[], options: { method?: AreaMethod } = {}): AreaRow[] {
  const method = options.method ?? 'ellipsoidal';
  const list = 'layers' in layers ? layers.layers : layers;
  const rows: AreaRow[] = [];
  for (const layer of list) {
    const perFeature = layer.geojson.features.map((f, i) => ({ name: featureName(f, i), km2: area(f, { method }) / 1e6 }));
    rows.push({ layer: layer.meta.id, feature: null, areaKm2: area(coverage(layer), { method }) / 1e6, method });
    for (const f of perFeature) rows.push({ layer: layer.meta.id, feature: f.name, areaKm2: f.km2, method });
  }
  return rows;
}

/**
 * The ground a layer covers: the union of its polygons. Summing feature areas would count
 * twice wherever features overlap (dated versions of one zone, misregistered source units).
 */
export function coverage(layer: Layer): MultiPolygon {
  const polygons = layer.geojson.features
    .map((f) => f.geometry)
    .filter((g): g is Polygon | MultiPolygon => g?.type === 'Polygon' || g?.type === 'MultiPolygon');
  if (polygons.length === 0) return { type: 'MultiPolygon', coordinates: [] };
  if (polygons.length === 1)
    return polygons[0]!.type === 'MultiPolygon'
      ? (polygons[0] as MultiPolygon)
      : { type: 'MultiPolygon', coordinates: [polygons[0]!.coordinates as Polygon['coordinates']] };
  return union(polygons[0]!, ...polygons.slice(1));
}
