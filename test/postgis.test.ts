/**
 * Everything frontline writes, loaded into a real PostGIS as a user would load it: the pack,
 * every built-in snapshot, the 2020 diffs and the DeepState sample's timeline changes, as
 * exported (GeoJSON through PostGIS's own `ST_GeomFromGeoJSON`, FlatGeobuf through GDAL's
 * `ogr2ogr`) and as built in memory. PostGIS is the independent judge: `ST_IsValid` (GEOS's
 * OGC rules) for every feature, `ST_Area(geography)` (the WGS84 ellipsoid, GeographicLib's
 * algorithm as PROJ ships it) against frontline's `area`. FlatGeobuf files are also read back
 * by `ogrinfo`: the same features, properties and geometries, and a box search through the
 * file's index finds what PostGIS finds.
 *
 * Needs PostgreSQL with PostGIS and GDAL's tools (`.ci/run` installs them from Debian). Where
 * they are absent the tests are skipped and say why; under CI=true absence is a failure.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Feature, FeatureCollection } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/run.js';
import { diffCollections, mergedCollection, packCollections } from '../src/export/features.js';
import { area } from '../src/kernel/area.js';
import { coverage, layerAreas } from '../src/model/areas.js';
import { loadPack, type LayerPack } from '../src/model/layer.js';
import { diffSnapshots } from '../src/model/diff.js';
import { shippedPackPath } from '../src/node/paths.js';
import { karabakhSnapshots } from '../src/scenarios/karabakh/index.js';
import { samplesDir } from './support/paths.js';
import { findPostGis, startPostGis, type PostGis } from './support/postgis.js';

/**
 * Areas agree to 1e-8 of the area, or to 1e-3 m² on slivers: both sides sum per-edge terms of
 * the order of the ellipsoid's quadrant, so each carries round-off of 1e-5 to 1e-3 m² whatever
 * the polygon's size (measured: at most 9e-4 m² on 300 features; GeographicLib itself differs
 * from both by as much on sub-m² slivers).
 */
const RELATIVE = 1e-8;
const FLOOR_M2 = 1e-3;

const found = findPostGis();
const missing = 'missing' in found ? found.missing : null;
const required = process.env.CI === 'true';
if (missing && !required) console.warn(`test/postgis.test.ts: skipped, PostGIS is not available here: ${missing}`);

interface Source {
  name: string;
  file: string;
  /** Exported on the grid (a file frontline writes) or built (frontline's own objects, every digit). */
  kind: 'exported' | 'built';
  features: Feature[];
}

let db: PostGis;
let work: string;
let pack: LayerPack;
const sources: Source[] = [];
const flatgeobufs: { name: string; file: string; geojson: string }[] = [];

async function cli(args: string[]): Promise<void> {
  const stderr: string[] = [];
  const code = await run(args, { stdout: () => {}, stderr: (s) => stderr.push(s) });
  if (code !== 0) throw new Error(`frontline ${args.join(' ')}: exit ${code}\n${stderr.join('\n')}`);
}

function addSource(name: string, file: string, kind: Source['kind']): void {
  sources.push({ name, file, kind, features: (JSON.parse(readFileSync(file, 'utf8')) as FeatureCollection).features });
}

function writeBuilt(name: string, collection: FeatureCollection): void {
  const file = path.join(work, `${name}.built.geojson`);
  writeFileSync(file, JSON.stringify(collection));
  addSource(name, file, 'built');
}

function sql(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** Where PostGIS is missing, a test is skipped and says why; under CI=true `beforeAll` has already failed. */
function skipOrFail(ctx: { skip: (note: string) => void }): void {
  if (missing) ctx.skip(`PostGIS is not available here: ${missing}`);
}

describe('PostGIS accepts everything frontline writes', () => {
  beforeAll(async () => {
    if (missing) {
      if (required) throw new Error(`CI=true and PostGIS is not available: ${missing} (.ci/run installs it)`);
      return;
    }
    work = mkdtempSync(path.join(os.tmpdir(), 'frontline-postgis-'));
    db = startPostGis((found as { bin: string }).bin);

    // As a user would: the CLI's exports, GeoJSON and FlatGeobuf of each.
    pack = loadPack(JSON.parse(readFileSync(shippedPackPath(), 'utf8')));
    const snapshots = karabakhSnapshots(pack);
    const exports: [string, string][] = [
      ['pack', 'pack'],
      ...snapshots.map((s): [string, string] => [s.id, s.id]),
      ['diff-1994-2020-11-10', 'karabakh-1994-05-12..karabakh-2020-11-10'],
      ['diff-2020-11-10-2020-12-01', 'karabakh-2020-11-10..karabakh-2020-12-01'],
    ];
    for (const [name, what] of exports) {
      const geojson = path.join(work, `${name}.geojson`),
        fgb = path.join(work, `${name}.fgb`);
      await cli(['export', what, '--out', geojson]);
      await cli(['export', what, '--out', fgb]);
      addSource(name, geojson, 'exported');
      flatgeobufs.push({ name, file: fgb, geojson });
    }
    const deepstate = path.join(samplesDir, 'deepstate');
    const changes = path.join(work, 'deepstate-changes.geojson'),
      changesFgb = path.join(work, 'deepstate-changes.fgb');
    await cli(['timeline', deepstate, '--quiet', '--csv', path.join(work, 'deepstate.csv'), '--changes', changes]);
    await cli(['timeline', deepstate, '--quiet', '--csv', path.join(work, 'deepstate.csv'), '--changes', changesFgb]);
    addSource('deepstate-changes', changes, 'built');
    flatgeobufs.push({ name: 'deepstate-changes', file: changesFgb, geojson: changes });

    // As frontline builds them, every digit: the pack's layers, the snapshots, the diffs' pieces.
    writeBuilt('pack', mergedCollection(packCollections(pack)));
    writeBuilt('pack-coverage', {
      type: 'FeatureCollection',
      features: pack.layers.map((l) => ({ type: 'Feature', properties: { layer: l.meta.id }, geometry: coverage(l) })),
    });
    for (const s of snapshots) writeBuilt(s.id, s.toFeatureCollection());
    for (let i = 0; i + 1 < snapshots.length; i++) {
      const diff = diffSnapshots(snapshots[i]!, snapshots[i + 1]!);
      writeBuilt(`${snapshots[i]!.id}..${snapshots[i + 1]!.id}`, mergedCollection(diffCollections(diff)));
    }

    const rows = sources.flatMap((s, k) =>
      s.features
        .map((f, i) => (f.geometry === null ? '' : `(${k}, ${i}, ST_SetSRID(ST_GeomFromGeoJSON(${sql(JSON.stringify(f.geometry))}), 4326))`))
        .filter((r) => r !== ''),
    );
    db.query(`CREATE TABLE loaded (source int, feature int, geom geometry); INSERT INTO loaded VALUES ${rows.join(',\n')};`);
    for (const { name, file } of flatgeobufs) db.ogr2ogr(file, `fgb_${name}`);
  });

  afterAll(() => {
    db?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('loads the pack, every snapshot, the diffs and the timeline changes, as exported and as built', (ctx) => {
    skipOrFail(ctx);
    const counts = Object.fromEntries(db.query('SELECT source, count(*) FROM loaded GROUP BY source ORDER BY source').map(([k, n]) => [k, Number(n)]));
    for (const [k, s] of sources.entries()) expect(counts[k] ?? 0, s.file).toBe(s.features.filter((f) => f.geometry !== null).length);
    expect(sources.filter((s) => s.kind === 'exported').map((s) => s.name)).toEqual(
      expect.arrayContaining(['pack', 'karabakh-2020-12-01', 'diff-2020-11-10-2020-12-01']),
    );
    console.info(`PostGIS check: ${db.versions}; ${db.query('SELECT count(*) FROM loaded')[0]![0]} features from ${sources.length} files`);
  });

  it('every feature is valid under GEOS (ST_IsValid)', (ctx) => {
    skipOrFail(ctx);
    const invalid = db.query('SELECT source, feature, ST_IsValidReason(geom) FROM loaded WHERE NOT ST_IsValid(geom) ORDER BY source, feature');
    const described = invalid.map(([k, i, reason]) => {
      const s = sources[Number(k)]!;
      return `${s.kind} ${path.basename(s.file)} feature ${i} (${JSON.stringify(s.features[Number(i)]!.properties).slice(0, 80)}): ${reason}`;
    });
    expect(described).toEqual([]);
    expect(Number(db.query('SELECT count(*) FROM loaded WHERE ST_Dimension(geom) = 2')[0]![0])).toBeGreaterThan(250);
  });

  it("ST_Area(geography) equals frontline's area of every polygon to 1e-8", (ctx) => {
    skipOrFail(ctx);
    const rows = db.query('SELECT source, feature, ST_Area(geom::geography, true) FROM loaded WHERE ST_Dimension(geom) = 2');
    let worstRelative = 0,
      worstSliver = 0;
    const off: string[] = [];
    for (const [k, i, postgis] of rows) {
      const s = sources[Number(k)]!;
      const f = s.features[Number(i)]!;
      const mine = area(f.geometry);
      const d = Math.abs(mine - Number(postgis));
      if (mine >= FLOOR_M2 / RELATIVE) worstRelative = Math.max(worstRelative, d / mine);
      else worstSliver = Math.max(worstSliver, d);
      if (d > RELATIVE * mine + FLOOR_M2) off.push(`${path.basename(s.file)} feature ${i}: frontline ${mine} m², PostGIS ${postgis} m²`);
      // What frontline printed for a feature it built (a snapshot's controller, a diff's piece) is that same area.
      const printed = f.properties?.areaKm2;
      if (s.kind === 'built' && typeof printed === 'number' && Math.abs(printed * 1e6 - Number(postgis)) > RELATIVE * mine + FLOOR_M2) {
        off.push(`${path.basename(s.file)} feature ${i}: printed ${printed} km², PostGIS ${postgis} m²`);
      }
    }
    expect(off).toEqual([]);
    expect(rows.length).toBeGreaterThan(250);
    console.info(
      `PostGIS areas: ${rows.length} polygons; worst difference ${worstRelative.toExponential(2)} of the area (from ${FLOOR_M2 / RELATIVE / 1e6} km²), ${worstSliver.toExponential(2)} m² on smaller ones`,
    );
  });

  it('the areas table frontline prints (each layer and feature of the pack) is what PostGIS measures', (ctx) => {
    skipOrFail(ctx);
    const measured = new Map(db.query('SELECT source, feature, ST_Area(geom::geography, true) FROM loaded').map(([k, i, a]) => [`${k}/${i}`, Number(a)]));
    const areaOf = (source: string, i: number) => measured.get(`${sources.findIndex((s) => s.kind === 'built' && s.name === source)}/${i}`) ?? 0;
    const rows = layerAreas(pack);
    let feature = 0;
    for (const [l, layer] of pack.layers.entries()) {
      const mine = rows.filter((r) => r.layer === layer.meta.id);
      // A layer's total is the area of its coverage, the union of its polygons (written as its own source).
      const total = areaOf('pack-coverage', l);
      expect(Math.abs(mine[0]!.areaKm2 * 1e6 - total), `${layer.meta.id} (the layer's coverage)`).toBeLessThanOrEqual(RELATIVE * total + FLOOR_M2);
      for (const row of mine.slice(1)) {
        const postgis = areaOf('pack', feature++);
        expect(Math.abs(row.areaKm2 * 1e6 - postgis), `${layer.meta.id} ${row.feature}`).toBeLessThanOrEqual(RELATIVE * postgis + FLOOR_M2);
      }
    }
    expect(feature).toBe(sources.find((s) => s.kind === 'built' && s.name === 'pack')!.features.length);
  });

  describe('FlatGeobuf, read back by GDAL', () => {
    it('holds the features of the GeoJSON export with every geometry bit for bit (ogr2ogr into PostGIS)', (ctx) => {
      skipOrFail(ctx);
      for (const { name, geojson } of flatgeobufs) {
        const k = sources.findIndex((s) => s.file === geojson);
        const fromGeoJson = db.query(`SELECT md5(ST_AsBinary(geom)) FROM loaded WHERE source = ${k} ORDER BY 1`).map((r) => r[0]);
        const fromFgb = db.query(`SELECT md5(ST_AsBinary(geom)) FROM "fgb_${name}" ORDER BY 1`).map((r) => r[0]);
        expect(fromFgb, name).toEqual(fromGeoJson);
        expect(db.query(`SELECT count(*) FROM "fgb_${name}" WHERE NOT ST_IsValid(geom)`)[0]![0], name).toBe('0');
      }
    });

    it('ogrinfo lists the same feature count and properties', (ctx) => {
      skipOrFail(ctx);
      for (const { name, file, geojson } of flatgeobufs) {
        const expected = (JSON.parse(readFileSync(geojson, 'utf8')) as FeatureCollection).features.filter((f) => f.geometry !== null);
        const info = ogrinfo(file);
        expect(info.count, name).toBe(expected.length);
        const canonical = (props: Record<string, unknown>) =>
          JSON.stringify(
            Object.keys(props)
              .sort()
              .map((key) => [key, props[key]]),
          );
        // Real fields print to 15 significant digits, so the expected numbers are cut to as many;
        // arrays and objects are Json columns, which GDAL reads as their JSON text.
        const printed = (v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(15)) : typeof v === 'object' ? JSON.stringify(v) : v);
        const want = expected
          .map((f) =>
            canonical(
              Object.fromEntries(
                Object.entries(f.properties ?? {})
                  .filter(([, v]) => v !== null)
                  .map(([key, v]) => [key, printed(v)]),
              ),
            ),
          )
          .sort();
        const got = info.features.map((props) => canonical(props)).sort();
        expect(got, name).toEqual(want);
      }
    });

    it('a box search through the index finds the features PostGIS finds in that box', (ctx) => {
      skipOrFail(ctx);
      const boxes: [string, [number, number, number, number]][] = [
        ['pack', [46.5, 39.5, 46.7, 39.7]],
        ['pack', [47.17, 39.84, 47.18, 39.86]],
        ['pack', [45.0, 38.0, 45.1, 38.1]],
        ['karabakh-2020-12-01', [46.4, 39.5, 46.6, 39.7]],
        ['deepstate-changes', [37.0, 47.5, 38.0, 48.5]],
        ['deepstate-changes', [37.5, 48.0, 37.6, 48.1]],
      ];
      let some = 0;
      for (const [name, b] of boxes) {
        const { file } = flatgeobufs.find((x) => x.name === name)!;
        const inBox = Number(db.query(`SELECT count(*) FROM "fgb_${name}" WHERE ST_Intersects(geom, ST_MakeEnvelope(${b.join(', ')}, 4326))`)[0]![0]);
        const r = spawnSync('ogrinfo', ['-ro', '-al', '-q', '-spat', ...b.map(String), file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
        expect(r.status).toBe(0);
        expect((r.stdout.match(/^OGRFeature\(/gm) ?? []).length, `${name} ${b}`).toBe(inBox);
        some += inBox;
      }
      expect(some).toBeGreaterThan(0);
    });
  });
});

/** `ogrinfo -al` of a file: its feature count and each feature's properties, typed as GDAL reports them. */
function ogrinfo(file: string): { count: number; features: Record<string, unknown>[] } {
  const r = spawnSync('ogrinfo', ['-ro', '-al', '-geom=NO', file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`ogrinfo ${file}: ${r.stderr}`);
  const count = Number(/^Feature Count: (\d+)$/m.exec(r.stdout)?.[1]);
  const features: Record<string, unknown>[] = [];
  for (const block of r.stdout.split(/^OGRFeature\([^)]*\):\d+$/m).slice(1)) {
    const props: Record<string, unknown> = {};
    for (const m of block.matchAll(/^ {2}(\S+) \((\w+)(?:\((\w+)\))?\) = (.*)$/gm)) {
      const [, key, type, subtype, value] = m as unknown as [string, string, string, string | undefined, string];
      if (value === '(null)') continue;
      // Real fields print to 15 significant digits: compare the values to that.
      props[key] =
        subtype === 'Boolean'
          ? value === '1'
          : type === 'Integer64' || type === 'Integer'
            ? Number(value)
            : type === 'Real'
              ? Number(Number(value).toPrecision(15))
              : value;
    }
    features.push(props);
  }
  return { count, features };
}
