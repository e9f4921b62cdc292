/**
 * Validation of GeoJSON: what is wrong with an input, where, and how badly, as a list of
 * findings rather than an exception, so that a caller sees every problem at once.
 *
 * Structure is checked against RFC 7946 (types, members, positions); polygons against the
 * OGC Simple Features rules as GEOS and JTS apply them (polygon-topology.ts): rings closed, of
 * at least three distinct vertices, enclosing some area, neither crossing nor touching
 * themselves, no two rings crossing or sharing an edge, holes inside their shell and outside
 * each other without cutting the interior in two, the polygons of a MultiPolygon neither
 * overlapping nor sharing an edge. An input is valid (no `error` finding) exactly when GEOS's
 * `IsValidOp` calls it valid, decided exactly on the same doubles; what OGC allows but a
 * GeoJSON user likely did not mean (repeated positions, wrong winding, edges across the
 * antimeridian, rings below the overlay's grid) is a warning or a note. docs/errors.md lists the
 * codes and where frontline still departs from GEOS.
 *
 * Edges are straight in longitude/latitude, as the overlay reads them.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { describeValue } from '../errors.js';
import { MAX_COLLECTION_NESTING, area } from './area.js';
import { outerRingsBox, type BBox } from './bbox.js';
import { densify } from './densify.js';
import { GRID_DEG, toGrid } from './grid.js';
import { intersection } from './overlay.js';
import { enclosesNothing, pointText, ringsTopology, type TopologyRings } from './polygon-topology.js';

export { BoxIndex } from './box-index.js';

/** How bad a finding is: `error` makes the input invalid; `warning` is legal but likely a mistake; `info` is a note. */
export type FindingSeverity = 'error' | 'warning' | 'info';

/** What a finding is about; each code has one severity ({@link FINDING_SEVERITY}). */
export type FindingCode =
  | 'NOT_JSON'
  | 'NOT_GEOJSON'
  | 'WRONG_TYPE'
  | 'MALFORMED_POSITION'
  | 'NON_FINITE_COORDINATE'
  | 'COORDINATE_OUT_OF_RANGE'
  | 'TOO_FEW_POINTS'
  | 'UNCLOSED_RING'
  | 'SELF_INTERSECTION'
  | 'HOLE_OUTSIDE_SHELL'
  | 'OVERLAPPING_HOLES'
  | 'OVERLAPPING_POLYGONS'
  | 'RING_SELF_TOUCH'
  | 'RING_SPIKE'
  | 'ZERO_AREA_RING'
  | 'SHARED_EDGE'
  | 'DISCONNECTED_INTERIOR'
  | 'CONTROLLER_OVERLAP'
  | 'FEATURES_OVERLAP'
  | 'EMPTY_GEOMETRY'
  | 'DUPLICATE_VERTEX'
  | 'LONGITUDE_WRAPPED'
  | 'ANTIMERIDIAN_JUMP'
  | 'SELF_TOUCHING_HOLE'
  | 'BELOW_GRID'
  | 'RING_ORIENTATION'
  | 'EMPTY_PART'
  | 'TOO_MANY_FINDINGS';

/** The severity of each finding code. */
export const FINDING_SEVERITY: Readonly<Record<FindingCode, FindingSeverity>> = Object.freeze({
  NOT_JSON: 'error',
  NOT_GEOJSON: 'error',
  WRONG_TYPE: 'error',
  MALFORMED_POSITION: 'error',
  NON_FINITE_COORDINATE: 'error',
  COORDINATE_OUT_OF_RANGE: 'error',
  TOO_FEW_POINTS: 'error',
  UNCLOSED_RING: 'error',
  SELF_INTERSECTION: 'error',
  HOLE_OUTSIDE_SHELL: 'error',
  OVERLAPPING_HOLES: 'error',
  OVERLAPPING_POLYGONS: 'error',
  RING_SELF_TOUCH: 'error',
  RING_SPIKE: 'error',
  ZERO_AREA_RING: 'error',
  SHARED_EDGE: 'error',
  DISCONNECTED_INTERIOR: 'error',
  CONTROLLER_OVERLAP: 'error',
  EMPTY_GEOMETRY: 'warning',
  DUPLICATE_VERTEX: 'warning',
  FEATURES_OVERLAP: 'warning',
  LONGITUDE_WRAPPED: 'warning',
  ANTIMERIDIAN_JUMP: 'warning',
  SELF_TOUCHING_HOLE: 'warning',
  BELOW_GRID: 'warning',
  RING_ORIENTATION: 'info',
  EMPTY_PART: 'info',
  TOO_MANY_FINDINGS: 'info',
});

/** One problem found in an input. */
export interface ValidationFinding {
  code: FindingCode;
  severity: FindingSeverity;
  /** Index of the feature in a FeatureCollection, else null. */
  feature: number | null;
  /** Path of the element from the root, e.g. `features[3].geometry.coordinates[0][5]`; `''` is the root itself. */
  path: string;
  /** What is wrong, in a sentence that names the place. */
  message: string;
  /** [longitude, latitude] of the problem, where it has one (a crossing, an overlap). */
  location?: [number, number];
  /** Area concerned, m² (ellipsoidal), for overlaps. */
  areaM2?: number;
}

export interface ValidateOptions {
  /**
   * Overlaps between controllers at or below this area, m², are taken as rounding. Default: max(1 m², 1e-9 of the two areas), the rule `ControlSnapshot`
   * applies, so that a collection validate accepts is one the snapshot accepts.
   */
  overlapToleranceM2?: number;
  /** Findings listed before the rest are only counted (one `TOO_MANY_FINDINGS` says how many); default 10,000. */
  maxFindings?: number;
  /**
   * Accept rings that touch themselves to form holes (a shell pinched around a hole that
   * touches it, a hole pinched into two), as JTS and GEOS do when asked and ESRI's model writes
   * them: `SELF_TOUCHING_HOLE` warnings instead of `RING_SELF_TOUCH` errors. The ring is cut
   * into loops at the points where it touches itself, and the holes so formed are checked like
   * any others: a shell's other loops must lie inside its outer loop and outside each other
   * (lobes side by side, or a loop inside a loop inside the shell, stay errors), a hole's loops
   * side by side; other holes and polygons are placed against the whole ring, so a hole inside
   * such a hole lies outside the shell and a polygon there is an island; touches that cut the
   * interior in two are `DISCONNECTED_INTERIOR`. docs/errors.md says where this departs from
   * GEOS. Default false: OGC Simple Features, GEOS and PostGIS reject such rings.
   */
  selfTouchingHoles?: boolean;
}

/** True when no finding is an error. */
export function isValid(findings: readonly ValidationFinding[]): boolean {
  return !findings.some((f) => f.severity === 'error');
}

/** Topology findings listed per polygon before the rest are only counted. */
const MAX_TOPOLOGY_FINDINGS = 100;
/** Step at which overlaps are measured, degrees: the model's, so areas agree with a snapshot's. */
const OVERLAP_STEP_DEG = 0.005;

/**
 * Checks a GeoJSON object and lists what is wrong with it.
 *
 * @param input a parsed GeoJSON object (any type), or JSON text (then `NOT_JSON` when it does
 *   not parse). Never modified.
 * @param options.overlapToleranceM2 overlaps up to this area are accepted (see {@link ValidateOptions}).
 * @returns findings in the order of the input (structure and rings first, then, for a
 *   FeatureCollection whose features carry `properties.controller`, overlaps between
 *   controllers); an empty list when nothing is wrong. The input is valid when no finding is
 *   an `error` ({@link isValid}). Never throws on bad input.
 * @example
 * validate({ type: 'Polygon', coordinates: [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]] });
 * // [{ code: 'SELF_INTERSECTION', severity: 'error', feature: null, path: 'coordinates[0][1]',
 * //    message: 'ring crosses itself: edge [1]→[2] crosses edge [3]→[4] at (0.5, 0.5)', location: [0.5, 0.5] }]
 */
export function validate(input: unknown, options: ValidateOptions = {}): ValidationFinding[] {
  const out = new FindingList(validMax(options.maxFindings), options.overlapToleranceM2, options.selfTouchingHoles === true);
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (cause) {
      out.add('NOT_JSON', null, '', `not valid JSON: ${(cause as Error).message}`);
      return out.finish();
    }
  }
  checkRoot(value, out);
  return out.finish();
}

/** Errors that make a polygon mean other ground than it looks: the overlay would resolve them its own way. */
const MEANING_ERRORS = new Set<FindingCode>([
  'NOT_GEOJSON',
  'MALFORMED_POSITION',
  'NON_FINITE_COORDINATE',
  'COORDINATE_OUT_OF_RANGE',
  'TOO_FEW_POINTS',
  'UNCLOSED_RING',
  'SELF_INTERSECTION',
  'HOLE_OUTSIDE_SHELL',
  'OVERLAPPING_HOLES',
]);

/**
 * The errors that make a (Multi)Polygon mean something other than it looks: rings crossing
 * themselves or each other, holes outside their shell or inside each other (and the structural
 * errors `validate` reports). What OGC rejects but encloses the ground it seems to (a ring
 * touching itself, a spike, rings sharing an edge, the polygons of a MultiPolygon overlapping,
 * which read as a union) is not among them.
 *
 * @param geometry a Polygon or MultiPolygon whose positions are already known to be sound.
 * @returns the error findings, paths relative to the geometry (`coordinates[0][5]`); empty when
 *   the geometry can be taken as it is.
 */
export function polygonErrors(geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown }): ValidationFinding[] {
  const out = new FindingList(10_000, undefined, false);
  if (Array.isArray(geometry.coordinates)) checkAreal(geometry.type, geometry.coordinates, null, 'coordinates', out);
  return out.list.filter((f) => MEANING_ERRORS.has(f.code));
}

function validMax(max: unknown): number {
  return typeof max === 'number' && max >= 1 ? Math.floor(max) : 10_000;
}

class FindingList {
  readonly list: ValidationFinding[] = [];
  suppressed = 0;
  errors = 0;
  readonly tolerance: number | undefined;

  constructor(
    readonly max: number,
    tolerance: unknown,
    readonly selfTouchingHoles: boolean,
  ) {
    this.tolerance = typeof tolerance === 'number' && tolerance >= 0 && Number.isFinite(tolerance) ? tolerance : undefined;
  }

  add(code: FindingCode, feature: number | null, path: string, message: string, extra: { location?: [number, number]; areaM2?: number } = {}): void {
    const severity = FINDING_SEVERITY[code];
    if (severity === 'error') this.errors++;
    if (this.list.length >= this.max) {
      this.suppressed++;
      return;
    }
    this.list.push({ code, severity, feature, path, message, ...extra });
  }

  finish(): ValidationFinding[] {
    if (this.suppressed > 0) {
      this.list.push({
        code: 'TOO_MANY_FINDINGS',
        severity: 'info',
        feature: null,
        path: '',
        message: `${this.suppressed} more findings not listed (the first ${this.max} are)`,
      });
    }
    return this.list;
  }

  toleranceFor(aM2: number, bM2: number): number {
    return overlapTolerance(aM2, bM2, this.tolerance);
  }
}

// ---------------------------------------------------------------------------------------
// Structure

function join(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base === '' ? key : `${base}.${key}`;
}

const show = describeValue;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection']);

function checkRoot(value: unknown, out: FindingList): void {
  if (!isObject(value)) {
    out.add('NOT_GEOJSON', null, '', `input is ${show(value)}, not a GeoJSON object`);
    return;
  }
  const type = value.type;
  if (type === 'FeatureCollection') {
    const features = value.features;
    if (!Array.isArray(features)) {
      out.add('NOT_GEOJSON', null, 'features', `FeatureCollection has no features array (features is ${show(features)})`);
      return;
    }
    const collection = new CollectionCheck(out);
    for (let i = 0; i < features.length; i++) collection.add(features[i]);
    collection.finish();
    return;
  }
  if (type === 'Feature') {
    checkFeature(value, null, '', out);
    return;
  }
  if (typeof type === 'string' && GEOMETRY_TYPES.has(type)) {
    checkGeometry(value, null, '', 0, out);
    return;
  }
  if (type === 'Topology') {
    out.add('WRONG_TYPE', null, 'type', 'input is TopoJSON, not GeoJSON (convert it with topojson-client, or load a frontline pack with loadPack)');
    return;
  }
  if (type === undefined) out.add('NOT_GEOJSON', null, '', 'object has no "type" member, so it is not GeoJSON');
  else out.add('WRONG_TYPE', null, 'type', `type ${show(type)} is not a GeoJSON type`);
}

/**
 * `validate` of a FeatureCollection given one feature at a time, for a reader that never holds
 * the whole collection (a large file read feature by feature): `add` each feature in order,
 * then `finish` for the findings, the same as `validate` gives for the collection. Of a
 * feature only what the overlap checks between features need is kept, and only as flat
 * arrays of its rings' coordinates (16 bytes a position).
 */
export class FeatureCollectionValidator {
  private readonly out: FindingList;
  private readonly check: CollectionCheck;

  constructor(options: ValidateOptions = {}) {
    this.out = new FindingList(validMax(options.maxFindings), options.overlapToleranceM2, options.selfTouchingHoles === true);
    this.check = new CollectionCheck(this.out);
  }

  /** Checks the next feature (index: the number added before it). The feature is not kept nor modified. */
  add(feature: unknown): void {
    this.check.add(feature);
  }

  /** The findings of the whole collection; call once, after the last feature. */
  finish(): ValidationFinding[] {
    this.check.finish();
    return this.out.finish();
  }
}

/** The features of a collection, checked as they come, then against each other. */
class CollectionCheck {
  private readonly areal: ArealFeature[] = [];
  private count = 0;

  constructor(private readonly out: FindingList) {}

  add(f: unknown): void {
    const i = this.count++;
    const out = this.out;
    const at = `features[${i}]`;
    if (!isObject(f) || f.type !== 'Feature') {
      const what =
        isObject(f) && typeof f.type === 'string' && GEOMETRY_TYPES.has(f.type)
          ? `a bare ${f.type} (wrap it in a Feature)`
          : isObject(f)
            ? `an object of type ${show(f.type)}`
            : show(f);
      out.add(isObject(f) ? 'WRONG_TYPE' : 'NOT_GEOJSON', i, at, `member is ${what}, not a Feature`);
      return;
    }
    const errorsBefore = out.errors;
    checkFeature(f, i, at, out);
    const controller = isObject(f.properties) ? f.properties.controller : undefined;
    const g = f.geometry as { type?: unknown; coordinates?: unknown } | null;
    if (typeof controller === 'string' && out.errors === errorsBefore && isObject(g) && (g.type === 'Polygon' || g.type === 'MultiPolygon')) {
      const polygons = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as Position[][][];
      this.areal.push({ index: i, controller, polygons: polygons.map(flatPolygon) });
    }
  }

  finish(): void {
    checkControllers(this.areal, this.out);
  }
}

function checkFeature(f: Record<string, unknown>, feature: number | null, at: string, out: FindingList): void {
  if (!('geometry' in f)) {
    out.add('NOT_GEOJSON', feature, join(at, 'geometry'), 'Feature has no geometry member (use "geometry": null for a feature without a location)');
    return;
  }
  const g = f.geometry;
  if (g === null) {
    out.add('EMPTY_GEOMETRY', feature, join(at, 'geometry'), 'Feature has a null geometry (it has no location and no area)');
    return;
  }
  checkGeometry(g, feature, join(at, 'geometry'), 0, out);
}

function checkGeometry(g: unknown, feature: number | null, at: string, depth: number, out: FindingList): void {
  if (!isObject(g)) {
    out.add('NOT_GEOJSON', feature, at, `geometry is ${show(g)}, not a GeoJSON geometry object`);
    return;
  }
  const type = g.type;
  if (type === 'GeometryCollection') {
    const geometries = g.geometries;
    if (!Array.isArray(geometries)) {
      out.add('NOT_GEOJSON', feature, join(at, 'geometries'), `GeometryCollection has no geometries array (geometries is ${show(geometries)})`);
      return;
    }
    if (depth >= MAX_COLLECTION_NESTING) {
      out.add('NOT_GEOJSON', feature, at, `GeometryCollections nested more than ${MAX_COLLECTION_NESTING} deep (RFC 7946 asks for none); not checked further`);
      return;
    }
    if (geometries.length === 0) out.add('EMPTY_GEOMETRY', feature, at, 'GeometryCollection has no geometries');
    for (let i = 0; i < geometries.length; i++) checkGeometry(geometries[i], feature, `${join(at, 'geometries')}[${i}]`, depth + 1, out);
    return;
  }
  if (typeof type !== 'string' || !GEOMETRY_TYPES.has(type)) {
    const hint = type === 'Feature' || type === 'FeatureCollection' ? ` (a ${type} cannot stand where a geometry is expected)` : '';
    out.add('WRONG_TYPE', feature, join(at, 'type'), `geometry type ${show(type)} is not a GeoJSON geometry type${hint}`);
    return;
  }
  const coordinates = g.coordinates;
  const cAt = join(at, 'coordinates');
  if (!Array.isArray(coordinates)) {
    out.add('NOT_GEOJSON', feature, cAt, `${type} has no coordinates array (coordinates is ${show(coordinates)})`);
    return;
  }
  switch (type) {
    case 'Point':
      // RFC 7946 lets an empty coordinates array stand for an empty geometry.
      if (coordinates.length === 0) out.add('EMPTY_GEOMETRY', feature, cAt, 'Point has no coordinates (an empty point)');
      else checkPositions([coordinates], feature, cAt, 'Point', out, true);
      return;
    case 'MultiPoint': {
      if (coordinates.length === 0) out.add('EMPTY_GEOMETRY', feature, cAt, 'MultiPoint has no positions');
      coordinates.forEach((p, i) => {
        if (Array.isArray(p) && p.length === 0)
          out.add('EMPTY_PART', feature, `${cAt}[${i}]`, `point ${i} is empty; it is ignored (OGC Simple Features allow empty parts)`);
      });
      checkPositions(coordinates, feature, cAt, 'MultiPoint', out, false, true);
      return;
    }
    case 'LineString':
      checkLine(coordinates, feature, cAt, out, true);
      return;
    case 'MultiLineString':
      if (coordinates.length === 0) out.add('EMPTY_GEOMETRY', feature, cAt, 'MultiLineString has no lines');
      for (let i = 0; i < coordinates.length; i++) {
        const line: unknown = coordinates[i];
        if (Array.isArray(line) && line.length === 0)
          out.add('EMPTY_PART', feature, `${cAt}[${i}]`, `line ${i} is empty; it is ignored (OGC Simple Features allow empty parts)`);
        else checkLine(line, feature, `${cAt}[${i}]`, out, false);
      }
      return;
    case 'Polygon':
    case 'MultiPolygon':
      checkAreal(type, coordinates, feature, cAt, out);
      return;
  }
}

/** Every position of a list; one finding per kind of problem, naming the first and counting the rest. Returns false on any error. */
function checkPositions(list: unknown[], feature: number | null, at: string, what: string, out: FindingList, single = false, skipEmpty = false): boolean {
  let malformed = -1,
    nonFinite = -1,
    range = -1,
    wrapped = -1;
  let nMalformed = 0,
    nNonFinite = 0,
    nRange = 0,
    nWrapped = 0;
  let malformedMsg = '',
    nonFiniteMsg = '',
    rangeMsg = '';
  for (let i = 0; i < list.length; i++) {
    const p: unknown = list[i];
    if (skipEmpty && Array.isArray(p) && p.length === 0) continue;
    if (!Array.isArray(p) || p.length < 2) {
      if (nMalformed++ === 0) {
        malformed = i;
        malformedMsg = `position is ${show(p)}, not [longitude, latitude]`;
      }
      continue;
    }
    const lon: unknown = p[0],
      lat: unknown = p[1];
    if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat)) {
      if (nNonFinite++ === 0) {
        nonFinite = i;
        nonFiniteMsg =
          typeof lon !== 'number' || !Number.isFinite(lon) ? `longitude ${show(lon)} is not a finite number` : `latitude ${show(lat)} is not a finite number`;
      }
      continue;
    }
    if (lat < -90 || lat > 90 || lon < -540 || lon > 540) {
      if (nRange++ === 0) {
        range = i;
        rangeMsg = lat < -90 || lat > 90 ? `latitude ${lat} is outside [-90, 90]` : `longitude ${lon} is outside [-540, 540]`;
      }
    } else if (lon < -180 || lon > 180) {
      if (nWrapped++ === 0) wrapped = i;
    }
  }
  const where = (i: number) => (single ? at : `${at}[${i}]`);
  const more = (n: number) => (n > 1 ? ` (and ${n - 1} more in this ${what})` : '');
  if (nMalformed) out.add('MALFORMED_POSITION', feature, where(malformed), `${malformedMsg}${more(nMalformed)}`);
  if (nNonFinite) out.add('NON_FINITE_COORDINATE', feature, where(nonFinite), `${nonFiniteMsg}${more(nNonFinite)}`);
  if (nRange) out.add('COORDINATE_OUT_OF_RANGE', feature, where(range), `${rangeMsg}${more(nRange)}`);
  if (nWrapped) {
    const lon = (list[wrapped] as number[])[0];
    out.add(
      'LONGITUDE_WRAPPED',
      feature,
      where(wrapped),
      `longitude ${lon} is outside [-180, 180]; it is read as continuing across the antimeridian, which RFC 7946 does not allow${more(nWrapped)}`,
    );
  }
  return nMalformed + nNonFinite + nRange === 0;
}

function checkLine(line: unknown, feature: number | null, at: string, out: FindingList, only: boolean): void {
  if (!Array.isArray(line)) {
    out.add('NOT_GEOJSON', feature, at, `line is ${show(line)}, not an array of positions`);
    return;
  }
  if (!checkPositions(line, feature, at, 'line', out)) return;
  const positions = line as Position[];
  const clean = cleanPositions(positions, false);
  if (positions.length === 0 && only) out.add('EMPTY_GEOMETRY', feature, at, 'LineString has no positions');
  else if (clean.m < 2) out.add('TOO_FEW_POINTS', feature, at, `line has ${clean.m} distinct position${clean.m === 1 ? '' : 's'}; a line needs at least 2`);
  reportDuplicates(clean, feature, at, 'line', out);
  reportJumps(clean, feature, at, 'line', out, false);
}

// ---------------------------------------------------------------------------------------
// Rings

/** A ring's positions with consecutive duplicates (and the closing repeat) removed. */
export interface CleanRing {
  x: Float64Array;
  y: Float64Array;
  /** Index in the input of each vertex kept. */
  orig: Int32Array;
  /** Vertices kept. */
  m: number;
  /** First and last input positions are equal. */
  closed: boolean;
  /** Positions dropped for repeating the one before, and the first of them. */
  dups: number;
  firstDup: number;
}

/**
 * Copies a list of finite positions into typed arrays without consecutive duplicates; `ring` also
 * drops a closing repeat. With `into`, the vertices go to its arrays from `into.at` on and the
 * ring's arrays are views of them, so that the rings of a geometry lie end to end.
 */
export function cleanPositions(positions: Position[], ring: boolean, into?: { x: Float64Array; y: Float64Array; orig: Int32Array; at: number }): CleanRing {
  const n = positions.length;
  const base = into ? into.at : 0;
  const x = into ? into.x : new Float64Array(n),
    y = into ? into.y : new Float64Array(n),
    orig = into ? into.orig : new Int32Array(n);
  let m = 0,
    dups = 0,
    firstDup = -1;
  for (let i = 0; i < n; i++) {
    const p = positions[i]!;
    const px = p[0]!,
      py = p[1]!;
    if (m > 0 && px === x[base + m - 1] && py === y[base + m - 1]) {
      if (dups++ === 0) firstDup = i;
      continue;
    }
    x[base + m] = px;
    y[base + m] = py;
    orig[base + m] = i;
    m++;
  }
  const first = positions[0],
    last = positions[n - 1];
  const closed = n > 1 && first![0] === last![0] && first![1] === last![1];
  if (ring && m > 1 && x[base + m - 1] === x[base] && y[base + m - 1] === y[base]) m--;
  if (!into) return { x, y, orig, m, closed, dups, firstDup };
  return { x: x.subarray(base, base + m), y: y.subarray(base, base + m), orig: orig.subarray(base, base + m), m, closed, dups, firstDup };
}

/** Twice the signed area of a cleaned ring in the lon/lat plane (positive counter-clockwise). */
export function planarTwiceArea(r: CleanRing): number {
  const x0 = r.x[0]!,
    y0 = r.y[0]!;
  let s = 0;
  for (let k = 1; k + 1 < r.m; k++) s += (r.x[k]! - x0) * (r.y[k + 1]! - y0) - (r.x[k + 1]! - x0) * (r.y[k]! - y0);
  return s;
}

function reportDuplicates(r: CleanRing, feature: number | null, at: string, what: string, out: FindingList): void {
  if (r.dups === 0) return;
  const more = r.dups > 1 ? ` (${r.dups} repeated positions in this ${what})` : '';
  out.add('DUPLICATE_VERTEX', feature, `${at}[${r.firstDup}]`, `position repeats the one before it${more}`);
}

function reportJumps(r: CleanRing, feature: number | null, at: string, what: string, out: FindingList, ring: boolean): void {
  const edges = ring ? r.m : r.m - 1;
  let count = 0,
    first = -1;
  for (let k = 0; k < edges; k++) {
    const k2 = k + 1 === r.m ? 0 : k + 1;
    if (Math.abs(r.x[k2]! - r.x[k]!) > 180) if (count++ === 0) first = k;
  }
  if (count === 0) return;
  const more = count > 1 ? ` (${count} such edges in this ${what})` : '';
  out.add(
    'ANTIMERIDIAN_JUMP',
    feature,
    `${at}[${r.orig[first]!}]`,
    `edge spans more than 180° of longitude; area() takes it the short way across the antimeridian, the overlay the long way round: split the ${what} at ±180° or use continuous longitudes${more}`,
  );
}

/**
 * Checks a Polygon's or MultiPolygon's rings one by one (structure), then all of them together
 * (topology, polygon-topology.ts), so that the parts of a MultiPolygon are checked against each
 * other in the same sweep as the rings of each part.
 */
function checkAreal(type: 'Polygon' | 'MultiPolygon', coordinates: unknown[], feature: number | null, cAt: string, out: FindingList): void {
  if (coordinates.length === 0) {
    out.add('EMPTY_GEOMETRY', feature, cAt, `${type} has no ${type === 'Polygon' ? 'rings' : 'polygons'}`);
    return;
  }
  const multi = type === 'MultiPolygon';
  const polygons = multi ? coordinates : [coordinates];
  const rings = new RingSet(polygons, multi, cAt);
  let nonEmpty = 0;
  for (let i = 0; i < polygons.length; i++) {
    const polygon: unknown = polygons[i];
    const pAt = multi ? `${cAt}[${i}]` : cAt;
    if (!Array.isArray(polygon)) {
      out.add('NOT_GEOJSON', feature, pAt, `polygon is ${show(polygon)}, not an array of rings`);
      continue;
    }
    if (polygon.length === 0 || (Array.isArray(polygon[0]) && polygon[0].length === 0 && polygon.every((r) => Array.isArray(r) && r.length === 0))) {
      out.add(
        'EMPTY_PART',
        feature,
        pAt,
        multi ? `polygon ${i} is empty; it is ignored (OGC Simple Features allow empty parts)` : 'Polygon is empty; it has no area',
      );
      continue;
    }
    nonEmpty++;
    checkRings(polygon, multi ? i : null, feature, pAt, out, rings);
  }
  if (multi && nonEmpty === 0) out.add('EMPTY_GEOMETRY', feature, cAt, 'MultiPolygon has only empty polygons');
  if (rings.count > 0) {
    ringsTopology(
      rings.topology(),
      (code, ring, vertex, message, location) => {
        out.add(code, feature, vertex === null ? rings.path(ring) : `${rings.path(ring)}[${vertex}]`, message, location ? { location } : {});
      },
      { selfTouchingHoles: out.selfTouchingHoles, maxFindings: MAX_TOPOLOGY_FINDINGS },
    );
  }
  rings.release();
}

/**
 * The arrays the last geometry's rings were cleaned into, kept for the next one. A typed array's
 * memory lies outside V8's heap and goes only when a later collection finds the array dead, so
 * a check of a thousand polygons would otherwise allocate a thousand sets; these are reused
 * (never read before being written). Sets of more than SPARE_LIMIT vertices are not kept, so
 * that checking a large input does not leave its size in memory.
 */
let spareArrays: { x: Float64Array; y: Float64Array; orig: Int32Array } | undefined;
const SPARE_LIMIT = 1 << 16;

/**
 * The rings of one Polygon or MultiPolygon fit for topology, cleaned into one set of arrays as
 * they are checked (no copy per ring), with what names them in findings.
 */
class RingSet {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly orig: Int32Array;
  /** Vertices stored so far. */
  used = 0;
  count = 0;
  private readonly starts: number[] = [0];
  private readonly parts: number[] = [];
  /** Index of each ring in its polygon (0 the shell). */
  private readonly indices: number[] = [];
  private readonly twices: number[] = [];

  constructor(
    polygons: unknown[],
    private readonly multi: boolean,
    private readonly at: string,
  ) {
    let positions = 0;
    for (const polygon of polygons) if (Array.isArray(polygon)) for (const ring of polygon) if (Array.isArray(ring)) positions += ring.length;
    const kept = spareArrays;
    if (kept && kept.x.length >= positions) {
      spareArrays = undefined;
      this.x = kept.x;
      this.y = kept.y;
      this.orig = kept.orig;
    } else {
      this.x = new Float64Array(positions);
      this.y = new Float64Array(positions);
      this.orig = new Int32Array(positions);
    }
  }

  /** Hands the arrays on to the next geometry; the set is not used after. */
  release(): void {
    if (this.x.length <= SPARE_LIMIT && !(spareArrays && spareArrays.x.length >= this.x.length)) spareArrays = { x: this.x, y: this.y, orig: this.orig };
  }

  /** Cleans a ring (its positions checked) into the free space; `add` keeps it. */
  clean(positions: Position[]): CleanRing {
    return cleanPositions(positions, true, { x: this.x, y: this.y, orig: this.orig, at: this.used });
  }

  add(c: CleanRing, part: number, index: number, twice: number): void {
    this.used += c.m;
    this.starts.push(this.used);
    this.parts.push(part);
    this.indices.push(index);
    this.twices.push(twice);
    this.count++;
  }

  /** Where ring r is in the input, e.g. `coordinates[2][1]`. */
  path(r: number): string {
    return this.multi ? `${this.at}[${this.parts[r]!}][${this.indices[r]!}]` : `${this.at}[${this.indices[r]!}]`;
  }

  name(r: number): string {
    const k = this.indices[r]!;
    if (!this.multi) return k === 0 ? 'the shell' : `hole ${k}`;
    return k === 0 ? `the shell of polygon ${this.parts[r]!}` : `hole ${k} of polygon ${this.parts[r]!}`;
  }

  topology(): TopologyRings {
    return {
      x: this.x.subarray(0, this.used),
      y: this.y.subarray(0, this.used),
      orig: this.orig.subarray(0, this.used),
      starts: Int32Array.from(this.starts),
      part: Int32Array.from(this.parts),
      hole: Uint8Array.from(this.indices, (k) => (k > 0 ? 1 : 0)),
      twice: Float64Array.from(this.twices),
      name: (r) => this.name(r),
    };
  }
}

/**
 * Checks one polygon's rings for structure, and adds those fit for topology to `rings` (a hole
 * only when its shell is fit: a hole means nothing without one).
 */
function checkRings(polygon: unknown[], index: number | null, feature: number | null, at: string, out: FindingList, rings: RingSet): void {
  const of = index === null ? '' : ` of polygon ${index}`;
  let shellFit = false;
  for (let r = 0; r < polygon.length; r++) {
    const ring: unknown = polygon[r];
    const role = r === 0 ? 'shell' : `hole ${r}`;
    if (!Array.isArray(ring)) {
      out.add('NOT_GEOJSON', feature, `${at}[${r}]`, `ring is ${show(ring)}, not an array of positions`);
      continue;
    }
    if (ring.length === 0) {
      if (r === 0) out.add('TOO_FEW_POINTS', feature, `${at}[${r}]`, `shell${of} is empty, but it has holes; a polygon needs a shell to have holes`);
      else out.add('EMPTY_PART', feature, `${at}[${r}]`, `hole ${r}${of} is empty; it is ignored (OGC Simple Features allow empty rings)`);
      continue;
    }
    const rAt = `${at}[${r}]`;
    if (!checkPositions(ring, feature, rAt, 'ring', out)) continue;
    const c = rings.clean(ring as Position[]);
    if (!c.closed) {
      out.add(
        'UNCLOSED_RING',
        feature,
        rAt,
        `${role}${of} is not closed: its last position differs from its first (RFC 7946 asks for the first position repeated at the end)`,
      );
    }
    reportDuplicates(c, feature, rAt, 'ring', out);
    if (c.m < 3) {
      out.add(
        'TOO_FEW_POINTS',
        feature,
        rAt,
        `${role}${of} has ${c.m} distinct position${c.m === 1 ? '' : 's'}; a ring needs at least 3 (4 with the closing one)`,
      );
      continue;
    }
    reportJumps(c, feature, rAt, 'ring', out, true);
    const twice = planarTwiceArea(c);
    if (enclosesNothing(c.x, c.y, c.m)) {
      out.add(
        'ZERO_AREA_RING',
        feature,
        rAt,
        `${role}${of} encloses no area: every edge runs back along another (it is a line drawn out and back); ${r === 0 ? 'the polygon is empty' : 'remove the hole'}`,
      );
      continue;
    }
    if (r === 0 ? twice < 0 : twice > 0) {
      out.add(
        'RING_ORIENTATION',
        feature,
        rAt,
        `${role}${of} runs ${r === 0 ? 'clockwise' : 'counter-clockwise'}; RFC 7946 asks for shells counter-clockwise and holes clockwise (areas do not depend on it)`,
      );
    }
    reportBelowGrid(c, twice, feature, rAt, `${role}${of}`, out);
    if (r === 0) shellFit = true;
    else if (!shellFit) continue;
    rings.add(c, index ?? 0, r, twice);
  }
}

/**
 * A ring so thin that it has no area on the overlay's grid (grid.ts): every operation would
 * drop it, so it is said here, with its size. Only a ring whose area is below its perimeter
 * times the grid can be so thin, which spares the test for nearly every ring.
 */
function reportBelowGrid(c: CleanRing, twice: number, feature: number | null, at: string, what: string, out: FindingList): void {
  if (!isBelowGrid(c, twice)) return;
  out.add(
    'BELOW_GRID',
    feature,
    at,
    `${what} is thinner than the overlay's ${GRID_DEG}° grid (${formatSize(c)}, ${fmt(Math.abs(twice) / 2)} square degrees): union, intersection and difference would refuse it (BELOW_GRID)`,
  );
}

/** Whether a ring that encloses some area has none on the overlay's grid (grid.ts). */
export function isBelowGrid(c: CleanRing, twice = planarTwiceArea(c)): boolean {
  let perimeter = 0;
  for (let k = 0; k < c.m; k++) {
    const k2 = k + 1 === c.m ? 0 : k + 1;
    perimeter += Math.abs(c.x[k2]! - c.x[k]!) + Math.abs(c.y[k2]! - c.y[k]!);
  }
  if (Math.abs(twice) / 2 > perimeter * GRID_DEG) return false;
  const gx = new Float64Array(c.m),
    gy = new Float64Array(c.m);
  for (let k = 0; k < c.m; k++) {
    gx[k] = toGrid(c.x[k]!);
    gy[k] = toGrid(c.y[k]!);
  }
  const kept = cleanGrid(gx, gy, c.m);
  return enclosesNothing(kept.x, kept.y, kept.m) && !enclosesNothing(c.x, c.y, c.m);
}

function cleanGrid(x: Float64Array, y: Float64Array, m: number): { x: Float64Array; y: Float64Array; m: number } {
  let k = 0;
  for (let i = 0; i < m; i++) {
    if (k > 0 && x[k - 1] === x[i] && y[k - 1] === y[i]) continue;
    x[k] = x[i]!;
    y[k] = y[i]!;
    k++;
  }
  while (k > 1 && x[k - 1] === x[0] && y[k - 1] === y[0]) k--;
  return { x, y, m: k };
}

function formatSize(c: CleanRing): string {
  let w = Infinity,
    s = Infinity,
    e = -Infinity,
    n = -Infinity;
  for (let k = 0; k < c.m; k++) {
    w = Math.min(w, c.x[k]!);
    e = Math.max(e, c.x[k]!);
    s = Math.min(s, c.y[k]!);
    n = Math.max(n, c.y[k]!);
  }
  return `${fmt(e - w)}° by ${fmt(n - s)}°`;
}

function fmt(v: number): string {
  return String(Number(v.toPrecision(10)));
}

function at(x: number, y: number): string {
  return pointText(x, y);
}

// ---------------------------------------------------------------------------------------
// Overlaps between polygons

interface Boxed<T> {
  item: T;
  box: [number, number, number, number];
}

/**
 * The largest overlap (m²) between areas of `aM2` and `bM2` taken as rounding: `explicit` when it
 * is a finite number ≥ 0, else max(1 m², 1e-9 of the two areas), the rule of `ControlSnapshot`.
 */
export function overlapTolerance(aM2: number, bM2: number, explicit?: unknown): number {
  return typeof explicit === 'number' && explicit >= 0 && Number.isFinite(explicit) ? explicit : Math.max(1, 1e-9 * (aM2 + bM2));
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

function flatPolygon(rings: Position[][]): FlatPolygon {
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

interface ArealFeature {
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

function checkControllers(features: ArealFeature[], out: FindingList): void {
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
