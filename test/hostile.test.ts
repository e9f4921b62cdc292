/**
 * Hostile data: inputs too big, too deep, cut short, not text, or written to pollute
 * prototypes. Each must either work in bounded memory without exhausting the stack, or fail
 * with a FrontlineError whose code says which of these it was.
 */
import { mkdtempSync, mkdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Feature, FeatureCollection, Polygon, Position } from 'geojson';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_JSON_BYTES, MAX_JSON_DEPTH, jsonErrorOffset, readJsonFile } from '../src/node/read-json.js';
import { run } from '../src/cli/run.js';
import { area } from '../src/kernel/area.js';
import { densify } from '../src/kernel/densify.js';
import { intersection, union } from '../src/kernel/overlay.js';
import { repair } from '../src/kernel/repair.js';
import { validate } from '../src/kernel/validate.js';
import { loadPack } from '../src/model/layer.js';
import { snapshotFromGeoJSON } from '../src/sources/snapshot-file.js';
import { badValue, toText } from './support/arbitraries.js';
import { catchError } from './support/assert.js';
import { mulberry32 } from './support/random.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'frontline-hostile-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * Area (m²) of the region between two parallels and two meridians on WGS84, in closed form:
 * Δλ·(b²/2)·[F(φ)] from φ1 to φ2, F(φ) = sin φ/(1 − e² sin² φ) + artanh(e sin φ)/e (the zone
 * from the equator to φ per radian of longitude). Independent of src/.
 */
function zoneArea(west: number, south: number, east: number, north: number): number {
  const a = 6378137,
    f = 1 / 298.257223563,
    b = a * (1 - f),
    e2 = f * (2 - f),
    e = Math.sqrt(e2);
  const F = (deg: number) => {
    const s = Math.sin((deg * Math.PI) / 180);
    return s / (1 - e2 * s * s) + Math.atanh(e * s) / e;
  };
  return (((east - west) * Math.PI) / 180) * ((b * b) / 2) * (F(north) - F(south));
}

/** A rectangle as one ring of 4·n positions, every edge cut into n steps (straight in lon/lat). */
function denseRectangle(w: number, s: number, e: number, n: number, per: number): Position[] {
  const ring: Position[] = [];
  for (let k = 0; k < per; k++) ring.push([w + ((e - w) * k) / per, s]);
  for (let k = 0; k < per; k++) ring.push([e, s + ((n - s) * k) / per]);
  for (let k = 0; k < per; k++) ring.push([e - ((e - w) * k) / per, n]);
  for (let k = 0; k < per; k++) ring.push([w, n - ((n - s) * k) / per]);
  ring.push([w, s]);
  return ring;
}

describe('a polygon of a million vertices', () => {
  const [w, s, e, n] = [46.0, 39.0, 46.2, 39.2];
  const ring = denseRectangle(w, s, e, n, 250_000);
  const polygon: Polygon = { type: 'Polygon', coordinates: [ring] };
  const expected = zoneArea(w, s, e, n);

  it('has the closed-form area of its zone (edges of 9 cm: geodesics and parallels agree to 1e-12)', () => {
    expect(ring.length).toBe(1_000_001);
    expect(Math.abs(area(polygon) - expected) / expected).toBeLessThan(1e-9);
  });

  it('validates in one pass, and finds the one place where it crosses itself', () => {
    expect(validate(polygon)).toEqual([]);
    // Vertex 1000 of the south edge pulled up beyond the north edge: its two edges cross it.
    const bad = ring.map((p) => p);
    const k = 1000;
    const [xk] = ring[k]!;
    bad[k] = [xk!, n + 0.01];
    const findings = validate({ type: 'Polygon', coordinates: [bad] });
    expect(findings.map((f) => f.code)).toEqual(['SELF_INTERSECTION', 'SELF_INTERSECTION']);
    const step = (e - w) / 250_000;
    // The edge from vertex k−1 (on the south edge) to the moved vertex meets y = n at
    // x = x_{k−1} + step·(n − s)/(n + 0.01 − s); the edge on to vertex k+1 symmetrically.
    const t = (n - s) / (n + 0.01 - s);
    const crossings = [ring[k - 1]![0]! + step * t, ring[k + 1]![0]! - step * t].sort((x, y) => x - y);
    const found = findings.map((f) => f.location!).sort((p, q) => p[0] - q[0]);
    found.forEach((p, i) => {
      expect(p[0]).toBeCloseTo(crossings[i]!, 10);
      expect(p[1]).toBeCloseTo(n, 10);
    });
  });

  it('goes through the overlay, and the halves add up to the whole', () => {
    const whole = union(polygon);
    // Collinear vertices merge: the union is the rectangle's four corners.
    expect(whole.coordinates).toHaveLength(1);
    expect(whole.coordinates[0]![0]).toHaveLength(5);
    const west = intersection(polygon, {
      type: 'Polygon',
      coordinates: [
        [
          [w - 1, s - 1],
          [46.1, s - 1],
          [46.1, n + 1],
          [w - 1, n + 1],
          [w - 1, s - 1],
        ],
      ],
    });
    const westArea = area(densify(west, 1e-4));
    expect(Math.abs(westArea - zoneArea(w, s, 46.1, n)) / westArea).toBeLessThan(1e-9);
    expect(process.memoryUsage().heapUsed).toBeLessThan(2e9);
  });
});

describe('a collection of 100,000 features', () => {
  // A 400 × 250 grid of 0.001° cells, held in a checkerboard by two controllers.
  const features: Feature<Polygon>[] = [];
  for (let i = 0; i < 400; i++) {
    for (let j = 0; j < 250; j++) {
      const x = 10 + i * 0.001,
        y = 50 + j * 0.001;
      features.push({
        type: 'Feature',
        properties: { controller: (i + j) % 2 === 0 ? 'blue' : 'red' },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [x, y],
              [x + 0.001, y],
              [x + 0.001, y + 0.001],
              [x, y + 0.001],
              [x, y],
            ],
          ],
        },
      });
    }
  }
  const collection: FeatureCollection = { type: 'FeatureCollection', features };

  it('measures and validates them all, the check of controllers for overlaps included', () => {
    expect(features).toHaveLength(100_000);
    // Short edges: the cells' geodesic areas add up to the zone's closed form.
    const total = area(collection);
    const zone = zoneArea(10, 50, 10.4, 50.25);
    expect(Math.abs(total - zone) / zone).toBeLessThan(1e-8);
    expect(validate(collection)).toEqual([]);
    // One cell given to both: the overlap is found, and its area is that cell's.
    const twice = { ...collection, features: [...features, { ...features[12_345]!, properties: { controller: 'red' } }] };
    const overlap = validate(twice).filter((f) => f.code === 'CONTROLLER_OVERLAP');
    expect(overlap).toHaveLength(1);
    const cell = area(features[12_345]!);
    expect(Math.abs(overlap[0]!.areaM2! - cell) / cell).toBeLessThan(1e-6);
  });
});

describe('nesting', () => {
  const deepCollection = (depth: number): unknown => {
    let g: unknown = { type: 'Point', coordinates: [0, 0] };
    for (let i = 0; i < depth; i++) g = { type: 'GeometryCollection', geometries: [g] };
    return g;
  };
  const deepArray = (depth: number): unknown => {
    let a: unknown = [0, 0];
    for (let i = 0; i < depth; i++) a = [a];
    return a;
  };

  it('a GeometryCollection 100,000 deep is an error, not a stack overflow', () => {
    const g = deepCollection(100_000);
    expect(catchError(() => area(g as never)).code).toBe('INVALID_GEOJSON');
    expect(validate(g).map((f) => f.code)).toEqual(['NOT_GEOJSON']);
    expect(catchError(() => repair(g)).code).toBe('INVALID_GEOJSON');
  });

  it('coordinates nested 100,000 deep are an error, in the library and from text', () => {
    const polygon = { type: 'Polygon', coordinates: deepArray(100_000) };
    expect(catchError(() => area(polygon as never)).code).toBe('INVALID_GEOJSON');
    expect(catchError(() => union(polygon as never)).code).toBe('INVALID_GEOJSON');
    expect(validate(polygon).every((f) => f.severity === 'error')).toBe(true);
    expect(validate(`{"type":"Polygon","coordinates":${'['.repeat(100_000)}${']'.repeat(100_000)}}`).length).toBeGreaterThan(0);
  });

  it('a file nested deeper than the reader allows is JSON_TOO_DEEP, with where', () => {
    const file = path.join(tmp, 'deep.json');
    writeFileSync(file, `{"type":"FeatureCollection","features":${'['.repeat(MAX_JSON_DEPTH + 5)}${']'.repeat(MAX_JSON_DEPTH + 5)}}`);
    const error = catchError(() => readJsonFile(file, 'GeoJSON'));
    expect(error.code).toBe('JSON_TOO_DEEP');
    expect(error.message).toMatch(/nests arrays and objects 1006 levels deep, more than the 1000 frontline reads \(line 1, column 1039\)/);
    // Brackets inside strings are text, not nesting.
    writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: [], note: '['.repeat(5000) }));
    expect(readJsonFile(file, 'GeoJSON')).toMatchObject({ type: 'FeatureCollection' });
  });
});

describe('files that are not what they claim', () => {
  const write = (name: string, content: string | Buffer): string => {
    const file = path.join(tmp, name);
    writeFileSync(file, content);
    return file;
  };
  const code = (file: string) => catchError(() => readJsonFile(file, 'a GeoJSON object'));
  const geojson = JSON.stringify({
    type: 'FeatureCollection',
    date: '2020-01-01',
    features: [
      {
        type: 'Feature',
        properties: { controller: 'a' },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, 0],
              [1, 1],
              [0, 0],
            ],
          ],
        },
      },
    ],
  });

  it.each([
    ['empty', '', 'FILE_EMPTY', /is empty \(0 bytes\)/],
    ['whitespace only', ' \n\t\n', 'FILE_EMPTY', /holds only whitespace \(4 bytes\)/],
    ['NUL bytes', Buffer.from([0x7b, 0x00, 0x7d]), 'FILE_BINARY', /binary data \(a NUL byte at offset 1\)/],
    ['UTF-16', Buffer.from('\ufeff{}', 'utf16le'), 'FILE_BINARY', /UTF-16 text \(save it as UTF-8\)/],
    ['gzip', Buffer.from([0x1f, 0x8b, 8, 0, 0, 0]), 'FILE_BINARY', /gzip-compressed data/],
    ['zip', Buffer.from('PK\u0003\u0004rest'), 'FILE_BINARY', /a ZIP archive/],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]), 'FILE_BINARY', /not UTF-8 text/],
    ['syntax error', '{"type": "FeatureCollection",\n "features": [1, 2,, 3]}', 'FILE_NOT_JSON', /not valid JSON at line 2, column 20/],
    ['two documents', '{"a": 1}\n{"b": 2}', 'FILE_NOT_JSON', /not valid JSON at line 2, column 1/],
  ])('%s → %s', (name, content, expectedCode, message) => {
    const error = code(write(`${name.replace(/\W/g, '-')}.json`, content as string));
    expect(error.code).toBe(expectedCode);
    expect(error.message).toMatch(message);
    expect(error.where).toMatch(/\.json$/);
  });

  it('a file cut at any point is FILE_TRUNCATED', () => {
    for (let cut = 1; cut < geojson.length; cut++) {
      const error = code(write('cut.json', geojson.slice(0, cut)));
      expect(error.code, `cut at ${cut}: ${geojson.slice(Math.max(0, cut - 10), cut)}`).toBe('FILE_TRUNCATED');
    }
    const open = geojson.indexOf('[{') + 2; // just inside the first feature: the collection, the array, the feature
    expect(code(write('cut.json', geojson.slice(0, open))).message).toMatch(
      new RegExp(`truncated JSON: the text stops with 3 arrays or objects still open after ${open} bytes \\(line 1, column ${open + 1}\\)`),
    );
    expect(code(write('cut.json', geojson.slice(0, 12))).message).toMatch(/stops inside a string after 12 bytes/);
    expect(code(write('cut.json', `${geojson.slice(0, open)}\n\n  `)).message).toMatch(/\(line 1, column/);
  });

  it('finds where text stops being JSON exactly where JSON.parse fails, on 20,000 broken texts', () => {
    const rng = mulberry32(5);
    const alphabet = '{}[]",:0123456789-+.eEtrufalsn \\/u\n\tabc';
    let broken = 0;
    for (let k = 0; k < 20_000; k++) {
      let text = toText(badValue(rng));
      const r = rng();
      if (r < 0.3) text = text.slice(0, Math.floor(rng() * text.length));
      else if (r < 0.8) {
        const chars = [...text];
        for (let j = 0; j < 1 + rng() * 3; j++) chars[Math.floor(rng() * chars.length)] = alphabet[Math.floor(rng() * alphabet.length)]!;
        text = chars.join('');
      }
      let parses = true;
      try {
        JSON.parse(text);
      } catch {
        parses = false;
        broken++;
      }
      expect(jsonErrorOffset(text) === -1, text.slice(0, 200)).toBe(parses);
    }
    expect(broken).toBeGreaterThan(10_000);
  });

  it('a UTF-8 byte order mark is skipped', () => {
    expect(readJsonFile(write('bom.json', `\ufeff${geojson}`), 'GeoJSON')).toMatchObject({ type: 'FeatureCollection' });
  });

  it('a file larger than the reader takes is FILE_TOO_LARGE, before any of it is read', () => {
    const file = write('huge.json', '');
    truncateSync(file, MAX_JSON_BYTES + 1); // sparse: no disk used, and never read
    const error = code(file);
    expect(error.code).toBe('FILE_TOO_LARGE');
    expect(error.message).toMatch(/256\.0 MiB is more than the 256\.0 MiB frontline reads/);
  });

  it('a missing file and a directory are FILE_UNREADABLE, saying which', () => {
    expect(code(path.join(tmp, 'nope.json')).message).toMatch(/nope\.json: not found/);
    mkdirSync(path.join(tmp, 'adir.json'), { recursive: true });
    expect(code(path.join(tmp, 'adir.json')).message).toMatch(/adir\.json: is a directory, not a regular file/);
  });

  it('the CLI gives each its code in one line and exits 2', async () => {
    const files = {
      FILE_EMPTY: write('e.geojson', ''),
      FILE_BINARY: write('b.geojson', Buffer.from([0, 1, 2])),
      FILE_TRUNCATED: write('t.geojson', geojson.slice(0, 40)),
      FILE_NOT_JSON: write('n.geojson', 'features: []'),
    };
    for (const [expectedCode, file] of Object.entries(files)) {
      for (const args of [
        ['validate', file],
        ['report', '--snapshot-file', file],
        ['areas', '--pack', file],
      ]) {
        const stderr: string[] = [];
        const exit = await run(args, { stdout: () => {}, stderr: (line) => stderr.push(line) });
        expect(exit, args.join(' ')).toBe(2);
        expect(stderr).toHaveLength(1);
        expect(stderr[0]).toMatch(new RegExp(`^frontline: ${expectedCode}: `));
      }
    }
  });
});

describe('keys that name prototypes', () => {
  const hostile = `{
    "type": "FeatureCollection", "date": "2020-01-01", "__proto__": {"polluted": "collection"},
    "features": [
      {"type": "Feature", "properties": {"controller": "__proto__", "__proto__": {"polluted": "properties"}, "constructor": {"prototype": {"polluted": "constructor"}}},
       "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [0.1, 0], [0.1, 0.1], [0, 0.1], [0, 0]]]}},
      {"type": "Feature", "properties": {"controller": "constructor"},
       "geometry": {"type": "Polygon", "coordinates": [[[0.1, 0], [0.2, 0], [0.2, 0.1], [0.1, 0.1], [0.1, 0]]]}},
      {"type": "Feature", "properties": {"controller": "toString"},
       "geometry": {"type": "Polygon", "coordinates": [[[0.2, 0], [0.3, 0], [0.3, 0.1], [0.2, 0.1], [0.2, 0]]]}}
    ]
  }`;
  const clean = () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(typeof ({} as { toString: unknown }).toString).toBe('function');
  };

  it('are controllers like any other, in snapshots, validate and repair, and pollute nothing', () => {
    const json = JSON.parse(hostile);
    const snapshot = snapshotFromGeoJSON(json, 'hostile');
    expect(snapshot.controllers).toEqual(['__proto__', 'constructor', 'toString']);
    expect(snapshot.areaKm2('__proto__')).toBeGreaterThan(100);
    expect(validate(json)).toEqual([]);
    const repaired = repair(json).geojson as FeatureCollection;
    expect(Object.keys(repaired.features[0]!.properties!)).toEqual(['controller', '__proto__', 'constructor']);
    expect(Object.getPrototypeOf(repaired.features[0]!.properties)).toBe(Object.prototype);
    clean();
  });

  it('as layer ids of a pack, load as layers (or fail as a malformed pack), and pollute nothing', () => {
    const topology = JSON.parse(
      '{"type":"Topology","arcs":[[[0,0],[1,0],[1,1],[0,0]]],"objects":{"__proto__":{"type":"GeometryCollection","geometries":[{"type":"Polygon","arcs":[[0]]}]},"constructor":{"type":"GeometryCollection","geometries":[]}},' +
        '"frontline":{"format":1,"name":"p","layers":[' +
        ['__proto__', 'constructor', 'toString']
          .map((id) => JSON.stringify({ id, title: id, kind: 'area', validFrom: null, validTo: null, source: 's', licence: 'l', accuracy: 'a' }))
          .join(',') +
        ']}}',
    );
    const error = catchError(() => loadPack(topology));
    expect(error.code).toBe('PACK_MALFORMED');
    expect(error.message).toMatch(/layer "toString" has no GeometryCollection/);
    topology.frontline.layers.pop();
    const pack = loadPack(topology);
    expect(pack.ids).toEqual(['__proto__', 'constructor']);
    expect(area(pack.layer('__proto__').geojson)).toBeGreaterThan(0);
    clean();
  });

  it('in a snapshot file, reach the report as names', async () => {
    const file = path.join(tmp, 'hostile.geojson');
    writeFileSync(file, hostile);
    const stdout: string[] = [];
    const stderr: string[] = [];
    expect(await run(['validate', file], { stdout: (l) => stdout.push(l), stderr: (l) => stderr.push(l) })).toBe(0);
    expect(stderr).toEqual([]);
    clean();
  });
});
