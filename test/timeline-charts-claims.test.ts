import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run as claimCommand } from '../src/cli/commands/claim.js';
import type { FrontlineError } from '../src/errors.js';
import { checkTimelineClaim, validateTimelineClaim, type TimelineClaim } from '../src/model/timeline-claim.js';
import { svgToPng } from '../src/node/png.js';
import { chartSvg } from '../src/render/chart.js';
import { OKABE_ITO } from '../src/render/palette.js';
import { DEEPSTATE_PROFILE } from '../src/sources/profiles.js';
import { computeTimeline } from '../src/sources/timeline-source.js';
import { fixturesDir, repoRoot, samplesDir } from './support/paths.js';

const deepstateDir = path.join(samplesDir, 'deepstate');
const reference = readFileSync(path.join(samplesDir, 'deepstate-reference.csv'), 'utf8')
  .trim()
  .split(/\r?\n/)
  .slice(1)
  .map((l) => l.split(','));
const iso = (d: string): string => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}`;
const deepstate = () =>
  computeTimeline(
    readdirSync(deepstateDir)
      .sort()
      .map((name) => ({ name, data: JSON.parse(readFileSync(path.join(deepstateDir, name), 'utf8')) as unknown })),
    { profile: DEEPSTATE_PROFILE },
  );

describe('timeline claims', () => {
  it('works out gained, lost and net between two dates as the reference rows sum them, and says which snapshots it used', async () => {
    const t = await deepstate();
    const claim: TimelineClaim = {
      id: 'x',
      text: 'about 500 km² in October',
      source: 'test',
      statedKm2: 500,
      toleranceKm2: 50,
      readings: [
        { id: 'g', name: 'gained', measure: 'gained', controller: 'russia', from: '2024-09-30', to: '2024-10-31' },
        { id: 'l', name: 'lost', measure: 'lost', controller: 'russia', from: '2024-09-30', to: '2024-10-31' },
        { id: 'n', name: 'net', measure: 'net', controller: 'russia', from: '2024-09-30', to: '2024-10-31' },
        // 18 and 19 August have no snapshot: the 17th's is used for the 19th.
        { id: 'gap', name: 'net over the gap', measure: 'net', controller: 'russia', from: '2024-08-19', to: '2024-08-20' },
      ],
    };
    const check = checkTimelineClaim(claim, t);
    const inOctober = reference.filter(([d]) => d! > '20240930' && d! <= '20241031');
    const gained = inOctober.reduce((s, r) => s + Number(r[2]), 0);
    const lost = inOctober.reduce((s, r) => s + Number(r[3]), 0);
    const area = (d: string) => Number(reference.find(([x]) => x === d)![1]);
    const [g, l, n, gap] = check.readings;
    expect(Math.abs(g!.valueKm2 - gained)).toBeLessThan(0.01);
    expect(Math.abs(l!.valueKm2 - lost)).toBeLessThan(0.01);
    expect(Math.abs(n!.valueKm2 - (area('20241031') - area('20240930')))).toBeLessThan(1e-6);
    expect([g!.about, n!.about]).toEqual([Math.abs(gained - 500) <= 50, Math.abs(area('20241031') - area('20240930') - 500) <= 50]);
    expect([gap!.fromUsed, gap!.toUsed]).toEqual(['2024-08-17', '2024-08-20']);
    expect(Math.abs(gap!.valueKm2 - (area('20240820') - area('20240817')))).toBeLessThan(1e-6);
  });

  it('refuses malformed claims and readings outside the timeline, naming the path', async () => {
    const base = {
      id: 'x',
      text: '',
      source: '',
      statedKm2: 1,
      toleranceKm2: 0,
      readings: [{ id: 'a', name: '', measure: 'gained', controller: 'russia', from: '2024-09-30', to: '2024-10-31' }],
    };
    const where = (value: unknown): string | undefined => {
      try {
        validateTimelineClaim(value);
      } catch (error) {
        return (error as FrontlineError).where;
      }
      return undefined;
    };
    expect(where({ ...base, readings: [{ ...base.readings[0], measure: 'taken' }] })).toBe('readings[0].measure');
    expect(where({ ...base, readings: [{ ...base.readings[0], regoin: 'Ukraine' }] })).toBe('readings[0]');
    expect(where({ ...base, readings: [{ ...base.readings[0], to: '2024-02-30' }] })).toBe('readings[0].to');
    expect(where({ ...base, readings: [{ ...base.readings[0], from: '2024-11-01' }] })).toBe('readings[0]');
    expect(where({ ...base, toleranceKm2: -1 })).toBe('toleranceKm2');
    const t = await deepstate();
    expect(() => checkTimelineClaim({ ...base, readings: [{ ...base.readings[0]!, measure: 'gained', from: '2024-01-01' }] } as TimelineClaim, t)).toThrow(
      /before the timeline's first snapshot \(2024-07-08\)/,
    );
    expect(() => checkTimelineClaim({ ...base, readings: [{ ...base.readings[0]!, measure: 'gained', controller: 'rusia' }] } as TimelineClaim, t)).toThrow(
      /no controller "rusia" \(controllers: russia\)/,
    );
    expect(() => checkTimelineClaim({ ...base, readings: [{ ...base.readings[0]!, measure: 'gained', region: 'Ukraine' }] } as TimelineClaim, t)).toThrow(
      /split it by regions first/,
    );
  });

  it('runs the worked example of the docs from the command line', async () => {
    const lines: string[] = [];
    const file = path.join(repoRoot, 'docs', 'examples', 'deepstate-october-2024.claim.json');
    const regions = ['--regions', path.join(samplesDir, '..', 'upstream', 'natural-earth', 'ne_50m_admin_0_countries.json'), '--region-property', 'ADMIN'];
    await claimCommand([file, '--timeline', deepstateDir, '--profile', 'deepstate', ...regions], { stdout: (s) => lines.push(s), stderr: () => {} });
    const text = lines.join('\n');
    expect(text).toMatch(/ground gained in October\s+gained\s+russia\s+\(all\)\s+2024-09-30\s+2024-10-31\s+483\.2\s+500\.0\s+about/);
    expect(text).toMatch(/net change from 8 July to 31 October\s+net\s+russia\s+\(all\)\s+2024-07-08\s+2024-10-31\s+1,364\.9\s+500\.0\s+not about/);
  });
});

describe('timeline charts', () => {
  it('draws area and gains and losses per controller with axes in km², a title, a legend, the credits and Okabe–Ito colours', async () => {
    const t = await deepstate();
    const chart = chartSvg(t, { by: 'month', credits: ['Data: DeepStateMap'] });
    expect(chart.svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="1200"/);
    expect(chart.svg).toContain('Ground held, gained and lost by russia, 8 Jul 2024 to 31 Oct 2024');
    expect(chart.svg).toContain('area held (km²)');
    expect(chart.svg).toContain('km² per month');
    expect(chart.svg).toContain('Data: DeepStateMap');
    expect(chart.svg).toContain('on the WGS84 ellipsoid');
    expect(chart.svg).toMatch(/>gained<.*>lost</s);
    expect(chart.svg).toContain(`fill="${OKABE_ITO.blue}"`);
    // July and August have days missing (1–7 July, 18–19 August): said under the chart.
    expect(chart.svg).toContain('months with days missing: 2024-07 (24 of 31 days), 2024-08 (29 of 31 days)');
    // The bars are the period sums.
    const october = chart.periods.find((p) => p.period === '2024-10')!;
    const inOctober = reference.filter(([d]) => iso(d!).startsWith('2024-10'));
    expect(Math.abs(october.gainedKm2 - inOctober.reduce((s, r) => s + Number(r[2]), 0))).toBeLessThan(0.01);
    const png = svgToPng(chart.svg);
    expect([...png.slice(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
  });

  it('refuses a region the timeline was not split by, and a controller it lacks', async () => {
    const t = await computeTimeline(
      readdirSync(path.join(fixturesDir, 'timeline', 'multi'))
        .sort()
        .map((name) => ({ name, data: JSON.parse(readFileSync(path.join(fixturesDir, 'timeline', 'multi', name), 'utf8')) as unknown })),
    );
    expect(chartSvg(t).svg).toContain('north');
    expect(() => chartSvg(t, { region: 'west' })).toThrow(/split the timeline by regions first/);
    expect(() => chartSvg(t, { controllers: ['west'] })).toThrow(/no controller "west"/);
  });
});
