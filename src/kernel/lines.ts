import type { BBox, LineString, MultiLineString, Position } from 'geojson';

/** Line work as plain coordinate runs, the form the kernels exchange. */
export type LineRuns = Position[][];

/** The coordinate runs of a LineString or MultiLineString (copies; the input is untouched). */
export function runsOf(geometry: LineString | MultiLineString): LineRuns {
  const runs = geometry.type === 'LineString' ? [geometry.coordinates] : geometry.coordinates;
  return runs.map((run) => run.map((p) => [...p]));
}

/**
 * Clips lines to a longitude/latitude box [west, south, east, north]. Runs leaving and
 * re-entering the box come back as separate runs; runs entirely outside disappear. Each
 * segment is clipped on its own (Liang–Barsky), so a vertex inside the box is kept exactly and
 * the points where a run crosses the box's edges are interpolated along the segment.
 */
export function clipLinesToBox(runs: LineRuns, box: BBox): LineRuns {
  const [west, south, east, north] = box as [number, number, number, number];
  const out: LineRuns = [];
  for (const run of runs) {
    let piece: Position[] | null = null;
    for (let i = 0; i + 1 < run.length; i++) {
      const a = run[i]!,
        b = run[i + 1]!;
      const clipped = clipSegment(a, b, west, south, east, north);
      if (clipped === null) {
        piece = null;
        continue;
      }
      const [from, to, enters, leaves] = clipped;
      if (piece === null || enters) {
        piece = [from];
        out.push(piece);
      }
      const last = piece[piece.length - 1]!;
      if (to[0] !== last[0] || to[1] !== last[1]) piece.push(to);
      if (leaves) piece = null;
    }
  }
  return out.filter((piece) => piece.length >= 2);
}

/**
 * The part of segment a→b inside the box, with whether it starts after a (the segment enters
 * the box) and ends before b (it leaves); null when no part of it is inside.
 */
function clipSegment(a: Position, b: Position, west: number, south: number, east: number, north: number): [Position, Position, boolean, boolean] | null {
  const [ax, ay] = a as [number, number],
    [bx, by] = b as [number, number];
  const dx = bx - ax,
    dy = by - ay;
  let t0 = 0,
    t1 = 1;
  // Each edge of the box as p·t ≤ q: the segment is inside for t in [t0, t1].
  const edges: [number, number][] = [
    [-dx, ax - west],
    [dx, east - ax],
    [-dy, ay - south],
    [dy, north - ay],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return null;
    } else {
      const t = q / p;
      if (p < 0) {
        if (t > t1) return null;
        if (t > t0) t0 = t;
      } else {
        if (t < t0) return null;
        if (t < t1) t1 = t;
      }
    }
  }
  const at = (t: number): Position => (t === 0 ? [...a] : t === 1 ? [...b] : [ax + t * dx, ay + t * dy]);
  return [at(t0), at(t1), t0 > 0, t1 < 1];
}
