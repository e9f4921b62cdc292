import type { MultiPolygon, Polygon } from 'geojson';
import { FrontlineError, isFrontlineError } from '../errors.js';
import { areaKm2 } from '../kernel/area.js';
import { difference, intersection, union, type Areal } from '../kernel/overlay.js';
import { coverage, featureName } from './areas.js';
import type { LayerPack } from './layer.js';
import { shortEdged, type ControlSnapshot } from './snapshot.js';

/**
 * An area, declared rather than computed: a layer (or one named feature of it), what one
 * controller held in a snapshot, or a boolean combination. `difference` takes the first
 * area minus all the others.
 */
export type AreaExpr =
  | { layer: string; feature?: string }
  | { snapshot: string; controller: string }
  | { union: AreaExpr[] }
  | { intersection: AreaExpr[] }
  | { difference: [AreaExpr, ...AreaExpr[]] };

/** One explicit definition of what a claim's fraction could mean. */
export interface ClaimReading {
  id: string;
  name: string;
  description: string;
  numerator: AreaExpr;
  denominator: AreaExpr;
}

/** A quantitative statement about a fraction of land, with the readings it admits. */
export interface Claim {
  id: string;
  /** The statement as made (paraphrase when quoting is not allowed). */
  text: string;
  /** Who made it, where. */
  source: string;
  /** The fraction stated, e.g. 0.2 for "one fifth". */
  stated: number;
  /** How far (absolute, on the fraction) a reading may be from `stated` and still be "around" it. */
  tolerance: number;
  readings: ClaimReading[];
}

/** Where the areas a claim names come from. */
export interface ClaimResolver {
  /** The layer's ground (all its polygons), or that of its features named `feature`. */
  layer(id: string, feature?: string): Polygon | MultiPolygon;
  snapshot(id: string): ControlSnapshot;
}

/** One reading worked out. */
export interface ReadingResult {
  id: string;
  name: string;
  description: string;
  numeratorKm2: number;
  denominatorKm2: number;
  fraction: number;
  /** |fraction − stated| ≤ tolerance. */
  around: boolean;
  /** fraction − stated (signed). */
  deviation: number;
}

export interface ClaimCheck {
  claim: { id: string; text: string; source: string; stated: number; tolerance: number };
  method: 'ellipsoidal';
  readings: ReadingResult[];
}

const EXPR_KEYS: Record<string, readonly string[]> = {
  layer: ['layer', 'feature'],
  snapshot: ['snapshot', 'controller'],
  union: ['union'],
  intersection: ['intersection'],
  difference: ['difference'],
};

function invalid(message: string, where: string): never {
  throw new FrontlineError('INVALID_CLAIM', `${message} at ${where}`, { where });
}

function checkExpr(value: unknown, where: string): asserts value is AreaExpr {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid('area expression must be an object', where);
  const keys = Object.keys(value);
  const kind = Object.keys(EXPR_KEYS).find((k) => k in value);
  if (!kind) invalid(`area expression needs one of ${Object.keys(EXPR_KEYS).join(', ')} (got keys: ${keys.join(', ') || 'none'})`, where);
  // Strict on keys: a misspelt "feature" would otherwise silently widen the area to the whole layer.
  const extra = keys.filter((k) => !EXPR_KEYS[kind]!.includes(k));
  if (extra.length > 0) invalid(`unexpected key${extra.length > 1 ? 's' : ''} ${extra.map((k) => JSON.stringify(k)).join(', ')} in a "${kind}" expression`, where);
  const v = value as Record<string, unknown>;
  switch (kind) {
    case 'layer':
      if (typeof v.layer !== 'string' || v.layer === '') invalid('layer must be a non-empty string', `${where}.layer`);
      if (v.feature !== undefined && (typeof v.feature !== 'string' || v.feature === '')) invalid('feature must be a non-empty string', `${where}.feature`);
      return;
    case 'snapshot':
      if (typeof v.snapshot !== 'string' || v.snapshot === '') invalid('snapshot must be a non-empty string', `${where}.snapshot`);
      if (typeof v.controller !== 'string' || v.controller === '') invalid('controller must be a non-empty string', `${where}.controller`);
      return;
    default: {
      const list = v[kind];
      if (!Array.isArray(list) || list.length === 0) invalid(`${kind} must be a non-empty array of area expressions`, `${where}.${kind}`);
      list.forEach((item, i) => checkExpr(item, `${where}.${kind}[${i}]`));
    }
  }
}

/**
 * Checks that a value is a well-formed {@link Claim} and returns it typed.
 *
 * @throws FrontlineError `INVALID_CLAIM` whose `where` is the path of the bad element,
 *   e.g. `readings[2].numerator.union[1]`.
 */
export function validateClaim(value: unknown): Claim {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid('claim must be an object', 'claim');
  const c = value as Record<string, unknown>;
  if (typeof c.id !== 'string' || c.id === '') invalid('id must be a non-empty string', 'id');
  if (typeof c.text !== 'string') invalid('text must be a string', 'text');
  if (typeof c.source !== 'string') invalid('source must be a string', 'source');
  if (typeof c.stated !== 'number' || !Number.isFinite(c.stated)) invalid('stated must be a finite number (a fraction, e.g. 0.2)', 'stated');
  if (typeof c.tolerance !== 'number' || !Number.isFinite(c.tolerance) || c.tolerance < 0) invalid('tolerance must be a finite number ≥ 0', 'tolerance');
  if (!Array.isArray(c.readings) || c.readings.length === 0) invalid('readings must be a non-empty array', 'readings');
  const ids = new Set<string>();
  c.readings.forEach((r: unknown, i) => {
    const at = `readings[${i}]`;
    if (typeof r !== 'object' || r === null || Array.isArray(r)) invalid('reading must be an object', at);
    const reading = r as Record<string, unknown>;
    if (typeof reading.id !== 'string' || reading.id === '') invalid('id must be a non-empty string', `${at}.id`);
    if (ids.has(reading.id)) invalid(`reading id "${reading.id}" is used twice`, `${at}.id`);
    ids.add(reading.id);
    if (typeof reading.name !== 'string') invalid('name must be a string', `${at}.name`);
    if (typeof reading.description !== 'string') invalid('description must be a string', `${at}.description`);
    checkExpr(reading.numerator, `${at}.numerator`);
    checkExpr(reading.denominator, `${at}.denominator`);
  });
  return value as Claim;
}

/**
 * Works out every reading of a claim: the area of its numerator and denominator (km², the
 * kernel's `areaKm2` of the combined geometry with edges cut back to `MODEL_STEP_DEG`:
 * ellipsoidal, geodesic edges; densify layers with edges longer than about 0.01° first), their ratio, and whether the ratio is within the
 * claim's tolerance of the stated fraction. Sub-expressions that repeat (a common
 * denominator, say) are computed once.
 *
 * @throws FrontlineError `INVALID_CLAIM` for a malformed claim (see {@link validateClaim})
 *   or a reading whose denominator has zero area; errors from the resolver
 *   (`UNKNOWN_LAYER`, `UNKNOWN_SNAPSHOT`, `UNKNOWN_CONTROLLER`...) keep their code and get
 *   the path of the expression that asked for the area prefixed to the message and in `where`.
 */
export function checkClaim(claim: Claim, resolver: ClaimResolver): ClaimCheck {
  validateClaim(claim);
  const geometries = new Map<string, MultiPolygon>();
  const areas = new Map<string, number>();

  const evaluate = (expr: AreaExpr, where: string): MultiPolygon => {
    const key = JSON.stringify(expr);
    const known = geometries.get(key);
    if (known) return known;
    let result: MultiPolygon;
    if ('layer' in expr) result = asMulti(resolve(() => resolver.layer(expr.layer, expr.feature), where));
    else if ('snapshot' in expr) result = resolve(() => resolver.snapshot(expr.snapshot).geometry(expr.controller), where);
    else if ('union' in expr) result = combine(union, expr.union, 'union', where);
    else if ('intersection' in expr) result = combine(intersection, expr.intersection, 'intersection', where);
    else result = combine(difference, expr.difference, 'difference', where);
    geometries.set(key, result);
    return result;
  };
  const combine = (op: (a: Areal, ...rest: Areal[]) => MultiPolygon, list: AreaExpr[], kind: string, where: string): MultiPolygon => {
    const parts = list.map((e, i) => evaluate(e, `${where}.${kind}[${i}]`));
    return op(parts[0]!, ...parts.slice(1));
  };
  const km2 = (expr: AreaExpr, where: string): number => {
    const key = JSON.stringify(expr);
    let value = areas.get(key);
    if (value === undefined) {
      value = areaKm2(shortEdged(evaluate(expr, where)));
      areas.set(key, value);
    }
    return value;
  };

  const readings = claim.readings.map((r, i): ReadingResult => {
    const numeratorKm2 = km2(r.numerator, `readings[${i}].numerator`);
    const denominatorKm2 = km2(r.denominator, `readings[${i}].denominator`);
    if (!(denominatorKm2 > 0)) {
      throw new FrontlineError('INVALID_CLAIM', `reading "${r.id}" of claim "${claim.id}" has a denominator of zero area`, {
        where: `readings[${i}].denominator`,
      });
    }
    const fraction = numeratorKm2 / denominatorKm2;
    const deviation = fraction - claim.stated;
    return {
      id: r.id,
      name: r.name,
      description: r.description,
      numeratorKm2,
      denominatorKm2,
      fraction,
      around: Math.abs(deviation) <= claim.tolerance,
      deviation,
    };
  });

  return {
    claim: { id: claim.id, text: claim.text, source: claim.source, stated: claim.stated, tolerance: claim.tolerance },
    method: 'ellipsoidal',
    readings,
  };
}

function resolve<T>(get: () => T, where: string): T {
  try {
    return get();
  } catch (error) {
    if (isFrontlineError(error)) throw new FrontlineError(error.code, `${where}: ${error.message}`, { where, cause: error });
    throw error;
  }
}

function asMulti(geometry: Polygon | MultiPolygon): MultiPolygon {
  return geometry.type === 'MultiPolygon' ? geometry : { type: 'MultiPolygon', coordinates: [geometry.coordinates] };
}

/**
 * A {@link ClaimResolver} over a layer pack and a list of snapshots. A layer id gives the
 * union of the layer's polygons ({@link coverage}); with `feature`, the union of the
 * features whose `properties.name` (as {@link featureName} reads it) equals it.
 *
 * @throws FrontlineError `INVALID_ARGUMENT` when two snapshots share an id. The resolver
 *   throws `UNKNOWN_LAYER` (naming the layers, or the layer's features, that exist),
 *   `UNKNOWN_SNAPSHOT` (naming the snapshots) and `INVALID_ARGUMENT` for a layer with no polygons.
 */
export function resolverFrom(pack: LayerPack, snapshots: readonly ControlSnapshot[]): ClaimResolver {
  const byId = new Map<string, ControlSnapshot>();
  for (const s of snapshots) {
    if (byId.has(s.id)) throw new FrontlineError('INVALID_ARGUMENT', `two snapshots share the id "${s.id}"`, { where: s.id });
    byId.set(s.id, s);
  }
  return {
    layer(id, feature) {
      const layer = pack.layer(id);
      if (feature === undefined) {
        const ground = coverage(layer);
        if (ground.coordinates.length === 0) {
          throw new FrontlineError('INVALID_ARGUMENT', `layer "${id}" has no polygons, so it has no area to compare`, { where: id });
        }
        return ground;
      }
      const features = layer.geojson.features;
      const names = features.map((f, i) => featureName(f, i));
      const chosen = features.filter((_, i) => names[i] === feature);
      if (chosen.length === 0) {
        throw new FrontlineError('UNKNOWN_LAYER', `layer "${id}" has no feature named "${feature}" (features: ${[...new Set(names)].join(', ')})`, {
          where: `${id}/${feature}`,
        });
      }
      const polygons = chosen.map((f) => f.geometry).filter((g): g is Polygon | MultiPolygon => g?.type === 'Polygon' || g?.type === 'MultiPolygon');
      if (polygons.length === 0) {
        throw new FrontlineError('INVALID_ARGUMENT', `feature "${feature}" of layer "${id}" is not a polygon, so it has no area`, { where: `${id}/${feature}` });
      }
      return union(polygons[0]!, ...polygons.slice(1));
    },
    snapshot(id) {
      const found = byId.get(id);
      if (!found) {
        throw new FrontlineError('UNKNOWN_SNAPSHOT', `no snapshot "${id}" (snapshots: ${[...byId.keys()].join(', ') || 'none'})`, { where: id });
      }
      return found;
    },
  };
}
