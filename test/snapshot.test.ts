import type { MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { areaKm2 } from '../src/kernel/area.js';
import { densify } from '../src/kernel/densify.js';
import { validate } from '../src/kernel/validate.js';
import { ControlSnapshot, MODEL_STEP_DEG, SnapshotOverlapError, type ControlSnapshotInput } from '../src/model/snapshot.js';
import { TEST_STEP_DEG, randomSnapshotPair, rectangle } from './support/random-snapshots.js';
import { referenceArea } from './support/reference.js';
import { catchError, deepFreeze } from './support/assert.js';
import { load, readJson } from './support/snapshot-fixtures.js';

const referenceKm2 = (geometry: Polygon | MultiPolygon): number => referenceArea(geometry) / 1e6;
const rectsKm2 = (rects: number[][]): number => rects.reduce((sum, r) => sum + referenceKm2(rectangle(r)), 0);
/** Longest step, max(|Δlon|, |Δlat|), of the edges that are not along a meridian. */
const longestStep = (geometry: MultiPolygon): number =>
  Math.max(
    0,
    ...geometry.coordinates
      .flat()
      .flatMap((ring) => ring.slice(1).map((p, i) => (p[0] === ring[i]![0] ? 0 : Math.max(Math.abs(p[0]! - ring[i]![0]!), Math.abs(p[1]! - ring[i]![1]!))))),
  );
const relative = (actual: number, expected: number): number => Math.abs(actual - expected) / Math.abs(expected);

const base = (): ControlSnapshotInput => ({
  id: 'base',
  date: '2020-11-10',
  label: 'Base',
  sources: ['test'],
  controllers: [
    { controller: 'A', geometry: rectangle([10.0, 50.0, 10.1, 50.1]) },
    { controller: 'B', geometry: rectangle([10.1, 50.0, 10.2, 50.1]), notes: 'east cell' },
  ],
});

describe('areas', () => {
  // An L at 45° N whose long east-west edges are not balanced by equal ones on the other side:
  // read as geodesics they bow poleward by up to ~30 m, so drawn and densified differ.
  const ell: Polygon = {
    type: 'Polygon',
    coordinates: [
      [
        [30, 45],
        [30.5, 45],
        [30.5, 45.1],
        [30.1, 45.1],
        [30.1, 45.5],
        [30, 45.5],
        [30, 45],
      ],
    ],
  };
  const snapshotOf = (geometry: Polygon): ControlSnapshot =>
    new ControlSnapshot({ id: 'ell', date: '2020-01-01', label: 'L', sources: [], controllers: [{ controller: 'A', geometry }] });

  it('are the geodesic (GeographicLib) area of the geometry held, which the caller densifies', () => {
    const dense = densify(ell, TEST_STEP_DEG);
    const s = snapshotOf(dense);
    expect(relative(s.areaKm2('A'), referenceKm2(dense))).toBeLessThan(1e-8);
    expect(relative(s.areaKm2('A'), referenceKm2(s.geometry('A')))).toBeLessThan(1e-9);
    // Left as drawn, the geodesic reading of the corners is another region altogether.
    expect(relative(referenceKm2(ell), referenceKm2(dense))).toBeGreaterThan(1e-4);
  });

  it('survive the overlay, which merges collinear points back into long edges', () => {
    const dense = densify(ell, TEST_STEP_DEG);
    const s = snapshotOf(dense);
    expect(longestStep(s.geometry('A'))).toBeLessThanOrEqual(MODEL_STEP_DEG * (1 + 1e-9));
    // Two densified halves sharing an edge: their union is measured as the whole.
    const halves = new ControlSnapshot({
      id: 'halves',
      date: '2020-01-01',
      label: 'halves',
      sources: [],
      controllers: [
        {
          controller: 'A',
          geometry: { type: 'MultiPolygon', coordinates: [rectangle([30, 45, 30.25, 45.5]).coordinates, rectangle([30.25, 45, 30.5, 45.5]).coordinates] },
        },
      ],
    });
    expect(halves.geometry('A').coordinates).toHaveLength(1);
    expect(relative(halves.areaKm2('A'), rectsKm2([[30, 45, 30.5, 45.5]]))).toBeLessThan(1e-9);
  });
});

describe('ControlSnapshot', () => {
  it('reads a fixture and measures each controller against GeographicLib', () => {
    const s = load('squares-before.geojson');
    expect(s.id).toBe('squares-before');
    expect(s.date).toBe('2001-03-01');
    expect(s.sources).toEqual(['hand-drawn test fixture']);
    expect(s.controllers).toEqual(['North', 'South']);
    expect(relative(s.areaKm2('North'), rectsKm2([[10.0, 50.0, 10.2, 50.2]]))).toBeLessThan(1e-9);
    expect(relative(s.areaKm2('South'), rectsKm2([[10.2, 50.0, 10.3, 50.2]]))).toBeLessThan(1e-9);
    expect(s.controllerNotes('South')).toBe('column 2');
    // A 0.2° × 0.2° square at 50° N is about 22.2 km × 14.3 km.
    expect(s.areaKm2('North')).toBeGreaterThan(300);
    expect(s.areaKm2('North')).toBeLessThan(330);
  });

  it('merges several features of one controller', () => {
    const s = load('squares-after.geojson');
    expect(s.controllers).toEqual(['North', 'South', 'East']);
    const expected = rectsKm2([
      [10.0, 50.0, 10.1, 50.2],
      [10.1, 50.1, 10.2, 50.2],
    ]);
    expect(relative(s.areaKm2('North'), expected)).toBeLessThan(1e-9);
    expect(s.geometry('North').coordinates).toHaveLength(1);
  });

  it('counts parts of one controller that overlap each other once', () => {
    const input = base();
    input.controllers = [
      {
        controller: 'A',
        geometry: { type: 'MultiPolygon', coordinates: [rectangle([10.0, 50.0, 10.2, 50.1]).coordinates, rectangle([10.1, 50.0, 10.3, 50.1]).coordinates] },
      },
    ];
    const s = new ControlSnapshot(input);
    expect(relative(s.areaKm2('A'), rectsKm2([[10.0, 50.0, 10.3, 50.1]]))).toBeLessThan(1e-9);
  });

  it('merges parts that touch through a chain of others, keeps far ones apart, and measures the ground it returns', () => {
    const rects = [
      [10.0, 50.0, 10.1, 50.1],
      [10.1, 50.0, 10.2, 50.1], // shares an edge with the first
      [10.2, 50.1, 10.3, 50.2], // meets the second at a corner only
      [10.25, 50.15, 10.35, 50.25], // overlaps the third
      [20.0, 50.0, 20.1, 50.1], // far from all
    ];
    const features = rects.map((r) => ({ type: 'Feature' as const, properties: { controller: 'A' }, geometry: rectangle(r) }));
    const s = ControlSnapshot.fromFeatures(features, { id: 'chain', date: '2020-11-10', label: 'Chain', sources: [] });
    const polygons = s.geometry('A').coordinates;
    // The first two merge along their edge, the last two of the chain where they overlap; the
    // corner between the pairs leaves them two polygons; the far one stays apart.
    expect(polygons).toHaveLength(3);
    expect(s.areaKm2('A')).toBe(areaKm2(s.geometry('A')));
    const overlapKm2 = referenceKm2(rectangle([10.25, 50.15, 10.3, 50.2]));
    expect(relative(s.areaKm2('A'), rectsKm2(rects) - overlapKm2)).toBeLessThan(1e-9);
    const whole = new ControlSnapshot({
      id: 'whole',
      date: '2020-11-10',
      label: 'Whole',
      sources: [],
      controllers: [{ controller: 'A', geometry: { type: 'MultiPolygon', coordinates: rects.map((r) => rectangle(r).coordinates) } }],
    });
    expect(relative(whole.areaKm2('A'), s.areaKm2('A'))).toBeLessThan(1e-14);
  });

  it('merges parts the overlay grid joins, and names a polygon the grid would lose as the input does', () => {
    const square = (w: number, e: number): Polygon => ({
      type: 'Polygon',
      coordinates: [
        [
          [w, 48],
          [e, 48],
          [e, 48.01],
          [w, 48.01],
          [w, 48],
        ],
      ],
    });
    // A gap of 3e-10°, below the 1e-9° grid: the overlay closes it, so the two must be overlaid together.
    const features = [square(30, 30.0100000001), square(30.0100000004, 30.02)].map((geometry) => ({
      type: 'Feature' as const,
      properties: { controller: 'A' },
      geometry,
    }));
    const s = ControlSnapshot.fromFeatures(features, { id: 'gap', date: '2020-11-10', label: 'Gap', sources: [] });
    expect(s.geometry('A').coordinates).toHaveLength(1);
    expect(validate(s.geometry('A'))).toEqual([]);
    const sliver = square(40, 40.5).coordinates[0]!.map(([x, y]) => [x!, y === 48 ? 40 : 40.0000000000001]);
    const polygons = [square(30, 30.1).coordinates, square(31, 31.1).coordinates, square(32, 32.1).coordinates, [sliver]];
    const input = (geometry: Polygon | MultiPolygon): ControlSnapshotInput => ({
      id: 'g',
      date: '2020-11-10',
      label: 'G',
      sources: [],
      controllers: [{ controller: 'A', geometry }],
    });
    expect(catchError(() => new ControlSnapshot(input({ type: 'MultiPolygon', coordinates: polygons }))).where).toBe('coordinates[3][0]');
    expect(catchError(() => new ControlSnapshot(input({ type: 'Polygon', coordinates: [sliver] }))).where).toBe('coordinates[0]');
  });

  it('throws UNKNOWN_CONTROLLER naming the controllers that exist', () => {
    const s = new ControlSnapshot(base());
    expect(s.has('C')).toBe(false);
    const error = catchError(() => s.geometry('C'));
    expect(error.code).toBe('UNKNOWN_CONTROLLER');
    expect(error.message).toContain('"C"');
    expect(error.message).toContain('A, B');
    expect(catchError(() => s.areaKm2('C')).code).toBe('UNKNOWN_CONTROLLER');
  });

  it('writes one feature per controller and reads it back', () => {
    const s = load('squares-after.geojson');
    const fc = s.toFeatureCollection();
    expect(fc.features.map((f) => f.properties)).toEqual([
      { controller: 'North', date: '2001-04-01', snapshot: 'squares-after', areaKm2: s.areaKm2('North'), method: 'ellipsoidal' },
      { controller: 'South', date: '2001-04-01', snapshot: 'squares-after', areaKm2: s.areaKm2('South'), method: 'ellipsoidal' },
      { controller: 'East', date: '2001-04-01', snapshot: 'squares-after', areaKm2: s.areaKm2('East'), method: 'ellipsoidal' },
    ]);
    const again = ControlSnapshot.fromFeatureCollection(fc, { id: 'copy', date: s.date, label: s.label, sources: [] });
    for (const c of s.controllers) expect(relative(again.areaKm2(c), s.areaKm2(c))).toBeLessThan(1e-12);
    // The collection is the caller's: changing it leaves the snapshot as it was.
    (fc.features[0]!.geometry.coordinates[0]![0]![0] as number[])[0] = 0;
    expect(s.geometry('North').coordinates[0]![0]![0]![0]).not.toBe(0);
  });

  it.each([
    ['a date that does not exist', (i: ControlSnapshotInput) => void (i.date = '2021-02-29'), 'date'],
    ['a date not written YYYY-MM-DD', (i: ControlSnapshotInput) => void (i.date = '2021-2-3'), 'date'],
    ['an empty id', (i: ControlSnapshotInput) => void (i.id = ''), 'id'],
    ['sources that are not strings', (i: ControlSnapshotInput) => void ((i.sources as unknown[]) = [1]), 'sources'],
    ['an empty controller name', (i: ControlSnapshotInput) => void (i.controllers[1]!.controller = ' '), 'controllers[1].controller'],
    ['a name listed twice', (i: ControlSnapshotInput) => void (i.controllers[1]!.controller = 'A'), 'controllers[1].controller'],
    ['the reserved name (none)', (i: ControlSnapshotInput) => void (i.controllers[0]!.controller = '(none)'), 'controllers[0].controller'],
    [
      'a line instead of a polygon',
      (i: ControlSnapshotInput) =>
        void ((i.controllers[1]!.geometry as unknown) = {
          type: 'LineString',
          coordinates: [
            [0, 0],
            [1, 1],
          ],
        }),
      'controllers[1].geometry.type',
    ],
    [
      'a NaN coordinate',
      (i: ControlSnapshotInput) => void ((i.controllers[1]!.geometry as Polygon).coordinates[0]![2]![1] = Number.NaN),
      'controllers[1].geometry.coordinates[0][2]',
    ],
    [
      'a latitude beyond the pole',
      (i: ControlSnapshotInput) => void ((i.controllers[0]!.geometry as Polygon).coordinates[0]![3]![1] = 91),
      'controllers[0].geometry.coordinates[0][3]',
    ],
    [
      'an open ring',
      (i: ControlSnapshotInput) => void (i.controllers[0]!.geometry as Polygon).coordinates[0]!.splice(-1, 1, [10.0, 50.05]),
      'controllers[0].geometry.coordinates[0]',
    ],
  ])('rejects %s with INVALID_SNAPSHOT at its path', (_, breakIt, where) => {
    const input = base();
    breakIt(input);
    const error = catchError(() => new ControlSnapshot(input));
    expect(error.code).toBe('INVALID_SNAPSHOT');
    expect(error.where).toBe(where);
  });

  it('accepts real dates, leap days included', () => {
    for (const date of ['2020-02-29', '1994-05-12', '2000-02-29', '0099-01-01']) {
      expect(new ControlSnapshot({ ...base(), date }).date).toBe(date);
    }
    expect(catchError(() => new ControlSnapshot({ ...base(), date: '1900-02-29' })).code).toBe('INVALID_SNAPSHOT');
  });
});

describe('overlap detection', () => {
  it('names both controllers, the snapshot and the area shared, checked against GeographicLib', () => {
    const expected = readJson<{ overlaps: { controllers: [string, string]; rects: number[][] }[] }>('overlap.expected.json');
    const error = catchError(() => load('overlap.geojson'));
    expect(error.code).toBe('SNAPSHOT_OVERLAP');
    expect(error).toBeInstanceOf(SnapshotOverlapError);
    const overlap = error as SnapshotOverlapError;
    expect(overlap.snapshot).toBe('overlapping');
    expect(overlap.overlaps.map((o) => o.controllers)).toEqual(expected.overlaps.map((o) => o.controllers));
    const reference = rectsKm2(expected.overlaps[0]!.rects);
    expect(relative(overlap.overlaps[0]!.areaKm2, reference)).toBeLessThan(1e-6);
    expect(error.message).toContain('"overlapping"');
    expect(error.message).toContain('"A"');
    expect(error.message).toContain('"B"');
    expect(error.message).not.toContain('"C"');
    const printed = Number(/overlap by ([0-9.e+-]+) km²/.exec(error.message)?.[1]);
    expect(relative(printed, reference)).toBeLessThan(1e-6);
  });

  it('tolerates a sliver below the threshold and reports it above', () => {
    // B's west edge sits 1e-9° west of A's east edge: a sliver of about 0.8 m².
    const sliver = [10.1 - 1e-9, 50.0, 10.1, 50.1];
    const sliverM2 = referenceArea(rectangle(sliver));
    expect(sliverM2).toBeGreaterThan(0.5);
    expect(sliverM2).toBeLessThan(1);
    const input = base();
    input.controllers[1]!.geometry = rectangle([10.1 - 1e-9, 50.0, 10.2, 50.1]);
    expect(new ControlSnapshot(input).controllers).toEqual(['A', 'B']);
    const error = catchError(() => new ControlSnapshot(input, { overlapToleranceM2: 0.1 }));
    expect(error.code).toBe('SNAPSHOT_OVERLAP');
    expect(relative((error as SnapshotOverlapError).overlaps[0]!.areaKm2 * 1e6, sliverM2)).toBeLessThan(1e-3);
  });

  it('accepts controllers that only share edges and vertices (random tilings)', () => {
    for (let seed = 101; seed <= 110; seed++) {
      const { a, b } = randomSnapshotPair(seed);
      for (const s of [a, b]) {
        for (const c of s.controllers) {
          // The geometry held is what is measured: 1.1e-12 at worst.
          expect(relative(s.areaKm2(c), referenceKm2(s.geometry(c)))).toBeLessThan(1e-9);
          expect(longestStep(s.geometry(c))).toBeLessThanOrEqual(MODEL_STEP_DEG * (1 + 1e-9));
        }
      }
    }
  });
});

describe('immutability', () => {
  it('works on deep-frozen input and leaves it as it was', () => {
    const input = deepFreeze(base());
    const before = JSON.stringify(input);
    const s = new ControlSnapshot(input);
    s.toFeatureCollection();
    s.coverage();
    expect(JSON.stringify(input)).toBe(before);
  });

  it('keeps its own copy: later changes to the input do not reach it', () => {
    const input = base();
    const s = new ControlSnapshot(input);
    const km2 = s.areaKm2('A');
    (input.controllers[0]!.geometry as Polygon).coordinates[0]![1]![0] = 11;
    input.sources.push('later');
    expect(s.areaKm2('A')).toBe(km2);
    expect(s.geometry('A').coordinates[0]![0]!.some((p) => p[0] === 11)).toBe(false);
    expect(s.sources).toEqual(['test']);
    expect(Object.isFrozen(s.geometry('A').coordinates[0]![0]![0])).toBe(true);
    expect(() => {
      (s.geometry('A') as MultiPolygon).coordinates.pop();
    }).toThrow(TypeError);
  });
});
