import type { MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { checkClaim, resolverFrom, validateClaim, type AreaExpr, type Claim } from '../src/model/claim.js';
import { LayerPack, type Layer } from '../src/model/layer.js';
import { densify } from '../src/kernel/densify.js';
import { TEST_STEP_DEG, densifyCollection, rectangle } from './support/random-snapshots.js';
import { referenceArea } from './support/reference.js';
import { catchError, deepFreeze } from './support/assert.js';
import { load, readJson } from './support/snapshot-fixtures.js';

const packFile = readJson<{ name: string; title: string; layers: Layer[] }>('claim-pack.json');
const pack = new LayerPack(
  packFile.name,
  packFile.title,
  packFile.layers.map((l) => ({ ...l, geojson: densifyCollection(l.geojson) })),
);
const snapshots = [load('claim-before.geojson'), load('claim-after.geojson'), load('claim-handover.geojson')];
const resolver = resolverFrom(pack, snapshots);
const claim = (): Claim => readJson<Claim>('claim.json');
const expected = readJson<{ readings: { id: string; numeratorCells: number; denominatorCells: number; fraction: number; around: boolean }[] }>(
  'claim.expected.json',
);
/** Every cell of the fixture's row lies in the same latitude band, so all have this area. */
const cellKm2 = referenceArea(rectangle([20.0, 40.0, 20.1, 40.1])) / 1e6;
/** GeographicLib's area (km²) of an overlay result, its edges read as the straight lines the overlay means. */
const overlayKm2 = (geometry: Polygon | MultiPolygon): number => referenceArea(densify(geometry, TEST_STEP_DEG)) / 1e6;

describe('checkClaim', () => {
  it('works out each reading: areas against GeographicLib, fractions and verdicts by hand', () => {
    const result = checkClaim(claim(), resolver);
    expect(result.claim).toEqual({ id: 'one-fifth', text: claim().text, source: 'test fixture', stated: 0.2, tolerance: 0.04 });
    expect(result.method).toBe('ellipsoidal');
    expect(result.readings.map((r) => r.id)).toEqual(expected.readings.map((r) => r.id));
    for (const want of expected.readings) {
      const got = result.readings.find((r) => r.id === want.id)!;
      expect(Math.abs(got.numeratorKm2 - want.numeratorCells * cellKm2)).toBeLessThan(1e-8 * want.numeratorCells * cellKm2);
      expect(Math.abs(got.denominatorKm2 - want.denominatorCells * cellKm2)).toBeLessThan(1e-8 * want.denominatorCells * cellKm2);
      expect(Math.abs(got.fraction - want.fraction)).toBeLessThan(1e-9);
      expect(Math.abs(got.deviation - (want.fraction - 0.2))).toBeLessThan(1e-9);
      expect(got.around, want.id).toBe(want.around);
    }
    expect(result.readings[0]!.name).toBe('All taken / all lost');
    expect(result.readings[0]!.description).toContain('war');
  });

  it('is the same after a JSON round trip of the claim and of the result', () => {
    const result = checkClaim(claim(), resolver);
    const again = checkClaim(JSON.parse(JSON.stringify(claim())) as Claim, resolver);
    expect(again).toEqual(result);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('moves a verdict when the tolerance moves across a reading', () => {
    const wide = { ...claim(), tolerance: 0.06 };
    const verdicts = checkClaim(wide, resolver).readings.map((r) => r.around);
    expect(verdicts).toEqual([true, true, false, true]);
  });

  it('errors on a zero denominator, naming the reading', () => {
    const c = claim();
    // The enclave (cells 0-3) and D1 (cells 4-6) only share an edge.
    c.readings[2]!.denominator = { intersection: [{ layer: 'enclave' }, { layer: 'districts', feature: 'D1' }] };
    const error = catchError(() => checkClaim(c, resolver));
    expect(error.code).toBe('INVALID_CLAIM');
    expect(error.message).toContain('"enclave-over-lost"');
    expect(error.where).toBe('readings[2].denominator');
  });

  it('leaves a deep-frozen claim as it was', () => {
    const c = deepFreeze(claim());
    const text = JSON.stringify(c);
    checkClaim(c, resolver);
    expect(JSON.stringify(c)).toBe(text);
  });
});

describe('validateClaim', () => {
  const cases: [string, (c: Claim) => void, string][] = [
    [
      'a misspelt key inside a union',
      (c) => void (c.readings[2]!.numerator = { union: [{ layer: 'enclave' }, { layr: 'enclave' } as unknown as AreaExpr] }),
      'readings[2].numerator.union[1]',
    ],
    [
      'an unknown key beside a layer',
      (c) => void ((c.readings[1]!.numerator as { intersection: AreaExpr[] }).intersection[1] = { layer: 'enclave', feture: 'Enclave' } as unknown as AreaExpr),
      'readings[1].numerator.intersection[1]',
    ],
    ['an empty difference', (c) => void (c.readings[0]!.numerator = { difference: [] as unknown as [AreaExpr] }), 'readings[0].numerator.difference'],
    [
      'a snapshot without controller',
      (c) => void (c.readings[3]!.denominator = { snapshot: 'before' } as unknown as AreaExpr),
      'readings[3].denominator.controller',
    ],
    ['a number for an expression', (c) => void (c.readings[0]!.denominator = 5 as unknown as AreaExpr), 'readings[0].denominator'],
    ['a stated fraction in words', (c) => void ((c as unknown as Record<string, unknown>).stated = 'one fifth'), 'stated'],
    ['a negative tolerance', (c) => void (c.tolerance = -0.01), 'tolerance'],
    ['no readings', (c) => void (c.readings = []), 'readings'],
    ['two readings with one id', (c) => void (c.readings[1]!.id = c.readings[0]!.id), 'readings[1].id'],
    ['a reading without description', (c) => void delete (c.readings[3] as Partial<Claim['readings'][number]>).description, 'readings[3].description'],
    [
      'a stated area inside a union',
      (c) => void (c.readings[0]!.numerator = { union: [{ layer: 'enclave' }, { km2: 10, source: 'a table' }] }),
      'readings[0].numerator.union[1]',
    ],
    ['a stated area without its source', (c) => void (c.readings[0]!.denominator = { km2: 10, source: ' ' }), 'readings[0].denominator.source'],
    ['a negative stated area', (c) => void (c.readings[0]!.denominator = { km2: -1, source: 'a table' }), 'readings[0].denominator.km2'],
    ['an alternative that changes nothing', (c) => void (c.readings[1]!.alternatives = [{ id: 'same', name: 'same' }]), 'readings[1].alternatives[0]'],
    [
      'two alternatives with one id',
      (c) =>
        void (c.readings[1]!.alternatives = [
          { id: 'x', name: 'x', denominator: { km2: 1, source: 's' } },
          { id: 'x', name: 'y', denominator: { km2: 2, source: 's' } },
        ]),
      'readings[1].alternatives[1].id',
    ],
  ];

  it.each(cases)('rejects %s with INVALID_CLAIM at its path', (_, breakIt, where) => {
    const c = claim();
    breakIt(c);
    for (const run of [() => validateClaim(c), () => checkClaim(c, resolver)]) {
      const error = catchError(run);
      expect(error.code).toBe('INVALID_CLAIM');
      expect(error.where).toBe(where);
      expect(error.message).toContain(where);
    }
  });

  it('accepts the fixture claim as it is', () => {
    expect(validateClaim(claim()).id).toBe('one-fifth');
  });
});

describe('resolverFrom', () => {
  const withNumerator = (numerator: AreaExpr): Claim => {
    const c = claim();
    c.readings[1]!.numerator = numerator;
    return c;
  };

  it.each([
    ['an unknown layer', { layer: 'nkao' }, 'UNKNOWN_LAYER', ['"nkao"', 'lost-1994, enclave, districts, contact']],
    ['an unknown feature', { layer: 'districts', feature: 'D3' }, 'UNKNOWN_LAYER', ['"D3"', 'D1, D2']],
    ['an unknown snapshot', { snapshot: '2023', controller: 'A' }, 'UNKNOWN_SNAPSHOT', ['"2023"', 'before, after, handover']],
    ['an unknown controller', { snapshot: 'after', controller: 'C' }, 'UNKNOWN_CONTROLLER', ['"C"', 'A, B']],
    ['a line layer', { layer: 'contact' }, 'INVALID_ARGUMENT', ['"contact"', 'no polygons']],
  ] as [string, AreaExpr, string, string[]][])('reports %s with its code and the path asking for it', (_, expr, code, mentions) => {
    const error = catchError(() => checkClaim(withNumerator(expr), resolver));
    expect(error.code).toBe(code);
    expect(error.where).toBe('readings[1].numerator');
    for (const m of mentions) expect(error.message).toContain(m);
  });

  it('refuses two snapshots with one id', () => {
    expect(catchError(() => resolverFrom(pack, [snapshots[0]!, snapshots[0]!])).code).toBe('INVALID_ARGUMENT');
  });

  it('gives a whole layer as the union of its features', () => {
    const districts = resolver.layer('districts');
    expect(Math.abs(overlayKm2(districts) - 6 * cellKm2)).toBeLessThan(1e-8 * 6 * cellKm2);
    expect(Math.abs(overlayKm2(resolver.layer('districts', 'D2')) - 3 * cellKm2)).toBeLessThan(1e-8 * 3 * cellKm2);
  });
});
