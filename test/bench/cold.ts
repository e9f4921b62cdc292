/**
 * The CLI as a user runs it, each run a fresh process of the built CLI (dist/, `npm run build`):
 *
 * - `frontline timeline DIR --csv FILE --quiet` on the DeepState sample (114 daily files) and on
 *   the sample four times over (456 days, written to a temporary folder with dates that follow
 *   on), beside the floor any implementation pays on one thread: a fresh Node process that only
 *   reads and parses the same files. On the sample, also beside GEOS's differences between
 *   consecutive days (shapely, the files already parsed), when shapely is installed.
 * - `frontline report` beside `node -e 0` plus the report's time in a warm process: the CLI's own
 *   `run` with the shipped pack read from its file, so that every run builds the snapshots and
 *   the report again as a cold process must (without `--pack` a warm process answers from the
 *   report it keeps for the shipped pack, a few milliseconds that are not the report's work).
 *
 * Two readings of "time", both printed with their ratios. Wall time is what the budget speaks
 * of: the job end to end against the single-thread time to read and parse, and parsing may run
 * on worker threads, which only pays in wall time. CPU time (user and system, all threads, from
 * process start to exit) says whether the work itself got smaller, and on a shared machine it
 * is the steadier of the two: the wall clock also counts the time a process waited for a core.
 * The programs take turns, round after round; each ratio is taken within a round and its median
 * reported.
 *
 * Run: npx tsx test/bench/cold.ts [rounds]   (after npm run build)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { fmtMs, geosTimelineDiffs, isMain, median, repoRoot, samplesDir, timeNodeProcess, type ProcessTime } from './support.js';

const cli = path.join(repoRoot, 'dist', 'cli', 'main.js');
const SNAPSHOT = /\.(geo|topo)?json$/;

function medians(runs: ProcessTime[]): ProcessTime {
  return {
    wallMs: median(runs.map((r) => r.wallMs)),
    cpuMs: median(runs.map((r) => r.cpuMs)),
    peakRssMB: Math.max(...runs.map((r) => r.peakRssMB)),
  };
}

/** Runs each program once a round, in a rotating order; every run of each program. */
function takeTurns(programs: string[][], rounds: number): ProcessTime[][] {
  const runs = programs.map((): ProcessTime[] => []);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < programs.length; k++) {
      const i = (round + k) % programs.length;
      runs[i]!.push(timeNodeProcess(programs[i]!));
    }
  }
  return runs;
}

/** A ratio of CPU times and one of wall times. */
export interface Ratios {
  cpu: number;
  wall: number;
}

/** Medians over rounds of a / b, each round's runs divided. */
function roundRatios(a: ProcessTime[], b: ProcessTime[]): Ratios {
  return {
    cpu: median(a.map((r, i) => r.cpuMs / b[i]!.cpuMs)),
    wall: median(a.map((r, i) => r.wallMs / b[i]!.wallMs)),
  };
}

export interface TimelineColdSet {
  label: string;
  files: number;
  timeline: ProcessTime;
  /** A fresh process reading and parsing the same files on one thread. */
  floor: ProcessTime;
  /** timeline / floor. */
  ratio: Ratios;
  /** The best a fresh process could do if it started with the job's code already compiled. */
  compiled: CompiledBound;
}

/**
 * A fresh process pays Node's start, the loading of the command's modules, and the job; and
 * run cold, the job also pays V8 for compiling its hot code as it runs. Without that last part
 * (the same job in a process that has run it before) it would take `totalMs`: a lower bound on
 * any fresh process of this code, however its work were scheduled on one thread.
 */
export interface CompiledBound {
  /** `node -e 0`, wall (median). */
  nodeMs: number;
  /** Importing the timeline command and everything it loads in a fresh process, wall (median). */
  loadMs: number;
  /** The whole job (reading, parsing, every area and diff, writing) in a warm process, wall (median). */
  warmJobMs: number;
  totalMs: number;
  /** totalMs / the floor's wall time. */
  ratio: number;
}

export interface TimelineCold {
  sets: TimelineColdSet[];
  geos: { wallMs: number; cpuMs: number; pairs: number } | null;
  geosNote: string | null;
  rounds: number;
}

const LOAD_SCRIPT = 'const t0 = performance.now();\nawait import(process.argv[2]);\nconsole.log(performance.now() - t0);\n';

/** Wall time (ms) of importing the timeline command in a fresh process, median of `rounds`. */
function commandLoadMs(script: string, rounds: number): number {
  const command = pathToFileURL(path.join(repoRoot, 'dist', 'cli', 'commands', 'timeline.js')).href;
  const runs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const child = spawnSync(process.execPath, [script, command], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`loading the timeline command failed: ${child.stderr}`);
    runs.push(Number(child.stdout.trim()));
  }
  return median(runs);
}

/**
 * A CLI job run again and again in this process through the built CLI's `run`, the first run
 * only warming it: medians of wall and CPU time (ms) of the next `rounds`.
 */
async function warmRuns(args: string[], rounds: number): Promise<{ cpuMs: number; wallMs: number }> {
  const { run } = (await import(pathToFileURL(path.join(repoRoot, 'dist', 'cli', 'run.js')).href)) as {
    run: (argv: string[], out: { stdout: (s: string) => void; stderr: (s: string) => void }) => Promise<number>;
  };
  const quiet = { stdout: () => {}, stderr: () => {} };
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i <= rounds; i++) {
    const start = process.cpuUsage();
    const t0 = performance.now();
    if ((await run(args, quiet)) !== 0) throw new Error(`frontline ${args.join(' ')} failed`);
    const used = process.cpuUsage(start);
    if (i === 0) continue;
    wall.push(performance.now() - t0);
    cpu.push((used.user + used.system) / 1000);
  }
  return { cpuMs: median(cpu), wallMs: median(wall) };
}

const FLOOR_SCRIPT =
  "import { readdirSync, readFileSync } from 'node:fs';\nimport path from 'node:path';\nconst dir = process.argv[2];\nfor (const f of readdirSync(dir).filter((f) => /\\.(geo|topo)?json$/.test(f)).sort()) JSON.parse(readFileSync(path.join(dir, f), 'utf8'));\n";

/** The sample's files `times` over, named with one date after another from its first. */
function repeatedSample(sample: string, times: number, into: string): string {
  const names = readdirSync(sample)
    .filter((f) => SNAPSHOT.test(f))
    .sort();
  const first = /(\d{4})(\d{2})(\d{2})/.exec(names[0]!)!;
  const day0 = Date.UTC(Number(first[1]), Number(first[2]) - 1, Number(first[3]));
  mkdirSync(into);
  for (let k = 0; k < times * names.length; k++) {
    const date = new Date(day0 + k * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
    writeFileSync(path.join(into, `deepstatemap_data_${date}.geojson`), readFileSync(path.join(sample, names[k % names.length]!)));
  }
  return into;
}

export async function measureTimelineCold(rounds = 5): Promise<TimelineCold | { missing: string }> {
  const sample = path.join(samplesDir, 'deepstate');
  if (!existsSync(sample)) return { missing: `DeepState sample missing: ${sample} (set FRONTLINE_SAMPLES)` };
  if (!existsSync(cli)) return { missing: `${cli} missing: run npm run build` };
  const work = mkdtempSync(path.join(os.tmpdir(), 'frontline-bench-cold-'));
  const floorScript = path.join(work, 'floor.mjs');
  writeFileSync(floorScript, FLOOR_SCRIPT);
  const loadScript = path.join(work, 'load.mjs');
  writeFileSync(loadScript, LOAD_SCRIPT);
  try {
    const dirs = [
      { label: 'DeepState sample', dir: sample },
      { label: 'the sample 4 times over', dir: repeatedSample(sample, 4, path.join(work, 'repeated')) },
    ];
    const [nodeAlone] = takeTurns([['-e', '0']], rounds);
    const nodeMs = medians(nodeAlone!).wallMs;
    const loadMs = commandLoadMs(loadScript, rounds);
    const sets: TimelineColdSet[] = [];
    for (const { label, dir } of dirs) {
      const job = ['timeline', dir, '--csv', path.join(work, 'out.csv'), '--quiet'];
      const [timeline, floor] = takeTurns(
        [
          [cli, ...job],
          [floorScript, dir],
        ],
        rounds,
      );
      const files = readdirSync(dir).filter((f) => SNAPSHOT.test(f)).length;
      const floorMedian = medians(floor!);
      const warm = (await warmRuns(job, rounds)).wallMs;
      const totalMs = nodeMs + loadMs + warm;
      sets.push({
        label,
        files,
        timeline: medians(timeline!),
        floor: floorMedian,
        ratio: roundRatios(timeline!, floor!),
        compiled: { nodeMs, loadMs, warmJobMs: warm, totalMs, ratio: totalMs / floorMedian.wallMs },
      });
    }
    const geos = geosTimelineDiffs(sample);
    return { sets, geos: 'unavailable' in geos ? null : geos, geosNote: 'unavailable' in geos ? geos.unavailable : null, rounds };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export interface ReportCold {
  report: ProcessTime;
  nodeAlone: ProcessTime;
  /** The report in a warm process, the shipped pack read from its file each time: medians. */
  inProcess: { cpuMs: number; wallMs: number };
  /** report / (node -e 0 + in-process report). */
  ratio: Ratios;
  rounds: number;
}

export async function measureReportCold(rounds = 5): Promise<ReportCold | { missing: string }> {
  if (!existsSync(cli)) return { missing: `${cli} missing: run npm run build` };
  const [report, nodeAlone] = takeTurns(
    [
      [cli, 'report'],
      ['-e', '0'],
    ],
    rounds,
  );
  const inProcess = await warmRuns(['report', '--pack', path.join(repoRoot, 'data', 'karabakh.topo.json')], rounds);
  const cold = medians(report!);
  const alone = medians(nodeAlone!);
  return {
    report: cold,
    nodeAlone: alone,
    inProcess,
    ratio: { cpu: cold.cpuMs / (alone.cpuMs + inProcess.cpuMs), wall: cold.wallMs / (alone.wallMs + inProcess.wallMs) },
    rounds,
  };
}

const both = (t: { cpuMs: number; wallMs: number }): string => `${fmtMs(t.cpuMs)} CPU, ${fmtMs(t.wallMs)} wall`;

if (isMain(import.meta.url)) {
  const rounds = Number(process.argv[2] ?? 5);
  const t = await measureTimelineCold(rounds);
  if ('missing' in t) console.log(t.missing);
  else {
    for (const s of t.sets) {
      console.log(`frontline timeline, ${s.label}, ${s.files} files, fresh process (medians of ${t.rounds}):`);
      console.log(`  timeline                            ${both(s.timeline)}, peak RSS ${s.timeline.peakRssMB.toFixed(0)} MB`);
      console.log(`  read + JSON.parse, one thread       ${both(s.floor)}`);
      console.log(`  ratio  wall ${s.ratio.wall.toFixed(2)}   CPU ${s.ratio.cpu.toFixed(2)}   (budget 1.2)`);
      const c = s.compiled;
      console.log(
        `  with its code compiled before it ran: node ${fmtMs(c.nodeMs)} + modules ${fmtMs(c.loadMs)} + the job warm ${fmtMs(c.warmJobMs)} = ${fmtMs(c.totalMs)}, ${c.ratio.toFixed(2)}× the floor`,
      );
    }
    if (t.geos)
      console.log(
        `GEOS (shapely) differences both ways, ${t.geos.pairs} pairs of the sample, files parsed: ${fmtMs(t.geos.cpuMs)} CPU, ${fmtMs(t.geos.wallMs)} wall`,
      );
    else console.log(`GEOS: ${t.geosNote}`);
  }
  const r = await measureReportCold(rounds);
  if ('missing' in r) console.log(r.missing);
  else {
    console.log(`frontline report, fresh process (medians of ${r.rounds}):`);
    console.log(`  report                              ${both(r.report)}`);
    console.log(`  node -e 0                           ${both(r.nodeAlone)}`);
    console.log(`  the report in a warm process        ${both(r.inProcess)}`);
    console.log(`  ratio  wall ${r.ratio.wall.toFixed(2)}   CPU ${r.ratio.cpu.toFixed(2)}   (budget 2)`);
  }
}
