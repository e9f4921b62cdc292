import type { Position } from 'geojson';
import { geoConicEqualArea, type GeoProjection } from 'd3-geo';
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
export type BBox = [number, number, number, number];

/** A projection fitted to a map frame, with what a reader needs to know about it. */
export interface FittedProjection {
  /** The d3-geo projection (spherical; scale and translate set to fill the frame). */
  readonly projection: GeoProjection;
  /** [longitude, latitude] → [x, y] pixels. */
  project(position: Position): [number, number];
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
    throw new FrontlineError('INVALID_ARGUMENT', `cannot fit a map to the box ${JSON.stringify(bbox)} (expected [west, south, east, north] with west < east, south < north, |latitude| ≤ 80°)`);
  }
  const lon0 = (w + e) / 2, lat0 = (s + n) / 2;
  const parallels: [number, number] = [s + (n - s) / 6, n - (n - s) / 6];
  const outline: Position[] = [];
  for (let i = 0; i <= 20; i++) {
    const t = i / 20;
    outline.push([w + (e - w) * t, s], [w + (e - w) * t, n], [w, s + (n - s) * t], [e, s + (n - s) * t]);
  }
  const projection = geoConicEqualArea()
    .parallels(parallels)
    .rotate([-lon0, 0])
    .fitExtent(
      [
        [frame.x, frame.y],
        [frame.x + frame.width, frame.y + frame.height],
      ],
      { type: 'MultiPoint', coordinates: outline },
    );
  const project = (p: Position): [number, number] => {
    const xy = projection([p[0]!, p[1]!]);
    if (!xy || !Number.isFinite(xy[0]) || !Number.isFinite(xy[1])) {
      throw new FrontlineError('INVALID_ARGUMENT', `the position ${JSON.stringify(p)} cannot be projected`);
    }
    return xy;
  };
  const d = 0.05;
  const scale = (a: Position, b: Position) => {
    const [x1, y1] = project(a), [x2, y2] = project(b);
    return Math.hypot(x2 - x1, y2 - y1) / (geodesicDistanceMeters(a, b) / 1000);
  };
  const ew = scale([lon0 - d, lat0], [lon0 + d, lat0]);
  const ns = scale([lon0, lat0 - d], [lon0, lat0 + d]);
  const deg = (v: number, pos: string, neg: string) => `${Math.abs(v).toFixed(1)}° ${v >= 0 ? pos : neg}`;
  return {
    projection,
    project,
    centralMeridian: lon0,
    parallels,
    centre: [lon0, lat0],
    pixelsPerKm: Math.sqrt(ew * ns),
    anisotropy: ew / ns - 1,
    description: `Albers equal-area conic, standard parallels ${deg(parallels[0], 'N', 'S')} and ${deg(parallels[1], 'N', 'S')}, central meridian ${deg(lon0, 'E', 'W')}`,
  };
}
