/**
 * Every performance figure of frontline in one run, each beside its peer measured in the same
 * run, the ratio and the budget: areas (test/bench/area.ts), validation (validate.ts), the
 * timeline and the report as fresh CLI processes (cold.ts), and the package (package.ts). Prints
 * one table and writes the same, with the raw measurements, the machine and the versions, to
 * bench/results.json.
 *
 * Run: npm run bench   (builds dist/ first; the figures for the CLI are of the built code)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measureArea, measureGeodesics } from './area.js';
import { measureReportCold, measureTimelineCold } from './cold.js';
import { measurePackage } from './package.js';
import { fmtMB, fmtMs, machine, repoRoot } from './support.js';
import { measureValidate } from './validate.js';

interface Figure {
  measure: string;
  frontline: string;
  peer: string;
  /** frontline / peer: a speed ratio for areas (higher is better), else a ratio of times or sizes (lower is better). */
  ratio: number | null;
  budget: string;
  met: boolean | null;
  note?: string;
}

const figures: Figure[] = [];
const version = (pkg: string): string =>
  (JSON.parse(readFileSync(path.join(repoRoot, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();
const started = new Date();
const host = machine();
const mvs = (v: number): string => `${(v / 1e6).toFixed(1)} M vertices/s`;

console.error('areas…');
const area = measureArea(Number(process.env.FRONTLINE_BENCH_ROUNDS ?? 21));
for (const d of area.datasets) {
  const turf = d.rows.find((r) => r.method === 'turf.area')!;
  const short = d.label.startsWith('DeepState') ? 'DeepState' : 'the pack';
  for (const r of d.rows) {
    if (r === turf) continue;
    figures.push({
      measure: `area, ${short}, ${r.method}`,
      frontline: mvs(r.verticesPerSecond),
      peer: `turf.area ${mvs(turf.verticesPerSecond)}`,
      ratio: r.timesTurf,
      budget: r.method === 'frontline ellipsoidal' ? '≥ 0.5× turf' : '',
      met: r.method === 'frontline ellipsoidal' ? r.timesTurf >= 0.5 : null,
      note: `max relative difference from GeographicLib ${r.maxRelativeDifference.toExponential(1)}`,
    });
  }
}
for (const m of area.missing) figures.push({ measure: 'area', frontline: 'not measured', peer: '', ratio: null, budget: '', met: null, note: m });
for (const g of measureGeodesics(Number(process.env.FRONTLINE_BENCH_ROUNDS ?? 21))) {
  figures.push({
    measure: `inverse geodesic, ${g.label}`,
    frontline: `${g.frontlineUs.toFixed(2)} µs a pair`,
    peer: `GeographicLib ${g.geographiclibUs.toFixed(2)} µs`,
    ratio: g.geographiclibUs / g.frontlineUs,
    budget: '',
    met: null,
    note: '',
  });
}

console.error('validate…');
const validate = await measureValidate();
figures.push({
  measure: 'validate, Natural Earth 1:50m countries',
  frontline: fmtMs(validate.frontlineMs),
  peer: validate.shapelyMs === null ? `shapely: ${validate.shapelyNote}` : `shapely is_valid ${fmtMs(validate.shapelyMs)}`,
  ratio: validate.ratio,
  budget: '≤ 2× shapely',
  met: validate.ratio === null ? null : validate.ratio <= 2,
  note: `${validate.features} features, ${validate.vertices.toLocaleString('en')} vertices, ${fmtMB(validate.bytes)}; CPU time, ${validate.rounds} rounds in turns${validate.ratioQuartiles ? `, ratio quartiles ${validate.ratioQuartiles[0].toFixed(2)}–${validate.ratioQuartiles[1].toFixed(2)}` : ''}`,
});
const beyond = validate.memory.heapPeakBeyond + validate.memory.arrayBuffers;
figures.push({
  measure: 'validate, memory beyond the parsed input',
  frontline: fmtMB(beyond),
  peer: `GeoJSON file ${fmtMB(validate.bytes)}`,
  ratio: validate.memory.timesFile,
  budget: '≤ 4× the file',
  met: validate.memory.timesFile <= 4,
  note: `heap at its highest ${fmtMB(validate.memory.heapPeakBeyond)} above the ${fmtMB(validate.memory.heapParsed)} holding the parsed input, from V8's trace of collections, plus ${fmtMB(validate.memory.arrayBuffers)} of ArrayBuffers allocated in all`,
});

console.error('timeline…');
const timeline = await measureTimelineCold(Number(process.env.FRONTLINE_BENCH_PROCESS_ROUNDS ?? 5));
if ('missing' in timeline)
  figures.push({ measure: 'timeline', frontline: 'not measured', peer: '', ratio: null, budget: '', met: null, note: timeline.missing });
else {
  for (const set of timeline.sets) {
    figures.push({
      measure: `timeline, ${set.label} (${set.files} days), cold CLI`,
      frontline: `wall ${fmtMs(set.timeline.wallMs)}, CPU ${fmtMs(set.timeline.cpuMs)}`,
      peer: `read + JSON.parse: wall ${fmtMs(set.floor.wallMs)}, CPU ${fmtMs(set.floor.cpuMs)}`,
      ratio: set.ratio.wall,
      budget: '≤ 1.2× the floor',
      met: set.ratio.wall <= 1.2,
      note: `ratio of wall times; of CPU times (all threads) ${set.ratio.cpu.toFixed(2)}; Node's start-up in both; peak RSS ${set.timeline.peakRssMB.toFixed(0)} MB; medians of ${timeline.rounds}`,
    });
    const c = set.compiled;
    figures.push({
      measure: `timeline, ${set.label}, with its code compiled before it ran (lower bound)`,
      frontline: `${fmtMs(c.totalMs)} = node ${fmtMs(c.nodeMs)} + modules ${fmtMs(c.loadMs)} + the job warm ${fmtMs(c.warmJobMs)}`,
      peer: `read + JSON.parse: wall ${fmtMs(set.floor.wallMs)}`,
      ratio: c.ratio,
      budget: '',
      met: null,
      note: 'what a fresh process would take without V8 compiling the hot code as it runs: the cold run less this is the JIT warm-up',
    });
  }
  const sample = timeline.sets[0]!;
  figures.push({
    measure: 'timeline, beside GEOS',
    frontline: `${fmtMs(sample.timeline.cpuMs)} (the whole job)`,
    peer: timeline.geos ? `GEOS diffs only, ${timeline.geos.pairs} pairs both ways ${fmtMs(timeline.geos.cpuMs)}` : `GEOS: ${timeline.geosNote}`,
    ratio: timeline.geos ? sample.timeline.cpuMs / timeline.geos.cpuMs : null,
    budget: '',
    met: null,
  });
}

console.error('report…');
const report = await measureReportCold(Number(process.env.FRONTLINE_BENCH_PROCESS_ROUNDS ?? 5));
if ('missing' in report) figures.push({ measure: 'report', frontline: 'not measured', peer: '', ratio: null, budget: '', met: null, note: report.missing });
else {
  figures.push({
    measure: 'report, cold CLI',
    frontline: `wall ${fmtMs(report.report.wallMs)}, CPU ${fmtMs(report.report.cpuMs)}`,
    peer: `node -e 0 + warm report: wall ${fmtMs(report.nodeAlone.wallMs + report.inProcess.wallMs)}, CPU ${fmtMs(report.nodeAlone.cpuMs + report.inProcess.cpuMs)}`,
    ratio: report.ratio.wall,
    budget: '≤ 2×',
    met: report.ratio.wall <= 2,
    note: `ratio of wall times; of CPU times ${report.ratio.cpu.toFixed(2)}; the warm report is the built CLI's run(['report', '--pack', the shipped pack]) in this process; medians of ${report.rounds}`,
  });
}

console.error('package…');
const pkg = await measurePackage();
for (const r of pkg.rows) {
  const turfImport = r.measure === "cold import('frontline')";
  figures.push({
    measure: `package: ${r.measure}`,
    frontline: turfImport ? `${r.value.toFixed(0)} ms` : r.now,
    peer: turfImport ? `@turf/turf ${pkg.turfImportMs.toFixed(0)} ms` : r.v010 ? `frontline 0.1.0: ${r.v010}` : '',
    ratio: turfImport ? r.value / pkg.turfImportMs : null,
    budget: r.budget,
    met: r.met,
    note: turfImport ? 'wall time, median of 7 fresh processes each' : undefined,
  });
}

const finished = new Date();
const header = [
  `frontline ${(JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version} at ${commit}, ${started.toISOString()} (${((finished.getTime() - started.getTime()) / 1000).toFixed(0)} s)`,
  `node ${host.node}, ${host.cpu} × ${host.cores}, ${host.os}, load ${host.load.toFixed(1)} at the start and ${os.loadavg()[0]!.toFixed(1)} at the end`,
  `peers: @turf/turf ${version('@turf/turf')}, geographiclib-geodesic ${version('geographiclib-geodesic')}, ${host.geos ? `GEOS ${host.geos} through shapely ${host.shapely}` : 'GEOS not installed'}`,
  'ratio: frontline / peer, of speeds for areas (higher is better), else of times or sizes (lower is better)',
];
const cols = ['measure', 'frontline', 'peer', 'ratio', 'budget', 'met'];
const cells = figures.map((f) => [
  f.measure,
  f.frontline,
  f.peer,
  f.ratio === null ? '' : `${f.ratio.toFixed(2)}×`,
  f.budget,
  f.met === null ? '' : f.met ? 'yes' : 'NO',
]);
const width = cols.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
const line = (row: string[]) =>
  row
    .map((c, i) => (i === 3 ? c.padStart(width[i]!) : c.padEnd(width[i]!)))
    .join('  ')
    .trimEnd();
console.log(header.join('\n'));
console.log('');
console.log(line(cols));
console.log(line(width.map((w) => '-'.repeat(w))));
for (const row of cells) console.log(line(row));
const notes = figures.filter((f) => f.note);
if (notes.length > 0) {
  console.log('');
  for (const f of notes) console.log(`${f.measure}: ${f.note}`);
}

const out = path.join(repoRoot, 'bench', 'results.json');
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(
  out,
  `${JSON.stringify(
    {
      frontline: { commit, started: started.toISOString(), finished: finished.toISOString() },
      machine: { ...host, loadAtEnd: os.loadavg()[0] },
      peers: { turf: version('@turf/turf'), geographiclib: version('geographiclib-geodesic'), geos: host.geos ?? null, shapely: host.shapely ?? null },
      figures,
      raw: { area, validate, timeline, report, package: pkg },
    },
    null,
    2,
  )}\n`,
);
console.log(`\nwritten to ${path.relative(repoRoot, out)}`);
