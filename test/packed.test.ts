import type { Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { PolygonPacker, boxAt, packPolygons, packedPolygonBoxes, polygonCount, touchingGroups, unpackPolygon, unpackPolygons } from '../src/kernel/packed.js';
import { mulberry32 } from './support/random.js';

const square = (x: number, y: number, size = 1): Position[] => [
  [x, y],
  [x + size, y],
  [x + size, y + size],
  [x, y + size],
  [x, y],
];

describe('packed polygons', () => {
  it('give back exactly the polygons packed, holes and all, in order', () => {
    const rng = mulberry32(1);
    const polygons = Array.from({ length: 50 }, () =>
      Array.from({ length: 1 + Math.floor(rng() * 3) }, () => Array.from({ length: 4 + Math.floor(rng() * 20) }, () => [rng() * 360 - 180, rng() * 180 - 90])),
    );
    const packed = packPolygons(polygons);
    expect(polygonCount(packed)).toBe(50);
    expect(unpackPolygons(packed)).toEqual(polygons);
    expect(unpackPolygon(packed, 17)).toEqual(polygons[17]);
    expect(unpackPolygons(packed, [3, 1])).toEqual([polygons[3], polygons[1]]);
  });

  it('keep longitude and latitude only, and never share arrays with the input', () => {
    const ring = square(0, 0).map(([x, y]) => [x!, y!, 100]);
    const packer = new PolygonPacker();
    packer.add([ring]);
    const [back] = unpackPolygons(packer.finish());
    expect(back![0]).toEqual(square(0, 0));
    back![0]![0]![0] = 99;
    expect(ring[0]![0]).toBe(0);
  });

  it('grow past their first allocation without losing a position', () => {
    const big = Array.from({ length: 5000 }, (_, i) => [i * 1e-3, Math.sin(i)]);
    const polygons = Array.from({ length: 40 }, () => [big]);
    expect(unpackPolygons(packPolygons(polygons))).toEqual(polygons);
  });

  it('box each polygon by its outer ring', () => {
    const packed = packPolygons([[square(0, 0, 4), square(1, 1)], [square(10, -5, 2)]]);
    const boxes = packedPolygonBoxes(packed);
    expect(boxAt(boxes, 0)).toEqual([0, 0, 4, 4]);
    expect(boxAt(boxes, 1)).toEqual([10, -5, 12, -3]);
  });
});

describe('touchingGroups', () => {
  const groupsOf = (squares: [number, number][]) => touchingGroups(packedPolygonBoxes(packPolygons(squares.map(([x, y]) => [square(x, y)]))));

  it('groups boxes that overlap, share an edge or only a corner, through chains of others', () => {
    // 0 and 1 share an edge, 1 and 2 a corner, 3 overlaps 2; 4 stands alone; 5 touches nothing.
    expect(
      groupsOf([
        [0, 0],
        [1, 0],
        [2, 1],
        [2.5, 1.5],
        [10, 10],
        [20, 0],
      ]),
    ).toEqual([[0, 1, 2, 3], [4], [5]]);
  });

  it('lists groups by their first polygon, and the polygons of a group in order', () => {
    expect(
      groupsOf([
        [5, 5],
        [0, 0],
        [6, 5],
        [1, 0],
      ]),
    ).toEqual([
      [0, 2],
      [1, 3],
    ]);
  });

  it('agrees with checking every pair on seeded random boxes', () => {
    const rng = mulberry32(9);
    const squares = Array.from({ length: 300 }, () => [Math.floor(rng() * 60), Math.floor(rng() * 60)] as [number, number]);
    // The groups every pair of closed boxes implies, by repeated merging.
    const label = squares.map((_, i) => i);
    for (let changed = true; changed; ) {
      changed = false;
      for (let i = 0; i < squares.length; i++) {
        for (let j = i + 1; j < squares.length; j++) {
          const meet = Math.abs(squares[i]![0] - squares[j]![0]) <= 1 && Math.abs(squares[i]![1] - squares[j]![1]) <= 1;
          if (meet && label[i] !== label[j]) {
            const [from, to] = [Math.max(label[i]!, label[j]!), Math.min(label[i]!, label[j]!)];
            for (let k = 0; k < label.length; k++) if (label[k] === from) label[k] = to;
            changed = true;
          }
        }
      }
    }
    const expected = new Map<number, number[]>();
    label.forEach((l, i) => expected.set(l, [...(expected.get(l) ?? []), i]));
    expect(groupsOf(squares)).toEqual([...expected.values()]);
  });
});
