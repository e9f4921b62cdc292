import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { FINDING_SEVERITY, isValid, validate, type FindingCode, type ValidationFinding } from '../src/kernel/validate.js';
import { orient } from '../src/kernel/predicates.js';
import { snapshotFromGeoJSON } from '../src/sources/snapshot-file.js';
import { SnapshotOverlapError } from '../src/model/snapshot.js';
import * as library from '../src/index.js';
import { run } from '../src/cli/run.js';
import { deepFreeze } from './support/assert.js';
import { fixturesDir } from './support/paths.js';
import { mulberry32 } from './support/random.js';
import { rectangle } from './support/random-snapshots.js';
import { referenceArea } from './support/reference.js';

const dir = path.join(fixturesDir, 'validate');

interface Expected {
  code: FindingCode;
  severity: string;
  feature: number | null;
  path?: string;
  location?: [number, number];
  anyOf?: { path: string; location: [number, number] }[];
  overlapBox?: [number, number, number, number];
}

const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.expected.json') && f !== 'repair.expected.json')
  .map((f) => {
    const name = f.replace('.expected.json', '');
    const input = readdirSync(dir).find((g) => g.startsWith(`${name}.`) && !g.endsWith('.expected.json'))!;
    return {
      name,
      input: JSON.parse(readFileSync(path.join(dir, input), 'utf8')) as unknown,
      expected: JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Expected[],
    };
  });

const byKey = <T extends { code: string; path?: string; location?: number[] }>(list: T[]): T[] =>
  [...list].sort((a, b) => `${a.code} ${a.path ?? ''} ${a.location ?? ''}`.localeCompare(`${b.code} ${b.path ?? ''} ${b.location ?? ''}`));

/** Follows a finding's path (`features[3].geometry.coordinates[0][5]`) into the input; undefined when it leads nowhere. */
function resolve(root: unknown, where: string): unknown {
  let value = root;
  for (const [, key, index] of where.matchAll(/\.?([^.[\]]+)|\[(\d+)\]/g)) {
    if (value === null || typeof value !== 'object') return undefined;
    const k = key ?? Number(index);
    if (!Object.hasOwn(value, k)) return undefined;
    value = (value as Record<string | number, unknown>)[k];
  }
  return value;
}

describe('validate on the fixtures (fixtures/validate, expected findings worked out by hand)', () => {
  it('has a fixture for every finding code but the three tested apart', () => {
    const seen = new Set(cases.flatMap((c) => c.expected.map((e) => e.code)));
    const untested = (Object.keys(FINDING_SEVERITY) as FindingCode[]).filter((code) => !seen.has(code));
    expect(untested.sort()).toEqual(['NOT_JSON', 'SELF_TOUCHING_HOLE', 'TOO_MANY_FINDINGS']);
  });

  for (const { name, input, expected } of cases) {
    it(name, () => {
      const findings = validate(deepFreeze(input));
      const actual = byKey(findings);
      const wanted = byKey(expected.map((e) => ({ ...e, path: e.path ?? e.anyOf?.[0]?.path })));
      expect(actual.map((f) => [f.code, f.severity, f.feature])).toEqual(wanted.map((e) => [e.code, e.severity, e.feature]));
      actual.forEach((f, i) => {
        const e = wanted[i]!;
        expect(f.severity).toBe(FINDING_SEVERITY[f.code]);
        expect(f.message.length).toBeGreaterThan(10);
        const places = e.anyOf ?? [{ path: e.path!, location: e.location }];
        const match = places.find((p) => p.path === f.path);
        expect(match, `${f.code} at ${f.path}: expected one of ${places.map((p) => p.path).join(', ')}`).toBeDefined();
        if (match?.location) {
          expect(f.location![0]).toBeCloseTo(match.location[0], 12);
          expect(f.location![1]).toBeCloseTo(match.location[1], 12);
        }
        if (e.overlapBox) {
          // The overlap is a rectangle; GeographicLib's area of it, densified as the model densifies.
          const expectedM2 = referenceArea(rectangle(e.overlapBox));
          expect(Math.abs(f.areaM2! - expectedM2) / expectedM2).toBeLessThan(1e-9);
          expect(f.message).toMatch(/ km²/);
        }
        // A path names an element of the input, or (for a missing member) a place in an object that is there.
        const parent = f.path.replace(/(\.[^.[\]]+|\[\d+\])$/, '');
        expect(
          resolve(input, f.path) !== undefined || (parent !== f.path && typeof resolve(input, parent) === 'object'),
          `path ${f.path} leads into the input`,
        ).toBe(true);
      });
      expect(isValid(findings)).toBe(!expected.some((e) => e.severity === 'error'));
    });
  }
});

describe('validate on other input', () => {
  it('reports text that is not JSON as NOT_JSON, and parses text that is', () => {
    const [finding, ...rest] = validate('{"type": "Polygon", ');
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ code: 'NOT_JSON', severity: 'error', feature: null, path: '' });
    expect(validate('{"type": "Point", "coordinates": [1, 2]}')).toEqual([]);
  });

  it('lists at most maxFindings and counts the rest in one TOO_MANY_FINDINGS', () => {
    const features = Array.from({ length: 50 }, () => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [0, 'x'] } }));
    const findings = validate({ type: 'FeatureCollection', features }, { maxFindings: 10 });
    expect(findings).toHaveLength(11);
    expect(findings.slice(0, 10).every((f) => f.code === 'NON_FINITE_COORDINATE')).toBe(true);
    expect(findings[10]).toMatchObject({ code: 'TOO_MANY_FINDINGS', severity: 'info' });
    expect(findings[10]!.message).toMatch(/^40 more findings/);
    expect(isValid(findings)).toBe(false);
  });

  it('tells a vertex clear of an edge, on it, and through it, exactly', () => {
    // Vertex 3 comes down to the bottom edge at (2, ε): clear of it (even by a denormal),
    // touching it (the ring touches itself), or through it by any amount (it crosses itself).
    const ring = (eps: number): Polygon => ({
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [4, 0],
          [4, 4],
          [2, eps],
          [0, 4],
          [0, 0],
        ],
      ],
    });
    expect(validate(ring(Number.MIN_VALUE))).toEqual([]);
    expect(validate(ring(1e-12))).toEqual([]);
    expect(validate(ring(0)).map((f) => [f.code, f.path, f.location])).toEqual([['RING_SELF_TOUCH', 'coordinates[0][3]', [2, 0]]]);
    for (const eps of [-Number.MIN_VALUE, -1.4e-9, -1.6e-9]) {
      const through = validate(ring(eps));
      expect(
        through.map((f) => f.code),
        `ε = ${eps}`,
      ).toEqual(['SELF_INTERSECTION', 'SELF_INTERSECTION']);
      expect(through.every((f) => Math.abs(f.location![1]) < 1e-20)).toBe(true);
    }
  });

  it('agrees with ControlSnapshot on which controllers overlap, and by how much', () => {
    const overlap = cases.find((c) => c.name === 'controllers-overlap')!;
    const finding = validate(overlap.input).find((f) => f.code === 'CONTROLLER_OVERLAP')!;
    let thrown: unknown;
    try {
      snapshotFromGeoJSON(overlap.input, 'controllers-overlap');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SnapshotOverlapError);
    const [pair] = (thrown as SnapshotOverlapError).overlaps;
    expect(pair!.controllers).toEqual(['blue', 'red']);
    expect(Math.abs(pair!.areaKm2 * 1e6 - finding.areaM2!) / finding.areaM2!).toBeLessThan(1e-9);
    const adjacent = cases.find((c) => c.name === 'controllers-adjacent')!;
    expect(validate(adjacent.input)).toEqual([]);
    expect(snapshotFromGeoJSON(adjacent.input, 'controllers-adjacent').controllers).toEqual(['blue', 'red']);
  });

  it('warns when features of one controller share ground, which a snapshot counts once', () => {
    const feature = (controller: string, box: number[]) => ({ type: 'Feature', properties: { controller }, geometry: rectangle(box) });
    const input = {
      type: 'FeatureCollection',
      features: [feature('a', [0, 0, 1, 1]), feature('a', [0.5, 0, 1.5, 1]), feature('a', [1.5, 0, 2, 1]), feature('b', [3, 0, 4, 1])],
      date: '2020-01-01',
    };
    const findings = validate(input);
    expect(findings.map((f) => [f.code, f.severity, f.feature])).toEqual([['FEATURES_OVERLAP', 'warning', 1]]);
    expect(Math.abs(findings[0]!.areaM2! - referenceArea(rectangle([0.5, 0, 1, 1]))) / findings[0]!.areaM2!).toBeLessThan(1e-6);
    expect(isValid(findings)).toBe(true);
    const snapshot = snapshotFromGeoJSON(input, 'own-overlap');
    expect(Math.abs(snapshot.areaKm2('a') * 1e6 - referenceArea(rectangle([0, 0, 2, 1]))) / (snapshot.areaKm2('a') * 1e6)).toBeLessThan(1e-6);
  });

  it('is exported from the package entry point', () => {
    expect(library.validate).toBe(validate);
    expect(typeof library.repair).toBe('function');
    expect(library.isValid([] as ValidationFinding[])).toBe(true);
  });
});

describe('docs/errors.md', () => {
  const doc = readFileSync(path.join(fixturesDir, '..', 'docs', 'errors.md'), 'utf8');

  it('documents every error code of FrontlineError', () => {
    const source = readFileSync(path.join(fixturesDir, '..', 'src', 'errors.ts'), 'utf8');
    const union = source.slice(source.indexOf('export type FrontlineErrorCode'), source.indexOf(';', source.indexOf('export type FrontlineErrorCode')));
    const codes = [...union.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]!);
    expect(codes.length).toBeGreaterThan(20);
    for (const code of codes) expect(doc, code).toMatch(new RegExp(`\\| [^|]*\`${code}\`[^|]* \\|`));
  });

  it('documents every finding code with its severity', () => {
    for (const [code, severity] of Object.entries(FINDING_SEVERITY)) expect(doc, code).toContain(`| \`${code}\` | ${severity} |`);
  });
});

describe('orient, the exact predicate under the topology checks', () => {
  // Coordinates X / 2^60 with |X| < 2^53 are exact doubles, and their exact determinant is the
  // BigInt determinant of the integers: a reference that shares nothing with orient's own.
  const SCALE = 2 ** 60;
  const reference = (p: bigint[]): number => {
    const [ax, ay, bx, by, cx, cy] = p as [bigint, bigint, bigint, bigint, bigint, bigint];
    const det = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
    return det > 0n ? 1 : det < 0n ? -1 : 0;
  };

  it('matches exact arithmetic on 20,000 nearly collinear triples', () => {
    const rng = mulberry32(7);
    const big = (): bigint => BigInt(Math.floor((rng() * 2 - 1) * 2 ** 52));
    let zero = 0,
      naiveWrong = 0;
    for (let i = 0; i < 20_000; i++) {
      const ax = big(),
        ay = big(),
        bx = big(),
        by = big();
      // c on the line through a and b (rounded to the grid), nudged by at most one grid step.
      const t = BigInt(Math.floor(rng() * 1024));
      const cx = ax + ((bx - ax) * t) / 1024n + BigInt(Math.floor(rng() * 3) - 1);
      const cy = ay + ((by - ay) * t) / 1024n + BigInt(Math.floor(rng() * 3) - 1);
      const p = [ax, ay, bx, by, cx, cy];
      if (p.some((v) => v >= 2n ** 53n || v <= -(2n ** 53n))) continue;
      const [x1, y1, x2, y2, x3, y3] = p.map((v) => Number(v) / SCALE) as [number, number, number, number, number, number];
      const expected = reference(p);
      expect(orient(x1, y1, x2, y2, x3, y3)).toBe(expected);
      if (expected === 0) zero++;
      if (Math.sign((x2 - x1) * (y3 - y1) - (y2 - y1) * (x3 - x1)) !== expected) naiveWrong++;
    }
    // The cases are hard ones: plain floating point gets many of them wrong.
    expect(zero).toBeGreaterThan(100);
    expect(naiveWrong).toBeGreaterThan(100);
  });
});

describe('rings that touch themselves to form holes', () => {
  // A shell pinched at (2, 0) around a triangle that touches it there (an inverted hole), and a
  // shell pinched into two lobes side by side (exverted): JTS's option accepts the first only.
  const inverted: Polygon = {
    type: 'Polygon',
    coordinates: [
      [
        [0, 0],
        [2, 0],
        [1, 2],
        [3, 2],
        [2, 0],
        [4, 0],
        [4, 4],
        [0, 4],
        [0, 0],
      ],
    ],
  };
  const exverted: Polygon = {
    type: 'Polygon',
    coordinates: [
      [
        [0, 0],
        [2, 2],
        [4, 0],
        [4, 4],
        [2, 2],
        [0, 4],
        [0, 0],
      ],
    ],
  };

  it('are errors by default, as OGC and GEOS have it', () => {
    expect(validate(inverted).map((f) => [f.code, f.severity])).toEqual([['RING_SELF_TOUCH', 'error']]);
    expect(validate(exverted).map((f) => [f.code, f.severity])).toEqual([['RING_SELF_TOUCH', 'error']]);
  });

  it('are warnings when asked, for inverted holes only', () => {
    expect(validate(inverted, { selfTouchingHoles: true }).map((f) => [f.code, f.severity, f.location])).toEqual([['SELF_TOUCHING_HOLE', 'warning', [2, 0]]]);
    expect(validate(exverted, { selfTouchingHoles: true }).map((f) => f.code)).toEqual(['RING_SELF_TOUCH']);
  });

  // Cases with GEOS 3.11's verdicts recorded beside them (GEOSisValidDetail, without and with
  // GEOSVALID_ALLOW_SELFTOUCHING_RING_FORMING_HOLE), and the two where frontline departs, with why.
  const selfTouching = JSON.parse(readFileSync(path.join(dir, 'self-touching-holes.cases.json'), 'utf8')) as {
    name: string;
    geometry: Polygon;
    expected: FindingCode[];
    geos: { valid: boolean; validSelfTouching: boolean };
    departsFromGeos?: string;
  }[];
  for (const c of selfTouching) {
    it(`check the holes they form against everything else: ${c.name}`, () => {
      const findings = validate(c.geometry, { selfTouchingHoles: true });
      expect([...new Set(findings.filter((f) => f.severity !== 'info').map((f) => f.code))].sort()).toEqual([...c.expected].sort());
      expect(isValid(validate(c.geometry))).toBe(c.geos.valid);
      expect(isValid(findings)).toBe(c.departsFromGeos === undefined ? c.geos.validSelfTouching : !c.geos.validSelfTouching);
    });
  }

  it('are warnings from the command line with --self-touching-holes', async () => {
    const dirOut = mkdtempSync(path.join(os.tmpdir(), 'frontline-validate-'));
    const file = path.join(dirOut, 'inverted.geojson');
    writeFileSync(file, JSON.stringify(inverted));
    const lines = async (args: string[]) => {
      const stdout: string[] = [];
      return { code: await run(args, { stdout: (l) => stdout.push(l), stderr: () => {} }), stdout };
    };
    const strict = await lines(['validate', file]);
    expect(strict.code).toBe(1);
    expect(strict.stdout.join('\n')).toMatch(/^error RING_SELF_TOUCH coordinates\[0\]\[1\]: /m);
    const asked = await lines(['validate', file, '--self-touching-holes']);
    expect(asked.code).toBe(0);
    expect(asked.stdout.join('\n')).toMatch(/^warning SELF_TOUCHING_HOLE coordinates\[0\]: /m);
    rmSync(dirOut, { recursive: true, force: true });
  });

  it('still cut the interior in two when the hole touches the shell again', () => {
    // The triangle now touches the shell's top edge too, at (2, 4).
    const twice: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [2, 0],
          [1, 2],
          [2, 4],
          [3, 2],
          [2, 0],
          [4, 0],
          [4, 4],
          [0, 4],
          [0, 0],
        ],
      ],
    };
    expect(
      validate(twice, { selfTouchingHoles: true })
        .map((f) => f.code)
        .sort(),
    ).toEqual(['DISCONNECTED_INTERIOR', 'SELF_TOUCHING_HOLE']);
  });
});
