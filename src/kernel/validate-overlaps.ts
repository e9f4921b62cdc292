/**
 * Overlaps between the polygons of a FeatureCollection, for `validate` (validate.ts): between
 * controllers (`properties.controller`), an error; between features of one controller, a
 * warning. Measured as the ellipsoidal area of their intersection.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { describeValue as show } from '../errors.js';
import { area } from './area.js';
import { outerRingsBox, type BBox } from './bbox.js';
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

/** A polygon's rings as flat [x0, y0, x1, y1, …] arrays, with the box of its outer ring. */
interface FlatPolygon {
  rings: Float64Array[];
  box: BBox;
}

export function flatPolygon(rings: Position[][]): FlatPolygon {
  const flat = rings.map((ring) => {
    const xy = new Float64Array(ring.length * 2);
    for (let k = 0; k < ring.length; k++) {
      xy[2 * k] = ring[k]![0]!;
      xy[2 * k + 1] = ring[k]![1]!;
    }
    return xy;
  });
  return { rings: flat, box: outerRingsBox([rings]) };
}

/** Polygons back as GeoJSON positions, for the overlay: the same numbers they were read with. */
function multiPolygonOf(polygons: readonly FlatPolygon[]): MultiPolygon {
  return {
    type: 'MultiPolygon',
    coordinates: polygons.map((p) =>
      p.rings.map((xy) => {
        const ring: Position[] = new Array(xy.length / 2);
        for (let k = 0; k < ring.length; k++) ring[k] = [xy[2 * k]!, xy[2 * k + 1]!];
        return ring;
      }),
    ),
  };
}

/** The box of polygons' boxes, as `outerRingsBox` gives it for the polygons together. */
function boxOfBoxes(polygons: readonly FlatPolygon[]): BBox {
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const { box: b } of polygons) {
    if (b[0] < box[0]) box[0] = b[0];
    if (b[1] < box[1]) box[1] = b[1];
    if (b[2] > box[2]) box[2] = b[2];
    if (b[3] > box[3]) box[3] = b[3];
  }
  return box;
}

/**
 * Area (m², ellipsoidal) of polygons taken together, as `area` of their MultiPolygon gives it:
 * the same sum in the same order, one polygon made into positions at a time.
 */
function polygonsArea(polygons: readonly FlatPolygon[]): number {
  let total = 0;
  for (const p of polygons) total += area({ type: 'Polygon', coordinates: multiPolygonOf([p]).coordinates[0]! });
  return total;
}

export interface ArealFeature {
  index: number;
  controller: string;
  polygons: FlatPolygon[];
}

interface ControllerGround {
  name: string;
  order: number;
  features: number[];
  polygons: FlatPolygon[];
  areaM2?: number;
}

/**
 * The polygons of each pair of areas that can share ground: for areas given as lists of
 * polygons, the indices of the polygons of area `a` and of area `b` whose boxes share interior
 * with a polygon of the other, keyed `a * count + b` (a < b). Ground two areas share lies in a
 * polygon of each whose boxes overlap, so intersecting those alone gives the same ground as
 * intersecting the whole areas, with work that grows with the polygons that meet rather than
 * with the product of the areas' sizes.
 */
export function facingPolygons(areas: readonly (readonly { box: BBox }[])[]): Map<number, [number[], number[]]> {
  const items: Boxed<{ area: number; polygon: number }>[] = [];
  areas.forEach((polygons, area) => {
    polygons.forEach((p, polygon) => {
      items.push({ item: { area, polygon }, box: p.box });
    });
  });
  const sets = new Map<number, [Set<number>, Set<number>]>();
  overlappingBoxPairs(items, (x, y) => {
    if (x.item.area === y.item.area) return;
    const [a, b] = x.item.area < y.item.area ? [x.item, y.item] : [y.item, x.item];
    const key = a.area * areas.length + b.area;
    let entry = sets.get(key);
    if (!entry) sets.set(key, (entry = [new Set(), new Set()]));
    entry[0].add(a.polygon);
    entry[1].add(b.polygon);
  });
  const byIndex = (set: Set<number>) => [...set].sort((p, q) => p - q);
  return new Map([...sets].map(([key, [a, b]]) => [key, [byIndex(a), byIndex(b)]]));
}

export function checkControllers(features: ArealFeature[], out: FindingList): void {
  const byController = new Map<string, ControllerGround>();
  const ownFeatures = new Map<string, ArealFeature[]>();
  for (const f of features) {
    let entry = byController.get(f.controller);
    if (!entry) byController.set(f.controller, (entry = { name: f.controller, order: 0, features: [], polygons: [] }));
    entry.features.push(f.index);
    for (const p of f.polygons) entry.polygons.push(p);
    let own = ownFeatures.get(f.controller);
    if (!own) ownFeatures.set(f.controller, (own = []));
    own.push(f);
  }
  for (const [name, own] of ownFeatures) if (own.length > 1) checkOwnFeatures(name, own, out);
  if (byController.size < 2) return;
  const grounds = [...byController.values()].filter((e) => e.polygons.length > 0);
  grounds.forEach((g, order) => {
    g.order = order;
  });
  const facing = facingPolygons(grounds.map((g) => g.polygons));
  const items = grounds.map((g) => ({ item: g, box: boxOfBoxes(g.polygons) }));
  const areaOf = (g: ControllerGround) => (g.areaM2 ??= polygonsArea(g.polygons));
  overlappingBoxPairs(items, (x, y) => {
    const [a, b] = x.item.order < y.item.order ? [x.item, y.item] : [y.item, x.item];
    const near = facing.get(a.order * grounds.length + b.order);
    // No polygons of the two whose boxes overlap: they share no ground.
    if (!near) return;
    const { areaM2, location } = sharedAreaM2(multiPolygonOf(near[0].map((k) => a.polygons[k]!)), multiPolygonOf(near[1].map((k) => b.polygons[k]!)));
    if (!(areaM2 > out.toleranceFor(areaOf(a), areaOf(b)))) return;
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
function checkOwnFeatures(name: string, own: ArealFeature[], out: FindingList): void {
  const areas = new Map<number, number>();
  const areaOf = (f: ArealFeature) => areas.get(f.index) ?? areas.set(f.index, polygonsArea(f.polygons)).get(f.index)!;
  const items = own.map((f) => ({ item: f, box: boxOfBoxes(f.polygons) }));
  overlappingBoxPairs(items, (x, y) => {
    const [a, b] = x.item.index < y.item.index ? [x.item, y.item] : [y.item, x.item];
    const { areaM2, location } = sharedAreaM2(multiPolygonOf(a.polygons), multiPolygonOf(b.polygons));
    if (!(areaM2 > out.toleranceFor(areaOf(a), areaOf(b)))) return;
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
