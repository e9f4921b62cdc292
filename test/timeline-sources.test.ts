import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { run as timelineCommand } from '../src/cli/commands/timeline.js';
import { FrontlineError } from '../src/errors.js';
import { interiorPoint } from '../src/kernel/interior-point.js';
import { insideRings } from '../src/kernel/contains.js';
import { loadProfile } from '../src/node/profile-files.js';
import { compileAreaOfInterest } from '../src/sources/area-of-interest.js';
import { builtinArea } from '../src/sources/builtin-areas.js';
import { dateFromName, dateFromTimestamp } from '../src/sources/dates.js';
import { validateProfile } from '../src/sources/profile.js';
import { BUILTIN_PROFILES, DEEPSTATE_LIVE_PROFILE } from '../src/sources/profiles.js';
import { computeTimeline, readTimelineSnapshot } from '../src/sources/timeline-source.js';
import { deepFreeze } from './support/assert.js';
import { fixturesDir, samplesDir } from './support/paths.js';
import { referenceArea } from './support/reference.js';

const liveDir = path.join(samplesDir, 'deepstate-live');
const fixtures = path.join(fixturesDir, 'timeline');
const profileFile = path.join(fixtures, 'live-profile', 'live.profile.json');

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

const tmp = (): string => mkdtempSync(path.join(os.tmpdir(), 'frontline-sources-'));
const box = (x0: number, y0: number, x1: number, y1: number): Position[][] => [
  [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
    [x0, y0],
  ],
];
const km2 = (rings: Position[][]): number => referenceArea({ type: 'Polygon', coordinates: rings }) / 1e6;

describe('dates of source files', () => {
  it('reads Unix timestamps as UTC days, and YYYYMMDD or ISO dates when told which', () => {
    // 1714512461 s is 2024-04-30 21:27:41 UTC (already 1 May in Kyiv): the UTC day is taken.
    expect(dateFromName('1714512461.geojson', 'unix')).toBe('2024-04-30');
    expect(dateFromName('1648989208.geojson', 'unix')).toBe('2022-04-03');
    expect(dateFromName('capture-1714512461000.json', 'unix-ms')).toBe('2024-04-30');
    expect(dateFromName('capture-1704067199.geojson', 'unix')).toBe('2023-12-31');
    expect(dateFromName('capture-1704067200.geojson', 'unix')).toBe('2024-01-01');
    // Ten digits are no YYYYMMDD date, and a timestamp outside 1990–2100 is none either.
    expect(dateFromName('1714512461.geojson')).toBeUndefined();
    expect(dateFromName('12345.geojson', 'unix')).toBeUndefined();
    expect(dateFromTimestamp(Number.NaN)).toBeUndefined();
    expect(dateFromName('front_20240708_2024-07-09.geojson', 'yyyymmdd')).toBe('2024-07-08');
    expect(dateFromName('front_20240708_2024-07-09.geojson', 'iso')).toBe('2024-07-09');
    expect(dateFromName('front_20240708_2024-07-09.geojson')).toBe('2024-07-09');
  });
});

describe('source profiles', () => {
  it('are checked strictly, naming the path of the bad element', () => {
    const bad = (value: unknown): string => {
      try {
        validateProfile(value, 'p.json');
      } catch (error) {
        expect((error as FrontlineError).code).toBe('INVALID_PROFILE');
        return (error as FrontlineError).where!;
      }
      throw new Error('accepted');
    };
    expect(bad({ name: 'x', rules: [{ when: { property: 'name', patern: 'a' }, controller: 'c' }] })).toBe('rules[0].when');
    expect(bad({ name: 'x', rules: [{ when: { property: 'name', pattern: '(' }, controller: 'c' }] })).toBe('rules[0].when.pattern');
    expect(bad({ name: 'x', rules: [{ when: { any: [{ property: 'fill', equals: [1] }] }, controller: 'c' }] })).toBe('rules[0].when.any[0].equals');
    expect(bad({ name: 'x', rules: [{ when: { property: 'name', equals: 'a' }, controller: 'c', ignore: 'legend' }] })).toBe('rules[0]');
    expect(bad({ name: 'x', controler: 'russia' })).toBe('profile');
    expect(bad({ name: 'x', controller: 'a', rules: [] })).toBe('profile');
    expect(bad({ name: 'x', date: { name: 'epoch' } })).toBe('date.name');
    expect(bad({ name: 'x', areaOfInterest: { file: 'a.json', property: 'ADMIN' } })).toBe('areaOfInterest');
    for (const profile of Object.values(BUILTIN_PROFILES)) expect(validateProfile(structuredClone(profile))).toEqual(profile);
  });

  it('reads the authored live series: words, keys and colours, GeometryCollections, points and lines counted, a later capture kept, overlaps united, outside dropped', async () => {
    const dir = tmp();
    const r = await cli([path.join(fixtures, 'live'), '--profile', profileFile, '--json', path.join(dir, 'out.json')]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(readFileSync(path.join(dir, 'out.json'), 'utf8')) as {
      rows: { date: string; controller: string; areaKm2: number; gainedKm2: number | null; lostKm2: number | null }[];
      readings: {
        name: string;
        skipped: { points: number; lines: number };
        drawnTwiceKm2?: Record<string, number>;
        classes: { class: string; outcome: string; controller?: string; features: number }[];
      }[];
      superseded: { file: string; keptFile: string }[];
    };
    const row = (date: string, controller: string) => out.rows.find((x) => x.date === date && x.controller === controller)!;
    // Hand-derived ground (README), measured with GeographicLib. Day 2's Russian ground is the
    // union of two overlapping squares: an L whose south edge runs unbroken from 30.0 to 30.25.
    const russia2: Position[][] = [
      [
        [30.0, 48.0],
        [30.25, 48.0],
        [30.25, 48.1],
        [30.2, 48.1],
        [30.2, 48.2],
        [30.0, 48.2],
        [30.0, 48.0],
      ],
    ];
    const close = (actual: number | null, expected: number, tolerance = 1e-6): void => expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(tolerance);
    close(row('2024-01-01', 'russia').areaKm2, km2(box(30.0, 48.0, 30.2, 48.2)));
    close(row('2024-01-01', 'contested').areaKm2, km2(box(30.2, 48.0, 30.3, 48.1)));
    close(row('2024-01-01', 'ukraine').areaKm2, km2(box(30.3, 48.0, 30.4, 48.1)));
    close(row('2024-01-02', 'russia').areaKm2, km2(russia2));
    // Gained and lost are cut where the old east edge (30.2) meets the new ground: the pieces'
    // edges bow differently from the whole's, by far less than 0.001 km² at this size.
    close(row('2024-01-02', 'russia').gainedKm2, km2(box(30.2, 48.0, 30.25, 48.1)), 1e-3);
    close(row('2024-01-02', 'contested').lostKm2, km2(box(30.2, 48.0, 30.25, 48.1)), 1e-3);
    close(row('2024-01-02', 'contested').areaKm2, km2(box(30.25, 48.0, 30.3, 48.1)));
    close(row('2024-01-02', 'ukraine').gainedKm2, 0);
    expect(out.rows.map((x) => x.date)).not.toContain('2024-01-02T');
    expect(out.superseded.map((s) => path.basename(s.file))).toEqual(['capture-1704153600.geojson']);
    expect(path.basename(out.superseded[0]!.keptFile)).toBe('capture-1704200000.geojson');
    const [first, second] = out.readings;
    expect(first!.skipped).toEqual({ points: 2, lines: 1, empty: 0 });
    const outcome = (reading: typeof first, text: string) =>
      reading!.classes.filter((c) => c.class.includes(text)).map((c) => [c.outcome, c.controller ?? null]);
    expect(outcome(first, 'Абхазія')).toEqual([['outside', null]]);
    expect(outcome(first, 'Taken back')).toEqual([['held', 'ukraine']]);
    // The two names differ only by a line end: one class, after white space is normalised.
    expect(second!.classes.filter((c) => c.class.includes('status.occupied')).map((c) => [c.outcome, c.controller, c.features])).toEqual([
      ['held', 'russia', 2],
    ]);
    // Summed as drawn less united: the overlap, and the bow the united south edge loses where
    // the two squares' corners no longer break it (0.045 km² here).
    close(second!.drawnTwiceKm2!.russia!, km2(box(30.0, 48.0, 30.2, 48.2)) + km2(box(30.15, 48.0, 30.25, 48.1)) - km2(russia2));
    expect(r.stderr).toMatch(/capture-1704153600\.geojson: a later capture of 2024-01-02 is kept/);
    expect(r.stderr).toMatch(/outside the fixture's area: 1 /);
  });

  it('stops on a class no rule covers, naming it; --allow-unmapped skips it with a report', async () => {
    const dir = path.join(fixtures, 'live-unmapped');
    const stopped = await cli([dir, '--profile', profileFile]);
    expect(stopped.code).toBe(2);
    expect(stopped.stderr).toMatch(
      /^frontline: UNMAPPED_CLASS: capture-1704067200\.geojson: no rule of profile "live-fixture" covers the class "Щось нове \/\/\/ Something new \| #123456" \(1 feature, first at features\[1\]\)/,
    );
    const allowed = await cli([dir, '--profile', profileFile, '--allow-unmapped']);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stderr).toMatch(/no rule covers it: 1 \(/);
    expect(allowed.stderr).toMatch(/warning: capture-1704067200\.geojson: 1 feature of class "Щось нове/);
    expect(allowed.stdout).toMatch(/russia/);
  });

  it('keeps the guarantees without a profile: overlapping polygons of one controller still stop the run', async () => {
    const dir = tmp();
    const square = { type: 'Feature', properties: { controller: 'a' }, geometry: { type: 'Polygon', coordinates: box(30, 48, 30.2, 48.2) } };
    const shifted = { ...square, geometry: { type: 'Polygon', coordinates: box(30.1, 48, 30.3, 48.2) } };
    writeFileSync(path.join(dir, 'x_20240101.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [square, shifted] }));
    const r = await cli([dir]);
    expect(r.stderr).toMatch(/INVALID_SNAPSHOT: .*overlap/);
    // One feature's parts: a square wholly inside another (no edges meet), and beside it an
    // island apart from both, which alone would pass.
    const nested = tmp();
    const parts = [box(30, 48, 30.2, 48.2), box(30.05, 48.05, 30.1, 48.1), box(30.5, 48, 30.6, 48.1)];
    writeFileSync(
      path.join(nested, 'x_20240101.geojson'),
      JSON.stringify({ type: 'Feature', properties: {}, geometry: { type: 'MultiPolygon', coordinates: parts } }),
    );
    expect((await cli([nested])).stderr).toMatch(/INVALID_SNAPSHOT: .*"held" overlap/);
    const apart = tmp();
    writeFileSync(
      path.join(apart, 'x_20240101.geojson'),
      JSON.stringify({ type: 'Feature', properties: {}, geometry: { type: 'MultiPolygon', coordinates: [parts[0], parts[2]] } }),
    );
    expect((await cli([apart, '--quiet'])).code).toBe(0);
  });

  it('reads the three live-map files with the built-in profile: every class mapped, other conflicts outside, areas as an independent GEOS + GeographicLib reading', async () => {
    const reference = readFileSync(path.join(fixtures, 'deepstate-live.reference.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    const files = readdirSync(liveDir).sort();
    const sources = files.map((name) => ({ name, data: deepFreeze(JSON.parse(readFileSync(path.join(liveDir, name), 'utf8'))) }));
    const t = await computeTimeline(sources, { profile: DEEPSTATE_LIVE_PROFILE, areaOfInterest: builtinArea('ukraine-1991') });
    expect(t.rows.map((r) => r.date)).toEqual([
      '2022-04-03',
      '2022-04-03',
      '2022-04-03',
      '2022-07-04',
      '2022-07-04',
      '2022-07-04',
      '2024-04-30',
      '2024-04-30',
      '2024-04-30',
    ]);
    for (const [file, controller, km2Text] of reference) {
      const date = t.readings.find((r) => r.name === file)!.date;
      const row = t.rows.find((r) => r.date === date && r.controller === controller)!;
      // The reference keeps two slivers the area of interest drops (0.0 and 0.3 km², drawn
      // across the border with Russia), and counts nothing outside Ukraine.
      expect(Math.abs(row.areaKm2 - Number(km2Text)), `${file} ${controller}`).toBeLessThan(0.5);
    }
    for (const reading of t.readings) {
      expect(reading.classes.filter((c) => c.outcome === 'unmapped')).toEqual([]);
      const heldBy = (text: string) => new Set(reading.classes.filter((c) => c.class.includes(text) && c.outcome === 'held').map((c) => c.controller));
      expect(heldBy('Крим')).toEqual(new Set(['russia']));
      expect(heldBy('ОРДЛО')).toEqual(new Set(['russia']));
      expect(heldBy('Придністров')).toEqual(new Set());
      expect(reading.classes.find((c) => c.class.includes('Придністров'))!.outcome).toBe('outside');
    }
    const last = t.readings[2]!;
    for (const place of ['Абхазія', 'Курильські', 'Карелії', 'Пруссія', 'Петсамо', 'Ічкерія']) {
      expect(last.classes.filter((c) => c.class.includes(place)).map((c) => c.outcome)).toEqual(['outside']);
    }
    expect(last.skipped.points).toBe(346);
  });

  it('holds on wording the samples do not have: other keys, other word order, English only, colour only', () => {
    const square = { type: 'Polygon', coordinates: box(36.0, 48.0, 36.1, 48.1) };
    const read = (properties: Record<string, string>) =>
      readTimelineSnapshot(
        { name: '1735689600.geojson', data: { type: 'Feature', properties, geometry: square } },
        { profile: DEEPSTATE_LIVE_PROFILE, areaOfInterest: builtinArea('ukraine-1991'), allowUnmapped: true, allowEmpty: true },
      ).reading.classes[0]!;
    expect(read({ name: 'Liberated 12.11 /// geoJSON.status.liberated_at {{at:12.11}}' }).controller).toBe('ukraine');
    expect(read({ name: 'Occupied /// geoJSON.status.occupied_at {{at:01.01}}' }).controller).toBe('russia');
    expect(read({ name: 'Grey zone /// geoJSON.status.contested' }).controller).toBe('contested');
    expect(read({ name: 'Deoccupied' }).controller).toBe('ukraine');
    expect(read({ name: 'Багатокутник 7', fill: '#A52714' }).controller).toBe('russia');
    expect(read({ name: '', styleUrl: '#poly-0F9D58-2000-77-nodesc' }).controller).toBe('ukraine');
    expect(read({ name: 'Ймовірно звільнено /// Probably liberated' }).controller).toBe('contested');
    expect(read({ name: 'Щось нове', fill: '#ff5252' }).outcome).toBe('unmapped');
  });

  it('drops a territory across the antimeridian outside the area of interest instead of stopping', () => {
    const chukotka = {
      type: 'Polygon',
      coordinates: [
        [
          [179, 66],
          [-179, 66],
          [-179, 67],
          [179, 67],
          [179, 66],
        ],
      ],
    };
    const front = { type: 'Polygon', coordinates: box(36.0, 48.0, 36.1, 48.1) };
    const data = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { name: 'Окуповано' }, geometry: front },
        { type: 'Feature', properties: { name: 'Окупована Чукотка' }, geometry: chukotka },
      ],
    };
    const s = readTimelineSnapshot({ name: '1735689600.geojson', data }, { profile: DEEPSTATE_LIVE_PROFILE, areaOfInterest: builtinArea('ukraine-1991') });
    expect(s.reading.classes.map((c) => [c.outcome, c.controller ?? null])).toEqual([
      ['held', 'russia'],
      ['outside', null],
    ]);
    // The built-in profile finds its own area; without one, the same ring stops the run as it always has.
    const alone = readTimelineSnapshot({ name: '1735689600.geojson', data }, { profile: DEEPSTATE_LIVE_PROFILE });
    expect(alone.reading.classes.map((c) => c.outcome)).toEqual(['held', 'outside']);
    const noArea = { ...DEEPSTATE_LIVE_PROFILE, areaOfInterest: undefined };
    expect(() => readTimelineSnapshot({ name: '1735689600.geojson', data }, { profile: noArea })).toThrow(/crosses the antimeridian/);
    const fromFile = { ...DEEPSTATE_LIVE_PROFILE, areaOfInterest: { file: 'area.geojson' } };
    expect(() => readTimelineSnapshot({ name: '1735689600.geojson', data }, { profile: fromFile })).toThrow(
      /reads its area of interest from the file "area.geojson": load the profile with loadProfile/,
    );
  });

  it('reads a profile by name or file, and names the built-in ones when a name is unknown', () => {
    expect(loadProfile('deepstate').profile.controller).toBe('russia');
    expect(loadProfile(profileFile).areaOfInterest!.name).toBe("the fixture's area");
    expect(() => loadProfile('deepstate-lve')).toThrow(/no built-in profile "deepstate-lve" \(built in: deepstate, deepstate-live\)/);
  });
});

describe('reader threads', () => {
  it('give the same CSV, byte for byte, as reading on the diffing thread, through a profile with an area of interest', async () => {
    const dir = tmp();
    const args = [path.join(samplesDir, 'deepstate-live'), '--profile', 'deepstate-live', '--quiet'];
    expect((await cli([...args, '--csv', path.join(dir, 'a.csv'), '--readers', '0'])).code).toBe(0);
    expect((await cli([...args, '--csv', path.join(dir, 'b.csv'), '--readers', '2'])).code).toBe(0);
    expect(readFileSync(path.join(dir, 'b.csv'), 'utf8')).toBe(readFileSync(path.join(dir, 'a.csv'), 'utf8'));
    const broken = tmp();
    writeFileSync(path.join(broken, 'capture-1704067200.geojson'), readFileSync(path.join(fixtures, 'live', 'capture-1704067200.geojson')));
    writeFileSync(path.join(broken, 'capture-1704200000.geojson'), '{"type":"FeatureCollection","features":[');
    const r = await cli([broken, '--profile', profileFile, '--readers', '2']);
    expect(r.stderr).toMatch(/^frontline: FILE_TRUNCATED: .*capture-1704200000\.geojson/);
  });
});

describe('areas of interest', () => {
  it('finds a point inside an L, a ring around a hole, and a thin sliver', () => {
    const l: Position[][] = [
      [
        [0, 0],
        [4, 0],
        [4, 1],
        [1, 1],
        [1, 3],
        [0, 3],
        [0, 0],
      ],
    ];
    expect(insideRings(...interiorPoint(l)!, l)).toBe(true);
    const ring: Position[][] = [
      ...box(0, 0, 10, 10),
      [
        [2, 2],
        [2, 8],
        [8, 8],
        [8, 2],
        [2, 2],
      ],
    ];
    const p = interiorPoint(ring)!;
    expect(insideRings(p[0], p[1], ring)).toBe(true);
    const sliver: Position[][] = [
      [
        [0, 0],
        [10, 1e-6],
        [0, 2e-6],
        [0, 0],
      ],
    ];
    expect(insideRings(...interiorPoint(sliver)!, sliver)).toBe(true);
    expect(
      interiorPoint([
        [
          [0, 0],
          [1, 0],
          [2, 0],
          [0, 0],
        ],
      ]),
    ).toBeUndefined();
  });

  it('ukraine-1991 holds Crimea, the islands and the sea off the coast, not Transnistria, Moldova, the Taman peninsula or Belgorod', () => {
    const area = compileAreaOfInterest(builtinArea('ukraine-1991'));
    const at = (x: number, y: number): boolean => area.contains(box(x - 0.001, y - 0.001, x + 0.001, y + 0.001));
    // Simferopol, Sevastopol, Kerch, Tuzla island, Zmiinyi island, Mariupol, Kyiv, Uzhhorod
    for (const [x, y] of [
      [34.1, 44.95],
      [33.52, 44.6],
      [36.47, 45.35],
      [36.56, 45.23],
      [30.2155, 45.255],
      [37.55, 47.1],
      [30.52, 50.45],
      [22.3, 48.62],
    ])
      expect(at(x!, y!), `${x}, ${y}`).toBe(true);
    // Tiraspol, Chisinau, Taman, Novorossiysk, Belgorod, Kursk, Tulcea, Sokhumi
    for (const [x, y] of [
      [29.63, 46.84],
      [28.86, 47.0],
      [36.72, 45.21],
      [37.77, 44.72],
      [36.59, 50.6],
      [36.19, 51.73],
      [28.8, 45.18],
      [41.02, 43.0],
    ])
      expect(at(x!, y!), `${x}, ${y}`).toBe(false);
  });

  it('reads an area from a file, narrowed by a property, and names the values there when none match', () => {
    const r = loadProfile(profileFile);
    const test = compileAreaOfInterest(r.areaOfInterest!);
    expect(test.contains(box(30.0, 48.0, 30.1, 48.1))).toBe(true);
    expect(test.contains(box(31.0, 48.0, 31.1, 48.1))).toBe(false);
    const dir = tmp();
    const profile = JSON.parse(readFileSync(profileFile, 'utf8'));
    profile.areaOfInterest = { file: path.join(fixtures, 'live-profile', 'area.geojson'), property: 'name', values: ['There'] };
    writeFileSync(path.join(dir, 'p.json'), JSON.stringify(profile));
    expect(() => loadProfile(path.join(dir, 'p.json'))).toThrow(/no polygon whose "name" is "There" \(values there: "Elsewhere", "Here"\)/);
  });

  it('never changes its input', () => {
    const data = deepFreeze({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { name: 'Окуповано' }, geometry: { type: 'Polygon', coordinates: box(36, 48, 36.1, 48.1) } as Polygon },
        { type: 'Feature', properties: { name: 'Окуповано' }, geometry: { type: 'Polygon', coordinates: box(36.05, 48, 36.15, 48.1) } as Polygon },
      ],
    });
    const s = readTimelineSnapshot({ name: '1735689600.geojson', data }, { profile: DEEPSTATE_LIVE_PROFILE, areaOfInterest: builtinArea('ukraine-1991') });
    expect(s.reading.drawnTwiceKm2!.russia).toBeGreaterThan(0);
  });
});
