/**
 * The FlatGeobuf writer's layout, checked from the bytes: the parts follow each other as the
 * format lays them out (flatgeobuf.org), the index's leaves point at the features, and every
 * buffer starts 8-aligned in the file. That GDAL reads the files back (features, properties,
 * geometries, box searches through the index) is test/postgis.test.ts's job, where GDAL is
 * installed.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/run.js';
import { layerCollections, snapshotCollections } from '../src/export/features.js';
import { FlatGeobufWriter } from '../src/export/flatgeobuf.js';
import { exportAs } from '../src/export/formats.js';
import { karabakhPack, karabakhSnapshot } from '../src/scenarios/karabakh/index.js';
import { catchError, deepFreeze } from './support/assert.js';

const MAGIC = [0x66, 0x67, 0x62, 3, 0x66, 0x67, 0x62, 1];

/** The file cut into its parts, read with nothing but the format's layout: header, index, features. */
function parts(bytes: Uint8Array): { header: number; count: number; nodeSize: number; index: DataView; features: { at: number; size: number }[] } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header = view.getUint32(8, true);
  // The header table's count (slot 8, u64) and node size (slot 9, u16), found through its vtable.
  const table = 12 + view.getUint32(12, true);
  const vtable = table - view.getInt32(table, true);
  const field = (slot: number) => view.getUint16(vtable + 4 + 2 * slot, true);
  const count = Number(view.getBigUint64(table + field(8), true));
  const nodeSize = view.getUint16(table + field(9), true);
  let nodes = count,
    level = count;
  while (level > 1 || nodes === count) nodes += level = Math.ceil(level / nodeSize);
  const start = 12 + header;
  const indexBytes = count > 0 ? nodes * 40 : 0;
  const features: { at: number; size: number }[] = [];
  for (let at = start + indexBytes; at < bytes.length; at += 4 + view.getUint32(at, true)) features.push({ at, size: view.getUint32(at, true) });
  return { header, count, nodeSize, index: new DataView(bytes.buffer, bytes.byteOffset + start, indexBytes), features };
}

describe('FlatGeobuf layout', () => {
  it('magic bytes, header, index and features follow each other, every part 8-aligned, the leaves pointing at the features', () => {
    const bytes = exportAs(layerCollections(karabakhPack(), 'districts'), 'flatgeobuf');
    expect([...bytes.subarray(0, 8)]).toEqual(MAGIC);
    const { header, count, nodeSize, index, features } = parts(bytes);
    expect(nodeSize).toBe(16);
    expect(count).toBe(7);
    expect(features).toHaveLength(7);
    expect((12 + header) % 8).toBe(0);
    const first = features[0]!.at;
    for (const f of features) expect(f.at % 8).toBe(0);
    // One root over seven leaves: the leaves are the last seven nodes, in file order.
    const leaf = (i: number) => Number(index.getBigUint64((1 + i) * 40 + 32, true));
    expect(features.map((f) => f.at - first)).toEqual(features.map((_, i) => leaf(i)));
    // The root's box holds every leaf's.
    for (let i = 0; i < 7; i++) {
      expect(index.getFloat64(0, true)).toBeLessThanOrEqual(index.getFloat64((1 + i) * 40, true));
      expect(index.getFloat64(16, true)).toBeGreaterThanOrEqual(index.getFloat64((1 + i) * 40 + 16, true));
    }
    expect(features[6]!.at + 4 + features[6]!.size).toBe(bytes.length);
  });

  it('leaves out features without geometry, says how many, and leaves its input as it was', () => {
    const collection = deepFreeze<FeatureCollection<Geometry | null>>({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { name: 'a', n: 1, ok: true, tags: ['x'] }, geometry: { type: 'Point', coordinates: [46.1, 39.5] } },
        { type: 'Feature', properties: { name: 'b' }, geometry: null },
        { type: 'Feature', properties: { name: 'c', n: 2.5 }, geometry: { type: 'MultiPolygon', coordinates: [] } },
        {
          type: 'Feature',
          properties: null,
          geometry: {
            type: 'LineString',
            coordinates: [
              [46, 39],
              [46.2, 39.1],
            ],
          },
        },
      ],
    });
    const writer = new FlatGeobufWriter('test');
    for (const f of collection.features) writer.add(f as Feature);
    expect(writer.count).toBe(2);
    expect(writer.skipped).toBe(2);
    const { count, features } = parts(writer.finish());
    expect(count).toBe(2);
    expect(features).toHaveLength(2);
  });

  it('an empty file has no index', () => {
    const bytes = new FlatGeobufWriter().finish();
    const { count, nodeSize, features } = parts(bytes);
    expect([count, nodeSize, features.length]).toEqual([0, 0, 0]);
  });

  it('refuses what is not GeoJSON', () => {
    const writer = new FlatGeobufWriter();
    expect(catchError(() => writer.add({ type: 'Feature', properties: {}, geometry: { type: 'Polgon', coordinates: [] } } as unknown as Feature)).code).toBe(
      'INVALID_ARGUMENT',
    );
    expect(catchError(() => writer.add({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [NaN, 1] } })).code).toBe('INVALID_ARGUMENT');
  });
});

describe('frontline export and timeline write FlatGeobuf', () => {
  async function cli(args: string[]) {
    const stderr: string[] = [];
    const code = await run(args, { stdout: () => {}, stderr: (s) => stderr.push(s) });
    return { code, stderr: stderr.join('\n') };
  }

  it('export: the format from a .fgb file name, the same features as the GeoJSON export', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'frontline-fgb-'));
    const file = path.join(dir, 'dec-2020.fgb');
    const result = await cli(['export', 'karabakh-2020-12-01', '--out', file]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/wrote .*dec-2020\.fgb \(flatgeobuf, [\d,]+ bytes\)/);
    const bytes = new Uint8Array(readFileSync(file));
    expect([...bytes.subarray(0, 8)]).toEqual(MAGIC);
    const geojson = JSON.parse(exportAs(snapshotCollections(karabakhSnapshot('2020-12-01')), 'geojson')) as FeatureCollection;
    expect(parts(bytes).count).toBe(geojson.features.length);
  });

  it('timeline: --changes FILE.fgb, and --changes-format says which format whatever the name', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'frontline-fgb-'));
    const timeline = path.join(dir, 'snapshots');
    const square = (x: number, date: string) => ({
      type: 'FeatureCollection',
      date,
      features: [
        {
          type: 'Feature',
          properties: {},
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [x, 0],
                [x + 1, 0],
                [x + 1, 1],
                [x, 1],
                [x, 0],
              ],
            ],
          },
        },
      ],
    });
    mkdirSync(timeline);
    writeFileSync(path.join(timeline, '2024-01-01.geojson'), JSON.stringify(square(0, '2024-01-01')));
    writeFileSync(path.join(timeline, '2024-01-02.geojson'), JSON.stringify(square(0.5, '2024-01-02')));
    const fgb = path.join(dir, 'changes.fgb'),
      named = path.join(dir, 'changes.bin');
    expect((await cli(['timeline', timeline, '--quiet', '--csv', path.join(dir, 'a.csv'), '--changes', fgb])).code).toBe(0);
    expect((await cli(['timeline', timeline, '--quiet', '--csv', path.join(dir, 'b.csv'), '--changes', named, '--changes-format', 'flatgeobuf'])).code).toBe(0);
    for (const file of [fgb, named]) {
      const bytes = new Uint8Array(readFileSync(file));
      expect([...bytes.subarray(0, 8)]).toEqual(MAGIC);
      expect(parts(bytes).count).toBe(2); // gained and lost
    }
    const bad = await cli(['timeline', timeline, '--changes', fgb, '--changes-format', 'kml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/USAGE: --changes-format must be geojson or flatgeobuf/);
  });
});
