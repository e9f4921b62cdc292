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
      const numbers = line!
        .split('|')
        .slice(2, 6)
        .map((c) => Number(c.trim().replace(/,/g, '').replace('+', '')));
      [d.rawKm2, d.rawHeldKm2, d.fittedHeldKm2, d.changeKm2].forEach((value, i) =>
        expect(Math.abs(numbers[i]! - value), `${d.name} column ${i}`).toBeLessThanOrEqual(0.05 + 1e-9),
      );
    }
  });
});

describe('README.md', () => {
  it('states each reading of the claim as the report computes it', async () => {
    const { run } = await import('../src/cli/run.js');
    const out: string[] = [];
    expect(await run(['report', '--json'], { stdout: (s) => out.push(s), stderr: () => {} })).toBe(0);
    type Reading = { fraction: number; fractionLow: number; fractionHigh: number; verdict: string };
    const readings = (JSON.parse(out.join('\n')) as { claims: { readings: Reading[] }[] }).claims[0]!.readings;
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('### The "one fifth" claim'));
    const stated = [...table.matchAll(/\| ([\d.]+) % \(([\d.]+)–([\d.]+) %\): (not around|around|depends) \|/g)].map((m) => ({
      percent: [Number(m[1]), Number(m[2]), Number(m[3])],
      verdict: m[4],
    }));
    expect(stated).toHaveLength(readings.length);
    readings.forEach((r, i) => {
      [r.fraction, r.fractionLow, r.fractionHigh].forEach((x, j) =>
        expect(Math.abs(stated[i]!.percent[j]! - x * 100), `reading ${i}, figure ${j}`).toBeLessThanOrEqual(0.05 + 1e-9),
      );
      expect(stated[i]!.verdict).toBe(r.verdict);
    });
  });
});

/** A documented figure: `8,058.3` or `8,058.3 (7,588.5–8,519.3)`; a figure without a range has none. */
function documentedFigure(cell: string): { value: number; low: number; high: number } {
  const m = /^([\d,.]+)(?: \(([\d,.]+)–([\d,.]+)\))?$/.exec(cell.trim());
  if (!m) throw new Error(`not a figure: "${cell}"`);
  const n = (x: string) => Number(x.replace(/,/g, ''));
  const value = n(m[1]!);
  return m[2] === undefined ? { value, low: value, high: value } : { value, low: n(m[2]), high: n(m[3]!) };
}
const near = (documented: { value: number; low: number; high: number }, actual: { value: number; low: number; high: number }, what: string) => {
  expect(Math.abs(documented.value - actual.value), `${what} value`).toBeLessThanOrEqual(0.05 + 1e-9);
  expect(Math.abs(documented.low - actual.low), `${what} low`).toBeLessThanOrEqual(0.05 + 1e-9);
  expect(Math.abs(documented.high - actual.high), `${what} high`).toBeLessThanOrEqual(0.05 + 1e-9);
};

describe('docs/data.md published figures', () => {
  it('gives each quantity as the library computes it, with its range', async () => {
    const { karabakhSnapshot, karabakhClaim } = await import('../src/scenarios/karabakh/index.js');
    const pack = loadPack(JSON.parse(readFileSync(shippedPackPath(), 'utf8')));
    const readings = Object.fromEntries(karabakhClaim(pack).readings.map((r) => [r.id, r]));
    const text = readFileSync(path.join(repoRoot, 'docs/data.md'), 'utf8');
    const section = text.slice(text.indexOf('## Published figures beside ours'));
    const rows = section.split('\n').filter((l) => /^\| [^|]+ \| `[^`]+` \|/.test(l));
    expect(rows.length).toBeGreaterThanOrEqual(7);
    for (const row of rows) {
      const cells = row.split('|').map((c) => c.trim());
      const key = cells[2]!.replace(/`/g, '');
      const documented = documentedFigure(cells[3]!);
      let actual: { value: number; low: number; high: number };
      if (key.startsWith('reading:')) {
        const r = readings[key.slice('reading:'.length)]!;
        actual = { value: r.fraction * 100, low: r.fractionLow * 100, high: r.fractionHigh * 100 };
      } else if (key.startsWith('remainder@')) {
        const s = karabakhSnapshot(key.slice('remainder@'.length), pack);
        const whole = karabakhSnapshot('1994-05-12', pack).areaKm2('armenian-forces');
        const [a, p] = [s.areaRangeKm2('armenian-forces'), s.areaRangeKm2('russian-peacekeepers')];
        actual = { value: ((a.value + p.value) / whole) * 100, low: ((a.low + p.low) / whole) * 100, high: ((a.high + p.high) / whole) * 100 };
      } else {
        const [controller, date] = key.split('@') as [string, string];
        actual = karabakhSnapshot(date, pack).areaRangeKm2(controller);
      }
      near(documented, actual, key);
    }
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
        else near(documentedFigure(cell), s.areaRangeKm2(controller), `${date} ${controller}`);
      }
    }
  });
});
