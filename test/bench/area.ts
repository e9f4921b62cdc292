/**
 * Area throughput and accuracy: frontline's ellipsoidal and spherical methods beside Turf's
 * `area` and GeographicLib's polygon area (the exact WGS84 reference), in vertices per second,
 * each one's speed as a fraction of Turf's, and each one's largest relative difference from
 * GeographicLib.
 *
 * Timings on a shared machine drift by tens of percent from one second to the next, so the
 * methods take turns: each round times every method once, in a rotating order, and the ratio to
 * Turf is taken within the round. The table shows medians over the rounds.
 *
 * Run: npx tsx test/bench/area.ts [rounds]  (npm run bench:area)
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import * as turf from '@turf/turf';
import { feature as topoFeature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import { area } from '../../src/kernel/area.js';
import { referenceArea } from '../support/reference.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const samplesDir = process.env.FRONTLINE_SAMPLES ?? path.resolve(repoRoot, '../shared/data/samples');
const packFile = path.join(repoRoot, 'data', 'karabakh.topo.json');
const ROUNDS = Number(process.argv[2] ?? 21);
/** Each timing repeats the whole data set until this many milliseconds have passed. */
const MIN_MS = 60;

function vertexCount(geometry: Geometry | null): number {
  if (!geometry) return 0;
  if (geometry.type === 'Polygon') return geometry.coordinates.reduce((n, r) => n + r.length, 0);
  if (geometry.type === 'MultiPolygon') return geometry.coordinates.reduce((n, p) => n + p.reduce((m, r) => m + r.length, 0), 0);
  if (geometry.type === 'GeometryCollection') return geometry.geometries.reduce((n, g) => n + vertexCount(g), 0);
  return 0;
}

interface Method {
  name: string;
  run: (f: Feature) => number;
}

const TURF = 'turf.area';
const methods: Method[] = [
  { name: 'frontline ellipsoidal', run: (f) => area(f) },
  { name: 'frontline spherical', run: (f) => area(f, { method: 'spherical' }) },
  { name: TURF, run: (f) => turf.area(f) },
  { name: 'GeographicLib Polygon', run: (f) => referenceArea(f.geometry) },
];

/** Milliseconds per pass over the features. */
function timePass(features: Feature[], run: (f: Feature) => number): number {
  let sink = 0;
  let passes = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    for (const f of features) sink += run(f);
    passes++;
    elapsed = performance.now() - start;
  } while (elapsed < MIN_MS);
  if (Number.isNaN(sink)) throw new Error('NaN area');
  return elapsed / passes;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function benchDataset(label: string, features: Feature[]): void {
  const vertices = features.reduce((n, f) => n + vertexCount(f.geometry), 0);
  console.log(`\n${label}: ${features.length} features, ${vertices.toLocaleString('en')} vertices`);
  const reference = features.map((f) => referenceArea(f.geometry));
  const total = reference.reduce((a, b) => a + b, 0);
  console.log(`  total area (GeographicLib): ${(total / 1e6).toFixed(3)} km² (ellipsoidal)`);
  const worst = methods.map((m) => {
    let w = 0;
    features.forEach((f, i) => {
      if (reference[i]! > 0) w = Math.max(w, Math.abs(m.run(f) - reference[i]!) / reference[i]!);
    });
    return w;
  });
  for (const m of methods) timePass(features, m.run); // warm-up
  const times = methods.map((): number[] => []);
  const turfIndex = methods.findIndex((m) => m.name === TURF);
  const ratios = methods.map((): number[] => []);
  for (let round = 0; round < ROUNDS; round++) {
    const ms: number[] = [];
    for (let k = 0; k < methods.length; k++) {
      const i = (round + k) % methods.length;
      ms[i] = timePass(features, methods[i]!.run);
    }
    methods.forEach((_, i) => {
      times[i]!.push(ms[i]!);
      ratios[i]!.push(ms[turfIndex]! / ms[i]!);
    });
  }
  console.log(`  ${'method'.padEnd(24)}${'vertices/s'.padStart(14)}${'× turf'.padStart(9)}${'max rel. diff vs GeographicLib'.padStart(34)}`);
  methods.forEach((m, i) => {
    const rate = vertices / (median(times[i]!) / 1000);
    console.log(`  ${m.name.padEnd(24)}${Math.round(rate).toLocaleString('en').padStart(14)}${median(ratios[i]!).toFixed(2).padStart(9)}${worst[i]!.toExponential(2).padStart(34)}`);
  });
  console.log(`  (medians of ${ROUNDS} rounds; × turf is the ratio of speeds within each round)`);
}

const deepstateDir = path.join(samplesDir, 'deepstate');
if (fs.existsSync(deepstateDir)) {
  const files = fs.readdirSync(deepstateDir).filter((f) => f.endsWith('.geojson')).sort();
  const features = files.flatMap((f) => (JSON.parse(fs.readFileSync(path.join(deepstateDir, f), 'utf8')) as FeatureCollection).features);
  benchDataset(`DeepState sample (${files.length} daily files)`, features);
} else {
  console.log(`\nDeepState sample missing: ${deepstateDir} (set FRONTLINE_SAMPLES)`);
}

if (fs.existsSync(packFile)) {
  const topology = JSON.parse(fs.readFileSync(packFile, 'utf8')) as Topology;
  const features: Feature[] = [];
  for (const name of Object.keys(topology.objects)) {
    const converted = topoFeature(topology, topology.objects[name]!) as Feature | FeatureCollection;
    if (converted.type === 'FeatureCollection') features.push(...converted.features);
    else features.push(converted);
  }
  benchDataset(`Layer pack data/karabakh.topo.json (${Object.keys(topology.objects).length} objects)`, features);
} else {
  console.log(`\nLayer pack missing: ${packFile}; run \`npm run build\` to compile it.`);
}
