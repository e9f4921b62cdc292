import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { FrontlineError, isFrontlineError } from '../errors.js';
import { union } from '../kernel/overlay.js';
import { polygonFeatureBounds } from './accuracy.js';
import { coverage, featureName } from './areas.js';
import type { LayerPack } from './layer.js';
import { shortEdged, type ControlSnapshot } from './snapshot.js';
import {
  areaRange,
  exactArea,
  exactRange,
  isExact,
  ratioRange,
  uncertainDifference,
  uncertainIntersection,
  uncertainUnion,
  verdictOf,
  type Range,
  type UncertainArea,
  type Verdict,
} from './uncertainty.js';

/**
 * An area, declared rather than computed: a layer (or one named feature of it), what one
 * controller held in a snapshot, or a boolean combination. `difference` takes the first
 * area minus all the others. `{ km2, source }` is an area stated as a number by a source (a
 * published table, say): it has no geometry, so it can only be a whole numerator or
 * denominator, never part of a combination.
 */
export type AreaExpr =
  | { layer: string; feature?: string }
  | { snapshot: string; controller: string }
  | { union: AreaExpr[] }
  | { intersection: AreaExpr[] }
  | { difference: [AreaExpr, ...AreaExpr[]] }
  | { km2: number; source: string };

/**
 * Another definition of a reading's terms: the reading worked out again with this numerator
 * and/or denominator in place of its own (e.g. "land lost in the 1990s" as a published table's
 * figure rather than a layer's area).
 */
export interface ClaimAlternative {
  id: string;
  /** What changes, e.g. `all land lost = the published table, 11,458 km²`. */
  name: string;
  numerator?: AreaExpr;
  denominator?: AreaExpr;
}

/** One explicit definition of what a claim's fraction could mean. */
export interface ClaimReading {
  id: string;
  name: string;
  description: string;
  numerator: AreaExpr;
  denominator: AreaExpr;
  /** Other definitions of its terms, each reported beside the reading (source sensitivity). */
  alternatives?: ClaimAlternative[];
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
  /**
   * The same ground with its bounds, when the layer's boundaries carry a stated accuracy
   * (`accuracy_m`, see `polygonFeatureBounds`). Without this method every layer is exact.
   */
  uncertainLayer?(id: string, feature?: string): UncertainArea;
  /** A snapshot; its controllers' bounds (`ControlSnapshot.uncertain`) give the ranges. */
  snapshot(id: string): ControlSnapshot;
}

/**
 * The figures of a fraction: both areas and their ratio, each with the smallest and largest
 * value the uncertain boundaries allow (`…Low`, `…High`; equal to the value where nothing is
 * uncertain), and the verdict on the range.
 */
export interface FractionFigures {
  numeratorKm2: number;
  numeratorKm2Low: number;
  numeratorKm2High: number;
  denominatorKm2: number;
  denominatorKm2Low: number;
  denominatorKm2High: number;
  fraction: number;
  /** numeratorKm2Low ÷ denominatorKm2High (see `ratioRange`). */
  fractionLow: number;
  /** numeratorKm2High ÷ denominatorKm2Low; Infinity (null in JSON) if the denominator could be empty. */
  fractionHigh: number;
  /** `around` when [fractionLow, fractionHigh] lies within the tolerance, `not around` when none of it does, else `depends`. */
  verdict: Verdict;
  /** fraction − stated (signed). */
  deviation: number;
}

/** A reading worked out again under another definition of its terms. */
export interface AlternativeResult extends FractionFigures {
  id: string;
  name: string;
}

/** One reading worked out. */
export interface ReadingResult extends FractionFigures {
  id: string;
  name: string;
  description: string;
  /** |fraction − stated| ≤ tolerance for the value alone; kept for compatibility, `verdict` accounts for the range. */
  around: boolean;
  /** The reading under each alternative definition it names (empty when it names none). */
  alternatives: AlternativeResult[];
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
  km2: ['km2', 'source'],
};

function invalid(message: string, where: string): never {
  throw new FrontlineError('INVALID_CLAIM', `${message} at ${where}`, { where });
}

/** `whole`: the expression is a whole numerator or denominator, where a stated area may stand. */
function checkExpr(value: unknown, where: string, whole = false): asserts value is AreaExpr {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid('area expression must be an object', where);
  const keys = Object.keys(value);
  const kind = Object.keys(EXPR_KEYS).find((k) => k in value);
  if (!kind) invalid(`area expression needs one of ${Object.keys(EXPR_KEYS).join(', ')} (got keys: ${keys.join(', ') || 'none'})`, where);
  // Strict on keys: a misspelt "feature" would otherwise silently widen the area to the whole layer.
  const extra = keys.filter((k) => !EXPR_KEYS[kind]!.includes(k));
  if (extra.length > 0)
    invalid(`unexpected key${extra.length > 1 ? 's' : ''} ${extra.map((k) => JSON.stringify(k)).join(', ')} in a "${kind}" expression`, where);
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
    case 'km2':
      // A number has no geometry to intersect or subtract: it can only be compared whole.
      if (!whole) invalid('a stated area (km2) has no geometry, so it cannot be part of a union, intersection or difference', where);
      if (typeof v.km2 !== 'number' || !Number.isFinite(v.km2) || v.km2 < 0) invalid('km2 must be a finite number ≥ 0', `${where}.km2`);
      if (typeof v.source !== 'string' || v.source.trim() === '') invalid('a stated area needs its source (a non-empty string)', `${where}.source`);
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
    checkExpr(reading.numerator, `${at}.numerator`, true);
    checkExpr(reading.denominator, `${at}.denominator`, true);
    if (reading.alternatives !== undefined) {
      if (!Array.isArray(reading.alternatives)) invalid('alternatives must be an array', `${at}.alternatives`);
      const altIds = new Set<string>();
      reading.alternatives.forEach((a: unknown, j) => {
        const aat = `${at}.alternatives[${j}]`;
        if (typeof a !== 'object' || a === null || Array.isArray(a)) invalid('alternative must be an object', aat);
        const alt = a as Record<string, unknown>;
        const extra = Object.keys(alt).filter((k) => !['id', 'name', 'numerator', 'denominator'].includes(k));
        if (extra.length > 0) invalid(`unexpected key${extra.length > 1 ? 's' : ''} ${extra.map((k) => JSON.stringify(k)).join(', ')} in an alternative`, aat);
        if (typeof alt.id !== 'string' || alt.id === '') invalid('id must be a non-empty string', `${aat}.id`);
        if (altIds.has(alt.id)) invalid(`alternative id "${alt.id}" is used twice`, `${aat}.id`);
        altIds.add(alt.id);
        if (typeof alt.name !== 'string') invalid('name must be a string', `${aat}.name`);
        if (alt.numerator === undefined && alt.denominator === undefined) invalid('an alternative replaces the numerator, the denominator or both', aat);
        if (alt.numerator !== undefined) checkExpr(alt.numerator, `${aat}.numerator`, true);
        if (alt.denominator !== undefined) checkExpr(alt.denominator, `${aat}.denominator`, true);
      });
    }
  });
  return value as Claim;
}

/**
 * Works out every reading of a claim: the area of its numerator and denominator (km², the
 * kernel's `areaKm2` of the combined geometry with edges cut back to `MODEL_STEP_DEG`:
 * ellipsoidal, geodesic edges; densify layers with edges longer than about 0.01° first), their
 * ratio, and where that ratio lies against the claim's tolerance of the stated fraction.
 *
 * Each figure comes with its range. Snapshots whose controllers carry bounds
 * (`ControlSnapshot.uncertain`) and layers whose boundaries state an accuracy
 * (`ClaimResolver.uncertainLayer`) are uncertain areas; an expression combines their bounds by
 * interval arithmetic (see `UncertainArea`), and the fraction's range is the numerator's low
 * over the denominator's high to its high over the denominator's low. Every value the stated
 * accuracies allow lies in the range; when the numerator and the denominator move with the same
 * boundary, the range treats them as independent and can be wider than the truth. The verdict
 * is `around` when the whole range is within the tolerance, `not around` when none of it is, and
 * `depends` otherwise. A reading's alternatives (other definitions of its terms) are worked out
 * the same way. Sub-expressions that repeat (a common denominator, say) are computed once.
 *
 * @throws FrontlineError `INVALID_CLAIM` for a malformed claim (see {@link validateClaim})
 *   or a reading whose denominator has zero area; errors from the resolver
 *   (`UNKNOWN_LAYER`, `UNKNOWN_SNAPSHOT`, `UNKNOWN_CONTROLLER`...) keep their code and get
 *   the path of the expression that asked for the area prefixed to the message and in `where`.
 */
export function checkClaim(claim: Claim, resolver: ClaimResolver): ClaimCheck {
  validateClaim(claim);
  const geometries = new Map<string, UncertainArea>();
  const areas = new Map<string, Range>();

  const evaluate = (expr: AreaExpr, where: string): UncertainArea => {
    const key = JSON.stringify(expr);
    const known = geometries.get(key);
    if (known) return known;
    let result: UncertainArea;
    if ('layer' in expr) {
      result = resolve(
        () => (resolver.uncertainLayer ? resolver.uncertainLayer(expr.layer, expr.feature) : exactArea(resolver.layer(expr.layer, expr.feature))),
        where,
      );
    } else if ('snapshot' in expr) result = resolve(() => resolver.snapshot(expr.snapshot).uncertain(expr.controller), where);
    else if ('union' in expr) result = uncertainUnion(...parts(expr.union, 'union', where));
    else if ('intersection' in expr) result = uncertainIntersection(...parts(expr.intersection, 'intersection', where));
    else if ('difference' in expr) {
      const [first, ...rest] = parts(expr.difference, 'difference', where);
      result = uncertainDifference(first!, ...rest);
    } else throw new FrontlineError('INVALID_CLAIM', `a stated area has no geometry to combine at ${where}`, { where });
    geometries.set(key, result);
    return result;
  };
  const parts = (list: AreaExpr[], kind: string, where: string): UncertainArea[] => list.map((e, i) => evaluate(e, `${where}.${kind}[${i}]`));
  const km2 = (expr: AreaExpr, where: string): Range => {
    if ('km2' in expr) return exactRange(expr.km2);
    const key = JSON.stringify(expr);
    let value = areas.get(key);
    if (value === undefined) {
      value = areaRange(evaluate(expr, where), undefined, shortEdged);
      areas.set(key, value);
    }
    return value;
  };
  const figures = (numerator: AreaExpr, denominator: AreaExpr, where: string, what: string): FractionFigures => {
    const n = km2(numerator, `${where}.numerator`);
    const d = km2(denominator, `${where}.denominator`);
    if (!(d.value > 0)) {
      throw new FrontlineError('INVALID_CLAIM', `${what} of claim "${claim.id}" has a denominator of zero area`, { where: `${where}.denominator` });
    }
    const f = ratioRange(n, d);
    return {
      numeratorKm2: n.value,
      numeratorKm2Low: n.low,
      numeratorKm2High: n.high,
      denominatorKm2: d.value,
      denominatorKm2Low: d.low,
      denominatorKm2High: d.high,
      fraction: f.value,
      fractionLow: f.low,
      fractionHigh: f.high,
      verdict: verdictOf(f, claim.stated, claim.tolerance),
      deviation: f.value - claim.stated,
    };
  };

  const readings = claim.readings.map((r, i): ReadingResult => {
    const at = `readings[${i}]`;
    const own = figures(r.numerator, r.denominator, at, `reading "${r.id}"`);
    const alternatives = (r.alternatives ?? []).map((a, j): AlternativeResult => {
      const aat = `${at}.alternatives[${j}]`;
      // An alternative that keeps a term reads it from where the reading has it.
      const numerator = a.numerator ?? r.numerator,
        denominator = a.denominator ?? r.denominator;
      const alt = figures(numerator, denominator, aat, `alternative "${a.id}" of reading "${r.id}"`);
      return { id: a.id, name: a.name, ...alt };
    });
    return {
      id: r.id,
      name: r.name,
      description: r.description,
      ...own,
      around: Math.abs(own.deviation) <= claim.tolerance,
      alternatives,
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

/**
 * A {@link ClaimResolver} over a layer pack and a list of snapshots. A layer id gives the
 * union of the layer's polygons ({@link coverage}); with `feature`, the union of the
 * features whose `properties.name` (as {@link featureName} reads it) equals it. A polygon
 * feature that states `accuracy_m` is uncertain by that much along its boundary
 * (`uncertainLayer`, `polygonFeatureBounds`); the others are exact.
 *
 * @throws FrontlineError `INVALID_ARGUMENT` when two snapshots share an id. The resolver
 *   throws `UNKNOWN_LAYER` (naming the layers, or the layer's features, that exist),
 *   `UNKNOWN_SNAPSHOT` (naming the snapshots) and `INVALID_ARGUMENT` for a layer with no polygons
 *   or a bad `accuracy_m`.
 */
export function resolverFrom(pack: LayerPack, snapshots: readonly ControlSnapshot[]): ClaimResolver {
  const byId = new Map<string, ControlSnapshot>();
  for (const s of snapshots) {
    if (byId.has(s.id)) throw new FrontlineError('INVALID_ARGUMENT', `two snapshots share the id "${s.id}"`, { where: s.id });
    byId.set(s.id, s);
  }
  /** The polygon features a layer expression names, or the error saying why there are none. */
  const polygonFeatures = (id: string, feature: string | undefined): Feature<Polygon | MultiPolygon>[] => {
    const features = pack.layer(id).geojson.features;
    const isPolygon = (f: Feature): f is Feature<Polygon | MultiPolygon> => f?.geometry?.type === 'Polygon' || f?.geometry?.type === 'MultiPolygon';
    if (feature === undefined) {
      const polygons = features.filter(isPolygon);
      if (polygons.length === 0) {
        throw new FrontlineError('INVALID_ARGUMENT', `layer "${id}" has no polygons, so it has no area to compare`, { where: id });
      }
      return polygons;
    }
    const names = features.map((f, i) => featureName(f, i));
    const chosen = features.filter((_, i) => names[i] === feature);
    if (chosen.length === 0) {
      throw new FrontlineError('UNKNOWN_LAYER', `layer "${id}" has no feature named "${feature}" (features: ${[...new Set(names)].join(', ')})`, {
        where: `${id}/${feature}`,
      });
    }
    const polygons = chosen.filter(isPolygon);
    if (polygons.length === 0) {
      throw new FrontlineError('INVALID_ARGUMENT', `feature "${feature}" of layer "${id}" is not a polygon, so it has no area`, { where: `${id}/${feature}` });
    }
    return polygons;
  };
  const layer = (id: string, feature?: string): MultiPolygon => {
    const polygons = polygonFeatures(id, feature);
    if (feature === undefined) return coverage(pack.layer(id));
    return union(polygons[0]!.geometry, ...polygons.slice(1).map((f) => f.geometry));
  };
  return {
    layer,
    uncertainLayer(id, feature) {
      const bounded = polygonFeatures(id, feature).map((f) => polygonFeatureBounds(f));
      if (bounded.every(isExact)) return exactArea(layer(id, feature));
      return uncertainUnion(...bounded);
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
