/**
 * Large GeoJSON for test/bench/bigfile.ts, made from the DeepState days in ../shared/data: each
 * day's MultiPolygon scaled by 1/4 (exact in binary) and moved by whole degrees into a cell of
 * its own on a 3° grid, so that the copies stay valid and never overlap one another. Features
 * carry a `controller` (cells take turns among a few names) and a `name`; the collection a
 * `date`, so the file is also a control snapshot. Written to a temporary folder, never to the
 * repository.
 *
 * Run: tsx test/bench/bigfile-data.ts OUT.geojson MEGABYTES
 */
import { closeSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { isMain, samplesDir } from './support.js';

const CELL_DEG = 3;
const CONTROLLERS = ['Northern Command', 'Southern Command', 'Coastal Guard', 'Mountain Corps'];

type Rings = number[][][];

/** Writes a snapshot-shaped FeatureCollection of about `megabytes` MB to `file`; its feature count. */
export function writeBigFile(file: string, megabytes: number): number {
  const dir = path.join(samplesDir, 'deepstate');
  const days = readdirSync(dir)
    .filter((f) => f.endsWith('.geojson'))
    .sort()
    .map(
      (f) => (JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as { features: { geometry: { coordinates: Rings[] } }[] }).features[0]!.geometry.coordinates,
    );
  // The days span about 31.5–40.3° E, 44.4–50.5° N: a quarter of that fits a 3° cell.
  const [x0, y0] = [31.5, 44.25];
  const columns = Math.floor(360 / CELL_DEG);
  const rows = Math.floor(170 / CELL_DEG);
  const fd = openSync(file, 'w');
  let written = 0;
  const put = (s: string) => {
    written += writeSync(fd, s);
  };
  put('{"type":"FeatureCollection","id":"bigfile","date":"2024-07-08","label":"Bench file","features":[\n');
  let n = 0;
  for (; written < megabytes * 1e6 && n < columns * rows; n++) {
    const day = days[n % days.length]!;
    const dx = -180 + (n % columns) * CELL_DEG - x0 / 4;
    const dy = -85 + Math.floor(n / columns) * CELL_DEG - y0 / 4;
    // Whole-degree offsets would round; offsets are applied to the quarter-scaled point, and the
    // cell is wide enough that no rounding can carry a point into a neighbour.
    const coordinates = day.map((polygon) => polygon.map((ring) => ring.map(([x, y]) => [x! / 4 + dx, y! / 4 + dy])));
    const feature = {
      type: 'Feature',
      properties: { controller: CONTROLLERS[n % CONTROLLERS.length], name: `cell ${n}`, day: n % days.length },
      geometry: { type: 'MultiPolygon', coordinates },
    };
    put(`${n > 0 ? ',\n' : ''}${JSON.stringify(feature)}`);
  }
  put('\n]}\n');
  closeSync(fd);
  return n;
}

if (isMain(import.meta.url)) {
  const [file, mb] = process.argv.slice(2);
  if (!file || !mb) throw new Error('usage: tsx test/bench/bigfile-data.ts OUT.geojson MEGABYTES');
  console.log(`${file}: ${writeBigFile(file, Number(mb))} features`);
}
