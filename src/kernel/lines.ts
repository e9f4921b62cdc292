import type { BBox, LineString, MultiLineString, Position } from 'geojson';
import { bboxClip, lineString } from '@turf/turf';

/** Line work as plain coordinate runs, the form the kernels exchange. */
export type LineRuns = Position[][];

/** The coordinate runs of a LineString or MultiLineString (copies; the input is untouched). */
export function runsOf(geometry: LineString | MultiLineString): LineRuns {
  const runs = geometry.type === 'LineString' ? [geometry.coordinates] : geometry.coordinates;
  return runs.map((run) => run.map((p) => [...p]));
}

/**
 * Clips lines to a longitude/latitude box [west, south, east, north]. Runs leaving and
 * re-entering the box come back as separate runs; runs entirely outside disappear.
 */
export function clipLinesToBox(runs: LineRuns, box: BBox): LineRuns {
  const out: LineRuns = [];
  for (const run of runs) {
    if (run.length < 2) continue;
    const clipped = bboxClip(lineString(run.map((p) => [...p])), box).geometry;
    const pieces: Position[][] = clipped.type === 'LineString' ? [clipped.coordinates as Position[]] : (clipped.coordinates as Position[][]);
    for (const piece of pieces) if (piece.length >= 2) out.push(piece);
  }
  return out;
}
