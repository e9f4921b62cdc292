/**
 * Files for a web map, notebook style: the whole pack as one small TopoJSON file, a snapshot
 * as GeoJSON and a diff as CSV, with their sizes.
 *
 *   npx tsx docs/examples/web-map.ts          (in a project with frontline installed, or in this repository after npm ci)
 *
 * Files go to $FRONTLINE_EXAMPLES_OUT (default: a `frontline-examples` folder in the system's
 * temporary directory). The same files come from the CLI: `npx frontline export pack
 * --simplify 100 --out pack.topojson`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { diffCollections, exportAs, loadPack, packCollections, snapshotCollections } from 'frontline';
import { karabakhDiff, karabakhPack, karabakhSnapshot } from 'frontline/karabakh';

const outDir = process.env.FRONTLINE_EXAMPLES_OUT ?? path.join(os.tmpdir(), 'frontline-examples');
mkdirSync(outDir, { recursive: true });
const write = (name: string, text: string) => {
  const file = path.join(outDir, name);
  writeFileSync(file, text);
  console.log(`${name}: ${Buffer.byteLength(text).toLocaleString('en')} bytes`);
  return file;
};

const pack = karabakhPack();

// 1. The pack for a web map: quantized to 1e-5° (about 1 m), simplified at 100 m with its
//    topology kept, so borders shared by layers stay shared. loadPack reads it back.
console.log('## The pack as TopoJSON, by tolerance');
for (const simplify of [0, 100, 500]) write(`pack-${simplify}m.topojson`, exportAs(packCollections(pack), 'topojson', { simplify }));
const topology = JSON.parse(readFileSync(path.join(outDir, 'pack-100m.topojson'), 'utf8')) as Topology;
const back = loadPack(topology);
console.log(`read back: ${back.ids.join(', ')}`);

// 2. In the browser, topojson-client turns an object back into GeoJSON for d3, Leaflet or MapLibre.
const districts = feature(topology, topology.objects.districts as GeometryCollection<{ name: string }>);
console.log(`districts: ${districts.features.map((f) => f.properties.name).join(', ')}`);

// 3. A snapshot as GeoJSON (RFC 7946, 6 decimals) and a diff as CSV, one row per transfer.
console.log('\n## A snapshot and a diff');
write('karabakh-2020-12-01.geojson', exportAs(snapshotCollections(karabakhSnapshot('2020-12-01')), 'geojson'));
const csv = exportAs(diffCollections(karabakhDiff('1994-05-12', '2020-11-10')), 'csv');
write('karabakh-1994-2020.csv', csv);
console.log(csv.split('\n')[0]);
