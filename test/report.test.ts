import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FeatureCollection } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/run.js';
import { shippedPackPath } from '../src/node/paths.js';
import { loadPack, type LayerPack } from '../src/model/layer.js';
import { diffSnapshots, transferMatrix } from '../src/model/diff.js';
import type { Report } from '../src/model/report.js';
import type { ControlSnapshot } from '../src/model/snapshot.js';
import { karabakhSnapshots } from '../src/scenarios/karabakh/index.js';
import { karabakhRegions } from '../src/scenarios/karabakh/index.js';
import { referenceArea } from './support/reference.js';
import { fixturesDir } from './support/paths.js';

async function cli(args: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await run(args, { stdout: (s) => stdout.push(s), stderr: (s) => stderr.push(s) });
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

let pack: LayerPack;
let snapshots: readonly ControlSnapshot[];
let report: Report;

beforeAll(async () => {
  pack = loadPack(JSON.parse(readFileSync(shippedPackPath(), 'utf8')));
  const _line = JSON.parse(readFileSync(path.join(fixturesDir, 'karabakh/line-of-contact-2020-11-10.geojson'), 'utf8')) as FeatureCollection;
  snapshots = karabakhSnapshots(pack);
  const result = await cli(['report', '--json']);
  expect(result.code).toBe(0);
  report = JSON.parse(result.stdout) as Report;
});

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-12);

describe('diffs of the built-in snapshots obey their invariants', () => {
  const pairs = [
    ['karabakh-1994-05-12', 'karabakh-2020-11-10'],
    ['karabakh-2020-11-10', 'karabakh-2020-12-01'],
    ['karabakh-2020-12-01', 'karabakh-2022-08-26'],
    ['karabakh-2022-08-26', 'karabakh-2023-09-20'],
    ['karabakh-1994-05-12', 'karabakh-2023-09-20'],
  ];
  for (const [from, to] of pairs) {
    it(`${from} → ${to}`, async () => {
      const a = snapshots.find((s) => s.id === from)!;
      const b = snapshots.find((s) => s.id === to)!;
      const diff = diffSnapshots(a, b, { regions: karabakhRegions(pack) });
      const matrix = transferMatrix(diff);
      for (const c of diff.controllers) {
        const before = a.has(c.controller) ? a.areaKm2(c.controller) : 0;
        const after = b.has(c.controller) ? b.areaKm2(c.controller) : 0;
        const scale = Math.max(before, after);
        expect(Math.abs(after - before - (c.gainedKm2 - c.lostKm2)) / scale, `${c.controller} net`).toBeLessThan(1e-6);
        expect(Math.abs(c.retainedKm2 + c.lostKm2 - before) / scale, `${c.controller} before`).toBeLessThan(1e-6);
        expect(Math.abs(c.retainedKm2 + c.gainedKm2 - after) / scale, `${c.controller} after`).toBeLessThan(1e-6);
        const i = matrix.controllers.indexOf(c.controller);
        const out = matrix.km2[i]!.reduce((s, x) => s + x, 0);
        const into = matrix.km2.reduce((s, row) => s + row[i]!, 0);
        expect(Math.abs(out - c.lostKm2) / scale, `${c.controller} row`).toBeLessThan(1e-6);
        expect(Math.abs(into - c.gainedKm2) / scale, `${c.controller} column`).toBeLessThan(1e-6);
        // the numbers are areas of the geometry returned beside them, as GeographicLib measures it
        expect(Math.abs(c.gainedKm2 - referenceArea(c.gained) / 1e6)).toBeLessThan(1e-9 * scale);
        expect(Math.abs(c.lostKm2 - referenceArea(c.lost) / 1e6)).toBeLessThan(1e-9 * scale);
      }
      // Regions rows add up to their transfer, to 1e-6 of the area of interest (slivers a few m²).
      const aoi = a.controllers.reduce((s, c) => s + a.areaKm2(c), 0);
      for (const t of diff.transfers) {
        const sum = t.byRegion.reduce((s, r) => s + r.areaKm2, 0);
        expect(Math.abs(sum - t.areaKm2)).toBeLessThanOrEqual(1e-6 * aoi);
      }
    });
  }
});

describe('frontline report', () => {
  it('prints one JSON object with the four tables', async () => {
    expect(Object.keys(report).sort()).toEqual(['claims', 'diffs', 'layers', 'snapshots']);
    expect(report.snapshots.map((s) => s.date)).toEqual(['1994-05-12', '2020-09-27', '2020-11-10', '2020-12-01', '2020-12-14', '2022-08-26', '2023-09-20']);
    expect(report.diffs.map((d) => [d.from.date, d.to.date])).toEqual([
      ['1994-05-12', '2020-11-10'],
      ['2020-11-10', '2020-12-01'],
      ['2020-12-01', '2020-12-14'],
    ]);
  });

  it('gives every area, diff figure and reading its range, holding the value', () => {
    const holds = (value: number, low: number, high: number, what: string) => {
      expect(low, what).toBeLessThanOrEqual(value);
      expect(high, what).toBeGreaterThanOrEqual(value);
    };
    for (const r of report.layers) holds(r.areaKm2, r.areaKm2Low, r.areaKm2High, `${r.layer} ${r.feature}`);
    for (const s of report.snapshots) for (const c of s.controllers) holds(c.areaKm2, c.areaKm2Low, c.areaKm2High, `${s.id} ${c.controller}`);
    for (const d of report.diffs) {
      for (const c of d.controllers) {
        for (const key of ['beforeKm2', 'afterKm2', 'gainedKm2', 'lostKm2', 'retainedKm2', 'netKm2'] as const) {
          holds(c[key], c[`${key}Low`], c[`${key}High`], `${d.from.date}→${d.to.date} ${c.controller} ${key}`);
        }
      }
      for (const t of d.transfers) {
        holds(t.areaKm2, t.areaKm2Low, t.areaKm2High, `${t.from}→${t.to}`);
        for (const r of t.byRegion) holds(r.areaKm2, r.areaKm2Low, r.areaKm2High, `${t.from}→${t.to} ${r.region}`);
      }
    }
    const { stated, tolerance } = report.claims[0]!.claim;
    for (const r of report.claims[0]!.readings) {
      for (const x of [r, ...r.alternatives]) {
        holds(x.fraction, x.fractionLow, x.fractionHigh, x.id);
        // the verdict, from the range alone
        const inside = x.fractionLow >= stated - tolerance && x.fractionHigh <= stated + tolerance;
        const outside = x.fractionHigh < stated - tolerance || x.fractionLow > stated + tolerance;
        expect(x.verdict, x.id).toBe(inside ? 'around' : outside ? 'not around' : 'depends');
        expect(x.fractionLow, x.id).toBeCloseTo(x.numeratorKm2Low / x.denominatorKm2High, 12);
        expect(x.fractionHigh, x.id).toBeCloseTo(x.numeratorKm2High / x.denominatorKm2Low, 12);
      }
    }
    // The war moved ground across an uncertain line: its range is wide; the 1994 area rests on none.
    const war = report.diffs[0]!.controllers.find((c) => c.controller === 'armenian-forces')!;
    expect(war.lostKm2High - war.lostKm2Low).toBeGreaterThan(200);
    expect(war.beforeKm2High).toBe(war.beforeKm2);
  });

  it('reads each term under the published figures too', () => {
    const byId = Object.fromEntries(report.claims[0]!.readings.map((r) => [r.id, r]));
    const alt = (reading: string, id: string) => byId[reading]!.alternatives.find((a) => a.id === id)!;
    // karabakh.md: 11,458 km² lost in all, the oblast's 4,388 km², 3,824 km² of it held, Agdam 842 + Kalbajar 1,936 + Lachin 1,835
    expect(alt('war-gains-of-all-lost', 'all-lost-published').denominatorKm2).toBe(11458);
    expect(alt('war-gains-of-all-lost', 'all-lost-published').fraction).toBe(byId['war-gains-of-all-lost']!.numeratorKm2 / 11458);
    expect(alt('nkao-gains-of-nkao', 'nkao-published').denominatorKm2).toBe(4388);
    expect(alt('nkao-gains-of-nkao-held', 'nkao-held-published').denominatorKm2).toBe(3824);
    expect(alt('handover-of-all-lost', 'both-published').fraction).toBe((842 + 1936 + 1835) / 11458);
  });

  it('breaks the 2020 war down by district: the four southern districts change hands, Kalbajar does not', async () => {
    const war = report.diffs[0]!.transfers.find((t) => t.from === 'armenian-forces' && t.to === 'azerbaijan')!;
    const by = Object.fromEntries(war.byRegion.map((r) => [r.region, r.areaKm2]));
    const held = Object.fromEntries(pack.layer('districts-held-1994').geojson.features.map((f) => [f.properties!.district, referenceArea(f.geometry) / 1e6]));
    // Jabrayil and Zangilan were taken in full; Kalbajar and Agdam were not fought over.
    for (const d of ['jabrayil', 'zangilan']) expect(rel(by[d]!, held[d]!)).toBeLessThan(1e-3);
    for (const d of ['kalbajar', 'agdam']) expect(by[d]!).toBeLessThan(0.05);
    expect(by.nkao!).toBeGreaterThan(300);
    const handover = report.diffs[1]!.transfers.find((t) => t.from === 'armenian-forces' && t.to === 'azerbaijan')!;
    const byH = Object.fromEntries(handover.byRegion.map((r) => [r.region, r.areaKm2]));
    for (const d of ['kalbajar', 'agdam']) expect(rel(byH[d]!, held[d]!)).toBeLessThan(1e-3);
  });

  it('works out every reading of the one-fifth claim from the layers', async () => {
    const [claim] = report.claims;
    expect(claim!.claim.stated).toBe(0.2);
    expect(claim!.readings.length).toBeGreaterThanOrEqual(4);
    for (const r of claim!.readings) {
      expect(r.fraction).toBeCloseTo(r.numeratorKm2 / r.denominatorKm2, 12);
      expect(r.around).toBe(Math.abs(r.fraction - 0.2) <= claim!.claim.tolerance);
    }
    const byId = Object.fromEntries(claim!.readings.map((r) => [r.id, r]));
    // Independent checks of the denominators and of one numerator (GeographicLib on the layers).
    // The model measures its geometry with edges cut to 0.005° (straight in lon/lat, as the
    // overlay reads them), which moves a layer's geodesic-edge area by about 1e-6.
    const control = referenceArea(pack.layer('control-1994').geojson.features[0]!.geometry) / 1e6;
    const nkao = referenceArea(pack.layer('nkao-1991').geojson.features[0]!.geometry) / 1e6;
    const handover = pack.layer('handover-2020').geojson.features.reduce((s, f) => s + referenceArea(f.geometry), 0) / 1e6;
    expect(rel(byId['war-gains-of-all-lost']!.denominatorKm2, control)).toBeLessThan(1e-5);
    expect(rel(byId['nkao-gains-of-nkao']!.denominatorKm2, nkao)).toBeLessThan(1e-5);
    expect(rel(byId['handover-of-all-lost']!.numeratorKm2, handover)).toBeLessThan(1e-5);
  });

  it('prints the tables as text, every figure beside its range and every reading with its verdict', async () => {
    const result = await cli(['report']);
    expect(result.code).toBe(0);
    for (const title of ['Layer areas', 'Control snapshots', 'Diffs', 'Transfers by district', 'Claims']) expect(result.stdout).toContain(title);
    const armenian = report.snapshots.find((s) => s.date === '2020-11-10')!.controllers.find((c) => c.controller === 'armenian-forces')!;
    const km2 = (x: number) => x.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    expect(result.stdout).toMatch(
      new RegExp(`karabakh-2020-11-10 +2020-11-10 +armenian-forces +${km2(armenian.areaKm2)} +${km2(armenian.areaKm2Low)} +${km2(armenian.areaKm2High)}`),
    );
    for (const r of report.claims[0]!.readings) {
      const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
      expect(result.stdout).toContain(`${r.name}`);
      expect(result.stdout).toMatch(new RegExp(`${pct(r.fraction)} +${pct(r.fractionLow)} +${pct(r.fractionHigh)} +${r.verdict}`));
    }
  });

  it('writes one CSV per table with --csv', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'frontline-csv-'));
    expect((await cli(['report', '--csv', dir])).code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['claims.csv', 'diffs.csv', 'layers.csv', 'snapshots.csv', 'transfers.csv']);
    const claims = readFileSync(path.join(dir, 'claims.csv'), 'utf8').trim().split('\n');
    expect(claims[0]).toBe(
      'claim,reading,definition,numerator_km2,numerator_km2_low,numerator_km2_high,denominator_km2,denominator_km2_low,denominator_km2_high,fraction,fraction_low,fraction_high,stated,verdict',
    );
    const readings = report.claims[0]!.readings;
    expect(claims.length).toBe(readings.reduce((n, r) => n + 1 + r.alternatives.length, 0) + 1);
    const snapshotsCsv = readFileSync(path.join(dir, 'snapshots.csv'), 'utf8').trim().split('\n');
    expect(snapshotsCsv[0]).toBe('snapshot,date,controller,area_km2,area_km2_low,area_km2_high');
    const diffsCsv = readFileSync(path.join(dir, 'diffs.csv'), 'utf8').trim().split('\n');
    expect(diffsCsv[0]).toBe('from,to,controller,figure,km2,km2_low,km2_high');
    // every figure of every controller of every diff, one row each
    expect(diffsCsv.length - 1).toBe(report.diffs.reduce((n, d) => n + 6 * d.controllers.length, 0));
  });

  it('adds a snapshot from a file and diffs along a chosen chain', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'frontline-snap-'));
    const file = path.join(dir, 'mine.geojson');
    const fc = snapshots.find((s) => s.id === 'karabakh-2020-12-01')!.toFeatureCollection();
    writeFileSync(file, JSON.stringify({ ...fc, id: 'mine', date: '2021-06-01', label: 'my copy' }));
    const result = await cli(['report', '--json', '--snapshot-file', file, '--chain', 'karabakh-2020-11-10,mine']);
    expect(result.code).toBe(0);
    const mine = JSON.parse(result.stdout) as Report;
    expect(mine.snapshots.map((s) => s.id)).toContain('mine');
    const armenian = mine.diffs[0]!.controllers.find((c) => c.controller === 'armenian-forces')!;
    expect(rel(armenian.lostKm2, report.diffs[1]!.controllers.find((c) => c.controller === 'armenian-forces')!.lostKm2)).toBeLessThan(1e-9);
  });

  describe('bad input: one line on stderr, exit code 2', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'frontline-bad-'));
    const write = (name: string, text: string) => {
      writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };
    const cases: [string, () => string[], RegExp][] = [
      ['unknown snapshot id', () => ['report', '--chain', 'karabakh-1994-05-12,karabakh-1999-01-01'], /UNKNOWN_SNAPSHOT: no snapshot "karabakh-1999-01-01"/],
      ['unreadable snapshot file', () => ['report', '--snapshot-file', path.join(dir, 'missing.geojson')], /FILE_UNREADABLE: .*missing\.geojson: not found/],
      [
        'snapshot file cut short',
        () => ['report', '--snapshot-file', write('cut.geojson', '{"type":"Feature')],
        /FILE_TRUNCATED: .*cut\.geojson: truncated JSON/,
      ],
      [
        'snapshot file that is not a FeatureCollection',
        () => ['report', '--snapshot-file', write('point.geojson', '{"type":"Point","coordinates":[0,0]}')],
        /INVALID_GEOJSON: .*point\.geojson/,
      ],
      [
        'snapshot file with overlapping controllers',
        () => {
          const square = {
            type: 'Polygon',
            coordinates: [
              [
                [46.5, 39.5],
                [46.6, 39.5],
                [46.6, 39.6],
                [46.5, 39.6],
                [46.5, 39.5],
              ],
            ],
          };
          const features = ['a', 'b'].map((controller) => ({ type: 'Feature', properties: { controller }, geometry: square }));
          return ['report', '--snapshot-file', write('overlap.geojson', JSON.stringify({ type: 'FeatureCollection', date: '2021-01-01', features }))];
        },
        /SNAPSHOT_OVERLAP: .*"a" and "b"|SNAPSHOT_OVERLAP: .*a.*b/,
      ],
      ['--json with --csv', () => ['report', '--json', '--csv', dir], /USAGE: --json and --csv/],
    ];
    for (const [what, args, message] of cases) {
      it(what, async () => {
        const result = await cli(args());
        expect(result.code).toBe(2);
        expect(result.stderr.split('\n')).toHaveLength(1);
        expect(result.stderr).toMatch(message);
      });
    }
  });
});

// Not a check of timing (benchmarks do that): the geometry a report returns is never shared with the pack.
it('does not mutate the pack', async () => {
  const before = JSON.stringify(pack.layer('control-1994').geojson);
  diffSnapshots(snapshots[0]!, snapshots[2]!, { regions: karabakhRegions(pack) });
  expect(JSON.stringify(pack.layer('control-1994').geojson)).toBe(before);
});
