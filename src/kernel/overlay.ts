import type { MultiPolygon, Polygon, Position } from 'geojson';
import * as clip from 'polyclip-ts';
import { FrontlineError } from '../errors.js';

/**
 * Boolean operations on polygons in longitude/latitude, treated as a plane (edges are
 * straight in lon/lat). At the scale of a district the difference from geodesic edges is
 * a few millimetres of offset per kilometre of edge, far below the data's accuracy; areas are
 * always measured afterwards with geodesic edges (see area.ts).
 *
 * Every function returns a MultiPolygon (possibly with no polygons) and never mutates its input.
 */
export type Areal = Polygon | MultiPolygon;

type ClipRing = [number, number][];
type ClipGeom = ClipRing[] | ClipRing[][];

function toClip(geometry: Areal): ClipGeom {
  // polyclip-ts only reads coordinates, but it is handed fresh arrays so that a future
  // version writing into them could never touch the caller's data.
  const ring = (r: Position[]): ClipRing => r.map((p) => [p[0]!, p[1]!] as [number, number]);
  if (geometry.type === 'Polygon') return geometry.coordinates.map(ring);
  if (geometry.type === 'MultiPolygon') return geometry.coordinates.map((poly) => poly.map(ring));
  throw new FrontlineError('INVALID_ARGUMENT', `overlay expects a Polygon or MultiPolygon, got ${(geometry as { type?: unknown }).type}`);
}

function run(name: string, op: () => ClipRing[][]): MultiPolygon {
  try {
    return { type: 'MultiPolygon', coordinates: op() };
  } catch (cause) {
    throw new FrontlineError('GEOMETRY_FAILED', `polygon ${name} failed: ${(cause as Error).message}`, { cause });
  }
}

export function intersection(a: Areal, ...others: Areal[]): MultiPolygon {
  return run('intersection', () => clip.intersection(toClip(a), ...others.map(toClip)));
}

export function difference(a: Areal, ...others: Areal[]): MultiPolygon {
  return run('difference', () => clip.difference(toClip(a), ...others.map(toClip)));
}

export function union(a: Areal, ...others: Areal[]): MultiPolygon {
  return run('union', () => clip.union(toClip(a), ...others.map(toClip)));
}

/** Splits a (Multi)Polygon into its polygons, each as a Polygon geometry. */
export function polygonsOf(geometry: Areal): Polygon[] {
  if (geometry.type === 'Polygon') return [geometry];
  return geometry.coordinates.map((coordinates) => ({ type: 'Polygon', coordinates }));
}

export function isEmpty(geometry: Areal): boolean {
  return geometry.type === 'MultiPolygon' ? geometry.coordinates.length === 0 : geometry.coordinates.length === 0;
}
