import type { Position } from 'geojson';
import { FrontlineError } from '../errors.js';
import { geodesicDistanceMeters } from '../kernel/distance.js';

/** A rectangle in pixels, y down. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** [west, south, east, north] in degrees. */
export type { BBox } from '../kernel/bbox.js';
import type { BBox } from '../kernel/bbox.js';

/** A projection fitted to a map frame, with what a reader needs to know about it. */
export interface FittedProjection {
  /** [longitude, latitude] → [x, y] pixels. */
  project(position: Position): [number, number];
  /** [x, y] pixels → [longitude, latitude], or null for a point no position projects to. */
  invert(xy: readonly [number, number]): [number, number] | null;
  /** The central meridian and the two standard parallels, degrees. */
  readonly centralMeridian: number;
  readonly parallels: [number, number];
  /** [longitude, latitude] of the middle of the area fitted. */
  readonly centre: [number, number];
  /**
   * Pixels per kilometre at `centre`: the geometric mean of the east–west and north–south
   * scales, each measured as projected pixels over the WGS84 geodesic distance between two
   * points 0.05° either side of the centre. An equal-area projection stretches one direction as
   * much as it shrinks the other, so the mean is the true scale of areas; the two directions
   * differ by {@link FittedProjection.anisotropy}.
   */
  readonly pixelsPerKm: number;
  /** East–west scale over north–south scale at the centre, minus 1 (0 for a conformal projection). */
  readonly anisotropy: number;
  /** One line for the map's credits, e.g. `Albers equal-area conic, standard parallels 39.0° N and 40.2° N`. */
  readonly description: string;
}

/**
 * An Albers equal-area conic projection fitted to a geographic box: central meridian through
 * the middle of the box, standard parallels one sixth of its height inside its north and south
 * edges (the usual choice: scale errors within the box stay below a few tenths of a percent for
 * a box a few degrees high), scaled and translated so the box fills `frame`.
 *
 * Equal-area, because the maps are about how much ground changed hands: a square kilometre
 * covers the same number of pixels everywhere on the map.
 *
 * @param bbox [west, south, east, north] in degrees (west < east, south < north, within ±80° latitude).
 * @param frame where the box must fit, in pixels.
 * @throws FrontlineError `INVALID_ARGUMENT` on an empty or non-finite box.
 */
export function fitAlbers(bbox: BBox, frame: Box): FittedProjection {
  const [w, s, e, n] = bbox;
  if (![w, s, e, n].every(Number.isFinite) || !(w < e) || !(s < n) || s < -80 || n > 80) {
    throw new FrontlineError(
      'INVALID_ARGUMENT',
      `cannot fit a map to the box ${JSON.stringify(bbox)} (expected [west, south, east, north] with west < east, south < north, |latitude| ≤ 80°)`,
    );
  }
  const lon0 = (w + e) / 2,
    lat0 = (s + n) / 2;
  const parallels: [number, number] = [s + (n - s) / 6, n - (n - s) / 6];
  const raw = albersRaw(parallels[0] * RAD, parallels[1] * RAD);
  // The unit projection rotated to the central meridian, as [x, y] with y up.
  const unit = (p: Position): [number, number] => raw.forward(wrap((p[0]! - lon0) * RAD), p[1]! * RAD);
  // Scale and translate so that the box's outline (points along its four edges: a conic
  // projection bends the parallels, so the corners alone would not bound it) fills the frame.
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (let i = 0; i <= 20; i++) {
    const t = i / 20;
    for (const p of [
      [w + (e - w) * t, s],
      [w + (e - w) * t, n],
      [w, s + (n - s) * t],
      [e, s + (n - s) * t],
    ]) {
      const [x, y] = unit(p);
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, -y);
      y1 = Math.max(y1, -y);
    }
  }
  const k = Math.min(frame.width / (x1 - x0), frame.height / (y1 - y0));
  const tx = frame.x + (frame.width - k * (x1 + x0)) / 2;
  const ty = frame.y + (frame.height - k * (y1 + y0)) / 2;
  const project = (p: Position): [number, number] => {
    const [x, y] = unit(p);
    const xy: [number, number] = [tx + k * x, ty - k * y];
    if (!Number.isFinite(xy[0]) || !Number.isFinite(xy[1])) {
      throw new FrontlineError('INVALID_ARGUMENT', `the position ${JSON.stringify(p)} cannot be projected`);
    }
    return xy;
  };
  const invert = ([x, y]: readonly [number, number]): [number, number] | null => {
    const lonLat = raw.invert((x - tx) / k, (ty - y) / k);
    if (!lonLat || !Number.isFinite(lonLat[0]) || !Number.isFinite(lonLat[1])) return null;
    return [wrap(lonLat[0]) / RAD + lon0, lonLat[1] / RAD];
  };
  const d = 0.05;
  const scale = (a: Position, b: Position) => {
    const [x1, y1] = project(a),
      [x2, y2] = project(b);
    return Math.hypot(x2 - x1, y2 - y1) / (geodesicDistanceMeters(a, b) / 1000);
  };
  const ew = scale([lon0 - d, lat0], [lon0 + d, lat0]);
  const ns = scale([lon0, lat0 - d], [lon0, lat0 + d]);
  const deg = (v: number, pos: string, neg: string) => `${Math.abs(v).toFixed(1)}° ${v >= 0 ? pos : neg}`;
  return {
    project,
    invert,
    centralMeridian: lon0,
    parallels,
    centre: [lon0, lat0],
    pixelsPerKm: Math.sqrt(ew * ns),
    anisotropy: ew / ns - 1,
    description: `Albers equal-area conic, standard parallels ${deg(parallels[0], 'N', 'S')} and ${deg(parallels[1], 'N', 'S')}, central meridian ${deg(lon0, 'E', 'W')}`,
  };
}

const RAD = Math.PI / 180;

/** An angle in radians brought into [−π, π]. */
function wrap(lambda: number): number {
  return lambda > Math.PI ? lambda - 2 * Math.PI : lambda < -Math.PI ? lambda + 2 * Math.PI : lambda;
}

/**
 * Albers equal-area conic on the unit sphere with standard parallels φ1, φ2 (radians) and the
 * origin's latitude at the equator (Snyder 1987, "Map projections: a working manual", §14,
 * eqs. 14-1 to 14-4, 14-8 to 14-11): n = (sin φ1 + sin φ2)/2, C = cos² φ1 + 2n sin φ1,
 * ρ = √(C − 2n sin φ)/n, x = ρ sin nλ, y = ρ0 − ρ cos nλ. The same formulas as d3-geo's
 * `geoConicEqualArea`, which the tests compare with.
 */
function albersRaw(
  phi1: number,
  phi2: number,
): { forward(lambda: number, phi: number): [number, number]; invert(x: number, y: number): [number, number] | null } {
  const s1 = Math.sin(phi1);
  const n = (s1 + Math.sin(phi2)) / 2;
  if (Math.abs(n) < 1e-6)
    throw new FrontlineError(
      'INVALID_ARGUMENT',
      'standard parallels symmetric about the equator: an equal-area conic needs a box off the equator, or one not centred on it',
    );
  const c = 1 + s1 * (2 * n - s1);
  const r0 = Math.sqrt(c) / n;
  return {
    forward(lambda, phi) {
      const r = Math.sqrt(c - 2 * n * Math.sin(phi)) / n;
      const theta = lambda * n;
      return [r * Math.sin(theta), r0 - r * Math.cos(theta)];
    },
    invert(x, y) {
      const r0y = r0 - y;
      let lambda = Math.atan2(x, Math.abs(r0y)) * Math.sign(r0y);
      if (r0y * n < 0) lambda -= Math.PI * Math.sign(x) * Math.sign(r0y);
      const sinPhi = (c - (x * x + r0y * r0y) * n * n) / (2 * n);
      if (Math.abs(sinPhi) > 1) return null;
      return [lambda / n, Math.asin(sinPhi)];
    },
  };
}
