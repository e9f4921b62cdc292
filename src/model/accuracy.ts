import type { Feature, Geometry, LineString, MultiPolygon, Position } from 'geojson';
import { FrontlineError, describeValue } from '../errors.js';
import { bufferLine } from '../kernel/buffer.js';
import { difference, union, type Areal } from '../kernel/overlay.js';
import { exactArea, type UncertainArea } from './uncertainty.js';

/**
 * Accuracy as data. A feature states how far its boundary can be from the truth, in metres on
 * the ground, in its properties:
 *
 * - `segment_accuracy_m`: for a LineString, one number per segment (segment i joins vertex i to
 *   i + 1): the true line lies within that distance of every point of the segment;
 * - `accuracy_m`: one number for the whole feature: a line, or the boundary of a polygon.
 *
 * A value is a half-width, a judgement of the author rather than a statistical interval; 0 means
 * the boundary is taken as exact. Features with neither property are exact.
 */
export const SEGMENT_ACCURACY_PROPERTY = 'segment_accuracy_m';
export const ACCURACY_PROPERTY = 'accuracy_m';

const EMPTY: MultiPolygon = { type: 'MultiPolygon', coordinates: [] };

function checkWidth(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new FrontlineError('INVALID_ARGUMENT', `${where} must be a finite number of metres ≥ 0, got ${describeValue(value)}`, { where });
  }
  return value;
}

/**
 * The stated accuracy of each segment of a line feature, metres: `segment_accuracy_m` when
 * present, else `accuracy_m` for every segment, else 0 (exact).
 *
 * @throws FrontlineError `INVALID_ARGUMENT` (with `where`, e.g. `properties.segment_accuracy_m[3]`)
 *   when a value is not a number ≥ 0 or there is not one per segment.
 */
export function segmentAccuracyM(line: Feature<LineString>): number[] {
  const segments = Math.max(0, (line.geometry?.coordinates?.length ?? 0) - 1);
  const p = (line.properties ?? {}) as Record<string, unknown>;
  const perSegment = p[SEGMENT_ACCURACY_PROPERTY];
  if (perSegment !== undefined) {
    const where = `properties.${SEGMENT_ACCURACY_PROPERTY}`;
    if (!Array.isArray(perSegment) || perSegment.length !== segments) {
      throw new FrontlineError(
        'INVALID_ARGUMENT',
        `${where} must be an array with one value per segment (${segments}), got ${Array.isArray(perSegment) ? `${perSegment.length} values` : describeValue(perSegment)}`,
        { where },
      );
    }
    return perSegment.map((w, i) => checkWidth(w, `${where}[${i}]`));
  }
  const whole = p[ACCURACY_PROPERTY];
  const width = whole === undefined ? 0 : checkWidth(whole, `properties.${ACCURACY_PROPERTY}`);
  return new Array<number>(segments).fill(width);
}

/**
 * The zone a line whose segments are known to `widthsM` metres lies in: the union of each
 * segment's geodesic buffer at its own width (round ends, so a vertex between two segments is
 * covered by the wider), with any hole filled. A hole of a line's buffer is ground the line loops
 * around; a line anywhere in the band could pass it on either side, so it belongs to the zone.
 * Segments of width 0 add nothing; a line of width 0 throughout gives an empty MultiPolygon.
 *
 * @param line positions [longitude, latitude], degrees.
 * @param widthsM one half-width per segment, metres (see {@link segmentAccuracyM}).
 */
export function lineBand(line: readonly Position[], widthsM: readonly number[]): MultiPolygon {
  if (widthsM.length !== line.length - 1) {
    throw new FrontlineError('INVALID_ARGUMENT', `lineBand: ${line.length - 1} segments but ${widthsM.length} widths`);
  }
  widthsM.forEach((w, i) => checkWidth(w, `widthsM[${i}]`));
  // A run of segments of one width is buffered in one call: the same union of capsules, with
  // one projection set up per run rather than per segment.
  const capsules: Areal[] = [];
  for (let first = 0; first < widthsM.length; ) {
    let last = first;
    while (last + 1 < widthsM.length && widthsM[last + 1] === widthsM[first]) last++;
    if (widthsM[first]! > 0) capsules.push(bufferLine(line.slice(first, last + 2) as Position[], widthsM[first]!));
    first = last + 1;
  }
  if (capsules.length === 0) return EMPTY;
  const merged = union(capsules[0]!, ...capsules.slice(1));
  return { type: 'MultiPolygon', coordinates: merged.coordinates.map((rings) => [rings[0]!]) };
}

/** The band of a line feature at its stated accuracy ({@link segmentAccuracyM}, {@link lineBand}). */
export function lineFeatureBand(line: Feature<LineString>): MultiPolygon {
  return lineBand(line.geometry.coordinates, segmentAccuracyM(line));
}

/**
 * A polygon feature as an uncertain area: when it states `accuracy_m` = w > 0, its boundary lies
 * within w of the drawn one, so inner = the polygon less the band of its rings, outer = the
 * polygon plus it. A feature without it (or with 0) is exact.
 *
 * @throws FrontlineError `INVALID_ARGUMENT` for a bad `accuracy_m` or a feature that is not a polygon.
 */
export function polygonFeatureBounds(feature: Feature<Geometry | null>): UncertainArea {
  const g = feature.geometry;
  if (g?.type !== 'Polygon' && g?.type !== 'MultiPolygon') {
    throw new FrontlineError('INVALID_ARGUMENT', `polygonFeatureBounds takes a Polygon or MultiPolygon feature, got ${describeValue(g?.type)}`);
  }
  const stated = feature.properties?.[ACCURACY_PROPERTY];
  const width = stated === undefined ? 0 : checkWidth(stated, `properties.${ACCURACY_PROPERTY}`);
  const area = exactArea(g);
  if (width === 0) return area;
  // The rings' own bands, holes kept: a hole of a ring's buffer is the polygon's interior (or
  // exterior) farther than w from its boundary, which no boundary within w can reach.
  const rings = area.geometry.coordinates.flat();
  const bands = rings.map((ring) => bufferLine(ring, width));
  const band = union(bands[0]!, ...bands.slice(1));
  return { geometry: area.geometry, inner: difference(area.geometry, band), outer: union(area.geometry, band) };
}
