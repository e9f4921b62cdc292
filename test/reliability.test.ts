/**
 * A figure frontline prints is right or it says why not: selections that could be silently
 * wrong are errors (or explicit warnings with a flag), the globe is handled whole or refused,
 * readers check what they read, numeric options are bounded, names are data, CSV cells cannot
 * run formulas and terminal output cannot be hijacked. Files and writing: test/files.test.ts.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/run.js';
import { FrontlineError } from '../src/errors.js';
import { area } from '../src/kernel/area.js';
import { intersection, union } from '../src/kernel/overlay.js';
import { csvCell } from '../src/export/csv.js';
import { diffSnapshots } from '../src/model/diff.js';
import { loadPack } from '../src/model/layer.js';
import { ControlSnapshot } from '../src/model/snapshot.js';
import { renderSvg } from '../src/render/map.js';
import { catchError } from './support/assert.js';
import { referenceArea } from './support/reference.js';

async function cli(args: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await run(args, { stdout: (s) => stdout.push(s), stderr: (s) => stderr.push(s) });
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

const box = (w: number, s: number, e: number, n: number): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [w, s],
      [e, s],
      [e, n],
      [w, n],
      [w, s],
    ],
  ],
});
const feature = (geometry: Polygon, properties: Record<string, unknown> = {}) => ({ type: 'Feature', properties, geometry });
const collection = (...features: unknown[]) => ({ type: 'FeatureCollection', features });

/** A folder of dated snapshot files. */
function series(files: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'frontline-reliability-'));
  for (const [name, data] of Object.entries(files)) writeFileSync(path.join(dir, name), JSON.stringify(data));
  return dir;
}

describe('timeline selections that cannot be silently wrong', () => {
  const keyed = (a: Polygon, b: Polygon) => collection(feature(a, { fill: '#ff0000', controller: 'red' }), feature(b, { fill: '#0000ff', controller: 'blue' }));

  it('a controller property no polygon has is an error naming the properties there are', async () => {
    const dir = series({ 'a_20200101.geojson': keyed(box(0, 0, 1, 1), box(1, 0, 2, 1)), 'b_20200102.geojson': keyed(box(0, 0, 1.5, 1), box(1.5, 0, 2, 1)) });
    const r = await cli(['timeline', dir, '--controller-property', 'Fill', '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^frontline: INVALID_TIMELINE: a_20200101\.geojson: no polygon has a "Fill" property naming its controller \(properties its polygons have: "controller", "fill"\)$/,
    );
    // The property that is there works.
    expect((await cli(['timeline', dir, '--controller-property', 'fill', '--quiet'])).code).toBe(0);
  });

  it('a followed controller absent on a date is an error, or a warning and zero with --allow-empty', async () => {
    const dir = series({
      'a_20200101.geojson': keyed(box(0, 0, 1, 1), box(1, 0, 2, 1)),
      'b_20200102.geojson': collection(feature(box(0, 0, 2, 1), { controller: 'blue' })),
    });
    const r = await cli(['timeline', dir, '--controller', 'red', '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^frontline: INVALID_TIMELINE: b_20200102\.geojson: no polygon is held by "red" \(controllers here: "blue"\)/);
    const misspelt = await cli(['timeline', dir, '--controller', 'Red', '--quiet']);
    expect(misspelt.stderr).toMatch(/^frontline: INVALID_TIMELINE: a_20200101\.geojson: no polygon is held by "Red" \(controllers here: "blue", "red"\)/);
    const allowed = await cli(['timeline', dir, '--controller', 'red', '--allow-empty', '--csv', '-']);
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toMatch(/^frontline: warning: b_20200102\.geojson: no polygon is held by "red"; read as holding nothing$/);
    const rows = allowed.stdout.trim().split('\r\n');
    expect(rows[2]).toMatch(/^20200102,0\.0,0\.0,/);
  });

  it('an empty snapshot is an error, or a warning with --allow-empty', async () => {
    const dir = series({ 'a_20200101.geojson': collection(feature(box(0, 0, 1, 1))), 'b_20200102.geojson': collection() });
    const r = await cli(['timeline', dir, '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^frontline: INVALID_TIMELINE: b_20200102\.geojson: holds no polygons \(0 features, none a Polygon or MultiPolygon\)/);
    const allowed = await cli(['timeline', dir, '--allow-empty', '--csv', '-']);
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toMatch(/warning: b_20200102\.geojson: holds no polygons/);
  });

  it('files with and without controller names in one series are an error', async () => {
    const dir = series({ 'a_20200101.geojson': keyed(box(0, 0, 1, 1), box(1, 0, 2, 1)), 'b_20200102.geojson': collection(feature(box(0, 0, 2, 1))) });
    const r = await cli(['timeline', dir, '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^frontline: INVALID_TIMELINE: a_20200101\.geojson names the controller of each polygon .* but b_20200102\.geojson does not/);
  });

  it('overlapping polygons of one controller are refused, on the first date and when they appear later', async () => {
    const overlapping = collection(feature(box(0, 0, 1, 1)), feature(box(0.5, 0, 1.5, 1)));
    const first = await cli([
      'timeline',
      series({ 'a_20200101.geojson': overlapping, 'b_20200102.geojson': collection(feature(box(0, 0, 1.5, 1))) }),
      '--quiet',
    ]);
    expect(first.code).toBe(2);
    expect(first.stderr).toMatch(/^frontline: INVALID_SNAPSHOT: a_20200101\.geojson: the polygons of "held" overlap: [\d.]+ km² are covered twice/);
    // The ground covered twice, as the message states it: half of the first box (to 1e-3: the
    // summed and united rings bow differently along their 1°-long geodesic edges).
    const twice = Number(/overlap: ([\d.]+) km²/.exec(first.stderr)![1]);
    expect(Math.abs(twice - referenceArea(box(0.5, 0, 1, 1)) / 1e6) / twice).toBeLessThan(1e-3);
    const later = await cli([
      'timeline',
      series({ 'a_20200101.geojson': collection(feature(box(0, 0, 1.5, 1))), 'b_20200102.geojson': overlapping }),
      '--quiet',
    ]);
    expect(later.code).toBe(2);
    expect(later.stderr).toMatch(/^frontline: INVALID_SNAPSHOT: b_20200102\.geojson: the polygons of "held" overlap: /);
  });

  it('GeometryCollections nested deep are an error in one line, not a stack overflow', async () => {
    // Written as text: JSON.stringify itself cannot go 100,000 deep.
    const depth = 100_000;
    const geometry = '{"type":"GeometryCollection","geometries":['.repeat(depth) + JSON.stringify(box(0, 0, 1, 1)) + ']}'.repeat(depth);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'frontline-deep-'));
    writeFileSync(path.join(dir, 'a_20200101.json'), `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":${geometry}}]}`);
    writeFileSync(path.join(dir, 'b_20200102.json'), JSON.stringify(collection(feature(box(0, 0, 1, 1)))));
    const r = await cli(['timeline', dir, '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^frontline: (INVALID_GEOJSON|JSON_TOO_DEEP): /);
    expect(r.stderr).not.toMatch(/INTERNAL|stack/);
  });

  it('a TopoJSON transform with a zero scale is refused, in a timeline and in a pack', async () => {
    const topology = {
      type: 'Topology',
      transform: { scale: [0, 0], translate: [10, 10] },
      objects: { front: { type: 'GeometryCollection', geometries: [{ type: 'Polygon', arcs: [[0]] }] } },
      arcs: [
        [
          [0, 0],
          [1000, 0],
          [0, 1000],
          [-1000, 0],
          [0, -1000],
        ],
      ],
    };
    const dir = series({ 'a_20200101.topojson': topology, 'b_20200102.topojson': topology });
    const r = await cli(['timeline', dir, '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^frontline: INVALID_GEOJSON: a_20200101\.topojson: transform scale \[0,0\] has a zero/);
    const pack = {
      ...topology,
      frontline: {
        format: 1,
        name: 'p',
        title: 'p',
        layers: [{ id: 'front', title: 'f', kind: 'area', validFrom: null, validTo: null, source: 's', licence: 'l', accuracy: 'a' }],
      },
    };
    const error = catchError(() => loadPack(pack));
    expect(error).toMatchObject({ code: 'PACK_MALFORMED' });
  });
});

describe('the globe, whole', () => {
  // A 1° box across the antimeridian, written as GeoJSON often writes it: edges jumping from +179.5 to −179.5.
  const across: Polygon = {
    type: 'Polygon',
    coordinates: [
      [
        [179.5, 10],
        [-179.5, 10],
        [-179.5, 11],
        [179.5, 11],
        [179.5, 10],
      ],
    ],
  };

  it('measures a ring across the antimeridian the short way', () => {
    // The same box written without the jump, on the other side of the meridian 180.
    const shifted = box(179.5, 10, 180.5, 11);
    expect(Math.abs(area(across) - referenceArea(shifted)) / referenceArea(shifted)).toBeLessThan(1e-9);
  });

  it('refuses it in the operations that work in longitude and latitude, in one line', async () => {
    const error = catchError(() => union(across));
    expect(error).toBeInstanceOf(FrontlineError);
    expect((error as FrontlineError).code).toBe('CROSSES_ANTIMERIDIAN');
    expect((error as FrontlineError).message).toMatch(/from \[179\.5, 10\] to \[-179\.5, 10\].*split the polygon at ±180°/);
    expect(catchError(() => intersection(box(0, 0, 1, 1), across))).toMatchObject({ code: 'CROSSES_ANTIMERIDIAN' });
    expect(
      catchError(
        () =>
          new ControlSnapshot({
            id: 'x',
            date: '2020-01-01',
            label: 'x',
            sources: [],
            controllers: [
              { controller: 'a', geometry: across },
              { controller: 'b', geometry: box(0, 0, 1, 1) },
            ],
          }),
      ),
    ).toMatchObject({
      code: 'CROSSES_ANTIMERIDIAN',
    });
    const dir = series({ 'a_20200101.geojson': collection(feature(box(170, 10, 171, 11))), 'b_20200102.geojson': collection(feature(across)) });
    const r = await cli(['timeline', dir, '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^frontline: CROSSES_ANTIMERIDIAN: b_20200102\.geojson: features\[0\]\.geometry: the edge from \[179\.5, 10\] to \[-179\.5, 10\]/);
    const file = path.join(dir, 'snapshot.geojson');
    writeFileSync(file, JSON.stringify({ ...collection(feature(across, { controller: 'a' })), date: '2020-02-02' }));
    const report = await cli(['report', '--snapshot-file', file]);
    expect(report.code).toBe(2);
    expect(report.stderr).toMatch(/^frontline: CROSSES_ANTIMERIDIAN: /);
  });

  it('refuses a ring around a pole in a timeline (it crosses the antimeridian), and measures it in area', async () => {
    const polar: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 89.9],
          [120, 89.9],
          [-120, 89.9],
          [0, 89.9],
        ],
      ],
    };
    expect(area(polar) / 1e6).toBeGreaterThan(150);
    const dir = series({ 'a_20200101.geojson': collection(feature(polar)), 'b_20200102.geojson': collection(feature(polar)) });
    expect((await cli(['timeline', dir, '--quiet'])).stderr).toMatch(/^frontline: CROSSES_ANTIMERIDIAN: /);
  });
});

describe('options, names and output that cannot be abused', () => {
  it('bounds numeric options with a USAGE error', async () => {
    for (const args of [
      ['render', 'layers', '--width', '1e6', '--height', '1e6', '--out', path.join(os.tmpdir(), 'never.png')],
      ['render', 'layers', '--width', '30000', '--out', path.join(os.tmpdir(), 'never.png')],
      ['render', 'layers', '--width', '8000', '--height', '8000', '--scale', '2', '--out', path.join(os.tmpdir(), 'never.png')],
      ['timeline', '.', '--workers', '113'],
      ['export', 'pack', '--precision', '400', '--format', 'geojson'],
      ['export', 'pack', '--simplify', '-1', '--format', 'geojson'],
    ]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/^frontline: USAGE: /);
    }
  });

  it('draws controllers named like the properties of every object', () => {
    const names = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty'];
    const snapshot = new ControlSnapshot({
      id: 's',
      date: '2020-01-01',
      label: 's',
      sources: [],
      controllers: names.map((n, i) => ({ controller: n, geometry: box(i * 2, 0, i * 2 + 1, 1) })),
    });
    const svg = renderSvg(snapshot);
    for (const n of ['Proto', 'Constructor', 'ToString', 'ValueOf', 'HasOwnProperty']) expect(svg).toContain(n);
    expect(Object.keys(Object.prototype)).toEqual([]);
  });

  it('diffs hundreds of controllers, each transfer the ground the two snapshots say', () => {
    const n = 120,
      side = 12;
    const cell = (i: number) => box((i % side) * 0.01, Math.floor(i / side) * 0.01, (i % side) * 0.01 + 0.01, Math.floor(i / side) * 0.01 + 0.01);
    const a = new ControlSnapshot({
      id: 'a',
      date: '2020-01-01',
      label: 'a',
      sources: [],
      controllers: Array.from({ length: n }, (_, i) => ({ controller: `c${i}`, geometry: cell(i) })),
    });
    const b = new ControlSnapshot({
      id: 'b',
      date: '2020-01-02',
      label: 'b',
      sources: [],
      controllers: Array.from({ length: n }, (_, i) => ({ controller: `c${(i * 7) % n}`, geometry: cell(i) })),
    });
    const diff = diffSnapshots(a, b);
    // Cell i moves from c_i to c_(7i mod n): one transfer per cell whose owner changes, of that cell's area.
    const moved = Array.from({ length: n }, (_, i) => i).filter((i) => (i * 7) % n !== i);
    expect(diff.transfers).toHaveLength(moved.length);
    for (const i of moved) {
      const t = diff.transfers.find((x) => x.from === `c${i}` && x.to === `c${(i * 7) % n}`)!;
      // To 1e-7: the transfer's edges are cut at MODEL_STEP_DEG on straight lon/lat lines, which
      // bow off the cell's geodesic edges by about that much.
      expect(Math.abs(t.areaKm2 - referenceArea(cell(i)) / 1e6) / t.areaKm2).toBeLessThan(1e-7);
    }
  });

  it('neutralises CSV cells a spreadsheet would run, and keeps numbers numbers', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell("+cmd|' /C calc'!A0")).toBe(`'+cmd|' /C calc'!A0`);
    expect(csvCell('-2+3')).toBe(`'-2+3`);
    expect(csvCell('@SUM(A1)')).toBe(`'@SUM(A1)`);
    expect(csvCell('\tx')).toBe(`'\tx`);
    expect(csvCell(-3.5)).toBe('-3.5');
    expect(csvCell('armenian-forces')).toBe('armenian-forces');
  });

  it('writes hostile controller names safely into the timeline CSV and the terminal table', async () => {
    const evil = '=HYPERLINK("http://evil")';
    const bell = 'red\u001b[31m\u0007\u202e';
    const dir = series({
      'a_20200101.geojson': collection(feature(box(0, 0, 1, 1), { controller: evil }), feature(box(1, 0, 2, 1), { controller: bell })),
      'b_20200102.geojson': collection(feature(box(0, 0, 1.5, 1), { controller: evil }), feature(box(1.5, 0, 2, 1), { controller: bell })),
    });
    const csv = await cli(['timeline', dir, '--csv', '-']);
    expect(csv.stdout).toContain(`"'=HYPERLINK(""http://evil"")"`);
    const table = await cli(['timeline', dir, '--quiet']);
    expect(table.stdout).not.toMatch(/[\u0007\u001b\u202e]/);
    expect(table.stdout).toContain('red\\x1b[31m\\x07\\u202e');
    const fromEverywhere = mkdtempSync(path.join(os.tmpdir(), 'frontline-hostile-names-'));
    mkdirSync(path.join(fromEverywhere, 'x'));
    const unknown = await cli(['render', `karabakh-\u001b[2J`]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).not.toMatch(/\u001b/);
    expect(readFileSync('/dev/null', 'utf8')).toBe('');
  });
});
