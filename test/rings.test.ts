import { describe, expect, it } from 'vitest';
import type { MultiPolygon, Polygon } from 'geojson';
import { indexBoundary } from '../src/kernel/change.js';
import { union } from '../src/kernel/overlay.js';
import { polygonRings, ringTwiceArea, wound } from '../src/kernel/rings.js';
import { cross, orient, segmentsMeet } from '../src/kernel/predicates.js';
import { mulberry32 } from './support/random.js';

describe('ringTwiceArea', () => {
  it('is twice the area of a rectangle, positive counter-clockwise, closed or not', () => {
    const ccw = [
      [0, 0],
      [3, 0],
      [3, 2],
      [0, 2],
    ];
    expect(ringTwiceArea(ccw)).toBe(12);
    expect(ringTwiceArea([...ccw, [0, 0]])).toBe(12);
    expect(ringTwiceArea([...ccw].reverse())).toBe(-12);
  });

  it('keeps its digits far from the origin', () => {
    // 1e7 + small integers are exact doubles; a shoelace about the origin loses the 0.5s there.
    const far = [
      [1e7, 1e7],
      [1e7 + 1, 1e7],
      [1e7 + 1, 1e7 + 0.5],
      [1e7, 1e7 + 0.5],
      [1e7, 1e7],
    ];
    expect(ringTwiceArea(far)).toBe(1);
  });

  it('is zero for fewer than three positions and for rings with no area', () => {
    expect(
      ringTwiceArea([
        [0, 0],
        [1, 1],
      ]),
    ).toBe(0);
    expect(
      ringTwiceArea([
        [0, 0],
        [1, 1],
        [2, 2],
        [0, 0],
      ]),
    ).toBe(0);
  });
});

/** A closed counter-clockwise triangle. */
const triangle = [
  [0, 0],
  [1, 0],
  [1, 1],
  [0, 0],
];

describe('polygonRings', () => {
  it("gives a Polygon's rings as one polygon and a MultiPolygon's as they are, the geometry's own arrays", () => {
    const polygon: Polygon = { type: 'Polygon', coordinates: [triangle] };
    const multi: MultiPolygon = { type: 'MultiPolygon', coordinates: [[triangle], [triangle]] };
    expect(polygonRings(polygon, 'test')[0]).toBe(polygon.coordinates);
    expect(polygonRings(multi, 'test')).toBe(multi.coordinates);
  });

  it('names the function that was given anything else, and what it was given', () => {
    const point = { type: 'Point', coordinates: [0, 0] } as unknown as Polygon;
    expect(() => polygonRings(point, 'test')).toThrow('test expects a Polygon or MultiPolygon, got "Point"');
    expect(() => indexBoundary(point)).toThrow('boundary index expects a Polygon or MultiPolygon, got "Point"');
    expect(() => union(point)).toThrow('overlay expects a Polygon or MultiPolygon, got "Point"');
    expect(() => indexBoundary(null as unknown as Polygon)).toThrow('boundary index expects a Polygon or MultiPolygon, got undefined');
  });
});

describe('wound', () => {
  const ccw = triangle;
  const cw = [...ccw].reverse();

  it('returns the ring itself when it already runs the way asked', () => {
    expect(wound(ccw, true)).toBe(ccw);
    expect(wound(cw, false)).toBe(cw);
  });

  it('returns a reversed copy otherwise, leaving the input alone', () => {
    const before = JSON.stringify(cw);
    expect(wound(cw, true)).toEqual(ccw);
    expect(JSON.stringify(cw)).toBe(before);
  });

  it('leaves a ring with no area as it is, whichever way is asked', () => {
    const flat = [
      [0, 0],
      [1, 0],
      [2, 0],
      [0, 0],
    ];
    expect(wound(flat, true)).toBe(flat);
    expect(wound(flat, false)).toBe(flat);
  });
});

describe('cross', () => {
  it('has the sign of the exact predicate where its products are exact (small integers)', () => {
    const rand = mulberry32(5);
    const int = () => Math.floor(rand() * 2001) - 1000;
    for (let i = 0; i < 10_000; i++) {
      const p = [int(), int(), int(), int(), int(), int()] as const;
      expect(Math.sign(cross(...p))).toBe(orient(...p));
    }
  });
});

describe('segmentsMeet', () => {
  it('tells crossing, touching, overlapping and apart segments, by hand', () => {
    expect(segmentsMeet(0, 0, 2, 2, 0, 2, 2, 0)).toBe(true); // an X
    expect(segmentsMeet(0, 0, 2, 0, 2, 0, 3, 5)).toBe(true); // end to end
    expect(segmentsMeet(0, 0, 4, 0, 2, 0, 2, 3)).toBe(true); // an end on the other's middle
    expect(segmentsMeet(0, 0, 4, 0, 3, 0, 6, 0)).toBe(true); // collinear, overlapping
    expect(segmentsMeet(0, 0, 2, 0, 3, 0, 6, 0)).toBe(false); // collinear, apart
    expect(segmentsMeet(0, 0, 4, 0, 0, 1, 4, 1)).toBe(false); // parallel
    expect(segmentsMeet(0, 0, 4, 0, 2, 1e-300, 2, 3)).toBe(false); // just clear, decided exactly
  });
});
