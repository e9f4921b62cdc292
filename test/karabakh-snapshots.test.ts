import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Feature, FeatureCollection, LineString, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { booleanPointInPolygon, kinks } from '@turf/turf';
import { beforeAll, describe, expect, it } from 'vitest';
import { difference, intersection, union } from '../src/kernel/overlay.js';
import { LayerPack, loadPack } from '../src/model/layer.js';
import type { ControlSnapshot } from '../src/model/snapshot.js';
import { shippedPackPath } from '../src/node/paths.js';
import { karabakhSnapshots } from '../src/scenarios/karabakh/index.js';
import { referenceArea } from './support/reference.js';
import { fixturesDir } from './support/paths.js';

interface WaypointProps {
  name: string;
  side: 'azerbaijan' | 'armenian-forces' | 'on the line' | 'outside';
  side_note: string;
  source: string;
}

let pack: LayerPack;
let fixture: FeatureCollection;
let line: Feature<LineString>;
let waypoints: Feature<Point, WaypointProps>[];
let snapshots: readonly ControlSnapshot[];
let aoi: MultiPolygon;

beforeAll(() => {
  pack = loadPack(JSON.parse(readFileSync(shippedPackPath(), 'utf8')));
  fixture = JSON.parse(readFileSync(path.join(fixturesDir, 'karabakh', 'line-of-contact-2020-11-10.geojson'), 'utf8'));
  line = fixture.features.find((f) => f.geometry.type === 'LineString') as Feature<LineString>;
  waypoints = fixture.features.filter((f) => f.geometry.type === 'Point') as Feature<Point, WaypointProps>[];
  snapshots = karabakhSnapshots(pack);
  const polygons = (id: string) => pack.layer(id).geojson.features.map((f) => f.geometry as Polygon | MultiPolygon);
  const parts = [...polygons('nkao-1991'), ...polygons('districts')];
  aoi = union(parts[0]!, ...parts.slice(1));
});

const snapshot = (date: string) => {
  const s = snapshots.find((x) => x.date === date);
  if (!s) throw new Error(`no snapshot dated ${date}`);
  return s;
};
/** The controller holding a point on a date, or null when none does. */
const holderOf = (date: string, position: Position): string | null => {
  const s = snapshot(date);
  const found = s.controllers.filter((c) => booleanPointInPolygon(position, s.geometry(c)));
  if (found.length > 1) throw new Error(`${JSON.stringify(position)} is held by ${found.join(' and ')} on ${date}`);
  return found[0] ?? null;
};
const control1994 = () => pack.layer('control-1994').geojson.features[0]!.geometry as Polygon | MultiPolygon;

const STEPANAKERT: Position = [46.752, 39.815];
const SHUSHA: Position = [46.749, 39.758];
const HADRUT: Position = [47.03, 39.52];
const LACHIN: Position = [46.55, 39.64];
const KALBAJAR: Position = [46.04, 40.1];

describe('the authored line of contact of 10 November 2020', () => {
  it('is one LineString with an honest accuracy statement and cited waypoints', () => {
    expect(fixture.features.filter((f) => f.geometry.type === 'LineString')).toHaveLength(1);
    expect(line.properties?.date).toBe('2020-11-10');
    expect(String(line.properties?.accuracy)).toMatch(/km/);
    expect(waypoints.length).toBeGreaterThanOrEqual(15);
    for (const w of waypoints) {
      expect(w.properties.name, JSON.stringify(w.geometry.coordinates)).toBeTruthy();
      expect(w.properties.source.trim().length, w.properties.name).toBeGreaterThan(10);
      expect(w.properties.side_note.trim().length, w.properties.name).toBeGreaterThan(10);
      expect(['azerbaijan', 'armenian-forces', 'on the line', 'outside']).toContain(w.properties.side);
    }
  });

  it('starts and ends outside the 1994 area and cuts it', () => {
    const coords = line.geometry.coordinates;
    expect(booleanPointInPolygon(coords[0]!, control1994())).toBe(false);
    expect(booleanPointInPolygon(coords[coords.length - 1]!, control1994())).toBe(false);
    expect(coords.slice(1, -1).every((p) => booleanPointInPolygon(p, control1994()))).toBe(true);
  });

  it('does not cross itself', () => {
    expect(kinks(line).features).toHaveLength(0);
  });

  it('leaves every cited place on the side its source reports', () => {
    const sided = waypoints.filter((w) => w.properties.side === 'azerbaijan' || w.properties.side === 'armenian-forces');
    expect(sided.length).toBeGreaterThanOrEqual(12);
    for (const w of sided) {
      expect(holderOf('2020-11-10', w.geometry.coordinates), w.properties.name).toBe(w.properties.side);
    }
  });

  it('keeps the 2020 Lachin corridor route on the Armenian side', () => {
    const route = JSON.parse(readFileSync(path.join(fixturesDir, 'lachin-corridor', 'route-2020.geojson'), 'utf8')) as FeatureCollection;
    const coords = (route.features.find((f) => f.geometry.type === 'LineString')!.geometry as LineString).coordinates;
    // The first vertex is on the international border, outside the area of interest.
    for (const p of coords.slice(1)) expect(holderOf('2020-11-10', p), JSON.stringify(p)).toBe('armenian-forces');
  });
});

describe('the lines of the northern front and of 14 December 2020', () => {
  const sidedPlaces = (file: string) => {
    const fc = JSON.parse(readFileSync(path.join(fixturesDir, 'karabakh', file), 'utf8')) as FeatureCollection;
    return (fc.features.filter((f) => f.geometry.type === 'Point') as Feature<Point, WaypointProps>[]).filter(
      (w) => w.properties.side === 'azerbaijan' || w.properties.side === 'armenian-forces',
    );
  };

  it('leave every cited place of the northern front on its side on 10 November 2020', () => {
    const places = sidedPlaces('line-of-contact-2020-11-10-north.geojson');
    expect(places.length).toBeGreaterThanOrEqual(6);
    for (const w of places) expect(holderOf('2020-11-10', w.geometry.coordinates), w.properties.name).toBe(w.properties.side);
    // Talish and Madagiz were Armenian-held until October 2020
    for (const w of places.filter((p) => p.properties.side === 'azerbaijan'))
      expect(holderOf('2020-09-27', w.geometry.coordinates), w.properties.name).toBe('armenian-forces');
  });

  it('leave every cited place of the December pocket on its side on 14 December 2020, and Armenian on 1 December', () => {
    const places = sidedPlaces('line-of-contact-2020-12-14-khtsaberd.geojson');
    expect(places.length).toBeGreaterThanOrEqual(4);
    for (const w of places) expect(holderOf('2020-12-14', w.geometry.coordinates), w.properties.name).toBe(w.properties.side);
    const taken = places.filter(
      (p) => (p.properties.side === 'azerbaijan' && p.properties.name.startsWith('Khtsaberd')) || p.properties.name.startsWith('Hin Tagher'),
    );
    expect(taken).toHaveLength(2);
    for (const w of taken) expect(holderOf('2020-12-01', w.geometry.coordinates), w.properties.name).toBe('armenian-forces');
  });

  it('take from the Armenian side exactly the faces of their cut (GeographicLib areas)', () => {
    // The northern salient: control-1994 less the 10 November Armenian area, north of 40.2° N.
    const north = (g: MultiPolygon) =>
      intersection(g, {
        type: 'Polygon',
        coordinates: [
          [
            [46.5, 40.2],
            [47.2, 40.2],
            [47.2, 40.6],
            [46.5, 40.6],
            [46.5, 40.2],
          ],
        ],
      });
    const salient = referenceArea(north(snapshot('2020-11-10').geometry('azerbaijan'))) - referenceArea(north(snapshot('2020-09-27').geometry('azerbaijan')));
    // between the flanks (3 km west of Talish, Levonarkh) and south of Madagiz: tens of km², all of it inside the former NKAO
    expect(salient / 1e6).toBeGreaterThan(40);
    expect(salient / 1e6).toBeLessThan(150);
    const pocket = referenceArea(snapshot('2020-12-01').geometry('armenian-forces')) - referenceArea(snapshot('2020-12-14').geometry('armenian-forces'));
    expect(pocket / 1e6).toBeGreaterThan(50);
    expect(pocket / 1e6).toBeLessThan(300);
    expect(referenceArea(difference(snapshot('2020-12-14').geometry('armenian-forces'), snapshot('2020-12-01').geometry('armenian-forces')))).toBeLessThan(
      1e-8 * referenceArea(aoi),
    );
  });
});

describe('the ranges of the Karabakh snapshots', () => {
  it('hold every value, are zero where no authored line is involved, and nest inner ⊆ geometry ⊆ outer', () => {
    for (const s of snapshots) {
      for (const c of s.controllers) {
        const r = s.areaRangeKm2(c);
        expect(r.low, `${s.id} ${c}`).toBeLessThanOrEqual(r.value);
        expect(r.high, `${s.id} ${c}`).toBeGreaterThanOrEqual(r.value);
        const u = s.uncertain(c);
        // As for overlaps below, slivers with no area in the overlay measure some m² with geodesic edges;
        // the bands add over a thousand km of boundary, so the bound is 1e-7 of the AOI (about 1,300 m²).
        const tolerance = 1e-7 * referenceArea(aoi);
        expect(referenceArea(difference(u.inner, u.geometry)), `${s.id} ${c} inner`).toBeLessThan(tolerance);
        expect(referenceArea(difference(u.geometry, u.outer)), `${s.id} ${c} outer`).toBeLessThan(tolerance);
      }
    }
    for (const date of ['1994-05-12', '2020-09-27', '2023-09-20']) {
      for (const c of snapshot(date).controllers) {
        const r = snapshot(date).areaRangeKm2(c);
        expect([r.low, r.high], `${date} ${c}`).toEqual([r.value, r.value]);
      }
    }
    // The lines move the Armenian area on 10 November by hundreds of km² either way.
    const nov = snapshot('2020-11-10').areaRangeKm2('armenian-forces');
    expect(nov.value - nov.low).toBeGreaterThan(100);
    expect(nov.high - nov.value).toBeGreaterThan(100);
  });

  it('widen the range of a reading when the lines state a wider accuracy', async () => {
    const { karabakhClaim } = await import('../src/scenarios/karabakh/index.js');
    const { recutKarabakhPack } = await import('../src/scenarios/karabakh/cuts.js');
    // The lines' bands and cuts are compiled into the pack: a pack with wider lines is cut again.
    const widened = recutKarabakhPack(
      new LayerPack(
        pack.name,
        pack.title,
        pack.layers.map((l) =>
          l.meta.id !== 'line-of-contact-2020'
            ? l
            : {
                ...l,
                geojson: {
                  ...l.geojson,
                  features: l.geojson.features.map((f) => ({
                    ...f,
                    properties: { ...f.properties, segment_accuracy_m: (f.properties!.segment_accuracy_m as number[]).map((w) => w * 1.5) },
                  })),
                },
              },
        ),
      ),
    );
    const byId = (check: ReturnType<typeof karabakhClaim>) => Object.fromEntries(check.readings.map((r) => [r.id, r]));
    const stated = byId(karabakhClaim(pack)),
      wide = byId(karabakhClaim(widened));
    for (const id of ['war-gains-of-all-lost', 'nkao-gains-of-nkao']) {
      expect(wide[id]!.fraction, id).toBeCloseTo(stated[id]!.fraction, 12);
      expect(wide[id]!.fractionLow, id).toBeLessThan(stated[id]!.fractionLow);
      expect(wide[id]!.fractionHigh, id).toBeGreaterThan(stated[id]!.fractionHigh);
    }
    // The handover reading rests on no authored line: its range stays nil.
    expect(wide['handover-of-all-lost']!.fractionLow).toBe(wide['handover-of-all-lost']!.fraction);
  });
});

describe('the Karabakh control snapshots', () => {
  it('are the seven dated snapshots, each with sources, notes and an accuracy statement', () => {
    expect(snapshots.map((s) => s.date)).toEqual(['1994-05-12', '2020-09-27', '2020-11-10', '2020-12-01', '2020-12-14', '2022-08-26', '2023-09-20']);
    for (const s of snapshots) {
      expect(s.sources.length, s.id).toBeGreaterThan(0);
      expect(s.notes, s.id).toBeTruthy();
      expect(s.accuracy, s.id).toBeTruthy();
    }
    expect(snapshot('2020-09-27').notes).toMatch(/equal to 1994 at this resolution/);
    expect(snapshot('2020-11-10').accuracy).toContain(String(line.properties?.accuracy));
    expect(snapshot('2023-09-20').controllers).toEqual(['azerbaijan']);
  });

  it('put the named towns on the right side on each date', () => {
    expect(holderOf('2020-11-10', STEPANAKERT)).toBe('armenian-forces');
    expect(holderOf('2020-12-01', STEPANAKERT)).toBe('armenian-forces');
    expect(holderOf('2022-08-26', STEPANAKERT)).toBe('armenian-forces');
    expect(holderOf('2020-09-27', SHUSHA)).toBe('armenian-forces');
    expect(holderOf('2020-11-10', SHUSHA)).toBe('azerbaijan');
    expect(holderOf('2020-11-10', HADRUT)).toBe('azerbaijan');
    expect(holderOf('2020-11-10', LACHIN)).toBe('armenian-forces');
    expect(['russian-peacekeepers', 'armenian-forces']).toContain(holderOf('2020-12-01', LACHIN));
    expect(holderOf('2022-08-26', LACHIN)).toBe('azerbaijan');
    expect(holderOf('2020-11-10', KALBAJAR)).toBe('armenian-forces');
    expect(holderOf('2020-12-01', KALBAJAR)).toBe('azerbaijan');
    for (const p of [STEPANAKERT, SHUSHA, LACHIN, KALBAJAR]) expect(holderOf('2023-09-20', p)).toBe('azerbaijan');
  });

  it('cover the area of interest with no overlap (GeographicLib areas)', () => {
    const aoiM2 = referenceArea(aoi);
    for (const s of snapshots) {
      const parts = s.controllers.map((c) => ({ c, m2: referenceArea(s.geometry(c)) }));
      const sum = parts.reduce((t, p) => t + p.m2, 0);
      expect(Math.abs(sum - aoiM2) / aoiM2, s.id).toBeLessThan(1e-6);
      for (let i = 0; i < parts.length; i++) {
        for (let j = i + 1; j < parts.length; j++) {
          const overlap = referenceArea(intersection(s.geometry(parts[i]!.c), s.geometry(parts[j]!.c)));
          // The overlay works with edges straight in lon/lat, GeographicLib with geodesic edges: slivers the
          // overlay leaves with no area measure a few m² as geodesic polygons. 1e-8 of the AOI is about 130 m².
          expect(overlap, `${s.id}: ${parts[i]!.c} ∩ ${parts[j]!.c}`).toBeLessThan(1e-8 * aoiM2);
        }
      }
    }
    // The published estimates of what stayed Armenian-held after 1 December 2020 are 2,800–3,200 km²
    // (karabakh.md). The model's figure, measured here independently by GeographicLib, must lie
    // within its own stated range, and that range must meet the published one.
    const december = snapshot('2020-12-01');
    const range = december.areaRangeKm2('armenian-forces');
    const armenianKm2 = referenceArea(december.geometry('armenian-forces')) / 1e6;
    expect(armenianKm2).toBeGreaterThanOrEqual(range.low);
    expect(armenianKm2).toBeLessThanOrEqual(range.high);
    expect(range.low).toBeLessThanOrEqual(3200);
    expect(range.high).toBeGreaterThanOrEqual(2800);
  });
});
