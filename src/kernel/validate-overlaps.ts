/**
 * Overlaps between the polygons of a FeatureCollection, for `validate` (validate.ts): between
 * controllers (`properties.controller`), an error; between features of one controller, a
 * warning. Measured as the ellipsoidal area of their intersection.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { describeValue as show } from '../errors.js';
import { area } from './area.js';
import { outerRingsBox } from './bbox.js';
import { densify } from './densify.js';
import { intersection } from './overlay.js';
import { numberText as fmt, pointText as at } from './polygon-topology.js';
import type { FindingList } from './validate-findings.js';

/** Step at which overlaps are measured, degrees: the model's, so areas agree with a snapshot's. */
const OVERLAP_STEP_DEG = 0.005;

interface Boxed<T> {
  item: T;
  box: [number, number, number, number];
}

/** Pairs whose boxes share interior, by a sweep over x (no quadratic scan of distant boxes). */
export function overlappingBoxPairs<T>(items: Boxed<T>[], visit: (a: Boxed<T>, b: Boxed<T>) => void): void {
  const sorted = [...items].sort((a, b) => a.box[0] - b.box[0]);
  let active: Boxed<T>[] = [];
  for (const item of sorted) {
    active = active.filter((o) => o.box[2] > item.box[0]);
    for (const o of active) if (o.box[1] < item.box[3] && item.box[1] < o.box[3]) visit(o, item);
    active.push(item);
  }
}

/** Area (m², ellipsoidal) of the ground two areal geometries share, edges read straight in lon/lat. */
export function sharedAreaM2(a: Polygon | MultiPolygon, b: Polygon | MultiPolygon): { areaM2: number; location: [number, number] | undefined } {
  const shared = intersection(a, b);
  if (shared.coordinates.length === 0) return { areaM2: 0, location: undefined };
  const first = shared.coordinates[0]![0]![0]!;
  return { areaM2: area(densify(shared, OVERLAP_STEP_DEG)), location: [first[0]!, first[1]!] };
}

export interface ArealFeature {
  index: number;
  controller: string;
  geometry: Polygon | MultiPolygon;
}

export function checkControllers(features: ArealFeature[], out: FindingList): void {
  const byController = new Map<string, { features: number[]; polygons: Position[][][] }>();
  for (const f of features) {
    let entry = byController.get(f.controller);
    if (!entry) byController.set(f.controller, (entry = { features: [], polygons: [] }));
    entry.features.push(f.index);
    if (f.geometry.type === 'Polygon') entry.polygons.push(f.geometry.coordinates);
    else for (const p of f.geometry.coordinates) entry.polygons.push(p);
  }
  for (const [name, entry] of byController) if (entry.features.length > 1) checkOwnFeatures(name, features, entry.features, out);
  if (byController.size < 2) return;
  const items = [...byController]
    .filter(([, e]) => e.polygons.length > 0)
    .map(([name, e], order) => ({ item: { name, order, ...e }, box: outerRingsBox(e.polygons) }));
  overlappingBoxPairs(items, (x, y) => {
    const [a, b] = x.item.order < y.item.order ? [x.item, y.item] : [y.item, x.item];
    const ga: MultiPolygon = { type: 'MultiPolygon', coordinates: a.polygons },
      gb: MultiPolygon = { type: 'MultiPolygon', coordinates: b.polygons };
    const { areaM2, location } = sharedAreaM2(ga, gb);
    if (!(areaM2 > out.toleranceFor(area(ga), area(gb)))) return;
    const list = (e: { features: number[] }) =>
      `${e.features.length === 1 ? 'feature' : 'features'} ${e.features.slice(0, 5).join(', ')}${e.features.length > 5 ? ', …' : ''}`;
    out.add(
      'CONTROLLER_OVERLAP',
      b.features[0]!,
      `features[${b.features[0]!}].properties.controller`,
      `controllers ${show(a.name)} (${list(a)}) and ${show(b.name)} (${list(b)}) overlap by ${formatArea(areaM2)} (ellipsoidal)${location ? ` near ${at(location[0], location[1])}` : ''}; one snapshot cannot give the same ground to two controllers`,
      { ...(location ? { location } : {}), areaM2 },
    );
  });
}

/**
 * Features of one controller that share ground. A snapshot merges a controller's features,
 * so the ground counts once there; a tool that sums feature areas counts it twice, and the
 * file's author may not have meant it: a warning, with the shared area.
 */
function checkOwnFeatures(name: string, all: ArealFeature[], indices: number[], out: FindingList): void {
  const byIndex = new Map(all.map((f) => [f.index, f]));
  const items = indices.map((index) => {
    const geometry = byIndex.get(index)!.geometry;
    return { item: { index, geometry }, box: outerRingsBox(geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) };
  });
  overlappingBoxPairs(items, (x, y) => {
    const [a, b] = x.item.index < y.item.index ? [x.item, y.item] : [y.item, x.item];
    const { areaM2, location } = sharedAreaM2(a.geometry, b.geometry);
    if (!(areaM2 > out.toleranceFor(area(a.geometry), area(b.geometry)))) return;
    out.add(
      'FEATURES_OVERLAP',
      b.index,
      `features[${b.index}].geometry`,
      `features ${a.index} and ${b.index} of controller ${show(name)} overlap by ${formatArea(areaM2)} (ellipsoidal)${location ? ` near ${at(location[0], location[1])}` : ''}; a snapshot merges them and counts that ground once`,
      { ...(location ? { location } : {}), areaM2 },
    );
  });
}

function formatArea(m2: number): string {
  return m2 >= 1e5 ? `${fmt(m2 / 1e6)} km²` : `${fmt(m2)} m²`;
}
