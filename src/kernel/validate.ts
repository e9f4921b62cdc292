/**
 * Validation of GeoJSON: what is wrong with an input, where, and how badly, as a list of
 * findings rather than an exception, so that a caller sees every problem at once.
 *
 * Structure is checked against RFC 7946 (types, members, positions); polygons against the
 * OGC Simple Features rules that matter for areas and overlays: rings closed, of at least
 * three distinct vertices, not crossing themselves or each other, holes inside their shell and
 * outside each other, parts of a MultiPolygon not overlapping. Two departures from OGC, both
 * because the overlay (overlay.ts) produces such shapes and they enclose the same ground: a
 * ring that touches itself without crossing, at a point (the shape of a shell with a hole
 * touching it) or along a zero-width spike or slit, is a warning, not an error; parts of a
 * MultiPolygon that share an edge are accepted. Where two edges run along each other, their
 * directions (each ring taken as RFC 7946 winds it) tell a shared border (opposite: a touch)
 * from ground enclosed twice (the same: an error).
 *
 * Topology is decided with exact orientation tests: a floating-point determinant with
 * Shewchuk's error bound ("Adaptive Precision Floating-Point Arithmetic and Fast Robust
 * Geometric Predicates", 1997), and where the bound cannot decide, the same determinant in
 * BigInt on the exact binary values of the coordinates. One allowance for resolution: what
 * happens within 1.5 steps of the overlay's grid (1.5e-9°, 0.17 mm) is rounding, not shape. Two
 * edges that cross where an end of one lies that close to the other touch there; a spike or a
 * stretch of two edges along each other that short is no error. The overlay rounds every point
 * where edges cross to its grid, and Clipper's outputs then cross themselves or double back by
 * a step here and there (and, written back as doubles, a vertex on an edge can land a rounding
 * error beyond it); calling that invalid would make such outputs invalid and `repair` endless.
 *
 * Candidate pairs of edges come from a packed R-tree of the edges' boxes (sorted along a
 * Hilbert curve, 16 entries a node), so a ring of n vertices costs O(n log n) plus the pairs
 * whose boxes meet: a 10^6-vertex polygon takes about a second and 130 MB, on typed
 * arrays, without recursion.
 *
 * Edges are straight in longitude/latitude, as the overlay reads them.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { describeValue } from '../errors.js';
import { MAX_COLLECTION_NESTING, area } from './area.js';
import { densify } from './densify.js';
import { OVERLAY_GRID_DEG, intersection } from './overlay.js';

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
  | 'CONTROLLER_OVERLAP'
  | 'EMPTY_GEOMETRY'
  | 'DUPLICATE_VERTEX'
  | 'RING_SELF_TOUCH'
  | 'LONGITUDE_WRAPPED'
  | 'ANTIMERIDIAN_JUMP'
  | 'RING_ORIENTATION'
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
  CONTROLLER_OVERLAP: 'error',
  EMPTY_GEOMETRY: 'warning',
  DUPLICATE_VERTEX: 'warning',
  RING_SELF_TOUCH: 'warning',
  LONGITUDE_WRAPPED: 'warning',
  ANTIMERIDIAN_JUMP: 'warning',
  RING_ORIENTATION: 'info',
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
   * Overlaps (between controllers, or parts of a MultiPolygon) at or below this area, m², are
   * taken as rounding. Default: max(1 m², 1e-9 of the two areas), the rule `ControlSnapshot`
   * applies, so that a collection validate accepts is one the snapshot accepts.
   */
  overlapToleranceM2?: number;
  /** Findings listed before the rest are only counted (one `TOO_MANY_FINDINGS` says how many); default 10,000. */
  maxFindings?: number;
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
  const out = new FindingList(validMax(options.maxFindings), options.overlapToleranceM2);
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

/**
 * The errors that make a (Multi)Polygon mean something other than it looks, polygon by polygon:
 * rings crossing themselves or each other, holes outside their shell or inside each other (and
 * the structural errors `validate` reports). Overlaps between the polygons of a MultiPolygon
 * are not among them: read as a union, they mean what they look like.
 *
 * @param geometry a Polygon or MultiPolygon whose positions are already known to be sound.
 * @returns the error findings, paths relative to the geometry (`coordinates[0][5]`); empty when
 *   the geometry can be taken as it is.
 */
export function polygonErrors(geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown }): ValidationFinding[] {
  const out = new FindingList(100, undefined);
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : Array.isArray(geometry.coordinates) ? geometry.coordinates : [];
  polygons.forEach((rings: unknown, i: number) => {
    if (Array.isArray(rings) && rings.length > 0) checkPolygon(rings, null, geometry.type === 'Polygon' ? 'coordinates' : `coordinates[${i}]`, out);
  });
  return out.list.filter((f) => f.severity === 'error');
}

function validMax(max: unknown): number {
  return typeof max === 'number' && max >= 1 ? Math.floor(max) : 10_000;
}

class FindingList {
  readonly list: ValidationFinding[] = [];
  suppressed = 0;
  errors = 0;
  readonly tolerance: number | undefined;

  constructor(readonly max: number, tolerance: unknown) {
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
    const areal: ArealFeature[] = [];
    for (let i = 0; i < features.length; i++) {
      const f: unknown = features[i];
      const at = `features[${i}]`;
      if (!isObject(f) || f.type !== 'Feature') {
        const what = isObject(f) && typeof f.type === 'string' && GEOMETRY_TYPES.has(f.type) ? `a bare ${f.type} (wrap it in a Feature)` : isObject(f) ? `an object of type ${show(f.type)}` : show(f);
        out.add(isObject(f) ? 'WRONG_TYPE' : 'NOT_GEOJSON', i, at, `member is ${what}, not a Feature`);
        continue;
      }
      const errorsBefore = out.errors;
      checkFeature(f, i, at, out);
      const controller = isObject(f.properties) ? f.properties.controller : undefined;
      const g = f.geometry as { type?: unknown } | null;
      if (typeof controller === 'string' && out.errors === errorsBefore && isObject(g) && (g.type === 'Polygon' || g.type === 'MultiPolygon')) {
        areal.push({ index: i, controller, geometry: g as Polygon | MultiPolygon });
      }
    }
    checkControllers(areal, out);
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
      checkPositions([coordinates], feature, cAt, 'Point', out, true);
      return;
    case 'MultiPoint':
      if (coordinates.length === 0) out.add('EMPTY_GEOMETRY', feature, cAt, 'MultiPoint has no positions');
      checkPositions(coordinates, feature, cAt, 'MultiPoint', out);
      return;
    case 'LineString':
      checkLine(coordinates, feature, cAt, out, true);
      return;
    case 'MultiLineString':
      if (coordinates.length === 0) out.add('EMPTY_GEOMETRY', feature, cAt, 'MultiLineString has no lines');
      for (let i = 0; i < coordinates.length; i++) checkLine(coordinates[i], feature, `${cAt}[${i}]`, out, false);
      return;
    case 'Polygon': {
      if (coordinates.length === 0) {
        out.add('EMPTY_GEOMETRY', feature, cAt, 'Polygon has no rings');
        return;
      }
      checkPolygon(coordinates, feature, cAt, out);
      return;
    }
    case 'MultiPolygon': {
      if (coordinates.length === 0) {
        out.add('EMPTY_GEOMETRY', feature, cAt, 'MultiPolygon has no polygons');
        return;
      }
      const parts: Part[] = [];
      for (let i = 0; i < coordinates.length; i++) {
        const rings: unknown = coordinates[i];
        const pAt = `${cAt}[${i}]`;
        if (!Array.isArray(rings)) {
          out.add('NOT_GEOJSON', feature, pAt, `polygon is ${show(rings)}, not an array of rings`);
          continue;
        }
        if (rings.length === 0) {
          out.add('EMPTY_GEOMETRY', feature, pAt, 'polygon has no rings');
          continue;
        }
        const sound = checkPolygon(rings, feature, pAt, out);
        if (sound) parts.push({ index: i, rings: rings as Position[][] });
      }
      checkParts(parts, feature, cAt, out);
      return;
    }
  }
}

/** Every position of a list; one finding per kind of problem, naming the first and counting the rest. Returns false on any error. */
function checkPositions(list: unknown[], feature: number | null, at: string, what: string, out: FindingList, single = false): boolean {
  let malformed = -1, nonFinite = -1, range = -1, wrapped = -1;
  let nMalformed = 0, nNonFinite = 0, nRange = 0, nWrapped = 0;
  let malformedMsg = '', nonFiniteMsg = '', rangeMsg = '';
  for (let i = 0; i < list.length; i++) {
    const p: unknown = list[i];
    if (!Array.isArray(p) || p.length < 2) {
      if (nMalformed++ === 0) {
        malformed = i;
        malformedMsg = `position is ${show(p)}, not [longitude, latitude]`;
      }
      continue;
    }
    const lon: unknown = p[0], lat: unknown = p[1];
    if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat)) {
      if (nNonFinite++ === 0) {
        nonFinite = i;
        nonFiniteMsg = typeof lon !== 'number' || !Number.isFinite(lon) ? `longitude ${show(lon)} is not a finite number` : `latitude ${show(lat)} is not a finite number`;
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
    out.add('LONGITUDE_WRAPPED', feature, where(wrapped), `longitude ${lon} is outside [-180, 180]; it is read as continuing across the antimeridian, which RFC 7946 does not allow${more(nWrapped)}`);
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

/** Copies a list of finite positions into typed arrays without consecutive duplicates; `ring` also drops a closing repeat. */
export function cleanPositions(positions: Position[], ring: boolean): CleanRing {
  const n = positions.length;
  const x = new Float64Array(n), y = new Float64Array(n), orig = new Int32Array(n);
  let m = 0, dups = 0, firstDup = -1;
  for (let i = 0; i < n; i++) {
    const p = positions[i]!;
    const px = p[0]!, py = p[1]!;
    if (m > 0 && px === x[m - 1] && py === y[m - 1]) {
      if (dups++ === 0) firstDup = i;
      continue;
    }
    x[m] = px;
    y[m] = py;
    orig[m] = i;
    m++;
  }
  const first = positions[0], last = positions[n - 1];
  const closed = n > 1 && first![0] === last![0] && first![1] === last![1];
  if (ring && m > 1 && x[m - 1] === x[0] && y[m - 1] === y[0]) m--;
  return { x, y, orig, m, closed, dups, firstDup };
}

/** Twice the signed area of a cleaned ring in the lon/lat plane (positive counter-clockwise). */
export function planarTwiceArea(r: CleanRing): number {
  const x0 = r.x[0]!, y0 = r.y[0]!;
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
  let count = 0, first = -1;
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
 * Checks one polygon's rings (structure, then topology); returns true when it is sound enough
 * to be measured and overlaid (no error found in it).
 */
function checkPolygon(rings: unknown[], feature: number | null, at: string, out: FindingList): boolean {
  const errorsBefore = out.errors;
  const clean: CleanRing[] = [];
  const names: number[] = [];
  for (let r = 0; r < rings.length; r++) {
    const ring: unknown = rings[r];
    const rAt = `${at}[${r}]`;
    const role = r === 0 ? 'shell' : `hole ${r}`;
    if (!Array.isArray(ring)) {
      out.add('NOT_GEOJSON', feature, rAt, `ring is ${show(ring)}, not an array of positions`);
      continue;
    }
    if (!checkPositions(ring, feature, rAt, 'ring', out)) continue;
    const c = cleanPositions(ring as Position[], true);
    if (ring.length > 0 && !c.closed) {
      out.add('UNCLOSED_RING', feature, rAt, `${role} is not closed: its last position differs from its first (RFC 7946 asks for the first position repeated at the end)`);
    }
    reportDuplicates(c, feature, rAt, 'ring', out);
    if (c.m < 3) {
      out.add('TOO_FEW_POINTS', feature, rAt, `${role} has ${c.m} distinct position${c.m === 1 ? '' : 's'}; a ring needs at least 3 (4 with the closing one)`);
      continue;
    }
    reportJumps(c, feature, rAt, 'ring', out, true);
    const twice = planarTwiceArea(c);
    if (r === 0 ? twice < 0 : twice > 0) {
      out.add('RING_ORIENTATION', feature, rAt, `${role} runs ${r === 0 ? 'clockwise' : 'counter-clockwise'}; RFC 7946 asks for shells counter-clockwise and holes clockwise (areas do not depend on it)`);
    }
    // Topology needs the shell; a hole that is unusable is left out of it.
    if (r === 0 || clean.length > 0) {
      clean.push(c);
      names.push(r);
    }
  }
  if (clean.length > 0) {
    const paths = names.map((r) => `${at}[${r}]`);
    polygonTopology(clean, names, (code, ring, vertex, message, location) => {
      out.add(code, feature, vertex === null ? paths[ring]! : `${paths[ring]!}[${vertex}]`, message, location ? { location } : {});
    });
  }
  return out.errors === errorsBefore;
}

// ---------------------------------------------------------------------------------------
// Exact orientation

/** Shewchuk's bound on the error of the floating-point 2×2 determinant below, (3 + 16ε)ε. */
const ORIENT_BOUND = 3.3306690738754716e-16;

/**
 * Sign of the turn a → b → c: 1 counter-clockwise, −1 clockwise, 0 collinear, exact for any
 * finite doubles.
 */
export function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const l = (ax - cx) * (by - cy);
  const r = (ay - cy) * (bx - cx);
  const det = l - r;
  const bound = ORIENT_BOUND * (Math.abs(l) + Math.abs(r));
  // Products near the bottom of the double range lose digits the bound does not count.
  if (bound > 1e-280) {
    if (det > bound) return 1;
    if (-det > bound) return -1;
  } else if (l === 0 && r === 0 && (ax === cx || by === cy) && (ay === cy || bx === cx)) {
    return 0;
  }
  return orientExact(ax, ay, bx, by, cx, cy);
}

const scratch = new DataView(new ArrayBuffer(8));

/** A double as an exact integer: its value times 2^1074. */
function exact(v: number): bigint {
  if (v === 0) return 0n;
  scratch.setFloat64(0, v);
  const hi = scratch.getUint32(0), lo = scratch.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let shift = 0;
  if (biased !== 0) {
    mantissa |= 1n << 52n;
    shift = biased - 1;
  }
  const value = mantissa << BigInt(shift);
  return hi >>> 31 ? -value : value;
}

function orientExact(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const X = exact(cx), Y = exact(cy);
  const det = (exact(ax) - X) * (exact(by) - Y) - (exact(ay) - Y) * (exact(bx) - X);
  return det > 0n ? 1 : det < 0n ? -1 : 0;
}

// ---------------------------------------------------------------------------------------
// Packed R-tree of boxes

const NODE_SIZE = 16;

/**
 * A static R-tree over n boxes: entries sorted along a Hilbert curve through their centres,
 * packed 16 to a node, levels stored bottom-up in flat typed arrays. Searches use an explicit
 * stack, so no input can exhaust the call stack.
 */
export class BoxIndex {
  private readonly boxes: Float64Array;
  /** For an entry: its index in the input; for a node: the position of its first child. */
  private readonly ids: Uint32Array;
  /** Position where each level ends (level 0: the entries). */
  private readonly levelEnds: number[];
  /** Work space of `search`: (position, level) pairs; a depth-first walk holds at most 16 a level. */
  private readonly stack: Uint32Array;

  /** @param input n boxes as [minX, minY, maxX, maxY, ...] (finite numbers, min ≤ max). */
  constructor(input: Float64Array, n: number) {
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      if (input[4 * i]! < minX) minX = input[4 * i]!;
      if (input[4 * i + 1]! < minY) minY = input[4 * i + 1]!;
      if (input[4 * i + 2]! > maxX) maxX = input[4 * i + 2]!;
      if (input[4 * i + 3]! > maxY) maxY = input[4 * i + 3]!;
    }
    const levelEnds = [n];
    let total = n, count = n;
    do {
      count = Math.ceil(count / NODE_SIZE);
      total += count;
      levelEnds.push(total);
    } while (count > 1);
    this.levelEnds = levelEnds;
    this.boxes = new Float64Array(4 * total);
    this.ids = new Uint32Array(total);

    // Sort by Hilbert value with the entry's index packed below it, so a plain numeric sort of
    // one Float64Array does it (exact: the key stays below 2^53).
    const indexBits = Math.max(1, Math.ceil(Math.log2(n + 1)));
    const hilbertShift = Math.max(0, 32 + indexBits - 53);
    const scale = 2 ** indexBits;
    const w = maxX - minX || 1, h = maxY - minY || 1;
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const cx = ((input[4 * i]! + input[4 * i + 2]!) / 2 - minX) / w;
      const cy = ((input[4 * i + 1]! + input[4 * i + 3]!) / 2 - minY) / h;
      const hv = hilbert(Math.min(65535, Math.floor(cx * 65535)), Math.min(65535, Math.floor(cy * 65535)));
      keys[i] = Math.floor(hv / 2 ** hilbertShift) * scale + i;
    }
    keys.sort();
    const boxes = this.boxes;
    for (let p = 0; p < n; p++) {
      const key = keys[p]!;
      const i = key - Math.floor(key / scale) * scale;
      this.ids[p] = i;
      boxes[4 * p] = input[4 * i]!;
      boxes[4 * p + 1] = input[4 * i + 1]!;
      boxes[4 * p + 2] = input[4 * i + 2]!;
      boxes[4 * p + 3] = input[4 * i + 3]!;
    }
    this.stack = new Uint32Array(2 * (NODE_SIZE * levelEnds.length + 1));
    let start = 0;
    for (let level = 1; level < levelEnds.length; level++) {
      const end = levelEnds[level - 1]!;
      let node = end;
      for (let child = start; child < end; child += NODE_SIZE) {
        let a = Infinity, b = Infinity, c = -Infinity, d = -Infinity;
        const last = Math.min(child + NODE_SIZE, end);
        for (let q = child; q < last; q++) {
          if (this.boxes[4 * q]! < a) a = this.boxes[4 * q]!;
          if (this.boxes[4 * q + 1]! < b) b = this.boxes[4 * q + 1]!;
          if (this.boxes[4 * q + 2]! > c) c = this.boxes[4 * q + 2]!;
          if (this.boxes[4 * q + 3]! > d) d = this.boxes[4 * q + 3]!;
        }
        this.boxes[4 * node] = a;
        this.boxes[4 * node + 1] = b;
        this.boxes[4 * node + 2] = c;
        this.boxes[4 * node + 3] = d;
        this.ids[node] = child;
        node++;
      }
      start = end;
    }
  }

  /**
   * Calls `visit(i, j)` once for every pair i < j of input boxes that meet: one search per
   * leaf node (its 16 entries together) rather than one per entry.
   */
  pairs(visit: (i: number, j: number) => void): void {
    const n = this.levelEnds[0]!;
    const b = this.boxes, ids = this.ids;
    let leaf = n;
    for (let first = 0; first < n; first += NODE_SIZE, leaf++) {
      const last = Math.min(first + NODE_SIZE, n);
      this.searchPositions(b[4 * leaf]!, b[4 * leaf + 1]!, b[4 * leaf + 2]!, b[4 * leaf + 3]!, (q) => {
        const j = ids[q]!;
        const qx0 = b[4 * q]!, qy0 = b[4 * q + 1]!, qx1 = b[4 * q + 2]!, qy1 = b[4 * q + 3]!;
        for (let p = first; p < last; p++) {
          const i = ids[p]!;
          if (i < j && b[4 * p]! <= qx1 && qx0 <= b[4 * p + 2]! && b[4 * p + 1]! <= qy1 && qy0 <= b[4 * p + 3]!) visit(i, j);
        }
      });
    }
  }

  /** Calls `visit(i)` for every input box that meets [minX, maxX] × [minY, maxY] (closed). */
  search(minX: number, minY: number, maxX: number, maxY: number, visit: (i: number) => void): void {
    const ids = this.ids;
    this.searchPositions(minX, minY, maxX, maxY, (p) => visit(ids[p]!));
  }

  /** Like `search`, with the entries' positions in the sorted order. */
  private searchPositions(minX: number, minY: number, maxX: number, maxY: number, visit: (p: number) => void): void {
    if (this.levelEnds[0] === 0) return;
    const b = this.boxes, ids = this.ids, stack = this.stack, ends = this.levelEnds;
    stack[0] = b.length / 4 - 1;
    stack[1] = ends.length - 1;
    let top = 2;
    while (top > 0) {
      const level = stack[--top]!;
      const node = stack[--top]!;
      if (b[4 * node]! > maxX || b[4 * node + 1]! > maxY || b[4 * node + 2]! < minX || b[4 * node + 3]! < minY) continue;
      if (level === 0) {
        visit(node);
        continue;
      }
      const first = ids[node]!;
      const last = Math.min(first + NODE_SIZE, ends[level - 1]!);
      for (let q = first; q < last; q++) {
        stack[top++] = q;
        stack[top++] = level - 1;
      }
    }
  }
}

/** Position of (x, y), each in [0, 65535], along a Hilbert curve over that square. */
function hilbert(x: number, y: number): number {
  let d = 0;
  for (let s = 32768; s > 0; s >>= 1) {
    const rx = (x & s) > 0 ? 1 : 0;
    const ry = (y & s) > 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    if (ry === 0) {
      if (rx === 1) {
        x = 65535 - x;
        y = 65535 - y;
      }
      const t = x;
      x = y;
      y = t;
    }
  }
  return d;
}

// ---------------------------------------------------------------------------------------
// Polygon topology

type TopologyCode = 'SELF_INTERSECTION' | 'RING_SELF_TOUCH' | 'HOLE_OUTSIDE_SHELL' | 'OVERLAPPING_HOLES';

/** Receives one topology finding: ring (index into the rings given), vertex (input index) or null for the ring itself. */
export type TopologyReport = (code: TopologyCode, ring: number, vertex: number | null, message: string, location?: [number, number]) => void;

function fmt(v: number): string {
  return String(Number(v.toPrecision(10)));
}

function at(x: number, y: number): string {
  return `(${fmt(x)}, ${fmt(y)})`;
}

/**
 * The topology of one polygon, from its cleaned rings (ring 0 the shell, each with at least 3
 * vertices): rings crossing or running along themselves or each other, rings touching
 * themselves, holes outside the shell or inside each other. `names[r]` is ring r's index in the
 * input polygon (for messages). Reports through `report`; returns the number of errors.
 */
export function polygonTopology(rings: readonly CleanRing[], names: readonly number[], report: TopologyReport): number {
  let total = 0;
  const starts = new Int32Array(rings.length + 1);
  for (let r = 0; r < rings.length; r++) starts[r + 1] = starts[r]! + rings[r]!.m;
  total = starts[rings.length]!;
  const X = new Float64Array(total), Y = new Float64Array(total);
  const ringOf = new Int32Array(total);
  for (let r = 0; r < rings.length; r++) {
    X.set(rings[r]!.x.subarray(0, rings[r]!.m), starts[r]!);
    Y.set(rings[r]!.y.subarray(0, rings[r]!.m), starts[r]!);
    ringOf.fill(r, starts[r]!, starts[r + 1]!);
  }
  // Segment s runs from vertex s to the next vertex of its ring.
  const nextOf = new Int32Array(total), prevOf = new Int32Array(total);
  for (let s = 0; s < total; s++) {
    const r = ringOf[s]!;
    nextOf[s] = s + 1 === starts[r + 1]! ? starts[r]! : s + 1;
    prevOf[s] = s === starts[r]! ? starts[r + 1]! - 1 : s - 1;
  }
  const next = (s: number): number => nextOf[s]!;
  const prev = (s: number): number => prevOf[s]!;
  const boxes = new Float64Array(4 * total);
  for (let s = 0; s < total; s++) {
    const t = next(s);
    boxes[4 * s] = Math.min(X[s]!, X[t]!);
    boxes[4 * s + 1] = Math.min(Y[s]!, Y[t]!);
    boxes[4 * s + 2] = Math.max(X[s]!, X[t]!);
    boxes[4 * s + 3] = Math.max(Y[s]!, Y[t]!);
  }
  const index = new BoxIndex(boxes, total);

  let listed = 0, unlisted = 0, unlistedErrors = 0, errors = 0;
  const emit: TopologyReport = (code, ring, vertex, message, location) => {
    if (code !== 'RING_SELF_TOUCH') errors++;
    if (listed < MAX_TOPOLOGY_FINDINGS) {
      listed++;
      report(code, ring, vertex, message, location);
    } else {
      unlisted++;
      if (code !== 'RING_SELF_TOUCH') unlistedErrors++;
    }
  };
  const vertexName = (s: number): number => rings[ringOf[s]!]!.orig[s - starts[ringOf[s]!]!]!;
  const edgeName = (s: number): string => `[${vertexName(s)}]→[${vertexName(next(s))}]`;
  const role = (r: number): string => (r === 0 ? 'the shell' : `hole ${names[r]}`);
  const crossed = new Set<number>();
  const pairKey = (a: number, b: number): number => (a < b ? a * rings.length + b : b * rings.length + a);
  // +1 for a ring wound as RFC 7946 has it (shell counter-clockwise, holes clockwise), −1 if
  // not: where two edges run along each other, their directions so corrected tell a shared
  // border (opposite) from ground enclosed twice (the same).
  const forward = rings.map((r, i) => ((i === 0 ? planarTwiceArea(r) >= 0 : planarTwiceArea(r) <= 0) ? 1 : -1));
  const SPIKE = 'it encloses nothing, and is valid here; OGC Simple Features (PostGIS, GEOS) reject it';

  const relation = (sa: number, sb: number, what: 'crosses' | 'runs along', x: number, y: number): void => {
    const ra = ringOf[sa]!, rb = ringOf[sb]!;
    if (ra === rb) {
      const message = what === 'crosses' ? `ring crosses itself: edge ${edgeName(sa)} crosses edge ${edgeName(sb)} at ${at(x, y)}` : `ring runs along itself: edges ${edgeName(sa)} and ${edgeName(sb)} overlap from ${at(x, y)}`;
      emit('SELF_INTERSECTION', ra, vertexName(sa), message, [x, y]);
      return;
    }
    const key = pairKey(ra, rb);
    if (crossed.has(key)) return;
    crossed.add(key);
    const [r1, s1, r2, s2] = ra < rb ? [ra, sa, rb, sb] : [rb, sb, ra, sa];
    const verb = what === 'crosses' ? 'crosses' : 'runs along';
    if (r1 === 0) emit('HOLE_OUTSIDE_SHELL', r2, vertexName(s2), `hole ${names[r2]} ${verb} the shell (edge ${edgeName(s2)} and shell edge ${edgeName(s1)}) at ${at(x, y)}, so part of it lies outside`, [x, y]);
    else emit('OVERLAPPING_HOLES', r2, vertexName(s2), `holes ${names[r1]} and ${names[r2]} overlap: edge ${edgeName(s2)} ${verb} edge ${edgeName(s1)} of hole ${names[r1]} at ${at(x, y)}`, [x, y]);
  };

  // Points where two edges touch without crossing there; decided below from all edges through them.
  const nodes = new Map<string, { x: number; y: number; segments: Set<number> }>();
  const touch = (x: number, y: number, sa: number, sb: number): void => {
    const key = `${x},${y}`;
    let node = nodes.get(key);
    if (!node) nodes.set(key, (node = { x, y, segments: new Set() }));
    node.segments.add(sa).add(sb);
  };

  const pair = (sa: number, sb: number): void => {
    const a1 = sa, a2 = nextOf[sa]!, b1 = sb, b2 = nextOf[sb]!;
    const ax1 = X[a1]!, ay1 = Y[a1]!, ax2 = X[a2]!, ay2 = Y[a2]!;
    const bx1 = X[b1]!, by1 = Y[b1]!, bx2 = X[b2]!, by2 = Y[b2]!;
    if (a2 === b1 || b2 === a1) {
      // Neighbours along a ring share a vertex; they are wrong only when the second turns back
      // along the first (a spike). In a triangle the two share both ends.
      if (a2 === b1 && onRay(ax2, ay2, ax1, ay1, bx2, by2) && !tiny(ax1, ay1, ax2, ay2, bx2, by2)) emit('RING_SELF_TOUCH', ringOf[sa]!, vertexName(a2), `ring turns straight back on itself at ${at(ax2, ay2)}: a spike of zero width (${SPIKE})`, [ax2, ay2]);
      else if (b2 === a1 && onRay(ax1, ay1, ax2, ay2, bx1, by1) && !tiny(ax2, ay2, ax1, ay1, bx1, by1)) emit('RING_SELF_TOUCH', ringOf[sa]!, vertexName(a1), `ring turns straight back on itself at ${at(ax1, ay1)}: a spike of zero width (${SPIKE})`, [ax1, ay1]);
      return;
    }
    const d1 = orient(bx1, by1, bx2, by2, ax1, ay1);
    const d2 = orient(bx1, by1, bx2, by2, ax2, ay2);
    if (d1 !== 0 && d1 === d2) return;
    const d3 = orient(ax1, ay1, ax2, ay2, bx1, by1);
    const d4 = orient(ax1, ay1, ax2, ay2, bx2, by2);
    if (d3 !== 0 && d3 === d4) return;
    if (d1 === 0 && d2 === 0) {
      // Collinear: compare positions along the line on an axis it is not perpendicular to.
      const useX = ax1 !== ax2;
      const pa1 = useX ? ax1 : ay1, pa2 = useX ? ax2 : ay2, pb1 = useX ? bx1 : by1, pb2 = useX ? bx2 : by2;
      const lo = Math.max(Math.min(pa1, pa2), Math.min(pb1, pb2));
      const hi = Math.min(Math.max(pa1, pa2), Math.max(pb1, pb2));
      if (lo > hi) return;
      const pick = (v: number): [number, number] => (v === pa1 ? [ax1, ay1] : v === pa2 ? [ax2, ay2] : v === pb1 ? [bx1, by1] : [bx2, by2]);
      const [x, y] = pick(lo);
      const [xe, ye] = pick(hi);
      if (lo === hi || Math.hypot(xe - x, ye - y) <= NEAR_DEG) {
        touch(x, y, sa, sb);
        return;
      }
      const ra = ringOf[sa]!, rb = ringOf[sb]!;
      if (Math.sign(pa2 - pa1) * forward[ra]! === Math.sign(pb2 - pb1) * forward[rb]!) relation(sa, sb, 'runs along', x, y);
      else if (ra === rb) emit('RING_SELF_TOUCH', ra, vertexName(sa), `ring runs back along itself from ${at(x, y)} to ${at(xe, ye)} (edges ${edgeName(sa)} and ${edgeName(sb)}): a slit of zero width (${SPIKE})`, [x, y]);
      else {
        // Two rings sharing a stretch of border, each on its own side of it: a touch.
        touch(x, y, sa, sb);
        touch(xe, ye, sa, sb);
      }
      return;
    }
    if (d1 * d2 < 0 && d3 * d4 < 0) {
      // A crossing shallower than the overlay's grid is rounding (an overlay output written back
      // to doubles moves a vertex that lay on an edge to just beyond it): a touch at that end.
      let near = false;
      if (nearSegment(ax1, ay1, bx1, by1, bx2, by2)) (near = true), touch(ax1, ay1, sa, sb);
      if (nearSegment(ax2, ay2, bx1, by1, bx2, by2)) (near = true), touch(ax2, ay2, sa, sb);
      if (nearSegment(bx1, by1, ax1, ay1, ax2, ay2)) (near = true), touch(bx1, by1, sa, sb);
      if (nearSegment(bx2, by2, ax1, ay1, ax2, ay2)) (near = true), touch(bx2, by2, sa, sb);
      if (near) return;
      const t = crossingParameter(ax1, ay1, ax2, ay2, bx1, by1, bx2, by2);
      relation(sa, sb, 'crosses', ax1 + t * (ax2 - ax1), ay1 + t * (ay2 - ay1));
      return;
    }
    // One end lies on the other edge (or the edges share an end): a touch, unless the passes
    // through that point cross, which the node analysis decides.
    if (d1 === 0) touch(ax1, ay1, sa, sb);
    if (d2 === 0) touch(ax2, ay2, sa, sb);
    if (d3 === 0) touch(bx1, by1, sa, sb);
    if (d4 === 0) touch(bx2, by2, sa, sb);
  };

  index.pairs(pair);

  // At each touching point, every pass of a ring through it: through a vertex (its two
  // neighbours) or through the inside of an edge (its two ends). Two passes cross when the
  // second's neighbours lie on different sides of the first.
  const nodeKeys = new Set<string>();
  for (const node of nodes.values()) {
    nodeKeys.add(`${node.x},${node.y}`);
    const passes = new Map<string, { ring: number; s: number; p: number; q: number }>();
    for (const s of node.segments) {
      const e = next(s);
      const ring = ringOf[s]!;
      if (X[s] === node.x && Y[s] === node.y) passes.set(`v${s}`, { ring, s, p: prev(s), q: e });
      else if (X[e] === node.x && Y[e] === node.y) passes.set(`v${e}`, { ring, s: e, p: s, q: next(e) });
      else passes.set(`e${s}`, { ring, s, p: s, q: e });
    }
    const list = [...passes.values()];
    const vx = node.x, vy = node.y;
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const A = list[i]!, B = list[j]!;
        const crossing = passesCross(vx, vy, X[A.p]!, Y[A.p]!, X[A.q]!, Y[A.q]!, X[B.p]!, Y[B.p]!, X[B.q]!, Y[B.q]!);
        const [first, second] = A.s <= B.s ? [A, B] : [B, A];
        if (crossing) relation(first.s, second.s, 'crosses', vx, vy);
        else if (A.ring === B.ring) emit('RING_SELF_TOUCH', A.ring, vertexName(first.s), `ring touches itself at ${at(vx, vy)} without crossing (valid here and in RFC 7946; OGC Simple Features, and so PostGIS or GEOS, want it as a hole touching the shell)`, [vx, vy]);
      }
    }
  }

  // Holes that cross nothing lie wholly inside or outside each other ring: one point off
  // every other ring decides, by counting the crossings of a ray towards +x per ring.
  for (let h = 1; h < rings.length; h++) {
    let counts: Map<number, number> | undefined;
    let point: [number, number] | undefined;
    for (const candidate of candidates(h)) {
      counts = rayCrossings(h, candidate[0], candidate[1]);
      if (counts) {
        point = candidate;
        break;
      }
    }
    if (!counts || !point) continue;
    const [px, py] = point;
    if ((counts.get(0) ?? 0) % 2 === 0 && !crossed.has(pairKey(0, h))) {
      crossed.add(pairKey(0, h));
      emit('HOLE_OUTSIDE_SHELL', h, null, `hole ${names[h]} lies outside the shell (its point ${at(px, py)} is not inside it)`, [px, py]);
    }
    for (const [g, c] of counts) {
      if (g === 0 || c % 2 === 0 || crossed.has(pairKey(g, h))) continue;
      crossed.add(pairKey(g, h));
      emit('OVERLAPPING_HOLES', h, null, `hole ${names[h]} lies inside hole ${names[g]} (its point ${at(px, py)} is inside it)`, [px, py]);
    }
  }
  if (unlisted > 0) report(unlistedErrors > 0 ? 'SELF_INTERSECTION' : 'RING_SELF_TOUCH', 0, null, `and ${unlisted} more crossings or touches in this polygon (${unlistedErrors} of them errors), not listed`);
  return errors;

  /** Points of ring h to test: vertices that touch no other ring, then middles of edges; a few of each. */
  function* candidates(h: number): Generator<[number, number]> {
    let tried = 0;
    for (let s = starts[h]!; s < starts[h + 1]! && tried < 16; s++) {
      if (nodeKeys.has(`${X[s]},${Y[s]}`)) continue;
      tried++;
      yield [X[s]!, Y[s]!];
    }
    for (let s = starts[h]!; s < starts[h + 1]! && s < starts[h]! + 16; s++) yield [(X[s]! + X[next(s)]!) / 2, (Y[s]! + Y[next(s)]!) / 2];
  }

  /** Crossings per ring of the ray from (px, py) towards +x, ring h left out; undefined when the point lies on another ring. */
  function rayCrossings(h: number, px: number, py: number): Map<number, number> | undefined {
    const counts = new Map<number, number>();
    let onBoundary = false;
    index.search(px, py, Infinity, py, (s) => {
      const r = ringOf[s]!;
      if (r === h || onBoundary) return;
      const e = next(s);
      const sy = Y[s]!, ey = Y[e]!;
      const o = orient(X[s]!, sy, X[e]!, ey, px, py);
      if (o === 0 && Math.min(X[s]!, X[e]!) <= px && px <= Math.max(X[s]!, X[e]!) && Math.min(sy, ey) <= py && py <= Math.max(sy, ey)) {
        onBoundary = true;
        return;
      }
      if (sy > py === ey > py) return;
      if (ey > sy ? o > 0 : o < 0) counts.set(r, (counts.get(r) ?? 0) + 1);
    });
    return onBoundary ? undefined : counts;
  }
}

/**
 * Below this distance (1.5 grid steps of the overlay) a crossing, a spike or an overlap of two
 * edges is rounding, not shape: the overlay rounds each point where edges cross to the nearest
 * grid point (up to 0.71 of a step away), so two rings meeting there can end up crossing each
 * other, or doubling back, within about 1.42 steps of it.
 */
const NEAR_DEG = 1.5 * OVERLAY_GRID_DEG;

/** Whether the spike at v (between p and q on one ray from it) is no longer than rounding. */
function tiny(px: number, py: number, vx: number, vy: number, qx: number, qy: number): boolean {
  return Math.min(Math.hypot(px - vx, py - vy), Math.hypot(qx - vx, qy - vy)) <= NEAR_DEG;
}

/** Whether p lies within {@link NEAR_DEG} of the segment a–b (in the lon/lat plane). */
function nearSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): boolean {
  const dx = bx - ax, dy = by - ay;
  const t = Math.min(1, Math.max(0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(ax + t * dx - px, ay + t * dy - py) <= NEAR_DEG;
}

/** Where along a1→a2 it crosses b1→b2 (0..1), from the two determinants. */
function crossingParameter(ax1: number, ay1: number, ax2: number, ay2: number, bx1: number, by1: number, bx2: number, by2: number): number {
  const ux = ax2 - ax1, uy = ay2 - ay1, vx = bx2 - bx1, vy = by2 - by1;
  const den = ux * vy - uy * vx;
  if (den === 0) return 0.5;
  const t = ((bx1 - ax1) * vy - (by1 - ay1) * vx) / den;
  return Math.min(1, Math.max(0, t));
}

/** Whether direction (dx, dy) from v lies strictly inside the counter-clockwise sweep from f to t. */
function inSweep(vx: number, vy: number, fx: number, fy: number, tx: number, ty: number, dx: number, dy: number): boolean {
  const ft = orient(vx, vy, fx, fy, tx, ty);
  if (ft > 0) return orient(vx, vy, fx, fy, dx, dy) > 0 && orient(vx, vy, dx, dy, tx, ty) > 0;
  if (ft < 0) return !(orient(vx, vy, tx, ty, dx, dy) >= 0 && orient(vx, vy, dx, dy, fx, fy) >= 0);
  if (sameDirection(vx, vy, fx, fy, tx, ty)) return !(orient(vx, vy, fx, fy, dx, dy) === 0 && sameDirection(vx, vy, fx, fy, dx, dy));
  return orient(vx, vy, fx, fy, dx, dy) > 0;
}

/** For p and q collinear with v: whether they lie on the same side of it. */
function sameDirection(vx: number, vy: number, px: number, py: number, qx: number, qy: number): boolean {
  return Math.sign(px - vx) === Math.sign(qx - vx) && Math.sign(py - vy) === Math.sign(qy - vy);
}

function onRay(vx: number, vy: number, rx: number, ry: number, dx: number, dy: number): boolean {
  return orient(vx, vy, rx, ry, dx, dy) === 0 && sameDirection(vx, vy, rx, ry, dx, dy);
}

/** Whether the pass b1–v–b2 crosses the pass a1–v–a2 at v (edges along each other do not count here). */
function passesCross(vx: number, vy: number, a1x: number, a1y: number, a2x: number, a2y: number, b1x: number, b1y: number, b2x: number, b2y: number): boolean {
  // Passes that run within rounding of each other (a neighbour of one that close to an edge of
  // the other) may swap sides at the point without crossing in any sense that survives the grid.
  if (
    nearSegment(b1x, b1y, vx, vy, a1x, a1y) || nearSegment(b1x, b1y, vx, vy, a2x, a2y) || nearSegment(b2x, b2y, vx, vy, a1x, a1y) || nearSegment(b2x, b2y, vx, vy, a2x, a2y) ||
    nearSegment(a1x, a1y, vx, vy, b1x, b1y) || nearSegment(a1x, a1y, vx, vy, b2x, b2y) || nearSegment(a2x, a2y, vx, vy, b1x, b1y) || nearSegment(a2x, a2y, vx, vy, b2x, b2y)
  ) {
    return false;
  }
  if (onRay(vx, vy, a1x, a1y, b1x, b1y) || onRay(vx, vy, a2x, a2y, b1x, b1y) || onRay(vx, vy, a1x, a1y, b2x, b2y) || onRay(vx, vy, a2x, a2y, b2x, b2y)) return false;
  return inSweep(vx, vy, a1x, a1y, a2x, a2y, b1x, b1y) !== inSweep(vx, vy, a1x, a1y, a2x, a2y, b2x, b2y);
}

// ---------------------------------------------------------------------------------------
// Overlaps between polygons

interface Part {
  index: number;
  rings: Position[][];
}

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

/** Box [west, south, east, north] of the outer rings of a list of polygons. */
export function boxOf(polygons: Position[][][]): [number, number, number, number] {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const rings of polygons) {
    for (const p of rings[0] ?? []) {
      if (p[0]! < w) w = p[0]!;
      if (p[0]! > e) e = p[0]!;
      if (p[1]! < s) s = p[1]!;
      if (p[1]! > n) n = p[1]!;
    }
  }
  return [w, s, e, n];
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

function checkParts(parts: Part[], feature: number | null, at: string, out: FindingList): void {
  if (parts.length < 2) return;
  const items = parts.map((p) => ({ item: p, box: boxOf([p.rings]) }));
  overlappingBoxPairs(items, (a, b) => {
    const [first, second] = a.item.index < b.item.index ? [a.item, b.item] : [b.item, a.item];
    const pa: Polygon = { type: 'Polygon', coordinates: first.rings }, pb: Polygon = { type: 'Polygon', coordinates: second.rings };
    const { areaM2, location } = sharedAreaM2(pa, pb);
    if (areaM2 > out.toleranceFor(area(pa), area(pb))) {
      out.add('OVERLAPPING_POLYGONS', feature, `${at}[${second.index}]`, `polygons ${first.index} and ${second.index} of the MultiPolygon overlap by ${formatArea(areaM2)} (ellipsoidal), so the area counts that ground twice`, {
        ...(location ? { location } : {}),
        areaM2,
      });
    }
  });
}

interface ArealFeature {
  index: number;
  controller: string;
  geometry: Polygon | MultiPolygon;
}

function checkControllers(features: ArealFeature[], out: FindingList): void {
  const byController = new Map<string, { features: number[]; polygons: Position[][][] }>();
  for (const f of features) {
    let entry = byController.get(f.controller);
    if (!entry) byController.set(f.controller, (entry = { features: [], polygons: [] }));
    entry.features.push(f.index);
    if (f.geometry.type === 'Polygon') entry.polygons.push(f.geometry.coordinates);
    else for (const p of f.geometry.coordinates) entry.polygons.push(p);
  }
  if (byController.size < 2) return;
  const items = [...byController].filter(([, e]) => e.polygons.length > 0).map(([name, e], order) => ({ item: { name, order, ...e }, box: boxOf(e.polygons) }));
  overlappingBoxPairs(items, (x, y) => {
    const [a, b] = x.item.order < y.item.order ? [x.item, y.item] : [y.item, x.item];
    const ga: MultiPolygon = { type: 'MultiPolygon', coordinates: a.polygons }, gb: MultiPolygon = { type: 'MultiPolygon', coordinates: b.polygons };
    const { areaM2, location } = sharedAreaM2(ga, gb);
    if (!(areaM2 > out.toleranceFor(area(ga), area(gb)))) return;
    const list = (e: { features: number[] }) => `${e.features.length === 1 ? 'feature' : 'features'} ${e.features.slice(0, 5).join(', ')}${e.features.length > 5 ? ', …' : ''}`;
    out.add(
      'CONTROLLER_OVERLAP',
      b.features[0]!,
      `features[${b.features[0]!}].properties.controller`,
      `controllers ${show(a.name)} (${list(a)}) and ${show(b.name)} (${list(b)}) overlap by ${formatArea(areaM2)} (ellipsoidal)${location ? ` near ${at(location[0], location[1])}` : ''}; one snapshot cannot give the same ground to two controllers`,
      { ...(location ? { location } : {}), areaM2 },
    );
  });
}

function formatArea(m2: number): string {
  return m2 >= 1e5 ? `${fmt(m2 / 1e6)} km²` : `${fmt(m2)} m²`;
}
