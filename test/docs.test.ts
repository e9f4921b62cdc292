import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { shippedPackPath } from '../src/node/paths.js';
import { loadPack } from '../src/model/layer.js';
import { referenceArea } from './support/reference.js';
import { repoRoot } from './support/paths.js';

/** Rows of docs/data.md's area table: `| \`layer\` | feature | km² | ...`. */
function documentedAreas(): { layer: string; feature: string; km2: number }[] {
  const text = readFileSync(path.join(repoRoot, 'docs/data.md'), 'utf8');
  const section = text.slice(text.indexOf('## Areas beside the published figures'), text.indexOf('**Why the NKAO'));
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const cells = line.split('|').map((c) => c.trim());
      return { layer: cells[1]!.replace(/`/g, ''), feature: cells[2]!, km2: Number(cells[3]!.replace(/,/g, '')) };
    });
}

describe('docs/data.md', () => {
  it('tables the areas the pack really has (to the 0.1 km² printed)', () => {
    const pack = loadPack(JSON.parse(readFileSync(shippedPackPath(), 'utf8')));
    const rows = documentedAreas();
    expect(rows.length).toBeGreaterThanOrEqual(10);
    for (const row of rows) {
      const features = pack.layer(row.layer).geojson.features.filter((f) => row.feature === '(all seven)' || f.properties?.name === row.feature);
      expect(features.length, `${row.layer} / ${row.feature}`).toBeGreaterThan(0);
      const km2 = features.reduce((s, f) => s + referenceArea(f.geometry), 0) / 1e6;
      expect(Math.abs(km2 - row.km2), `${row.layer} / ${row.feature}`).toBeLessThanOrEqual(0.05 + 1e-9);
    }
  });

  it('reports the district fitting as the build did', () => {
    const pack = loadPack(JSON.parse(readFileSync(shippedPackPath(), 'utf8')));
    const fit = (pack.build as { districtFit: { name: string; rawKm2: number; rawHeldKm2: number; fittedHeldKm2: number; changeKm2: number }[] }).districtFit;
    const text = readFileSync(path.join(repoRoot, 'docs/data.md'), 'utf8');
    const section = text.slice(text.indexOf('## What fitting the districts changed'));
    for (const d of fit) {
      const line = section.split('\n').find((l) => l.startsWith(`| ${d.name} |`));
      expect(line, d.name).toBeDefined();
      const numbers = line!.split('|').slice(2, 6).map((c) => Number(c.trim().replace(/,/g, '').replace('+', '')));
      [d.rawKm2, d.rawHeldKm2, d.fittedHeldKm2, d.changeKm2].forEach((value, i) => expect(Math.abs(numbers[i]! - value), `${d.name} column ${i}`).toBeLessThanOrEqual(0.05 + 1e-9));
    }
  });
});

describe('README.md', () => {
  it('states each reading of the claim as the report computes it', async () => {
    const { run } = await import('../src/cli/run.js');
    const out: string[] = [];
    expect(await run(['report', '--json'], { stdout: (s) => out.push(s), stderr: () => {} })).toBe(0);
    const readings = (JSON.parse(out.join('\n')) as { claims: { readings: { fraction: number; around: boolean }[] }[] }).claims[0]!.readings;
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('### The "one fifth" claim'));
    const stated = [...table.matchAll(/\| ([\d.]+) %: (not around|around) \|/g)].map((m) => ({ percent: Number(m[1]), around: m[2] === 'around' }));
    expect(stated).toHaveLength(readings.length);
    readings.forEach((r, i) => {
      expect(Math.abs(stated[i]!.percent - r.fraction * 100)).toBeLessThanOrEqual(0.05 + 1e-9);
      expect(stated[i]!.around).toBe(r.around);
    });
  });
});

describe('docs/data.md snapshot table', () => {
  it('gives each snapshot the areas the model computes', async () => {
    const { karabakhSnapshots } = await import('../src/scenarios/karabakh/index.js');
    const snapshots = karabakhSnapshots(loadPack(JSON.parse(readFileSync(shippedPackPath(), 'utf8'))));
    const text = readFileSync(path.join(repoRoot, 'docs/data.md'), 'utf8');
    const section = text.slice(text.indexOf('## Control snapshots'));
    const rows = section.split('\n').filter((l) => /^\| `\d{4}-\d{2}-\d{2}` \|/.test(l));
    expect(rows).toHaveLength(snapshots.length);
    for (const row of rows) {
      const cells = row.split('|').map((c) => c.trim());
      const date = cells[1]!.replace(/`/g, '');
      const s = snapshots.find((x) => x.date === date)!;
      const documented = ['armenian-forces', 'russian-peacekeepers', 'azerbaijan'].map((c, i) => [c, cells[3 + i]!] as const);
      for (const [controller, cell] of documented) {
        if (cell === '') expect(s.has(controller), `${date} ${controller}`).toBe(false);
        else expect(Math.abs(s.areaKm2(controller) - Number(cell.replace(/,/g, ''))), `${date} ${controller}`).toBeLessThanOrEqual(0.05 + 1e-9);
      }
    }
  });
});
