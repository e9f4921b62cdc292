/**
 * How long the main job takes from a built pack: `frontline report` end to end (pack parsed,
 * snapshots built, diffs by district, claim readings), in this process, beside the same two
 * diffs' overlays done with Turf (`intersect` / `difference`, polyclip-ts) in the same run.
 *
 * Run: npm run bench:report   (build the pack first: npm run build)
 */
import { readFileSync } from 'node:fs';
import type { Feature, MultiPolygon } from 'geojson';
import * as turf from '@turf/turf';
import { loadPack } from '../../src/model/layer.js';
import { karabakhReport, karabakhSnapshots, KARABAKH_DIFF_CHAIN } from '../../src/scenarios/karabakh/index.js';
import { shippedPackPath } from '../../src/node/paths.js';

const packText = readFileSync(shippedPackPath(), 'utf8');

function median(runs: number, work: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    work();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

const frontline = median(5, () => karabakhReport({ pack: loadPack(JSON.parse(packText)) }));

// The peer: the overlays of the report's two diffs (per controller gained, lost, retained,
// and every ordered transfer) with Turf, on the same snapshot geometry.
const snapshots = karabakhSnapshots(loadPack(JSON.parse(packText)));
const chain = KARABAKH_DIFF_CHAIN.map((id) => snapshots.find((s) => s.id === id)!);
const f = (g: MultiPolygon): Feature<MultiPolygon> => turf.feature(g);
const turfDiffs = () => {
  for (let i = 0; i + 1 < chain.length; i++) {
    const a = chain[i]!,
      b = chain[i + 1]!;
    const names = [...new Set([...a.controllers, ...b.controllers])];
    const get = (s: typeof a, c: string) => (s.has(c) ? f(s.geometry(c)) : null);
    for (const c of names) {
      const before = get(a, c),
        after = get(b, c);
      if (before && after) {
        turf.difference(turf.featureCollection([after, before]));
        turf.difference(turf.featureCollection([before, after]));
        turf.intersect(turf.featureCollection([before, after]));
      }
      for (const d of names) if (d !== c && before && get(b, d)) turf.intersect(turf.featureCollection([before, get(b, d)!]));
    }
  }
};
const turfMs = median(3, turfDiffs);

console.log('frontline report, from a built pack (median of 5 runs, one process)');
console.log(`  frontline report (everything)       ${frontline.toFixed(0).padStart(6)} ms`);
console.log(`  Turf overlays of the two diffs only  ${turfMs.toFixed(0).padStart(6)} ms   (${(turfMs / frontline).toFixed(1)}x frontline's whole report)`);
console.log(`  goal: under 2,000 ms -> ${frontline < 2000 ? 'met' : 'NOT met'}`);
