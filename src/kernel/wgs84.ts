/**
 * The WGS84 ellipsoid and the quantities of its authalic (equal-area) sphere.
 *
 * The authalic sphere has the same total area as the ellipsoid; mapping geodetic latitude φ
 * to authalic latitude ξ (longitude unchanged) preserves the area of every region, which is
 * what lets area.ts do most of its work with spherical trigonometry.
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

/**
 * Authalic latitude ξ for geodetic latitude φ, both in radians. ξ has the same sign as φ,
 * equals it at the equator and the poles, and differs from it by at most about 0.128°.
 */
export function authalicLatitude(phi: number): number {
  const s = authalicSine(Math.sin(phi));
  // atan2 with a cosine from (1 − s)(1 + s) keeps precision near the poles better than asin.
  return Math.atan2(s, Math.sqrt((1 - s) * (1 + s)));
}
