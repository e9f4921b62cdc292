/**
 * Timelines: a dated series of control snapshots, and what each controller held, gained and
 * lost from one snapshot to the next.
 *
 * This module is the engine: it takes snapshots already read (their polygons grouped by
 * controller and measured; `src/sources/timeline-source.ts` reads them from GeoJSON or TopoJSON,
 * through a source profile when one is given) and steps through them as a stream: each
 * snapshot is compared with the one before and dropped once the next has been compared with
 * it, so memory does not grow with the length of the series.
 *
 * Areas are the kernel's `area` (WGS84, geodesic edges). Gained and lost ground is the planar
 * lon/lat overlay of consecutive snapshots, as `difference` computes it, measured with the same
 * `area`; the overlay is worked out from the stretches of boundary that changed
 * (`boundaryChange`, kernel/change.ts), and every step is checked: gained − lost must equal
 * the difference of the two areas, each measured in full. A step that fails the check is
 * computed again with the full overlay and reported in `fallbacks`.
 */
import type { Feature, MultiPolygon, Position } from 'geojson';
import { FrontlineError } from '../errors.js';
import { area } from '../kernel/area.js';
import { boundaryChange, indexBoundary, type BoundaryChange, type BoundaryIndex } from '../kernel/change.js';
import { insideRings } from '../kernel/contains.js';
import { difference } from '../kernel/overlay.js';
import { segmentsMeet } from '../kernel/predicates.js';
import { outerRingsBox } from '../kernel/bbox.js';
// The rule ControlSnapshot and validate use, from the kernel: the snapshot model is not needed here.
import { overlapTolerance } from '../kernel/validate-findings.js';
import { RegionLedger, type TimelineRegions, type TimelineRegionRow } from './timeline-regions.js';

/** Name given to the one controller of single-controller snapshots when none is chosen. */
export const DEFAULT_TIMELINE_CONTROLLER = 'held';

/** The areas a run is measured from (the first snapshot of the series), km² by controller. */
export interface TimelineBaseline {
  date: string;
  areasKm2: Record<string, number>;
}

/** What the engine needs besides the snapshots. */
export interface TimelineEngineOptions {
  /**
   * Follow this controller only: it gets a row on every date (holding nothing on a date
   * without it), and no other controller does.
   */
  controller?: string;
  /** Named in the error about series mixing keyed and unkeyed files; default `controller`. */
  controllerProperty?: string;
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
  /** Split every row by region (see timeline-regions.ts): each step then has `regionRows`. */
  regions?: TimelineRegions;
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

/** What was done with one class of features of one file (see `SnapshotReading`). */
export interface ClassReading {
  /** The class: the values of the properties that tell classes apart, joined by ` | `. */
  class: string;
  /**
   * `held`: read as `controller`'s ground; `ignored`: a rule says it is not held ground
   * (`reason`); `outside`: outside the area of interest; `unmapped`: no rule covers it
   * (skipped, allowed by `allowUnmapped`).
   */
  outcome: 'held' | 'ignored' | 'outside' | 'unmapped';
  controller?: string;
  /** The rule that decided (its label, else `rules[i]`). */
  rule?: string;
  reason?: string;
  features: number;
  polygons: number;
  /** Area of those polygons, km² (as drawn, before any union). */
  areaKm2: number;
}

/** How one file was read: what it held, and what became of each class of its features. */
export interface SnapshotReading {
  name: string;
  date: string;
  /** The profile read through, if any. */
  profile?: string;
  features: number;
  /** Features with no area, counted and skipped: points (icons, labels), lines, empty geometries. */
  skipped: { points: number; lines: number; empty: number };
  classes: ClassReading[];
  /** Ground drawn twice by polygons of one controller and counted once (profiles with `overlaps: union`), km². */
  drawnTwiceKm2?: Record<string, number>;
}

/** One date of the series: a row per controller, and what changed since the previous date. */
export interface TimelineStep {
  date: string;
  /** Null for the series' first date. */
  previousDate: string | null;
  /** The source's name, if it had one. */
  name: string | undefined;
  /** One per controller held on this or the previous date (or the one followed), sorted by name. */
  rows: TimelineRow[];
  /** With `regions`: the rows split by region, in the order of `rows`, regions in their given order, outside last. */
  regionRows: TimelineRegionRow[];
  /** Gained and lost ground as features (only with `changes: true`); empty parts left out. */
  changes: TimelineChange[];
  fallbacks: TimelineFallback[];
  /** What was accepted on this date that a reader should know (see `allowEmpty`). */
  warnings: string[];
  /** Whether this snapshot named its controllers (multi-controller). */
  keyed: boolean;
  /** Boundary edges not shared with the previous snapshot, all controllers together. */
  changedEdges: number;
  /** How the file was read (classes, what was ignored and why). */
  reading: SnapshotReading;
}

/** A whole timeline, gathered from {@link timelineSteps}. */
export interface Timeline {
  method: 'ellipsoidal';
  /** Rows of every step, in date order, controllers sorted by name within a date. */
  rows: TimelineRow[];
  /** With `regions`: every step's region rows, in date order. */
  regionRows: TimelineRegionRow[];
  /** Every controller seen, sorted by name. */
  controllers: string[];
  /** True when every snapshot was single-controller, or one controller was followed. */
  singleController: boolean;
  snapshots: number;
  /** Steps computed again with the full overlay (empty when the fast path held throughout). */
  fallbacks: TimelineFallback[];
  /** Only with `changes: true`. */
  changes: TimelineChange[];
  /** How every file was read, in date order. */
  readings: SnapshotReading[];
}

/** A snapshot's polygons, grouped by controller, as the engine takes it. */
export interface TimelineSnapshot {
  date: string;
  name: string;
  /** Controller → everything it holds (the polygons of all its features, not unioned unless the profile says so). */
  controllers: Map<string, MultiPolygon>;
  /** Controller → area held, m² (the kernel's `area`, feature by feature, summed). */
  areasM2: Map<string, number>;
  keyed: boolean;
  /** What was accepted that a reader should know (an empty snapshot, an absent controller). */
  warnings: string[];
  /** Controller → how many features its polygons came from (1 after a union). */
  featureCounts: Map<string, number>;
  reading: SnapshotReading;
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
 * Steps through a timeline of snapshots already read, one step per snapshot, holding only the
 * previous one.
 *
 * @param snapshots in increasing date order, sync or async
 * @param options see {@link TimelineEngineOptions}
 * @returns an async generator of {@link TimelineStep}s; the first has null gained, lost and net
 * @throws FrontlineError `INVALID_TIMELINE` when dates do not increase or keyed and unkeyed
 *   snapshots are mixed; `INVALID_SNAPSHOT` when a controller's polygons overlap
 */
export async function* timelineStepsOf(
  snapshots: AsyncIterable<TimelineSnapshot> | Iterable<TimelineSnapshot>,
  options: TimelineEngineOptions = {},
): AsyncGenerator<TimelineStep> {
  let previous: { date: string; name: string; held: Map<string, Held> } | null = null;
  let baseline = options.baseline ? new Map(Object.entries(options.baseline.areasKm2)) : null;
  let first: { name: string; keyed: boolean } | null = null;
  const ledger = options.regions ? new RegionLedger(options.regions) : undefined;
  for await (const snapshot of snapshots) {
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
    const names = options.controller !== undefined ? [options.controller] : sortedUnion(previous?.held.keys(), held.keys());
    if (options.firstIsPrevious && previous === null) {
      // Regions of a later date range start from the areas measured in full on its first date.
      if (ledger)
        for (const controller of names)
          ledger.start(controller, snapshot.date, held.get(controller)?.geometry ?? EMPTY, (held.get(controller)?.areaM2 ?? 0) / 1e6);
      previous = { date: snapshot.date, name: snapshot.name, held };
      continue;
    }
    const step: TimelineStep = {
      date: snapshot.date,
      previousDate: previous?.date ?? null,
      name: snapshot.name,
      rows: [],
      regionRows: [],
      changes: [],
      fallbacks: [],
      warnings: snapshot.warnings,
      keyed: snapshot.keyed,
      changedEdges: 0,
      reading: snapshot.reading,
    };
    for (const controller of names) {
      const after = held.get(controller) ?? emptyHeld();
      const areaKm2 = after.areaM2 / 1e6;
      const cumulativeNetKm2 = areaKm2 - (baseline.get(controller) ?? 0);
      if (!previous) {
        step.rows.push({ date: snapshot.date, controller, areaKm2, gainedKm2: null, lostKm2: null, netKm2: null, cumulativeNetKm2 });
        if (ledger) step.regionRows.push(...ledger.start(controller, snapshot.date, after.geometry, areaKm2));
        continue;
      }
      const before = previous.held.get(controller) ?? emptyHeld();
      const change = changeBetween(before, after);
      if (change.fallback && !change.fallback.resolved) throw unresolved(controller, snapshot, previous.name, change.fallback);
      step.changedEdges += change.changedEdges;
      if (change.fallback) step.fallbacks.push({ date: snapshot.date, previousDate: previous.date, controller, ...change.fallback });
      const row: TimelineRow = {
        date: snapshot.date,
        controller,
        areaKm2,
        gainedKm2: change.gainedM2 / 1e6,
        lostKm2: change.lostM2 / 1e6,
        netKm2: areaKm2 - before.areaM2 / 1e6,
        cumulativeNetKm2,
      };
      step.rows.push(row);
      if (ledger) step.regionRows.push(...ledger.step(row, change.gained, change.lost));
      if (options.changes) {
        for (const [kind, geometry, m2] of [
          ['gained', change.gained, change.gainedM2],
          ['lost', change.lost, change.lostM2],
        ] as const) {
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
 * A whole timeline in memory, gathered from its steps: every row (and every change feature
 * the steps carry). Rows are small, but change geometry is not, so long series with changes
 * are better streamed.
 */
export async function gatherTimeline(steps: AsyncIterable<TimelineStep> | Iterable<TimelineStep>, followed?: string): Promise<Timeline> {
  const rows: TimelineRow[] = [];
  const regionRows: TimelineRegionRow[] = [];
  const fallbacks: TimelineFallback[] = [];
  const changes: TimelineChange[] = [];
  const readings: SnapshotReading[] = [];
  const controllers = new Set<string>();
  let snapshots = 0;
  let keyed = false;
  for await (const step of steps) {
    snapshots++;
    keyed ||= step.keyed;
    for (const row of step.rows) {
      rows.push(row);
      controllers.add(row.controller);
    }
    for (const row of step.regionRows) regionRows.push(row);
    fallbacks.push(...step.fallbacks);
    changes.push(...step.changes);
    readings.push(step.reading);
  }
  return {
    method: 'ellipsoidal',
    rows,
    regionRows,
    controllers: [...controllers].sort(compareNames),
    singleController: followed !== undefined || !keyed,
    snapshots,
    fallbacks,
    changes,
    readings,
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
  const base = overlapTolerance(before.areaM2, after.areaM2);
  // The bow of the edges cut (see BoundaryChange.cutToleranceM2), but never more than the
  // ground that changed: a residual as large as the step itself means the step is wrong,
  // however long its edges.
  const toleranceFor = (gainedM2: number, lostM2: number) => base + Math.min(fast?.cutToleranceM2 ?? 0, gainedM2 + lostM2);
  if (fast?.closed) {
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
    if (provablyDisjoint(geometry.coordinates)) continue;
    const summed = snapshot.areasM2.get(controller)!;
    // United by winding, as the steps are computed: every input vertex kept, so that a point
    // on a long edge (which the overlay would drop, changing the edge's geodesic bow) does not
    // read as ground covered twice.
    const united = area(boundaryChange(indexBoundary(EMPTY), indexBoundary(geometry)).gained);
    const twice = summed - united;
    if (twice > overlapTolerance(summed, united)) {
      throw new FrontlineError(
        'INVALID_SNAPSHOT',
        `${snapshot.name}: the polygons of "${controller}" overlap: ${formatKm2(twice / 1e6)} km² are covered twice (summed ${formatKm2(summed / 1e6)} km², united ${formatKm2(united / 1e6)} km²); ` +
          'merge them into one polygon each (frontline validate shows where), or read the source through a profile that unites them ("overlaps": "union")',
        { where: snapshot.name },
      );
    }
  }
}

/**
 * True when no two of the polygons can share ground, shown cheaply: for each pair whose boxes
 * meet, no edge of one meets an edge of the other (closed segments, by the exact orientation
 * predicate; a touch or a collinear run counts as meeting) and neither has a vertex inside the
 * other. False means "maybe", and the polygons are then united and measured: islands beside a
 * coast are settled here without the overlay that uniting a 3,000-vertex front would need.
 */
function provablyDisjoint(polygons: readonly (readonly (readonly Position[])[])[]): boolean {
  const boxes = polygons.map((rings) => outerRingsBox([rings]));
  for (let a = 0; a < polygons.length; a++) {
    for (let b = a + 1; b < polygons.length; b++) {
      const [p, q] = [boxes[a]!, boxes[b]!];
      if (p[0] > q[2] || q[0] > p[2] || p[1] > q[3] || q[1] > p[3]) continue;
      const shared: [number, number, number, number] = [Math.max(p[0], q[0]), Math.max(p[1], q[1]), Math.min(p[2], q[2]), Math.min(p[3], q[3])];
      const ea = edgesIn(polygons[a]!, shared);
      const eb = edgesIn(polygons[b]!, shared);
      if (ea.length * eb.length > 4e6) return false;
      for (let i = 0; i < ea.length; i += 4) {
        for (let j = 0; j < eb.length; j += 4) {
          if (segmentsMeet(ea[i]!, ea[i + 1]!, ea[i + 2]!, ea[i + 3]!, eb[j]!, eb[j + 1]!, eb[j + 2]!, eb[j + 3]!)) return false;
        }
      }
      // Boundaries apart: one holds the other whole, or they are disjoint.
      const [ax, ay] = polygons[a]![0]![0]! as [number, number];
      const [bx, by] = polygons[b]![0]![0]! as [number, number];
      if (insideRings(bx, by, polygons[a]!) || insideRings(ax, ay, polygons[b]!)) return false;
    }
  }
  return true;
}

/** The edges of the rings whose boxes meet `box`, flat: ax, ay, bx, by each. */
function edgesIn(rings: readonly (readonly Position[])[], box: readonly number[]): number[] {
  const out: number[] = [];
  for (const ring of rings) {
    for (let k = 1; k < ring.length; k++) {
      const a = ring[k - 1]!;
      const b = ring[k]!;
      if (Math.max(a[0]!, b[0]!) < box[0]! || Math.min(a[0]!, b[0]!) > box[2]! || Math.max(a[1]!, b[1]!) < box[1]! || Math.min(a[1]!, b[1]!) > box[3]!)
        continue;
      out.push(a[0]!, a[1]!, b[0]!, b[1]!);
    }
  }
  return out;
}

function formatKm2(km2: number): string {
  return String(Number(km2.toPrecision(6)));
}

function formatM2(m2: number): string {
  return String(Number(m2.toPrecision(6)));
}

export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedUnion(a: Iterable<string> | undefined, b: Iterable<string>): string[] {
  return [...new Set([...(a ?? []), ...b])].sort(compareNames);
}
