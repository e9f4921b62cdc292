/**
 * Positions and the rings and lines they make, for `validate` (validate.ts): every position
 * checked (one finding per kind of problem), then copied without consecutive repeats into typed
 * arrays, with what the copy found (repeated positions, edges across the antimeridian).
 */
import type { Position } from 'geojson';
import { describeValue as show } from '../errors.js';
import type { FindingList } from './validate-findings.js';

/** Every position of a list; one finding per kind of problem, naming the first and counting the rest. Returns false on any error. */
export function checkPositions(
  list: unknown[],
  feature: number | null,
  at: string,
  what: string,
  out: FindingList,
  single = false,
  skipEmpty = false,
): boolean {
  let malformed = -1,
    nonFinite = -1,
    range = -1,
    wrapped = -1;
  let nMalformed = 0,
    nNonFinite = 0,
    nRange = 0,
    nWrapped = 0;
  let malformedMsg = '',
    nonFiniteMsg = '',
    rangeMsg = '';
  for (let i = 0; i < list.length; i++) {
    const p: unknown = list[i];
    if (skipEmpty && Array.isArray(p) && p.length === 0) continue;
    if (!Array.isArray(p) || p.length < 2) {
      if (nMalformed++ === 0) {
        malformed = i;
        malformedMsg = `position is ${show(p)}, not [longitude, latitude]`;
      }
      continue;
    }
    const lon: unknown = p[0],
      lat: unknown = p[1];
    if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat)) {
      if (nNonFinite++ === 0) {
        nonFinite = i;
        nonFiniteMsg =
          typeof lon !== 'number' || !Number.isFinite(lon) ? `longitude ${show(lon)} is not a finite number` : `latitude ${show(lat)} is not a finite number`;
      }
      continue;
    }
    if (lat < -90 || lat > 90 || lon < -540 || lon > 540) {
      if (nRange++ === 0) {
        range = i;
        rangeMsg = lat < -90 || lat > 90 ? `latitude ${lat} is outside [-90, 90]` : `longitude ${lon} is outside [-540, 540]`;
      }
    } else if (lon < -180 || lon > 180) {
      if (nWrapped++ === 0) wrapped = i;
    }
  }
  const where = (i: number) => (single ? at : `${at}[${i}]`);
  const more = (n: number) => (n > 1 ? ` (and ${n - 1} more in this ${what})` : '');
  if (nMalformed) out.add('MALFORMED_POSITION', feature, where(malformed), `${malformedMsg}${more(nMalformed)}`);
  if (nNonFinite) out.add('NON_FINITE_COORDINATE', feature, where(nonFinite), `${nonFiniteMsg}${more(nNonFinite)}`);
  if (nRange) out.add('COORDINATE_OUT_OF_RANGE', feature, where(range), `${rangeMsg}${more(nRange)}`);
  if (nWrapped) {
    const lon = (list[wrapped] as number[])[0];
    out.add(
      'LONGITUDE_WRAPPED',
      feature,
      where(wrapped),
      `longitude ${lon} is outside [-180, 180]; it is read as continuing across the antimeridian, which RFC 7946 does not allow${more(nWrapped)}`,
    );
  }
  return nMalformed + nNonFinite + nRange === 0;
}

/** A ring's positions with consecutive duplicates (and the closing repeat) removed. */
export interface CleanRing {
  x: Float64Array;
  y: Float64Array;
  /** Index in the input of each vertex kept. */
  orig: Int32Array;
  /** Vertices kept. */
  m: number;
  /** First and last input positions are equal. */
  closed: boolean;
  /** Positions dropped for repeating the one before, and the first of them. */
  dups: number;
  firstDup: number;
}

/**
 * Copies a list of finite positions into typed arrays without consecutive duplicates; `ring` also
 * drops a closing repeat. With `into`, the vertices go to its arrays from `into.at` on and the
 * ring's arrays are views of them, so that the rings of a geometry lie end to end.
 */
export function cleanPositions(positions: Position[], ring: boolean, into?: { x: Float64Array; y: Float64Array; orig: Int32Array; at: number }): CleanRing {
  const n = positions.length;
  const base = into ? into.at : 0;
  const x = into ? into.x : new Float64Array(n),
    y = into ? into.y : new Float64Array(n),
    orig = into ? into.orig : new Int32Array(n);
  let m = 0,
    dups = 0,
    firstDup = -1;
  for (let i = 0; i < n; i++) {
    const p = positions[i]!;
    const px = p[0]!,
      py = p[1]!;
    if (m > 0 && px === x[base + m - 1] && py === y[base + m - 1]) {
      if (dups++ === 0) firstDup = i;
      continue;
    }
    x[base + m] = px;
    y[base + m] = py;
    orig[base + m] = i;
    m++;
  }
  const first = positions[0],
    last = positions[n - 1];
  const closed = n > 1 && first![0] === last![0] && first![1] === last![1];
  if (ring && m > 1 && x[base + m - 1] === x[base] && y[base + m - 1] === y[base]) m--;
  if (!into) return { x, y, orig, m, closed, dups, firstDup };
  return { x: x.subarray(base, base + m), y: y.subarray(base, base + m), orig: orig.subarray(base, base + m), m, closed, dups, firstDup };
}

/** Twice the signed area of a cleaned ring in the lon/lat plane (positive counter-clockwise). */
export function planarTwiceArea(r: CleanRing): number {
  const x0 = r.x[0]!,
    y0 = r.y[0]!;
  let s = 0;
  for (let k = 1; k + 1 < r.m; k++) s += (r.x[k]! - x0) * (r.y[k + 1]! - y0) - (r.x[k + 1]! - x0) * (r.y[k]! - y0);
  return s;
}

export function reportDuplicates(r: CleanRing, feature: number | null, at: string, what: string, out: FindingList): void {
  if (r.dups === 0) return;
  const more = r.dups > 1 ? ` (${r.dups} repeated positions in this ${what})` : '';
  out.add('DUPLICATE_VERTEX', feature, `${at}[${r.firstDup}]`, `position repeats the one before it${more}`);
}

export function reportJumps(r: CleanRing, feature: number | null, at: string, what: string, out: FindingList, ring: boolean): void {
  const edges = ring ? r.m : r.m - 1;
  let count = 0,
    first = -1;
  for (let k = 0; k < edges; k++) {
    const k2 = k + 1 === r.m ? 0 : k + 1;
    if (Math.abs(r.x[k2]! - r.x[k]!) > 180) if (count++ === 0) first = k;
  }
  if (count === 0) return;
  const more = count > 1 ? ` (${count} such edges in this ${what})` : '';
  out.add(
    'ANTIMERIDIAN_JUMP',
    feature,
    `${at}[${r.orig[first]!}]`,
    `edge spans more than 180° of longitude; area() takes it the short way across the antimeridian, the overlay the long way round: split the ${what} at ±180° or use continuous longitudes${more}`,
  );
}
