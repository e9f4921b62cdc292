import { describe, expect, it } from 'vitest';
import { ascendingOrder } from '../src/kernel/order.js';
import { mulberry32 } from './support/random.js';

/** True when `order` is a permutation of 0…n−1 that lists `keys` in ascending order. */
function expectSortedPermutation(keys: ArrayLike<number>, order: Int32Array): void {
  expect(order.length).toBe(keys.length);
  const seen = new Uint8Array(keys.length);
  for (const i of order) {
    expect(seen[i], `index ${i} twice`).toBe(0);
    seen[i] = 1;
  }
  for (let p = 1; p < order.length; p++) expect(keys[order[p - 1]!]!, `position ${p}`).toBeLessThanOrEqual(keys[order[p]!]!);
}

describe('ascendingOrder', () => {
  it('orders random keys as a stable comparator sort does', () => {
    const random = mulberry32(5);
    for (const n of [0, 1, 2, 3, 17, 1000, 6000]) {
      const keys = Float64Array.from({ length: n }, () => 30 + random() * 10);
      const order = ascendingOrder(keys);
      expectSortedPermutation(keys, order);
      const expected = Array.from({ length: n }, (_, i) => i).sort((a, b) => keys[a]! - keys[b]!);
      expect(Array.from(order)).toEqual(expected);
    }
  });

  it('keys closer than its quantum, repeated keys, negative and far-apart keys', () => {
    const random = mulberry32(9);
    // Keys within 1e-15 of each other around 1e6, beside one far away: many share a quantum
    // (the range over 2^40 steps is about 1e-6 here), so their order comes from the exact pass.
    const close = Float64Array.from({ length: 500 }, () => 1e6 + Math.floor(random() * 100) * 2 ** -33);
    close[0] = -1e12;
    expectSortedPermutation(close, ascendingOrder(close));
    const repeated = Float64Array.from({ length: 300 }, () => Math.floor(random() * 5) - 2);
    const order = ascendingOrder(repeated);
    expectSortedPermutation(repeated, order);
    // Stable: equal keys keep the order of their indices.
    for (let p = 1; p < order.length; p++) if (repeated[order[p - 1]!] === repeated[order[p]!]) expect(order[p - 1]!).toBeLessThan(order[p]!);
    const tiedClose = Float64Array.from({ length: 400 }, (_, i) => (i % 3 === 0 ? 7 : 7 + (i % 7) * 2 ** -49));
    tiedClose[5] = 1e9;
    const tiedOrder = ascendingOrder(tiedClose);
    expect(Array.from(tiedOrder)).toEqual(Array.from({ length: 400 }, (_, i) => i).sort((a, b) => tiedClose[a]! - tiedClose[b]!));
    const wide = Float64Array.from({ length: 300 }, () => (random() - 0.5) * 10 ** Math.floor(random() * 300));
    expectSortedPermutation(wide, ascendingOrder(wide));
    const plain = [3, -0, 0, -5e-324, 5e-324, 2];
    expectSortedPermutation(plain, ascendingOrder(plain));
  });

  it('keys that are not all finite still come out in order', () => {
    const keys = [2, Infinity, -1, -Infinity, 0];
    expect(Array.from(ascendingOrder(keys), (i) => keys[i])).toEqual([-Infinity, -1, 0, 2, Infinity]);
    const huge = [Number.MAX_VALUE, -Number.MAX_VALUE, 0];
    expectSortedPermutation(huge, ascendingOrder(huge));
    // NaN: still a permutation, every index once.
    const withNaN = ascendingOrder([3, Number.NaN, 1, 2]);
    expect(Array.from(withNaN).sort()).toEqual([0, 1, 2, 3]);
  });
});
