import { mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import type { Topology } from 'topojson-specification';
import { feature as topoFeature } from 'topojson-client';
import { describe, expect, it } from 'vitest';
import { run as timelineCommand, csvNumber } from '../src/cli/commands/timeline.js';
import { FrontlineError } from '../src/errors.js';
import { boundaryChange, indexBoundary } from '../src/kernel/change.js';
import { difference, union } from '../src/kernel/overlay.js';
import type { TimelineChange, TimelineRow } from '../src/model/timeline.js';
import { dateFromName } from '../src/sources/dates.js';
import { computeTimeline, timelineSteps, type TimelineSource } from '../src/sources/timeline-source.js';
import { deepFreeze } from './support/assert.js';
import { fixturesDir, samplesDir } from './support/paths.js';
import { mulberry32 } from './support/random.js';
import { referenceArea } from './support/reference.js';

const deepstateDir = path.join(samplesDir, 'deepstate');
const referenceCsv = path.join(samplesDir, 'deepstate-reference.csv');
const timelineFixtures = path.join(fixturesDir, 'timeline');

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  try {
    await timelineCommand(args, { stdout: (s) => stdout.push(s), stderr: (s) => stderr.push(s) });
    return { code: 0, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
  } catch (error) {
    if (!(error instanceof FrontlineError)) throw error;
    return { code: 2, stdout: stdout.join('\n'), stderr: `frontline: ${error.code}: ${error.message}` };
  }
}

const tmp = (): string => mkdtempSync(path.join(os.tmpdir(), 'frontline-timeline-'));

/** The snapshot files of a fixture series, read by the test itself, as library sources. */
function fixtureSources(series: string): TimelineSource[] {
  const dir = path.join(timelineFixtures, series);
  return readdirSync(dir)
    .sort()
    .map((name) => ({ name, data: JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as unknown }));
}

/** GeographicLib's area (km²) of everything areal a controller holds in a GeoJSON or TopoJSON file. */
function referenceHeldKm2(data: unknown, controller: string | null): number {
  let features: Feature[];
  const d = data as { type: string };
  if (d.type === 'Topology') {
    const t = data as Topology;
    features = Object.entries(t.objects).flatMap(([layer, object]) => {
      const converted = topoFeature(t, object) as FeatureCollection | Feature;
      const list = converted.type === 'FeatureCollection' ? converted.features : [converted];
      return list.map((f) => ({ ...f, properties: { controller: layer } }));
    });
  } else if (d.type === 'FeatureCollection') features = (data as FeatureCollection).features;
  else features = [data as Feature];
  return (
    features.filter((f) => controller === null || f.properties?.controller === controller).reduce((sum, f) => sum + referenceArea(f.geometry as Geometry), 0) /
    1e6
  );
}

const polygonsKm2 = (polygons: Position[][][]): number => referenceArea({ type: 'MultiPolygon', coordinates: polygons }) / 1e6;

/** Area (km², GeographicLib) of the symmetric difference between a result and the hand-derived polygons. */
function mismatchKm2(actual: MultiPolygon | undefined, expected: Position[][][]): number {
  const a: MultiPolygon = actual ?? { type: 'MultiPolygon', coordinates: [] };
  const e: MultiPolygon = { type: 'MultiPolygon', coordinates: expected };
  return (referenceArea(difference(a, e)) + referenceArea(difference(e, a))) / 1e6;
}

function expectClose(actual: number | null, expected: number, relative = 1e-9, absolute = 1e-9): void {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(Math.max(absolute, relative * Math.abs(expected)));
}

interface ExpectedChange {
  gained: Position[][][];
  lost: Position[][][];
}
interface ExpectedSeries {
  steps: { from: string; to: string; changes?: Record<string, ExpectedChange>; gained?: Position[][][]; lost?: Position[][][] }[];
}

function readExpected(series: string): ExpectedSeries {
  return JSON.parse(readFileSync(path.join(timelineFixtures, `${series}.expected.json`), 'utf8')) as ExpectedSeries;
}

/** Checks a fixture series' rows and change features against its hand-derived expectations. */
function checkSeries(rows: TimelineRow[], changes: TimelineChange[], sources: TimelineSource[], expected: ExpectedSeries, single: string | null): void {
  const dates = [...new Set(rows.map((r) => r.date))];
  expect(dates).toHaveLength(sources.length);
  // Areas: GeographicLib on the file's own polygons.
  const firstArea = new Map<string, number>();
  dates.forEach((date, i) => {
    for (const row of rows.filter((r) => r.date === date)) {
      const expectedArea = referenceHeldKm2(sources[i]!.data, single === null ? row.controller : null);
      expectClose(row.areaKm2, expectedArea);
      if (i === 0) firstArea.set(row.controller, row.areaKm2);
      expectClose(row.cumulativeNetKm2, row.areaKm2 - (firstArea.get(row.controller) ?? 0), 0, 1e-12);
      if (i === 0) {
        expect([row.gainedKm2, row.lostKm2, row.netKm2]).toEqual([null, null, null]);
      } else {
        const before = rows.find((r) => r.date === dates[i - 1] && r.controller === row.controller);
        expectClose(row.netKm2, row.areaKm2 - (before?.areaKm2 ?? 0), 0, 1e-12);
      }
    }
  });
  // Gained and lost: GeographicLib on the hand-derived pieces.
  for (const step of expected.steps) {
    const perController = step.changes ?? { [single!]: { gained: step.gained!, lost: step.lost! } };
    const stepRows = rows.filter((r) => r.date === step.to);
    expect(stepRows.map((r) => r.controller)).toEqual(Object.keys(perController).sort());
    for (const [controller, want] of Object.entries(perController)) {
      const row = stepRows.find((r) => r.controller === controller)!;
      expectClose(row.gainedKm2, polygonsKm2(want.gained), 1e-9, 1e-9);
      expectClose(row.lostKm2, polygonsKm2(want.lost), 1e-9, 1e-9);
      for (const kind of ['gained', 'lost'] as const) {
        const feature = changes.find((c) => c.properties.to === step.to && c.properties.controller === controller && c.properties.change === kind);
        if (want[kind].length === 0) {
          expect(feature).toBeUndefined();
          continue;
        }
        expect(feature!.properties).toMatchObject({ from: step.from, to: step.to, method: 'ellipsoidal' });
        expectClose(feature!.properties.areaKm2, referenceArea(feature!.geometry) / 1e6);
        expect(mismatchKm2(feature!.geometry, want[kind])).toBeLessThanOrEqual(1e-9);
      }
    }
  }
}

const parseCsv = (text: string): string[][] =>
  text
    .split(/\r\n/)
    .filter((l) => l !== '')
    .map((l) => l.split(','));

describe('timeline of the DeepState sample (114 days) against the GEOS + GeographicLib reference', () => {
  it('matches every row: area within 1e-9, gained and lost within 0.001 km² or 1e-6; no step falls back', async () => {
    const out = path.join(tmp(), 'deepstate.csv');
    const result = await cli([deepstateDir, '--csv', out]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/114 snapshots, 113 steps; 0 recomputed with the full overlay/);
    const text = readFileSync(out, 'utf8');
    const reference = readFileSync(referenceCsv, 'utf8');
    // Same shape as the reference file: header, CRLF line ends, YYYYMMDD dates, empty first gained/lost.
    expect(text.split('\r\n')[0]).toBe('date,area_km2,gained_km2,lost_km2');
    expect(text.split('\r\n')[1]).toBe(reference.split('\r\n')[1]);
    const mine = parseCsv(text);
    const theirs = parseCsv(reference);
    expect(mine).toHaveLength(theirs.length);
    let worstArea = 0;
    for (let i = 1; i < theirs.length; i++) {
      const [date, area, gained, lost] = theirs[i]!;
      const row = mine[i]!;
      expect(row).toHaveLength(4);
      expect(row[0]).toBe(date);
      worstArea = Math.max(worstArea, Math.abs(Number(row[1]) - Number(area)) / Number(area));
      if (i === 1) {
        expect([row[2], row[3]]).toEqual(['', '']);
        continue;
      }
      for (const [value, want] of [
        [row[2]!, gained!],
        [row[3]!, lost!],
      ] as const) {
        expect(value).toMatch(/^\d+(\.\d+)?(e-\d\d)?$/);
        expect(Math.abs(Number(value) - Number(want)), `${date}: ${value} vs ${want}`).toBeLessThanOrEqual(Math.max(0.001, 1e-6 * Number(want)));
      }
    }
    expect(worstArea).toBeLessThanOrEqual(1e-9);
  });

  it('gives the same CSV and the same changed geometry, byte for byte, on 3 worker threads', async () => {
    const dir = tmp();
    const one = await cli([deepstateDir, '--csv', path.join(dir, 'one.csv'), '--changes', path.join(dir, 'one.geojson'), '--quiet']);
    const three = await cli([deepstateDir, '--csv', path.join(dir, 'three.csv'), '--changes', path.join(dir, 'three.geojson'), '--quiet', '--workers', '3']);
    expect([one.code, three.code]).toEqual([0, 0]);
    expect(three.stderr).toBe('');
    expect(readFileSync(path.join(dir, 'three.csv'), 'utf8')).toBe(readFileSync(path.join(dir, 'one.csv'), 'utf8'));
    const changes = readFileSync(path.join(dir, 'one.geojson'), 'utf8');
    expect(readFileSync(path.join(dir, 'three.geojson'), 'utf8')).toBe(changes);
    const collection = JSON.parse(changes) as FeatureCollection<MultiPolygon, TimelineChange['properties']>;
    // One date per step that changed anything, by the reference's account.
    const changedDays = parseCsv(readFileSync(referenceCsv, 'utf8')).filter((r, i) => i > 1 && (Number(r[2]) > 0 || Number(r[3]) > 0));
    expect(new Set(collection.features.map((f) => f.properties.to)).size).toBe(changedDays.length);
    expect(collection.features.every((f) => f.properties.controller === 'held' && f.properties.from < f.properties.to)).toBe(true);
  });
});

describe('timeline fixtures with hand-derived changes', () => {
  it('single controller: start vertex moved, winding reversed, a point on an edge, a crossing redraw, a hole, an island, a split', async () => {
    const sources = fixtureSources('single');
    const t = await computeTimeline(deepFreeze(sources), { changes: true });
    expect(t.singleController).toBe(true);
    expect(t.controllers).toEqual(['held']);
    expect(t.fallbacks).toEqual([]);
    checkSeries(t.rows, t.changes, sources, readExpected('single'), 'held');
  });

  it('several controllers named by a property, dates from the data: a border moves, a controller appears and one goes', async () => {
    const sources = fixtureSources('multi');
    const t = await computeTimeline(sources, { changes: true });
    expect(t.singleController).toBe(false);
    expect(t.controllers).toEqual(['east', 'north', 'south']);
    expect(t.fallbacks).toEqual([]);
    checkSeries(t.rows, t.changes, sources, readExpected('multi'), null);
    // A controller gone is reported on the date it went (area 0, all lost), then no more.
    expect(t.rows.filter((r) => r.controller === 'north').map((r) => r.date)).toEqual(['2024-03-01', '2024-03-02', '2024-03-03', '2024-03-04']);
  });

  it('TopoJSON: one object per controller, ISO dates in the names', async () => {
    const sources = fixtureSources('topo');
    const t = await computeTimeline(sources, { changes: true });
    expect(t.controllers).toEqual(['north', 'south']);
    checkSeries(t.rows, t.changes, sources, readExpected('topo'), null);
  });

  it('follows one controller of a multi-controller series with --controller, in the single-controller CSV shape', async () => {
    const out = path.join(tmp(), 'south.csv');
    expect((await cli([path.join(timelineFixtures, 'multi'), '--controller', 'south', '--csv', out, '--quiet'])).code).toBe(0);
    const lines = readFileSync(out, 'utf8').split('\r\n');
    expect(lines[0]).toBe('date,area_km2,gained_km2,lost_km2');
    expect(lines.slice(1, -1).map((l) => l.split(',')[0])).toEqual(['20240301', '20240302', '20240303', '20240304', '20240305']);
    const sources = fixtureSources('multi');
    const expected = readExpected('multi');
    const rowOf = (date: string) => lines.find((l) => l.startsWith(date.replaceAll('-', '')))!.split(',');
    expectClose(Number(rowOf('2024-03-02')[2]), polygonsKm2(expected.steps[0]!.changes!.south!.gained), 0, 1e-6);
    expectClose(Number(rowOf('2024-03-03')[3]), polygonsKm2(expected.steps[1]!.changes!.south!.lost), 0, 1e-6);
    expectClose(Number(rowOf('2024-03-05')[1]), referenceHeldKm2(sources[4]!.data, 'south'), 0, 1e-6);
  });

  it('writes the multi-controller CSV with net and cumulative net, and a table without --csv', async () => {
    const dir = tmp();
    const result = await cli([path.join(timelineFixtures, 'multi'), '--csv', path.join(dir, 'all.csv')]);
    expect(result.code).toBe(0);
    const lines = readFileSync(path.join(dir, 'all.csv'), 'utf8').split('\r\n');
    expect(lines[0]).toBe('date,controller,area_km2,gained_km2,lost_km2,net_km2,cumulative_net_km2');
    expect(lines[1]).toMatch(/^20240301,north,[\d.]+,,,,0\.0$/);
    expect(lines).toContain(lines.find((l) => l.startsWith('20240304,north,0.0,0.0,'))!);
    const table = await cli([path.join(timelineFixtures, 'topo')]);
    expect(table.stdout).toMatch(/km², WGS84 ellipsoid/);
    expect(table.stdout).toMatch(/2024-05-02 {2}south/);
    expect(table.stdout).toMatch(/2 snapshots, 1 step; 0 recomputed with the full overlay\./);
    expect(table.stderr).not.toMatch(/\r/);
  });
});

describe('timeline library', () => {
  it('streams from an async iterable and gives the rows an array gives', async () => {
    const sources = fixtureSources('single');
    async function* slowly(): AsyncGenerator<TimelineSource> {
      for (const s of sources) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        yield s;
      }
    }
    const streamed: TimelineRow[] = [];
    for await (const step of timelineSteps(slowly())) streamed.push(...step.rows);
    expect(streamed).toEqual((await computeTimeline(sources)).rows);
  });

  it('a later date range with the series baseline gives the same numbers as the whole run', async () => {
    const sources = fixtureSources('multi');
    const whole = await computeTimeline(sources);
    const first = whole.rows.filter((r) => r.date === '2024-03-01');
    const baseline = { date: '2024-03-01', areasKm2: Object.fromEntries(first.map((r) => [r.controller, r.areaKm2])) };
    const head = await computeTimeline(sources.slice(0, 3), { baseline });
    const tail = await computeTimeline(sources.slice(2), { baseline, firstIsPrevious: true });
    expect([...head.rows, ...tail.rows]).toEqual(whole.rows);
  });

  it('reads dates from names, the collection or its first feature', () => {
    expect(dateFromName('deepstatemap_data_20240708.geojson')).toBe('2024-07-08');
    expect(dateFromName('front-2024-07-08.topojson')).toBe('2024-07-08');
    expect(dateFromName('/data/2023-01-01/front_20240229.json')).toBe('2024-02-29');
    expect(dateFromName('front_20230229.json')).toBeUndefined();
    expect(dateFromName('track-123456789.json')).toBeUndefined();
  });

  const square: Polygon = {
    type: 'Polygon',
    coordinates: [
      [
        [30, 48],
        [30.1, 48],
        [30.1, 48.1],
        [30, 48.1],
        [30, 48],
      ],
    ],
  };
  const fc = (features: Feature[], extra: Record<string, unknown> = {}): unknown => ({ type: 'FeatureCollection', ...extra, features });
  const held = (props: Record<string, unknown> = {}): Feature => ({ type: 'Feature', properties: props, geometry: square });
  const failure = async (sources: TimelineSource[]): Promise<FrontlineError> => {
    try {
      await computeTimeline(sources);
    } catch (error) {
      expect(error).toBeInstanceOf(FrontlineError);
      return error as FrontlineError;
    }
    throw new Error('expected a FrontlineError');
  };

  it('rejects dates out of order, missing or not real, naming the source', async () => {
    const a = await failure([
      { name: 'b_20240102.geojson', data: fc([held()]) },
      { name: 'a_20240101.geojson', data: fc([held()]) },
    ]);
    expect(a.code).toBe('INVALID_TIMELINE');
    expect(a.message).toMatch(/a_20240101\.geojson \(2024-01-01\) does not come after b_20240102\.geojson \(2024-01-02\)/);
    const b = await failure([{ name: 'front.geojson', data: fc([held()]) }]);
    expect([b.code, b.where]).toEqual(['INVALID_TIMELINE', 'front.geojson']);
    expect(b.message).toMatch(/no date/);
    const c = await failure([{ name: 'x.geojson', data: fc([held()], { date: '2024-02-30' }) }]);
    expect(c.message).toMatch(/"2024-02-30" is not a real date/);
  });

  it('rejects features without a controller when others name theirs, and what is not GeoJSON', async () => {
    const a = await failure([{ name: 'd.geojson', date: '2024-01-01', data: fc([held({ controller: 'x' }), held()]) }]);
    expect(a.code).toBe('INVALID_SNAPSHOT');
    expect(a.message).toMatch(/d\.geojson: features\[1\] has no "controller" property/);
    const b = await failure([{ name: 'e.geojson', date: '2024-01-01', data: { type: 'Topologie' } }]);
    expect(b.code).toBe('INVALID_GEOJSON');
    const bad = {
      type: 'Feature',
      properties: {},
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [30, 48],
            [30.1, 'x'],
            [30, 48.1],
            [30, 48],
          ],
        ],
      },
    };
    const c = await failure([{ name: 'f.geojson', date: '2024-01-01', data: fc([bad as Feature]) }]);
    expect(c.code).toBe('INVALID_GEOJSON');
    expect(c.message).toMatch(/^f\.geojson: features\[0\]\.geometry: latitude "?x"? is not a finite number/);
    expect(c.where).toBe('f.geojson: features[0].geometry.coordinates[0][1]');
  });
});

describe('timeline CLI errors', () => {
  const copySeries = (names: string[]): string => {
    const dir = tmp();
    for (const name of names) symlinkSync(path.join(timelineFixtures, 'single', name), path.join(dir, name));
    return dir;
  };

  it('names the problem: no such directory, no snapshots, two files of one date, a broken file, bad --workers', async () => {
    expect((await cli(['/nonexistent/series'])).stderr).toMatch(/^frontline: FILE_UNREADABLE: \/nonexistent\/series: no such directory$/);
    expect((await cli([tmp()])).stderr).toMatch(/INVALID_TIMELINE: .*no snapshot files/);
    const twice = copySeries(['front_20240101.geojson']);
    symlinkSync(path.join(timelineFixtures, 'single', 'front_20240102.geojson'), path.join(twice, 'other-2024-01-01.geojson'));
    expect((await cli([twice])).stderr).toMatch(/INVALID_TIMELINE: front_20240101\.geojson and other-2024-01-01\.geojson are both dated 2024-01-01/);
    const broken = copySeries(['front_20240101.geojson']);
    writeFileSync(path.join(broken, 'front_20240102.geojson'), '{"type": "FeatureCollection", "features": [');
    expect((await cli([broken])).stderr).toMatch(/FILE_TRUNCATED: .*front_20240102\.geojson: truncated JSON/);
    expect((await cli([path.join(timelineFixtures, 'single'), '--workers', 'many'])).stderr).toMatch(/USAGE: --workers must be a whole number/);
    expect((await cli([])).stderr).toMatch(/USAGE: timeline takes one directory/);
  });

  it('leaves no partial output file when the run fails', async () => {
    const dir = copySeries(['front_20240101.geojson']);
    writeFileSync(path.join(dir, 'front_20240102.geojson'), '{"type": "Point"');
    const out = tmp();
    await cli([dir, '--csv', path.join(out, 'a.csv'), '--changes', path.join(out, 'a.geojson')]);
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('CSV numbers are written as the reference writes them (Python float repr of round(x, 6))', () => {
  it.each([
    [109368.744530001, '109368.74453'],
    [0, '0.0'],
    [12, '12.0'],
    [4.9936634, '4.993663'],
    [0.0001, '0.0001'],
    [0.0000499, '5e-05'],
    [0.0000123, '1.2e-05'],
    [-0.4, '-0.4'],
    [-1e-9, '-0.0'],
    [null, ''],
  ])('%s → %s', (value, text) => {
    expect(csvNumber(value)).toBe(text);
  });
});

describe('boundary change kernel against the full overlay', () => {
  /** Planar area (degrees²) of a (Multi)Polygon, shells less holes. */
  const planar = (g: MultiPolygon): number =>
    g.coordinates.reduce(
      (sum, polygon) =>
        sum +
        polygon.reduce((s, ring, r) => {
          let twice = 0;
          for (let i = 0; i + 1 < ring.length; i++) twice += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
          return s + (r === 0 ? 1 : -1) * Math.abs(twice / 2);
        }, 0),
      0,
    );

  /** Planar length (degrees) of every ring of a (Multi)Polygon. */
  const perimeter = (g: MultiPolygon | Polygon): number =>
    (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).flat().reduce((sum, ring) => {
      for (let i = 0; i + 1 < ring.length; i++) sum += Math.hypot(ring[i + 1]![0]! - ring[i]![0]!, ring[i + 1]![1]! - ring[i]![1]!);
      return sum;
    }, 0);

  /**
   * Tolerance (degrees²) between two results that cover the same ground: both round crossing
   * points to the 1e-9° grid, which moves a boundary by at most 0.71e-9° along the edges
   * through those points, so the area by at most 1e-9° × the length of the boundaries.
   */
  const sameGround = (area: number, length: number): number => 1e-6 * area + 1e-9 * length;

  /** A random union of cells of a 6 × 6 grid of 0.01° at 48° N: shared edges, holes, several polygons. */
  const cells = (random: () => number, keep: boolean[] | null): { geometry: MultiPolygon; on: boolean[] } => {
    const on = Array.from({ length: 36 }, (_, i) => (keep ? (random() < 0.2 ? !keep[i] : keep[i]!) : random() < 0.55));
    const squares: Polygon[] = [];
    on.forEach((v, i) => {
      if (!v) return;
      const x = 30 + (i % 6) / 100,
        y = 48 + Math.floor(i / 6) / 100;
      squares.push({
        type: 'Polygon',
        coordinates: [
          [
            [x, y],
            [x + 0.01, y],
            [x + 0.01, y + 0.01],
            [x, y + 0.01],
            [x, y],
          ],
        ],
      });
    });
    return { geometry: squares.length ? union(squares[0]!, ...squares.slice(1)) : { type: 'MultiPolygon', coordinates: [] }, on };
  };

  /** A star-shaped ring of n vertices with 7-decimal coordinates, and the same rounded to `decimals`. */
  const star = (random: () => number, n: number): Position[] => {
    const ring: Position[] = [];
    for (let i = 0; i < n; i++) {
      const a = (2 * Math.PI * i) / n;
      const r = 0.05 + 0.04 * random();
      ring.push([Number((30 + r * Math.cos(a)).toFixed(7)), Number((48 + r * Math.sin(a)).toFixed(7))]);
    }
    return [...ring, ring[0]!];
  };

  const compare = (before: MultiPolygon | Polygon, after: MultiPolygon | Polygon, hinted: boolean) => {
    const a = indexBoundary(before);
    const b = hinted ? indexBoundary(after, a) : indexBoundary(after);
    const fast = boundaryChange(a, b);
    expect(fast.closed).toBe(true);
    const gained = difference(after, before),
      lost = difference(before, after);
    const tolerance = sameGround(planar(gained) + planar(lost), perimeter(before) + perimeter(after));
    expect(Math.abs(planar(fast.gained) - planar(gained))).toBeLessThanOrEqual(tolerance);
    expect(Math.abs(planar(fast.lost) - planar(lost))).toBeLessThanOrEqual(tolerance);
    // The same ground, not only the same amount of it.
    expect(planar(difference(fast.gained, gained)) + planar(difference(gained, fast.gained))).toBeLessThanOrEqual(tolerance);
    return fast;
  };

  it('agrees on 40 seeded series of grid-cell unions (shared edges, T-junctions, holes), with and without the previous index', () => {
    let faceByFace = 0,
      swept = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const random = mulberry32(seed);
      let state = cells(random, null);
      for (let step = 0; step < 4; step++) {
        const next = cells(random, state.on);
        const fast = compare(state.geometry, next.geometry, step % 2 === 0);
        faceByFace += fast.loops - fast.sweptLoops;
        swept += fast.sweptLoops;
        state = next;
      }
    }
    // Both paths were taken: loops read face by face, and loops the sweep had to sort out.
    expect(faceByFace).toBeGreaterThanOrEqual(20);
    expect(swept).toBeGreaterThanOrEqual(20);
  });

  it('agrees where vertices moved a little (coordinates rounded to fewer decimals): hundreds of slivers', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const ring = star(mulberry32(seed), 400);
      const round = (p: Position): Position => [Number(p[0]!.toFixed(5)), Number(p[1]!.toFixed(5))];
      // Every vertex moved: the old and the new ring share nothing and cross each other all along.
      const all = compare({ type: 'Polygon', coordinates: [ring] }, { type: 'Polygon', coordinates: [ring.map(round)] }, true);
      expect(all.gained.coordinates.length).toBeGreaterThan(20);
      // Every other vertex moved: stretches that cross and touch between kept vertices, read face by face.
      const some = ring.map((p, i) => (i % 2 === 1 && i !== ring.length - 1 ? round(p) : p));
      const half = compare({ type: 'Polygon', coordinates: [ring] }, { type: 'Polygon', coordinates: [some] }, true);
      expect(half.gained.coordinates.length + half.lost.coordinates.length).toBeGreaterThan(20);
      expect(half.sweptLoops).toBe(0);
    }
  });

  it('sees no change where only the writing changed: first vertex, winding, closing position, a collinear point', () => {
    const ring = star(mulberry32(7), 50);
    const open = ring.slice(0, -1);
    const rotated = [...open.slice(17), ...open.slice(0, 17)];
    const before: Polygon = { type: 'Polygon', coordinates: [ring] };
    for (const after of [[...rotated, rotated[0]!], [...rotated].reverse(), rotated]) {
      const change = boundaryChange(indexBoundary(before), indexBoundary({ type: 'Polygon', coordinates: [after] }, indexBoundary(before)));
      expect([change.changedEdges, change.gained.coordinates.length, change.lost.coordinates.length]).toEqual([0, 0, 0]);
    }
    const square: Position[] = [
      [30, 48],
      [30.2, 48],
      [30.2, 48.2],
      [30, 48.2],
      [30, 48],
    ];
    const withPoint: Position[] = [
      [30, 48],
      [30.1, 48],
      [30.2, 48],
      [30.2, 48.2],
      [30, 48.2],
      [30, 48],
    ];
    const change = boundaryChange(indexBoundary({ type: 'Polygon', coordinates: [square] }), indexBoundary({ type: 'Polygon', coordinates: [withPoint] }));
    expect(change.changedEdges).toBe(3);
    expect([change.gained.coordinates.length, change.lost.coordinates.length]).toEqual([0, 0]);
  });

  it('counts an edge written several times in one geometry as often as it is written, with and without the previous index', () => {
    // A square once, twice over (two equal polygons, or one ring going round twice), three and
    // four times: ground counted over, which no valid input has, but the chain must still count
    // every copy of an edge, so that each square's edges change |copies after − copies before| times.
    const square: Position[] = [
      [30, 48],
      [30.1, 48],
      [30.1, 48.1],
      [30, 48.1],
    ];
    const once = [...square, square[0]!];
    const twice = [...square, ...square, square[0]!];
    const shapes: [MultiPolygon, number][] = [
      [{ type: 'MultiPolygon', coordinates: [[once]] }, 1],
      [{ type: 'MultiPolygon', coordinates: [[once], [once]] }, 2],
      [{ type: 'MultiPolygon', coordinates: [[twice]] }, 2],
      [{ type: 'MultiPolygon', coordinates: [[twice], [once]] }, 3],
      [{ type: 'MultiPolygon', coordinates: [[once], [twice], [once]] }, 4],
      [{ type: 'MultiPolygon', coordinates: [[once], [twice], [twice]] }, 5],
    ];
    for (const [before, m] of shapes) {
      for (const [after, n] of shapes) {
        const a = indexBoundary(before);
        const hinted = boundaryChange(a, indexBoundary(after, a));
        const fresh = boundaryChange(indexBoundary(before), indexBoundary(after));
        expect([hinted.changedEdges, fresh.changedEdges]).toEqual([4 * Math.abs(n - m), 4 * Math.abs(n - m)]);
      }
    }
    // A triangle sharing the square's east edge, in the same direction, written once and then
    // twice: a stretch the two geometries share runs on into an edge whose copies in the
    // earlier one are already taken, and must stop there. Only the triangle's 3 edges change.
    const triangle: Position[] = [
      [30.1, 48],
      [30.1, 48.1],
      [30.05, 48.05],
      [30.1, 48],
    ];
    const fromWest: Position[] = [square[3]!, square[0]!, square[1]!, square[2]!, square[3]!];
    const one: MultiPolygon = { type: 'MultiPolygon', coordinates: [[triangle], [fromWest]] };
    const two: MultiPolygon = { type: 'MultiPolygon', coordinates: [[triangle], [triangle], [fromWest]] };
    for (const [before, after] of [
      [one, two],
      [two, one],
    ]) {
      const a = indexBoundary(before!);
      expect([boundaryChange(a, indexBoundary(after!, a)).changedEdges, boundaryChange(indexBoundary(before!), indexBoundary(after!)).changedEdges]).toEqual([
        3, 3,
      ]);
    }
  });

  it('stays correct when one index is built from the same previous one twice, or from an unrelated one', () => {
    const random = mulberry32(99);
    const a = cells(random, null),
      b = cells(random, a.on),
      c = cells(random, b.on);
    const ia = indexBoundary(a.geometry);
    const ib = indexBoundary(b.geometry, ia);
    const ic = indexBoundary(c.geometry, ia); // ia's table went to ib; ic must not be misled
    const ic2 = indexBoundary(c.geometry, ib);
    for (const [before, after, x, y] of [
      [a, b, ia, ib],
      [a, c, ia, ic],
      [b, c, ib, ic2],
      [a, c, ia, ic2],
      [b, a, ib, ia],
    ] as const) {
      const fast = boundaryChange(x, y);
      const length = perimeter(before.geometry) + perimeter(after.geometry);
      expect(Math.abs(planar(fast.gained) - planar(difference(after.geometry, before.geometry)))).toBeLessThanOrEqual(sameGround(planar(fast.gained), length));
      expect(Math.abs(planar(fast.lost) - planar(difference(before.geometry, after.geometry)))).toBeLessThanOrEqual(sameGround(planar(fast.lost), length));
    }
  });
});
