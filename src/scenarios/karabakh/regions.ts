import type { MultiPolygon, Polygon } from 'geojson';
import type { DiffRegion } from '../../model/diff.js';
import type { LayerPack } from '../../model/layer.js';

/**
 * The regions transfers are broken down by: the seven districts (fitted, from `districts`)
 * and the former NKAO. They do not overlap: the fitted districts lie outside the oblast.
 */
export function karabakhRegionsOf(pack: LayerPack): DiffRegion[] {
  const districts = pack.layer<Polygon | MultiPolygon>('districts').geojson.features.map((f) => ({
    id: String(f.properties?.district ?? f.properties?.name),
    name: String(f.properties?.name),
    geometry: f.geometry,
  }));
  const nkao = pack.layer<Polygon | MultiPolygon>('nkao-1991').geojson.features[0]!;
  return [...districts, { id: 'nkao', name: 'former NKAO', geometry: nkao.geometry }];
}
