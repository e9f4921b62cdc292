/**
 * The timeline engine on the DeepState sample (114 daily snapshots, ~3,000 vertices each),
 * beside GEOS (shapely, through /usr/bin/python3, when installed) and Turf on the same
 * day-to-day pairs, all in the same run; then the sample repeated to 2× and 4× its length,
 * each length in a fresh process, to show how time and peak memory grow.
 *
 * frontline's time is the whole job: reading and parsing every file, every area, every diff
 * (what `frontline timeline <dir> --csv out.csv` does, in one process, on one thread).
 * GEOS's and Turf's are the diffs alone (`difference` both ways per pair), with the files
 * already parsed. Turf takes tens of seconds for all pairs, so it runs on every 8th pair and
 * its time is scaled to all 113 (said so in the output).
 *
 * Run: npm run bench:timeline
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import * as turf from '@turf/turf';
import { build } from 'esbuild';
import { run as timeline } from '../../src/cli/commands/timeline.js';
import { difference } from '../../src/kernel/overlay.js';
import { geosTimelineDiffs } from './support.js';

const here = fileURLToPath(import.meta.url);
const repoRoot = path.resolve(path.dirname(here), '../..');
const samplesDir = process.env.FRONTLINE_SAMPLES ?? path.resolve(repoRoot, '../shared/data/samples');
const sampleDir = path.join(samplesDir, 'deepstate');
const quiet = { stdout: () => {}, stderr: (s: string) => console.error(s) };

/** What test/bench/timeline-child.ts reports. */
interface RunResult {
  wallMs: number;
  cpuMs: number;
  maxRssMB: number;
  snapshots: number;
}

/** One timeline run over `dir` in this process: wall and CPU time. */
async function runOnce(dir: string, extra: string[] = []): Promise<{ wallMs: number; cpuMs: number }> {
  const out = path.join(os.tmpdir(), `frontline-bench-${process.pid}.csv`);
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  await timeline([dir, '--csv', out, '--quiet', ...extra], quiet);
  const wallMs = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  rmSync(out, { force: true });
  return { wallMs, cpuMs: (used.user + used.system) / 1000 };
}

/**
 * The child script and the worker script bundled as the built CLI ships them (plain
 * JavaScript, worker beside it), so that fresh processes pay for no TypeScript compiling.
 */
async function bundleChild(): Promise<string> {
  const outdir = mkdtempSync(path.join(os.tmpdir(), 'frontline-bench-bundle-'));
  await build({
    entryPoints: { 'timeline-child': path.join(repoRoot, 'test/bench/timeline-child.ts'), 'timeline-worker': path.join(repoRoot, 'src/cli/timeline-worker.ts') },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
    // CommonJS dependencies inside an ES module bundle need a require.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  return outdir;
}

function child(bundle: string, dir: string, extra: string[] = []): RunResult {
  const p = spawnSync(process.execPath, [path.join(bundle, 'timeline-child.js'), dir, ...extra], { encoding: 'utf8', cwd: repoRoot });
  if (p.status !== 0) throw new Error(`bench child failed: ${p.stderr}`);
  return JSON.parse(p.stdout) as RunResult;
}

/** The sample repeated `times` times under new names with consecutive dates (symbolic links). */
function repeated(times: number): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `frontline-bench-${times}x-`));
  const files = readdirSync(sampleDir).filter((f) => f.endsWith('.geojson')).sort();
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

const ms = (x: number): string => `${x.toFixed(0).padStart(7)} ms`;

// --- frontline, this process: the first run (cold JIT) and the best of five after it ---
const first = await runOnce(sampleDir);
const warm: { wallMs: number; cpuMs: number }[] = [];
for (let i = 0; i < 5; i++) warm.push(await runOnce(sampleDir));
const best = warm.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));

// --- GEOS through shapely ---
const geosRun = geosTimelineDiffs(sampleDir);
const geos = 'unavailable' in geosRun ? undefined : geosRun;
const geosNote = 'unavailable' in geosRun ? `GEOS skipped: ${geosRun.unavailable}` : '';

// --- Turf and frontline's full overlay on the same pairs, every 8th pair, scaled to all ---
const geometries = readdirSync(sampleDir)
  .filter((f) => f.endsWith('.geojson'))
  .sort()
  .map((f) => (JSON.parse(readFileSync(path.join(sampleDir, f), 'utf8')) as FeatureCollection<MultiPolygon>).features[0]!.geometry);
const pairs = geometries.length - 1;
const sampled = Array.from({ length: pairs }, (_, i) => i).filter((i) => i % 8 === 0);
const timePairs = (diff: (a: MultiPolygon, b: MultiPolygon) => void): { wallMs: number; cpuMs: number } => {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  for (const i of sampled) diff(geometries[i]!, geometries[i + 1]!);
  const wall = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  return { wallMs: (wall * pairs) / sampled.length, cpuMs: ((used.user + used.system) / 1000) * (pairs / sampled.length) };
};
const asFeature = (g: MultiPolygon | Polygon): Feature<MultiPolygon | Polygon> => turf.feature(g);
const turfTime = timePairs((a, b) => {
  turf.difference(turf.featureCollection([asFeature(b), asFeature(a)]));
  turf.difference(turf.featureCollection([asFeature(a), asFeature(b)]));
});
const overlayTime = timePairs((a, b) => {
  difference(b, a);
  difference(a, b);
});

// --- growth: 1x, 2x, 4x the sample, each in a fresh process ---
const bundle = await bundleChild();
const growth: [string, RunResult][] = [];
const dirs: string[] = [];
for (const times of [1, 2, 4]) {
  const dir = times === 1 ? sampleDir : repeated(times);
  if (times > 1) dirs.push(dir);
  growth.push([`${times}x`, child(bundle, dir)]);
}
const parallel = child(bundle, dirs[dirs.length - 1]!, ['--workers', '2']);
for (const dir of [...dirs, bundle]) rmSync(dir, { recursive: true, force: true });

console.log(`Timeline of the DeepState sample: ${geometries.length} daily snapshots, ${pairs} day-to-day pairs (${os.cpus().length} CPUs, Node ${process.version})\n`);
console.log('                                                          wall        CPU');
console.log(`frontline: read + areas + all diffs, first run        ${ms(first.wallMs)} ${ms(first.cpuMs)}`);
console.log(`frontline: read + areas + all diffs, best of 5 after  ${ms(best.wallMs)} ${ms(best.cpuMs)}`);
if (geos) {
  console.log(`GEOS (shapely) difference both ways, ${geos.pairs} pairs       ${ms(geos.wallMs)} ${ms(geos.cpuMs)}`);
} else console.log(geosNote);
console.log(`turf.difference both ways, ${sampled.length} of ${pairs} pairs, scaled  ${ms(turfTime.wallMs)} ${ms(turfTime.cpuMs)}`);
console.log(`frontline full overlay (kernel difference), ${sampled.length} pairs, scaled ${ms(overlayTime.wallMs)} ${ms(overlayTime.cpuMs)}`);
console.log('');
const ratio = (peer: number, mine: number): string => `${(peer / mine).toFixed(1)}x`;
if (geos) {
  console.log(`GEOS pairwise / frontline whole job:  ${ratio(geos.wallMs, best.wallMs)} (wall, best run), ${ratio(geos.cpuMs, best.cpuMs)} (CPU), ${ratio(geos.wallMs, first.wallMs)} (wall, first run); goal 10x -> ${geos.wallMs / best.wallMs >= 10 ? 'met' : 'NOT met'}`);
}
console.log(`Turf pairwise / frontline whole job:  ${ratio(turfTime.wallMs, best.wallMs)} (wall)${geos ? `; Turf / GEOS ${ratio(turfTime.wallMs, geos.wallMs)}` : ''}`);
console.log('');
console.log('Growth, each in a fresh process running the bundled CLI code (first run, cold JIT included):');
console.log('length  snapshots     wall      CPU   ms/snapshot   peak RSS');
for (const [label, r] of growth) {
  console.log(`${label.padEnd(6)}  ${String(r.snapshots).padStart(9)} ${ms(r.wallMs)} ${ms(r.cpuMs)}   ${(r.wallMs / r.snapshots).toFixed(2).padStart(11)}   ${r.maxRssMB.toFixed(0).padStart(5)} MB`);
}
console.log(`4x on 2 worker threads  ${ms(parallel.wallMs)} wall, ${ms(parallel.cpuMs)} CPU, peak RSS ${parallel.maxRssMB.toFixed(0)} MB`);
const [, one] = growth[0]!;
const [, four] = growth[2]!;
console.log(`peak RSS for the sample: ${one.maxRssMB.toFixed(0)} MB (goal under 300 MB -> ${one.maxRssMB < 300 ? 'met' : 'NOT met'}); 4x the snapshots: ${(four.wallMs / one.wallMs).toFixed(2)}x the time, ${(four.maxRssMB / one.maxRssMB).toFixed(2)}x the peak RSS`);
