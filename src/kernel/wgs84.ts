/**
 * The WGS84 ellipsoid and the quantities of its authalic (equal-area) sphere.
 *
 * The authalic sphere has the same total area as the ellipsoid; mapping geodetic latitude φ
 * to authalic latitude ξ (longitude unchanged) preserves the area of every region, which is
 * what lets ring-area.ts do most of its work with spherical trigonometry.
 * Formulas: Snyder 1987, "Map projections: a working manual", eqs. 3-11 to 3-12.
 */

/** Semi-major axis (equatorial radius), metres. */
export const WGS84_A = 6378137;
/** Flattening. */
export const WGS84_F = 1 / 298.257223563;
/** First eccentricity squared, e² = f(2 − f). */
export const WGS84_E2 = WGS84_F * (2 - WGS84_F);
/** First eccentricity. */
export const WGS84_E = Math.sqrt(WGS84_E2);

/**
 * The IUGG mean Earth radius R₁ = (2a + b)/3, metres: the sphere of Turf's area and of bounds
 * that need no more than a sphere.
 */
export const MEAN_EARTH_RADIUS = 6371008.8;

/**
 * Snyder's q(φ) as a function of sin φ: the zone between the equator and latitude φ over a
 * longitude span Δλ (radians) has area a²·Δλ·q/2.
 */
function authalicQ(sinPhi: number): number {
  return (1 - WGS84_E2) * (sinPhi / (1 - WGS84_E2 * sinPhi * sinPhi) + Math.atanh(WGS84_E * sinPhi) / WGS84_E);
}

/** q at the pole; sin ξ = q(φ) / q_p. */
export const AUTHALIC_QP = authalicQ(1);

/** Radius of the sphere with the same area as the WGS84 ellipsoid, metres (≈ 6,371,007.18 m). */
export const AUTHALIC_RADIUS = WGS84_A * Math.sqrt(AUTHALIC_QP / 2);

/** Total surface area of the WGS84 ellipsoid, m² (= 4π R_q²). */
export const WGS84_SURFACE_AREA = 4 * Math.PI * AUTHALIC_RADIUS * AUTHALIC_RADIUS;

/**
 * Sine of the authalic latitude for a geodetic latitude given by its sine.
 * Takes sin φ in [−1, 1] and returns sin ξ in [−1, 1] (exactly ±1 at the poles).
 */
export function authalicSine(sinPhi: number): number {
  return authalicQ(sinPhi) / AUTHALIC_QP;
}

// Coefficients of sin ξ / φ as a polynomial in φ² on [0, (π/2)²]: a least-squares fit on 400
// Chebyshev nodes to authalicSine(sin φ) / φ evaluated with 60 significant digits
// (scripts/reference/authalic-sine-fit.py refits both polynomials here and measures them).
// Degree 12 is the lowest whose error (5.5e-17 in sin ξ with the coefficients rounded to
// doubles, 4e-15 in its derivative) stays below double rounding: a ring around a pole measures
// its cap as 2π·(1 − sin ξ)·R_q², so an error of 1e-16 in sin ξ there is 0.03 m² of cap.
const Y0 = 0.99553008843661688447;
const Y1 = -0.16147871027036112937;
const Y2 = 0.0061013671458128038414;
const Y3 = 0.00026165952504412375149;
const Y4 = -0.000049142186526244901556;
const Y5 = 3.0027795489375720421e-6;
const Y6 = 4.9407800437747810074e-9;
const Y7 = -1.8056254579311890914e-8;
const Y8 = 1.653203543241618851e-9;
const Y9 = -4.8351089452494790135e-11;
const Y10 = -4.9128888783947326743e-12;
const Y11 = 6.6694257057658445154e-13;
const Y12 = -2.899569688163822932e-14;

// The same on [0, 1.1²] only (|φ| up to 63°, where most mapped land and every front measured
// here lies): the same fit with 10 coefficients (error 6.3e-17 rounded to doubles), three
// multiply-adds fewer a vertex.
const LOW_T = 1.21;
const L0 = 0.995530088436617;
const L1 = -0.16147871027036345;
const L2 = 0.0061013671458820355;
const L3 = 0.0002616595242501313;
const L4 = -4.9142181919727856e-5;
const L5 = 3.0027641581832235e-6;
const L6 = 4.972424639907085e-9;
const L7 = -1.8097474200848203e-8;
const L8 = 1.6872028583105693e-9;
const L9 = -6.553902995912407e-11;

/**
 * Sine of the authalic latitude for a geodetic latitude φ in radians ([−π/2, π/2]), by a
 * polynomial: the same number as `authalicSine(Math.sin(φ))` to within 2e-16, in about a third
 * of the time (no sine, no atanh). Estrin's scheme keeps the dependency chain short.
 */
export function authalicSineOfLatitude(phi: number): number {
  const t = phi * phi;
  const t2 = t * t;
  const t4 = t2 * t2;
  const t8 = t4 * t4;
  if (t <= LOW_T) return phi * (L0 + L1 * t + t2 * (L2 + L3 * t) + t4 * (L4 + L5 * t + t2 * (L6 + L7 * t)) + t8 * (L8 + L9 * t));
  return phi * (Y0 + Y1 * t + t2 * (Y2 + Y3 * t) + t4 * (Y4 + Y5 * t + t2 * (Y6 + Y7 * t)) + t8 * (Y8 + Y9 * t + t2 * (Y10 + Y11 * t) + t4 * Y12));
}
