import type { Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { ClipType, FillRule, clipPolygons, type Path64 } from '../src/kernel/clipper.js';
import { GRID_UNITS_PER_DEG } from '../src/kernel/grid.js';

/**
 * clipPolygons, the one place the kernel runs Clipper2 and reads its PolyTree (for the overlay
 * and the timeline's winding fill). Expected polygons are drawn by hand, in whole degrees.
 */

type Point = [number, number];

/** A path through whole-degree points, on the grid. */
function path(...points: Point[]): Path64 {
  return points.map(([x, y]) => ({ x: x * GRID_UNITS_PER_DEG, y: y * GRID_UNITS_PER_DEG }));
}

/** A GeoJSON ring through the points, closed. */
function ring(...points: Point[]): Position[] {
  return [...points, points[0]!];
}

function union(subject: Path64[], fillRule = FillRule.NonZero): Position[][][] {
  return clipPolygons({ type: ClipType.Union, fillRule, preserveCollinear: false, subject }, 'test union failed');
}

/**
 * Polygons compared up to where each ring starts and the order of polygons (not the order of
 * holes, not direction): each ring closed, then started at its lowest-leftmost vertex.
 */
function normal(polygons: Position[][][]): string[] {
  const start = (r: Position[]): Position[] => {
    expect(r[0], 'ring is closed').toEqual(r[r.length - 1]);
    const open = r.slice(0, -1);
    let k = 0;
    open.forEach((p, i) => {
      if (p[0]! < open[k]![0]! || (p[0] === open[k]![0] && p[1]! < open[k]![1]!)) k = i;
    });
    return [...open.slice(k), ...open.slice(0, k)];
  };
  return polygons.map((rings) => JSON.stringify(rings.map(start))).sort();
}

const shell = path([0, 0], [10, 0], [10, 10], [0, 10]);
/** The shell as the result must write it: counter-clockwise. */
const shellRing = ring([0, 0], [10, 0], [10, 10], [0, 10]);
/** A bow tie: its left lobe winds +1, its right lobe −1. */
const bowTie = path([0, 0], [10, 10], [10, 0], [0, 10]);
const leftLobe = ring([0, 0], [5, 5], [0, 10]);
const rightLobe = ring([5, 5], [10, 0], [10, 10]);

describe('clipPolygons: a Clipper2 operation read into polygons in OGC form', () => {
  it('gives each outer path its holes, and an island inside a hole a polygon of its own', () => {
    const hole = path([2, 2], [2, 8], [8, 8], [8, 2]);
    const island = path([4, 4], [6, 4], [6, 6], [4, 6]);
    expect(normal(union([shell, hole, island]))).toEqual(normal([[shellRing, ring([2, 2], [2, 8], [8, 8], [8, 2])], [ring([4, 4], [6, 4], [6, 6], [4, 6])]]));
  });

  it('winds shells counter-clockwise and holes clockwise, whichever way the input and Clipper2 wind them', () => {
    expect(normal(union([path([0, 0], [0, 10], [10, 10], [10, 0])]))).toEqual(normal([[shellRing]]));
    // Clipper2 returns this triangle (the spike along the top encloses nothing) clockwise, as it was drawn.
    expect(normal(union([path([3, 3], [2, 3], [2, 1], [0, 3])]))).toEqual(normal([[ring([0, 3], [2, 1], [2, 3])]]));
    // The non-zero rule fills both lobes of the bow tie.
    expect(normal(union([bowTie]))).toEqual(normal([[leftLobe], [rightLobe]]));
  });

  it('fills by the rule asked: the positive rule keeps only ground wound counter-clockwise', () => {
    expect(union([path([0, 0], [0, 10], [10, 10], [10, 0])], FillRule.Positive)).toEqual([]);
    expect(normal(union([bowTie], FillRule.Positive))).toEqual(normal([[leftLobe]]));
  });

  it('writes a hole touching its shell as shell and hole, and squares touching at a corner as two polygons', () => {
    expect(normal(union([shell, path([0, 0], [3, 6], [6, 3])]))).toEqual(normal([[shellRing, ring([0, 0], [3, 6], [6, 3])]]));
    const a = path([0, 0], [5, 0], [5, 5], [0, 5]),
      b = path([5, 5], [10, 5], [10, 10], [5, 10]);
    expect(normal(union([a, b]))).toEqual(normal([[ring([0, 0], [5, 0], [5, 5], [0, 5])], [ring([5, 5], [10, 5], [10, 10], [5, 10])]]));
  });

  it('cuts the subject by the clips', () => {
    const clip = path([5, -1], [11, -1], [11, 11], [5, 11]);
    const cut = clipPolygons({ type: ClipType.Difference, fillRule: FillRule.NonZero, preserveCollinear: false, subject: [shell], clips: [[clip]] }, 'test');
    expect(normal(cut)).toEqual(normal([[ring([0, 0], [5, 0], [5, 10], [0, 10])]]));
  });
});
