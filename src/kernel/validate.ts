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
 *
 * This module walks the input's structure; the checks it calls live beside it: the finding
 * codes and the list they go into (validate-findings.ts), positions (validate-positions.ts),
 * the rings of polygons (validate-rings.ts), overlaps between features (validate-overlaps.ts).
 */
import type { Position } from 'geojson';
import { describeValue } from '../errors.js';
import { MAX_COLLECTION_NESTING } from './area.js';
import { FindingList, type FindingCode, type ValidationFinding } from './validate-findings.js';
import { checkControllers, flatPolygon, type ArealFeature } from './validate-overlaps.js';
import { checkPositions, cleanPositions, reportDuplicates, reportJumps } from './validate-positions.js';
import { checkAreal } from './validate-rings.js';

export { BoxIndex } from './box-index.js';
export { FINDING_SEVERITY, overlapTolerance, type FindingCode, type FindingSeverity, type ValidationFinding } from './validate-findings.js';
export { facingPolygons, overlappingBoxPairs, sharedAreaM2 } from './validate-overlaps.js';
export { cleanPositions, planarTwiceArea, type CleanRing } from './validate-positions.js';
export { isBelowGrid } from './validate-rings.js';

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
