/**
 * Validation speed beside GEOS: frontline's `validate` and shapely's `is_valid` (GEOS
 * IsValidOp) on the same features of Natural Earth's countries, each timed in process after
 * parsing, by its process's CPU time (so that other work on a shared machine is not counted).
 * Shapely runs in a Python process of its own, kept beside the bench, and the two take turns,
 * pass by pass: the ratio is taken within each round, then its median over the rounds.
 * Without shapely (`/usr/bin/python3`, Debian's python3-shapely) the bench says so and prints
 * frontline's figures alone.
 *
 * Memory, in fresh processes (test/bench/validate-memory.ts): the heap in use beyond the parsed
 * input at its highest during the call, read from V8's trace of every garbage collection (the
 * heap only grows between collections, so its highest point is the size at the start of one of
 * them, or at the end of the call); plus the ArrayBuffer memory of the typed arrays `validate`
 * allocates, all of it, measured with a young generation large enough that nothing is collected
 * during the call (an upper bound on what it holds at once).
 *
 * Run: npm run bench:validate [-- FILE [ROUNDS]]  (default: Natural Earth 1:50m admin-0 countries)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { isValid, validate } from '../../src/kernel/validate.js';
import { PythonPeer, cpuMs, fmtMB, fmtMs, isMain, machine, median, quantile, repoRoot, upstreamDir } from './support.js';

export const VALIDATE_FILE = path.join(upstreamDir, 'natural-earth', 'ne_50m_admin_0_countries.json');

export interface ValidateResults {
  file: string;
  features: number;
  vertices: number;
  bytes: number;
  valid: boolean;
  errors: number;
  rounds: number;
  frontlineMs: number;
  shapelyMs: number | null;
  /** Median over the rounds of frontline's time / shapely's in the same round. */
  ratio: number | null;
  ratioQuartiles: [number, number] | null;
  shapelyNote: string | null;
  shapelyValid: number | null;
  memory: ValidateMemory;
}

export interface ValidateMemory {
  /** Heap holding the parsed input, bytes. */
  heapParsed: number;
  /** Heap in use beyond the parsed input at its highest during the call, bytes. */
  heapPeakBeyond: number;
  /** ArrayBuffer memory the call allocates in all (an upper bound on what it holds at once), bytes. */
  arrayBuffers: number;
  /** heapPeakBeyond + arrayBuffers, as a multiple of the file's size. */
  timesFile: number;
}

const SHAPELY = `
import json, sys, time
from shapely.geometry import shape
features = json.load(open(sys.argv[1]))['features']
geoms = [shape(f['geometry']) for f in features if f['geometry']]
for g in geoms: g.is_valid
print('ready', flush=True)
for line in sys.stdin:
    t = time.process_time()
    valid = sum(1 for g in geoms if g.is_valid)
    ms = (time.process_time() - t) * 1000
    print(valid if line.strip() == 'count' else ms, flush=True)
`;

function countVertices(input: { features: { geometry: { type: string; coordinates: unknown } | null }[] }): number {
  let vertices = 0;
  for (const f of input.features) {
    const g = f.geometry;
    if (g?.type === 'Polygon') vertices += (g.coordinates as unknown[][]).reduce((n, r) => n + r.length, 0);
    if (g?.type === 'MultiPolygon') vertices += (g.coordinates as unknown[][][]).reduce((n, p) => n + p.reduce((m, r) => m + r.length, 0), 0);
  }
  return vertices;
}

/** The memory child as plain JavaScript, as the built CLI ships: a TypeScript loader would leave its own garbage and a grown young generation behind. */
async function bundleMemoryChild(): Promise<{ script: string; dispose: () => void }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'frontline-bench-validate-'));
  await build({
    entryPoints: [path.join(repoRoot, 'test/bench/validate-memory.ts')],
    outfile: path.join(dir, 'validate-memory.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  return { script: path.join(dir, 'validate-memory.mjs'), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** One fresh process validating `file`; the GC trace and the child's own figures. */
function memoryChild(
  script: string,
  file: string,
  v8Flags: string[],
): { trace: string[]; result: { bytes: number; heapParsed: number; arrayBuffers: number } } {
  const child = spawnSync(process.execPath, ['--expose-gc', '--trace-gc', ...v8Flags, script, file], {
    encoding: 'utf8',
    cwd: repoRoot,
    maxBuffer: 64 * 2 ** 20,
  });
  if (child.status !== 0) throw new Error(`validate memory child failed: ${child.stderr}`);
  return {
    trace: child.stdout.split('\n'),
    result: JSON.parse(child.stderr.trim().split('\n').pop()!) as { bytes: number; heapParsed: number; arrayBuffers: number },
  };
}

/** The collections between the two `testing` ones: sizes (MB) at the start of each, and after the first. */
function collectionsDuringCall(trace: string[]): { baseMB: number; startsMB: number[] } {
  const marks = trace.flatMap((line, i) => (line.includes('testing') ? [i] : []));
  if (marks.length < 2) throw new Error('the GC trace lacks its two markers');
  const base = /-> ([\d.]+) \(/.exec(trace[marks[0]!]!);
  const starts = trace.slice(marks[0]! + 1, marks[1]! + 1).flatMap((line) => {
    const m = /: (?:Scavenge|Mark-Compact|Mark-sweep|Minor Mark-Compact)[^\d]*([\d.]+) \(/.exec(line);
    return m ? [Number(m[1])] : [];
  });
  return { baseMB: Number(base![1]), startsMB: starts };
}

export async function measureValidateMemory(file = VALIDATE_FILE): Promise<ValidateMemory> {
  const { script, dispose } = await bundleMemoryChild();
  try {
    return memoryFigures(script, file);
  } finally {
    dispose();
  }
}

function memoryFigures(script: string, file: string): ValidateMemory {
  const normal = memoryChild(script, file, []);
  const { baseMB, startsMB } = collectionsDuringCall(normal.trace);
  const heapPeakBeyond = (Math.max(...startsMB) - baseMB) * 2 ** 20;
  // A young generation of 256 MB collects nothing during the call: every ArrayBuffer allocated
  // is still counted at its end.
  const roomy = memoryChild(script, file, ['--min-semi-space-size=256', '--max-semi-space-size=256']);
  if (collectionsDuringCall(roomy.trace).startsMB.length > 1) throw new Error('a collection ran during the call despite the large young generation');
  const arrayBuffers = roomy.result.arrayBuffers;
  return { heapParsed: normal.result.heapParsed, heapPeakBeyond, arrayBuffers, timesFile: (heapPeakBeyond + arrayBuffers) / normal.result.bytes };
}

export async function measureValidate(file = VALIDATE_FILE, rounds = 21): Promise<ValidateResults> {
  const text = readFileSync(file, 'utf8');
  const input = JSON.parse(text) as { features: { geometry: { type: string; coordinates: unknown } | null }[] };
  const findings = validate(input);
  const peer = await PythonPeer.start(SHAPELY, [file]);
  const shapely = peer instanceof PythonPeer ? peer : undefined;
  for (let i = 0; i < 3; i++) {
    validate(input);
    await shapely?.run();
  }
  const ours: number[] = [],
    theirs: number[] = [],
    ratios: number[] = [];
  for (let round = 0; round < rounds; round++) {
    // Who goes first alternates, so that neither always runs just after the other.
    let mine = 0,
      peerMs = 0;
    if (round % 2 === 0) {
      mine = cpuMs(() => validate(input));
      if (shapely) peerMs = await shapely.run();
    } else {
      if (shapely) peerMs = await shapely.run();
      mine = cpuMs(() => validate(input));
    }
    ours.push(mine);
    if (shapely) {
      theirs.push(peerMs);
      ratios.push(mine / peerMs);
    }
  }
  const shapelyValid = shapely ? await shapely.run('count') : null;
  shapely?.close();
  return {
    file,
    features: input.features.length,
    vertices: countVertices(input),
    bytes: Buffer.byteLength(text),
    valid: isValid(findings),
    errors: findings.filter((f) => f.severity === 'error').length,
    rounds,
    frontlineMs: median(ours),
    shapelyMs: shapely ? median(theirs) : null,
    ratio: shapely ? median(ratios) : null,
    ratioQuartiles: shapely ? [quantile(ratios, 0.25), quantile(ratios, 0.75)] : null,
    shapelyNote: shapely ? null : (peer as { unavailable: string }).unavailable,
    shapelyValid,
    memory: await measureValidateMemory(file),
  };
}

if (isMain(import.meta.url)) {
  const r = await measureValidate(process.argv[2] ?? VALIDATE_FILE, Number(process.argv[3] ?? 21));
  const m = machine();
  console.log(
    `${path.basename(r.file)}: ${r.features} features, ${r.vertices.toLocaleString('en')} vertices, ${fmtMB(r.bytes)} of GeoJSON (node ${m.node}, ${m.cpu} × ${m.cores}, load ${m.load.toFixed(1)})`,
  );
  console.log(
    `frontline validate   ${fmtMs(r.frontlineMs).padStart(9)}   (median of ${r.rounds}, CPU time; ${r.valid ? 'valid' : `invalid, ${r.errors} errors`})`,
  );
  if (r.shapelyMs !== null) {
    console.log(
      `shapely is_valid     ${fmtMs(r.shapelyMs).padStart(9)}   (median of ${r.rounds}, in turns with frontline; GEOS ${m.geos}; ${r.shapelyValid} of ${r.features} valid)`,
    );
    console.log(
      `ratio frontline / shapely: ${r.ratio!.toFixed(2)} (median of the rounds' ratios; quartiles ${r.ratioQuartiles![0].toFixed(2)}–${r.ratioQuartiles![1].toFixed(2)}; budget 2)`,
    );
  } else console.log(`shapely is_valid: not measured (${r.shapelyNote})`);
  const mem = r.memory;
  console.log(
    `memory, fresh process: heap after parsing ${fmtMB(mem.heapParsed)}; beyond it during validate: heap at most ${fmtMB(mem.heapPeakBeyond)} + ArrayBuffers ${fmtMB(mem.arrayBuffers)} allocated in all = ${mem.timesFile.toFixed(2)}× the file (budget 4×)`,
  );
}
