/**
 * The CLI as a user runs it, each run a fresh process of the built CLI (dist/, `npm run build`):
 *
 * - `frontline timeline DIR --csv FILE --quiet` on the DeepState sample (114 daily files), beside
 *   the floor any implementation pays on one thread, a fresh Node process that only reads and
 *   parses the same files, and beside GEOS's differences between consecutive days (shapely, the
 *   files already parsed), when shapely is installed;
 * - `frontline report` beside `node -e 0` plus the report's time in a warm process (the CLI's
 *   own `run`, output discarded): what a cold start costs beyond Node's own.
 *
 * The programs take turns, round after round, and each figure is a median. Ratios are of CPU
 * time (user and system, all threads, from process start to exit): on a shared machine the wall
 * clock also counts the time a process waited for a core. Wall times are printed beside.
 *
 * Run: npx tsx test/bench/cold.ts [rounds]   (after npm run build)
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { fmtMs, geosTimelineDiffs, isMain, median, repoRoot, samplesDir, timeNodeProcess, type ProcessTime } from './support.js';

const cli = path.join(repoRoot, 'dist', 'cli', 'main.js');

function medians(runs: ProcessTime[]): ProcessTime {
  return { wallMs: median(runs.map((r) => r.wallMs)), cpuMs: median(runs.map((r) => r.cpuMs)) };
}

/** Runs each program once a round, in a rotating order; the medians per program. */
function takeTurns(programs: string[][], rounds: number): ProcessTime[] {
  const runs = programs.map((): ProcessTime[] => []);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < programs.length; k++) {
      const i = (round + k) % programs.length;
      runs[i]!.push(timeNodeProcess(programs[i]!));
    }
  }
  return runs.map(medians);
}

export interface TimelineCold {
  dir: string;
  files: number;
  timeline: ProcessTime;
  /** A fresh process reading and parsing the same files. */
  floor: ProcessTime;
  /** timeline / floor, CPU time. */
  ratio: number;
  geos: { wallMs: number; cpuMs: number; pairs: number } | null;
  geosNote: string | null;
  rounds: number;
}

export function measureTimelineCold(rounds = 5): TimelineCold | { missing: string } {
  const dir = path.join(samplesDir, 'deepstate');
  if (!existsSync(dir)) return { missing: `DeepState sample missing: ${dir} (set FRONTLINE_SAMPLES)` };
  if (!existsSync(cli)) return { missing: `${cli} missing: run npm run build` };
  const work = mkdtempSync(path.join(os.tmpdir(), 'frontline-bench-cold-'));
  const floorScript = path.join(work, 'floor.mjs');
  writeFileSync(
    floorScript,
    "import { readdirSync, readFileSync } from 'node:fs';\nimport path from 'node:path';\nconst dir = process.argv[2];\nfor (const f of readdirSync(dir).filter((f) => /\\.(geo|topo)?json$/.test(f)).sort()) JSON.parse(readFileSync(path.join(dir, f), 'utf8'));\n",
  );
  try {
    const [timeline, floor] = takeTurns(
      [
        [cli, 'timeline', dir, '--csv', path.join(work, 'out.csv'), '--quiet'],
        [floorScript, dir],
      ],
      rounds,
    );
    const geos = geosTimelineDiffs(dir);
    return {
      dir,
      files: readdirSync(dir).filter((f) => /\.(geo|topo)?json$/.test(f)).length,
      timeline: timeline!,
      floor: floor!,
      ratio: timeline!.cpuMs / floor!.cpuMs,
      geos: 'unavailable' in geos ? null : geos,
      geosNote: 'unavailable' in geos ? geos.unavailable : null,
      rounds,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export interface ReportCold {
  report: ProcessTime;
  nodeAlone: ProcessTime;
  /** The report in a warm process: the built CLI's `run(['report'])`, CPU time, median. */
  inProcessMs: number;
  /** report / (node -e 0 + in-process report), CPU time. */
  ratio: number;
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
  const { run } = (await import(pathToFileURL(path.join(repoRoot, 'dist', 'cli', 'run.js')).href)) as {
    run: (argv: string[], out: { stdout: (s: string) => void; stderr: (s: string) => void }) => Promise<number>;
  };
  const quiet = { stdout: () => {}, stderr: () => {} };
  await run(['report'], quiet);
  const warm: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = process.cpuUsage();
    await run(['report'], quiet);
    const used = process.cpuUsage(start);
    warm.push((used.user + used.system) / 1000);
  }
  const inProcessMs = median(warm);
  return { report: report!, nodeAlone: nodeAlone!, inProcessMs, ratio: report!.cpuMs / (nodeAlone!.cpuMs + inProcessMs), rounds };
}

if (isMain(import.meta.url)) {
  const rounds = Number(process.argv[2] ?? 5);
  const t = measureTimelineCold(rounds);
  if ('missing' in t) console.log(t.missing);
  else {
    console.log(
      `frontline timeline, ${t.files} DeepState files, fresh process (median of ${t.rounds}): ${fmtMs(t.timeline.cpuMs)} CPU, ${fmtMs(t.timeline.wallMs)} wall`,
    );
    console.log(`read + JSON.parse of the same files, fresh process:              ${fmtMs(t.floor.cpuMs)} CPU, ${fmtMs(t.floor.wallMs)} wall`);
    console.log(`ratio ${t.ratio.toFixed(2)} (CPU; budget 1.2)`);
    if (t.geos)
      console.log(`GEOS (shapely) differences both ways, ${t.geos.pairs} pairs, files parsed: ${fmtMs(t.geos.cpuMs)} CPU, ${fmtMs(t.geos.wallMs)} wall`);
    else console.log(`GEOS: ${t.geosNote}`);
  }
  const r = await measureReportCold(rounds);
  if ('missing' in r) console.log(r.missing);
  else {
    console.log(
      `frontline report, fresh process: ${fmtMs(r.report.cpuMs)} CPU, ${fmtMs(r.report.wallMs)} wall; node -e 0: ${fmtMs(r.nodeAlone.cpuMs)} CPU; the report in a warm process: ${fmtMs(r.inProcessMs)} CPU`,
    );
    console.log(`ratio ${r.ratio.toFixed(2)} (CPU; budget 2)`);
  }
}
