/**
 * Areas, a diff and a map of the 2020 changes, notebook style: each step prints what it found.
 *
 *   npx tsx docs/examples/areas.ts            (in a project with frontline installed, or in this repository after npm ci)
 *
 * The map is written to $FRONTLINE_EXAMPLES_OUT (default: a `frontline-examples` folder in the
 * system's temporary directory).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { area, layerAreas } from 'frontline';
import { karabakhDiff, karabakhPack, renderKarabakhDiff } from 'frontline/karabakh';
import { svgToPng } from 'frontline/node';

const outDir = process.env.FRONTLINE_EXAMPLES_OUT ?? path.join(os.tmpdir(), 'frontline-examples');
const km2 = (value: number) => value.toLocaleString('en', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

// 1. The layer pack that ships with frontline: layers with their metadata.
const pack = karabakhPack();
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

// 3. Control snapshots (by date) and what changed hands between them, by district and former NKAO.
const war = karabakhDiff('1994-05-12', '2020-11-10');
const handovers = karabakhDiff('2020-11-10', '2020-12-01');
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
const map = renderKarabakhDiff([war, handovers], { title: 'Who gained what, 1994 → 10 Nov 2020 → 1 Dec 2020' });
const file = path.join(outDir, 'changes-2020.svg');
writeFileSync(file, map.svg);
writeFileSync(path.join(outDir, 'changes-2020.png'), svgToPng(map.svg));
console.log(`\n## Map: ${file} (${map.width}×${map.height} px, scale bar ${map.scaleBar.km} km, ${map.labels.length} labels)`);
