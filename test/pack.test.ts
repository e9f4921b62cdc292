import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Feature, FeatureCollection, MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { area } from '../src/kernel/area.js';
import { difference, intersection } from '../src/kernel/overlay.js';
import { loadPack, type LayerPack } from '../src/model/layer.js';
import { shippedPackPath } from '../src/node/paths.js';
import { referenceArea, referenceDistanceToLine } from './support/reference.js';
import { upstreamDir, fixturesDir } from './support/paths.js';

let pack: LayerPack;
let topology: { type: string; arcs: unknown[]; objects: Record<string, { geometries: { arcs: unknown }[] }> };

beforeAll(() => {
  topology = JSON.parse(readFileSync(shippedPackPath(), 'utf8'));
  pack = loadPack(topology);
});

const km2 = (m2: number) => m2 / 1e6;
const geometryOf = (id: string, name?: string) => {
  const fs = pack.layer(id).geojson.features;
  const f = name === undefined ? fs[0] : fs.find((x) => x.properties?.name === name);
  if (!f) throw new Error(`no feature ${name} in ${id}`);
  return f.geometry as Polygon | MultiPolygon;
};
const upstream = (rel: string) => JSON.parse(readFileSync(path.join(upstreamDir, rel), 'utf8')) as FeatureCollection;
const SEVEN = ['Kalbajar', 'Lachin', 'Qubadli', 'Zangilan', 'Jabrayil', 'Fuzuli', 'Agdam'];

describe('the Karabakh layer pack', () => {
  it('holds every layer with its metadata', () => {
    expect(pack.ids).toEqual(
      expect.arrayContaining(['nkao-1991', 'districts', 'districts-raw', 'handover-2020', 'lachin-corridor', 'control-1994', 'ceasefire-line-1994', 'borders']),
    );
    for (const layer of pack.layers) {
      for (const key of ['id', 'title', 'kind', 'source', 'licence', 'accuracy'] as const) expect(layer.meta[key], `${layer.meta.id}.${key}`).toBeTruthy();
      expect(layer.meta).toHaveProperty('validFrom');
      expect(layer.meta).toHaveProperty('validTo');
      expect(layer.geojson.features.length, layer.meta.id).toBeGreaterThan(0);
    }
  });

  it('is one topology whose layers share arcs', () => {
    expect(topology.type).toBe('Topology');
    const uses = new Map<number, Set<string>>();
    const visit = (v: unknown, layer: string) => {
      if (typeof v === 'number') {
        const arc = v < 0 ? ~v : v;
        if (!uses.has(arc)) uses.set(arc, new Set());
        uses.get(arc)!.add(layer);
      } else if (Array.isArray(v)) v.forEach((x) => visit(x, layer));
    };
    for (const [id, object] of Object.entries(topology.objects)) for (const g of object.geometries) visit(g.arcs, id);
    const shared = [...uses.values()].filter((layers) => layers.size > 1).length;
    expect(shared).toBeGreaterThan(0);
  });

  it('measures every layer and feature as GeographicLib does (1e-9 relative)', () => {
    for (const layer of pack.layers) {
      for (const feature of layer.geojson.features) {
        const reference = referenceArea(feature.geometry);
        const ours = area(feature);
        if (reference === 0) expect(ours).toBe(0);
        else expect(Math.abs(ours - reference) / reference, `${layer.meta.id}/${feature.properties?.name}`).toBeLessThanOrEqual(1e-9);
      }
    }
  });

  it('closes the NKAO into one polygon of about 4,282 km²', () => {
    const nkao = geometryOf('nkao-1991');
    expect(nkao.type).toBe('Polygon');
    expect(Math.abs(km2(referenceArea(nkao)) / 4282 - 1)).toBeLessThan(0.005);
  });

  it('takes the 1994 area from Natural Earth (about 11,927 km²)', () => {
    expect(Math.abs(km2(referenceArea(geometryOf('control-1994'))) / 11927 - 1)).toBeLessThan(0.005);
  });

  it('keeps the raw geoBoundaries districts as published (0.1 %)', () => {
    const adm2 = upstream('geoboundaries/geoBoundaries-AZE-ADM2.geojson');
    const raw = pack.layer('districts-raw').geojson.features;
    expect(raw.map((f) => f.properties?.name).sort()).toEqual([...SEVEN].sort());
    for (const f of raw) {
      const source = adm2.features.find((s) => s.properties?.shapeName === `${f.properties?.name} District`)!;
      const expected = referenceArea(source.geometry);
      expect(Math.abs(area(f) / expected - 1), String(f.properties?.name)).toBeLessThan(0.001);
    }
  });

  it('fits the seven districts so their held parts partition control-1994 minus nkao-1991', () => {
    const frame = difference(geometryOf('control-1994'), geometryOf('nkao-1991'));
    const frameArea = referenceArea(frame);
    const held = pack.layer('districts-held-1994').geojson.features as Feature<MultiPolygon | Polygon>[];
    expect(held.map((f) => f.properties?.name).sort()).toEqual([...SEVEN].sort());
    const sum = held.reduce((s, f) => s + referenceArea(f.geometry), 0);
    expect(Math.abs(sum / frameArea - 1)).toBeLessThan(0.001);
    // no overlaps: pairwise intersections are empty up to rounding
    for (let i = 0; i < held.length; i++) {
      for (let j = i + 1; j < held.length; j++) {
        expect(referenceArea(intersection(held[i]!.geometry, held[j]!.geometry)) / frameArea).toBeLessThan(1e-9);
      }
    }
    // No gaps: the frame less every part is empty. Overlay works with edges straight in
    // lon/lat, so what it leaves are zero-width slivers whose geodesic edges enclose a few
    // hundred m² at most; a real gap of a single field would be far above this bound.
    const gaps = difference(frame, ...held.map((f) => f.geometry));
    expect(referenceArea(gaps) / frameArea).toBeLessThan(1e-6);
  });

  it('makes each district of the districts layer contain its held part', () => {
    const full = pack.layer('districts').geojson.features;
    const held = pack.layer('districts-held-1994').geojson.features;
    for (const name of SEVEN) {
      const d = full.find((f) => f.properties?.name === name)!;
      const h = held.find((f) => f.properties?.name === name)!;
      expect(typeof d.properties?.nameAz).toBe('string');
      const outside = difference(h.geometry as MultiPolygon, d.geometry as MultiPolygon);
      expect(referenceArea(outside)).toBeLessThan(1);
    }
  });

  it('lists the three handovers with their deadlines, Lachin less the corridor', () => {
    const handovers = pack.layer('handover-2020').geojson.features;
    const byName = Object.fromEntries(handovers.map((f) => [f.properties?.name, f]));
    expect(Object.keys(byName).sort()).toEqual(['Agdam', 'Kalbajar', 'Lachin']);
    expect(byName.Agdam!.properties?.deadline).toBe('2020-11-20');
    expect(byName.Kalbajar!.properties?.deadline).toBe('2020-11-25');
    expect(byName.Kalbajar!.properties?.originalDeadline).toBe('2020-11-15');
    expect(byName.Lachin!.properties?.deadline).toBe('2020-12-01');
    const corridor2020 = pack.layer('lachin-corridor').geojson.features.find((f) => f.properties?.validFrom === '2020-11-10')!;
    const overlap = intersection(byName.Lachin!.geometry as MultiPolygon, corridor2020.geometry as MultiPolygon);
    expect(referenceArea(overlap)).toBeLessThan(1);
  });

  it('draws the corridor 5 km wide (±2 %) all along its route, from the border, clear of Shusha', () => {
    for (const file of ['route-2020.geojson', 'route-2022.geojson']) {
      const fc = JSON.parse(readFileSync(path.join(fixturesDir, 'lachin-corridor', file), 'utf8')) as FeatureCollection;
      const route = (fc.features.find((f) => f.geometry.type === 'LineString')!.geometry as { coordinates: Position[] }).coordinates;
      const validFrom = fc.features.find((f) => f.geometry.type === 'LineString')!.properties?.validFrom;
      const corridor = pack.layer('lachin-corridor').geojson.features.find((f) => f.properties?.validFrom === validFrom)!;
      const rings = (corridor.geometry as MultiPolygon).coordinates.flat();
      const border = (pack.layer('borders').geojson.features.find((f) => f.properties?.name === 'Armenia–Azerbaijan')!.geometry as MultiLineString).coordinates;
      let checked = 0;
      for (const ring of rings) {
        for (const p of ring) {
          const toBorder = Math.min(...border.map((run) => referenceDistanceToLine(p, run)));
          if (toBorder < 50) continue; // where the corridor is cut by the border
          const d = referenceDistanceToLine(p, route);
          expect(Math.abs(d / 2500 - 1), `${file} vertex ${p}`).toBeLessThan(0.02);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(100);
      // the corridor reaches the border and stays clear of Shusha (1.5 km around its centre)
      expect(Math.min(...border.map((run) => referenceDistanceToLine(route[0]!, run)))).toBeLessThan(10);
      expect(referenceDistanceToLine([46.749, 39.758], route)).toBeGreaterThan(2500 + 1500);
    }
  });
});

describe('loadPack', () => {
  it('checks every field of the layers it reads, naming the layer and the field', () => {
    const good = JSON.parse(readFileSync(shippedPackPath(), 'utf8'));
    const withLayer = (change: Record<string, unknown>) => {
      const copy = JSON.parse(JSON.stringify(good));
      copy.frontline.layers[0] = { ...copy.frontline.layers[0], ...change };
      return copy;
    };
    const cases: [Record<string, unknown>, RegExp, string][] = [
      [{ kind: 'zone' }, /layer "nkao-1991": kind must be "area" or "line", got "zone"/, 'frontline.layers[0].kind'],
      [{ licence: undefined }, /layer "nkao-1991": licence must be a string, got undefined/, 'frontline.layers[0].licence'],
      [{ validFrom: '12 May 1994' }, /validFrom must be an ISO date \(YYYY-MM-DD\) or null/, 'frontline.layers[0].validFrom'],
      [{ title: 42 }, /title must be a string, got 42/, 'frontline.layers[0].title'],
    ];
    for (const [change, message, where] of cases) {
      let caught: unknown;
      try {
        loadPack(withLayer(change));
      } catch (e) {
        caught = e;
      }
      expect(caught, JSON.stringify(change)).toMatchObject({ code: 'PACK_MALFORMED', where });
      expect((caught as Error).message).toMatch(message);
    }
    // The real pack's metadata passes as it is, field for field.
    expect(loadPack(good).layers.map((l) => l.meta)).toEqual(good.frontline.layers);
  });
});
