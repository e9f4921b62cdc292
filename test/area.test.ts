import fs from 'node:fs';
import path from 'node:path';
import type { Feature, FeatureCollection, Geometry, Polygon, Position } from 'geojson';
import * as turf from '@turf/turf';
import geographiclib from 'geographiclib-geodesic';
import { describe, expect, it } from 'vitest';
import { area, areaKm2, ringArea } from '../src/kernel/area.js';
import { FrontlineError } from '../src/errors.js';
import { referenceArea, referenceRingArea } from './support/reference.js';
import { fixturesDir, samplesDir, upstreamDir } from './support/paths.js';
import { mulberry32 } from './support/random-snapshots.js';
import { catchError } from './support/assert.js';

const WGS84 = geographiclib.Geodesic.WGS84;

/**
 * GeographicLib's own round-off on polygon area is a few 1e-5 m² (measured against a 40-digit
 * evaluation on Natural Earth's smallest islands), which is more than 1e-9 of a 10,000 m²
 * island; the comparison allows that much absolute difference on top of 1e-9 relative.
 */
const REFERENCE_FLOOR_M2 = 1e-4;
const RELATIVE = 1e-9;

function expectNearReference(actual: number, reference: number, label: string): number {
  const diff = Math.abs(actual - reference);
  expect(diff, `${label}: ${actual} m² vs GeographicLib ${reference} m²`).toBeLessThanOrEqual(RELATIVE * Math.abs(reference) + REFERENCE_FLOOR_M2);
  return reference === 0 ? diff : diff / Math.abs(reference);
}

function readFixture(name: string): FeatureCollection {
  return JSON.parse(fs.readFileSync(path.join(fixturesDir, 'area', `${name}.geojson`), 'utf8')) as FeatureCollection;
}

const FIXTURES = ['small', 'medium', 'long-edges', 'high-latitude', 'southern', 'antimeridian', 'antimeridian-continuous', 'holes'];

function reversed(geometry: Geometry): Geometry {
  if (geometry.type === 'Polygon') return { type: 'Polygon', coordinates: geometry.coordinates.map((r) => [...r].reverse()) };
  if (geometry.type === 'MultiPolygon') return { type: 'MultiPolygon', coordinates: geometry.coordinates.map((p) => p.map((r) => [...r].reverse())) };
  return geometry;
}

/**
 * A star-shaped (hence simple) polygon around a centre: vertices at sorted azimuths and random
 * geodesic distances, placed on the ellipsoid with GeographicLib's Direct.
 */
function randomPolygon(rand: () => number, centre: Position, radiusM: number, vertices: number): Polygon {
  const azimuths = Array.from({ length: vertices }, () => rand() * 360).sort((x, y) => x - y);
  const ring = azimuths.map((az) => {
    const p = WGS84.Direct(centre[1]!, centre[0]!, az, radiusM * (0.3 + 0.7 * rand()));
    return [p.lon2!, p.lat2!];
  });
  ring.push(ring[0]!);
  return { type: 'Polygon', coordinates: [ring] };
}

describe('ellipsoidal area against GeographicLib', () => {
  it.each(FIXTURES)('fixture %s, every feature, either winding', (name) => {
    for (const feature of readFixture(name).features) {
      const reference = referenceArea(feature.geometry);
      expect(reference).toBeGreaterThan(0);
      const label = `${name}: ${String(feature.properties?.name)}`;
      expectNearReference(area(feature), reference, label);
      expectNearReference(area(reversed(feature.geometry)), reference, `${label} (reversed)`);
    }
  });

  it('the octant between the equator, Greenwich and 90°E is an eighth of the ellipsoid', () => {
    // Hand-derived: the two meridians and the equator are geodesics, and the ellipsoid's
    // surface is 4π·c², c² = a²/2 + (b²/2)·atanh(e)/e (Karney 2013, eq. 60).
    const octant: Polygon = { type: 'Polygon', coordinates: [[[0, 0], [90, 0], [0, 90], [0, 0]]] };
    const e2 = WGS84.f * (2 - WGS84.f);
    const e = Math.sqrt(e2);
    const c2 = (WGS84.a ** 2 / 2) * (1 + ((1 - e2) / e) * Math.atanh(e));
    const eighth = (4 * Math.PI * c2) / 8;
    expect(Math.abs(area(octant) - eighth) / eighth).toBeLessThan(1e-12);
    expectNearReference(area(octant), referenceArea(octant), 'octant');
  });

  it('seeded random polygons 1-300 km across, long-edged triangles, all latitudes, the antimeridian', () => {
    const rand = mulberry32(20240708);
    let worst = 0;
    const cases: { centre: Position; radius: number; n: number }[] = [];
    for (let i = 0; i < 600; i++) {
      const lat = -89.5 + 179 * rand();
      cases.push({ centre: [-180 + 360 * rand(), lat], radius: 500 + 149_500 * rand() ** 2, n: 3 + Math.floor(rand() * 40) });
    }
    for (let i = 0; i < 200; i++) cases.push({ centre: [-180 + 360 * rand(), (rand() < 0.5 ? -1 : 1) * (70 + 19.9 * rand())], radius: 500 + 150_000 * rand(), n: 3 + Math.floor(rand() * 30) });
    for (let i = 0; i < 150; i++) cases.push({ centre: [rand() < 0.5 ? 179.9 : -179.9, -80 + 160 * rand()], radius: 1000 + 150_000 * rand(), n: 3 + Math.floor(rand() * 20) });
    for (let i = 0; i < 150; i++) cases.push({ centre: [-180 + 360 * rand(), -80 + 160 * rand()], radius: 100_000 + 500_000 * rand(), n: 3 + Math.floor(rand() * 3) });
    for (const { centre, radius, n } of cases) {
      const polygon = randomPolygon(rand, centre, radius, n);
      const label = `${n}-gon of radius ${Math.round(radius)} m at ${centre.map((x) => x.toFixed(3)).join(',')}`;
      worst = Math.max(worst, expectNearReference(area(polygon), referenceArea(polygon), label));
    }
    expect(worst).toBeLessThan(RELATIVE);
  });

  it('every DeepState daily snapshot', () => {
    const dir = path.join(samplesDir, 'deepstate');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.geojson')).sort();
    expect(files.length).toBeGreaterThanOrEqual(100);
    for (const file of files) {
      const fc = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as FeatureCollection;
      const reference = fc.features.reduce((sum, f) => sum + referenceArea(f.geometry), 0);
      expect(reference).toBeGreaterThan(5e10);
      const relative = Math.abs(area(fc) - reference) / reference;
      expect(relative, file).toBeLessThan(RELATIVE);
    }
  });

  it('every Natural Earth disputed area, including Nagorno-Karabakh at about 11,927 km²', () => {
    const fc = JSON.parse(fs.readFileSync(path.join(upstreamDir, 'natural-earth', 'ne_10m_admin_0_disputed_areas.json'), 'utf8')) as FeatureCollection;
    expect(fc.features.length).toBeGreaterThan(50);
    fc.features.forEach((feature, i) => {
      expectNearReference(area(feature), referenceArea(feature.geometry), `feature ${i} ${String(feature.properties?.BRK_NAME)}`);
    });
    const karabakh = fc.features.find((f) => f.properties?.BRK_NAME === 'Nagorno-Karabakh');
    expect(areaKm2(karabakh!)).toBeCloseTo(11927, -1);
  });
});

describe('spherical area is Turf 7.4', () => {
  it.each(FIXTURES.filter((f) => f !== 'antimeridian' && f !== 'high-latitude'))('fixture %s', (name) => {
    const fc = readFixture(name);
    for (const feature of fc.features) {
      const expected = turf.area(feature);
      expect(Math.abs(area(feature, { method: 'spherical' }) - expected)).toBeLessThanOrEqual(1e-12 * expected);
    }
  });

  it('DeepState snapshots and Natural Earth disputed areas', () => {
    const dir = path.join(samplesDir, 'deepstate');
    const collections = fs.readdirSync(dir).filter((f) => f.endsWith('.geojson')).sort().slice(0, 20)
      .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as FeatureCollection);
    collections.push(JSON.parse(fs.readFileSync(path.join(upstreamDir, 'natural-earth', 'ne_10m_admin_0_disputed_areas.json'), 'utf8')) as FeatureCollection);
    for (const fc of collections) {
      for (const feature of fc.features) {
        const expected = turf.area(feature);
        expect(Math.abs(area(feature, { method: 'spherical' }) - expected)).toBeLessThanOrEqual(1e-12 * expected);
      }
    }
  });

  it('crossing the antimeridian takes the short way, as Turf does for continuous longitudes', () => {
    const jumping = readFixture('antimeridian').features[0]!;
    const continuous = readFixture('antimeridian-continuous').features[0]!;
    const expected = turf.area(continuous);
    expect(Math.abs(area(jumping, { method: 'spherical' }) - expected)).toBeLessThanOrEqual(1e-12 * expected);
    expect(Math.abs(area(jumping) - area(continuous))).toBeLessThanOrEqual(1e-9 * area(continuous));
  });

  it('a ring along a parallel encloses the polar cap 2πR²(1 − sin φ) in either winding', () => {
    // Turf's edges are straight in (λ, sin φ), so vertices on one parallel enclose the exact cap.
    const R = 6371008.8;
    for (const lat of [80, -62.5]) {
      const ring = Array.from({ length: 13 }, (_, i) => [-180 + 30 * (i % 12), lat]);
      const cap = 2 * Math.PI * R * R * (1 - Math.sin((Math.abs(lat) * Math.PI) / 180));
      const polygon: Polygon = { type: 'Polygon', coordinates: [ring] };
      expect(Math.abs(area(polygon, { method: 'spherical' }) - cap)).toBeLessThan(1e-9 * cap);
      expect(Math.abs(area(reversed(polygon), { method: 'spherical' }) - cap)).toBeLessThan(1e-9 * cap);
    }
  });
});

describe('area semantics', () => {
  const holes = readFixture('holes');
  const withHoles = holes.features[0]!.geometry as Polygon;
  const multi = holes.features[1]!;

  it('holes subtract, whatever their winding', () => {
    const [outer, hole1, hole2] = withHoles.coordinates;
    const expected = referenceRingArea(outer!) - referenceRingArea(hole1!) - referenceRingArea(hole2!);
    expect(referenceRingArea(hole1!)).toBeGreaterThan(1e8);
    expectNearReference(area(withHoles), expected, 'polygon with holes');
    const parts = area({ type: 'Polygon', coordinates: [outer!] }) - area({ type: 'Polygon', coordinates: [hole1!] }) - area({ type: 'Polygon', coordinates: [hole2!] });
    expect(area(withHoles)).toBeCloseTo(parts, 3);
  });

  it('the polygons of a MultiPolygon, the features of a collection and a GeometryCollection add', () => {
    const geometry = multi.geometry as Extract<Geometry, { type: 'MultiPolygon' }>;
    const parts = geometry.coordinates.map((coordinates) => area({ type: 'Polygon', coordinates }));
    expect(area(multi)).toBeCloseTo(parts[0]! + parts[1]!, 3);
    expect(area(holes)).toBeCloseTo(area(withHoles) + area(multi), 3);
    expect(area({ type: 'GeometryCollection', geometries: [withHoles, multi.geometry, { type: 'Point', coordinates: [0, 0] }] })).toBeCloseTo(area(holes), 3);
  });

  it('points, lines and null geometries count 0', () => {
    expect(area({ type: 'Point', coordinates: [30, 50] })).toBe(0);
    expect(area({ type: 'MultiPoint', coordinates: [[30, 50], [31, 51]] })).toBe(0);
    expect(area({ type: 'LineString', coordinates: [[30, 50], [31, 51], [30, 52]] })).toBe(0);
    expect(area({ type: 'MultiLineString', coordinates: [[[30, 50], [31, 51]]] }, { method: 'spherical' })).toBe(0);
    expect(area(null)).toBe(0);
    expect(area({ type: 'Feature', properties: {}, geometry: null } as Feature<null>)).toBe(0);
    expect(area({ type: 'FeatureCollection', features: [] })).toBe(0);
  });

  it('ringArea is signed, positive counter-clockwise; an unclosed ring is closed implicitly', () => {
    const ring = withHoles.coordinates[0]!;
    const reference = referenceRingArea(ring);
    expect(ringArea(ring)).toBeGreaterThan(0);
    expect(Math.abs(ringArea(ring) - reference)).toBeLessThan(1e-9 * reference);
    expect(ringArea([...ring].reverse())).toBeCloseTo(-ringArea(ring), 3);
    expect(ringArea(ring.slice(0, -1))).toBe(ringArea(ring));
    expect(ringArea(ring, 'spherical')).toBeCloseTo(turf.area({ type: 'Polygon', coordinates: [ring] }), 3);
    expect(ringArea(ring.slice(0, 2))).toBe(0);
  });

  it('areaKm2 is area / 1e6 and the input is not mutated', () => {
    const before = JSON.stringify(holes);
    expect(areaKm2(holes)).toBe(area(holes) / 1e6);
    expect(areaKm2(holes, { method: 'spherical' })).toBe(area(holes, { method: 'spherical' }) / 1e6);
    expect(JSON.stringify(holes)).toBe(before);
  });
});

describe('invalid input', () => {
  const thrown = catchError;


  const square = (): Position[] => [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]];

  it('names the feature, ring and position of a non-finite coordinate', () => {
    const features: Feature[] = Array.from({ length: 5 }, () => ({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [square(), square(), square(), square(), square(), square(), square()] } }));
    const bad = features[3]!.geometry as Polygon;
    bad.coordinates[0] = [...square(), [0, 0]];
    bad.coordinates[0]![5] = [Number.NaN, 0];
    for (const method of ['ellipsoidal', 'spherical'] as const) {
      const error = thrown(() => area({ type: 'FeatureCollection', features }, { method }));
      expect(error.code).toBe('INVALID_GEOJSON');
      expect(error.where).toBe('features[3].geometry.coordinates[0][5]');
      expect(error.message).toContain('features[3].geometry.coordinates[0][5]');
    }
  });

  it.each([
    ['infinite latitude', { type: 'Polygon', coordinates: [[[0, 0], [1, Infinity], [1, 1], [0, 0]]] }, 'coordinates[0][1]'],
    ['latitude beyond 90°', { type: 'Polygon', coordinates: [[[0, 0], [1, 91], [1, 1], [0, 0]]] }, 'coordinates[0][1]'],
    ['string coordinate', { type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]], [[[0, 0], ['1', 0], [1, 1], [0, 0]]]] }, 'coordinates[1][0][1]'],
    ['position that is not an array', { type: 'Polygon', coordinates: [[[0, 0], 7, [1, 1], [0, 0]]] }, 'coordinates[0][1]'],
    ['rings that are not arrays', { type: 'Polygon', coordinates: [5] }, 'coordinates[0]'],
    ['NaN in a Point', { type: 'Point', coordinates: [Number.NaN, 0] }, 'coordinates'],
    ['NaN in a LineString', { type: 'LineString', coordinates: [[0, 0], [0, Number.NaN]] }, 'coordinates[1]'],
    ['unknown geometry type', { type: 'Circle', coordinates: [0, 0] }, 'type'],
    ['GeometryCollection member', { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [0, 0] }, { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [Number.NaN, 1], [0, 0]]] }] }, 'geometries[1].coordinates[0][2]'],
    ['Feature without geometry', { type: 'Feature', properties: {} }, 'geometry'],
    ['FeatureCollection without features', { type: 'FeatureCollection' }, 'features'],
    ['FeatureCollection member that is not a Feature', { type: 'FeatureCollection', features: [{ type: 'Point', coordinates: [0, 0] }] }, 'features[0]'],
    ['a number', 42, 'root'],
    ['an array', [[0, 0]], 'root'],
  ])('%s', (_label, input, where) => {
    const error = thrown(() => area(input as never));
    expect(error.code).toBe('INVALID_GEOJSON');
    expect(error.where).toBe(where);
  });

  it('an unknown method is an INVALID_ARGUMENT', () => {
    expect(thrown(() => area({ type: 'Point', coordinates: [0, 0] }, { method: 'planar' as never })).code).toBe('INVALID_ARGUMENT');
  });
});
