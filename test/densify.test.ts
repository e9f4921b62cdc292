import type { LineString, MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { densify } from '../src/kernel/densify.js';
import { referenceArea } from './support/reference.js';
import { catchError, deepFreeze } from './support/assert.js';

/** Checks every step of a line against the rule, and that each inserted point lies on its original edge. */
function expectDensified(original: Position[], dense: Position[], step: number): void {
  let j = 0;
  for (let i = 0; i + 1 < original.length; i++) {
    const [x0, y0] = original[i] as [number, number];
    const [x1, y1] = original[i + 1] as [number, number];
    expect(dense[j]).toEqual(original[i]);
    j++;
    while (dense[j]![0] !== x1 || dense[j]![1] !== y1) {
      const [x, y] = dense[j] as [number, number];
      // On the segment: the cross product vanishes (to round-off) and the point is between the ends.
      expect(Math.abs((x - x0) * (y1 - y0) - (y - y0) * (x1 - x0))).toBeLessThan(1e-12);
      expect((x - x0) * (x1 - x) + (y - y0) * (y1 - y)).toBeGreaterThan(0);
      j++;
    }
  }
  expect(dense[j]).toEqual(original[original.length - 1]);
  expect(j).toBe(dense.length - 1);
  for (let k = 1; k < dense.length; k++) {
    const dx = Math.abs(dense[k]![0]! - dense[k - 1]![0]!),
      dy = Math.abs(dense[k]![1]! - dense[k - 1]![1]!);
    if (dx !== 0) expect(Math.max(dx, dy)).toBeLessThanOrEqual(step * (1 + 1e-9));
  }
}

describe('densify', () => {
  it('cuts an edge along a parallel into equal steps', () => {
    const line: LineString = {
      type: 'LineString',
      coordinates: [
        [10, 50],
        [10.3, 50],
      ],
    };
    const dense = densify(line, 0.1);
    expect(dense.type).toBe('LineString');
    expect(dense.coordinates).toHaveLength(4);
    [10, 10.1, 10.2, 10.3].forEach((x, k) => {
      expect(dense.coordinates[k]![0]).toBeCloseTo(x, 12);
      expect(dense.coordinates[k]![1]).toBe(50);
    });
    // A step that divides the edge up to round-off does not add a step: 20.5 − 20.4 is
    // 0.10000000000000142, still 20 steps of 0.005°.
    expect(
      densify(
        {
          type: 'LineString',
          coordinates: [
            [20.4, 40],
            [20.5, 40],
          ],
        },
        0.005,
      ).coordinates,
    ).toHaveLength(21);
  });

  it('leaves meridian edges alone and cuts the others so that no step exceeds the limit', () => {
    // Two meridian edges (no points), two edges along parallels (one point each).
    const rect: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [1, 2],
          [0, 2],
          [0, 0],
        ],
      ],
    };
    const dense = densify(rect, 0.5);
    expect(dense.coordinates[0]).toEqual([
      [0, 0],
      [0.5, 0],
      [1, 0],
      [1, 2],
      [0.5, 2],
      [0, 2],
      [0, 0],
    ]);
    // Diagonals: the longer of Δlon and Δlat decides the number of steps.
    const ring: Position[] = [
      [30, 45],
      [30.5, 45.013],
      [30.47, 45.4],
      [29.9, 45.31],
      [30, 45],
    ];
    const step = 0.01;
    const out = densify({ type: 'Polygon', coordinates: [ring] }, step).coordinates[0]!;
    expectDensified(ring, out, step);
    // ceil(0.5 / 0.01) + ceil(0.387 / 0.01) + ceil(0.57 / 0.01) + ceil(0.31 / 0.01) steps, plus the closing point.
    expect(out).toHaveLength(50 + 39 + 57 + 31 + 1);
  });

  it('gives an edge shared by two rings the same points whichever way each ring runs it', () => {
    const a: Position[] = [
      [12.345678, 47.1],
      [13.0101, 47.4567],
    ];
    const forward = densify({ type: 'LineString', coordinates: a }, 0.003).coordinates;
    const backward = densify({ type: 'LineString', coordinates: [...a].reverse() }, 0.003).coordinates;
    expect(forward.length).toBeGreaterThan(200);
    expect([...backward].reverse()).toEqual(forward);
  });

  it('keeps the type, every polygon and ring, and the positions it was given', () => {
    const multi: MultiPolygon = {
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [0, 0],
            [2, 0],
            [2, 2],
            [0, 2],
            [0, 0],
          ],
          [
            [0.5, 0.5],
            [0.5, 1.5],
            [1.5, 1.5],
            [1.5, 0.5],
            [0.5, 0.5],
          ],
        ],
        [
          [
            [5, 5],
            [6, 5],
            [5, 6],
            [5, 5],
          ],
        ],
      ],
    };
    const dense = densify(multi, 0.25);
    expect(dense.type).toBe('MultiPolygon');
    expect(dense.coordinates.map((p) => p.length)).toEqual([2, 1]);
    multi.coordinates.forEach((p, i) => p.forEach((ring, r) => expectDensified(ring, dense.coordinates[i]![r]!, 0.25)));
    const lines: MultiLineString = {
      type: 'MultiLineString',
      coordinates: [
        [
          [0, 0, 120],
          [1, 1, 140],
        ],
        [[3, 3]],
      ],
    };
    const denseLines = densify(lines, 0.3);
    expect(denseLines.type).toBe('MultiLineString');
    expect(denseLines.coordinates[0]!).toHaveLength(5);
    expect(denseLines.coordinates[0]![0]).toEqual([0, 0, 120]);
    expect(denseLines.coordinates[1]).toEqual([[3, 3]]);
  });

  it('never modifies its input and returns arrays of its own', () => {
    const input = deepFreeze<Polygon>({
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
          [0, 0],
        ],
      ],
    });
    const text = JSON.stringify(input);
    const dense = densify(input, 0.1);
    expect(JSON.stringify(input)).toBe(text);
    dense.coordinates[0]![0]![0] = 99;
    expect(input.coordinates[0]![0]![0]).toBe(0);
    // An edge already short enough is copied as it is.
    expect(densify(input, 5).coordinates).toEqual(input.coordinates);
  });

  it('makes the geodesic area that of the lon/lat-straight region (GeographicLib)', () => {
    // A 0.5° cell at 60° N: its east-west edges, read as geodesics, bow poleward.
    const cell: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [30, 60],
          [30.5, 60],
          [30.5, 60.5],
          [30, 60.5],
          [30, 60],
        ],
      ],
    };
    const straight = referenceArea(densify(cell, 0.0005));
    const relative = (step: number) => Math.abs(referenceArea(densify(cell, step)) - straight) / straight;
    expect(Math.abs(referenceArea(cell) - straight) / straight).toBeGreaterThan(1e-6);
    expect(relative(0.01)).toBeLessThan(1e-8);
    // The residual falls as the square of the step.
    expect(relative(0.01) / relative(0.005)).toBeGreaterThan(3.5);
    expect(relative(0.01) / relative(0.005)).toBeLessThan(4.5);
  });

  it.each([0, -0.1, Number.NaN, Number.POSITIVE_INFINITY, '0.1' as unknown as number])('rejects a step of %s with INVALID_ARGUMENT', (step) => {
    const error = catchError(() =>
      densify(
        {
          type: 'LineString',
          coordinates: [
            [0, 0],
            [1, 1],
          ],
        },
        step,
      ),
    );
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toContain('maxStepDegrees');
  });

  it('rejects other geometries and non-finite coordinates, naming where', () => {
    const point = catchError(() => densify({ type: 'Point', coordinates: [0, 0] } as unknown as LineString, 0.1));
    expect(point.code).toBe('INVALID_ARGUMENT');
    expect(point.message).toContain('"Point"');
    const bad = catchError(() =>
      densify(
        {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, 0],
              [1, Infinity],
              [0, 0],
            ],
          ],
        },
        0.1,
      ),
    );
    expect(bad.code).toBe('INVALID_GEOJSON');
    expect(bad.where).toBe('coordinates[0][2]');
  });
});

describe('densify with an absurd step', () => {
  it('refuses to cut one edge into more than a million pieces', () => {
    const line = {
      type: 'LineString' as const,
      coordinates: [
        [0, 0],
        [10, 0],
      ],
    };
    const error = catchError(() => densify(line, 1e-300));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.where).toBe('coordinates[1]');
  });
});
