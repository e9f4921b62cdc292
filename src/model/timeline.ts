/**
 * Timelines: a dated series of control snapshots, and what each controller held, gained and
 * lost from one snapshot to the next.
 *
 * A timeline is read as a stream: each snapshot is measured, compared with the one before,
 * and dropped once the next has been compared with it, so memory does not grow with the
 * length of the series. Snapshots are GeoJSON (a FeatureCollection, a Feature or a bare
 * geometry) or TopoJSON, in one of two shapes:
 *
 * - single-controller: every polygon belongs to one controller (a map of the ground one side
 *   holds, such as DeepStateMap's daily files);
 * - multi-controller: a feature property (default `controller`) names who holds each
 *   polygon; in TopoJSON without that property, each object (layer) is one controller.
 *
 * Areas are the kernel's `area` (WGS84, geodesic edges). Gained and lost ground is the planar
 * lon/lat overlay of consecutive snapshots, as `difference` computes it, measured with the same
 * `area`; the overlay is worked out from the stretches of boundary that changed
 * (`boundaryChange`, kernel/change.ts), and every step is checked: gained − lost must equal
 * the difference of the two areas, each measured in full. A step that fails the check is
 * computed again with the full overlay and reported in `fallbacks`.
 */
import type { Feature, Geometry, MultiPolygon, Position } from 'geojson';
import type { Topology } from 'topojson-specification';
import { feature as topoFeature } from 'topojson-client';
import { FrontlineError } from '../errors.js';
import { area } from '../kernel/area.js';
import { refuseAntimeridian } from '../kernel/antimeridian.js';
import { boundaryChange, indexBoundary, type BoundaryChange, type BoundaryIndex } from '../kernel/change.js';
import { difference } from '../kernel/overlay.js';
import { transformProblem } from './layer.js';
import { overlapToleranceM2 } from './snapshot.js';

/** Name given to the one controller of single-controller snapshots when none is chosen. */
export const DEFAULT_TIMELINE_CONTROLLER = 'held';

/** One snapshot of a timeline, as read from a file or received from elsewhere. */
export interface TimelineSource {
  /** Where it came from (a file name): searched for a date, and named in every error. */
  name?: string;
  /** Day it describes, `YYYY-MM-DD` or `YYYYMMDD`; else taken from `name`, else from the data. */
  date?: string;
  /** A GeoJSON FeatureCollection, Feature or geometry, or a TopoJSON Topology (parsed JSON). */
  data: unknown;
}

/** The areas a run is measured from (the first snapshot of the series), km² by controller. */
export interface TimelineBaseline {
  date: string;
  areasKm2: Record<string, number>;
}

export interface TimelineOptions {
  /** Feature property naming the controller in multi-controller snapshots; default `controller`. */
  controllerProperty?: string;
  /**
   * Follow this controller only: in multi-controller snapshots only its features are read
   * (it holds nothing on a date none of them name); in single-controller snapshots it names
   * their one controller (default {@link DEFAULT_TIMELINE_CONTROLLER}).
   */
  controller?: string;
  /** Property (of the collection, or of its first feature) holding the date when `name` has none; default `date`. */
  dateProperty?: string;
  /**
   * Accept a snapshot with no polygons, or without the followed controller, as holding nothing
   * that day (each is named in the step's `warnings`). Default false: either is an error,
   * since it usually means a wrong file or a wrong name, and would read as "lost everything".
   */
  allowEmpty?: boolean;
  /** Return the gained and lost ground of every step as GeoJSON features; default false. */
  changes?: boolean;
  /**
   * Areas at the series' first date, for a run over a later range of it (one date range of
   * a parallel run): `cumulativeNetKm2` is measured from them. Default: this run's first snapshot.
   */
  baseline?: TimelineBaseline;
  /**
   * The first snapshot only serves as the one the second is compared with: no step is yielded
   * for it (a later date range starts on the last snapshot of the range before). Default false.
   */
  firstIsPrevious?: boolean;
}

/** One controller on one date; areas in km², WGS84 ellipsoid, geodesic edges. */
export interface TimelineRow {
  /** `YYYY-MM-DD`. */
  date: string;
  controller: string;
  areaKm2: number;
  /** Held now, not on the previous date; null on the first date. */
  gainedKm2: number | null;
  /** Held on the previous date, not now; null on the first date. */
  lostKm2: number | null;
  /** areaKm2 minus the previous date's; null on the first date. */
  netKm2: number | null;
  /** areaKm2 minus the area on the series' first date (0 there). */
  cumulativeNetKm2: number;
}

/** A step whose fast result failed the check and was computed again with the full overlay. */
export interface TimelineFallback {
  date: string;
  previousDate: string;
  controller: string;
  /** Why the fast result was not used. */
  reason: string;
  /** (gained − lost) − (area − previous area) of the result kept, km². */
  residualKm2: number;
  toleranceKm2: number;
  /** False when the full overlay fails the check too (the inputs are then likely invalid). */
  resolved: boolean;
}

/** Properties of a change feature. */
export interface TimelineChangeProperties {
  controller: string;
  change: 'gained' | 'lost';
  /** Previous date, `YYYY-MM-DD`. */
  from: string;
  /** Date of the step, `YYYY-MM-DD`. */
  to: string;
  areaKm2: number;
  method: 'ellipsoidal';
}

export type TimelineChange = Feature<MultiPolygon, TimelineChangeProperties>;

/** One date of the series: a row per controller, and what changed since the previous date. */
export interface TimelineStep {
  date: string;
  /** Null for the series' first date. */
  previousDate: string | null;
  /** The source's name, if it had one. */
  name: string | undefined;
  /** One per controller held on this or the previous date (or the one followed), sorted by name. */
  rows: TimelineRow[];
  /** Gained and lost ground as features (only with `changes: true`); empty parts left out. */
  changes: TimelineChange[];
  fallbacks: TimelineFallback[];
  /** What was accepted on this date that a reader should know (see `allowEmpty`). */
  warnings: string[];
  /** Whether this snapshot named its controllers (multi-controller). */
  keyed: boolean;
  /** Boundary edges not shared with the previous snapshot, all controllers together. */
  changedEdges: number;
}

/** A whole timeline, gathered from {@link timelineSteps}. */
export interface Timeline {
  method: 'ellipsoidal';
  /** Rows of every step, in date order, controllers sorted by name within a date. */
  rows: TimelineRow[];
  /** Every controller seen, sorted by name. */
  controllers: string[];
  /** True when every snapshot was single-controller, or one controller was followed. */
  singleController: boolean;
  snapshots: number;
  /** Steps computed again with the full overlay (empty when the fast path held throughout). */
  fallbacks: TimelineFallback[];
  /** Only with `changes: true`. */
  changes: TimelineChange[];
}

/** A snapshot's polygons, grouped by controller. */
export interface TimelineSnapshot {
  date: string;
  name: string;
  /** Controller → everything it holds (the polygons of all its features, not unioned). */
  controllers: Map<string, MultiPolygon>;
  /** Controller → area held, m² (the kernel's `area`, feature by feature, summed). */
  areasM2: Map<string, number>;
  keyed: boolean;
  /** What was accepted that a reader should know (an empty snapshot, an absent controller). */
  warnings: string[];
  /** Controller → how many features its polygons came from. */
  featureCounts: Map<string, number>;
}

interface Held {
  geometry: MultiPolygon;
  areaM2: number;
  index: BoundaryIndex;
}

const EMPTY: MultiPolygon = Object.freeze({ type: 'MultiPolygon', coordinates: [] }) as MultiPolygon;

function emptyHeld(): Held {
  const geometry: MultiPolygon = { type: 'MultiPolygon', coordinates: [] };
  return { geometry, areaM2: 0, index: indexBoundary(geometry) };
}

/**
 * Steps through a timeline, one step per snapshot, holding only the previous snapshot.
 *
 * @param sources snapshots in increasing date order, sync or async (files being read, say)
 * @param options see {@link TimelineOptions}
 * @returns an async generator of {@link TimelineStep}s; the first has null gained, lost and net
 * @throws FrontlineError `INVALID_TIMELINE` when a snapshot has no date or dates do not
 *   increase; `INVALID_GEOJSON` / `INVALID_SNAPSHOT` for unreadable snapshots (naming the source)
 * @example
 * for await (const step of timelineSteps(files)) console.log(step.date, step.rows[0].areaKm2);
 */
export async function* timelineSteps(
  sources: AsyncIterable<TimelineSource> | Iterable<TimelineSource>,
  options: TimelineOptions = {},
): AsyncGenerator<TimelineStep> {
  let previous: { date: string; name: string; held: Map<string, Held> } | null = null;
  let baseline = options.baseline ? new Map(Object.entries(options.baseline.areasKm2)) : null;
  let position = 0;
  let first: { name: string; keyed: boolean } | null = null;
  for await (const source of sources) {
    const snapshot = readTimelineSnapshot(source, options, position++);
    refuseOverlaps(snapshot, first === null);
    if (first === null) {
      first = { name: snapshot.name, keyed: snapshot.keyed };
    } else if (snapshot.keyed !== first.keyed && snapshot.areasM2.size > 0) {
      const [keyed, plain] = snapshot.keyed ? [snapshot.name, first.name] : [first.name, snapshot.name];
      throw new FrontlineError(
        'INVALID_TIMELINE',
        `${keyed} names the controller of each polygon ("${options.controllerProperty ?? 'controller'}" property or TopoJSON objects) but ${plain} does not: one series mixes two kinds of file, and the unnamed polygons would be credited to one controller`,
        { where: snapshot.name },
      );
    }
    if (previous && snapshot.date <= previous.date) {
      throw new FrontlineError(
        'INVALID_TIMELINE',
        `${snapshot.name} (${snapshot.date}) does not come after ${previous.name} (${previous.date}): snapshots must be in increasing date order, one per date`,
        { where: snapshot.name },
      );
    }
    const held = new Map<string, Held>();
    for (const [controller, geometry] of snapshot.controllers) {
      held.set(controller, { geometry, areaM2: snapshot.areasM2.get(controller)!, index: indexBoundary(geometry, previous?.held.get(controller)?.index) });
    }
    if (!baseline) baseline = new Map([...held].map(([c, h]) => [c, h.areaM2 / 1e6]));
    if (options.firstIsPrevious && previous === null) {
      previous = { date: snapshot.date, name: snapshot.name, held };
      continue;
    }
    const names = options.controller !== undefined ? [options.controller] : sortedUnion(previous?.held.keys(), held.keys());
    const step: TimelineStep = {
      date: snapshot.date,
      previousDate: previous?.date ?? null,
      name: source.name,
      rows: [],
      changes: [],
      fallbacks: [],
      warnings: snapshot.warnings,
      keyed: snapshot.keyed,
      changedEdges: 0,
    };
    for (const controller of names) {
      const after = held.get(controller) ?? emptyHeld();
      const areaKm2 = after.areaM2 / 1e6;
      const cumulativeNetKm2 = areaKm2 - (baseline.get(controller) ?? 0);
      if (!previous) {
        step.rows.push({ date: snapshot.date, controller, areaKm2, gainedKm2: null, lostKm2: null, netKm2: null, cumulativeNetKm2 });
        continue;
      }
      const before = previous.held.get(controller) ?? emptyHeld();
      const change = changeBetween(before, after);
      if (change.fallback && !change.fallback.resolved) throw unresolved(controller, snapshot, previous.name, change.fallback);
      step.changedEdges += change.changedEdges;
      if (change.fallback) step.fallbacks.push({ date: snapshot.date, previousDate: previous.date, controller, ...change.fallback });
      step.rows.push({
        date: snapshot.date,
        controller,
        areaKm2,
        gainedKm2: change.gainedM2 / 1e6,
        lostKm2: change.lostM2 / 1e6,
        netKm2: areaKm2 - before.areaM2 / 1e6,
        cumulativeNetKm2,
      });
      if (options.changes) {
        for (const [kind, geometry, m2] of [['gained', change.gained, change.gainedM2], ['lost', change.lost, change.lostM2]] as const) {
          if (geometry.coordinates.length === 0) continue;
          step.changes.push({
            type: 'Feature',
            properties: { controller, change: kind, from: previous.date, to: snapshot.date, areaKm2: m2 / 1e6, method: 'ellipsoidal' },
            geometry,
          });
        }
      }
    }
    yield step;
    previous = { date: snapshot.date, name: snapshot.name, held };
  }
}

/**
 * A whole timeline in memory: every row (and, with `changes: true`, every change feature).
 * Same arguments as {@link timelineSteps}; rows are small, but change geometry is not, so
 * long series with `changes` are better streamed with {@link timelineSteps}.
 *
 * @example
 * const t = await computeTimeline([{ date: '2024-07-08', data: day1 }, { date: '2024-07-09', data: day2 }]);
 * t.rows[1].gainedKm2; // ground held on 9 July and not on 8 July, km²
 */
export async function computeTimeline(
  sources: AsyncIterable<TimelineSource> | Iterable<TimelineSource>,
  options: TimelineOptions = {},
): Promise<Timeline> {
  const rows: TimelineRow[] = [];
  const fallbacks: TimelineFallback[] = [];
  const changes: TimelineChange[] = [];
  const controllers = new Set<string>();
  let snapshots = 0;
  let keyed = false;
  for await (const step of timelineSteps(sources, options)) {
    snapshots++;
    keyed ||= step.keyed;
    for (const row of step.rows) {
      rows.push(row);
      controllers.add(row.controller);
    }
    fallbacks.push(...step.fallbacks);
    changes.push(...step.changes);
  }
  return {
    method: 'ellipsoidal',
    rows,
    controllers: [...controllers].sort(compareNames),
    singleController: options.controller !== undefined || !keyed,
    snapshots,
    fallbacks,
    changes,
  };
}

interface Change {
  gained: MultiPolygon;
  lost: MultiPolygon;
  gainedM2: number;
  lostM2: number;
  changedEdges: number;
  fallback: Omit<TimelineFallback, 'date' | 'previousDate' | 'controller'> | null;
}

/**
 * Gained and lost ground from the boundary change, checked against the two areas measured in
 * full; when the check fails, from the full overlay instead (and said so).
 */
function changeBetween(before: Held, after: Held): Change {
  const expected = after.areaM2 - before.areaM2;
  let fast: BoundaryChange | undefined;
  let reason = '';
  try {
    fast = boundaryChange(before.index, after.index);
  } catch (error) {
    if (!(error instanceof FrontlineError)) throw error;
    reason = error.message;
  }
  const base = overlapToleranceM2(before.areaM2, after.areaM2);
  // The bow of the edges cut (see BoundaryChange.cutToleranceM2), but never more than the
  // ground that changed: a residual as large as the step itself means the step is wrong,
  // however long its edges.
  const toleranceFor = (gainedM2: number, lostM2: number) => base + Math.min(fast?.cutToleranceM2 ?? 0, gainedM2 + lostM2);
  if (fast && fast.closed) {
    const gainedM2 = area(fast.gained);
    const lostM2 = area(fast.lost);
    const tolerance = toleranceFor(gainedM2, lostM2);
    const residual = gainedM2 - lostM2 - expected;
    if (Math.abs(residual) <= tolerance) {
      return { gained: fast.gained, lost: fast.lost, gainedM2, lostM2, changedEdges: fast.changedEdges, fallback: null };
    }
    reason = `gained − lost from the changed edges is ${formatM2(residual)} m² off the area difference (tolerance ${formatM2(tolerance)} m²)`;
  } else if (fast) {
    reason = 'the changed edges do not close into loops';
  }
  const gained = difference(after.geometry, before.geometry);
  const lost = difference(before.geometry, after.geometry);
  const gainedM2 = area(gained);
  const lostM2 = area(lost);
  const residual = gainedM2 - lostM2 - expected;
  const tolerance = toleranceFor(gainedM2, lostM2);
  return {
    gained,
    lost,
    gainedM2,
    lostM2,
    changedEdges: fast?.changedEdges ?? 0,
    fallback: { reason, residualKm2: residual / 1e6, toleranceKm2: tolerance / 1e6, resolved: Math.abs(residual) <= tolerance },
  };
}

/**
 * A step whose gained and lost ground, even from the full overlay, do not account for the
 * change of the controller's area: its polygons are counted twice somewhere (overlapping
 * features of one controller), or are not valid polygons. The figures would be wrong, so the
 * run stops and names the file.
 */
function unresolved(controller: string, snapshot: TimelineSnapshot, previousName: string, fallback: NonNullable<Change['fallback']>): FrontlineError {
  return new FrontlineError(
    'INVALID_SNAPSHOT',
    `${snapshot.name}: "${controller}" changed area by ${formatM2(fallback.residualKm2 * 1e6)} m² more than the ground it gained and lost since ${previousName}: ` +
      'its polygons overlap (ground counted twice) or are not valid polygons in one of the two files; run frontline validate on both',
    { where: snapshot.name },
  );
}

/**
 * Ground a controller's polygons cover twice would be counted twice in every row (areas are
 * summed feature by feature), so it is an error here, as in a ControlSnapshot. The polygons are
 * united and measured against their summed areas: on the first snapshot for every controller
 * (its parts too), and on later ones for every controller whose ground comes from several
 * features (one feature's parts overlapping each other make an invalid geometry, which the
 * first snapshot and `frontline validate` catch; checking it daily would double the run).
 */
function refuseOverlaps(snapshot: TimelineSnapshot, first: boolean): void {
  for (const [controller, geometry] of snapshot.controllers) {
    if (geometry.coordinates.length < 2) continue;
    if (!first && (snapshot.featureCounts.get(controller) ?? 0) < 2) continue;
    const summed = snapshot.areasM2.get(controller)!;
    // United by winding, as the steps are computed: every input vertex kept, so that a point
    // on a long edge (which the overlay would drop, changing the edge's geodesic bow) does not
    // read as ground covered twice.
    const united = area(boundaryChange(indexBoundary(EMPTY), indexBoundary(geometry)).gained);
    const twice = summed - united;
    if (twice > overlapToleranceM2(summed, united)) {
      throw new FrontlineError(
        'INVALID_SNAPSHOT',
        `${snapshot.name}: the polygons of "${controller}" overlap: ${formatKm2(twice / 1e6)} km² are covered twice (summed ${formatKm2(summed / 1e6)} km², united ${formatKm2(united / 1e6)} km²); ` +
          'merge them into one polygon each (frontline validate shows where)',
        { where: snapshot.name },
      );
    }
  }
}

function formatKm2(km2: number): string {
  return String(Number(km2.toPrecision(6)));
}

function formatM2(m2: number): string {
  return String(Number(m2.toPrecision(6)));
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedUnion(a: Iterable<string> | undefined, b: Iterable<string>): string[] {
  return [...new Set([...(a ?? []), ...b])].sort(compareNames);
}

/**
 * Reads one snapshot of a timeline: its date and its polygons by controller (see the module
 * comment for the shapes understood). Points and lines carry no area and are skipped; the
 * polygons of one controller's features are gathered, not unioned, so they must not overlap.
 *
 * @param source the snapshot and where it came from
 * @param options `controllerProperty`, `controller`, `dateProperty` as in {@link TimelineOptions}
 * @param position its place in the series, for errors when it has no name
 * @throws FrontlineError `INVALID_GEOJSON` when the data is neither GeoJSON nor TopoJSON,
 *   `INVALID_SNAPSHOT` when some features name a controller and others do not,
 *   `INVALID_TIMELINE` when no date can be found
 */
export function readTimelineSnapshot(source: TimelineSource, options: TimelineOptions = {}, position = 0): TimelineSnapshot {
  const name = source?.name ?? `snapshot ${position + 1}`;
  const data = source?.data as { type?: unknown } | null | undefined;
  if (typeof data !== 'object' || data === null) {
    throw new FrontlineError('INVALID_GEOJSON', `${name}: expected a GeoJSON or TopoJSON object`, { where: name });
  }
  const features = featuresOf(data, name);
  const date = snapshotDate(source, data, features, name, options.dateProperty ?? 'date');
  const property = options.controllerProperty ?? 'controller';
  const controllerOf = (f: LayeredFeature): unknown => (f.properties as Record<string, unknown> | null | undefined)?.[property];
  const areal = features.filter((f) => isAreal(f.geometry, `${name}: ${f.where}.geometry`));
  const warnings: string[] = [];
  if (areal.length === 0) {
    const what = `${features.length} feature${features.length === 1 ? '' : 's'}, none a Polygon or MultiPolygon`;
    if (!options.allowEmpty) {
      throw new FrontlineError('INVALID_TIMELINE', `${name}: holds no polygons (${what}), which would read as every controller losing everything; if that is so, allow empty snapshots (--allow-empty)`, { where: name });
    }
    warnings.push(`${name}: holds no polygons (${what}); read as holding nothing`);
  }
  const keyedByProperty = areal.some((f) => typeof controllerOf(f) === 'string');
  const layers = new Set(areal.map((f) => f.layer));
  const keyedByLayer = !keyedByProperty && data.type === 'Topology' && layers.size > 1 && options.controllerProperty === undefined;
  if (options.controllerProperty !== undefined && !keyedByProperty && areal.length > 0) {
    // A property named on purpose that no polygon has is a typo or the wrong file, never "all
    // of it belongs to one controller".
    const seen = [...new Set(areal.flatMap((f) => (f.properties && typeof f.properties === 'object' ? Object.keys(f.properties) : [])))].sort(compareNames);
    throw new FrontlineError(
      'INVALID_TIMELINE',
      `${name}: no polygon has a "${property}" property naming its controller (properties its polygons have: ${seen.length > 0 ? seen.slice(0, 12).map((k) => JSON.stringify(k)).join(', ') : 'none'})`,
      { where: name },
    );
  }
  const single = options.controller ?? DEFAULT_TIMELINE_CONTROLLER;
  const controllers = new Map<string, MultiPolygon>();
  const areasM2 = new Map<string, number>();
  if (!keyedByProperty && !keyedByLayer) {
    controllers.set(single, { type: 'MultiPolygon', coordinates: [] });
    areasM2.set(single, 0);
  }
  const named = new Set<string>();
  const featureCounts = new Map<string, number>();
  for (const f of areal) {
    let controller = single;
    if (keyedByProperty) {
      const value = controllerOf(f);
      if (typeof value !== 'string' || value === '') {
        throw new FrontlineError('INVALID_SNAPSHOT', `${name}: ${f.where} has no "${property}" property, while other features name their controller`, {
          where: `${name}: ${f.where}.properties.${property}`,
        });
      }
      controller = value;
    } else if (keyedByLayer) {
      controller = f.layer!;
    }
    named.add(controller);
    if ((keyedByProperty || keyedByLayer) && options.controller !== undefined && controller !== options.controller) continue;
    let held = controllers.get(controller);
    if (!held) controllers.set(controller, (held = { type: 'MultiPolygon', coordinates: [] }));
    // Measured feature by feature, so that a bad coordinate is named where it is in the file.
    areasM2.set(controller, (areasM2.get(controller) ?? 0) + featureArea(f, name));
    featureCounts.set(controller, (featureCounts.get(controller) ?? 0) + 1);
    addPolygons(held.coordinates, f.geometry!, `${name}: ${f.where}.geometry`);
  }
  if ((keyedByProperty || keyedByLayer) && options.controller !== undefined && !named.has(options.controller)) {
    const others = [...named].sort(compareNames).slice(0, 12).map((c) => JSON.stringify(c)).join(', ');
    if (!options.allowEmpty) {
      throw new FrontlineError(
        'INVALID_TIMELINE',
        `${name}: no polygon is held by "${options.controller}" (controllers here: ${others || 'none'}), which would read as it losing everything; check the name, or allow it (--allow-empty)`,
        { where: name },
      );
    }
    warnings.push(`${name}: no polygon is held by "${options.controller}"; read as holding nothing`);
  }
  return { date, name, controllers, areasM2, keyed: keyedByProperty || keyedByLayer, warnings, featureCounts };
}

/** The kernel's `area` of a feature's geometry, m²; errors name the source and the feature. */
function featureArea(f: LayeredFeature, name: string): number {
  try {
    return area(f.geometry);
  } catch (error) {
    if (!(error instanceof FrontlineError)) throw error;
    const where = `${name}: ${f.where}.geometry${error.where ? `.${error.where}` : ''}`;
    throw new FrontlineError(error.code, `${name}: ${f.where}.geometry: ${error.message}`, { where, cause: error });
  }
}

interface LayeredFeature {
  properties: unknown;
  geometry: Geometry | null;
  /** TopoJSON object the feature came from. */
  layer?: string;
  /** Where it is, for errors: `features[3]`, `objects.front.geometries[2]`. */
  where: string;
}

function featuresOf(data: { type?: unknown }, name: string): LayeredFeature[] {
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
          throw new FrontlineError('INVALID_GEOJSON', `${name}: TopoJSON object "${layer}" cannot be decoded: ${(cause as Error).message}`, { where: `${name}: objects.${layer}`, cause });
        }
        const list = converted.type === 'FeatureCollection' ? converted.features : [converted];
        list.forEach((f, i) => out.push({ properties: f.properties, geometry: f.geometry, layer, where: `objects.${layer}${converted.type === 'FeatureCollection' ? `.geometries[${i}]` : ''}` }));
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

function isAreal(geometry: Geometry | null, where: string, depth = 0): boolean {
  if (geometry === null || typeof geometry !== 'object') return false;
  if (geometry.type === 'Polygon' || geometry.type === 'MultiPolygon') return true;
  if (geometry.type !== 'GeometryCollection' || !Array.isArray(geometry.geometries)) return false;
  if (depth >= MAX_COLLECTION_DEPTH) {
    throw new FrontlineError('INVALID_GEOJSON', `${where}: GeometryCollections nested more than ${MAX_COLLECTION_DEPTH} deep`, { where });
  }
  return geometry.geometries.some((g, i) => isAreal(g, `${where}.geometries[${i}]`, depth + 1));
}

/**
 * Appends a geometry's polygons (by reference: nothing is copied or changed). Rings crossing
 * the antimeridian are refused: the boundary index and the overlay read edges in longitude and
 * latitude, where such an edge goes the long way round.
 */
function addPolygons(into: Position[][][], geometry: Geometry, where: string): void {
  const bad = (): never => {
    throw new FrontlineError('INVALID_GEOJSON', `${where}: coordinates are not an array`, { where });
  };
  if (geometry.type === 'Polygon') {
    if (!Array.isArray(geometry.coordinates)) bad();
    refuseAntimeridian([geometry.coordinates], where, true);
    into.push(geometry.coordinates);
  } else if (geometry.type === 'MultiPolygon') {
    if (!Array.isArray(geometry.coordinates)) bad();
    refuseAntimeridian(geometry.coordinates, where);
    for (const polygon of geometry.coordinates) into.push(polygon);
  } else if (geometry.type === 'GeometryCollection') {
    geometry.geometries.forEach((g, i) => {
      if (isAreal(g, `${where}.geometries[${i}]`)) addPolygons(into, g, `${where}.geometries[${i}]`);
    });
  }
}

function snapshotDate(source: TimelineSource, data: object, features: LayeredFeature[], name: string, dateProperty: string): string {
  if (source.date !== undefined) {
    const date = normaliseDate(source.date);
    if (date === undefined) {
      throw new FrontlineError('INVALID_TIMELINE', `${name}: date ${JSON.stringify(source.date)} is not a real date written YYYY-MM-DD or YYYYMMDD`, { where: name });
    }
    return date;
  }
  const fromName = source.name === undefined ? undefined : dateFromName(source.name);
  if (fromName !== undefined) return fromName;
  const candidates = [(data as Record<string, unknown>)[dateProperty], (features[0]?.properties as Record<string, unknown> | null | undefined)?.[dateProperty]];
  for (const value of candidates) {
    if (typeof value !== 'string') continue;
    const date = normaliseDate(value);
    if (date === undefined) {
      throw new FrontlineError('INVALID_TIMELINE', `${name}: "${dateProperty}" ${JSON.stringify(value)} is not a real date written YYYY-MM-DD or YYYYMMDD`, { where: name });
    }
    return date;
  }
  throw new FrontlineError(
    'INVALID_TIMELINE',
    `${name}: no date: put it in the name (…_20240708.geojson or …2024-07-08…), or give the collection or its first feature a "${dateProperty}" of YYYY-MM-DD`,
    { where: name },
  );
}

/**
 * The date a file name carries: the last `YYYY-MM-DD` or `YYYYMMDD` (eight digits standing
 * alone) in it that is a real date, as `YYYY-MM-DD`; undefined if there is none.
 *
 * @example
 * dateFromName('deepstatemap_data_20240708.geojson'); // '2024-07-08'
 * dateFromName('front-2024-07-08.topo.json');          // '2024-07-08'
 */
export function dateFromName(name: string): string | undefined {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const found = [...base.matchAll(/(?<!\d)(\d{4})-?(\d{2})-?(\d{2})(?!\d)/g)]
    .filter((m) => (m[0].length === 8 || m[0].length === 10) && realDate(Number(m[1]), Number(m[2]), Number(m[3])))
    .pop();
  return found ? `${found[1]}-${found[2]}-${found[3]}` : undefined;
}

/** `YYYY-MM-DD`, `YYYYMMDD` or an ISO timestamp's date part, as `YYYY-MM-DD`, if it is a real date. */
function normaliseDate(value: string): string | undefined {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(value);
  if (!m || !realDate(Number(m[1]), Number(m[2]), Number(m[3]))) return undefined;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

function realDate(y: number, m: number, d: number): boolean {
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

