import geographiclib from 'geographiclib-geodesic';
import { afterEach, describe, expect, it } from 'vitest';
import { geodesicDirect, geodesicInverse, setGeodesicNodes } from '../src/kernel/geodesic.js';
import { catchError } from './support/assert.js';
import { mulberry32 } from './support/random.js';

const { Geodesic } = geographiclib;
const WGS84 = Geodesic.WGS84;

/** Difference of two azimuths in degrees, across the ±180° seam. */
const azimuthGap = (a: number, b: number) => Math.abs(((a - b + 540) % 360) - 180);

function reference(lat1: number, lon1: number, lat2: number, lon2: number) {
  const g = WGS84.Inverse(lat1, lon1, lat2, lon2, Geodesic.ALL | Geodesic.LONG_UNROLL);
  return { distance: g.s12!, azimuth1: g.azi1!, azimuth2: g.azi2!, area: g.S12!, longitude12: g.lon2! - g.lon1! };
}

/**
 * Distances to 0.1 µm, azimuths to 1e-9° (1e-11 rad: the solved azimuth of a 100 m line moves
 * its end by 1e-16 rad), areas to 1e-13 relative (terms reach 1.3e14 m²) plus `floor` m².
 */
function expectAgrees(lat1: number, lon1: number, lat2: number, lon2: number, floor = 1e-3) {
  const got = geodesicInverse(lat1, lon1, lat2, lon2);
  const want = reference(lat1, lon1, lat2, lon2);
  const at = `(${lat1}, ${lon1}) → (${lat2}, ${lon2})`;
  expect(Math.abs(got.distance - want.distance), at).toBeLessThan(1e-7);
  expect(azimuthGap(got.azimuth1, want.azimuth1), at).toBeLessThan(1e-9);
  expect(azimuthGap(got.azimuth2, want.azimuth2), at).toBeLessThan(1e-9);
  expect(Math.abs(got.area - want.area), at).toBeLessThan(1e-13 * Math.abs(want.area) + floor);
  expect(got.longitude12, at).toBe(want.longitude12);
}

describe('geodesicInverse, against GeographicLib', () => {
  it('agrees on seeded random pairs anywhere on the globe, away from antipodes', () => {
    const rng = mulberry32(20261206);
    let checked = 0;
    while (checked < 3000) {
      const [lat1, lon1, lat2, lon2] = [rng() * 180 - 90, rng() * 360 - 180, rng() * 180 - 90, rng() * 360 - 180];
      // Near the antipode the azimuths are ill-conditioned; that zone has its own test.
      if (WGS84.Inverse(lat1, lon1, lat2, lon2).s12! > 19_500_000) continue;
      // Long lines' areas carry c² times a few 1e-16 rad of round-off in their azimuths: 0.1 m².
      expectAgrees(lat1!, lon1!, lat2!, lon2!, 0.1);
      checked++;
    }
  });

  it('agrees on short and medium edges, the ones a ring sends it', () => {
    const rng = mulberry32(7);
    for (let i = 0; i < 2000; i++) {
      const lat = rng() * 179.8 - 89.9;
      const lon = rng() * 360 - 180;
      const size = 10 ** (rng() * 3 - 2); // 0.01° to 10°
      expectAgrees(lat, lon, Math.max(-90, Math.min(90, lat + (rng() - 0.5) * size)), lon + (rng() - 0.5) * size, 1e-4);
    }
  });

  it.each([
    ['along the equator', 0, 0, 0, 90],
    ['along the equator westwards', 0, 5, 0, -5],
    ['between equator points too far apart for the equator (the northern geodesic)', 0, 0, 0, 179.5],
    ['just off the equator, nearly opposite', 0, 0, 0.1, 179.5],
    ['from the north pole', 90, 0, 10, 50],
    ['from the south pole', -90, 0, 10, 50],
    ['to the south pole', 10, 20, -90, 100],
    ['along a meridian', 45, 10, -30, 10],
    ['over the north pole, 180° of longitude', 80, 0, 80, 180],
    ['over the north pole, −180° of longitude', 80, 0, 80, -180],
    ['over the south pole', -80, 10, -70, 190],
    ['near the north pole on one parallel', 89.9, 0, 89.9, 120],
    ['on one southern parallel', -10, 0, -10, 170],
    ['across the antimeridian', 40, 179.5, 41, -179.5],
    ['from latitude 30° S to 30° N, 179° apart', -30, 0, 30, 179],
  ])('agrees %s', (_name, lat1, lon1, lat2, lon2) => {
    expectAgrees(lat1, lon1, lat2, lon2, 0.1);
  });

  it('keeps distances exact and areas within 1e-10 relative near the antipode', () => {
    const rng = mulberry32(11);
    for (let i = 0; i < 2000; i++) {
      const lat = rng() * 180 - 90;
      const lon = rng() * 360 - 180;
      const eps = 10 ** (-rng() * 8);
      const lat2 = Math.max(-90, Math.min(90, -lat + eps * (rng() - 0.5) * 10));
      const lon2 = lon + 180 + eps * (rng() - 0.5) * 10;
      const got = geodesicInverse(lat, lon, lat2, lon2);
      const want = reference(lat, lon, lat2, lon2);
      expect(Math.abs(got.distance - want.distance)).toBeLessThan(1e-7);
      expect(Math.abs(got.area - want.area)).toBeLessThan(1e-10 * Math.max(1, Math.abs(want.area)) + 1e-2);
    }
  });

  it('sums around a kilometre-wide quadrilateral to its area within 1e-4 m²', () => {
    // The sum of four areas of order 1e9 m² leaves 1e6 m²: any error in a single edge's area
    // that does not cancel shows here. The reference sums GeographicLib's per-edge areas.
    const rng = mulberry32(13);
    for (let k = 0; k < 200; k++) {
      const lat = rng() * 160 - 80;
      const lon = rng() * 340 - 170;
      const d = 0.01;
      const ring = [
        [lon, lat],
        [lon + d, lat + d * 0.3],
        [lon + d * 0.7, lat + d],
        [lon - d * 0.2, lat + d * 0.8],
        [lon, lat],
      ];
      let got = 0;
      let want = 0;
      for (let i = 0; i < 4; i++) {
        const [a, b] = [ring[i]!, ring[i + 1]!];
        got += geodesicInverse(a[1]!, a[0]!, b[1]!, b[0]!).area;
        want += reference(a[1]!, a[0]!, b[1]!, b[0]!).area;
      }
      expect(Math.abs(got - want)).toBeLessThan(1e-4);
    }
  });

  it('keeps distances exact when both points lie near the equator, down to latitudes of 1e-300', () => {
    // There the azimuth is within a hair of due east, and only its cosine can say which hair.
    const rng = mulberry32(17);
    for (const near of [1e-1, 1e-3, 1e-6, 1e-9, 1e-13, 1e-20]) {
      for (let i = 0; i < 300; i++) {
        const [lat1, lat2] = [(rng() - 0.5) * 2 * near, (rng() - 0.5) * 2 * near];
        const lon2 = (rng() < 0.5 ? -1 : 1) * (1 + rng() * 169);
        expect(Math.abs(geodesicInverse(lat1, 0, lat2, lon2).distance - reference(lat1, 0, lat2, lon2).distance), `${lat1}, ${lat2}, ${lon2}`).toBeLessThan(
          1e-7,
        );
      }
    }
    for (const [lat1, lat2, lon2] of [
      [1e-9, 1e-9, 1],
      [1e-12, 1e-12, 0.5],
      [1e-20, 1e-20, 0.5],
      [1e-300, -1e-300, 0.5],
      [-0, 0, 1],
    ] as const) {
      expect(Math.abs(geodesicInverse(lat1, 0, lat2, lon2).distance - reference(lat1, 0, lat2, lon2).distance)).toBeLessThan(1e-7);
    }
  });

  it('gives the azimuth of a line of a centimetre to 1e-6°, from the positions as written', () => {
    // The reference is the local ellipsoid, tan α = N cos φ Δλ / (M Δφ), exact to 1e-9 at this
    // size. GeographicLib, converting each position to radians first, is 2.6e-4° off here.
    const e2 = (1 / 298.257223563) * (2 - 1 / 298.257223563);
    const rng = mulberry32(19);
    for (let i = 0; i < 1000; i++) {
      const [lat, lon] = [rng() * 170 - 85, rng() * 360 - 180];
      const [lat2, lon2] = [lat + (rng() - 0.5) * 1e-7, lon + (rng() - 0.5) * 1e-7];
      const phi = ((lat + lat2) / 2) * (Math.PI / 180);
      const local = (Math.atan2(Math.cos(phi) * (lon2 - lon) * (1 - e2 * Math.sin(phi) ** 2), (1 - e2) * (lat2 - lat)) * 180) / Math.PI;
      expect(azimuthGap(geodesicInverse(lat, lon, lat2, lon2).azimuth1, local)).toBeLessThan(1e-6);
    }
  });

  it('gives zero for coincident points', () => {
    const g = geodesicInverse(45, 10, 45, 10);
    expect(g.distance).toBe(0);
    expect(g.area).toBe(0);
  });

  it('refuses coordinates that are not finite or not latitudes', () => {
    expect(catchError(() => geodesicInverse(91, 0, 0, 0)).code).toBe('INVALID_ARGUMENT');
    expect(catchError(() => geodesicInverse(0, Number.NaN, 0, 0)).message).toContain('lon1');
    expect(catchError(() => geodesicInverse(0, 0, 0, Infinity)).message).toContain('lon2');
  });
});

describe('geodesic quadrature', () => {
  afterEach(() => setGeodesicNodes());

  it('the rule by arc length (6 points up to 0.6 rad, 16 beyond) gives what 48 give, to round-off', () => {
    const rng = mulberry32(3);
    const anywhere = Array.from({ length: 300 }, () => [rng() * 180 - 90, rng() * 360 - 180, rng() * 180 - 90, rng() * 360 - 180] as const);
    // Arcs up to and around the switch at 0.6 rad (about 34° on the auxiliary sphere).
    const short = Array.from({ length: 300 }, () => {
      const [lat, lon, size] = [rng() * 170 - 85, rng() * 360 - 180, rng() * 40];
      return [lat, lon, Math.max(-90, Math.min(90, lat + (rng() - 0.5) * size)), lon + (rng() - 0.5) * size] as const;
    });
    const pairs = [...anywhere, ...short];
    const coarse = pairs.map(([a, b, c, d]) => geodesicInverse(a, b, c, d));
    setGeodesicNodes(48);
    const fine = pairs.map(([a, b, c, d]) => geodesicInverse(a, b, c, d));
    pairs.forEach((_, i) => {
      expect(Math.abs(coarse[i]!.distance - fine[i]!.distance)).toBeLessThan(5e-8);
      expect(Math.abs(coarse[i]!.area - fine[i]!.area)).toBeLessThan(1e-14 * Math.abs(fine[i]!.area) + 1e-3);
    });
  });

  it('too few nodes show: 8 nodes miss long distances by more than a micrometre', () => {
    setGeodesicNodes(8);
    const rng = mulberry32(3);
    const misses = Array.from({ length: 300 }, () => {
      const [a, b, c, d] = [rng() * 180 - 90, rng() * 360 - 180, rng() * 180 - 90, rng() * 360 - 180];
      return Math.abs(geodesicInverse(a, b, c, d).distance - reference(a, b, c, d).distance);
    });
    expect(Math.max(...misses)).toBeGreaterThan(1e-6);
  });
});

describe('geodesicDirect, against GeographicLib', () => {
  it('ends within 1e-8 m of its end on seeded random lines up to 10,000 km', () => {
    const rng = mulberry32(5);
    for (let i = 0; i < 2000; i++) {
      const [lat, lon, azi, s] = [rng() * 180 - 90, rng() * 360 - 180, rng() * 360 - 180, rng() * 1e7];
      const want = WGS84.Direct(lat, lon, azi, s);
      const got = geodesicDirect(lat, lon, azi, s);
      expect(WGS84.Inverse(want.lat2!, want.lon2!, got.latitude, got.longitude).s12!).toBeLessThan(1e-8);
      expect(azimuthGap(got.azimuth, want.azi2!)).toBeLessThan(1e-10);
      expect(got.longitude).toBeGreaterThanOrEqual(-180);
      expect(got.longitude).toBeLessThanOrEqual(180);
    }
  });

  it('loses nothing to a longitude written far outside [-180, 180]', () => {
    const want = WGS84.Direct(12.5, 1e6, 53.2, 788_856.54);
    const got = geodesicDirect(12.5, 1e6, 53.2, 788_856.54);
    expect(WGS84.Inverse(want.lat2!, want.lon2!, got.latitude, got.longitude).s12!).toBeLessThan(1e-8);
  });

  it('undoes the inverse problem', () => {
    const g = geodesicInverse(39.8, 46.7, 40.4, 49.9);
    const end = geodesicDirect(39.8, 46.7, g.azimuth1, g.distance);
    expect(end.latitude).toBeCloseTo(40.4, 11);
    expect(end.longitude).toBeCloseTo(49.9, 11);
  });

  it('refuses arguments that are not finite', () => {
    expect(catchError(() => geodesicDirect(0, 0, Number.NaN, 1)).code).toBe('INVALID_ARGUMENT');
    expect(catchError(() => geodesicDirect(95, 0, 0, 1)).code).toBe('INVALID_ARGUMENT');
  });
});
