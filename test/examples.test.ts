import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { shippedPackPath } from '../src/node/paths.js';
import { loadPack } from '../src/model/layer.js';
import { repoRoot } from './support/paths.js';
import { referenceArea } from './support/reference.js';

/** Runs an example as its header says a reader would, with its output in a fresh folder. */
function runExample(name: string): { stdout: string; out: string } {
  const out = mkdtempSync(path.join(os.tmpdir(), `frontline-example-${name}-`));
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join('docs/examples', `${name}.ts`)], {
    cwd: repoRoot,
    env: { ...process.env, FRONTLINE_EXAMPLES_OUT: out },
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return { stdout: result.stdout, out };
}

const km2 = (text: string) => Number(text.replace(/,/g, ''));

describe('docs/examples', () => {
  it('lists one test per example', () => {
    expect(
      readdirSync(path.join(repoRoot, 'docs/examples'))
        .filter((f) => f.endsWith('.ts'))
        .sort(),
    ).toEqual(['areas.ts', 'web-map.ts']);
  });

  it('areas.ts prints layer areas, the diffs and a reading of the claim, and draws the map', () => {
    const { stdout, out } = runExample('areas');
    const pack = loadPack(JSON.parse(readFileSync(shippedPackPath(), 'utf8')));
    // Layer areas as printed, checked against GeographicLib (one feature each).
    for (const id of ['nkao-1991', 'control-1994']) {
      const line = stdout.split('\n').find((l) => l.startsWith(`${id}: `) && l.includes('(ellipsoidal); spherical'))!;
      expect(line, id).toBeDefined();
      const printed = km2(/^[^:]+: ([\d,.]+) km²/.exec(line)![1]!);
      expect(Math.abs(printed - referenceArea(pack.layer(id).geojson.features[0]!.geometry) / 1e6), id).toBeLessThanOrEqual(0.05 + 1e-9);
    }
    expect(stdout).toMatch(/^## 1994-05-12 → 2020-11-10$/m);
    expect(stdout).toMatch(/^ {2}armenian-forces → azerbaijan: [\d,.]+ km² \(.*former NKAO [\d,.]+\)$/m);
    expect(stdout).toMatch(/^ {2}armenian-forces → russian-peacekeepers: [\d,.]+ km² \(Lachin [\d,.]+\)$/m);
    const reading = /^## One reading of "one fifth": ([\d,.]+) \/ ([\d,.]+) km² = ([\d.]+) %$/m.exec(stdout)!;
    expect(Math.abs((km2(reading[1]!) / km2(reading[2]!)) * 100 - Number(reading[3]))).toBeLessThan(0.1);
    const map = readFileSync(path.join(out, 'changes-2020.svg'), 'utf8');
    expect(map.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(map).toContain('Who gained what, 1994 → 10 Nov 2020 → 1 Dec 2020');
  });

  it('web-map.ts writes the pack in well under 100 kB and reads it back', () => {
    const { stdout, out } = runExample('web-map');
    const sizes = [...stdout.matchAll(/^pack-(\d+)m\.topojson: ([\d,]+) bytes$/gm)].map((m) => km2(m[2]!));
    expect(sizes).toHaveLength(3);
    expect(Math.max(...sizes)).toBeLessThan(100_000);
    expect(stdout).toMatch(/^read back: nkao-1991, control-1994, /m);
    expect(stdout).toContain('districts: Kalbajar, Lachin, Qubadli, Zangilan, Jabrayil, Fuzuli, Agdam');
    const csv = readFileSync(path.join(out, 'karabakh-1994-2020.csv'), 'utf8');
    expect(csv.split('\n')[0]).toBe('feature,change,from,to,areaKm2,fromSnapshot,fromDate,toSnapshot,toDate,method,area_km2');
  });
});
