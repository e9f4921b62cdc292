import { describe, expect, it } from 'vitest';
import { BoxIndex } from '../src/kernel/box-index.js';
import { mulberry32 } from './support/random.js';

/** n random boxes, some of them points and some sharing edges (coordinates on a coarse lattice). */
function randomBoxes(random: () => number, n: number): Float64Array {
  const boxes = new Float64Array(4 * n);
  for (let i = 0; i < n; i++) {
    const x = Math.floor(random() * 200) / 2,
      y = Math.floor(random() * 200) / 2;
    const w = random() < 0.1 ? 0 : Math.floor(random() * 20) / 2,
      h = random() < 0.1 ? 0 : Math.floor(random() * 20) / 2;
    boxes.set([x, y, x + w, y + h], 4 * i);
  }
  return boxes;
}

const meets = (b: Float64Array, i: number, w: number, s: number, e: number, n: number): boolean =>
  b[4 * i]! <= e && w <= b[4 * i + 2]! && b[4 * i + 1]! <= n && s <= b[4 * i + 3]!;

describe('BoxIndex, the packed R-tree under validation', () => {
  it('finds exactly the boxes that meet a query box, and exactly the pairs of boxes that meet', () => {
    const random = mulberry32(11);
    for (const n of [0, 1, 15, 16, 17, 255, 256, 1000]) {
      const boxes = randomBoxes(random, n);
      const index = new BoxIndex(boxes, n);
      for (let q = 0; q < 50; q++) {
        const w = random() * 110 - 5,
          s = random() * 110 - 5;
        const e = w + random() * 20,
          north = s + random() * 20;
        const found: number[] = [];
        index.search(w, s, e, north, (i) => found.push(i));
        const expected = Array.from({ length: n }, (_, i) => i).filter((i) => meets(boxes, i, w, s, e, north));
        expect(found.sort((a, b) => a - b)).toEqual(expected);
      }
      const pairs: string[] = [];
      index.pairs((i, j) => pairs.push(`${i},${j}`));
      const expected: string[] = [];
      for (let i = 0; i < n; i++)
        for (let j = i + 1; j < n; j++) if (meets(boxes, j, boxes[4 * i]!, boxes[4 * i + 1]!, boxes[4 * i + 2]!, boxes[4 * i + 3]!)) expected.push(`${i},${j}`);
      expect(pairs.sort()).toEqual(expected.sort());
    }
  });
});
