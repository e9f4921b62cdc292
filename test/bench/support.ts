/**
 * What the benches share: medians, the machine and versions a figure was measured on, the
 * Python peer (GEOS through shapely) kept running beside the bench so that its passes can be
 * interleaved with frontline's, and the test of whether a bench file is being run itself or
 * imported by `npm run bench` (test/bench/all.ts).
 *
 * Timings on a shared machine drift by tens of percent from one second to the next, so every
 * comparison takes turns within one run and reports medians, with each ratio taken within a
 * round (both sides measured seconds apart) before its median is taken.
 */
import { execFileSync, spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { repoRoot as repoRootDir } from '../support/paths.js';

export { repoRoot, samplesDir, upstreamDir } from '../support/paths.js';

/** Debian's Python, which has python3-shapely (GEOS) when installed. */
export const PYTHON = '/usr/bin/python3';

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The value below which a quarter (q = 0.25) or three quarters (0.75) of the values lie. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  return sorted[lo]! + (sorted[Math.min(lo + 1, sorted.length - 1)]! - sorted[lo]!) * (at - lo);
}

/** True when the file whose `import.meta.url` is given is the script Node was started with. */
export function isMain(url: string): boolean {
  return process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(url);
}

export interface Machine {
  node: string;
  cpu: string;
  cores: number;
  os: string;
  /** Load average over the last minute when the run started: other work on the machine. */
  load: number;
  geos?: string;
  shapely?: string;
}

let peerVersions: { shapely: string; geos: string } | null | undefined;

/** shapely's and GEOS's versions, or null when shapely is not installed. */
export function shapelyVersions(): { shapely: string; geos: string } | null {
  if (peerVersions !== undefined) return peerVersions;
  try {
    const out = execFileSync(PYTHON, ['-c', 'import shapely, shapely.geos as g; print(shapely.__version__); print(g.geos_version_string)'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const [shapely, geos] = out.trim().split('\n');
    peerVersions = { shapely: shapely!, geos: geos! };
  } catch {
    peerVersions = null;
  }
  return peerVersions;
}

export function machine(): Machine {
  const peer = shapelyVersions();
  return {
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    os: `${os.type()} ${os.release()}`,
    load: os.loadavg()[0]!,
    ...(peer ? { geos: peer.geos, shapely: peer.shapely } : {}),
  };
}

/**
 * A Python process that prepares its data once, prints `ready`, then answers each line it is
 * sent with one line (a time in milliseconds): a peer whose passes can be timed in turn with
 * frontline's, each measured by itself in its own process.
 */
export class PythonPeer {
  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly lines: AsyncIterator<string>,
  ) {}

  /** Starts `script` with `args`; undefined (and why) when Python or shapely is missing or it fails. */
  static async start(script: string, args: string[]): Promise<PythonPeer | { unavailable: string }> {
    if (!existsSync(PYTHON)) return { unavailable: `${PYTHON} not found` };
    if (!shapelyVersions()) return { unavailable: 'shapely not installed (apt-get install python3-shapely)' };
    const child = spawn(PYTHON, ['-c', script, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const first = await lines.next();
    if (first.done || first.value !== 'ready') {
      child.kill();
      return { unavailable: `the Python peer failed: ${stderr.trim().split('\n').pop() ?? 'no output'}` };
    }
    return new PythonPeer(child, lines);
  }

  /** Sends one line and returns the number the peer answers with. */
  async run(line = 'run'): Promise<number> {
    this.child.stdin.write(`${line}\n`);
    const answer = await this.lines.next();
    if (answer.done) throw new Error('the Python peer stopped');
    return Number(answer.value);
  }

  close(): void {
    this.child.stdin.end();
  }
}

/** Milliseconds a call takes on the wall clock. */
export function timed(work: () => unknown): number {
  const t0 = performance.now();
  work();
  return performance.now() - t0;
}

/**
 * Milliseconds of this process's CPU time (user and system, all threads) a call takes: on a
 * machine shared with other work, the time the call itself used rather than the time it waited.
 */
export function cpuMs(work: () => unknown): number {
  const start = process.cpuUsage();
  work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

export const fmtMs = (ms: number): string => `${ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0)} ms`;
export const fmtMB = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;

/** A process's wall time (as its parent saw it) and CPU time (user and system, all its threads). */
export interface ProcessTime {
  wallMs: number;
  cpuMs: number;
  /** Its resident memory at its highest. */
  peakRssMB: number;
}

let preloadDir: string | undefined;

/**
 * A module Node loads before the program (`--import`), which writes the process's CPU time and
 * its peak resident memory to the file named by FRONTLINE_BENCH_CPU when it exits: Node reports
 * neither of a child itself.
 */
function cpuPreload(): string {
  if (!preloadDir) {
    preloadDir = mkdtempSync(path.join(os.tmpdir(), 'frontline-bench-cpu-'));
    writeFileSync(
      path.join(preloadDir, 'cpu-at-exit.mjs'),
      "import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => { const u = process.cpuUsage(); writeFileSync(process.env.FRONTLINE_BENCH_CPU, (u.user + u.system) / 1000 + ' ' + process.resourceUsage().maxRSS); });\n",
    );
    process.on('exit', () => rmSync(preloadDir!, { recursive: true, force: true }));
  }
  return path.join(preloadDir, 'cpu-at-exit.mjs');
}

/** Runs `node ARGS` in a fresh process and times it; throws when it fails. */
export function timeNodeProcess(args: string[], cwd = repoRootDir): ProcessTime {
  const cpuFile = path.join(path.dirname(cpuPreload()), `cpu-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const t0 = performance.now();
  const child = spawnSync(process.execPath, ['--import', pathToFileURL(cpuPreload()).href, ...args], {
    cwd,
    env: { ...process.env, FRONTLINE_BENCH_CPU: cpuFile },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  const wallMs = performance.now() - t0;
  if (child.status !== 0) throw new Error(`node ${args.join(' ')} failed (${child.status}): ${child.stderr}`);
  const [cpuMs, maxRssKB] = readFileSync(cpuFile, 'utf8').split(' ').map(Number);
  rmSync(cpuFile, { force: true });
  return { wallMs, cpuMs: cpuMs!, peakRssMB: maxRssKB! / 1024 };
}

/**
 * GEOS's share of a timeline: with every daily file of `dir` parsed (its first feature), the
 * difference both ways between each day and the next, through shapely; wall and CPU time.
 */
export function geosTimelineDiffs(dir: string): { wallMs: number; cpuMs: number; pairs: number } | { unavailable: string } {
  if (!existsSync(PYTHON)) return { unavailable: `${PYTHON} not found` };
  if (!shapelyVersions()) return { unavailable: 'shapely not installed (apt-get install python3-shapely)' };
  const script = `
import json, os, sys, time
from shapely.geometry import shape
d = sys.argv[1]
files = sorted(f for f in os.listdir(d) if f.endswith('.geojson'))
geoms = [shape(json.load(open(os.path.join(d, f)))['features'][0]['geometry']) for f in files]
w, c = time.perf_counter(), time.process_time()
for a, b in zip(geoms, geoms[1:]):
    b.difference(a)
    a.difference(b)
print(json.dumps({'wallMs': (time.perf_counter() - w) * 1000, 'cpuMs': (time.process_time() - c) * 1000, 'pairs': len(geoms) - 1}))
`;
  const p = spawnSync(PYTHON, ['-c', script, dir], { encoding: 'utf8' });
  if (p.status !== 0) return { unavailable: `shapely failed: ${p.stderr.trim().split('\n').pop()}` };
  return JSON.parse(p.stdout) as { wallMs: number; cpuMs: number; pairs: number };
}
