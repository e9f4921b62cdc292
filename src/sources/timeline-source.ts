/**
 * Reading timeline snapshots: parsed GeoJSON or TopoJSON in, a {@link TimelineSnapshot} out
 * (polygons grouped by controller and measured) with a {@link SnapshotReading} that says what
 * was read and what was left out. Two shapes of file are understood without a profile:
 *
 * - single-controller: every polygon belongs to one controller (a map of the ground one side
 *   holds, such as DeepStateMap's daily files);
 * - multi-controller: a feature property (default `controller`) names who holds each
 *   polygon; in TopoJSON without that property, each object (layer) is one controller.
 *
 * A source profile (profile.ts) says more: the date's format, rules from classes of features to
 * controllers, an area of interest, and whether overlapping polygons of one controller are
 * united. Points and lines carry no area: they are counted in the reading and skipped.
 */
import type { MultiPolygon, Position } from 'geojson';
import { FrontlineError } from '../errors.js';
import { refuseAntimeridian } from '../kernel/antimeridian.js';
import { area } from '../kernel/area.js';
import { union } from '../kernel/overlay.js';
import {
  compareNames,
  DEFAULT_TIMELINE_CONTROLLER,
  gatherTimeline,
  timelineStepsOf,
  type ClassReading,
  type SnapshotReading,
  type Timeline,
  type TimelineEngineOptions,
  type TimelineSnapshot,
  type TimelineStep,
} from '../model/timeline.js';
import { compileAreaOfInterest, type AreaTest } from './area-of-interest.js';
import { builtinArea } from './builtin-areas.js';
import { snapshotDate } from './dates.js';
import { addPolygons, featuresOf, isAreal, type LayeredFeature, type Skipped } from './geojson.js';
import { compileRules, normaliseText, type AreaOfInterest, type CompiledRules, type SourceProfile } from './profile.js';

/** One snapshot of a timeline, as read from a file or received from elsewhere. */
export interface TimelineSource {
  /** Where it came from (a file name): searched for a date, and named in every error. */
  name?: string;
  /** Day it describes, `YYYY-MM-DD` or `YYYYMMDD`; else taken from `name`, else from the data. */
  date?: string;
  /** A GeoJSON FeatureCollection, Feature or geometry, or a TopoJSON Topology (parsed JSON). */
  data: unknown;
}

/** How snapshots are read. */
export interface ReadingOptions {
  /** Feature property naming the controller in multi-controller snapshots; default `controller`. */
  controllerProperty?: string;
  /**
   * Follow this controller only: in multi-controller snapshots only its features are read
   * (it holds nothing on a date none of them name); in single-controller snapshots it names
   * their one controller (default the profile's `controller`, else {@link DEFAULT_TIMELINE_CONTROLLER}).
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
  /** Read through this profile (see profile.ts; `validateProfile` checks one parsed from JSON). */
  profile?: SourceProfile;
  /**
   * The profile's area of interest as polygons (`frontline/node` reads a profile's `file`;
   * built-in areas are found by name). Given without a profile, it applies as well.
   */
  areaOfInterest?: AreaOfInterest;
  /** Skip, and report, features no rule of the profile covers, instead of stopping (`UNMAPPED_CLASS`). */
  allowUnmapped?: boolean;
}

export interface TimelineOptions extends ReadingOptions, TimelineEngineOptions {}

/**
 * Steps through a timeline, one step per snapshot, holding only the previous snapshot.
 *
 * @param sources snapshots in increasing date order, sync or async (files being read, say)
 * @param options see {@link TimelineOptions}
 * @returns an async generator of {@link TimelineStep}s; the first has null gained, lost and net
 * @throws FrontlineError `INVALID_TIMELINE` when a snapshot has no date or dates do not
 *   increase; `INVALID_GEOJSON` / `INVALID_SNAPSHOT` for unreadable snapshots (naming the
 *   source); `UNMAPPED_CLASS` for features no rule of the profile covers
 * @example
 * for await (const step of timelineSteps(files)) console.log(step.date, step.rows[0].areaKm2);
 */
export function timelineSteps(sources: AsyncIterable<TimelineSource> | Iterable<TimelineSource>, options: TimelineOptions = {}): AsyncGenerator<TimelineStep> {
  return timelineStepsOf(readAll(sources, options), options);
}

async function* readAll(sources: AsyncIterable<TimelineSource> | Iterable<TimelineSource>, options: ReadingOptions): AsyncGenerator<TimelineSnapshot> {
  let position = 0;
  for await (const source of sources) yield readTimelineSnapshot(source, options, position++);
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
export function computeTimeline(sources: AsyncIterable<TimelineSource> | Iterable<TimelineSource>, options: TimelineOptions = {}): Promise<Timeline> {
  return gatherTimeline(timelineSteps(sources, options), options.controller);
}

const compiledRules = new WeakMap<object, CompiledRules>();
const compiledAreas = new WeakMap<object, AreaTest>();

function rulesOf(profile: SourceProfile): CompiledRules | undefined {
  if (!profile.rules) return undefined;
  let rules = compiledRules.get(profile);
  if (!rules) compiledRules.set(profile, (rules = compileRules(profile.rules)));
  return rules;
}

function areaTestOf(area: AreaOfInterest | undefined): AreaTest | undefined {
  if (!area) return undefined;
  let test = compiledAreas.get(area);
  if (!test) compiledAreas.set(area, (test = compileAreaOfInterest(area)));
  return test;
}

/**
 * The area of interest a profile names when none is given with it: a built-in one is found by
 * name; a file cannot be read here (no file system in the library), and reading the profile
 * without it would count other places as held, so that is an error.
 */
function profileArea(profile: SourceProfile | undefined): AreaOfInterest | undefined {
  const spec = profile?.areaOfInterest;
  if (!spec) return undefined;
  if (spec.builtin !== undefined) {
    const area = builtinArea(spec.builtin);
    return spec.name ? { ...area, name: spec.name } : area;
  }
  throw new FrontlineError(
    'INVALID_PROFILE',
    `profile "${profile!.name}" reads its area of interest from the file ${JSON.stringify(spec.file)}: load the profile with loadProfile (frontline/node), or give the area as areaOfInterest`,
    { where: 'areaOfInterest' },
  );
}

/** The text a class is known by in readings: its properties' values, normalised, joined. */
function classOf(properties: unknown, keys: readonly string[]): string {
  const p = properties as Record<string, unknown> | null | undefined;
  const parts = keys.map((k) => normaliseText(p?.[k]));
  return parts.every((x) => x === '') ? `(no ${keys.join(', ')})` : parts.join(' | ');
}

/** A class reading being counted. */
type Tally = ClassReading;

/**
 * Reads one snapshot of a timeline: its date and its polygons by controller (see the module
 * comment for the shapes understood), and the reading of the file. The polygons of one
 * controller's features are gathered, not unioned (so they must not overlap), unless the
 * profile says `overlaps: "union"`.
 *
 * @param source the snapshot and where it came from
 * @param options see {@link ReadingOptions}
 * @param position its place in the series, for errors when it has no name
 * @throws FrontlineError `INVALID_GEOJSON` when the data is neither GeoJSON nor TopoJSON,
 *   `INVALID_SNAPSHOT` when some features name a controller and others do not,
 *   `INVALID_TIMELINE` when no date can be found or nothing is held,
 *   `UNMAPPED_CLASS` when features of a class no rule covers are inside the area of interest
 */
export function readTimelineSnapshot(source: TimelineSource, options: ReadingOptions = {}, position = 0): TimelineSnapshot {
  const name = source?.name ?? `snapshot ${position + 1}`;
  const data = source?.data as { type?: unknown } | null | undefined;
  if (typeof data !== 'object' || data === null) {
    throw new FrontlineError('INVALID_GEOJSON', `${name}: expected a GeoJSON or TopoJSON object`, { where: name });
  }
  const profile = options.profile;
  const features = featuresOf(data, name);
  const date = snapshotDate(source, data, features[0]?.properties, name, {
    ...(profile?.date?.name !== undefined ? { name: profile.date.name } : {}),
    property: options.dateProperty ?? profile?.date?.property ?? 'date',
  });
  const skipped: Skipped = { points: 0, lines: 0, empty: 0 };
  const areal = features.filter((f) => isAreal(f.geometry, `${name}: ${f.where}.geometry`, skipped));
  const reading: SnapshotReading = { name, date, ...(profile ? { profile: profile.name } : {}), features: features.length, skipped, classes: [] };
  const rules = profile ? rulesOf(profile) : undefined;
  const areaTest = areaTestOf(options.areaOfInterest ?? profileArea(profile));
  const held = rules || areaTest ? readByRules(areal, name, reading, options, rules, areaTest) : readByController(areal, data, name, reading, options);
  const warnings: string[] = [];
  if (held.total === 0) {
    const what = `${features.length} feature${features.length === 1 ? '' : 's'}, none ${held.dropped > 0 ? 'held ground (see the reading)' : 'a Polygon or MultiPolygon'}`;
    if (!options.allowEmpty) {
      throw new FrontlineError(
        'INVALID_TIMELINE',
        `${name}: holds no polygons (${what}), which would read as every controller losing everything; if that is so, allow empty snapshots (--allow-empty)`,
        { where: name },
      );
    }
    warnings.push(`${name}: holds no polygons (${what}); read as holding nothing`);
  }
  for (const c of reading.classes) {
    if (c.outcome === 'unmapped')
      warnings.push(
        `${name}: ${c.features} feature${c.features === 1 ? '' : 's'} of class ${JSON.stringify(c.class)} skipped: no rule of the profile covers it`,
      );
  }
  if (held.keyed && options.controller !== undefined && !held.named.has(options.controller)) {
    const others = [...held.named]
      .sort(compareNames)
      .slice(0, 12)
      .map((c) => JSON.stringify(c))
      .join(', ');
    if (!options.allowEmpty) {
      throw new FrontlineError(
        'INVALID_TIMELINE',
        `${name}: no polygon is held by "${options.controller}" (controllers here: ${others || 'none'}), which would read as it losing everything; check the name, or allow it (--allow-empty)`,
        { where: name },
      );
    }
    warnings.push(`${name}: no polygon is held by "${options.controller}"; read as holding nothing`);
  }
  if (profile?.overlaps === 'union') uniteControllers(held, reading);
  return { date, name, controllers: held.controllers, areasM2: held.areasM2, keyed: held.keyed, warnings, featureCounts: held.featureCounts, reading };
}

interface Held {
  controllers: Map<string, MultiPolygon>;
  areasM2: Map<string, number>;
  featureCounts: Map<string, number>;
  keyed: boolean;
  /** Every controller named, followed or not. */
  named: Set<string>;
  /** Polygons of held ground (kept, or another controller's when one is followed). */
  total: number;
  /** Areal features left out (ignored, outside, unmapped). */
  dropped: number;
}

function newHeld(keyed: boolean): Held {
  return { controllers: new Map(), areasM2: new Map(), featureCounts: new Map(), keyed, named: new Set(), total: 0, dropped: 0 };
}

function add(held: Held, controller: string, polygons: Position[][][], areaM2: number): void {
  let geometry = held.controllers.get(controller);
  if (!geometry) held.controllers.set(controller, (geometry = { type: 'MultiPolygon', coordinates: [] }));
  for (const p of polygons) geometry.coordinates.push(p);
  held.areasM2.set(controller, (held.areasM2.get(controller) ?? 0) + areaM2);
  held.featureCounts.set(controller, (held.featureCounts.get(controller) ?? 0) + 1);
  held.total += polygons.length;
}

function tally(
  reading: SnapshotReading,
  index: Map<string, Tally>,
  entry: Omit<Tally, 'features' | 'polygons' | 'areaKm2'>,
  polygons: number,
  areaM2: number,
): void {
  const key = `${entry.outcome}\u0000${entry.class}\u0000${entry.controller ?? ''}\u0000${entry.rule ?? ''}`;
  let t = index.get(key);
  if (!t) {
    t = { ...entry, features: 0, polygons: 0, areaKm2: 0 };
    index.set(key, t);
    reading.classes.push(t);
  }
  t.features++;
  t.polygons += polygons;
  t.areaKm2 += areaM2 / 1e6;
}

/** The controller-property or one-controller reading (no rules, no area of interest). */
function readByController(areal: LayeredFeature[], data: { type?: unknown }, name: string, reading: SnapshotReading, options: ReadingOptions): Held {
  const profile = options.profile;
  const explicit = options.controllerProperty ?? profile?.controllerProperty;
  const property = explicit ?? 'controller';
  const controllerOf = (f: LayeredFeature): unknown => (f.properties as Record<string, unknown> | null | undefined)?.[property];
  const keyedByProperty = profile?.controller === undefined && areal.some((f) => typeof controllerOf(f) === 'string');
  const layers = new Set(areal.map((f) => f.layer));
  const keyedByLayer = profile?.controller === undefined && !keyedByProperty && data.type === 'Topology' && layers.size > 1 && explicit === undefined;
  if (explicit !== undefined && !keyedByProperty && areal.length > 0) {
    // A property named on purpose that no polygon has is a typo or the wrong file, never "all
    // of it belongs to one controller".
    const seen = [...new Set(areal.flatMap((f) => (f.properties && typeof f.properties === 'object' ? Object.keys(f.properties) : [])))].sort(compareNames);
    throw new FrontlineError(
      'INVALID_TIMELINE',
      `${name}: no polygon has a "${property}" property naming its controller (properties its polygons have: ${
        seen.length > 0
          ? seen
              .slice(0, 12)
              .map((k) => JSON.stringify(k))
              .join(', ')
          : 'none'
      })`,
      { where: name },
    );
  }
  const keyed = keyedByProperty || keyedByLayer;
  const single = options.controller ?? profile?.controller ?? DEFAULT_TIMELINE_CONTROLLER;
  const held = newHeld(keyed);
  if (!keyed) {
    held.controllers.set(single, { type: 'MultiPolygon', coordinates: [] });
    held.areasM2.set(single, 0);
  }
  const index = new Map<string, Tally>();
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
    held.named.add(controller);
    const polygons: Position[][][] = [];
    addPolygons(polygons, f.geometry!, `${name}: ${f.where}.geometry`);
    // Measured feature by feature, so that a bad coordinate is named where it is in the file.
    const m2 = featureArea(f, name);
    if (keyed && options.controller !== undefined && controller !== options.controller) {
      // Held ground, of another controller: the file is not empty (its absence is its own error).
      held.total += polygons.length;
      tally(reading, index, { class: controller, outcome: 'ignored', reason: `not the followed controller "${options.controller}"` }, polygons.length, m2);
      continue;
    }
    tally(reading, index, { class: keyed ? controller : '(every polygon)', outcome: 'held', controller }, polygons.length, m2);
    add(held, controller, polygons, m2);
  }
  return held;
}

/** The reading through a profile's rules and area of interest. */
function readByRules(
  areal: LayeredFeature[],
  name: string,
  reading: SnapshotReading,
  options: ReadingOptions,
  rules: CompiledRules | undefined,
  areaTest: AreaTest | undefined,
): Held {
  const profile = options.profile;
  const keys =
    profile?.classBy ?? (rules && rules.properties.length > 0 ? rules.properties : [options.controllerProperty ?? profile?.controllerProperty ?? 'controller']);
  const single = options.controller ?? profile?.controller ?? DEFAULT_TIMELINE_CONTROLLER;
  const byProperty = !rules && profile?.controller === undefined ? (options.controllerProperty ?? profile?.controllerProperty) : undefined;
  const held = newHeld(rules !== undefined || byProperty !== undefined);
  if (!held.keyed) {
    held.controllers.set(single, { type: 'MultiPolygon', coordinates: [] });
    held.areasM2.set(single, 0);
  }
  const index = new Map<string, Tally>();
  const unmapped = new Map<string, { features: number; where: string }>();
  for (const f of areal) {
    const cls = classOf(f.properties, keys);
    const polygons: Position[][][] = [];
    const wheres: string[] = [];
    // Polygons outside the area of interest are dropped before anything else is asked of them:
    // a territory across the antimeridian (Chukotka on a map of Ukraine) must not stop the run.
    addPolygons(polygons, f.geometry!, `${name}: ${f.where}.geometry`, wheres, false);
    const inside: Position[][][] = [];
    let insideM2 = 0;
    let outsideM2 = 0;
    let outside = 0;
    polygons.forEach((p, i) => {
      if (!areaTest || areaTest.contains(p)) {
        refuseAntimeridian([p], wheres[i]!, true);
        inside.push(p);
        insideM2 += polygonArea(p, name, wheres[i]!);
      } else {
        outside++;
        outsideM2 += polygonArea(p, name, wheres[i]!);
      }
    });
    if (outside > 0) tally(reading, index, { class: cls, outcome: 'outside', reason: `outside ${areaTest!.name}` }, outside, outsideM2);
    if (inside.length === 0) {
      held.dropped++;
      continue;
    }
    let controller: string;
    let rule: string | undefined;
    if (rules) {
      const found = rules.match(f.properties as Record<string, unknown> | null | undefined);
      if (!found) {
        held.dropped++;
        const u = unmapped.get(cls);
        if (u) u.features++;
        else unmapped.set(cls, { features: 1, where: `${name}: ${f.where}` });
        tally(reading, index, { class: cls, outcome: 'unmapped' }, inside.length, insideM2);
        continue;
      }
      rule = found.rule.label ?? `rules[${found.index}]`;
      if (found.rule.ignore !== undefined) {
        held.dropped++;
        tally(reading, index, { class: cls, outcome: 'ignored', rule, reason: found.rule.ignore }, inside.length, insideM2);
        continue;
      }
      controller = found.rule.controller!;
    } else if (byProperty !== undefined) {
      const value = (f.properties as Record<string, unknown> | null | undefined)?.[byProperty];
      if (typeof value !== 'string' || value === '') {
        throw new FrontlineError('INVALID_SNAPSHOT', `${name}: ${f.where} has no "${byProperty}" property naming its controller`, {
          where: `${name}: ${f.where}.properties.${byProperty}`,
        });
      }
      controller = value;
    } else {
      controller = single;
    }
    held.named.add(controller);
    if (held.keyed && options.controller !== undefined && controller !== options.controller) {
      held.total += inside.length;
      tally(reading, index, { class: cls, outcome: 'ignored', reason: `not the followed controller "${options.controller}"` }, inside.length, insideM2);
      continue;
    }
    tally(reading, index, { class: cls, outcome: 'held', controller, ...(rule !== undefined ? { rule } : {}) }, inside.length, insideM2);
    add(held, controller, inside, insideM2);
  }
  if (unmapped.size > 0 && !options.allowUnmapped) {
    const list = [...unmapped].map(
      ([cls, u]) => `${JSON.stringify(cls)} (${u.features} feature${u.features === 1 ? '' : 's'}, first at ${u.where.slice(name.length + 2)})`,
    );
    throw new FrontlineError(
      'UNMAPPED_CLASS',
      `${name}: no rule of profile "${profile?.name ?? '(none)'}" covers ${list.length === 1 ? 'the class' : `${list.length} classes`} ${list.slice(0, 5).join('; ')}${list.length > 5 ? '; …' : ''}: add a rule for ${list.length === 1 ? 'it' : 'them'}, or skip ${list.length === 1 ? 'it' : 'them'} with a report (--allow-unmapped)`,
      { where: [...unmapped.values()][0]!.where },
    );
  }
  return held;
}

/**
 * Unites each controller's polygons (profiles with `overlaps: "union"`): ground drawn twice is
 * then counted once, and the reading says how much there was.
 */
function uniteControllers(held: Held, reading: SnapshotReading): void {
  for (const [controller, geometry] of held.controllers) {
    if (geometry.coordinates.length < 2) continue;
    const united = union(geometry);
    const m2 = area(united);
    const twice = (held.areasM2.get(controller) ?? 0) - m2;
    if (twice > 0) (reading.drawnTwiceKm2 ??= {})[controller] = twice / 1e6;
    held.controllers.set(controller, united);
    held.areasM2.set(controller, m2);
    held.featureCounts.set(controller, 1);
  }
}

/** The kernel's `area` of a feature's geometry, m²; errors name the source and the feature. */
function featureArea(f: LayeredFeature, name: string): number {
  return measured(() => area(f.geometry), `${name}: ${f.where}.geometry`);
}

function polygonArea(polygon: Position[][], name: string, where: string): number {
  return measured(() => area({ type: 'Polygon', coordinates: polygon }), where.startsWith(name) ? where : `${name}: ${where}`);
}

function measured(measure: () => number, where: string): number {
  try {
    return measure();
  } catch (error) {
    if (!(error instanceof FrontlineError)) throw error;
    throw new FrontlineError(error.code, `${where}: ${error.message}`, { where: `${where}${error.where ? `.${error.where}` : ''}`, cause: error });
  }
}
