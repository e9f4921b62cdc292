import { describe, expect, it } from 'vitest';
import { monotoneChains, nextVertices, segmentPairs, type FlatRings } from '../src/kernel/segment-pairs.js';
import { mulberry32 } from './support/random.js';

/** Rings of random lattice points: edges that cross, touch, run along each other, tie on their west ends. */
function randomRings(random: () => number, rings: number, size: number, lattice: number): FlatRings {
  const x: number[] = [],
    y: number[] = [],
    starts = [0];
  for (let r = 0; r < rings; r++) {
    const n = 3 + Math.floor(random() * size);
    for (let i = 0; i < n; i++) {
      x.push(Math.floor(random() * lattice));
      y.push(Math.floor(random() * lattice));
    }
    starts.push(x.length);
  }
  return { x: Float64Array.from(x), y: Float64Array.from(y), starts: Int32Array.from(starts) };
}

/** Every pair of edges of different chains, not neighbours along a ring, whose closed boxes meet, by brute force, as "a,b" with a < b. */
function bruteForce(rings: FlatRings, next: Int32Array): Set<string> {
  const { x, y } = rings;
  const chains = monotoneChains(rings, next);
  const chainOf = new Int32Array(x.length);
  for (let c = 0; c < chains.count; c++) for (let s = chains.first[c]!; s <= chains.last[c]!; s++) chainOf[s] = c;
  const pairs = new Set<string>();
  for (let a = 0; a < x.length; a++) {
    for (let b = a + 1; b < x.length; b++) {
      const a2 = next[a]!,
        b2 = next[b]!;
      if (chainOf[a] === chainOf[b] || a2 === b || b2 === a) continue;
      if (Math.max(x[a]!, x[a2]!) < Math.min(x[b]!, x[b2]!) || Math.max(x[b]!, x[b2]!) < Math.min(x[a]!, x[a2]!)) continue;
      if (Math.max(y[a]!, y[a2]!) < Math.min(y[b]!, y[b2]!) || Math.max(y[b]!, y[b2]!) < Math.min(y[a]!, y[a2]!)) continue;
      pairs.add(`${a},${b}`);
    }
  }
  return pairs;
}

describe('segmentPairs, the sweep under validation and the overlay', () => {
  it('visits exactly the pairs of edges of different chains, not neighbours, whose boxes meet, each once', () => {
    const random = mulberry32(7);
    let total = 0;
    for (let trial = 0; trial < 300; trial++) {
      // Small lattices give ties and touches; one far outlier crowds every other west end into one bucket.
      const rings = randomRings(random, 1 + Math.floor(random() * 4), 1 + Math.floor(random() * 30), trial % 3 === 0 ? 5 : 1000);
      if (trial % 10 === 0) rings.x[0] = -1e9;
      const next = nextVertices(rings);
      const seen: string[] = [];
      segmentPairs(rings, next, monotoneChains(rings, next), (a, b) => seen.push(a < b ? `${a},${b}` : `${b},${a}`));
      const expected = bruteForce(rings, next);
      expect(new Set(seen).size).toBe(seen.length);
      expect(new Set(seen)).toEqual(expected);
      total += seen.length;
    }
    expect(total).toBeGreaterThan(10_000);
  });
});
