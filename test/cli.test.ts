import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/run.js';
import { readFileSync } from 'node:fs';
import { shippedPackPath } from '../src/node/paths.js';
import { loadPack } from '../src/model/layer.js';
import { referenceArea } from './support/reference.js';
import { repoRoot, upstreamDir } from './support/paths.js';

async function cli(args: string[], env: Record<string, string> = {}) {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  const stdout: string[] = [];
  const stderr: string[] = [];
  try {
    const code = await run(args, { stdout: (s) => stdout.push(s), stderr: (s) => stderr.push(s) });
    return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
  } finally {
    process.env = saved;
  }
}

/** An upstream directory of links to the real files, with one of them replaced or removed. */
function upstreamWith(replace: string, content: string | null): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'frontline-upstream-'));
  for (const sub of readdirSync(upstreamDir)) {
    mkdirSync(path.join(dir, sub));
    for (const file of readdirSync(path.join(upstreamDir, sub))) {
      const rel = `${sub}/${file}`;
      if (rel === replace) {
        if (content !== null) writeFileSync(path.join(dir, rel), content);
      } else symlinkSync(path.join(upstreamDir, rel), path.join(dir, rel));
    }
  }
  return dir;
}

describe('frontline areas', () => {
  it('prints every layer and feature as JSON rows, layer totals with feature null', async () => {
    const result = await cli(['areas', '--json']);
    expect(result.code).toBe(0);
    const rows = JSON.parse(result.stdout) as { layer: string; feature: string | null; areaKm2: number; method: string }[];
    const pack = loadPack(JSON.parse(readFileSync(shippedPackPath(), 'utf8')));
    for (const layer of pack.layers) {
      const mine = rows.filter((r) => r.layer === layer.meta.id);
      expect(mine.filter((r) => r.feature === null)).toHaveLength(1);
      expect(mine.length).toBe(layer.geojson.features.length + 1);
      for (const f of layer.geojson.features) {
        const row = mine.find((r) => r.feature === f.properties?.name)!;
        expect(row.method).toBe('ellipsoidal');
        const expected = referenceArea(f.geometry) / 1e6;
        expect(Math.abs(row.areaKm2 - expected)).toBeLessThanOrEqual(1e-9 * Math.max(expected, 1));
      }
      for (const r of mine) expect(Object.keys(r).sort()).toEqual(['areaKm2', 'feature', 'layer', 'method']);
    }
  });

  it('prints a table naming the method', async () => {
    const result = await cli(['areas']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/nkao-1991/);
    expect(result.stdout).toMatch(/ellipsoidal/);
    expect((await cli(['areas', '--spherical'])).stdout).toMatch(/spherical/);
  });
});

describe('CLI errors: one line on stderr, exit code 2', () => {
  const cases: [string, string[], Record<string, string>, RegExp][] = [
    ['unknown command', ['conquer'], {}, /USAGE: unknown command "conquer"/],
    ['unknown option', ['areas', '--acres'], {}, /USAGE: .*acres/],
    ['missing pack file', ['areas', '--pack', '/nonexistent/pack.json'], {}, /PACK_MISSING: \/nonexistent\/pack.json/],
    [
      'missing upstream file',
      ['build-data', '--out', path.join(os.tmpdir(), 'frontline-never.json')],
      { FRONTLINE_UPSTREAM: upstreamWith('natural-earth/ne_10m_admin_0_disputed_areas.json', null) },
      /UPSTREAM_MISSING: .*ne_10m_admin_0_disputed_areas\.json: not found/,
    ],
    [
      'upstream file cut short',
      ['build-data', '--out', path.join(os.tmpdir(), 'frontline-never.json')],
      { FRONTLINE_UPSTREAM: upstreamWith('geoboundaries/geoBoundaries-AZE-ADM2.geojson', '{"type": "FeatureColl') },
      /FILE_TRUNCATED: .*geoBoundaries-AZE-ADM2\.geojson: truncated JSON/,
    ],
    [
      'upstream file without the expected features',
      ['build-data', '--out', path.join(os.tmpdir(), 'frontline-never.json')],
      { FRONTLINE_UPSTREAM: upstreamWith('natural-earth/ne_10m_admin_0_disputed_areas.json', '{"type":"FeatureCollection","features":[]}') },
      /UPSTREAM_MALFORMED: natural-earth\/ne_10m_admin_0_disputed_areas\.json: expected a feature with BRK_NAME "Nagorno-Karabakh"/,
    ],
  ];
  for (const [what, args, env, message] of cases) {
    it(what, async () => {
      const result = await cli(args, env);
      expect(result.code).toBe(2);
      expect(result.stderr.split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/^frontline: [A-Z_]+: /);
      expect(result.stderr).toMatch(message);
    });
  }

  it('prints no stack trace from the real process', async () => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/cli/main.ts'), 'areas', '--pack', '/nonexistent.json'], {
      encoding: 'utf8',
      cwd: repoRoot,
    });
    expect(child.status).toBe(2);
    expect(child.stderr.trim().split('\n')).toHaveLength(1);
    expect(child.stderr).not.toMatch(/\n\s+at /);
  });
});
