import { FrontlineError } from '../errors.js';
import type { TimelineRegion, TimelineRegions } from '../model/timeline-regions.js';
import { parseTimelineFile } from './timeline-files.js';

/**
 * Regions to split a timeline by, from a GeoJSON FeatureCollection of polygons: each
 * feature's `property` names its region (features of one name make one region).
 *
 * @throws FrontlineError `INVALID_ARGUMENT` when no polygon feature has the property (naming
 *   the properties there are); the file-reading codes of `readJsonFile` (`FILE_NOT_JSON`, …)
 */
export function readRegionsFile(file: string, property: string): TimelineRegions {
  // Parsed the quick way; a file that fails is read again by readJsonFile for the diagnosis.
  const data = parseTimelineFile(file, 'a GeoJSON FeatureCollection of regions') as { type?: unknown; features?: unknown };
  if (data?.type !== 'FeatureCollection' || !Array.isArray(data.features)) {
    throw new FrontlineError('INVALID_GEOJSON', `${file}: expected a GeoJSON FeatureCollection of regions`, { where: file });
  }
  const regions: TimelineRegion[] = [];
  const seen = new Set<string>();
  for (const f of data.features as { properties?: Record<string, unknown> | null; geometry?: { type?: string } | null }[]) {
    const g = f?.geometry;
    if (g?.type !== 'Polygon' && g?.type !== 'MultiPolygon') continue;
    for (const k of Object.keys(f.properties ?? {})) seen.add(k);
    const value = f.properties?.[property];
    if (typeof value === 'string' && value !== '') regions.push({ name: value, geometry: g as TimelineRegion['geometry'] });
    else if (typeof value === 'number') regions.push({ name: String(value), geometry: g as TimelineRegion['geometry'] });
  }
  if (regions.length === 0) {
    const known = [...seen]
      .sort()
      .slice(0, 12)
      .map((k) => JSON.stringify(k))
      .join(', ');
    throw new FrontlineError('INVALID_ARGUMENT', `${file}: no polygon has a "${property}" property naming its region (properties there: ${known || 'none'})`, {
      where: file,
    });
  }
  return { regions };
}
