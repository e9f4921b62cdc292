/**
 * The timeline engine on the DeepState sample (114 daily snapshots, ~3,000 vertices each) and on
 * the sample repeated 4× (456 files with shifted dates, symbolic links in a temporary folder),
 * beside the floor and GEOS, all in the same run:
 *
 * - floor: reading and `JSON.parse` of the same files, one thread, in a fresh process (the time
 *   no reader of these files can beat on one thread);
 * - frontline cold: `node dist/cli/main.js timeline DIR --csv FILE` in a fresh process, end to
 *   end (start-up, module loading, the JIT warming up, reading, every area and diff, writing);
 *   without reader threads (`--readers 0`, the default) and with one (`--readers 1`);
 * - frontline warm: the same job run again in one process, best of 5 (the JIT warm);
 * - frontline with regions: cold, `--regions` Natural Earth's countries by `ADMIN`;
 * - GEOS (shapely, /usr/bin/python3): `difference` both ways on every consecutive pair of
 *   already parsed geometries, the diffs alone.
 *
 * The machine it runs on is shared, so every cold measure is taken five times, interleaved with
 * the others, and the median printed (with the spread); wall and CPU (user + system) times.
 *
 * Run: npm run build && npm run bench:timeline
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run as timeline } from '../../src/cli/commands/timeline.js';
import { geosTimelineDiffs } from './support.js';

const here = fileURLToPath(import.meta.url);
const repoRoot = path.resolve(path.dirname(here), '../..');
const samplesDir = process.env.FRONTLINE_SAMPLES ?? path.resolve(repoRoot, '../shared/data/samples');
const sampleDir = path.join(samplesDir, 'deepstate');
const countries = path.resolve(samplesDir, '../upstream/natural-earth/ne_50m_admin_0_countries.json');
const cli = path.join(repoRoot, 'dist', 'cli', 'main.js');
if (!existsSync(cli)) throw new Error(`${cli} not found: npm run build first`);
const RUNS = Number(process.env.FRONTLINE_BENCH_RUNS ?? 5);

interface Measure {
  wallMs: number;
  cpuMs: number;
  maxRssMB: number;
}

/** A fresh process, timed from outside: wall, CPU of the process and its threads, peak RSS. */
function fresh(args: string[]): Measure {
  // resourceUsage of the child: measured with /usr/bin/time when present, else wall only.
  if (existsSync('/usr/bin/time')) {
    const t0 = performance.now();
    const p = spawnSync('/usr/bin/time', ['-f', '%U %S %M', process.execPath, ...args], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
    const wallMs = performance.now() - t0;
    if (p.status !== 0) throw new Error(`failed: ${args.join(' ')}\n${p.stderr}`);
    const [user, system, rssKB] = p.stderr.trim().split('\n').pop()!.split(' ').map(Number) as [number, number, number];
    return { wallMs, cpuMs: (user + system) * 1000, maxRssMB: rssKB / 1024 };
  }
  const t0 = performance.now();
  const p = spawnSync(process.execPath, args, { stdio: 'ignore' });
  if (p.status !== 0) throw new Error(`failed: ${args.join(' ')}`);
  return { wallMs: performance.now() - t0, cpuMs: Number.NaN, maxRssMB: Number.NaN };
}

const floorScript = `
const { readdirSync, readFileSync } = require('node:fs');
const path = require('node:path');
const dir = process.argv[1];
for (const f of readdirSync(dir).sort()) if (/\\.(geo|topo)?json$/.test(f)) JSON.parse(readFileSync(path.join(dir, f), 'utf8'));
`;

/** The sample repeated `times` times under new names with consecutive dates (symbolic links). */
function repeated(times: number): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `frontline-bench-${times}x-`));
  const files = readdirSync(sampleDir)
    .filter((f) => f.endsWith('.geojson'))
    .sort();
  const start = Date.UTC(2024, 6, 8);
  let day = 0;
  for (let k = 0; k < times; k++) {
    for (const f of files) {
      const date = new Date(start + day++ * 86400000).toISOString().slice(0, 10).replaceAll('-', '');
      symlinkSync(path.join(sampleDir, f), path.join(dir, `deepstate_${date}.geojson`));
    }
  }
  return dir;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const out = path.join(os.tmpdir(), `frontline-bench-${process.pid}.csv`);

function geos(dir: string): Measure | undefined {
  const run = geosTimelineDiffs(dir);
  return 'unavailable' in run ? undefined : { ...run, maxRssMB: 0 };
}

async function warm(dir: string, extra: string[] = []): Promise<Measure> {
  const runs: Measure[] = [];
  for (let i = 0; i < 6; i++) {
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    await timeline([dir, '--csv', out, '--quiet', '--readers', '0', ...extra], { stdout: () => {}, stderr: (s) => console.error(s) });
    const used = process.cpuUsage(cpu);
    runs.push({ wallMs: performance.now() - t0, cpuMs: (used.user + used.system) / 1000, maxRssMB: 0 });
  }
  return runs.slice(1).reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
}

const four = repeated(4);
const series: [string, string][] = [
  ['114 days', sampleDir],
  ['456 days', four],
];
const kinds: [string, (dir: string) => string[]][] = [
  ['floor: read + JSON.parse', (dir) => ['-e', floorScript, dir]],
  ['frontline cold, --readers 0', (dir) => [cli, 'timeline', dir, '--csv', out, '--quiet', '--readers', '0']],
  ['frontline cold, --readers 1', (dir) => [cli, 'timeline', dir, '--csv', out, '--quiet', '--readers', '1']],
  ['frontline cold, regions', (dir) => [cli, 'timeline', dir, '--csv', out, '--quiet', '--readers', '0', '--regions', countries, '--region-property', 'ADMIN']],
];
const results = new Map<string, Measure[]>();
for (let run = 0; run < RUNS; run++) {
  for (const [label, dir] of series) {
    for (const [kind, args] of kinds) {
      const key = `${label}|${kind}`;
      results.set(key, [...(results.get(key) ?? []), fresh(args(dir))]);
    }
  }
}
const warmRuns = new Map<string, Measure>();
const warmRegions = new Map<string, Measure>();
for (const [label, dir] of series) {
  warmRuns.set(label, await warm(dir));
  warmRegions.set(label, await warm(dir, ['--regions', countries, '--region-property', 'ADMIN']));
}
const geosRuns = new Map(series.map(([label, dir]) => [label, geos(dir)] as const));
rmSync(four, { recursive: true, force: true });
rmSync(out, { force: true });

const ms = (x: number): string => `${x.toFixed(0).padStart(6)} ms`;
console.log(
  `Timeline of the DeepState sample and of it repeated 4×: median of ${RUNS} fresh processes each, interleaved (${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(1)}, Node ${process.version})\n`,
);
for (const [label] of series) {
  console.log(`${label}                                wall (min–max)              CPU      peak RSS   wall ÷ floor`);
  const floor = median(results.get(`${label}|${kinds[0]![0]}`)!.map((m) => m.wallMs));
  for (const [kind] of kinds) {
    const list = results.get(`${label}|${kind}`)!;
    const wall = list.map((m) => m.wallMs);
    console.log(
      `  ${kind.padEnd(30)} ${ms(median(wall))} (${Math.min(...wall).toFixed(0)}–${Math.max(...wall).toFixed(0)})  ${ms(median(list.map((m) => m.cpuMs)))}  ${median(
        list.map((m) => m.maxRssMB),
      )
        .toFixed(0)
        .padStart(5)} MB   ${(median(wall) / floor).toFixed(2)}`,
    );
  }
  const w = warmRuns.get(label)!;
  const wr = warmRegions.get(label)!;
  console.log(`  ${'frontline warm (best of 5)'.padEnd(30)} ${ms(w.wallMs)}                ${ms(w.cpuMs)}`);
  console.log(
    `  ${'frontline warm, regions'.padEnd(30)} ${ms(wr.wallMs)}                ${ms(wr.cpuMs)}            regions add ${(((wr.wallMs - w.wallMs) / w.wallMs) * 100).toFixed(0)} % warm`,
  );
  const g = geosRuns.get(label);
  console.log(
    g
      ? `  ${'GEOS difference both ways'.padEnd(30)} ${ms(g.wallMs)}                ${ms(g.cpuMs)}   (the diffs alone, files already parsed)`
      : '  GEOS skipped (/usr/bin/python3 with shapely not found)',
  );
  console.log('');
}
