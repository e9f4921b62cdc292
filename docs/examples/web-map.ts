/**
 * Files for a web map, notebook style: the whole pack as one small TopoJSON file, a snapshot
 * as GeoJSON and a diff as CSV, with their sizes.
 *
 *   npx tsx docs/examples/web-map.ts          (from the repository, after `npm run build` or `npm test`)
 *
 * Files go to $FRONTLINE_EXAMPLES_OUT (default: a `frontline-examples` folder in the system's
 * temporary directory). In a project of your own, import from 'frontline' instead of
 * '../../src/index.js'. The same files come from the CLI: `npx frontline export pack
 * --simplify 100 --out pack.topojson`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { diffCollections, diffSnapshots, exportAs, karabakhSnapshots, loadPack, packCollections, snapshotCollections } from '../../src/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = process.env.FRONTLINE_EXAMPLES_OUT ?? path.join(os.tmpdir(), 'frontline-examples');
mkdirSync(outDir, { recursive: true });
const write = (name: string, text: string) => {
  const file = path.join(outDir, name);
  writeFileSync(file, text);
  console.log(`${name}: ${Buffer.byteLength(text).toLocaleString('en')} bytes`);
  return file;
};

const pack = loadPack(JSON.parse(readFileSync(path.join(root, 'data/karabakh.topo.json'), 'utf8')));

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
const line = JSON.parse(readFileSync(path.join(root, 'fixtures/karabakh/line-of-contact-2020-11-10.geojson'), 'utf8'));
const snapshots = karabakhSnapshots(pack, line);
const [ceasefire, , statement, handovers] = snapshots;
write('karabakh-2020-12-01.geojson', exportAs(snapshotCollections(handovers!), 'geojson'));
const csv = exportAs(diffCollections(diffSnapshots(ceasefire!, statement!)), 'csv');
write('karabakh-1994-2020.csv', csv);
console.log(csv.split('\n')[0]);
