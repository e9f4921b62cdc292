import type { MultiPolygon } from 'geojson';
import { FrontlineError } from '../errors.js';
import { areaKm2 } from '../kernel/area.js';
import { difference, intersection, isEmpty, union, type Areal } from '../kernel/overlay.js';

/**
 * An area known only within bounds: `inner` ⊆ `geometry` ⊆ `outer`.
 *
 * `geometry` is the area as drawn (the point estimate). `inner` is the ground that belongs to
 * the area wherever each uncertain boundary lies within its band; `outer` is the ground that
 * could belong to it. An exact area has all three the same object ({@link exactArea}), so that
 * nothing is computed twice and its range is zero exactly, not up to rounding.
 *
 * Bounds pass through set operations by interval arithmetic. Union and intersection grow with
 * both arguments and a difference A − B grows with A and shrinks with B, so
 *
 * - (A ∪ B) lies between A⁻ ∪ B⁻ and A⁺ ∪ B⁺, and likewise for ∩;
 * - (A − B) lies between A⁻ − B⁺ and A⁺ − B⁻.
 *
 * Every true area the bands allow lies between the bounds, whatever the boundaries do inside
 * their bands. The bounds treat the arguments as moving independently: when both rest on the
 * same uncertain boundary (A − A is the extreme case), they are wider than the true range, never
 * narrower.
 */
export interface UncertainArea {
  readonly geometry: MultiPolygon;
  readonly inner: MultiPolygon;
  readonly outer: MultiPolygon;
}

/** A value with the smallest and largest values its uncertain inputs allow (`low ≤ value ≤ high`). */
export interface Range {
  readonly value: number;
  readonly low: number;
  readonly high: number;
}

/**
 * How a fraction's range sits against a claim: `around` when the whole range lies within the
 * tolerance of the stated fraction, `not around` when none of it does, `depends` otherwise.
 */
export type Verdict = 'around' | 'not around' | 'depends';

const asMulti = (g: Areal): MultiPolygon => (g.type === 'MultiPolygon' ? g : { type: 'MultiPolygon', coordinates: [g.coordinates] });

/** An area with no uncertainty: its bounds are the geometry itself. */
export function exactArea(geometry: Areal): UncertainArea {
  const g = asMulti(geometry);
  return { geometry: g, inner: g, outer: g };
}

/** True when the area's bounds are its geometry (see {@link exactArea}). */
export function isExact(area: UncertainArea): boolean {
  return area.inner === area.geometry && area.outer === area.geometry;
}

/** The three set operations, as `uncertainSetOperation` names them. */
export type SetOperation = 'union' | 'intersection' | 'difference';

const OPS: Record<SetOperation, (a: Areal, ...rest: Areal[]) => MultiPolygon> = { union, intersection, difference };

/**
 * A set operation on uncertain areas (`difference`: the first less all the others), with the
 * bounds of {@link UncertainArea}. Exact inputs give an exact result, with no bounds computed
 * (they would only add rounding).
 *
 * @param geometry the operation's result on the geometries, when the caller has it already
 *   (a diff's gained ground, say): only the bounds are then computed.
 */
export function uncertainSetOperation(operation: SetOperation, parts: readonly UncertainArea[], geometry?: MultiPolygon): UncertainArea {
  if (parts.length === 0) throw new FrontlineError('INVALID_ARGUMENT', 'a set operation on uncertain areas needs at least one area');
  const op = OPS[operation];
  const apply = (pick: (p: UncertainArea, i: number) => MultiPolygon) => {
    const list = parts.map(pick);
    return op(list[0]!, ...list.slice(1));
  };
  const result = geometry ?? apply((p) => p.geometry);
  if (parts.every(isExact)) return exactArea(result);
  // A difference shrinks as what is taken away grows: its inner bound takes the others' outer bounds.
  const shrinks = (i: number) => operation === 'difference' && i > 0;
  return {
    geometry: result,
    inner: apply((p, i) => (shrinks(i) ? p.outer : p.inner)),
    outer: apply((p, i) => (shrinks(i) ? p.inner : p.outer)),
  };
}

/** Union of uncertain areas: bounds are the unions of the bounds. */
export function uncertainUnion(...parts: UncertainArea[]): UncertainArea {
  return uncertainSetOperation('union', parts);
}

/** Intersection of uncertain areas: bounds are the intersections of the bounds. */
export function uncertainIntersection(...parts: UncertainArea[]): UncertainArea {
  return uncertainSetOperation('intersection', parts);
}

/** The first area less all the others: inner = first⁻ − others⁺, outer = first⁺ − others⁻. */
export function uncertainDifference(first: UncertainArea, ...others: UncertainArea[]): UncertainArea {
  return uncertainSetOperation('difference', [first, ...others]);
}

/**
 * The part of an uncertain area on one side of an uncertain line.
 *
 * `side` is the part of `area.geometry` (X) the line, as drawn, leaves on the wanted side
 * (however the caller decides which faces those are); `band` (K) is the zone the true line lies
 * in (see `lineBand`). The true part is T ∩ H, for a true area T between the area's bounds and
 * H the wanted side of the true line, which differs from the drawn side only inside K:
 *
 * - inner = (side ∩ area.inner) − K: ground on the wanted side wherever the line is, and in the
 *   area whatever its own boundaries do;
 * - outer = area.outer − ((X − side) − K): everything that could be in the area, less the ground
 *   the drawn line puts on the other side farther from it than its band.
 *
 * The sides of the line are known only inside X, where it was drawn to cut. Ground the area
 * could gain outside X (area.outer − X) is kept in the outer bound whichever side it would fall
 * on: a line that ends inside another line's band leaves that ground undecided.
 *
 * For an exact area these are side − K and side ∪ (K ∩ X): the smallest part is the drawn part
 * less the band, the largest is the drawn part plus the band's share of the area. An empty band
 * over an exact area gives an exact result.
 */
export function cutByUncertainLine(area: UncertainArea, side: Areal, band: Areal): UncertainArea {
  const geometry = asMulti(side);
  const noBand = isEmpty(band);
  if (noBand && isExact(area)) return exactArea(geometry);
  const sure = noBand ? intersection(geometry, area.inner) : difference(intersection(geometry, area.inner), band);
  const otherSide = difference(area.geometry, geometry);
  const surelyOther = noBand ? otherSide : difference(otherSide, band);
  return { geometry, inner: sure, outer: difference(area.outer, surelyOther) };
}

/**
 * The area of an uncertain area, km² (the kernel's `areaKm2`: WGS84, geodesic edges), with its
 * range: the areas of its bounds, widened to include the value so that rounding in the overlay
 * (about 1e-9 of the area) cannot put the value outside it. An exact area's range is
 * [value, value] exactly.
 *
 * @param knownKm2 the area of `area.geometry` when the caller has it already.
 * @param measure turns a geometry into the form it is measured in (the model measures overlay
 *   results with short edges, `shortEdged`); applied to all three.
 */
export function areaRange(area: UncertainArea, knownKm2?: number, measure: (g: MultiPolygon) => MultiPolygon = (g) => g): Range {
  const value = knownKm2 ?? areaKm2(measure(area.geometry));
  if (isExact(area)) return { value, low: value, high: value };
  const low = area.inner === area.geometry ? value : areaKm2(measure(area.inner));
  const high = area.outer === area.geometry ? value : areaKm2(measure(area.outer));
  return { value, low: Math.min(low, value), high: Math.max(high, value) };
}

/** An exact value: low = value = high. */
export function exactRange(value: number): Range {
  return { value, low: value, high: value };
}

/**
 * x − y for two ranges, by interval arithmetic: [x.low − y.high, x.high − y.low]. When x and y
 * rest on the same uncertain boundary the interval is wider than the truth (see
 * {@link UncertainArea}).
 */
export function rangeDifference(x: Range, y: Range): Range {
  return { value: x.value - y.value, low: x.low - y.high, high: x.high - y.low };
}

/** The overlap of two ranges of the same quantity, each a valid bound: a tighter valid bound. */
export function rangeOverlap(x: Range, y: Range): Range {
  return { value: x.value, low: Math.max(x.low, y.low), high: Math.min(x.high, y.high) };
}

/**
 * numerator ÷ denominator for two ranges of non-negative quantities: [num.low ÷ den.high,
 * num.high ÷ den.low]. It contains every ratio the inputs allow; when both move with the same
 * boundary it can be wider than the true range. A denominator that could be zero gives an
 * upper bound of Infinity.
 */
export function ratioRange(numerator: Range, denominator: Range): Range {
  const value = numerator.value / denominator.value;
  const low = numerator.low / denominator.high;
  const high = denominator.low > 0 ? numerator.high / denominator.low : Number.POSITIVE_INFINITY;
  return { value, low: Math.min(low, value), high: Math.max(high, value) };
}

/**
 * Where a fraction's range lies against `stated ± tolerance` (bounds included): `around` when
 * all of [low, high] is inside, `not around` when none of it is, `depends` otherwise.
 */
export function verdictOf(range: Pick<Range, 'low' | 'high'>, stated: number, tolerance: number): Verdict {
  const from = stated - tolerance,
    to = stated + tolerance;
  if (range.low >= from && range.high <= to) return 'around';
  if (range.high < from || range.low > to) return 'not around';
  return 'depends';
}
