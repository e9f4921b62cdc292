import type { Polygon, Position } from 'geojson';
import { FrontlineError } from '../errors.js';
import { extractFaces } from './polygonize-faces.js';
import { nodeSegments, type Pt, type Segment } from './polygonize-graph.js';
import { snapFreeEnds, type GapClosed } from './polygonize-snapping.js';

export type { GapClosed } from './polygonize-snapping.js';

/**
 * Turns line work (boundary arcs drawn as separate lines, possibly with small gaps,
 * overshoots and crossings) into the polygons it encloses.
 *
 * Geometry model: segments are straight in longitude/latitude, treated as a plane, for
 * noding, face walking and orientation. At the scale of a region (segments of a few
 * kilometres at most) the difference from geodesic edges is a few millimetres per kilometre,
 * far below the accuracy of any boundary data this is fed. Distances that decide snapping
 * are geodesic on the WGS84 ellipsoid. Lines must not cross the antimeridian.
 *
 * The steps, one module each: noding (polygonize-graph.ts), snapping (polygonize-snapping.ts),
 * faces (polygonize-faces.ts).
 */

export interface PolygonizeOptions {
  /**
   * Free line ends closer than this (geodesic metres, WGS84) to another line's end, or to
   * another line, are joined to it. 0 joins nothing.
   */
  snapToleranceMeters: number;
}

export interface PolygonizeResult {
  /**
   * Every bounded face of the line work, as a GeoJSON Polygon: exterior ring counter-clockwise,
   * holes clockwise (RFC 7946), rings closed. A face that surrounds other line work gets
   * that work's outline as a hole, and the faces inside it are returned as polygons too.
   */
  polygons: Polygon[];
  /** The gaps that were closed, in the order they were closed. */
  gapsClosed: GapClosed[];
  /**
   * How many pieces of line work bound no face and were dropped: dangling chains
   * (overshoots, unclosed lines) and bridges between faces, each maximal run of edges
   * through unbranched vertices counted once.
   */
  danglesDropped: number;
}

/**
 * Polygonizes line work in three steps: noding (all segments split at their mutual
 * intersections, identical vertices merged), snapping (free ends within
 * `snapToleranceMeters` joined by a new segment, first end to end, then end to the nearest
 * point of a line), and face extraction (dangling chains and bridges dropped, faces walked
 * with the standard half-edge "sharpest left turn" rule, outlines of nested line work
 * attached as holes to the smallest face enclosing them).
 *
 * A join is refused when its target can already be reached from the free end along the line
 * work within twice the tolerance: such a join would only make a sliver between an overshoot
 * and the line it crossed, or between a line's end and its own last vertices.
 *
 * Gaps wider than the tolerance stay open: line work that then encloses nothing yields no
 * polygons (an empty `polygons` array, not an error).
 *
 * @param lines runs of [longitude, latitude] positions (degrees, WGS84); any altitude is
 *   ignored. Not modified.
 * @param options `snapToleranceMeters`: geodesic metres, finite and >= 0.
 * @returns the polygons, the gaps closed, and the number of dangling pieces dropped.
 * @throws FrontlineError INVALID_ARGUMENT for a line with fewer than 2 positions, a
 *   non-finite coordinate, or an invalid tolerance (the message names the line index).
 * @example
 * const { polygons } = polygonize([[[0, 0], [0.01, 0], [0.01, 0.01]], [[0.01, 0.01], [0, 0.01], [0, 0.0001]]],
 *   { snapToleranceMeters: 50 });
 * // one square polygon; the 11 m gap at [0, 0] was closed
 */
export function polygonize(lines: Position[][], options: PolygonizeOptions): PolygonizeResult {
  const tolerance = options?.snapToleranceMeters;
  if (typeof tolerance !== 'number' || !Number.isFinite(tolerance) || tolerance < 0) {
    throw new FrontlineError('INVALID_ARGUMENT', `polygonize: snapToleranceMeters must be a finite number >= 0, got ${String(tolerance)}`, {
      where: 'options.snapToleranceMeters',
    });
  }
  const segments = segmentsOf(lines);
  const graph = nodeSegments(segments);
  const gapsClosed = tolerance > 0 ? snapFreeEnds(graph, tolerance) : [];
  const noded = gapsClosed.length > 0 ? nodeSegments(graph.edges.map(([a, b]) => [graph.points[a]!, graph.points[b]!])) : graph;
  const { polygons, danglesDropped } = extractFaces(noded);
  return { polygons, gapsClosed, danglesDropped };
}

function segmentsOf(lines: Position[][]): Segment[] {
  if (!Array.isArray(lines)) {
    throw new FrontlineError('INVALID_ARGUMENT', 'polygonize: lines must be an array of position arrays', { where: 'lines' });
  }
  const segments: Segment[] = [];
  lines.forEach((line, i) => {
    if (!Array.isArray(line) || line.length < 2) {
      throw new FrontlineError('INVALID_ARGUMENT', `polygonize: line ${i} has ${Array.isArray(line) ? line.length : 'no'} positions, needs at least 2`, {
        where: `lines[${i}]`,
      });
    }
    const points = line.map((p, j): Pt => {
      const x = Array.isArray(p) ? p[0] : undefined;
      const y = Array.isArray(p) ? p[1] : undefined;
      if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
        throw new FrontlineError('INVALID_ARGUMENT', `polygonize: line ${i}, position ${j} is not a pair of finite numbers: ${JSON.stringify(p)}`, {
          where: `lines[${i}][${j}]`,
        });
      }
      return [x, y];
    });
    for (let j = 1; j < points.length; j++) segments.push([points[j - 1]!, points[j]!]);
  });
  return segments;
}
