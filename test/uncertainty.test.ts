import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Feature, LineString, MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { difference, union } from '../src/kernel/overlay.js';
import { lineFeatureBand, polygonFeatureBounds, segmentAccuracyM } from '../src/model/accuracy.js';
import { checkClaim, resolverFrom, type Claim } from '../src/model/claim.js';
import { diffSnapshots } from '../src/model/diff.js';
import { diffRanges } from '../src/model/diff-ranges.js';
import { LayerPack, makeFeature } from '../src/model/layer.js';
import { ControlSnapshot, shortEdged } from '../src/model/snapshot.js';
import {
  areaRange,
  cutByUncertainLine,
  exactArea,
  isExact,
  ratioRange,
  uncertainDifference,
  uncertainIntersection,
  uncertainUnion,
  verdictOf,
  type UncertainArea,
} from '../src/model/uncertainty.js';
import { catchError, deepFreeze } from './support/assert.js';
import { fixturesDir } from './support/paths.js';
import { rectangle } from './support/random-snapshots.js';
import { referenceArea, referenceDistance } from './support/reference.js';

interface SquareSplit {
  square: number[];
  west: number[];
  line: Feature<LineString>;
  vertexInside: [number, number];
  polygonAccuracyM: number;
}
const fixture = JSON.parse(readFileSync(path.join(fixturesDir, 'uncertainty', 'square-split.json'), 'utf8')) as SquareSplit;
const square = rectangle(fixture.square);
const west = rectangle(fixture.west);
const east = rectangle([fixture.west[2]!, fixture.square[1]!, fixture.square[2]!, fixture.square[3]!]);
const km2 = (g: Polygon | MultiPolygon) => referenceArea(g) / 1e6;

/** The line with its segment widths multiplied by `factor` (0 for a line taken as exact). */
const lineScaled = (factor: number): Feature<LineString> => ({
  ...fixture.line,
  properties: { ...fixture.line.properties, segment_accuracy_m: (fixture.line.properties!.segment_accuracy_m as number[]).map((w) => w * factor) },
});

/**
 * The west side's share of the band of the line at `factor` times its stated widths, km², from
 * the geometry alone (fixtures/uncertainty/README.md): a strip w·L along each segment inside the
 * square, plus half of the southern segment's round end beyond the vertex outside the northern strip.
 */
function expectedHalfBandKm2(factor: number): number {
  const [w0, w1] = (fixture.line.properties!.segment_accuracy_m as number[]).map((w) => w * factor) as [number, number];
  const [x, yMid] = fixture.vertexInside;
  const l0 = referenceDistance([x, fixture.square[1]!], [x, yMid]);
  const l1 = referenceDistance([x, yMid], [x, fixture.square[3]!]);
  const cap = (Math.PI * w0 * w0) / 2 - (w1 * Math.sqrt(w0 * w0 - w1 * w1) + w0 * w0 * Math.asin(w1 / w0));
  return (w0 * l0 + w1 * l1 + cap / 2) / 1e6;
}

/**
 * How far the code's band may fall short of the hand formula, km²: the round ends are polygons
 * with a vertex every 5°, which cut inside the circle by 1 − sin(5°)/(5° in radians) = 0.13 % of
 * its area; 0.2 % of the largest round end (half on each side), plus 1e-4 km² for the rest.
 */
const capToleranceKm2 = (w: number) => (2e-3 * Math.PI * w * w) / 2 / 1e6 + 1e-4;

/** The square's west side as the line cuts it, with the bounds its accuracy (× `factor`) gives. */
const westSide = (factor: number): UncertainArea => cutByUncertainLine(exactArea(square), west, lineFeatureBand(lineScaled(factor)));

function snapshotAfter(factor: number): ControlSnapshot {
  const w = westSide(factor);
  const e = uncertainDifference(exactArea(square), w);
  const bounds = (u: UncertainArea) => (isExact(u) ? {} : { bounds: { inner: u.inner, outer: u.outer } });
  return new ControlSnapshot({
    id: 'after',
    date: '2020-11-10',
    label: 'cut by the uncertain meridian',
    sources: ['fixtures/uncertainty/square-split.json'],
    controllers: [
      { controller: 'west', geometry: w.geometry, ...bounds(w) },
      { controller: 'east', geometry: e.geometry, ...bounds(e) },
    ],
    coverageExact: true,
  });
}

const before = new ControlSnapshot({
  id: 'before',
  date: '2020-09-27',
  label: 'the two halves',
  sources: ['fixtures/uncertainty/square-split.json'],
  controllers: [
    { controller: 'west', geometry: west },
    { controller: 'east', geometry: east },
  ],
});

const pack = new LayerPack('test', 'uncertainty test', [
  {
    meta: { id: 'square', title: 'square', kind: 'area', validFrom: null, validTo: null, source: 'test', licence: 'test', accuracy: 'exact' },
    geojson: { type: 'FeatureCollection', features: [makeFeature(square, { name: 'square' })] },
  },
  {
    meta: { id: 'fuzzy-square', title: 'square ±500 m', kind: 'area', validFrom: null, validTo: null, source: 'test', licence: 'test', accuracy: '±500 m' },
    geojson: { type: 'FeatureCollection', features: [makeFeature(square, { name: 'fuzzy', accuracy_m: fixture.polygonAccuracyM })] },
  },
]);

const claimOver = (stated: number, tolerance: number): Claim => ({
  id: 'half',
  text: 'the west holds about half the square',
  source: 'test',
  stated,
  tolerance,
  readings: [
    {
      id: 'west-of-square',
      name: 'west ÷ square',
      description: 'the west side after the cut over the square',
      numerator: { snapshot: 'after', controller: 'west' },
      denominator: { layer: 'square' },
      alternatives: [{ id: 'stated', name: 'the square = 100 km² as stated', denominator: { km2: 100, source: 'a stated figure' } }],
    },
  ],
});
const readingOf = (factor: number, stated = 0.5, tolerance = 0.05) =>
  checkClaim(claimOver(stated, tolerance), resolverFrom(pack, [before, snapshotAfter(factor)])).readings[0]!;

describe('a line of stated accuracy cutting an area', () => {
  it('bounds the kept side by the drawn side less and plus its share of the band (hand-derived, GeographicLib)', () => {
    const side = westSide(1);
    const range = areaRange(side, undefined, shortEdged);
    const half = expectedHalfBandKm2(1);
    const westKm2 = km2(west);
    const tolerance = capToleranceKm2(1000);
    expect(Math.abs(range.value - westKm2)).toBeLessThan(1e-6 * westKm2);
    expect(Math.abs(range.low - (westKm2 - half))).toBeLessThan(tolerance);
    expect(Math.abs(range.high - (westKm2 + half))).toBeLessThan(tolerance);
    expect(half).toBeGreaterThan(8); // the band is not negligible: about 1 km × 5.6 km + 0.4 km × 5.6 km on each side
  });

  it('reads the accuracy per segment, or one value for the whole line', () => {
    expect(segmentAccuracyM(fixture.line)).toEqual([1000, 400]);
    const whole = { ...fixture.line, properties: { accuracy_m: 700 } };
    expect(segmentAccuracyM(whole)).toEqual([700, 700]);
    expect(segmentAccuracyM({ ...fixture.line, properties: {} })).toEqual([0, 0]);
    const error = catchError(() => segmentAccuracyM({ ...fixture.line, properties: { segment_accuracy_m: [1000] } }));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.where).toBe('properties.segment_accuracy_m');
    expect(catchError(() => segmentAccuracyM({ ...fixture.line, properties: { segment_accuracy_m: [1000, -1] } })).where).toBe(
      'properties.segment_accuracy_m[1]',
    );
  });

  it('gives a zero range, exactly, for a line of zero width: area, snapshot, diff and reading', () => {
    const side = westSide(0);
    expect(isExact(side)).toBe(true);
    const range = areaRange(side);
    expect(range.low).toBe(range.value);
    expect(range.high).toBe(range.value);
    const after = snapshotAfter(0);
    for (const c of after.controllers) {
      const r = after.areaRangeKm2(c);
      expect([r.low, r.high]).toEqual([after.areaKm2(c), after.areaKm2(c)]);
    }
    const ranges = diffRanges(before, after, diffSnapshots(before, after));
    for (const c of ranges.controllers)
      for (const r of [c.before, c.after, c.gained, c.lost, c.retained, c.net]) expect([r.low, r.high]).toEqual([r.value, r.value]);
    const reading = readingOf(0);
    expect([reading.fractionLow, reading.fractionHigh]).toEqual([reading.fraction, reading.fraction]);
    expect([reading.numeratorKm2Low, reading.numeratorKm2High]).toEqual([reading.numeratorKm2, reading.numeratorKm2]);
  });

  it('widens every range when the stated accuracy widens, each range holding its value', () => {
    const narrow = snapshotAfter(1),
      wide = snapshotAfter(2);
    for (const c of ['west', 'east']) {
      const n = narrow.areaRangeKm2(c),
        w = wide.areaRangeKm2(c);
      expect(n.low).toBeLessThan(n.value);
      expect(n.high).toBeGreaterThan(n.value);
      expect(w.low).toBeLessThan(n.low);
      expect(w.high).toBeGreaterThan(n.high);
      // twice the widths: the strips double, the round end quadruples (hand formula)
      expect(Math.abs(n.value - w.low - expectedHalfBandKm2(2))).toBeLessThan(capToleranceKm2(2000));
    }
    const rn = readingOf(1),
      rw = readingOf(2);
    expect(rn.fractionLow).toBeLessThan(rn.fraction);
    expect(rn.fractionHigh).toBeGreaterThan(rn.fraction);
    expect(rw.fractionLow).toBeLessThan(rn.fractionLow);
    expect(rw.fractionHigh).toBeGreaterThan(rn.fractionHigh);
  });

  it('leaves its inputs as they were', () => {
    const line = deepFreeze(structuredClone(fixture.line));
    const area = deepFreeze(exactArea(structuredClone(square)));
    const text = JSON.stringify([line, area]);
    cutByUncertainLine(area, deepFreeze(structuredClone(west)), lineFeatureBand(line));
    expect(JSON.stringify([line, area])).toBe(text);
  });
});

describe('bounds through set operations (cells of known area)', () => {
  // Four cells of 0.1° in one latitude band have equal areas; A and B are given by cell indices.
  const cell = (i: number) => rectangle([20 + i / 10, 40, 20.1 + i / 10, 40.1]);
  const cells = (...ids: number[]): MultiPolygon => union(cell(ids[0]!), ...ids.slice(1).map(cell));
  const cellKm2 = km2(cell(0));
  const A: UncertainArea = { inner: cells(1), geometry: cells(1, 2), outer: cells(0, 1, 2) };
  const B: UncertainArea = { inner: cells(2), geometry: cells(2), outer: cells(2, 3) };
  const inCells = (u: UncertainArea) => {
    // measured as the model measures overlay results: edges along parallels cut back to short steps
    const r = areaRange(u, undefined, shortEdged);
    return [r.low, r.value, r.high].map((x) => Math.round((x / cellKm2) * 1e6) / 1e6);
  };

  it('union, intersection and difference take the bounds of the bounds', () => {
    expect(inCells(uncertainUnion(A, B))).toEqual([2, 2, 4]);
    expect(inCells(uncertainIntersection(A, B))).toEqual([0, 1, 1]);
    expect(inCells(uncertainDifference(A, B))).toEqual([1, 1, 2]);
    expect(inCells(uncertainDifference(B, A))).toEqual([0, 0, 2]);
  });

  it('keeps exact areas exact', () => {
    const e = uncertainIntersection(exactArea(cells(0, 1)), exactArea(cells(1, 2)));
    expect(isExact(e)).toBe(true);
    expect(inCells(e)).toEqual([1, 1, 1]);
  });
});

describe('fractions and verdicts', () => {
  it('divides ranges by interval arithmetic', () => {
    expect(ratioRange({ value: 2, low: 1, high: 3 }, { value: 4, low: 2, high: 8 })).toEqual({ value: 0.5, low: 0.125, high: 1.5 });
    expect(ratioRange({ value: 2, low: 1, high: 3 }, { value: 4, low: 0, high: 8 }).high).toBe(Number.POSITIVE_INFINITY);
  });

  it.each([
    // 0.5 ± 0.25: bounds exact in binary, so "within" can include them
    [0.3, 0.7, 'around'],
    [0.25, 0.75, 'around'],
    [0.1, 0.2499, 'not around'],
    [0.7501, 0.9, 'not around'],
    [0.1, 0.5, 'depends'],
    [0.7, 0.8, 'depends'],
    [0.1, 0.9, 'depends'],
  ] as const)('[%s, %s] against 0.5 ± 0.25 is %s', (low, high, verdict) => {
    expect(verdictOf({ low, high }, 0.5, 0.25)).toBe(verdict);
  });

  it('says "depends" when the range straddles the tolerance, whatever the value says', () => {
    const r = readingOf(1);
    const westKm2 = km2(west),
      squareKm2 = km2(square),
      half = expectedHalfBandKm2(1);
    expect(Math.abs(r.fractionLow - (westKm2 - half) / squareKm2)).toBeLessThan(1e-4);
    expect(Math.abs(r.fractionHigh - (westKm2 + half) / squareKm2)).toBeLessThan(1e-4);
    // The value is 0.5 and the range about ±0.07: within 0.1 of 0.5 all of it, within 0.05 only part.
    expect(readingOf(1, 0.5, 0.1).verdict).toBe('around');
    expect(r.verdict).toBe('depends');
    expect(r.around).toBe(true);
    expect(readingOf(1, 0.2, 0.05).verdict).toBe('not around');
  });

  it('works a reading out again under an alternative definition of a term', () => {
    const r = readingOf(1);
    const alt = r.alternatives[0]!;
    expect(alt.id).toBe('stated');
    expect(alt.denominatorKm2).toBe(100);
    expect([alt.denominatorKm2Low, alt.denominatorKm2High]).toEqual([100, 100]);
    expect(alt.fraction).toBe(r.numeratorKm2 / 100);
    expect(alt.fractionLow).toBe(r.numeratorKm2Low / 100);
    expect(alt.fractionHigh).toBe(r.numeratorKm2High / 100);
  });
});

describe('snapshots with bounds', () => {
  it('refuses bounds that do not hold the geometry, naming them', () => {
    const input = deepFreeze({
      id: 'bad',
      date: '2020-11-10',
      label: 'inner larger than the geometry',
      sources: [],
      controllers: [{ controller: 'west', geometry: west, bounds: { inner: square, outer: square } }],
    });
    const error = catchError(() => new ControlSnapshot(input));
    expect(error.code).toBe('INVALID_SNAPSHOT');
    expect(error.where).toBe('controllers[0].bounds.inner');
    const outer = catchError(
      () => new ControlSnapshot({ ...input, controllers: [{ controller: 'west', geometry: square, bounds: { inner: west, outer: west } }] }),
    );
    expect(outer.where).toBe('controllers[0].bounds.outer');
  });

  it('bounds a diff by the bounds of both snapshots', () => {
    const after = snapshotAfter(1);
    const diff = diffSnapshots(before, after);
    const ranges = diffRanges(before, after, diff);
    const half = expectedHalfBandKm2(1);
    const westRanges = ranges.controllers.find((c) => c.controller === 'west')!;
    // gained = after − before: nothing as drawn, up to the east half's share of the band
    expect(westRanges.gained.low).toBe(0);
    expect(Math.abs(westRanges.gained.high - half)).toBeLessThan(2e-3);
    expect(Math.abs(westRanges.lost.high - half)).toBeLessThan(2e-3);
    expect(Math.abs(westRanges.retained.low - (km2(west) - half))).toBeLessThan(2e-3);
    expect(Math.abs(westRanges.net.low + half)).toBeLessThan(2e-3);
    expect(Math.abs(westRanges.net.high - half)).toBeLessThan(2e-3);
  });
});

describe('a polygon whose boundary states its accuracy', () => {
  it('is bounded by the inner and outer strips along its perimeter (hand-derived, GeographicLib)', () => {
    const w = fixture.polygonAccuracyM;
    const ring = square.coordinates[0]!;
    let perimeter = 0;
    for (let i = 0; i + 1 < ring.length; i++) perimeter += referenceDistance(ring[i]!, ring[i + 1]!);
    const a = km2(square);
    const bounds = polygonFeatureBounds(makeFeature(square, { name: 'fuzzy', accuracy_m: w }));
    const r = areaRange(bounds, undefined, shortEdged);
    // The four round corners make one circle of radius w: the same 0.13 % deficit as above.
    const tolerance = 2 * capToleranceKm2(w);
    expect(Math.abs(r.low - (a - (perimeter * w - 4 * w * w) / 1e6))).toBeLessThan(tolerance);
    expect(Math.abs(r.high - (a + (perimeter * w + Math.PI * w * w) / 1e6))).toBeLessThan(tolerance);
    // the resolver gives claims the same bounds
    const viaResolver = areaRange(resolverFrom(pack, []).uncertainLayer!('fuzzy-square'), undefined, shortEdged);
    expect(viaResolver.low).toBeCloseTo(r.low, 6);
    expect(viaResolver.high).toBeCloseTo(r.high, 6);
    expect(isExact(polygonFeatureBounds(makeFeature(square, { name: 'plain' })))).toBe(true);
  });

  it('fills the holes of a line band: a line may pass a loop it draws on either side', () => {
    // A line almost round a 5 km square, its ends 1 km apart, at ±1 km: its buffer closes round a hole the band must cover.
    const u: Feature<LineString> = {
      type: 'Feature',
      properties: { accuracy_m: 1000 },
      geometry: {
        type: 'LineString',
        coordinates: [
          [20.0, 40.0],
          [20.0, 40.06],
          [20.06, 40.06],
          [20.06, 40.0],
          [20.012, 40.0],
        ],
      },
    };
    const band = lineFeatureBand(u);
    expect(band.coordinates.every((polygon) => polygon.length === 1)).toBe(true);
    const gap = rectangle([20.02, 40.02, 20.04, 40.04]);
    expect(km2(difference(gap, band))).toBeLessThan(1e-9);
  });
});
