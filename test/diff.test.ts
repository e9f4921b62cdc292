import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { densify } from '../src/kernel/densify.js';
import { difference, union } from '../src/kernel/overlay.js';
import { NONE, OUTSIDE_REGIONS, diffSnapshots, transferMatrix, type DiffRegion } from '../src/model/diff.js';
import { ControlSnapshot, type ControlSnapshotInput } from '../src/model/snapshot.js';
import { TEST_STEP_DEG, densifyCollection, randomSnapshotPair, rectangle } from './support/random-snapshots.js';
import { referenceArea } from './support/reference.js';
import { catchError, deepFreeze } from './support/assert.js';
import { load, readJson, type SnapshotFile } from './support/snapshot-fixtures.js';

const loadRegions = (): DiffRegion[] =>
  densifyCollection(readJson<FeatureCollection>('squares-regions.geojson')).features.map((f) => ({
    id: f.properties!.id as string,
    name: f.properties!.name as string,
    geometry: f.geometry as DiffRegion['geometry'],
  }));

const referenceKm2 = (geometry: MultiPolygon | Polygon): number => referenceArea(geometry) / 1e6;
const rectsKm2 = (rects: number[][]): number => rects.reduce((sum, r) => sum + referenceKm2(rectangle(r)), 0);
const rectsGeometry = (rects: number[][]): MultiPolygon =>
  rects.length === 0 ? { type: 'MultiPolygon', coordinates: [] } : union(rectangle(rects[0]!), ...rects.slice(1).map((r) => rectangle(r)));
/** Area of the symmetric difference, km²: 0 when two geometries cover the same ground. */
const mismatchKm2 = (actual: MultiPolygon, rects: number[][]): number => {
  const expected = rectsGeometry(rects);
  return referenceKm2(difference(actual, expected)) + referenceKm2(difference(expected, actual));
};
/** |actual − expected| ≤ 1e-9 of the larger of the two, or 1e-12 km² when both are 0. */
const expectClose = (actual: number, expected: number, relative = 1e-9): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.max(relative * Math.max(Math.abs(actual), Math.abs(expected)), 1e-12));
};

interface Expected {
  controllers: { controller: string; before: number[][]; after: number[][]; gained: number[][]; lost: number[][]; retained: number[][] }[];
  transfers: { from: string; to: string; rects: number[][]; byRegion: { region: string; rects: number[][] }[] }[];
}

describe('diffSnapshots on hand-drawn squares', () => {
  const before = load('squares-before.geojson');
  const after = load('squares-after.geojson');
  const expected = readJson<Expected>('squares.expected.json');
  const diff = diffSnapshots(before, after, { regions: loadRegions() });

  it('names both snapshots', () => {
    expect(diff.from).toEqual({ id: 'squares-before', date: '2001-03-01' });
    expect(diff.to).toEqual({ id: 'squares-after', date: '2001-04-01' });
    expect(diff.method).toBe('ellipsoidal');
  });

  it('gives every controller of either snapshot, sorted, with areas and geometry derived by hand', () => {
    expect(diff.controllers.map((c) => c.controller)).toEqual(expected.controllers.map((c) => c.controller));
    for (const want of expected.controllers) {
      const got = diff.controllers.find((c) => c.controller === want.controller)!;
      expectClose(got.beforeKm2, rectsKm2(want.before), 1e-8);
      expectClose(got.afterKm2, rectsKm2(want.after), 1e-8);
      expectClose(got.gainedKm2, rectsKm2(want.gained), 1e-8);
      expectClose(got.lostKm2, rectsKm2(want.lost), 1e-8);
      expectClose(got.retainedKm2, rectsKm2(want.retained), 1e-8);
      expectClose(got.netKm2, rectsKm2(want.after) - rectsKm2(want.before), 1e-8);
      for (const key of ['gained', 'lost', 'retained'] as const) {
        expect(mismatchKm2(got[key], want[key]), `${want.controller} ${key}`).toBeLessThan(1e-9);
      }
    }
  });

  it('lists the transfers, (none) included, with their regional breakdown', () => {
    expect(diff.transfers.map((t) => `${t.from}→${t.to}`)).toEqual(expected.transfers.map((t) => `${t.from}→${t.to}`));
    for (const want of expected.transfers) {
      const got = diff.transfers.find((t) => t.from === want.from && t.to === want.to)!;
      expectClose(got.areaKm2, rectsKm2(want.rects), 1e-8);
      expect(mismatchKm2(got.geometry, want.rects)).toBeLessThan(1e-9);
      expect(got.byRegion.map((r) => r.region)).toEqual(want.byRegion.map((r) => r.region));
      for (const row of want.byRegion) {
        expectClose(got.byRegion.find((r) => r.region === row.region)!.areaKm2, rectsKm2(row.rects), 1e-8);
      }
    }
    expect(diff.transfers[0]!.byRegion.map((r) => r.name)).toEqual(['West', 'Centre', OUTSIDE_REGIONS]);
  });

  it('builds the transfer matrix', () => {
    const m = transferMatrix(diff);
    expect(m.controllers).toEqual(['East', 'North', 'South', NONE]);
    const at = (from: string, to: string) => m.km2[m.controllers.indexOf(from)]![m.controllers.indexOf(to)]!;
    expectClose(at('North', 'South'), rectsKm2([[10.1, 50.0, 10.2, 50.1]]), 1e-8);
    expectClose(at('South', 'East'), rectsKm2([[10.2, 50.1, 10.3, 50.2]]), 1e-8);
    expectClose(at(NONE, 'South'), rectsKm2([[10.3, 50.0, 10.4, 50.1]]), 1e-8);
    const nonZero = m.km2.flat().filter((v) => v !== 0);
    expect(nonZero).toHaveLength(3);
  });

  it('run backwards, swaps gains with losses and reverses every transfer', () => {
    const back = diffSnapshots(after, before);
    for (const c of back.controllers) {
      const forward = diff.controllers.find((f) => f.controller === c.controller)!;
      expectClose(c.gainedKm2, forward.lostKm2);
      expectClose(c.lostKm2, forward.gainedKm2);
    }
    expect(back.transfers.map((t) => `${t.from}→${t.to}`).sort()).toEqual(['East→South', 'South→(none)', 'South→North']);
    expect(back.transfers.every((t) => t.byRegion.length === 0)).toBe(true);
  });

  it('finds nothing moving between a snapshot and itself', () => {
    const same = diffSnapshots(before, before);
    expect(same.transfers).toEqual([]);
    for (const c of same.controllers) {
      expect(c.gainedKm2).toBe(0);
      expect(c.lostKm2).toBe(0);
      expectClose(c.retainedKm2, c.beforeKm2);
    }
  });
});

describe('diffSnapshots invariants on seeded random snapshots', () => {
  const pairs = Array.from({ length: 36 }, (_, i) => i + 1);

  it.each(pairs)('seed %i: gains, losses, transfers and regions add up', (seed) => {
    const { a, b, regions } = randomSnapshotPair(seed);
    const diff = diffSnapshots(a, b, { regions });
    const names = [...new Set([...a.controllers, ...b.controllers])].sort();
    expect(diff.controllers.map((c) => c.controller)).toEqual(names);
    const m = transferMatrix(diff);
    for (const c of diff.controllers) {
      const scale = Math.max(c.beforeKm2, c.afterKm2);
      const within = (x: number, y: number) => expect(Math.abs(x - y)).toBeLessThanOrEqual(1e-6 * scale);
      expect(c.beforeKm2).toBe(a.has(c.controller) ? a.areaKm2(c.controller) : 0);
      expect(c.afterKm2).toBe(b.has(c.controller) ? b.areaKm2(c.controller) : 0);
      within(c.afterKm2 - c.beforeKm2, c.gainedKm2 - c.lostKm2);
      within(c.retainedKm2 + c.lostKm2, c.beforeKm2);
      within(c.retainedKm2 + c.gainedKm2, c.afterKm2);
      const i = m.controllers.indexOf(c.controller);
      within(
        m.km2[i]!.reduce((s, v) => s + v, 0),
        c.lostKm2,
      );
      within(
        m.km2.reduce((s, row) => s + row[i]!, 0),
        c.gainedKm2,
      );
      expect(m.km2[i]![i]).toBe(0);
      // Each area is GeographicLib's area of the geometry returned beside it.
      for (const key of ['gained', 'lost', 'retained'] as const) {
        expect(Math.abs(c[`${key}Km2`] - referenceKm2(c[key])), `${c.controller} ${key}`).toBeLessThanOrEqual(1e-9 * scale);
      }
    }
    for (const t of diff.transfers) {
      expect(t.from).not.toBe(t.to);
      expect(t.areaKm2).toBeGreaterThan(0);
      expect(Math.abs(t.areaKm2 - referenceKm2(t.geometry))).toBeLessThanOrEqual(1e-9 * t.areaKm2);
      expect(t.byRegion.slice(0, 2).map((r) => r.region)).toEqual(['r1', 'r2']);
      const rows = t.byRegion.reduce((s, r) => s + r.areaKm2, 0);
      expect(Math.abs(rows - t.areaKm2)).toBeLessThanOrEqual(1e-6 * t.areaKm2);
    }
    // Ground nobody held before is covered by a's complement: what (none) gives away is
    // exactly what b assigns outside a's coverage. The overlay merges collinear points into
    // long edges, read here as the straight lines the overlay means.
    const fromNone = diff.transfers.filter((t) => t.from === NONE).reduce((s, t) => s + t.areaKm2, 0);
    const outsideA = referenceKm2(densify(difference(b.coverage(), a.coverage()), TEST_STEP_DEG));
    expect(Math.abs(fromNone - outsideA)).toBeLessThanOrEqual(1e-6 * Math.max(outsideA, 1));
  });

  it('changes hands: across the seeds, transfers between real controllers and to and from (none) occur', () => {
    const kinds = new Set<string>();
    for (const seed of pairs.slice(0, 8)) {
      const { a, b } = randomSnapshotPair(seed);
      for (const t of diffSnapshots(a, b).transfers) kinds.add(t.from === NONE ? 'from-none' : t.to === NONE ? 'to-none' : 'between');
    }
    expect([...kinds].sort()).toEqual(['between', 'from-none', 'to-none']);
  });
});

describe('diffSnapshots regions', () => {
  const before = load('squares-before.geojson');
  const after = load('squares-after.geojson');

  it('rejects overlapping regions, naming both', () => {
    const regions = loadRegions();
    regions[1] = { ...regions[1]!, geometry: rectangle([10.1, 49.9, 10.35, 50.05]) };
    const error = catchError(() => diffSnapshots(before, after, { regions }));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toContain('"west"');
    expect(error.message).toContain('"centre"');
  });

  it.each([
    ['a reserved id', (r: DiffRegion[]) => void (r[0] = { ...r[0]!, id: OUTSIDE_REGIONS }), 'regions[0].id'],
    ['a duplicate id', (r: DiffRegion[]) => void (r[1] = { ...r[1]!, id: 'west' }), 'regions[1].id'],
    [
      'a point for geometry',
      (r: DiffRegion[]) => void (r[1] = { ...r[1]!, geometry: { type: 'Point', coordinates: [0, 0] } as never }),
      'regions[1].geometry.type',
    ],
  ])('rejects %s', (_, breakIt, where) => {
    const regions = loadRegions();
    breakIt(regions);
    const error = catchError(() => diffSnapshots(before, after, { regions }));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.where).toBe(where);
  });
});

describe('immutability', () => {
  it('diffs deep-frozen inputs and leaves them as they were', () => {
    const input = (id: string, file: string): ControlSnapshotInput => {
      const fc = readJson<SnapshotFile>(file);
      return {
        ...fc.snapshot,
        id,
        controllers: fc.features.map((f, i) => ({ controller: `${f.properties!.controller as string}${i}`, geometry: f.geometry as MultiPolygon })),
      };
    };
    const inputs = deepFreeze([input('x', 'squares-before.geojson'), input('y', 'squares-after.geojson')]);
    const regions = deepFreeze(loadRegions());
    const text = JSON.stringify([inputs, regions]);
    const diff = diffSnapshots(new ControlSnapshot(inputs[0]!), new ControlSnapshot(inputs[1]!), { regions });
    expect(diff.transfers.length).toBeGreaterThan(0);
    expect(JSON.stringify([inputs, regions])).toBe(text);
  });
});
