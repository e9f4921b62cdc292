/**
 * Validation speed beside GEOS: frontline's `validate` and shapely's `is_valid` (GEOS
 * IsValidOp) on the same features of Natural Earth's countries, each timed in process after
 * parsing, as the median of repeated runs; and the memory `validate` takes beyond the parsed
 * input, against the file's size. Shapely comes from `/usr/bin/python3` (Debian's
 * python3-shapely); without it the bench says so and prints frontline's figures alone.
 *
 * Run: npm run bench:validate [-- FILE]  (default: Natural Earth 1:50m admin-0 countries)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isValid, validate } from '../../src/kernel/validate.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const file = process.argv[2] ?? path.resolve(repoRoot, '../shared/data/upstream/natural-earth/ne_50m_admin_0_countries.json');
const RUNS = 15;
const PYTHON = '/usr/bin/python3';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const text = fs.readFileSync(file, 'utf8');
const input = JSON.parse(text) as { features: { geometry: { type: string; coordinates: unknown } | null }[] };
let vertices = 0;
for (const f of input.features) {
  const g = f.geometry;
  if (g?.type === 'Polygon') vertices += (g.coordinates as unknown[][]).reduce((n, r) => n + r.length, 0);
  if (g?.type === 'MultiPolygon') vertices += (g.coordinates as unknown[][][]).reduce((n, p) => n + p.reduce((m, r) => m + r.length, 0), 0);
}

// Memory first, before warm-up runs raise the peak: resident set at its highest while
// validating, less the resident set with the input parsed.
(globalThis as { gc?: () => void }).gc?.();
const before = process.memoryUsage().rss;
const findings = validate(input);
const peakExtra = process.resourceUsage().maxRSS * 1024 - before;

for (let i = 0; i < 3; i++) validate(input);
const times: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const t = performance.now();
  validate(input);
  times.push(performance.now() - t);
}
const ours = median(times);

const shapelyScript = `
import json, sys, time
from shapely.geometry import shape
features = json.load(open(sys.argv[1]))['features']
geoms = [shape(f['geometry']) for f in features if f['geometry']]
for g in geoms: g.is_valid
times = []
for _ in range(${RUNS}):
    t = time.perf_counter()
    valid = [g.is_valid for g in geoms]
    times.append(time.perf_counter() - t)
times.sort()
print(json.dumps({'ms': times[len(times) // 2] * 1000, 'valid': sum(valid), 'count': len(geoms)}))
`;
const shapely = fs.existsSync(PYTHON) ? spawnSync(PYTHON, ['-c', shapelyScript, file], { encoding: 'utf8' }) : undefined;
let theirs: { ms: number; valid: number; count: number } | undefined;
if (shapely?.status === 0) theirs = JSON.parse(shapely.stdout) as typeof theirs;

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const errors = findings.filter((f) => f.severity === 'error').length;
console.log(`${path.basename(file)}: ${input.features.length} features, ${vertices.toLocaleString('en')} vertices, ${mb(Buffer.byteLength(text))} of GeoJSON`);
console.log(`frontline validate   ${ours.toFixed(1).padStart(8)} ms   (median of ${RUNS}; ${isValid(findings) ? 'valid' : `invalid, ${errors} errors`})`);
if (theirs) {
  console.log(`shapely is_valid     ${theirs.ms.toFixed(1).padStart(8)} ms   (median of ${RUNS}; GEOS; ${theirs.valid} of ${theirs.count} valid)`);
  console.log(`ratio frontline / shapely: ${(ours / theirs.ms).toFixed(2)} (budget 2)`);
} else {
  console.log(`shapely is_valid: not measured (${fs.existsSync(PYTHON) ? `shapely failed: ${(shapely?.stderr ?? '').trim().split('\n').pop()}` : `${PYTHON} not found`}; apt-get install python3-shapely)`);
}
console.log(`memory beyond the parsed input: ${mb(Math.max(0, peakExtra))} at most (${(Math.max(0, peakExtra) / Buffer.byteLength(text)).toFixed(2)}× the file; budget 4×)`);
