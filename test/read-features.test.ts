/**
 * The feature-by-feature reading of large files against reading them whole: readJsonFeatures
 * beside readJsonFile (the same values, bit for bit, and the same errors), the streamed
 * validation beside `validate`, the snapshot read from a file beside the one built from the
 * parsed collection, and the overlap checks that intersect only the polygons that meet beside
 * intersections of the whole areas.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { afterAll, describe, expect, it } from 'vitest';
import { area } from '../src/kernel/area.js';
import { densify } from '../src/kernel/densify.js';
import { intersection } from '../src/kernel/overlay.js';
import { FeatureCollectionValidator, isValid, validate } from '../src/kernel/validate.js';
import { snapshotFromGeoJSON } from '../src/sources/snapshot-file.js';
import { SnapshotOverlapError } from '../src/model/snapshot.js';
import { readJsonFeatures, readJsonFile } from '../src/node/read-json.js';
import { readSnapshotFile } from '../src/node/snapshot-files.js';
import { badBytes, FIXED_FILES, PROPERTY_RUNS, PROPERTY_SEED, randomValue } from './support/arbitraries.js';
import { fixturesDir } from './support/paths.js';
import { mulberry32 } from './support/random.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'frontline-read-features-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
function fileOf(bytes: Buffer | string): string {
  const file = path.join(dir, `f${files++}.json`);
  writeFileSync(file, bytes);
  return file;
}

/** A value as text in which every number is spelt by its bits, so −0 and 0, or two doubles a bit apart, differ. */
function exact(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'number' ? `n:${Object.is(v, -0) ? '-0' : v}:${new Float64Array([v]).join()}` : v));
}

/** What a reader gives: the value (streamed features gathered back) or the error's code and message. */
function outcome(read: () => unknown): string {
  try {
    return `value ${exact(read())}`;
  } catch (error) {
    return `error ${(error as { code?: string }).code} ${(error as Error).message}`;
  }
}

function streamed(file: string): unknown {
  const read = readJsonFeatures(file, 'a test file');
  if (!read.streamed) return read.value;
  const features = [...read.features()];
  expect(features.length).toBe(read.featureCount);
  // The features one by one and the other members are those of the whole value.
  const { features: all, ...members } = read.value() as Record<string, unknown>;
  expect(exact(features)).toBe(exact(all));
  expect(exact(read.members)).toBe(exact(members));
  return read.value();
}

/** JSON text spelling numbers and strings in the ways files do: exponents, escapes, long digits, spaces. */
function randomText(rng: () => number, value: unknown, depth = 0): string {
  const space = () => [' ', '', '\n', '\t', '\r\n  '][Math.floor(rng() * 5)]!;
  if (typeof value === 'number') {
    const forms = [String(value), value.toExponential(), value.toPrecision(17), `${value}`.replace('e+', 'E')];
    return Number.isFinite(value) ? forms[Math.floor(rng() * forms.length)]! : 'null';
  }
  if (typeof value === 'string') {
    const escaped = JSON.stringify(value);
    return rng() < 0.5 ? escaped : escaped.replace(/[a-z]/g, (c) => (rng() < 0.3 ? `\\u00${c.charCodeAt(0).toString(16)}` : c));
  }
  if (Array.isArray(value)) return `[${space()}${value.map((v) => randomText(rng, v, depth + 1)).join(`${space()},${space()}`)}${space()}]`;
  if (typeof value === 'object' && value !== null)
    return `{${space()}${Object.entries(value)
      .filter(([, v]) => v !== undefined && typeof v !== 'bigint')
      .map(([k, v]) => `${JSON.stringify(k)}${space()}:${space()}${randomText(rng, v, depth + 1)}`)
      .join(',')}${space()}}`;
  return JSON.stringify(value === undefined || typeof value === 'bigint' ? null : value);
}

describe('readJsonFeatures', () => {
  it('gives what readJsonFile gives for every fixture of the repository', () => {
    const all = (d: string): string[] =>
      readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? all(path.join(d, e.name)) : [path.join(d, e.name)]));
    const json = all(fixturesDir).filter((f) => /\.(geo)?json$/.test(f));
    expect(json.length).toBeGreaterThan(20);
    let collections = 0;
    for (const file of json) {
      if (readJsonFeatures(file, 'x').streamed) collections++;
      expect(
        outcome(() => streamed(file)),
        file,
      ).toBe(outcome(() => readJsonFile(file, 'a test file')));
    }
    expect(collections).toBeGreaterThan(10);
  });

  it('parses random collections exactly as JSON.parse does, members and features, numbers bit for bit', () => {
    const rng = mulberry32(PROPERTY_SEED);
    for (let run = 0; run < PROPERTY_RUNS; run++) {
      const features = Array.from({ length: Math.floor(rng() * 6) }, () => randomValue(rng));
      const coordinates = Array.from({ length: 1 + Math.floor(rng() * 20) }, () => [
        (rng() - 0.5) * 360,
        (rng() - 0.5) * 1e-300 * 10 ** Math.floor(rng() * 600),
      ]);
      features.push({ type: 'Feature', properties: { name: 'é\u2028"\\' }, geometry: { type: 'LineString', coordinates } });
      const members: [string, unknown][] = [
        ['type', 'FeatureCollection'],
        ['features', features],
        ['date', randomValue(rng)],
        ['__proto__', { polluted: true }],
        ['date', 'again'],
      ].sort(() => rng() - 0.5) as [string, unknown][];
      const text = `${rng() < 0.2 ? '\ufeff' : ''} {${members.map(([k, v]) => `${JSON.stringify(k)}:${randomText(rng, v)}`).join(' , ')}}\n`;
      const file = fileOf(text);
      expect(readJsonFeatures(file, 'x').streamed).toBe(true);
      expect(outcome(() => streamed(file))).toBe(outcome(() => readJsonFile(file, 'a test file')));
      expect(outcome(() => streamed(file))).toBe(`value ${exact(JSON.parse(text.replace(/^\ufeff/, '')))}`);
    }
  });

  it('fails on broken, cut, binary and hostile files with the very error readJsonFile gives', () => {
    const rng = mulberry32(PROPERTY_SEED + 1);
    const cases: Buffer[] = FIXED_FILES.map(([, bytes]) => bytes);
    for (let run = 0; run < PROPERTY_RUNS; run++) cases.push(badBytes(rng));
    const collection = Buffer.from(
      JSON.stringify({
        type: 'FeatureCollection',
        date: '2020-01-01',
        features: [{ type: 'Feature', properties: { controller: 'a' }, geometry: null }, 1, 'x'],
      }),
    );
    // Cut anywhere, or with one byte replaced by something JSON does not allow there.
    for (let at = 0; at < collection.length; at++) {
      cases.push(collection.subarray(0, at));
      const bad = Buffer.from(collection);
      bad[at] = '}]{[,:"x\\ '.charCodeAt(Math.floor(rng() * 11)) || 0x7b;
      cases.push(bad);
    }
    cases.push(Buffer.from(`{"type":"FeatureCollection","features":[${'['.repeat(1200)}${']'.repeat(1200)}]}`));
    cases.push(Buffer.from('{"type":"FeatureCollection","features":[],"features":[1]}'));
    cases.push(Buffer.from('{"type":"FeatureCollection","features":[01]}'));
    cases.push(Buffer.from('{"type":"FeatureCollection","features":[{"a":"\u0001"}]}'));
    for (const bytes of cases) {
      const file = fileOf(bytes);
      expect(
        outcome(() => streamed(file)),
        JSON.stringify(bytes.toString('latin1').slice(0, 200)),
      ).toBe(outcome(() => readJsonFile(file, 'a test file')));
    }
  });
});

/** A square of side d at (x, y), counter-clockwise. */
const square = (x: number, y: number, d: number): Position[][] => [
  [
    [x, y],
    [x + d, y],
    [x + d, y + d],
    [x, y + d],
    [x, y],
  ],
];

/** Random collections of squares spread over the globe, some overlapping, some of one controller, some not areal. */
function randomCollection(rng: () => number): { type: 'FeatureCollection'; date: string; features: unknown[] } {
  const features: unknown[] = [];
  const n = 2 + Math.floor(rng() * 14);
  for (let i = 0; i < n; i++) {
    const polygons = Array.from({ length: 1 + Math.floor(rng() * 3) }, () => {
      // Mostly in a few clusters, so that some squares overlap and most do not.
      const cx = [-120, 10, 10.3, 150][Math.floor(rng() * 4)]!;
      return square(cx + Math.floor(rng() * 8) * 0.2, 40 + Math.floor(rng() * 3) * 0.3, [0.1, 0.25, 0.5][Math.floor(rng() * 3)]!);
    });
    const geometry: Polygon | MultiPolygon =
      polygons.length === 1 && rng() < 0.5 ? { type: 'Polygon', coordinates: polygons[0]! } : { type: 'MultiPolygon', coordinates: polygons };
    const r = rng();
    features.push({
      type: 'Feature',
      properties: r < 0.9 ? { controller: ['red', 'blue', 'green'][Math.floor(rng() * 3)] } : {},
      geometry:
        r < 0.95
          ? geometry
          : {
              type: 'LineString',
              coordinates: [
                [0, 0],
                [1, 1],
              ],
            },
    });
  }
  return { type: 'FeatureCollection', date: '2020-01-01', features };
}

/**
 * The overlap findings as they were first computed: each pair of controllers intersected whole,
 * each pair of features of one controller whose boxes overlap intersected whole.
 */
function overlapsWhole(fc: { features: unknown[] }): { code: string; areaM2: number; location?: [number, number] }[] {
  const areal = fc.features.flatMap((f, index) => {
    const g = (f as { geometry: Polygon | MultiPolygon; properties: { controller?: string } }).geometry;
    const controller = (f as { properties: { controller?: string } }).properties.controller;
    // Features with errors of their own are left out of the overlap checks.
    if (controller === undefined || (g.type !== 'Polygon' && g.type !== 'MultiPolygon') || !isValid(validate(f))) return [];
    return [{ index, controller, polygons: g.type === 'Polygon' ? [g.coordinates] : g.coordinates }];
  });
  const shared = (a: Position[][][], b: Position[][][]) => {
    const s = intersection({ type: 'MultiPolygon', coordinates: a }, { type: 'MultiPolygon', coordinates: b });
    return s.coordinates.length === 0
      ? { areaM2: 0 }
      : { areaM2: area(densify(s, 0.005)), location: s.coordinates[0]![0]![0]!.slice(0, 2) as [number, number] };
  };
  const tolerance = (a: Position[][][], b: Position[][][]) =>
    Math.max(1, 1e-9 * (area({ type: 'MultiPolygon', coordinates: a }) + area({ type: 'MultiPolygon', coordinates: b })));
  const found: { code: string; areaM2: number; location?: [number, number] }[] = [];
  const names = [...new Set(areal.map((f) => f.controller))];
  for (const name of names) {
    const own = areal.filter((f) => f.controller === name);
    for (let i = 0; i < own.length; i++)
      for (let j = i + 1; j < own.length; j++) {
        const s = shared(own[i]!.polygons, own[j]!.polygons);
        if (s.areaM2 > tolerance(own[i]!.polygons, own[j]!.polygons)) found.push({ code: 'FEATURES_OVERLAP', ...s });
      }
  }
  for (let i = 0; i < names.length; i++)
    for (let j = i + 1; j < names.length; j++) {
      const a = areal.filter((f) => f.controller === names[i]).flatMap((f) => f.polygons);
      const b = areal.filter((f) => f.controller === names[j]).flatMap((f) => f.polygons);
      const s = shared(a, b);
      if (s.areaM2 > tolerance(a, b)) found.push({ code: 'CONTROLLER_OVERLAP', ...s });
    }
  return found;
}

describe('validation feature by feature', () => {
  it('finds what validate finds, and the overlaps of whole intersections, on random collections', () => {
    const rng = mulberry32(PROPERTY_SEED + 2);
    let overlaps = 0;
    for (let run = 0; run < PROPERTY_RUNS; run++) {
      const fc = randomCollection(rng);
      const streamedFindings = new FeatureCollectionValidator();
      for (const f of fc.features) streamedFindings.add(f);
      const findings = streamedFindings.finish();
      expect(findings).toEqual(validate(fc));
      const key = (f: { code: string; areaM2?: number; location?: unknown }) => `${f.code} ${f.areaM2} ${JSON.stringify(f.location)}`;
      const expected = overlapsWhole(fc).map(key).sort();
      expect(
        findings
          .filter((f) => f.code.endsWith('_OVERLAP'))
          .map(key)
          .sort(),
      ).toEqual(expected);
      overlaps += expected.length;
    }
    expect(overlaps).toBeGreaterThan(PROPERTY_RUNS / 4);
  });

  it('reads a snapshot file as the snapshot of its parsed collection, overlaps measured as whole intersections', () => {
    const rng = mulberry32(PROPERTY_SEED + 3);
    let refused = 0;
    for (let run = 0; run < Math.min(PROPERTY_RUNS, 60); run++) {
      const fc = randomCollection(rng);
      fc.features = fc.features.filter((f) => (f as { geometry: { type: string } }).geometry.type !== 'LineString');
      for (const f of fc.features) (f as { properties: { controller?: string } }).properties.controller ??= 'red';
      const file = fileOf(JSON.stringify(fc));
      const fromFile = outcome(() => {
        const s = readSnapshotFile(file);
        return s.controllers.map((c) => [c, s.areaKm2(c), s.geometry(c)]);
      });
      const parsed = outcome(() => {
        const s = snapshotFromGeoJSON(JSON.parse(readFileSync(file, 'utf8')), file);
        return s.controllers.map((c) => [c, s.areaKm2(c), s.geometry(c)]);
      });
      expect(fromFile).toBe(parsed);
      try {
        readSnapshotFile(file);
      } catch (error) {
        if (!(error instanceof SnapshotOverlapError)) throw error;
        refused++;
        // Areas as intersections of the controllers' whole merged ground.
        const byName = new Map<string, Position[][][]>();
        for (const f of fc.features as { properties: { controller: string }; geometry: Polygon | MultiPolygon }[]) {
          byName.set(f.properties.controller, [
            ...(byName.get(f.properties.controller) ?? []),
            ...(f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates),
          ]);
        }
        for (const o of error.overlaps) {
          const [a, b] = o.controllers.map((c) => ({ type: 'MultiPolygon' as const, coordinates: byName.get(c)! }));
          expect(o.areaKm2).toBeCloseTo(area(densify(intersection(a!, b!), 0.005)) / 1e6, 9);
        }
      }
    }
    expect(refused).toBeGreaterThan(5);
  });
});
