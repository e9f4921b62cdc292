/**
 * Large files: `frontline validate FILE` and `frontline report --snapshot-file FILE` beside
 * JSON.parse of the same file, each in a fresh process, taking turns within each round.
 * Figures are the whole process, start to exit: wall time (and, for JSON.parse, the parse
 * alone, the yardstick) and peak resident memory. Ratios are taken within a round, then their
 * median over the rounds.
 *
 * The files are made by test/bench/bigfile-data.ts in a temporary folder: 30 MB always, 250 MB
 * when FRONTLINE_BENCH_LARGE=1 (it takes minutes). The CLI runs from dist/ (npm run build:code).
 *
 * Run: npm run bench:bigfile [-- ROUNDS]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeBigFile } from './bigfile-data.js';
import { fmtMB, isMain, machine, median, repoRoot } from './support.js';

interface Run {
  /** Start to exit, ms. */
  wallMs: number;
  /** Peak resident set size, bytes. */
  rssBytes: number;
  /** JSON.parse alone, ms (the yardstick run only). */
  parseMs?: number;
}

const PRELOAD = `import { writeFileSync } from 'node:fs';
process.on('exit', () => writeFileSync(process.env.FRONTLINE_BENCH_OUT, JSON.stringify({ wallMs: performance.now(), rssBytes: process.resourceUsage().maxRSS * 1024, parseMs: globalThis.parseMs })));
`;
const PARSE = `import { readFileSync } from 'node:fs';
const text = readFileSync(process.argv[2], 'utf8');
const t = performance.now();
const value = JSON.parse(text);
globalThis.parseMs = performance.now() - t;
if (!value) throw new Error('empty');
`;

function runNode(dir: string, args: string[]): Run {
  const out = path.join(dir, 'run.json');
  rmSync(out, { force: true });
  const child = spawnSync(process.execPath, ['--import', pathToFileURL(path.join(dir, 'preload.mjs')).href, ...args], {
    cwd: repoRoot,
    env: { ...process.env, FRONTLINE_BENCH_OUT: out },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  // validate exits 1 when it finds errors; that is a result, not a failure.
  if (child.status !== 0 && child.status !== 1) throw new Error(`node ${args.join(' ')} failed (${child.status}): ${child.stderr}`);
  return JSON.parse(readFileSync(out, 'utf8')) as Run;
}

export interface BigFileResult {
  megabytes: number;
  bytes: number;
  features: number;
  rounds: number;
  parseMs: number;
  parseRss: number;
  commands: { name: string; wallMs: number; rssBytes: number; timesParse: number; timesFile: number }[];
}

export function measureBigFile(megabytes: number, rounds: number): BigFileResult {
  const cli = path.join(repoRoot, 'dist/cli/main.js');
  if (!existsSync(cli)) throw new Error('dist/cli/main.js is missing: npm run build:code first');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'frontline-bench-bigfile-'));
  try {
    writeFileSync(path.join(dir, 'preload.mjs'), PRELOAD);
    writeFileSync(path.join(dir, 'parse.mjs'), PARSE);
    const file = path.join(dir, `bench-${megabytes}mb.geojson`);
    const features = writeBigFile(file, megabytes);
    const bytes = readFileSync(file).length;
    const commands = [
      { name: 'validate', args: [cli, 'validate', file] },
      { name: 'report --snapshot-file', args: [cli, 'report', '--snapshot-file', file] },
    ];
    const parses: Run[] = [];
    const runs = commands.map(() => [] as Run[]);
    for (let round = 0; round < rounds; round++) {
      parses.push(runNode(dir, [path.join(dir, 'parse.mjs'), file]));
      commands.forEach((c, k) => runs[k]!.push(runNode(dir, c.args)));
    }
    return {
      megabytes,
      bytes,
      features,
      rounds,
      parseMs: median(parses.map((p) => p.parseMs!)),
      parseRss: median(parses.map((p) => p.rssBytes)),
      commands: commands.map((c, k) => ({
        name: c.name,
        wallMs: median(runs[k]!.map((r) => r.wallMs)),
        rssBytes: median(runs[k]!.map((r) => r.rssBytes)),
        timesParse: median(runs[k]!.map((r, i) => r.wallMs / parses[i]!.parseMs!)),
        timesFile: median(runs[k]!.map((r) => r.rssBytes / bytes)),
      })),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  const rounds = Number(process.argv[2] ?? 3);
  const sizes = process.env.FRONTLINE_BENCH_LARGE === '1' ? [30, 250] : [30];
  const m = machine();
  console.log(`node ${m.node}, ${m.cpu} × ${m.cores}, load ${m.load.toFixed(1)}; budgets: time 10× JSON.parse, peak memory 4× the file`);
  for (const mb of sizes) {
    const r = measureBigFile(mb, mb > 100 ? 1 : rounds);
    console.log(`${fmtMB(r.bytes)} file, ${r.features} features (medians of ${r.rounds} rounds)`);
    console.log(`  JSON.parse                ${(r.parseMs / 1000).toFixed(2).padStart(7)} s  (the parse alone; its process peaks at ${fmtMB(r.parseRss)})`);
    for (const c of r.commands)
      console.log(
        `  ${c.name.padEnd(24)}  ${(c.wallMs / 1000).toFixed(2).padStart(7)} s = ${c.timesParse.toFixed(1).padStart(5)}× JSON.parse   peak ${fmtMB(c.rssBytes).padStart(9)} = ${c.timesFile.toFixed(2)}× the file`,
      );
  }
}
