/**
 * Area throughput and accuracy: frontline's ellipsoidal and spherical methods beside Turf's
 * `area` and GeographicLib's polygon area (the exact WGS84 reference), in vertices per second,
 * each one's speed as a fraction of Turf's, and each one's largest relative difference from
 * GeographicLib.
 *
 * The methods take turns: each round times every method once, in a rotating order, and the ratio
 * to Turf is taken within the round; the table shows medians over the rounds. Times are this
 * process's CPU time, not the wall clock, so that other work on a shared machine is not counted
 * against whichever method it happened to interrupt (every method here runs on this one thread).
 *
 * Run: npx tsx test/bench/area.ts [rounds]  (npm run bench:area)
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import * as turf from '@turf/turf';
import { feature as topoFeature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import geographiclib from 'geographiclib-geodesic';
import { area } from '../../src/kernel/area.js';
import { geodesicInverse } from '../../src/kernel/geodesic.js';
import { mulberry32 } from '../support/random.js';
import { referenceArea } from '../support/reference.js';
import { cpuMs, isMain, median, repoRoot, samplesDir } from './support.js';

const packFile = path.join(repoRoot, 'data', 'karabakh.topo.json');
/** Each timing repeats the whole data set until this many milliseconds of CPU time have passed. */
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

export const TURF = 'turf.area';
export const AREA_METHODS: readonly Method[] = [
  { name: 'frontline ellipsoidal', run: (f) => area(f) },
  { name: 'frontline spherical', run: (f) => area(f, { method: 'spherical' }) },
  { name: TURF, run: (f) => turf.area(f) },
  { name: 'GeographicLib Polygon', run: (f) => referenceArea(f.geometry) },
];

/** CPU milliseconds per pass over the features. */
function timePass(features: Feature[], run: (f: Feature) => number): number {
  let sink = 0;
  let passes = 0;
  let elapsed = 0;
  do {
    elapsed += cpuMs(() => {
      for (const f of features) sink += run(f);
    });
    passes++;
  } while (elapsed < MIN_MS);
  if (Number.isNaN(sink)) throw new Error('NaN area');
  return elapsed / passes;
}

export interface AreaRow {
  method: string;
  verticesPerSecond: number;
  /** Median over the rounds of this method's speed / Turf's in the same round. */
  timesTurf: number;
  maxRelativeDifference: number;
}

export interface AreaDataset {
  label: string;
  features: number;
  vertices: number;
  totalKm2: number;
  rounds: number;
  rows: AreaRow[];
}

export function measureAreaDataset(label: string, features: Feature[], rounds: number): AreaDataset {
  const vertices = features.reduce((n, f) => n + vertexCount(f.geometry), 0);
  const reference = features.map((f) => referenceArea(f.geometry));
  const total = reference.reduce((a, b) => a + b, 0);
  const worst = AREA_METHODS.map((m) => {
    let w = 0;
    features.forEach((f, i) => {
      if (reference[i]! > 0) w = Math.max(w, Math.abs(m.run(f) - reference[i]!) / reference[i]!);
    });
    return w;
  });
  for (const m of AREA_METHODS) timePass(features, m.run); // warm-up
  const times = AREA_METHODS.map((): number[] => []);
  const turfIndex = AREA_METHODS.findIndex((m) => m.name === TURF);
  const ratios = AREA_METHODS.map((): number[] => []);
  for (let round = 0; round < rounds; round++) {
    const ms: number[] = [];
    for (let k = 0; k < AREA_METHODS.length; k++) {
      const i = (round + k) % AREA_METHODS.length;
      ms[i] = timePass(features, AREA_METHODS[i]!.run);
    }
    AREA_METHODS.forEach((_, i) => {
      times[i]!.push(ms[i]!);
      ratios[i]!.push(ms[turfIndex]! / ms[i]!);
    });
  }
  return {
    label,
    features: features.length,
    vertices,
    totalKm2: total / 1e6,
    rounds,
    rows: AREA_METHODS.map((m, i) => ({
      method: m.name,
      verticesPerSecond: vertices / (median(times[i]!) / 1000),
      timesTurf: median(ratios[i]!),
      maxRelativeDifference: worst[i]!,
    })),
  };
}

/** The DeepState sample's features (one file a day), or undefined when the sample is missing. */
export function deepstateFeatures(): { files: number; features: Feature[] } | undefined {
  const dir = path.join(samplesDir, 'deepstate');
  if (!fs.existsSync(dir)) return undefined;
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.geojson'))
    .sort();
  return { files: files.length, features: files.flatMap((f) => (JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as FeatureCollection).features) };
}

/** The Karabakh pack's features, every layer, or undefined when the pack has not been built. */
export function packFeatures(): { objects: number; features: Feature[] } | undefined {
  if (!fs.existsSync(packFile)) return undefined;
  const topology = JSON.parse(fs.readFileSync(packFile, 'utf8')) as Topology;
  const features: Feature[] = [];
  for (const name of Object.keys(topology.objects)) {
    const converted = topoFeature(topology, topology.objects[name]!) as Feature | FeatureCollection;
    if (converted.type === 'FeatureCollection') features.push(...converted.features);
    else features.push(converted);
  }
  return { objects: Object.keys(topology.objects).length, features };
}

/** Both data sets; a note in place of each one that is missing. */
export function measureArea(rounds = 21): { datasets: AreaDataset[]; missing: string[] } {
  const datasets: AreaDataset[] = [];
  const missing: string[] = [];
  const deepstate = deepstateFeatures();
  if (deepstate) datasets.push(measureAreaDataset(`DeepState sample (${deepstate.files} daily files)`, deepstate.features, rounds));
  else missing.push(`DeepState sample missing: ${path.join(samplesDir, 'deepstate')} (set FRONTLINE_SAMPLES)`);
  const pack = packFeatures();
  if (pack) datasets.push(measureAreaDataset(`Layer pack data/karabakh.topo.json (${pack.objects} objects)`, pack.features, rounds));
  else missing.push(`Layer pack missing: ${packFile}; run \`npm run build\` to compile it.`);
  return { datasets, missing };
}

/** Time per inverse geodesic problem (distance, azimuths, area term), frontline's and GeographicLib's. */
export interface GeodesicTiming {
  label: string;
  pairs: number;
  frontlineUs: number;
  geographiclibUs: number;
}

/**
 * The inverse problem, frontline's (geodesic.ts, as long ring edges, distances and buffers use it)
 * beside GeographicLib's with the area term asked for, on seeded pairs: anywhere on the globe,
 * and 1–300 km apart (the ring edges the series leave to it). Medians of CPU time over rounds in turns.
 */
export function measureGeodesics(rounds = 21): GeodesicTiming[] {
  const { Geodesic } = geographiclib;
  const sets: [string, number[][]][] = [];
  const rng = mulberry32(2026);
  sets.push(['anywhere on the globe', Array.from({ length: 2000 }, () => [rng() * 180 - 90, rng() * 360 - 180, rng() * 180 - 90, rng() * 360 - 180])]);
  sets.push([
    'edges of 1–300 km',
    Array.from({ length: 2000 }, () => {
      const [lat, lon, size] = [rng() * 170 - 85, rng() * 360 - 180, 0.01 + rng() * 2.7];
      return [lat, lon, Math.max(-90, Math.min(90, lat + (rng() - 0.5) * size)), lon + (rng() - 0.5) * size];
    }),
  ]);
  return sets.map(([label, pairs]) => {
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const runs: [number[], () => void][] = [
        [ours, () => pairs.forEach(([a, b, c, d]) => geodesicInverse(a!, b!, c!, d!))],
        [theirs, () => pairs.forEach(([a, b, c, d]) => Geodesic.WGS84.Inverse(a!, b!, c!, d!, Geodesic.DISTANCE | Geodesic.AZIMUTH | Geodesic.AREA))],
      ];
      if (round % 2) runs.reverse();
      for (const [into, work] of runs) into.push((cpuMs(work) * 1000) / pairs.length);
    }
    return { label, pairs: pairs.length, frontlineUs: median(ours), geographiclibUs: median(theirs) };
  });
}

if (isMain(import.meta.url)) {
  const { datasets, missing } = measureArea(Number(process.argv[2] ?? 21));
  for (const d of datasets) {
    console.log(`\n${d.label}: ${d.features} features, ${d.vertices.toLocaleString('en')} vertices`);
    console.log(`  total area (GeographicLib): ${d.totalKm2.toFixed(3)} km² (ellipsoidal)`);
    console.log(`  ${'method'.padEnd(24)}${'vertices/s'.padStart(14)}${'× turf'.padStart(9)}${'max rel. diff vs GeographicLib'.padStart(34)}`);
    for (const r of d.rows) {
      console.log(
        `  ${r.method.padEnd(24)}${Math.round(r.verticesPerSecond).toLocaleString('en').padStart(14)}${r.timesTurf.toFixed(2).padStart(9)}${r.maxRelativeDifference.toExponential(2).padStart(34)}`,
      );
    }
    console.log(`  (medians of ${d.rounds} rounds of CPU time; × turf is the ratio of speeds within each round)`);
  }
  for (const m of missing) console.log(`\n${m}`);
  console.log('\nInverse geodesic problem (distance, azimuths, area term), µs a pair, medians of CPU time:');
  for (const g of measureGeodesics(Number(process.argv[2] ?? 21))) {
    console.log(`  ${g.label.padEnd(24)} frontline ${g.frontlineUs.toFixed(2)} µs   GeographicLib ${g.geographiclibUs.toFixed(2)} µs   (${g.pairs} pairs)`);
  }
}
