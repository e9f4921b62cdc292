/**
 * The area of one ring, in square metres, by the two methods `area` (area.ts) measures with.
 *
 * ## ellipsoidal (default): WGS84 ellipsoid, geodesic edges
 *
 * The reference is GeographicLib's polygon area (Karney 2013, "Algorithms for geodesics",
 * J. Geodesy 87:43–55, §6), which solves the inverse geodesic problem for every edge (a few µs
 * an edge in JavaScript). Here almost every edge costs a few dozen multiplications instead:
 *
 * 1. Each vertex goes to the authalic sphere (authalic latitude ξ, same longitude, radius R_q;
 *    the map preserves area, see wgs84.ts): y = sin ξ, by an odd polynomial of degree 25 in φ
 *    (authalicSineOfLatitude), cheaper than Math.sin alone.
 * 2. The great circle between two images, against the equator, encloses exactly
 *    2·atan(tan h·Y/cos² d), h = Δλ/2, Y = (y₁ + y₂)/2, d = Δξ/2. Its series to fifth order in the
 *    edge's size is 2hY (the trapezoid of the cylindrical equal-area map, the straight edge of
 *    that map) times 1 + d² + (h²/3)(1 − Y²) + ... (seriesExcess): the straight edge is 1e-6 of an
 *    edge's area off the great circle on real data, and these terms take that to round-off.
 *    d comes from Δφ and Y² by a fitted polynomial (halfAuthalicDelta), good to 2e-12.
 * 3. The geodesic's image is not that great circle: on the sphere it has geodesic curvature
 *    κ = sin θ·(Â + B̂·cos² θ)/(R_q cos ξ) (θ: direction from north; Â, B̂ are O(e²) functions of
 *    latitude, from Liouville's formula for the curvature of a curve in orthogonal coordinates
 *    and Clairaut's relation for the geodesic), so it bows away by an area κℓ³/12, κ taken at
 *    the middle of the edge, which cancels the term linear in its change (curvatureBow).
 *    Without it an edge of 10 km at 48° N is off by up to 43 m² (about 4.4e-11·ℓ³); with it the
 *    residual grows as ℓ⁵·tan ξ.
 * 4. Edges too long for (2) and (3), and edges at or near a pole: the exact per-edge area of
 *    the inverse geodesic problem (geodesic.ts). An edge is long when its length ℓ on the sphere exceeds
 *    LONG_EDGE_RAD (0.01 rad, ≈ 64 km) or ℓ³·|tan ξ| exceeds LONG_EDGE_TAU (≈ 23 km at 48°,
 *    13 km at 80°, 6 km at 89°); edges spanning more than 1.15° of longitude but short enough
 *    take atan and tan themselves instead of their series.
 *
 * Error analysis. Against GeographicLib's S12 for single edges of 5–64 km at 21 latitudes from
 * the equator to 89.99° and 72 azimuths, the residual of (2) + (3) stays below 1e-11·L² (L the
 * edge's length in metres) wherever the series is used, except within 2° of a pole, where both
 * numbers are round-off (3e-4 m² against an S12 of 1e12 m²). A polygon's error is then below
 * 1e-9 of its area when its area exceeds 1 % of the sum of its squared edge lengths. Rings
 * around a pole add the cap 2π·R_q² ≈ 2.5e14 m² to sums against the equator, as GeographicLib
 * does, which costs both about 0.06 m² of round-off (an independent evaluation of a 3.2 km²
 * hexagon around the pole: this code 0.06 m² over, GeographicLib 0.07 m² under).
 *
 * Short edges away from the poles (SHORT_EDGE_Q, SHORT_EDGE_G) skip the series' fourth-order
 * terms, the cubic term of d and the bow's smallest terms: at most 4e-12·L² beyond round-off.
 *
 * Measured maximum relative difference from GeographicLib `Geodesic.WGS84.Polygon(false)`
 * (test/area.test.ts, test/bench/area.ts): 4.5e-14 on the 114 DeepState snapshots (~3,000
 * vertices each), 6.7e-13 on the Karabakh layer pack, 1.8e-10 on 1,100 seeded random polygons
 * 1–300 km across at latitudes −89.5°..89.5° (long-edged ones, the antimeridian, the poles),
 * 8.4e-10 on the 80 Natural Earth disputed areas, within 1e-9 + 0.2 m² on the 241 Natural Earth
 * countries (Antarctica included). The largest are GeographicLib's own round-off, about
 * 3e-5 m² absolute: on Natural Earth's smallest islands (7,000 m²) a 40-digit evaluation agrees
 * with this code to 1e-7 m² and with GeographicLib to 4e-5 m².
 *
 * Speed (`npm run bench:area`, medians of interleaved rounds on a shared machine): see
 * docs/areas.md. A ring whose edges all pass the bounds is summed by one loop (shortEdgedRing),
 * whose only branch per edge picks the short terms; any other ring by the general one
 * (generalRing), which the tests hold it to.
 *
 * Rings the method cannot measure throw AMBIGUOUS_RING: an edge between antipodal points (or
 * on the short stretch of the antipodal parallel where two shortest geodesics meet), and a ring
 * that winds around a pole more than once.
 *
 * ## spherical: Turf-compatible
 *
 * Turf 7's `area`: a sphere of radius 6,371,008.8 m (Turf's `earthRadius`) and edges that are
 * straight in (λ, sin φ) (Chamberlain & Duquette 2007, "Some algorithms for polygons on a
 * sphere"), computed with the same operations in the same order, so the result is the same
 * number. Two deliberate differences, both where Turf is wrong: a ring that crosses the
 * antimeridian by jumping from +179° to −179° takes the short way (as the ellipsoidal method and
 * GeographicLib do), and a ring around a pole encloses the polar cap (Turf says 0). Vertices on
 * one parallel are joined along it, Turf's edges being straight in (λ, sin φ): three vertices at
 * 89.9° N enclose the whole cap above them, 388 km², where the geodesic triangle is 162 km².
 * An edge spanning exactly 180° of longitude could run east or west: AMBIGUOUS_RING.
 *
 * ## Both methods
 * A ring need not repeat its first position at the end (it is closed implicitly; Turf would
 * drop its last position instead).
 */
import type { Position } from 'geojson';
import { FrontlineError, describeValue } from '../errors.js';
import { geodesicInverse } from './geodesic.js';
import { AUTHALIC_RADIUS, MEAN_EARTH_RADIUS, WGS84_F, WGS84_SURFACE_AREA, authalicSineOfLatitude } from './wgs84.js';

/** `ellipsoidal`: WGS84 with geodesic edges (exact). `spherical`: Turf-compatible sphere. */
export type AreaMethod = 'ellipsoidal' | 'spherical';

const D2R = Math.PI / 180;
const RQ2 = AUTHALIC_RADIUS * AUTHALIC_RADIUS;

/** Edges longer than this on the authalic sphere (radians, ≈ 64 km) are solved exactly (geodesic.ts). */
const LONG_EDGE_RAD = 0.01;
/** Edges with ℓ³·|tan ξ| above this (ℓ in radians) are solved exactly (geodesic.ts). */
const LONG_EDGE_TAU = 5e-8;

/** Turf 7's `earthRadius`, metres: the mean radius. */
const TURF_RADIUS = MEAN_EARTH_RADIUS;
const TURF_FACTOR = (TURF_RADIUS * TURF_RADIUS) / 2;
const TURF_SURFACE = 4 * Math.PI * TURF_RADIUS * TURF_RADIUS;

/**
 * A place in the input (`features[3].geometry.coordinates[0]`): a key under a parent place,
 * named only when an error needs it. A small object rather than a closure that builds the
 * string, because one is made for every feature, polygon and ring measured.
 */
export class InputPlace {
  private constructor(
    private readonly parent: InputPlace | null,
    private readonly key: string | number,
  ) {}

  /** The root of the input: named '' (a key under it is named by itself). */
  static readonly ROOT = new InputPlace(null, '');

  /** A place whose name is given. */
  static named(name: string): InputPlace {
    return new InputPlace(null, name);
  }

  /** The place under this one: `[key]` for a number, `.key` for a name. */
  at(key: string | number): InputPlace {
    return new InputPlace(this, key);
  }

  toString(): string {
    const above = this.parent ? this.parent.toString() : '';
    if (typeof this.key === 'number') return `${above}[${this.key}]`;
    return above && this.key ? `${above}.${this.key}` : above || this.key;
  }
}

/** Throws `INVALID_GEOJSON`, naming the place. */
export function invalid(message: string, where: string): never {
  throw new FrontlineError('INVALID_GEOJSON', `${message} at ${where}`, { where });
}

/** `where` names the ring (or the position itself when `index` is −1). */
export function checkPosition(p: unknown, where: InputPlace, index: number): asserts p is Position {
  // The common case is decided by one cheap test; only a failure pays for the diagnosis.
  if (Array.isArray(p)) {
    const lon: unknown = p[0];
    const lat: unknown = p[1];
    if (typeof lon === 'number' && typeof lat === 'number' && lon - lon === 0 && lat >= -90 && lat <= 90) return;
  }
  badPosition(p, index < 0 ? String(where) : `${where}[${index}]`);
}

function badPosition(p: unknown, where: string): never {
  if (!Array.isArray(p)) invalid('position is not an array [longitude, latitude]', where);
  const [lon, lat] = p as unknown[];
  if (typeof lon !== 'number' || !Number.isFinite(lon)) invalid(`longitude ${describeValue(lon)} is not a finite number`, where);
  if (typeof lat !== 'number' || !Number.isFinite(lat)) invalid(`latitude ${describeValue(lat)} is not a finite number`, where);
  invalid(`latitude ${lat} is outside [-90, 90]`, where);
}

/** Number of distinct vertices: a ring repeating its first position at the end counts it once. */
function vertexCount(ring: Position[]): number {
  const n = ring.length;
  if (n < 2) return n;
  const first = ring[0];
  const last = ring[n - 1];
  return Array.isArray(first) && Array.isArray(last) && first[0] === last[0] && first[1] === last[1] ? n - 1 : n;
}

/**
 * Longitude difference λ2 − λ1 in degrees, reduced to [−180, 180]: edges take the short way.
 * Across the antimeridian λ2 is shifted by 360° first: the shift is exact for longitudes near
 * ±180°, and so is the difference of two nearby numbers that follows (Sterbenz), whereas
 * reducing −359.95 after the fact would leave a 6e-14° error worth 0.04 m² at 80° S.
 */
function lonDiff(lon1: number, lon2: number): number {
  const d = lon2 - lon1;
  return d > 180 || d < -180 ? lon2 - 360 * Math.round(d / 360) - lon1 : d;
}

/** Moves a signed area into (−half, half] of the surface, as GeographicLib's signed result. */
function reduceSigned(a: number, surface: number): number {
  if (a > surface / 2) return a - surface;
  if (a <= -surface / 2) return a + surface;
  return a;
}

// The geodesic's curvature on the authalic sphere, relative to a great circle, is
// κ·R_q = sin θ·(Â + B̂·cos² θ)/cos ξ (θ: direction from north); with k the east-west scale of the
// ellipsoid-to-sphere map, Â = sin φ/k² − sin ξ and B̂ = sin φ·(3k² − 1/k²) − 2 sin ξ. Both vanish
// on a sphere. As functions of y = sin ξ they are y(1 − y²)·a(y²) and y(1 − y²)²·b(y²), with a and b
// least-squares polynomials (60-digit fit; relative error 2e-8 and 1e-5, far below what the bow
// they scale needs: it is itself e² ≈ 0.0067 of the great circle's own bow).
const CURVATURE_A0 = 0.0067394966060964463;
const CURVATURE_A1 = -5.4562116135649745e-5;
const CURVATURE_A2 = 4.7410266215334155e-7;
const CURVATURE_B0 = -3.0193046652870005e-6;
const CURVATURE_B1 = 3.1062987283457112e-8;

// Half the authalic latitude difference of an edge from its geodetic one, without inverting
// anything: d = (Δφ/2)·(m(Ȳ²) + Δφ²·c(Ȳ²)), Ȳ the mean of the ends' sin ξ. m is dξ/dφ at the
// middle and c the cubic term of ξ's Taylor series plus the offset of the middle that Ȳ stands
// for; both are least-squares polynomials fitted to 60-digit values for Δφ ≤ 0.01 at every
// latitude, where they give d to 2e-12 relative.
const LATITUDE_M0 = 0.99553008843809576023;
const LATITUDE_M1 = 0.0089689287410083986074;
const LATITUDE_M2 = -0.000012101040072338282539;
const LATITUDE_M3 = 4.2365285244853255926e-8;
const LATITUDE_C0 = 0.000740744594610831;
const LATITUDE_C1 = 0.000721328322606823;
const LATITUDE_C2 = 4.21450647713862e-5;

/**
 * The two bounds on an edge's length ℓ (radians) in one test, on half-edges and squared so that
 * it needs no root: 64·(ℓ/2)⁶·(tan² ξ + LONG_EDGE_C) ≤ τ². The second term takes over at the
 * equator, where it bounds ℓ by LONG_EDGE_RAD; elsewhere the sum is at most a few percent stricter
 * than the two bounds apart.
 */
const HALF_EDGE_TAU2 = (LONG_EDGE_TAU * LONG_EDGE_TAU) / 64;
const LONG_EDGE_C = HALF_EDGE_TAU2 / (LONG_EDGE_RAD / 2) ** 6;
/** |Δλ/2| beyond this (radians) takes atan and tan instead of their series. */
const SERIES_HALF_LON = 0.01;

/**
 * An edge between antipodal points (or, on the ellipsoid, on the segment of the antipodal
 * parallel where two shortest geodesics meet, about 180·f·cos² φ degrees either side of the
 * antipode) does not say which way round the globe it goes; the two ways enclose different areas.
 */
function checkNotAntipodal(lat1: number, lon1: number, lat2: number, dLonDeg: number, where: InputPlace, index: number): void {
  if (lat2 !== -lat1) return;
  const cosLat = Math.cos(lat1 * D2R);
  if (Math.abs(lat1) === 90 || Math.abs(dLonDeg) >= 180 - 180 * WGS84_F * cosLat * cosLat * 1.01) {
    const at = `${where}[${index}]`;
    throw new FrontlineError(
      'AMBIGUOUS_RING',
      `the edge from [${lon1}, ${lat1}] joins antipodal points, which more than one geodesic joins, so the ring does not say which area it encloses, at ${at}`,
      { where: at },
    );
  }
}

/** Half the authalic latitude difference of an edge, from Δφ and Ȳ² (see LATITUDE_M0). */
function halfAuthalicDelta(dPhi: number, Y2: number): number {
  return (
    0.5 *
    dPhi *
    (LATITUDE_M0 + Y2 * (LATITUDE_M1 + Y2 * (LATITUDE_M2 + Y2 * LATITUDE_M3)) + dPhi * dPhi * (LATITUDE_C0 + Y2 * (LATITUDE_C1 + Y2 * LATITUDE_C2)))
  );
}

/** The geodesic's bow away from the great circle, κℓ³/12, relative to 2hY. */
function curvatureBow(Y2: number, G: number, halfLen2: number, d2: number): number {
  return (G / 3) * ((CURVATURE_A0 + Y2 * (CURVATURE_A1 + Y2 * CURVATURE_A2)) * halfLen2 + G * (CURVATURE_B0 + Y2 * CURVATURE_B1) * d2);
}

/**
 * The edge's area against the equator on the unit authalic sphere for |h| ≤ SERIES_HALF_LON:
 * atan(S·tan h) = S·h + S(1 − S²)h³/3 + S(1 − S²)(2 − 3S²)h⁵/15 + O(h⁷), S = Y/cos² d and
 * 1/cos² d = 1 + d² + 2d⁴/3 + O(d⁶), expanded to fifth order in the edge's size. 2hY is the
 * trapezoid of the cylindrical equal-area map; the rest is the great circle's bow, what that
 * bow's own series leaves, and the geodesic's bow.
 */
function seriesExcess(h: number, Y: number, Y2: number, G: number, h2: number, d2: number, bow: number): number {
  return 2 * h * Y * (1 + d2 * (1 + (2 / 3) * d2) + (h2 / 3) * (G * (1 + (h2 * (2 - 3 * Y2)) / 5) + d2 * (1 - 3 * Y2)) + bow);
}

/**
 * Short edges away from the poles: (Δφ)² + h² ≤ SHORT_EDGE_Q (about 3–4 km at mid-latitudes)
 * and cos² of the mean authalic latitude ≥ SHORT_EDGE_G (within about 71.5° of the equator).
 * There the fourth-order terms of the series, the cubic term of d and the smallest terms of the
 * bow move an edge's area by at most 4e-12·L² beyond four units in the last place of its term
 * (test/area.test.ts holds every short edge to the full series by that bound), well inside
 * the series' own 1e-11·L² from GeographicLib; these edges skip them and the bound test. On the
 * DeepState sample and the layer pack 92–96 % of edges are short (counted once, when the limit
 * was chosen).
 */
const SHORT_EDGE_Q = 2.5e-7;
const SHORT_EDGE_G = 0.1;
const HALF_M0 = 0.5 * LATITUDE_M0;
const HALF_M1 = 0.5 * LATITUDE_M1;
const HALF_M2 = 0.5 * LATITUDE_M2;
const HALF_M3 = 0.5 * LATITUDE_M3;

/**
 * The common case in one pass: every edge short enough for the series (LONG_EDGE_TAU,
 * SERIES_HALF_LON). The bounds of edges that are not short (SHORT_EDGE_Q) are folded into one
 * running maximum, checked once at the end; NaN when any edge exceeds them, and the general loop
 * takes the ring.
 */
function shortEdgedRing(ring: Position[], n: number, where: InputPlace): number {
  let sphere = 0;
  let winding = 0;
  let excess = -1; // > 0 once an edge is out of the series' range
  const p1 = ring[n - 1];
  checkPosition(p1, where, n - 1);
  let lon1 = p1[0]!;
  let lat1 = p1[1]!;
  let y1 = authalicSineOfLatitude(lat1 * D2R);
  for (let i = 0; i < n; i++) {
    const p2 = ring[i];
    checkPosition(p2, where, i);
    const lon2 = p2[0]!;
    const lat2 = p2[1]!;
    const y2 = authalicSineOfLatitude(lat2 * D2R);
    let dLonDeg = lon2 - lon1;
    if (dLonDeg > 180 || dLonDeg < -180) dLonDeg = lonDiff(lon1, lon2);
    winding += dLonDeg;
    const h = dLonDeg * (D2R / 2);
    const Y = 0.5 * (y1 + y2);
    const Y2 = Y * Y;
    const G = 1 - Y2;
    const dPhi = (lat2 - lat1) * D2R;
    const h2 = h * h;
    if (dPhi * dPhi + h2 <= SHORT_EDGE_Q && G >= SHORT_EDGE_G) {
      // Most edges of real data: the second-order terms and the bow's leading ones.
      const d = dPhi * (HALF_M0 + Y2 * (HALF_M1 + Y2 * (HALF_M2 + Y2 * HALF_M3)));
      const d2 = d * d;
      sphere += 2 * h * Y * (1 + d2 + (1 / 3) * G * (h2 + (CURVATURE_A0 + Y2 * CURVATURE_A1) * (G * h2 + d2) + G * CURVATURE_B0 * d2));
    } else {
      // halfAuthalicDelta, curvatureBow and seriesExcess written out, the same operations as
      // generalRing's: called from here, they slowed the whole loop by 12 % on the layer pack
      // (measured once, against Turf in the same rounds), short edges included.
      const d =
        0.5 *
        dPhi *
        (LATITUDE_M0 + Y2 * (LATITUDE_M1 + Y2 * (LATITUDE_M2 + Y2 * LATITUDE_M3)) + dPhi * dPhi * (LATITUDE_C0 + Y2 * (LATITUDE_C1 + Y2 * LATITUDE_C2)));
      const d2 = d * d;
      const halfLen2 = (G - Y2 * d2) * h2 + d2;
      excess = Math.max(excess, halfLen2 * halfLen2 * halfLen2 * (Y2 + LONG_EDGE_C * G) - HALF_EDGE_TAU2 * G, h2 - SERIES_HALF_LON * SERIES_HALF_LON);
      const bow = (G / 3) * ((CURVATURE_A0 + Y2 * (CURVATURE_A1 + Y2 * CURVATURE_A2)) * halfLen2 + G * (CURVATURE_B0 + Y2 * CURVATURE_B1) * d2);
      sphere += 2 * h * Y * (1 + d2 * (1 + (2 / 3) * d2) + (h2 / 3) * (G * (1 + (h2 * (2 - 3 * Y2)) / 5) + d2 * (1 - 3 * Y2)) + bow);
    }
    lon1 = lon2;
    lat1 = lat2;
    y1 = y2;
  }
  if (!(excess <= 0)) return Number.NaN;
  const turns = Math.round(winding / 360);
  return turns > 1 || turns < -1 ? Number.NaN : reduceSigned(-sphere * RQ2 + turns * 2 * Math.PI * RQ2, WGS84_SURFACE_AREA);
}

function ellipsoidalRing(ring: Position[], where: InputPlace): number {
  const n = vertexCount(ring);
  if (n < 2) {
    if (n === 1) checkPosition(ring[0], where, 0);
    return 0;
  }
  const fast = shortEdgedRing(ring, n, where);
  return Number.isNaN(fast) ? generalRing(ring, n, where) : fast;
}

/**
 * Every ring, edge by edge: the series where it holds, atan and tan for edges spanning more
 * than 2·SERIES_HALF_LON of longitude, the inverse geodesic problem for long edges. Positions must have been
 * checked. Exported for tests only, which hold the fast path to it.
 */
export function generalRing(ring: Position[], n: number, where: InputPlace): number {
  let sphere = 0; // radians² on the authalic sphere, from short edges
  let exact = 0; // m², from long edges
  let winding = 0; // degrees of longitude travelled
  const p1 = ring[n - 1]!;
  let lon1 = p1[0]!;
  let lat1 = p1[1]!;
  let y1 = authalicSineOfLatitude(lat1 * D2R);
  for (let i = 0; i < n; i++) {
    const p2 = ring[i]!;
    const lon2 = p2[0]!;
    const lat2 = p2[1]!;
    const y2 = authalicSineOfLatitude(lat2 * D2R);
    let dLonDeg = lon2 - lon1;
    if (dLonDeg > 180 || dLonDeg < -180) dLonDeg = lonDiff(lon1, lon2);
    winding += dLonDeg;
    // On the authalic sphere, with Y = (y₁ + y₂)/2 = sin ξ̄·cos d and d = Δξ/2, the area between the
    // great circle and the equator is 2·atan(tan h·Y/cos² d), h = Δλ/2.
    const h = dLonDeg * (D2R / 2);
    const dPhi = (lat2 - lat1) * D2R;
    const Y = 0.5 * (y1 + y2);
    const Y2 = Y * Y;
    const G = 1 - Y2;
    const d = halfAuthalicDelta(dPhi, Y2);
    const d2 = d * d;
    const h2 = h * h;
    const halfLen2 = (G - Y2 * d2) * h2 + d2; // (ℓ/2)², ℓ the edge's length in radians
    // Written so that NaN also takes the exact branch.
    if (halfLen2 * halfLen2 * halfLen2 * (Y2 + LONG_EDGE_C * G) <= HALF_EDGE_TAU2 * G) {
      const bow = curvatureBow(Y2, G, halfLen2, d2);
      if (h <= SERIES_HALF_LON && h >= -SERIES_HALF_LON) {
        sphere += seriesExcess(h, Y, Y2, G, h2, d2, bow);
      } else {
        sphere += 2 * Math.atan(Math.tan(h) * Y * (1 + d2 * (1 + (2 / 3) * d2))) + 2 * h * Y * bow;
      }
    } else if (dLonDeg !== 0 || lat1 !== lat2) {
      checkNotAntipodal(lat1, lon1, lat2, dLonDeg, where, i);
      const geodesic = geodesicInverse(lat1, lon1, lat2, lon2);
      exact += geodesic.area;
      // The longitude the geodesic travels, which is ±180° over a pole.
      winding += geodesic.longitude12 - dLonDeg;
    }
    lon1 = lon2;
    lat1 = lat2;
    y1 = y2;
  }
  // The sums measure area between each edge and the equator, positive to the right of an
  // eastward edge, so a counter-clockwise ring sums to minus its area. A ring around a pole
  // (net 360° of longitude) encloses the cap on its left, which the equator sums miss.
  const turns = windingTurns(winding, where);
  const signed = -(sphere * RQ2 + exact) + turns * 2 * Math.PI * RQ2;
  return reduceSigned(signed, WGS84_SURFACE_AREA);
}

/**
 * Whole turns around a pole. A simple ring turns at most once; more means it crosses itself
 * and encloses no area that one number could describe.
 */
function windingTurns(winding: number, where: InputPlace): number {
  const turns = Math.round(winding / 360);
  if (turns > 1 || turns < -1) {
    const at = String(where) || 'ring';
    throw new FrontlineError('AMBIGUOUS_RING', `the ring winds ${Math.abs(turns)} times around a pole, so it crosses itself, at ${at}`, { where: at });
  }
  return turns;
}

/**
 * A longitude moved by whole turns to within 180° of the previous one along the ring. Exactly
 * 180° away, Turf's edge (straight in longitude and sin φ) could run either way round: unless
 * both ends are the same pole, where longitude means nothing, the ring is ambiguous.
 */
function unwrapLon(lon: number, prev: number, lat: number, prevLat: number, where: InputPlace, index: number): number {
  const d = lon - prev;
  if (d < 180 && d > -180) return lon;
  const unwrapped = d === 180 || d === -180 ? lon : lon - 360 * Math.round(d / 360);
  if ((unwrapped - prev === 180 || unwrapped - prev === -180) && !(lat === prevLat && (lat === 90 || lat === -90))) {
    const at = `${where}[${index}]`;
    throw new FrontlineError('AMBIGUOUS_RING', `the edge to [${lon}, ${lat}] spans exactly 180° of longitude, so it could run east or west, at ${at}`, {
      where: at,
    });
  }
  return unwrapped;
}

function sphericalRing(ring: Position[], where: InputPlace): number {
  const n = vertexCount(ring);
  if (n < 3) {
    for (let i = 0; i < n; i++) checkPosition(ring[i], where, i);
    return 0;
  }
  // Turf's loop: for each i, (λ[i+2] − λ[i])·sin φ[i+1], indices cyclic. Longitudes are
  // unwrapped along the ring (each within 180° of the previous one); for rings that never jump
  // by more than 180° they are the input numbers themselves, so the sum is Turf's, bit for bit.
  const p0 = ring[0];
  const p1 = ring[1];
  checkPosition(p0, where, 0);
  checkPosition(p1, where, 1);
  const lonStart = p0[0]!;
  let lower = lonStart;
  let middleLat = p1[1]!;
  let middle = unwrapLon(p1[0]!, lower, middleLat, p0[1]!, where, 1);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const j = i + 2 < n ? i + 2 : i + 2 - n;
    const p = ring[j];
    if (j >= 2) checkPosition(p, where, j);
    const upperLat = p![1]!;
    const upper = unwrapLon(p![0]!, middle, upperLat, middleLat, where, j);
    total += (upper * D2R - lower * D2R) * Math.sin(middleLat * D2R);
    lower = middle;
    middle = upper;
    middleLat = upperLat;
  }
  // `lower` is now vertex 0 again, after one trip around the ring.
  const turns = windingTurns(lower - lonStart, where);
  const signed = -total * TURF_FACTOR + turns * 2 * Math.PI * TURF_RADIUS * TURF_RADIUS;
  return reduceSigned(signed, TURF_SURFACE);
}

export function ringAreaAt(ring: Position[], method: AreaMethod, where: InputPlace): number {
  if (!Array.isArray(ring)) invalid('ring is not an array of positions', String(where));
  return method === 'spherical' ? sphericalRing(ring, where) : ellipsoidalRing(ring, where);
}

/**
 * Signed area of one linear ring, in m².
 *
 * @param ring positions [longitude, latitude] in degrees; the closing position may be
 *   repeated or left out. Edges are geodesics (ellipsoidal) or Turf's edges (spherical) and
 *   take the short way across the antimeridian.
 * @param method `ellipsoidal` (default, WGS84) or `spherical` (Turf-compatible).
 * @returns the area enclosed, positive when the ring runs counter-clockwise (the RFC 7946
 *   orientation of exterior rings), negative when clockwise; its magnitude is at most half
 *   the Earth's surface. Take `Math.abs` for an area regardless of winding.
 * @throws FrontlineError `INVALID_GEOJSON` on a malformed position or a non-finite coordinate
 *   (`where` is `[i]`, the index of the position).
 */
export function ringArea(ring: Position[], method: AreaMethod = 'ellipsoidal'): number {
  return ringAreaAt(ring, method, InputPlace.ROOT);
}
