import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { mesh } from 'topojson-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { shippedPackPath } from '../src/node/paths.js';
import { run } from '../src/cli/run.js';
import { diffCollections, layerCollections, packCollections, snapshotCollections, type ExportCollections } from '../src/export/features.js';
import { exportAs, exportWithInfo, type ExportFormat, type TextExportFormat } from '../src/export/formats.js';
import { fromTopology, toTopology } from '../src/export/topojson.js';
import { toWkt } from '../src/export/wkt.js';
import { validate, type ValidationFinding } from '../src/kernel/validate.js';
import { diffSnapshots } from '../src/model/diff.js';
import { loadPack, type LayerPack } from '../src/model/layer.js';
import { ControlSnapshot } from '../src/model/snapshot.js';
import { karabakhSnapshots } from '../src/scenarios/karabakh/index.js';
import { catchError, deepFreeze } from './support/assert.js';
import { fixturesDir, repoRoot } from './support/paths.js';
import { referenceArea } from './support/reference.js';

let pack: LayerPack;
let snapshots: readonly ControlSnapshot[];
const byId = (id: string) => snapshots.find((s) => s.id === id)!;

beforeAll(() => {
  pack = loadPack(JSON.parse(readFileSync(shippedPackPath(), 'utf8')));
  const _line = JSON.parse(readFileSync(path.join(repoRoot, 'fixtures/karabakh/line-of-contact-2020-11-10.geojson'), 'utf8'));
  snapshots = karabakhSnapshots(pack);
});

/** The project's validator on every collection an export holds (a TopoJSON one read back with topojson-client). */
function errorsIn(text: string): ValidationFinding[] {
  const json = JSON.parse(text);
  const collections: FeatureCollection[] = json.type === 'Topology' ? Object.values(fromTopology(json as Topology)) : [json];
  return collections.flatMap((fc) => validate(fc).filter((f) => f.severity === 'error'));
}

function geometryArea(fc: FeatureCollection, pick: (f: Feature) => boolean = () => true): number {
  return fc.features.filter(pick).reduce((sum, f) => sum + referenceArea(f.geometry), 0);
}

/** Largest number of decimals any coordinate of a GeoJSON text is written with. */
function maxDecimals(text: string): number {
  const json = JSON.parse(text) as FeatureCollection;
  let most = 0;
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number') {
      for (const v of c as number[]) most = Math.max(most, (String(v).split('.')[1] ?? '').length);
      return;
    }
    c.forEach(visit);
  };
  json.features.forEach((f) => visit((f.geometry as { coordinates?: unknown } | null)?.coordinates));
  return most;
}

describe('exports pass the project validator', () => {
  const cases: [string, () => ExportCollections][] = [
    ['the pack', () => packCollections(pack)],
    ['the districts layer', () => layerCollections(pack, 'districts')],
    ['snapshot 2020-12-01', () => snapshotCollections(byId('karabakh-2020-12-01'))],
    ['snapshot 2022-08-26', () => snapshotCollections(byId('karabakh-2022-08-26'))],
    ['diff 1994 → 2020-11-10', () => diffCollections(diffSnapshots(byId('karabakh-1994-05-12'), byId('karabakh-2020-11-10')))],
  ];
  const settings: { format: TextExportFormat; precision?: number; simplify?: number }[] = [
    { format: 'geojson' },
    { format: 'geojson', precision: 4, simplify: 200 },
    { format: 'topojson' },
    { format: 'topojson', precision: 5, simplify: 100 },
    { format: 'topojson', precision: 3, simplify: 1000 },
  ];
  for (const [name, make] of cases) {
    it(`${name}: no error finding in any format, precision or simplification`, () => {
      const exported = make();
      for (const s of settings) {
        const text = exportAs(exported, s.format, s);
        expect(errorsIn(text), `${s.format} precision ${s.precision} simplify ${s.simplify}`).toEqual([]);
      }
    });
  }

  it('the snapshot tiles its ground without gaps or overlaps once simplified: shared borders stay shared', () => {
    const snapshot = byId('karabakh-2020-12-01');
    const { topology } = toTopology(snapshotCollections(snapshot), { precision: 5, simplify: 500 });
    const back = fromTopology(topology)[snapshot.id]!;
    // No overlap (validate checks controllers), and the ground adds up to the unsimplified whole
    // (a gap or an overlap along a border would not cancel).
    expect(validate(back).filter((f) => f.severity === 'error')).toEqual([]);
    const total = geometryArea(snapshot.toFeatureCollection());
    expect(Math.abs(geometryArea(back) - total) / total).toBeLessThan(2e-3);
    // Borders between controllers are arcs both sides use.
    const object = topology.objects[snapshot.id] as GeometryCollection;
    const shared = mesh(topology, object, (a, b) => a !== b);
    expect(shared.coordinates.length).toBeGreaterThan(0);
  });
});

describe('repairs are reported', () => {
  it('counts the spikes the upstream districts carry, which validate flags in the pack itself', () => {
    const spikes = validate(pack.layer('districts').geojson).filter((f) => f.code === 'SELF_INTERSECTION' && /spike/.test(f.message));
    const { text, info } = exportWithInfo(layerCollections(pack, 'districts'), 'geojson');
    expect(errorsIn(text)).toEqual([]);
    if (spikes.length > 0) expect(info!.repairs.despiked).toBeGreaterThan(0);
    const clean = exportWithInfo(layerCollections(pack, 'nkao-1991'), 'topojson').info!;
    expect(clean.repairs).toEqual({ despiked: 0, unfolded: 0, rebuilt: 0, emptied: 0, separated: 0 });
    expect(JSON.parse(exportWithInfo(layerCollections(pack, 'nkao-1991'), 'topojson').text).frontline.export.repairs).toEqual(clean.repairs);
  });
});

describe('GeoJSON', () => {
  it('writes coordinates with the precision asked and shells counter-clockwise (RFC 7946)', () => {
    for (const precision of [3, 5, 6]) {
      const text = exportAs(layerCollections(pack, 'nkao-1991'), 'geojson', { precision });
      expect(maxDecimals(text)).toBeLessThanOrEqual(precision);
      expect(validate(JSON.parse(text)).filter((f) => f.code === 'RING_ORIENTATION')).toEqual([]);
    }
  });

  it("keeps the pack's areas to within what the precision and simplification allow", () => {
    const original = packCollections(pack);
    // Snapping moves a border by up to half a step (5 cm at 6 decimals): up to 1e-5 of a 5 km wide band.
    for (const [precision, simplify, tolerance] of [
      [6, 0, 1e-5],
      [5, 100, 2e-3],
      [4, 500, 1e-2],
    ] as const) {
      const merged = JSON.parse(exportAs(original, 'geojson', { precision, simplify })) as FeatureCollection;
      for (const [id, fc] of Object.entries(original.collections)) {
        const before = geometryArea(fc);
        if (before === 0) continue;
        const after = geometryArea(merged, (f) => f.properties?.layer === id);
        expect(Math.abs(after - before) / before, `${id} at precision ${precision}, simplify ${simplify}`).toBeLessThan(tolerance);
      }
    }
  });

  it('tags each feature of a pack with its layer and does not modify its input', () => {
    const exported = deepFreeze(packCollections(pack));
    const merged = JSON.parse(exportAs(exported, 'geojson')) as FeatureCollection;
    expect(new Set(merged.features.map((f) => f.properties?.layer))).toEqual(new Set(pack.ids));
    expect(merged.features).toHaveLength(pack.layers.reduce((n, l) => n + l.geojson.features.length, 0));
  });
});

describe('TopoJSON', () => {
  it('puts the whole pack in well under 100 kB, and loadPack reads it back', () => {
    const text = exportAs(packCollections(pack), 'topojson', { simplify: 100 });
    expect(Buffer.byteLength(text)).toBeLessThan(60_000);
    const back = loadPack(JSON.parse(text));
    expect(back.ids).toEqual(pack.ids);
    expect(back.layer('nkao-1991').meta).toEqual(pack.layer('nkao-1991').meta);
    const info = JSON.parse(text).frontline.export;
    expect(info).toMatchObject({ precision: 5, simplifyMeters: 100 });
    for (const layer of pack.layers) {
      const before = geometryArea(layer.geojson);
      if (before > 0) expect(Math.abs(geometryArea(back.layer(layer.meta.id).geojson) - before) / before, layer.meta.id).toBeLessThan(2e-3);
    }
  });

  it('quantizes to the precision: every coordinate is a multiple of 10^-precision degrees', () => {
    const { topology } = toTopology(layerCollections(pack, 'control-1994'), { precision: 4 });
    expect(topology.transform!.scale).toEqual([1e-4, 1e-4]);
    const fc = fromTopology(topology)['control-1994']!;
    const ring = (fc.features[0]!.geometry as Polygon).coordinates[0]!;
    for (const p of ring) for (const v of p) expect(Math.abs(v * 1e4 - Math.round(v * 1e4))).toBeLessThan(1e-6);
  });

  it('simplifies more with a larger tolerance, and never to an invalid topology', () => {
    const sizes = [0, 100, 1000, 5000].map((simplify) => {
      const text = exportAs(snapshotCollections(byId('karabakh-2020-11-10')), 'topojson', { simplify });
      expect(errorsIn(text), `simplify ${simplify}`).toEqual([]);
      return text.length;
    });
    for (let i = 1; i < sizes.length; i++) expect(sizes[i]!).toBeLessThan(sizes[i - 1]!);
  });
});

describe('CSV and WKT', () => {
  it('writes one row per feature with its properties and its area on the ellipsoid', () => {
    const exported = layerCollections(pack, 'districts');
    const csv = exportAs(exported, 'csv').trim().split('\n');
    const header = csv[0]!.split(',');
    expect(header.slice(0, 2)).toEqual(['feature', 'name']);
    expect(header).toContain('area_km2');
    const features = exported.collections.districts!.features;
    expect(csv).toHaveLength(features.length + 1);
    features.forEach((f, i) => {
      const cells = csv[i + 1]!.split(',');
      expect(cells[1]).toBe(f.properties!.name);
      expect(Math.abs(Number(cells[header.indexOf('area_km2')]) - referenceArea(f.geometry) / 1e6)).toBeLessThan(1e-6);
    });
  });

  it('adds a layer column for a pack, a WKT column on request, and quotes what needs quoting', () => {
    const csv = exportAs(packCollections(pack), 'csv', { wkt: true, precision: 3 });
    const lines = csv.trim().split('\n');
    expect(lines[0]!.startsWith('layer,feature,')).toBe(true);
    expect(lines[0]!.endsWith(',area_km2,wkt')).toBe(true);
    const nkao = lines.find((l) => l.startsWith('nkao-1991,0,'))!;
    expect(nkao).toMatch(/,"POLYGON \(\(4[67]\.\d{1,3} [34]\d\.\d{1,3}, /);
    // Kalbajar's clause holds a comma, so the cell is quoted.
    expect(lines.find((l) => l.startsWith('handover-2020,1,Kalbajar,'))).toMatch(/,"Kalbajar district returned by 15 November 2020 \(point 6\), extended/);
  });

  it('writes a diff as transfers and retained ground that add up to what each side held', () => {
    const diff = diffSnapshots(byId('karabakh-1994-05-12'), byId('karabakh-2020-11-10'));
    const fc = Object.values(diffCollections(diff).collections)[0]!;
    const arm = diff.controllers.find((c) => c.controller === 'armenian-forces')!;
    const from = (c: string) => fc.features.filter((f) => f.properties!.from === c).reduce((s, f) => s + (f.properties!.areaKm2 as number), 0);
    // What Armenian forces held before is what they kept plus what they handed on.
    expect(Math.abs(from('armenian-forces') - arm.beforeKm2)).toBeLessThan(1e-6 * arm.beforeKm2);
    const csv = exportAs(diffCollections(diff), 'csv').trim().split('\n');
    expect(csv[0]).toBe('feature,change,from,to,areaKm2,fromSnapshot,fromDate,toSnapshot,toDate,method,area_km2');
    expect(csv).toHaveLength(fc.features.length + 1);
  });

  it('writes WKT as OGC spells it', () => {
    // Expected strings written by hand from the OGC grammar.
    expect(toWkt({ type: 'Point', coordinates: [46.75, 39.815] })).toBe('POINT (46.75 39.815)');
    expect(
      toWkt({
        type: 'LineString',
        coordinates: [
          [1, 2],
          [3, 4],
        ],
      }),
    ).toBe('LINESTRING (1 2, 3 4)');
    expect(
      toWkt({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 0],
          ],
          [
            [0.2, 0.1],
            [0.8, 0.7],
            [0.8, 0.1],
            [0.2, 0.1],
          ],
        ],
      }),
    ).toBe('POLYGON ((0 0, 1 0, 1 1, 0 0), (0.2 0.1, 0.8 0.7, 0.8 0.1, 0.2 0.1))');
    expect(
      toWkt({
        type: 'MultiPolygon',
        coordinates: [
          [
            [
              [0, 0],
              [1, 0],
              [1, 1],
              [0, 0],
            ],
          ],
          [
            [
              [5, 5],
              [6, 5],
              [6, 6],
              [5, 5],
            ],
          ],
        ],
      }),
    ).toBe('MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))');
    expect(toWkt({ type: 'MultiPolygon', coordinates: [] })).toBe('MULTIPOLYGON EMPTY');
    expect(toWkt({ type: 'Point', coordinates: [1.23456, -0.00001] }, 3)).toBe('POINT (1.235 0)');
    const text = exportAs(layerCollections(pack, 'lachin-corridor'), 'wkt', { precision: 4 });
    expect(text.trim().split('\n')).toHaveLength(2);
    expect(text.startsWith('MULTIPOLYGON (((46.')).toBe(true);
  });
});

describe('exports of fixtures', () => {
  it('keeps two squares that share an edge sharing it after any simplification', () => {
    const fc = JSON.parse(readFileSync(path.join(fixturesDir, 'snapshots/squares-before.geojson'), 'utf8'));
    const snapshot = ControlSnapshot.fromFeatureCollection(fc, fc.snapshot);
    const before = geometryArea(snapshot.toFeatureCollection());
    for (const simplify of [0, 1000, 30_000]) {
      const text = exportAs(snapshotCollections(snapshot), 'topojson', { simplify, precision: 4 });
      // Whatever is removed, the squares still do not overlap (validate checks controllers).
      expect(errorsIn(text), `simplify ${simplify}`).toEqual([]);
      const after = geometryArea(Object.values(fromTopology(JSON.parse(text)))[0]!);
      // The densified edges are straight in lon/lat: their inner points weigh next to nothing
      // and go; corners (triangles of hundreds of km²) stay until the tolerance reaches them.
      if (simplify <= 1000) expect(Math.abs(after - before) / before, `simplify ${simplify}`).toBeLessThan(1e-4);
      else expect(after).toBeLessThan(before);
    }
  });

  it('refuses a bad precision or tolerance', () => {
    const exported = layerCollections(pack, 'nkao-1991');
    expect(catchError(() => exportAs(exported, 'geojson', { precision: 2.5 })).code).toBe('INVALID_ARGUMENT');
    expect(catchError(() => exportAs(exported, 'geojson', { precision: 11 })).code).toBe('INVALID_ARGUMENT');
    expect(catchError(() => exportAs(exported, 'topojson', { simplify: -1 })).code).toBe('INVALID_ARGUMENT');
    expect(catchError(() => exportAs(exported, 'kml' as ExportFormat)).code).toBe('INVALID_ARGUMENT');
  });
});

describe('frontline export', () => {
  async function cli(args: string[]) {
    const stdout: string[] = [],
      stderr: string[] = [];
    const code = await run(args, { stdout: (s) => stdout.push(s), stderr: (s) => stderr.push(s) });
    return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'frontline-export-'));

  it('writes the pack as TopoJSON for a web map, the format taken from the file name', async () => {
    const file = path.join(dir, 'pack.topojson');
    const r = await cli(['export', 'pack', '--simplify', '100', '--out', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/wrote .*pack\.topojson \(topojson, [\d,]+ bytes\)/);
    expect(statSync(file).size).toBeLessThan(100_000);
    expect(loadPack(JSON.parse(readFileSync(file, 'utf8'))).ids).toEqual(pack.ids);
  });

  it('prints a snapshot, a diff or a layer on stdout in the format asked', async () => {
    let r = await cli(['export', 'karabakh-2020-12-01', '--format', 'geojson', '--precision', '5']);
    expect(r.code, r.stderr).toBe(0);
    expect(errorsIn(r.stdout)).toEqual([]);
    expect(JSON.parse(r.stdout).features.map((f: Feature) => f.properties!.controller)).toEqual(['armenian-forces', 'russian-peacekeepers', 'azerbaijan']);
    r = await cli(['export', 'karabakh-2020-11-10..karabakh-2020-12-01', '--format', 'csv']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^feature,change,from,to,/);
    r = await cli(['export', 'borders', '--format', 'wkt']);
    expect(r.stdout.split('\n').every((l) => l.startsWith('MULTILINESTRING ('))).toBe(true);
  });

  it('fails in one line on a missing format, a bad option, an unknown thing', async () => {
    let r = await cli(['export', 'pack']);
    expect(r.stderr).toMatch(/^frontline: USAGE: give --format/);
    r = await cli(['export', 'pack', '--format', 'kml']);
    expect(r.stderr).toMatch(/^frontline: USAGE: unknown format "kml"/);
    r = await cli(['export', 'pack', '--format', 'geojson', '--wkt']);
    expect(r.stderr).toMatch(/^frontline: USAGE: --wkt adds a column to CSV output/);
    r = await cli(['export', 'pack', '--format', 'geojson', '--precision', 'x']);
    expect(r.stderr).toMatch(/^frontline: USAGE: --precision must be/);
    r = await cli(['export', 'nowhere', '--format', 'geojson']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^frontline: UNKNOWN_SNAPSHOT: no snapshot "nowhere"/);
    r = await cli(['export', 'karabakh-1994-05-12..karabakh-2020-11-10..karabakh-2020-12-01', '--format', 'geojson']);
    expect(r.stderr).toMatch(/^frontline: USAGE: .*export writes one diff/);
  });
});
