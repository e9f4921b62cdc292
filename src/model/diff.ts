import type { MultiPolygon, Polygon } from 'geojson';
import { FrontlineError, describeValue } from '../errors.js';
import { areaKm2 } from '../kernel/area.js';
import { BoxIndex } from '../kernel/box-index.js';
import { difference, intersection, isEmpty, polygonsOf, union } from '../kernel/overlay.js';
import { ControlSnapshot, NONE, overlapToleranceM2, bboxOf, checkAreal, heldBy, shortEdged } from './snapshot.js';
import { boxesOverlap } from '../kernel/bbox.js';

// Defined with timelines' regions, so that a timeline need not load the snapshot model to know it.
import { OUTSIDE_REGIONS } from './timeline-regions.js';

export { NONE } from './snapshot.js';
export { OUTSIDE_REGIONS };

/** A named area a diff breaks transfers down by (a district, an oblast...). */
export interface DiffRegion {
  id: string;
  name: string;
  geometry: Polygon | MultiPolygon;
}

export interface DiffOptions {
  /** Regions to break each transfer down by; they must not overlap each other. */
  regions?: DiffRegion[];
  /** Largest overlap (m²) between two regions accepted as rounding; default 1 m². */
  overlapToleranceM2?: number;
}

/** What one controller held before and after, km² (ellipsoidal). */
export interface ControllerChange {
  controller: string;
  beforeKm2: number;
  afterKm2: number;
  gainedKm2: number;
  lostKm2: number;
  retainedKm2: number;
  /** afterKm2 − beforeKm2. */
  netKm2: number;
  /** Held after, not before. */
  gained: MultiPolygon;
  /** Held before, not after. */
  lost: MultiPolygon;
  /** Held both times. */
  retained: MultiPolygon;
}

/** Ground that passed from one controller to another. */
export interface Transfer {
  /** Controller before, or `(none)` for ground nobody held. */
  from: string;
  /** Controller after, or `(none)` for ground nobody holds any more. */
  to: string;
  areaKm2: number;
  geometry: MultiPolygon;
  /** One row per region (in the order given), plus `(outside regions)` when some ground falls outside them all. */
  byRegion: { region: string; name: string; areaKm2: number }[];
}

/** Everything that changed hands between two snapshots; every area in km², ellipsoidal. */
export interface SnapshotDiff {
  from: { id: string; date: string };
  to: { id: string; date: string };
  method: 'ellipsoidal';
  /** One entry per controller of either snapshot, sorted by name (code-unit order). */
  controllers: ControllerChange[];
  /** Non-empty transfers, ordered by `from` then `to`, controllers by name and `(none)` last. */
  transfers: Transfer[];
}

/**
 * Compares two snapshots: for each controller c, gained = b[c] − a[c], lost = a[c] − b[c],
 * retained = a[c] ∩ b[c]; for each ordered pair X ≠ Y, the transfer a[X] ∩ b[Y]. Ground
 * covered by one snapshot but by no controller of the other moves from or to `(none)`:
 * `(none)` → Y is b[Y] minus everything `a` assigns, X → `(none)` is a[X] minus everything
 * `b` assigns. So for every real controller the transfers out of it add up to its loss and
 * the transfers into it to its gain. Every geometry returned has edges of at most
 * `MODEL_STEP_DEG` and every area is the kernel's `areaKm2` of it (WGS84, geodesic edges). The
 * overlay cuts edges as straight lines in lon/lat, so the sums hold up to the geodesic bow of
 * the cut steps: within 1e-8 (relative) on seeded 0.5° tilings between 60° S and 60° N, and
 * regional breakdowns within 1e-7. Densify regions and snapshot inputs whose edges are longer
 * than about 0.01° first (`densify`), or their areas read those edges as straight lines.
 *
 * A controller listed by only one snapshot holds nothing in the other.
 *
 * @param a the earlier snapshot, @param b the later one (the order is not checked: a diff
 *   backwards in time is a valid question).
 * @param options.regions areas to break each transfer down by (validated; must not overlap).
 * @returns a {@link SnapshotDiff}; areas in km², ellipsoidal (geodesic edges).
 * @throws FrontlineError `INVALID_ARGUMENT` on a bad region (path in `where`) or overlapping regions.
 */
export function diffSnapshots(a: ControlSnapshot, b: ControlSnapshot, options: DiffOptions = {}): SnapshotDiff {
  if (!(a instanceof ControlSnapshot) || !(b instanceof ControlSnapshot)) {
    throw new FrontlineError('INVALID_ARGUMENT', `diffSnapshots compares two ControlSnapshots, got ${describeValue(a)} and ${describeValue(b)}`);
  }
  if (typeof options !== 'object' || options === null)
    throw new FrontlineError('INVALID_ARGUMENT', `diffSnapshots options must be an object, got ${describeValue(options)}`);
  const regions = checkRegions(options.regions ?? [], options.overlapToleranceM2);
  const regionsUnion = regions.length === 0 ? null : union(regions[0]!.geometry, ...regions.slice(1).map((r) => r.geometry));
  const names = [...new Set([...a.controllers, ...b.controllers])].sort(byCodeUnits);

  const controllers = names.map((c): ControllerChange => {
    const before = heldBy(a, c),
      after = heldBy(b, c);
    const gained = shortEdged(difference(after, before)),
      lost = shortEdged(difference(before, after)),
      retained = shortEdged(intersection(before, after));
    const beforeKm2 = a.has(c) ? a.areaKm2(c) : 0,
      afterKm2 = b.has(c) ? b.areaKm2(c) : 0;
    return {
      controller: c,
      beforeKm2,
      afterKm2,
      gainedKm2: areaKm2(gained),
      lostKm2: areaKm2(lost),
      retainedKm2: areaKm2(retained),
      netKm2: afterKm2 - beforeKm2,
      gained,
      lost,
      retained,
    };
  });

  const between = transfersBetween(a, b, names);
  const parties = [...names, NONE];
  const transfers: Transfer[] = [];
  for (const from of parties) {
    for (const to of parties) {
      if (from === to) continue;
      const geometry = from === NONE || to === NONE ? transferGeometry(a, b, from, to) : between.get(from)?.get(to);
      if (geometry === undefined || isEmpty(geometry)) continue;
      const km2 = areaKm2(geometry);
      if (!(km2 > 0)) continue;
      transfers.push({ from, to, areaKm2: km2, geometry, byRegion: breakDown(geometry, regions, regionsUnion) });
    }
  }

  return { from: { id: a.id, date: a.date }, to: { id: b.id, date: b.date }, method: 'ellipsoidal', controllers, transfers };
}

/** Ground that passes to or from `(none)`: held in one snapshot, covered by nothing in the other. */
function transferGeometry(a: ControlSnapshot, b: ControlSnapshot, from: string, to: string): MultiPolygon {
  if (from === NONE) return shortEdged(difference(heldBy(b, to), a.coverage()));
  return shortEdged(difference(heldBy(a, from), b.coverage()));
}

/**
 * Every transfer X → Y between real controllers, a[X] ∩ b[Y], found polygon by polygon: each
 * polygon of `a` is intersected only with the polygons of `b` whose boxes overlap its own (a
 * packed R-tree), so the work grows with the number of polygons that meet, not with the square
 * of the number of controllers (400 controllers: one pass over their polygons, not 160,000 pairs).
 * The pieces of one transfer are united, as `intersection` of the whole geometries would give.
 */
function transfersBetween(a: ControlSnapshot, b: ControlSnapshot, names: readonly string[]): Map<string, Map<string, MultiPolygon>> {
  const polygonsOfSnapshot = (s: ControlSnapshot) =>
    names.flatMap((controller) => polygonsOf(heldBy(s, controller)).map((polygon) => ({ controller, polygon, box: bboxOf(polygon) })));
  const before = polygonsOfSnapshot(a),
    after = polygonsOfSnapshot(b);
  const pieces = new Map<string, Map<string, Polygon[]>>();
  if (before.length > 0 && after.length > 0) {
    const boxes = new Float64Array(after.length * 4);
    after.forEach((p, i) => boxes.set(p.box, i * 4));
    const index = new BoxIndex(boxes, after.length);
    for (const x of before) {
      index.search(x.box[0], x.box[1], x.box[2], x.box[3], (i) => {
        const y = after[i]!;
        if (y.controller === x.controller || !boxesOverlap(x.box, y.box)) return;
        const shared = intersection(x.polygon, y.polygon);
        if (isEmpty(shared)) return;
        let to = pieces.get(x.controller);
        if (!to) pieces.set(x.controller, (to = new Map()));
        const list = to.get(y.controller);
        if (list) list.push(...polygonsOf(shared));
        else to.set(y.controller, polygonsOf(shared));
      });
    }
  }
  const out = new Map<string, Map<string, MultiPolygon>>();
  for (const [from, to] of pieces) {
    const row = new Map<string, MultiPolygon>();
    for (const [name, list] of to)
      row.set(name, shortEdged(list.length === 1 ? { type: 'MultiPolygon', coordinates: [list[0]!.coordinates] } : union(list[0]!, ...list.slice(1))));
    out.set(from, row);
  }
  return out;
}

function breakDown(geometry: MultiPolygon, regions: DiffRegion[], regionsUnion: MultiPolygon | null): Transfer['byRegion'] {
  if (regionsUnion === null) return [];
  const box = bboxOf(geometry);
  const rows = regions.map((r) => ({
    region: r.id,
    name: r.name,
    areaKm2: boxesOverlap(box, bboxOf(r.geometry)) ? areaKm2(shortEdged(intersection(geometry, r.geometry))) : 0,
  }));
  // Measured as ground, not as the transfer minus the rows, so that rounding cannot invent
  // a remainder (or a negative one) where the regions cover the transfer.
  const outside = areaKm2(shortEdged(difference(geometry, regionsUnion)));
  if (outside > 0) rows.push({ region: OUTSIDE_REGIONS, name: OUTSIDE_REGIONS, areaKm2: outside });
  return rows;
}

function checkRegions(regions: DiffRegion[], toleranceM2: number | undefined): DiffRegion[] {
  if (!Array.isArray(regions)) throw new FrontlineError('INVALID_ARGUMENT', 'regions must be an array', { where: 'regions' });
  const ids = new Set<string>();
  regions.forEach((r, i) => {
    const at = `regions[${i}]`;
    if (typeof r?.id !== 'string' || r.id === '' || r.id === OUTSIDE_REGIONS) {
      throw new FrontlineError('INVALID_ARGUMENT', `region id must be a non-empty string other than "${OUTSIDE_REGIONS}"`, { where: `${at}.id` });
    }
    if (ids.has(r.id)) throw new FrontlineError('INVALID_ARGUMENT', `region id "${r.id}" is used twice`, { where: `${at}.id` });
    ids.add(r.id);
    if (typeof r.name !== 'string') throw new FrontlineError('INVALID_ARGUMENT', `region "${r.id}" has no name`, { where: `${at}.name` });
    checkAreal(r.geometry, `${at}.geometry`, 'INVALID_ARGUMENT');
  });
  // Overlapping regions would count the same ground twice in byRegion.
  for (let i = 0; i < regions.length; i++) {
    for (let j = i + 1; j < regions.length; j++) {
      const ri = regions[i]!,
        rj = regions[j]!;
      if (!boxesOverlap(bboxOf(ri.geometry), bboxOf(rj.geometry))) continue;
      const km2 = areaKm2(shortEdged(intersection(ri.geometry, rj.geometry)));
      if (km2 * 1e6 > overlapToleranceM2(areaKm2(ri.geometry) * 1e6, areaKm2(rj.geometry) * 1e6, toleranceM2)) {
        throw new FrontlineError('INVALID_ARGUMENT', `regions "${ri.id}" and "${rj.id}" overlap by ${km2} km²; byRegion needs regions that do not overlap`, {
          where: `regions[${j}]`,
        });
      }
    }
  }
  return regions;
}

/** Transfers as a square matrix. */
export interface TransferMatrix {
  /** Row and column labels: the diff's controllers, then `(none)`. */
  controllers: string[];
  /** km2[i][j]: km² passed from controllers[i] to controllers[j]; the diagonal is 0. */
  km2: number[][];
}

/**
 * The transfers of a diff as a matrix: row i sums to what controllers[i] lost, column j to
 * what controllers[j] gained (the `(none)` row and column hold ground entering or leaving
 * every controller's hands).
 */
export function transferMatrix(diff: SnapshotDiff): TransferMatrix {
  const controllers = [...diff.controllers.map((c) => c.controller), NONE];
  const index = new Map(controllers.map((c, i) => [c, i]));
  const km2 = controllers.map(() => controllers.map(() => 0));
  for (const t of diff.transfers) {
    const i = index.get(t.from),
      j = index.get(t.to);
    if (i === undefined || j === undefined) {
      throw new FrontlineError('INVALID_ARGUMENT', `transfer ${t.from} → ${t.to} names a controller the diff does not list`);
    }
    km2[i]![j]! += t.areaKm2;
  }
  return { controllers, km2 };
}

function byCodeUnits(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}
