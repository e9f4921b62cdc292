/**
 * Areas, a diff and a map of the 2020 changes, notebook style: each step prints what it found.
 *
 *   npx tsx docs/examples/areas.ts            (from the repository, after `npm run build` or `npm test`)
 *
 * The map is written to $FRONTLINE_EXAMPLES_OUT (default: a `frontline-examples` folder in the
 * system's temporary directory). In a project of your own, import from 'frontline' instead of
 * '../../src/index.js'.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { area, diffSnapshots, karabakhRegions, karabakhSnapshots, layerAreas, loadPack, renderKarabakhDiff } from '../../src/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = process.env.FRONTLINE_EXAMPLES_OUT ?? path.join(os.tmpdir(), 'frontline-examples');
const km2 = (value: number) => value.toLocaleString('en', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

// 1. Load the layer pack: parsed JSON in, layers out (the library itself never reads files).
const pack = loadPack(JSON.parse(readFileSync(path.join(root, 'data/karabakh.topo.json'), 'utf8')));
console.log(`## Pack "${pack.name}": ${pack.ids.length} layers`);
const nkao = pack.layer('nkao-1991');
console.log(`nkao-1991: ${km2(area(nkao.geojson) / 1e6)} km² (one feature, ellipsoidal); licence: ${nkao.meta.licence}`);

// 2. Areas of whole layers (the union of their features), on the WGS84 ellipsoid with geodesic
//    edges, and the spherical (Turf-compatible) figure beside them. One feature: `area(geojson)`.
console.log('\n## Layer areas');
const sphericalRows = layerAreas(pack, { method: 'spherical' });
for (const row of layerAreas(pack).filter((r) => r.feature === null && r.areaKm2 > 0)) {
  const spherical = sphericalRows.find((r) => r.layer === row.layer && r.feature === null)!.areaKm2;
  console.log(`${row.layer}: ${km2(row.areaKm2)} km² (ellipsoidal); spherical ${km2(spherical)} km², ${(((spherical - row.areaKm2) / row.areaKm2) * 100).toFixed(2)} %`);
}

// 3. Control snapshots and what changed hands between them, by district and former NKAO.
const line = JSON.parse(readFileSync(path.join(root, 'fixtures/karabakh/line-of-contact-2020-11-10.geojson'), 'utf8'));
const snapshots = karabakhSnapshots(pack, line);
const get = (id: string) => snapshots.find((s) => s.id === id)!;
const regions = karabakhRegions(pack);
const war = diffSnapshots(get('karabakh-1994-05-12'), get('karabakh-2020-11-10'), { regions });
const handovers = diffSnapshots(get('karabakh-2020-11-10'), get('karabakh-2020-12-01'), { regions });
for (const diff of [war, handovers]) {
  console.log(`\n## ${diff.from.date} → ${diff.to.date}`);
  for (const c of diff.controllers) console.log(`${c.controller}: gained ${km2(c.gainedKm2)} km², lost ${km2(c.lostKm2)} km², net ${km2(c.netKm2)} km²`);
  for (const t of diff.transfers.filter((x) => x.areaKm2 >= 0.05)) {
    const parts = t.byRegion.filter((r) => r.areaKm2 >= 0.05).map((r) => `${r.name} ${km2(r.areaKm2)}`);
    console.log(`  ${t.from} → ${t.to}: ${km2(t.areaKm2)} km² (${parts.join(', ')})`);
  }
}

// 4. The "one fifth" sentence, one reading: land taken inside the former NKAO over the NKAO.
const nkaoKm2 = layerAreas(pack).find((r) => r.layer === 'nkao-1991' && r.feature === null)!.areaKm2;
const takenInNkao = war.transfers.find((t) => t.from === 'armenian-forces' && t.to === 'azerbaijan')!.byRegion.find((r) => r.region === 'nkao')!.areaKm2;
console.log(`\n## One reading of "one fifth": ${km2(takenInNkao)} / ${km2(nkaoKm2)} km² = ${((takenInNkao / nkaoKm2) * 100).toFixed(1)} %`);

// 5. The map of both steps: who gained what, and what each side held on 1 December 2020.
mkdirSync(outDir, { recursive: true });
const map = renderKarabakhDiff(pack, [war, handovers], { title: 'Who gained what, 1994 → 10 Nov 2020 → 1 Dec 2020' });
const file = path.join(outDir, 'changes-2020.svg');
writeFileSync(file, map.svg);
console.log(`\n## Map: ${file} (${map.width}×${map.height} px, scale bar ${map.scaleBar.km} km, ${map.labels.length} labels)`);
