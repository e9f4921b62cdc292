import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Feature, FeatureCollection, LineString, Point } from 'geojson';
import { kinks, point, pointToLineDistance } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { fixturesDir } from './support/paths.js';

/**
 * The authored lines of contact in fixtures/karabakh/ checked on their own, without the
 * layer pack or the model: their shape, their cited places and their accuracy schema
 * (fixtures/karabakh/README.md, "Accuracy as data").
 */

const FILES = ['line-of-contact-2020-11-10.geojson', 'line-of-contact-2020-11-10-north.geojson', 'line-of-contact-2020-12-14-khtsaberd.geojson'] as const;
const SIDES = ['azerbaijan', 'armenian-forces', 'on the line', 'outside'];
const BASES = ['cited-places', 'boundary-layer', 'estimate'];
/** Longitude/latitude box around the former NKAO and the seven districts, degrees. */
const REGION = { west: 45.4, south: 38.8, east: 47.6, north: 40.6 };

interface Stretch {
  segments: [number, number];
  accuracy_m: number;
  basis: string;
  reason: string;
}

const read = (file: string) => JSON.parse(readFileSync(path.join(fixturesDir, 'karabakh', file), 'utf8')) as FeatureCollection;
const lineOf = (fc: FeatureCollection) => fc.features.find((f) => f.geometry?.type === 'LineString') as Feature<LineString>;
const pointsOf = (fc: FeatureCollection) => fc.features.filter((f) => f.geometry?.type === 'Point') as Feature<Point>[];
const isPositive = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x > 0;

describe.each(FILES)('%s', (file) => {
  const fc = read(file);
  const line = lineOf(fc);
  const coords = line.geometry.coordinates;
  const p = line.properties ?? {};

  it('is one simple LineString inside the region, with its identity and date', () => {
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.filter((f) => f.geometry?.type === 'LineString')).toHaveLength(1);
    expect(coords.length).toBeGreaterThanOrEqual(2);
    for (const [x, y] of coords) {
      expect(x! >= REGION.west && x! <= REGION.east && y! >= REGION.south && y! <= REGION.north, JSON.stringify([x, y])).toBe(true);
    }
    expect(kinks(line).features).toHaveLength(0);
    expect(String(p.id)).toMatch(/^line-of-contact-\d{4}-\d{2}-\d{2}/);
    expect(String(p.date)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const key of ['title', 'description']) expect(String(p[key] ?? '').length, key).toBeGreaterThan(20);
    if (file !== FILES[0]) expect(String(p.cuts)).toMatch(/^(control-1994|armenian-forces@\d{4}-\d{2}-\d{2})$/);
  });

  it('states its accuracy in words and in metres, per segment', () => {
    expect(String(p.accuracy)).toMatch(/km/);
    const segments = p.segment_accuracy_m as unknown[];
    expect(Array.isArray(segments)).toBe(true);
    expect(segments).toHaveLength(coords.length - 1);
    for (const [i, m] of segments.entries()) expect(isPositive(m), `segment ${i}: ${String(m)}`).toBe(true);
    expect(p.accuracy_m).toBe(Math.max(...(segments as number[])));
  });

  it('gives a reason for every segment value, in stretches that cover the line once, in order', () => {
    const stretches = p.accuracy_stretches as Stretch[];
    expect(Array.isArray(stretches) && stretches.length > 0).toBe(true);
    let next = 0;
    for (const s of stretches) {
      const [first, last] = s.segments;
      expect(first, JSON.stringify(s.segments)).toBe(next);
      expect(last).toBeGreaterThanOrEqual(first);
      expect(BASES).toContain(s.basis);
      expect(s.reason.trim().length).toBeGreaterThan(30);
      for (let i = first; i <= last; i++) expect((p.segment_accuracy_m as number[])[i], `segment ${i}`).toBe(s.accuracy_m);
      next = last + 1;
    }
    expect(next).toBe(coords.length - 1);
  });

  it('cites its places with a side, what the source reports and where it comes from', () => {
    const points = pointsOf(fc);
    expect(points.length).toBeGreaterThanOrEqual(5);
    for (const w of points) {
      const q = w.properties ?? {};
      expect(String(q.name ?? '').length, JSON.stringify(w.geometry.coordinates)).toBeGreaterThan(2);
      expect(SIDES).toContain(q.side);
      expect(String(q.side_note ?? '').trim().length, q.name).toBeGreaterThan(10);
      expect(String(q.source ?? '').trim().length, q.name).toBeGreaterThan(10);
    }
    expect(points.filter((w) => w.properties?.side === 'azerbaijan').length).toBeGreaterThan(0);
    expect(points.filter((w) => w.properties?.side === 'armenian-forces').length).toBeGreaterThan(0);
  });

  it('marks both ends with an "outside" place and puts each "on the line" place near the line', () => {
    const points = pointsOf(fc);
    const at = (q: number[]) => points.find((w) => w.geometry.coordinates[0] === q[0] && w.geometry.coordinates[1] === q[1]);
    expect(at(coords[0]!)?.properties?.side).toBe('outside');
    expect(at(coords[coords.length - 1]!)?.properties?.side).toBe('outside');
    // "On the line" includes a line drawn a few hundred metres outside a boundary it follows.
    for (const w of points.filter((x) => x.properties?.side === 'on the line')) {
      expect(pointToLineDistance(point(w.geometry.coordinates), line, { units: 'meters' }), w.properties?.name).toBeLessThan(500);
    }
  });
});
