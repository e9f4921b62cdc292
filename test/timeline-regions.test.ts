import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { areaKm2 } from '../src/kernel/area.js';
import { intersection } from '../src/kernel/overlay.js';
import { periodOf, timelinePeriods } from '../src/model/timeline-periods.js';
import { OUTSIDE_REGIONS, type TimelineRegionRow } from '../src/model/timeline-regions.js';
import type { TimelineRow } from '../src/model/timeline.js';
import { readRegionsFile } from '../src/node/region-files.js';
import { karabakhRegions, karabakhSnapshots } from '../src/scenarios/karabakh/index.js';
import { DEEPSTATE_PROFILE } from '../src/sources/profiles.js';
import { computeTimeline, type TimelineSource } from '../src/sources/timeline-source.js';
import { fixturesDir, samplesDir, upstreamDir } from './support/paths.js';
import { referenceArea } from './support/reference.js';

const deepstateDir = path.join(samplesDir, 'deepstate');
const countries = path.join(upstreamDir, 'natural-earth', 'ne_50m_admin_0_countries.json');
const fixtures = path.join(fixturesDir, 'timeline');

function deepstateSources(): TimelineSource[] {
  return readdirSync(deepstateDir)
    .sort()
    .map((name) => ({ name, data: JSON.parse(readFileSync(path.join(deepstateDir, name), 'utf8')) as unknown }));
}

/** Every date and controller's region rows sum to its row, to float rounding (rows under 5e-7 km², below what the CSV writes, are left out). */
function expectSums(rows: TimelineRow[], regionRows: TimelineRegionRow[]): void {
  for (const row of rows) {
    const parts = regionRows.filter((r) => r.date === row.date && r.controller === row.controller);
    const sum = (f: (r: TimelineRegionRow) => number | null) => parts.reduce((s, r) => s + (f(r) ?? 0), 0);
    const tolerance = Math.max(1e-6, 1e-9 * row.areaKm2);
    expect(Math.abs(sum((r) => r.areaKm2) - row.areaKm2), `${row.date} ${row.controller} area`).toBeLessThanOrEqual(tolerance);
    if (row.gainedKm2 === null) continue;
    expect(Math.abs(sum((r) => r.gainedKm2) - row.gainedKm2), `${row.date} gained`).toBeLessThanOrEqual(tolerance);
    expect(Math.abs(sum((r) => r.lostKm2) - row.lostKm2!), `${row.date} lost`).toBeLessThanOrEqual(tolerance);
    expect(Math.abs(sum((r) => r.netKm2) - row.netKm2!), `${row.date} net`).toBeLessThanOrEqual(tolerance);
  }
}

describe('timeline by region', () => {
  it("splits the DeepState sample by Natural Earth's countries as GEOS and GeographicLib do, and the rows sum to the totals", async () => {
    const t = await computeTimeline(deepstateSources(), { profile: DEEPSTATE_PROFILE, regions: readRegionsFile(countries, 'ADMIN') });
    expectSums(t.rows, t.regionRows);
    const reference = readFileSync(path.join(fixtures, 'deepstate-countries.reference.csv'), 'utf8').trim().split('\n').slice(1);
    let worstArea = 0;
    for (const line of reference) {
      const [date, region, area, gained, lost] = line.split(',');
      const iso = `${date!.slice(0, 4)}-${date!.slice(4, 6)}-${date!.slice(6)}`;
      const row = t.regionRows.find((r) => r.date === iso && r.region === region);
      // The parts of a polygon cut by borders measure a little more than the whole (the cut
      // edges bow differently as geodesics); regions are scaled by the one factor that makes them
      // sum to the whole (1e-6 here), and carried forward over 113 steps.
      worstArea = Math.max(worstArea, Math.abs((row?.areaKm2 ?? 0) - Number(area)) / Number(area));
      if (gained !== '') {
        expect(Math.abs((row?.gainedKm2 ?? 0) - Number(gained)), `${iso} ${region} gained`).toBeLessThan(1e-3);
        expect(Math.abs((row?.lostKm2 ?? 0) - Number(lost)), `${iso} ${region} lost`).toBeLessThan(1e-3);
      }
    }
    expect(worstArea).toBeLessThan(1e-6);
    // Russia's own ground in the sample is the Crimea Natural Earth draws as Russia's.
    const first = t.regionRows.filter((r) => r.date === '2024-07-08').map((r) => r.region);
    expect(first).toEqual(['Russia', 'Ukraine', OUTSIDE_REGIONS]);
  });

  it('follows the Karabakh snapshots district by district as the full overlay measures them', async () => {
    const snapshots = karabakhSnapshots();
    const regions = karabakhRegions();
    // The pack's snapshots, written as files would be: a few m² of one controller's
    // features overlap where the layers meet, so they are united as a profile would.
    const t = await computeTimeline(
      snapshots.map((s) => ({ name: s.id, date: s.date, data: s.toFeatureCollection() })),
      {
        profile: { name: 'karabakh', controllerProperty: 'controller', overlaps: 'union' },
        regions: { regions: regions.map((r) => ({ name: r.name, geometry: r.geometry })) },
      },
    );
    expectSums(t.rows, t.regionRows);
    for (const s of snapshots) {
      for (const controller of s.controllers) {
        for (const region of regions) {
          const full = areaKm2(intersection(s.geometry(controller), region.geometry));
          const row = t.regionRows.find((r) => r.date === s.date && r.controller === controller && r.region === region.name);
          // Steps of thousands of km² whose pieces are cut by district borders: the bow of the
          // edges cut is shared out, within about 1e-6 of the ground that moved (0.005 km²).
          expect(Math.abs((row?.areaKm2 ?? 0) - full), `${s.date} ${controller} ${region.name}`).toBeLessThan(5e-3);
        }
      }
    }
  });

  it('splits the authored multi-controller series by two hand-drawn halves', async () => {
    const dir = path.join(fixtures, 'multi');
    const sources = readdirSync(dir)
      .sort()
      .map((name) => ({ name, data: JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as unknown }));
    const half = (x0: number, x1: number): Position[][] => [
      [
        [x0, 47.9],
        [x1, 47.9],
        [x1, 48.3],
        [x0, 48.3],
        [x0, 47.9],
      ],
    ];
    const t = await computeTimeline(sources, {
      regions: {
        regions: [
          { name: 'west', geometry: { type: 'Polygon', coordinates: half(29.9, 30.1) } },
          { name: 'east', geometry: { type: 'Polygon', coordinates: half(30.1, 30.3) } },
        ],
      },
    });
    expectSums(t.rows, t.regionRows);
    const km2 = (x0: number, y0: number, x1: number, y1: number) =>
      referenceArea({
        type: 'Polygon',
        coordinates: [
          [
            [x0, y0],
            [x1, y0],
            [x1, y1],
            [x0, y1],
            [x0, y0],
          ],
        ],
      }) / 1e6;
    const row = (date: string, controller: string, region: string) =>
      t.regionRows.find((r) => r.date === date && r.controller === controller && r.region === region);
    // README: north 30.0–30.2 × 48.1–48.2, south 30.0–30.2 × 48.0–48.1; on 2 March the border
    // moves north to 48.12; on 3 March east takes the eastern half of south.
    // Cutting the 0.2° east–west edges at 30.1 changes their geodesic bow: the halves sum to
    // 0.004 % more than the whole, and are scaled back by that much.
    expect(Math.abs(row('2024-03-01', 'north', 'west')!.areaKm2 - km2(30.0, 48.1, 30.1, 48.2))).toBeLessThan(1e-4 * km2(30.0, 48.1, 30.1, 48.2));
    expect(Math.abs(row('2024-03-02', 'south', 'east')!.gainedKm2! - km2(30.1, 48.1, 30.2, 48.12))).toBeLessThan(1e-4);
    expect(Math.abs(row('2024-03-03', 'east', 'east')!.areaKm2 - km2(30.1, 48.0, 30.2, 48.12))).toBeLessThan(1e-4);
    expect(row('2024-03-03', 'east', 'west')).toBeUndefined();
    expect(t.regionRows.some((r) => r.region === OUTSIDE_REGIONS)).toBe(false);
  });

  it('refuses regions that overlap where ground is held', async () => {
    const square = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [29, 47],
          [31, 47],
          [31, 49],
          [29, 49],
          [29, 47],
        ],
      ],
    };
    const sources = readdirSync(path.join(fixtures, 'single'))
      .sort()
      .map((name) => ({ name, data: JSON.parse(readFileSync(path.join(fixtures, 'single', name), 'utf8')) as unknown }));
    await expect(
      computeTimeline(sources, {
        regions: {
          regions: [
            { name: 'a', geometry: square },
            { name: 'b', geometry: square },
          ],
        },
      }),
    ).rejects.toThrow(/regions "a" and "b" overlap/);
  });
});

describe('timeline by period', () => {
  it('numbers ISO weeks and bounds months and years', () => {
    expect(periodOf('2024-12-30', 'week')).toEqual({ period: '2025-W01', start: '2024-12-30', end: '2025-01-05' });
    expect(periodOf('2021-01-03', 'week')).toEqual({ period: '2020-W53', start: '2020-12-28', end: '2021-01-03' });
    expect(periodOf('2024-07-08', 'week')).toEqual({ period: '2024-W28', start: '2024-07-08', end: '2024-07-14' });
    expect(periodOf('2024-02-10', 'month')).toEqual({ period: '2024-02', start: '2024-02-01', end: '2024-02-29' });
    expect(periodOf('2023-02-10', 'month').end).toBe('2023-02-28');
    expect(periodOf('2024-10-31', 'year')).toEqual({ period: '2024', start: '2024-01-01', end: '2024-12-31' });
  });

  it('sums the DeepState sample by month as the reference rows sum, and names the days missing', async () => {
    const t = await computeTimeline(deepstateSources(), { profile: DEEPSTATE_PROFILE });
    const months = timelinePeriods(t.rows, 'month');
    const reference = readFileSync(path.join(samplesDir, 'deepstate-reference.csv'), 'utf8')
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((l) => l.split(','));
    expect(months.periods.map((p) => [p.period, p.snapshots.length, p.days, p.missing])).toEqual([
      ['2024-07', 24, 31, [['2024-07-01', '2024-07-07']]],
      ['2024-08', 29, 31, [['2024-08-18', '2024-08-19']]],
      ['2024-09', 30, 30, []],
      ['2024-10', 31, 31, []],
    ]);
    for (const m of months.rows) {
      const inMonth = reference.filter(([d]) => `${d!.slice(0, 4)}-${d!.slice(4, 6)}` === m.period);
      const gained = inMonth.reduce((s, r) => s + Number(r[2] || 0), 0);
      const lost = inMonth.reduce((s, r) => s + Number(r[3] || 0), 0);
      expect(Math.abs(m.gainedKm2 - gained), m.period).toBeLessThan(0.01);
      expect(Math.abs(m.lostKm2 - lost), m.period).toBeLessThan(0.01);
      expect(Math.abs(m.areaKm2 - Number(inMonth[inMonth.length - 1]![1]))).toBeLessThan(1e-6);
    }
    const august = months.rows.find((m) => m.period === '2024-08')!;
    expect([august.from, august.to]).toEqual(['2024-07-31', '2024-08-31']);
    // Net over a month is the area at its end less the area at the end of the month before.
    const july = months.rows.find((m) => m.period === '2024-07')!;
    expect(Math.abs(august.netKm2 - (august.areaKm2 - july.areaKm2))).toBeLessThan(1e-6);
    const weeks = timelinePeriods(t.rows, 'week');
    expect(weeks.periods.find((p) => p.period === '2024-W33')!.missing).toEqual([['2024-08-18', '2024-08-18']]);
    expect(weeks.periods.find((p) => p.period === '2024-W34')!.missing).toEqual([['2024-08-19', '2024-08-19']]);
  });
});

describe('timeline command output by period and region', () => {
  it('writes periods as CSV with the days missing, and everything as JSON', async () => {
    const { run } = await import('../src/cli/commands/timeline.js');
    const { mkdtempSync } = await import('node:fs');
    const os = await import('node:os');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'frontline-periods-'));
    const quiet = { stdout: () => {}, stderr: () => {} };
    await run(
      [deepstateDir, '--profile', 'deepstate', '--by', 'month', '--csv', path.join(dir, 'm.csv'), '--json', path.join(dir, 'm.json'), '--quiet'],
      quiet,
    );
    const lines = readFileSync(path.join(dir, 'm.csv'), 'utf8').split('\r\n');
    expect(lines[0]).toBe('period,start,end,controller,from,to,gained_km2,lost_km2,net_km2,area_km2,snapshots,days,missing_days,missing');
    expect(lines[2]).toMatch(/^2024-08,20240801,20240831,russia,20240731,20240831,[\d.]+,[\d.]+,[\d.]+,[\d.]+,29,31,2,2024-08-18\.\.2024-08-19$/);
    const json = JSON.parse(readFileSync(path.join(dir, 'm.json'), 'utf8')) as {
      method: string;
      unit: string;
      profile: string;
      rows: unknown[];
      periods: { by: string; periods: { period: string }[] };
      readings: unknown[];
    };
    expect([json.method, json.unit, json.profile, json.rows.length, json.periods.by, json.periods.periods.length, json.readings.length]).toEqual([
      'ellipsoidal',
      'km2',
      'deepstate',
      114,
      'month',
      4,
      114,
    ]);
  });
});
