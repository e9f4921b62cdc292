/**
 * Geodesics on the WGS84 ellipsoid: the inverse problem (distance, azimuths and the area
 * between the geodesic and the equator) and the direct problem (where a geodesic of given
 * azimuth and length ends).
 *
 * ## Method
 * The classical mapping of a geodesic to a great circle on the auxiliary sphere (Bessel 1825;
 * Karney 2013, "Algorithms for geodesics", J. Geodesy 87, §2): the reduced latitude β
 * (tan β = (1 − f) tan φ) keeps the azimuth α, Clairaut's constant sin α₀ = sin α cos β holds
 * along the line, and with σ the arc length on the auxiliary sphere and ω its longitude,
 *
 *     sin β = cos α₀ sin σ,   tan ω = sin α₀ tan σ,
 *     s = b ∫ w dσ,                                   w = √(1 + k² sin² σ),  k² = e′² cos² α₀,
 *     λ = ω − f sin α₀ ∫ (2 − f) / (1 + (1 − f) w) dσ.
 *
 * Where the literature expands these integrals in series of the flattening, they are
 * evaluated here by Gauss–Legendre quadrature: the integrands are analytic in a strip of
 * half-width ≈ 3 around the real axis, so 6 nodes on arcs up to 0.6 rad and 16 on any arc up
 * to π leave an error far below double rounding (test/geodesic.test.ts checks this against 48).
 *
 * The area between the geodesic and the equator is ∫ c² sin ξ dλ, with c the authalic radius
 * and ξ the authalic latitude (the zone between the equator and ξ has area c² sin ξ per radian
 * of longitude). Splitting sin ξ dλ into sin β dω, whose integral along a great circle is the
 * spherical excess α₂ − α₁, and the rest,
 *
 *     S₁₂ / c² = α₂ − α₁ + sin α₀ ∫ [ (sin ξ − sin β) / cos² β − f sin ξ (2 − f) / (1 + (1 − f) w) ] dσ,
 *
 * leaves an integrand that is smooth even where the geodesic passes near a pole: sin ξ − sin β
 * vanishes like cos² β there, because both latitudes reach ±90° together.
 *
 * The inverse problem is solved for α₁ by Newton's method on λ₁₂(α₁), kept inside a bracket
 * that shrinks on every step (bisection when Newton would leave it), after reducing the two
 * points by symmetry to β₁ ≤ 0, |β₂| ≤ |β₁|, 0 ≤ λ₁₂ ≤ π. There λ₁₂ rises from 0 (α₁ = 0, north
 * along the meridian) to π (α₁ = π, south over the pole), so the bracket [0, π] always holds the
 * root. The derivative is ∂λ₁₂/∂α₁ = m₁₂ / (a cos α₂ cos β₂), m₁₂ the reduced length (Karney
 * 2013, eq. 38). A pole is taken as the limit of points on its meridian, so the azimuths there
 * follow the longitude given for it.
 *
 * Accuracy, against GeographicLib (test/geodesic.test.ts): distances to 1e-7 m everywhere,
 * both points near the equator included (down to latitudes of 1e-300°); azimuths to 1e-9° on
 * lines over a kilometre; areas to 1e-13 relative plus 0.1 m² on lines of any length (terms
 * reach 1.3e14 m²) and 1e-4 m² on lines under 10°; between
 * nearly antipodal points, where the problem itself is ill-conditioned, distances still to
 * 1e-7 m and areas to 1e-10 relative. Around a kilometre-wide quadrilateral the four areas sum
 * to within 1e-4 m² of GeographicLib's sum. Short lines take their azimuths from the positions
 * as written, so a centimetre's azimuth is good to 1e-6° against the local ellipsoid.
 */
import { FrontlineError } from '../errors.js';
import { AUTHALIC_RADIUS, WGS84_A, WGS84_E2, WGS84_F, authalicSine } from './wgs84.js';

const F = WGS84_F;
const F1 = 1 - F;
const B = WGS84_A * F1;
const EP2 = WGS84_E2 / (1 - WGS84_E2);
const C2 = AUTHALIC_RADIUS * AUTHALIC_RADIUS;
const D2R = Math.PI / 180;
const R2D = 180 / Math.PI;
/** Stands in for cos β at a pole: the pole as the limit of points on its meridian. */
const TINY = 1e-150;

/** Gauss–Legendre nodes and weights on [−1, 1]. */
function gaussLegendre(n: number): { nodes: Float64Array; weights: Float64Array } {
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // Newton's method on Pₙ from Tricomi's estimate of the i-th root.
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 1;
    for (let iter = 0; iter < 100; iter++) {
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      dp = (n * (x * p1 - p0)) / (x * x - 1);
      const dx = p1 / dp;
      x -= dx;
      if (Math.abs(dx) <= 2e-16) break;
    }
    nodes[i] = x;
    weights[i] = 2 / ((1 - x * x) * dp * dp);
  }
  return { nodes, weights };
}

type Rule = ReturnType<typeof gaussLegendre>;

/**
 * The error of an n-point rule shrinks like (arc / 12)^(2n) for these integrands (their nearest
 * singularity lies about 3 off the real axis): 6 points leave round-off on arcs up to 0.6 rad
 * (3,800 km), 16 on any arc up to π. test/geodesic.test.ts holds both to a 48-point rule.
 */
const SHORT_ARC_RULE = gaussLegendre(6);
const LONG_ARC_RULE = gaussLegendre(16);
const SHORT_ARC = 0.6;
let forced: Rule | undefined;

function ruleFor(s12: number): Rule {
  return forced ?? (Math.abs(s12) <= SHORT_ARC ? SHORT_ARC_RULE : LONG_ARC_RULE);
}

/** Forces an n-point rule on every arc, or with no argument restores the rule by arc length (tests only). */
export function setGeodesicNodes(n?: number): void {
  forced = n === undefined ? undefined : gaussLegendre(n);
}

/** The geodesic's fixed quantities: Clairaut's constant and k². */
interface Line {
  sinA0: number;
  cosA0: number;
  k2: number;
}

function line(sinA0: number, cosA0: number): Line {
  return { sinA0, cosA0, k2: EP2 * cosA0 * cosA0 };
}

/**
 * ∫ f(sin σ, w) dσ over σ₁ … σ₁ + σ₁₂ by the rule for the arc's length, w = √(1 + k² sin² σ).
 * It takes the arc's start and its length, not its two ends: the difference of two ends of
 * O(1) would leave a micrometre's arc (1e-13 rad) only three significant digits.
 */
function integrate(l: Line, s1: number, s12: number, f: (sinSigma: number, w: number) => number): number {
  const half = s12 / 2;
  const mid = s1 + half;
  const rule = ruleFor(s12);
  let sum = 0;
  for (let i = 0; i < rule.nodes.length; i++) {
    const s = Math.sin(mid + half * rule.nodes[i]!);
    sum += rule.weights[i]! * f(s, Math.sqrt(1 + l.k2 * s * s));
  }
  return half * sum;
}

/** ∫ (2 − f)/(1 + (1 − f) w) dσ: the longitude integral. */
function longitudeIntegral(l: Line, s1: number, s12: number): number {
  return (2 - F) * integrate(l, s1, s12, (_, w) => 1 / (1 + F1 * w));
}

/** ∫ w dσ: the length integral. */
function lengthIntegral(l: Line, s1: number, s12: number): number {
  return integrate(l, s1, s12, (_, w) => w);
}

/** sin ξ for sin β = x: through tan φ = tan β / (1 − f). */
function authalicOfReduced(x: number): number {
  const sinPhi = x / Math.sqrt(x * x + F1 * F1 * (1 - x * x));
  return authalicSine(sinPhi);
}

/** The integral of the area formula's remainder term (see the module comment). */
function areaIntegral(l: Line, s1: number, s12: number): number {
  return integrate(l, s1, s12, (s, w) => {
    const x = l.cosA0 * s;
    const cos2b = 1 - x * x;
    const sinXi = authalicOfReduced(x);
    const polar = cos2b > 0 ? (sinXi - x) / cos2b : 0;
    return polar - (F * sinXi * (2 - F)) / (1 + F1 * w);
  });
}

/** (sin, cos) of an angle in degrees, exact at multiples of 90°. */
function sinCosDeg(deg: number): [number, number] {
  if (deg === 90) return [1, 0];
  if (deg === -90) return [-1, 0];
  const r = deg * D2R;
  return [Math.sin(r), Math.cos(r)];
}

/** (sin β, cos β) of the reduced latitude, with cos β ≥ TINY, and the norm h of ((1 − f) sin φ, cos φ). */
function reduced(latDeg: number): [number, number, number] {
  const [s, c] = sinCosDeg(latDeg);
  const sb = F1 * s;
  const h = Math.hypot(sb, c);
  return [sb / h, Math.max(c / h, TINY), h];
}

/** The two reduced latitudes of an inverse problem. */
interface Pair {
  sb1: number;
  cb1: number;
  sb2: number;
  cb2: number;
  /**
   * cos² β₂ − cos² β₁ = sin(β₁ − β₂) sin(β₁ + β₂), each factor from the latitudes' own sum and
   * difference (sin(β₁ ± β₂) = (1 − f) sin(φ₁ ± φ₂) / (h₁ h₂)): the difference of the sines
   * themselves would carry an error of 1e-16 / |Δβ| relative, 1e-12 on a kilometre.
   */
  diff: number;
  /** sin(β₂ − β₁), likewise. */
  rise: number;
}

function pair(lat1: number, lat2: number): Pair {
  const [sb1, cb1, h1] = reduced(lat1);
  const [sb2, cb2, h2] = reduced(lat2);
  const rise = (F1 * Math.sin((lat2 - lat1) * D2R)) / (h1 * h2);
  const diff = (-rise * F1 * Math.sin((lat1 + lat2) * D2R)) / (h1 * h2);
  return { sb1, cb1, sb2, cb2, diff, rise };
}

/**
 * Angles (degrees) below 1e-100 taken as 0: nothing a position can mean is lost, and no product
 * of the sines of such angles underflows (a latitude of 1e-300° would otherwise turn the
 * squares of its sine, and of the cosine of an azimuth within that of due east, into zeros).
 */
function roundTiny(x: number): number {
  return Math.abs(x) < 1e-100 ? 0 : x;
}

/** λ₂ − λ₁ in degrees reduced to [−180, 180]. */
function lonDifference(lon1: number, lon2: number): number {
  let d = (lon2 - lon1) % 360;
  if (d > 180) d -= 360;
  else if (d < -180) d += 360;
  return d;
}

/** The geodesic from point 1 to point 2. Azimuths in degrees clockwise from north. */
export interface GeodesicInverse {
  /** Length, metres. */
  distance: number;
  /** Azimuth at point 1, degrees. */
  azimuth1: number;
  /** Azimuth at point 2 (forward), degrees. */
  azimuth2: number;
  /** Longitude travelled from point 1 to point 2, degrees (±180 over a pole). */
  longitude12: number;
  /**
   * Area between the geodesic and the equator, m²: the quadrilateral with corners point 1,
   * its foot on the equator, point 2's foot and point 2, counter-clockwise positive.
   */
  area: number;
}

/** A geodesic in the reduced frame: β₁ ≤ 0, |β₂| ≤ |β₁|, 0 ≤ λ₁₂ ≤ π. */
interface Solved {
  sinA1: number;
  cosA1: number;
  sinA2: number;
  cosA2: number;
  sigma1: number;
  sigma12: number;
  l: Line;
  /** α₂ − α₁, continuous along the line. */
  turn: number;
  /** ω₁₂ − λ₁₂ = f sin α₀ ∫ (2 − f)/(1 + (1 − f) w) dσ; 0 on the meridian and the equator. */
  lift: number;
}

/**
 * Solves the inverse problem between two [latitude, longitude] points (degrees).
 * @throws FrontlineError INVALID_ARGUMENT when a coordinate is not finite or a latitude is outside [−90, 90].
 */
export function geodesicInverse(lat1: number, lon1: number, lat2: number, lon2: number): GeodesicInverse {
  if (!(Math.abs(lat1) <= 90 && Math.abs(lat2) <= 90 && Number.isFinite(lon1) && Number.isFinite(lon2))) {
    const [name, v] = !(Math.abs(lat1) <= 90)
      ? ['lat1', lat1]
      : !Number.isFinite(lon1)
        ? ['lon1', lon1]
        : !(Math.abs(lat2) <= 90)
          ? ['lat2', lat2]
          : ['lon2', lon2];
    throw new FrontlineError(
      'INVALID_ARGUMENT',
      `geodesicInverse: ${name} = ${v} is not a finite ${name.startsWith('lat') ? 'latitude in [-90, 90]' : 'longitude'}`,
    );
  }
  let lon12 = roundTiny(lonDifference(lon1, lon2));
  lat1 = roundTiny(lat1);
  lat2 = roundTiny(lat2);
  const lonSign = lon12 < 0 ? -1 : 1;
  lon12 *= lonSign;
  // Reduce by symmetry: swap the points so that |φ₁| ≥ |φ₂|, then mirror so that φ₁ ≤ 0.
  const swap = Math.abs(lat1) < Math.abs(lat2) ? -1 : 1;
  let la1 = swap > 0 ? lat1 : lat2;
  let la2 = swap > 0 ? lat2 : lat1;
  // Two points on the equator nearly opposite are joined by two geodesics, one either side;
  // the one leaving northwards is chosen (as GeographicLib does): the mirror of the reduced
  // frame's southward one.
  const latSign = la1 > 0 || (la1 === 0 && la2 === 0) ? -1 : 1;
  la1 *= latSign;
  la2 *= latSign;
  const lam12 = lon12 * D2R;
  const pair1 = pair(la1, la2);
  const g = solve(pair1, lam12, lon12);

  const end = ends(pair1, g, lam12);
  const distance = B * lengthIntegral(g.l, g.sigma1, end.sigma12);
  const area = C2 * (end.turn + g.l.sinA0 * areaIntegral(g.l, g.sigma1, end.sigma12));
  // Undo the reductions: swapping the points maps (α₁, α₂) to (π − α₂, π − α₁); mirroring in
  // latitude maps α to π − α, in longitude α to −α; each mirror changes the area's sign.
  let [s1, c1, s2, c2] = swap > 0 ? [end.s1, end.c1, end.s2, end.c2] : [end.s2, -end.c2, end.s1, -end.c1];
  c1 *= latSign;
  c2 *= latSign;
  s1 *= lonSign;
  s2 *= lonSign;
  return {
    distance,
    azimuth1: Math.atan2(s1, c1) * R2D,
    azimuth2: Math.atan2(s2, c2) * R2D,
    longitude12: lonSign * lon12,
    area: area * latSign * lonSign + 0,
  };
}

/** The geodesic in the reduced frame; `lon12` is λ₁₂ in degrees, for the exact special cases. */
function solve(p: Pair, lam12: number, lon12: number): Solved {
  const { sb1, cb1, sb2, cb2 } = p;
  if (lon12 === 0 || lon12 === 180) return meridian(p, lon12 === 180);
  if (sb1 === 0 && sb2 === 0 && lam12 <= F1 * Math.PI) {
    // Along the equator, as long as no shorter way leaves it.
    const l = line(1, 0);
    return { sinA1: 1, cosA1: 0, sinA2: 1, cosA2: 0, sigma1: 0, sigma12: lam12 / F1, l, turn: 0, lift: 0 };
  }
  // The root is kept as (sin α₁, cos α₁), never as an angle: between two points near the
  // equator α₁ lies within 1e-20 of due east, which a cosine holds to its last digit and an angle
  // in radians (spaced 2e-16 apart near π/2) cannot; the bracket [0, π] shrinks on every step.
  let lo: Direction = [0, 1];
  let hi: Direction = [0, -1];
  // The great circle on the auxiliary sphere with ω₁₂ = λ₁₂ / (1 − f), a fair first guess.
  const w12 = lam12 / F1;
  let at: Direction = unit(cb2 * Math.sin(w12), cb1 * sb2 - sb1 * cb2 * Math.cos(w12));
  if (!(at[0] > 0)) at = [1, 0];
  let best: { solved: Solved; miss: number } | undefined;
  for (let iter = 0; iter < 100; iter++) {
    const here = along(p, at[0], at[1], true);
    const residual = here.lam12 - lam12;
    if (best === undefined || Math.abs(residual) < best.miss) best = { solved: here.solved, miss: Math.abs(residual) };
    if (residual === 0) break;
    if (residual < 0) lo = at;
    else hi = at;
    let next = turned(at, -residual / here.dlam);
    if (!(inside(lo, next, hi) && Number.isFinite(next[0]))) next = halfway(lo, hi);
    if (next[0] === at[0] && next[1] === at[1]) break;
    // Within the residual's own round-off: one more step, taken only if it lands closer.
    if (Math.abs(residual) <= 4e-16 * Math.max(1, lam12)) {
      const last = along(p, next[0], next[1], false);
      if (Math.abs(last.lam12 - lam12) < best.miss) best = { solved: last.solved, miss: Math.abs(last.lam12 - lam12) };
      break;
    }
    at = next;
  }
  return best!.solved;
}

/** An azimuth as (sin α, cos α). */
type Direction = [number, number];

function unit(s: number, c: number): Direction {
  const h = Math.hypot(s, c);
  return [s / h, c / h];
}

/** The direction turned by δ radians (clockwise, as azimuths grow). */
function turned([s, c]: Direction, delta: number): Direction {
  const sd = Math.sin(delta);
  const cd = Math.cos(delta);
  return unit(s * cd + c * sd, c * cd - s * sd);
}

/** sin(b − a): positive when b lies after a, both in [0, π]. */
function after(a: Direction, b: Direction): number {
  return a[1] * b[0] - a[0] * b[1];
}

function inside(lo: Direction, x: Direction, hi: Direction): boolean {
  return after(lo, x) > 0 && after(x, hi) > 0;
}

function halfway(lo: Direction, hi: Direction): Direction {
  return turned(lo, Math.atan2(after(lo, hi), lo[0] * hi[0] + lo[1] * hi[1]) / 2);
}

/** Along the meridian: north (or, over a pole, south and up the far side). */
function meridian(p: Pair, overPole: boolean): Solved {
  const { sb1, cb1, sb2, cb2, rise } = p;
  const l = line(0, 1);
  if (!overPole) {
    // β₂ − β₁ from its sine and cosine, not as a difference of the two.
    return { sinA1: 0, cosA1: 1, sinA2: 0, cosA2: 1, sigma1: Math.atan2(sb1, cb1), sigma12: Math.atan2(rise, cb1 * cb2 + sb1 * sb2), l, turn: 0, lift: 0 };
  }
  // South from β₁ ≤ 0 over the south pole (the nearer, as β₁ + β₂ ≤ 0) and north to β₂.
  const sigma1 = Math.atan2(sb1, -cb1);
  const sigma2 = Math.atan2(sb2, cb2);
  return { sinA1: 0, cosA1: -1, sinA2: 0, cosA2: 1, sigma1, sigma12: (sigma2 < sigma1 ? sigma2 + 2 * Math.PI : sigma2) - sigma1, l, turn: -Math.PI, lift: 0 };
}

/** The geodesic leaving β₁ at azimuth α₁ to its first meeting with β₂; λ₁₂ and ∂λ₁₂/∂α₁. */
function along(p: Pair, sinA1: number, cosA1: number, derivative: boolean): { lam12: number; dlam: number; solved: Solved } {
  const { sb1, cb1, sb2, cb2, diff } = p;
  const sinA0 = sinA1 * cb1;
  const cosA0 = Math.hypot(cosA1, sinA1 * sb1);
  // cos α₂ cos β₂ ≥ 0: the line reaches β₂ heading north, its first meeting from β₁ ≤ −|β₂|.
  const lead = cosA1 * cb1;
  const cosA2cb2 = Math.sqrt(Math.max(0, lead * lead + diff));
  const sinA2 = sinA0 / cb2;
  const cosA2 = cosA2cb2 / cb2;
  const sigma1 = Math.atan2(sb1, cosA1 * cb1);
  const omega1 = Math.atan2(sinA0 * sb1, cosA1 * cb1);
  const sigma2raw = Math.atan2(sb2, cosA2cb2);
  const omega2raw = Math.atan2(sinA0 * sb2, cosA2cb2);
  const sigma12 = Math.atan2(
    Math.max(0, Math.cos(sigma1) * Math.sin(sigma2raw) - Math.sin(sigma1) * Math.cos(sigma2raw)),
    Math.cos(sigma1) * Math.cos(sigma2raw) + Math.sin(sigma1) * Math.sin(sigma2raw),
  );
  const omega12 = Math.atan2(
    Math.max(0, Math.cos(omega1) * Math.sin(omega2raw) - Math.sin(omega1) * Math.cos(omega2raw)),
    Math.cos(omega1) * Math.cos(omega2raw) + Math.sin(omega1) * Math.sin(omega2raw),
  );
  const sigma2 = sigma1 + sigma12;
  const l = line(sinA0, cosA0);
  const lift = F * sinA0 * longitudeIntegral(l, sigma1, sigma12);
  const lam12 = omega12 - lift;
  let dlam = Number.NaN;
  if (derivative) {
    // J = ∫ w dσ − ∫ 1/w dσ, for the reduced length.
    const j12 = integrate(l, sigma1, sigma12, (_, w) => w - 1 / w);
    const w1 = Math.sqrt(1 + l.k2 * Math.sin(sigma1) ** 2);
    const w2 = Math.sqrt(1 + l.k2 * Math.sin(sigma2) ** 2);
    const c1 = Math.cos(sigma1);
    const c2 = Math.cos(sigma2);
    const m12 = B * (w2 * c1 * Math.sin(sigma2) - w1 * Math.sin(sigma1) * c2 - c1 * c2 * j12);
    dlam = m12 / (WGS84_A * cosA2cb2);
  }
  // sin(α₂ − α₁) = sin α₁ (cos β₁ cos α₁ − cos β₂ cos α₂) / cos β₂, the difference rewritten
  // without cancellation, so that a short edge's small turn keeps its relative precision: c²
  // times an absolute error of 1e-16 would otherwise be 0.004 m² on every edge.
  const gap = lead > 0 ? -diff / (lead + cosA2cb2) : lead - cosA2cb2;
  const turn = Math.atan2((sinA1 * gap) / cb2, cosA2 * cosA1 + sinA2 * sinA1);
  return { lam12, dlam, solved: { sinA1, cosA1, sinA2, cosA2, sigma1, sigma12, l, turn, lift } };
}

/** The line's azimuths at both ends, its turn α₂ − α₁ and its arc on the great circle. */
interface Ends {
  s1: number;
  c1: number;
  s2: number;
  c2: number;
  turn: number;
  sigma12: number;
}

/**
 * The azimuths and the turn α₂ − α₁ (the excess of the auxiliary sphere's quadrilateral between
 * the line and the equator), up to 135° of ω₁₂ from the end points (β₁, 0) and (β₂, ω₁₂) of the
 * line's great circle, with ω₁₂ = λ₁₂ + (ω₁₂ − λ₁₂): λ₁₂ is the exact input and the second term
 * is f times smaller. The solved azimuth carries the residual's round-off divided by the line's
 * length, which moves its far end by 1e-16 rad along the parallel (0.003 m² of area at
 * mid-latitudes) and, on a line of a millimetre, its azimuths by degrees; the end points carry
 * neither. Beyond 135°, near the antipode, the solved azimuths are the better conditioned.
 *
 *     tan α₁ = cos β₂ sin ω₁₂ / (sin(β₂ − β₁) + sin β₁ cos β₂ · 2 sin²(ω₁₂/2))
 *     tan α₂ = cos β₁ sin ω₁₂ / (sin(β₂ − β₁) − cos β₁ sin β₂ · 2 sin²(ω₁₂/2))
 *     tan(E/2) = tan(ω₁₂/2)·(sin β₁ + sin β₂) / (1 + cos(β₁ − β₂))
 */
function ends(p: Pair, g: Solved, lam12: number): Ends {
  const solved = { s1: g.sinA1, c1: g.cosA1, s2: g.sinA2, c2: g.cosA2, turn: g.turn, sigma12: g.sigma12 };
  if (g.lift === 0) return solved;
  let omega12 = lam12 + g.lift;
  if (omega12 >= 0.75 * Math.PI) return solved;
  const { sb1, cb1, sb2, cb2, rise } = p;
  // The arc σ₁₂ from the end points too (haversine), and the lift again with it: the solved arc
  // is a difference of two angles, 1e-16 off, which on a line of a micrometre is 1e-3 of it.
  const halfRise = Math.sin(Math.atan2(rise, cb1 * cb2 + sb1 * sb2) / 2);
  let sigma12 = g.sigma12;
  for (let pass = 0; pass < 2; pass++) {
    const h = Math.sin(omega12 / 2);
    sigma12 = 2 * Math.asin(Math.min(1, Math.sqrt(halfRise * halfRise + cb1 * cb2 * h * h)));
    omega12 = lam12 + F * g.l.sinA0 * longitudeIntegral(g.l, g.sigma1, sigma12);
  }
  const half = Math.sin(omega12 / 2);
  const versine = 2 * half * half;
  const [s1, c1] = unit(cb2 * Math.sin(omega12), rise + sb1 * cb2 * versine);
  const [s2, c2] = unit(cb1 * Math.sin(omega12), rise - cb1 * sb2 * versine);
  return { s1, c1, s2, c2, turn: 2 * Math.atan((Math.tan(omega12 / 2) * (sb1 + sb2)) / (1 + cb1 * cb2 + sb1 * sb2)), sigma12 };
}

/** Where a geodesic ends. Degrees; azimuth clockwise from north. */
export interface GeodesicDirect {
  latitude: number;
  longitude: number;
  /** Forward azimuth at the end point, degrees. */
  azimuth: number;
}

/**
 * Solves the direct problem: the end of the geodesic that leaves [lat1, lon1] at azimuth azi1
 * and runs `distance` metres (at most half a meridian).
 * @throws FrontlineError INVALID_ARGUMENT when an argument is not finite or a latitude is outside [−90, 90].
 */
export function geodesicDirect(lat1: number, lon1: number, azi1: number, distance: number): GeodesicDirect {
  if (!(Math.abs(lat1) <= 90) || !Number.isFinite(lon1) || !Number.isFinite(azi1) || !Number.isFinite(distance)) {
    throw new FrontlineError(
      'INVALID_ARGUMENT',
      `geodesicDirect: (${lat1}, ${lon1}, ${azi1}, ${distance}) is not a finite latitude, longitude, azimuth and distance`,
    );
  }
  const [sb1, cb1] = reduced(lat1);
  const [sinA1, cosA1] = sinCosDeg(azi1);
  const sinA0 = sinA1 * cb1;
  const cosA0 = Math.hypot(cosA1, sinA1 * sb1);
  const l = line(sinA0, cosA0);
  const sigma1 = Math.atan2(sb1, cosA1 * cb1);
  const omega1 = Math.atan2(sinA0 * sb1, cosA1 * cb1);
  // Newton's method on b ∫ w dσ = s: w ≥ 1 varies by 0.3 %, so it converges in a few steps.
  let sigma12 = distance / B;
  for (let iter = 0; iter < 20; iter++) {
    const s = Math.sin(sigma1 + sigma12);
    const step = (B * lengthIntegral(l, sigma1, sigma12) - distance) / (B * Math.sqrt(1 + l.k2 * s * s));
    sigma12 -= step;
    if (Math.abs(step) < 1e-16) break;
  }
  const sigma2 = sigma1 + sigma12;
  const ss2 = Math.sin(sigma2);
  const cs2 = Math.cos(sigma2);
  const sb2 = cosA0 * ss2;
  const cb2 = Math.hypot(sinA0, cosA0 * cs2);
  const omega2 = Math.atan2(sinA0 * ss2, cs2);
  const omega12 = Math.atan2(Math.sin(omega2 - omega1), Math.cos(omega2 - omega1));
  const lift = F * sinA0 * longitudeIntegral(l, sigma1, sigma12);
  const lam12 = omega12 - lift;
  // lon₁ reduced first (exactly): added to a longitude of 1e6°, λ₁₂ would lose 6 µm.
  const lon = lonDifference(0, lon1) + lam12 * R2D;
  return {
    latitude: Math.atan2(sb2, F1 * cb2) * R2D,
    longitude: lonDifference(0, lon),
    azimuth: Math.atan2(sinA0, cosA0 * cs2) * R2D,
  };
}
