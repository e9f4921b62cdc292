import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { FrontlineError, describeValue, isFrontlineError } from '../errors.js';
import { area, areaKm2 } from '../kernel/area.js';
import { densify } from '../kernel/densify.js';
import { GRID_DEG } from '../kernel/grid.js';
import { intersection, union, type Areal } from '../kernel/overlay.js';
import { facingPolygons, overlapTolerance, polygonErrors } from '../kernel/validate.js';
import { boxesOverlap, outerRingsBox, type BBox } from '../kernel/bbox.js';
import { polygonRings } from '../kernel/rings.js';
import { PolygonPacker, boxAt, packPolygons, packedPolygonBoxes, touchingGroups, unpackPolygons, type PackedPolygons } from '../kernel/packed.js';
import { areaRange, exactArea, exactRange, uncertainSetOperation, type Range, type UncertainArea } from './uncertainty.js';

/**
 * Longest edge step, in degrees, of every geometry the model keeps or returns (about 550 m).
 *
 * Areas here are the kernel's `areaKm2`: WGS84 with geodesic edges, as layer tables give them.
 * The overlay reads edges as straight in lon/lat; the two readings differ on a long east-west
 * edge (the geodesic bows poleward), so callers should densify inputs whose edges are longer
 * than about 1 km (0.01°) with `densify` before comparing them. Measured against the straight
 * reading (GeographicLib on a 0.0002° sampling), an L of 0.5° × 0.5° with a 0.1° arm differs by
 * 1.7e-4 to 4.9e-4 (relative) between 30° and 80° when left as drawn, by 1.3e-9 to 4.9e-9 once
 * densified to 0.01°, and by 3e-10 to 1.2e-9 at 0.005°.
 *
 * Densifying inputs is not enough on its own: the overlay drops vertices exactly collinear
 * with their neighbours (so that a point lying on another polygon's edge in lon/lat does not
 * bend a geodesic edge), so an edge along a parallel comes out of the first `union` as one
 * long edge again. The model therefore densifies each overlay result it keeps, returns or measures
 * ({@link shortEdged}), so that an area it reports is the `areaKm2` of the geometry it returns.
 * Without that step, seeded random 0.5° tilings break "after − before = gained − lost" by 6.6e-4
 * (relative) whatever the input step; with it, by at most 8e-9.
 */
export const MODEL_STEP_DEG = 0.005;

/**
 * An overlay result with every edge cut back to at most {@link MODEL_STEP_DEG} (see there):
 * the form in which the model keeps, returns and measures geometry. A new geometry; the
 * argument is not modified.
 */
export function shortEdged(geometry: MultiPolygon): MultiPolygon {
  return densify(geometry, MODEL_STEP_DEG);
}

/**
 * The largest overlap (m²) between two areas of `areaAM2` and `areaBM2` that counts as
 * rounding. Polygons that only share a border can still intersect in zero-width slivers
 * where the overlay's straight lon/lat edges and the geodesic edges of the area part company;
 * those slivers grow with the length of the shared border, so the default scales with the
 * areas: max(1 m², 1e-9 of their sum), about 13 m² for two halves of 13,000 km².
 * An explicit `toleranceM2` replaces the default.
 */
export function overlapToleranceM2(areaAM2: number, areaBM2: number, toleranceM2?: number): number {
  // One rule for the model and for `validate`'s CONTROLLER_OVERLAP finding.
  return overlapTolerance(areaAM2, areaBM2, toleranceM2);
}

/** Pseudo-controller standing for ground that no controller of a snapshot holds. */
export const NONE = '(none)';

const EMPTY: MultiPolygon = Object.freeze({ type: 'MultiPolygon', coordinates: Object.freeze([]) as unknown as Position[][][] }) as MultiPolygon;

/** Each polygon of a packed ground with the box of its outer ring. */
function boxedPolygons(boxes: Float64Array): { box: BBox }[] {
  return Array.from({ length: boxes.length / 4 }, (_, k) => ({ box: boxAt(boxes, k) }));
}

/** The box of all of a packed ground's polygons. */
function boxOfAll(boxes: Float64Array): BBox {
  const out: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (let k = 0; k < boxes.length; k += 4) {
    out[0] = Math.min(out[0], boxes[k]!);
    out[1] = Math.min(out[1], boxes[k + 1]!);
    out[2] = Math.max(out[2], boxes[k + 2]!);
    out[3] = Math.max(out[3], boxes[k + 3]!);
  }
  return out;
}

/** Bounding box [west, south, east, north] of a geometry (Infinity/−Infinity when empty). */
export function bboxOf(geometry: Areal): BBox {
  return outerRingsBox(polygonRings(geometry, 'ControlSnapshot'));
}

/**
 * Checks that a value is a GeoJSON Polygon or MultiPolygon with closed rings of at least four
 * finite positions in range, throwing `code` with `where` naming the bad element
 * (e.g. `controllers[1].geometry.coordinates[0][0][3]`).
 */
export function checkAreal(value: unknown, where: string, code: 'INVALID_SNAPSHOT' | 'INVALID_ARGUMENT'): asserts value is Areal {
  const fail = (message: string, at: string): never => {
    throw new FrontlineError(code, `${message} at ${at}`, { where: at });
  };
  if (typeof value !== 'object' || value === null) fail('geometry is missing', where);
  const g = value as { type?: unknown; coordinates?: unknown };
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') {
    fail(`geometry must be a Polygon or MultiPolygon, got ${describeValue(g.type)}`, `${where}.type`);
  }
  const checkRing = (ring: unknown, at: string): void => {
    if (!Array.isArray(ring) || ring.length < 4) fail('ring must be an array of at least 4 positions', at);
    const r = ring as unknown[];
    r.forEach((p, i) => {
      const pos = p as unknown[];
      if (
        !Array.isArray(pos) ||
        pos.length < 2 ||
        typeof pos[0] !== 'number' ||
        typeof pos[1] !== 'number' ||
        !Number.isFinite(pos[0]) ||
        !Number.isFinite(pos[1])
      ) {
        fail('position must be [longitude, latitude] with finite numbers', `${at}[${i}]`);
      }
      if (Math.abs(pos[0] as number) > 180 || Math.abs(pos[1] as number) > 90)
        fail(`position [${describeValue(pos[0])}, ${describeValue(pos[1])}] is outside [-180, 180] × [-90, 90]`, `${at}[${i}]`);
    });
    const first = r[0] as number[],
      last = r[r.length - 1] as number[];
    if (first[0] !== last[0] || first[1] !== last[1]) fail('ring is not closed (first and last positions differ)', at);
  };
  const checkPolygon = (rings: unknown, at: string): void => {
    if (!Array.isArray(rings) || rings.length === 0) fail('polygon must be a non-empty array of rings', at);
    (rings as unknown[]).forEach((ring, i) => checkRing(ring, `${at}[${i}]`));
  };
  if (!Array.isArray(g.coordinates)) fail('coordinates must be an array', `${where}.coordinates`);
  if (g.type === 'Polygon') checkPolygon(g.coordinates, `${where}.coordinates`);
  else (g.coordinates as unknown[]).forEach((poly, i) => checkPolygon(poly, `${where}.coordinates[${i}]`));
  // The overlay would resolve a crossing ring or a stray hole its own way: nothing is repaired
  // silently, so such a geometry is refused, with the place, for `repair` to fix in the open.
  const [problem] = polygonErrors(g as Areal);
  if (problem) fail(`${problem.message} (${problem.code}; repair resolves it and reports the area it changes)`, `${where}.${problem.path}`);
}

/** What one controller holds in a snapshot. */
export interface ControllerInput {
  /** Who holds the ground, e.g. a state or an armed force. Unique within the snapshot. */
  controller: string;
  geometry: Polygon | MultiPolygon;
  notes?: string;
  /**
   * Where the controller's ground could lie when the lines it was cut with are uncertain:
   * `inner` ⊆ `geometry` ⊆ `outer` (see `UncertainArea`). Without it the geometry is exact.
   */
  bounds?: { inner: Polygon | MultiPolygon; outer: Polygon | MultiPolygon };
}

/** Everything that defines a snapshot. */
export interface ControlSnapshotInput {
  id: string;
  /** Day the snapshot describes, `YYYY-MM-DD`. */
  date: string;
  label: string;
  sources: string[];
  notes?: string;
  /** How far the lines can be trusted. */
  accuracy?: string;
  controllers: ControllerInput[];
  /**
   * True when the controllers together cover the same ground wherever their uncertain
   * boundaries lie (one of them is the rest of a fixed area of interest, say): the coverage is
   * then exact ({@link ControlSnapshot.uncertainCoverage}). Default false: the coverage is only
   * known to lie between the union of the inner bounds and that of the outer ones.
   */
  coverageExact?: boolean;
}

export interface ControlSnapshotOptions {
  /**
   * Largest overlap (m²) between two controllers accepted as rounding; default
   * max(1 m², 1e-9 of the two controllers' areas), see {@link overlapToleranceM2}.
   */
  overlapToleranceM2?: number;
}

/** One pair of controllers claiming the same ground. */
export interface SnapshotOverlap {
  controllers: [string, string];
  areaKm2: number;
}

/** Thrown (code `SNAPSHOT_OVERLAP`) when controllers of a snapshot overlap; lists every overlapping pair. */
export class SnapshotOverlapError extends FrontlineError {
  readonly snapshot: string;
  readonly overlaps: readonly SnapshotOverlap[];

  constructor(snapshot: string, overlaps: SnapshotOverlap[], toleranceM2: number | undefined) {
    const list = overlaps.map((o) => `"${o.controllers[0]}" and "${o.controllers[1]}" overlap by ${formatKm2(o.areaKm2)} km²`).join('; ');
    super(
      'SNAPSHOT_OVERLAP',
      `snapshot "${snapshot}": controllers ${list} (ellipsoidal; tolerance ${toleranceM2 === undefined ? 'max(1 m², 1e-9 of the two areas)' : `${toleranceM2} m²`})`,
      { where: snapshot },
    );
    this.snapshot = snapshot;
    this.overlaps = overlaps;
  }
}

/** Enough significant digits to check an area to 1e-9 relative from the message alone. */
function formatKm2(km2: number): string {
  return String(Number(km2.toPrecision(10)));
}

interface Held {
  /** The ground, merged and short-edged, packed: a large snapshot is kept at 16 bytes a position. */
  packed: PackedPolygons;
  notes: string | undefined;
  areaKm2: number;
  /** The bounds the input gave; undefined for an exact controller. */
  given: UncertainArea | undefined;
  range: Range;
  /** The ground as GeoJSON and its exact bounds, made on the first request and kept. */
  geometry: MultiPolygon | undefined;
  exact: UncertainArea | undefined;
}

/**
 * Who held which ground on one day. Immutable: the constructor copies and freezes what it
 * keeps, and never writes to its input.
 *
 * Each controller's geometry is normalised with the overlay (`union`), so parts of one
 * controller that overlap each other count once, and kept with edges of at most
 * {@link MODEL_STEP_DEG}. Areas are the kernel's `areaKm2` of that geometry (WGS84, geodesic
 * edges); densify inputs with edges longer than about 0.01° first (see {@link MODEL_STEP_DEG}).
 *
 * `geometry(c)` and `areaKm2(c)` throw `UNKNOWN_CONTROLLER` for a name the snapshot does not
 * list (a misspelt name should not read as "holds nothing"); use `has(c)` to ask first.
 */
export class ControlSnapshot {
  readonly id: string;
  readonly date: string;
  readonly label: string;
  readonly sources: readonly string[];
  readonly notes: string | undefined;
  readonly accuracy: string | undefined;
  private readonly held: ReadonlyMap<string, Held>;
  private readonly coverageExact: boolean;
  private coverageCache: MultiPolygon | undefined;
  private uncertainCoverageCache: UncertainArea | undefined;

  /**
   * @throws FrontlineError `INVALID_SNAPSHOT` (with `where`, e.g. `controllers[2].controller`)
   *   on a bad id, date, name or geometry; {@link SnapshotOverlapError} (`SNAPSHOT_OVERLAP`)
   *   when two controllers share more than `overlapToleranceM2` of ground.
   */
  constructor(input: ControlSnapshotInput, options: ControlSnapshotOptions = {}) {
    const bad = (message: string, where: string): never => {
      throw new FrontlineError('INVALID_SNAPSHOT', `snapshot ${describeValue(input?.id ?? '?')}: ${message}`, { where });
    };
    if (typeof input !== 'object' || input === null) bad('input must be an object', 'snapshot');
    if (typeof input.id !== 'string' || input.id.trim() === '') bad('id must be a non-empty string', 'id');
    if (!isIsoDate(input.date)) bad(`date ${describeValue(input.date)} is not a real date written YYYY-MM-DD`, 'date');
    if (typeof input.label !== 'string') bad('label must be a string', 'label');
    if (!Array.isArray(input.sources) || input.sources.some((s) => typeof s !== 'string')) bad('sources must be an array of strings', 'sources');
    if (input.notes !== undefined && typeof input.notes !== 'string') bad('notes must be a string', 'notes');
    if (input.accuracy !== undefined && typeof input.accuracy !== 'string') bad('accuracy must be a string', 'accuracy');
    if (input.coverageExact !== undefined && typeof input.coverageExact !== 'boolean') bad('coverageExact must be a boolean', 'coverageExact');
    if (!Array.isArray(input.controllers)) bad('controllers must be an array', 'controllers');
    const tolerance = options.overlapToleranceM2;
    if (tolerance !== undefined && (typeof tolerance !== 'number' || !Number.isFinite(tolerance) || tolerance < 0)) {
      throw new FrontlineError('INVALID_ARGUMENT', `overlapToleranceM2 must be a finite number ≥ 0, got ${describeValue(tolerance)}`);
    }

    const held = new Map<string, Held>();
    input.controllers.forEach((entry, i) => {
      const at = `controllers[${i}]`;
      if (typeof entry !== 'object' || entry === null) bad('controller entry must be an object', at);
      const name = entry.controller;
      if (typeof name !== 'string' || name.trim() === '') bad('controller name must be a non-empty string', `${at}.controller`);
      if (name === NONE) bad(`"${NONE}" is reserved for ground nobody holds`, `${at}.controller`);
      if (held.has(name)) bad(`controller "${name}" is listed twice`, `${at}.controller`);
      if (entry.notes !== undefined && typeof entry.notes !== 'string') bad('notes must be a string', `${at}.notes`);
      let ground: Ground;
      let geometry: MultiPolygon | undefined;
      const made = prepared.get(entry.geometry);
      if (made) ground = made;
      else if (normalised.has(entry.geometry)) {
        geometry = entry.geometry as MultiPolygon;
        ground = { packed: packPolygons(polygonRings(geometry, 'ControlSnapshot')), areaKm2: areaKm2(geometry) };
      } else {
        checkAreal(entry.geometry, `${at}.geometry`, 'INVALID_SNAPSHOT');
        ground = normalise(partsOf(entry.geometry));
      }
      const km2 = ground.areaKm2;
      let given: UncertainArea | undefined;
      if (entry.bounds !== undefined) {
        geometry ??= materialise(ground.packed);
        given = checkedBounds(entry.bounds, geometry, km2, `${at}.bounds`, bad);
      }
      held.set(name, {
        packed: ground.packed,
        notes: entry.notes,
        areaKm2: km2,
        given,
        range: given ? areaRange(given, km2) : exactRange(km2),
        geometry,
        exact: undefined,
      });
    });

    const names = [...held.keys()];
    const overlaps: SnapshotOverlap[] = [];
    // Each polygon's box, wanted only here: the overlap check.
    const polygonBoxes = names.map((n) => packedPolygonBoxes(held.get(n)!.packed));
    const boxes = polygonBoxes.map(boxOfAll);
    // A controller's polygons boxed for facingPolygons, once, and only if some pair needs them.
    const boxed: { box: BBox }[][] = [];
    const boxedAt = (k: number) => (boxed[k] ??= boxedPolygons(polygonBoxes[k]!));
    for (let i = 0; i < names.length; i++) {
      for (let j = i + 1; j < names.length; j++) {
        if (!boxesOverlap(boxes[i]!, boxes[j]!)) continue;
        const a = held.get(names[i]!)!,
          b = held.get(names[j]!)!;
        // Only polygons whose boxes meet can share ground: a controller's far-off polygons
        // would make each pair's overlay as large as the two controllers together.
        const near = facingPolygons([boxedAt(i), boxedAt(j)]).get(1);
        if (near === undefined) continue;
        const pick = (h: Held, polygons: number[]): MultiPolygon => ({ type: 'MultiPolygon', coordinates: unpackPolygons(h.packed, polygons) });
        const km2 = areaKm2(shortEdged(intersection(pick(a, near[0]), pick(b, near[1]))));
        if (km2 * 1e6 > overlapToleranceM2(a.areaKm2 * 1e6, b.areaKm2 * 1e6, tolerance)) overlaps.push({ controllers: [names[i]!, names[j]!], areaKm2: km2 });
      }
    }
    if (overlaps.length > 0) throw new SnapshotOverlapError(input.id, overlaps, tolerance);

    this.id = input.id;
    this.date = input.date;
    this.label = input.label;
    this.sources = Object.freeze([...input.sources]);
    this.notes = input.notes;
    this.accuracy = input.accuracy;
    this.held = held;
    this.coverageExact = input.coverageExact === true;
  }

  /**
   * Builds a snapshot from a FeatureCollection whose features carry `properties.controller`
   * (the shape {@link ControlSnapshot.toFeatureCollection} writes). Several features of one
   * controller are merged; a feature's `properties.notes` becomes the controller's notes.
   *
   * @throws FrontlineError `INVALID_SNAPSHOT` naming the feature (e.g. `features[3].properties.controller`).
   */
  static fromFeatureCollection(
    collection: FeatureCollection,
    meta: Omit<ControlSnapshotInput, 'controllers'>,
    options: ControlSnapshotOptions = {},
  ): ControlSnapshot {
    if (typeof collection !== 'object' || collection === null || collection.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
      throw new FrontlineError('INVALID_SNAPSHOT', `snapshot ${describeValue(meta?.id)}: expected a GeoJSON FeatureCollection`, { where: 'features' });
    }
    return ControlSnapshot.fromFeatures(collection.features, meta, options);
  }

  /**
   * {@link ControlSnapshot.fromFeatureCollection} from the features alone, taken one at a time
   * (as a reader of a large file gives them): each is checked when it comes, and only its
   * geometry is kept.
   *
   * @throws FrontlineError `INVALID_SNAPSHOT` naming the feature (e.g. `features[3].properties.controller`).
   */
  static fromFeatures(features: Iterable<unknown>, meta: Omit<ControlSnapshotInput, 'controllers'>, options: ControlSnapshotOptions = {}): ControlSnapshot {
    const byName = new Map<string, { packer: PolygonPacker | undefined; notes?: string; single?: boolean }>();
    let i = 0;
    for (const f of features as Iterable<Feature | null | undefined>) {
      const name = f?.properties?.controller;
      if (typeof name !== 'string' || name.trim() === '') {
        throw new FrontlineError('INVALID_SNAPSHOT', `snapshot ${describeValue(meta?.id)}: feature ${i} has no properties.controller`, {
          where: `features[${i}].properties.controller`,
        });
      }
      const geometry = f!.geometry;
      checkAreal(geometry, `features[${i}].geometry`, 'INVALID_SNAPSHOT');
      // Packed as it comes, so that the parsed feature can go: a large file is never held as GeoJSON.
      const entry = byName.get(name) ?? { packer: new PolygonPacker() };
      // One Polygon feature alone is named as a Polygon in errors, as the constructor names it.
      entry.single = entry.single === undefined && geometry.type === 'Polygon';
      for (const polygon of polygonRings(geometry, 'ControlSnapshot')) entry.packer!.add(polygon);
      if (typeof f!.properties?.notes === 'string') entry.notes = f!.properties.notes;
      byName.set(name, entry);
      i++;
    }
    const controllers: ControllerInput[] = [...byName].map(([controller, entry]) => {
      // A stand-in the constructor recognises (see `prepared`), carrying the merged ground.
      const token = { type: 'MultiPolygon', coordinates: [] } as MultiPolygon;
      const raw = entry.packer!.finish();
      entry.packer = undefined;
      prepared.set(token, normalise(packedParts(raw, entry.single === true)));
      return { controller, geometry: token, ...(entry.notes === undefined ? {} : { notes: entry.notes }) };
    });
    return new ControlSnapshot({ ...meta, controllers }, options);
  }

  /** Controller names, in the order the input listed them. */
  get controllers(): string[] {
    return [...this.held.keys()];
  }

  has(controller: string): boolean {
    return this.held.has(controller);
  }

  /** The ground `controller` holds, as a frozen MultiPolygon (possibly with no polygons), edges at most {@link MODEL_STEP_DEG}. */
  geometry(controller: string): MultiPolygon {
    return geometryOf(this.entry(controller));
  }

  /** Area `controller` holds, km²: `areaKm2(geometry(controller))` (ellipsoidal, geodesic edges). */
  areaKm2(controller: string): number {
    return this.entry(controller).areaKm2;
  }

  /**
   * The ground `controller` holds with its bounds: `inner` (held wherever the uncertain lines
   * lie), `geometry` (as drawn) and `outer` (could be held). For a controller given without
   * bounds, all three are `geometry(controller)`.
   */
  uncertain(controller: string): UncertainArea {
    return boundsOf(this.entry(controller));
  }

  /**
   * The smallest and largest area `controller` could hold, km², with `value` = `areaKm2(controller)`:
   * the areas of {@link ControlSnapshot.uncertain}'s bounds (widened by rounding to include the
   * value). Zero width for a controller given without bounds.
   */
  areaRangeKm2(controller: string): Range {
    return this.entry(controller).range;
  }

  /** Notes attached to one controller's entry, if any. */
  controllerNotes(controller: string): string | undefined {
    return this.entry(controller).notes;
  }

  /** All ground some controller holds (frozen MultiPolygon). */
  coverage(): MultiPolygon {
    if (!this.coverageCache) {
      const parts = [...this.held.values()].map(geometryOf);
      this.coverageCache = deepFreeze(parts.length === 0 ? { type: 'MultiPolygon', coordinates: [] } : shortEdged(union(parts[0]!, ...parts.slice(1))));
    }
    return this.coverageCache;
  }

  /**
   * All ground some controller holds, with its bounds: exact when the snapshot was built with
   * `coverageExact` or no controller has bounds; otherwise between the union of the controllers'
   * inner bounds and that of their outer bounds.
   */
  uncertainCoverage(): UncertainArea {
    if (!this.uncertainCoverageCache) {
      const held = [...this.held.values()];
      this.uncertainCoverageCache =
        this.coverageExact || held.every((h) => h.given === undefined)
          ? exactArea(this.coverage())
          : uncertainSetOperation('union', held.map(boundsOf), this.coverage());
    }
    return this.uncertainCoverageCache;
  }

  /**
   * One feature per controller (input order), geometry copied so the caller may change it,
   * properties `{ controller, date, snapshot, areaKm2, method: 'ellipsoidal', notes? }`.
   */
  toFeatureCollection(): FeatureCollection<MultiPolygon> {
    return {
      type: 'FeatureCollection',
      features: [...this.held].map(([controller, h]) => ({
        type: 'Feature',
        properties: {
          controller,
          date: this.date,
          snapshot: this.id,
          areaKm2: h.areaKm2,
          method: 'ellipsoidal',
          ...(h.notes === undefined ? {} : { notes: h.notes }),
        },
        geometry: structuredClone(geometryOf(h)) as MultiPolygon,
      })),
    };
  }

  private entry(controller: string): Held {
    const found = this.held.get(controller);
    if (!found) {
      throw new FrontlineError(
        'UNKNOWN_CONTROLLER',
        `snapshot "${this.id}" has no controller "${controller}" (controllers: ${this.controllers.join(', ') || 'none'})`,
        { where: this.id },
      );
    }
    return found;
  }
}

/**
 * Checks a controller's bounds like its geometry, and that they hold it: inner ⊆ geometry ⊆
 * outer. The bounds are kept as inner ∩ geometry and outer ∪ geometry (one overlay each, which
 * also normalises them), so that they hold it exactly; what that clipping changes must be
 * rounding, at most 1 m² plus 1e-6 of the geometry's area, or the bounds are refused.
 */
function checkedBounds(
  bounds: NonNullable<ControllerInput['bounds']>,
  geometry: MultiPolygon,
  km2: number,
  where: string,
  bad: (message: string, where: string) => never,
): UncertainArea {
  if (typeof bounds !== 'object' || bounds === null) bad('bounds must be an object { inner, outer }', where);
  const toleranceKm2 = 1e-6 + 1e-6 * km2;
  const side = (key: 'inner' | 'outer'): MultiPolygon => {
    const raw = bounds[key];
    checkAreal(raw, `${where}.${key}`, 'INVALID_SNAPSHOT');
    const kept = deepFreeze(shortEdged(key === 'inner' ? intersection(raw, geometry) : union(raw, geometry)));
    const rawKm2 = areaKm2(shortEdged(raw.type === 'MultiPolygon' ? raw : { type: 'MultiPolygon', coordinates: [raw.coordinates] }));
    const changedKm2 = Math.abs(areaKm2(kept) - rawKm2);
    if (changedKm2 > toleranceKm2) {
      bad(
        `bounds.${key} ${key === 'inner' ? 'reaches outside' : 'leaves out part of'} the geometry (by about ${formatKm2(changedKm2)} km²): bounds must hold inner ⊆ geometry ⊆ outer`,
        `${where}.${key}`,
      );
    }
    return kept;
  };
  return { geometry, inner: side('inner'), outer: side('outer') };
}

/** The geometry a snapshot gives a controller, or an empty MultiPolygon when it does not list it. */
export function heldBy(snapshot: ControlSnapshot, controller: string): MultiPolygon {
  return snapshot.has(controller) ? snapshot.geometry(controller) : EMPTY;
}

function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const t = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  t.setUTCFullYear(y, m - 1, d);
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/**
 * Geometry this module made (a controller's ground as GeoJSON): already valid, merged and
 * short-edged, so the constructor takes it as it is instead of checking and overlaying it a
 * second time. A WeakSet of objects made here, so nothing from outside can claim to be normalised.
 */
const normalised = new WeakSet<object>();

/** A controller's ground, merged and short-edged, packed, with its area. */
interface Ground {
  packed: PackedPolygons;
  areaKm2: number;
}

/**
 * Grounds `fromFeatures` merged from a file's features as they came, keyed by the stand-in
 * geometry it hands the constructor; made here only, so nothing from outside can skip the checks.
 */
const prepared = new WeakMap<object, Ground>();

/**
 * The polygons of a controller's ground before it is merged: their boxes, the polygons of a
 * group as GeoJSON, and whether the input was one Polygon (errors then name its rings).
 */
interface Parts {
  boxes: Float64Array;
  polygons: (group: number[]) => Position[][][];
  single: boolean;
}

/** A geometry as given: its own arrays, nothing copied. */
function partsOf(geometry: Areal): Parts {
  const list = polygonRings(geometry, 'ControlSnapshot');
  const boxes = new Float64Array(4 * list.length);
  list.forEach((polygon, k) => boxes.set(outerRingsBox([polygon]), 4 * k));
  return { boxes, polygons: (group) => group.map((k) => list[k]!), single: geometry.type === 'Polygon' };
}

/** Polygons packed as a file's features came. */
function packedParts(raw: PackedPolygons, single: boolean): Parts {
  return { boxes: packedPolygonBoxes(raw), polygons: (group) => unpackPolygons(raw, group), single };
}

/**
 * A controller's ground as a snapshot keeps it: merged by the overlay, short-edged. Only
 * polygons whose boxes come within a grid step of each other can merge (the overlay rounds to
 * its grid first), so each such group is overlaid on its own: the
 * overlay of a large file then never holds more than one group, and far-apart polygons never
 * share a sweep. The area is summed polygon by polygon in the order of the result, as
 * `areaKm2` sums the MultiPolygon, so it is the same number.
 */
function normalise(parts: Parts): Ground {
  const out = new PolygonPacker();
  let m2 = 0;
  for (const group of touchingGroups(parts.boxes, GRID_DEG)) {
    const merged = shortEdged(mergedGroup(parts, group));
    for (const polygon of merged.coordinates) {
      out.add(polygon);
      m2 += area({ type: 'Polygon', coordinates: polygon });
    }
  }
  return { packed: out.finish(), areaKm2: m2 / 1e6 };
}

/**
 * The union of one group of a ground's polygons. An error the overlay raises names a polygon of
 * the group; it is renamed as the polygon of the whole input (`coordinates[k]`, or for a
 * Polygon input its rings `coordinates[r]`), as the overlay of the whole would have named it.
 */
function mergedGroup({ polygons, single }: Parts, group: number[]): MultiPolygon {
  try {
    return union({ type: 'MultiPolygon', coordinates: polygons(group) });
  } catch (error) {
    const at = isFrontlineError(error) ? /^coordinates\[(\d+)\]/.exec(error.where ?? '') : null;
    if (!isFrontlineError(error) || !at) throw error;
    const polygon = group[Number(at[1])]!;
    const rest = error.where!.slice(at[0].length);
    const where = single ? `coordinates${rest}` : `coordinates[${polygon}]${rest}`;
    throw new FrontlineError(error.code, error.message.split(error.where!).join(where), { where, cause: error });
  }
}

/** A packed ground as a frozen MultiPolygon the constructor accepts as normalised. */
function materialise(packed: PackedPolygons): MultiPolygon {
  const out = deepFreeze<MultiPolygon>({ type: 'MultiPolygon', coordinates: unpackPolygons(packed) });
  normalised.add(out);
  return out;
}

function geometryOf(h: Held): MultiPolygon {
  h.geometry ??= materialise(h.packed);
  return h.geometry;
}

function boundsOf(h: Held): UncertainArea {
  if (h.given) return h.given;
  h.exact ??= exactArea(geometryOf(h));
  return h.exact;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * A snapshot by id, or by date: a date (YYYY-MM-DD) that no snapshot has as its id gives the
 * snapshot in force that day, the latest one dated on or before it.
 *
 * @throws FrontlineError `UNKNOWN_SNAPSHOT` naming the snapshots there are (and their dates,
 *   when a date falls before the first of them).
 */
export function findSnapshot(snapshots: readonly ControlSnapshot[], idOrDate: string): ControlSnapshot {
  const byId = snapshots.find((s) => s.id === idOrDate);
  if (byId) return byId;
  if (isIsoDate(idOrDate)) {
    let inForce: ControlSnapshot | undefined;
    for (const s of snapshots) if (s.date <= idOrDate && (!inForce || s.date >= inForce.date)) inForce = s;
    if (inForce) return inForce;
    const first = snapshots.reduce<string | undefined>((d, s) => (d === undefined || s.date < d ? s.date : d), undefined);
    throw new FrontlineError('UNKNOWN_SNAPSHOT', `no snapshot in force on ${idOrDate}: the first is dated ${first ?? '(none)'}`, { where: idOrDate });
  }
  throw new FrontlineError(
    'UNKNOWN_SNAPSHOT',
    `no snapshot "${idOrDate}" (snapshots: ${snapshots.map((s) => s.id).join(', ') || 'none'}; or give a date, YYYY-MM-DD)`,
    { where: idOrDate },
  );
}
