import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPack, packTopology, quantizedPack, type Layer, type PackTopology } from '../src/model/layer.js';
import { readKarabakhSources } from '../src/node/karabakh-files.js';
import { shippedPackPath } from '../src/node/paths.js';
import { buildKarabakhPack } from '../src/scenarios/karabakh/build.js';
import { upstreamDir } from './support/paths.js';

/** The largest difference between the coordinates of two packs' layers and parts, feature by feature. */
function largestShift(a: PackTopology, b: PackTopology): number {
  const [x, y] = [loadPack(a), loadPack(b)];
  let largest = 0;
  const walk = (p: unknown, q: unknown): void => {
    if (typeof p === 'number') largest = Math.max(largest, Math.abs(p - (q as number)));
    else if (Array.isArray(p)) p.forEach((v, i) => walk(v, (q as unknown[])[i]));
  };
  for (const id of x.ids) {
    const [fa, fb] = [x.layer(id).geojson.features, y.layer(id).geojson.features];
    expect(fb.length, id).toBe(fa.length);
    fa.forEach((f, i) => walk((f.geometry as { coordinates?: unknown })?.coordinates, (fb[i]!.geometry as { coordinates?: unknown })?.coordinates));
  }
  return largest;
}

const square = (coordinates: number[][]): Layer => ({
  meta: { id: 'square', title: 'Square', kind: 'area', validFrom: null, validTo: null, source: 'test', licence: 'CC0', accuracy: 'exact' },
  geojson: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [coordinates] } }] },
});

describe('quantizedPack', () => {
  it('ships the Karabakh pack quantized, at the positions the upstream build gives (within 1e-12°)', () => {
    const shipped = JSON.parse(readFileSync(shippedPackPath(), 'utf8')) as PackTopology;
    expect(shipped.transform?.scale).toEqual([1e-9, 1e-9]);
    const built = buildKarabakhPack(readKarabakhSources(upstreamDir));
    expect(built.transform).toBeUndefined();
    expect(largestShift(built, shipped)).toBeLessThan(1e-12);
  });

  it('writes positions as integer steps from the one before, without touching its input', () => {
    const pack = packTopology('t', 'T', [
      square([
        [10.5, 20.25],
        [10.500000001, 20.25],
        [10.500000001, 20.250000002],
        [10.5, 20.25],
      ]),
    ]);
    const before = JSON.stringify(pack);
    const quantized = quantizedPack(pack);
    expect(JSON.stringify(pack)).toBe(before);
    for (const arc of quantized.arcs) for (const p of arc) for (const v of p) expect(Number.isInteger(v)).toBe(true);
    expect(largestShift(pack, quantized)).toBeLessThan(1e-12);
  });

  it('refuses a coordinate off the grid rather than move it', () => {
    const pack = packTopology('t', 'T', [
      square([
        [0, 0],
        [1, 0],
        [1, 1.0000000004],
        [0, 0],
      ]),
    ]);
    expect(() => quantizedPack(pack)).toThrow(/not on the 1e-9° grid/);
    expect(() =>
      quantizedPack(
        quantizedPack(
          packTopology('t', 'T', [
            square([
              [0, 0],
              [1, 0],
              [1, 1],
              [0, 0],
            ]),
          ]),
        ),
      ),
    ).toThrow(/quantized already/);
  });
});
