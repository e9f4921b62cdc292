/**
 * Sorting indices by a numeric key without a comparator. `Array.prototype.sort` with a
 * comparator calls back into JavaScript for every comparison: about 2.7 ms for 6,000 keys,
 * which was most of a sweep over a redrawn front line. Here each key is quantised onto the
 * integers below 2^53 with its index packed below it, one native numeric sort of a
 * Float64Array orders them all, and the rare keys that share a quantum are put in order by
 * their exact values.
 */

/**
 * The indices 0…n−1 in ascending order of `keys[i]`, ties in index order: the order a stable
 * comparator sort gives.
 *
 * @param keys numbers; a key that is not finite sends the whole sort to a comparator
 */
export function ascendingOrder(keys: ArrayLike<number>): Int32Array {
  const n = keys.length;
  const order = new Int32Array(n);
  let min = Infinity;
  let max = -Infinity;
  let finite = true;
  for (let i = 0; i < n; i++) {
    const k = keys[i]!;
    if (k < min) min = k;
    if (k > max) max = k;
    if (k - k !== 0) finite = false;
  }
  if (n < 2 || !finite || !(max - min < Infinity)) {
    // What a comparator sort does with these keys (NaN compares as equal to anything).
    for (let i = 0; i < n; i++) order[i] = i;
    if (n >= 2) order.sort((a, b) => keys[a]! - keys[b]! || a - b);
    return order;
  }
  const indexBits = Math.ceil(Math.log2(n));
  const scale = 2 ** indexBits;
  // The quantum of each key: non-decreasing in the key, and below 2^(53 − indexBits), so that
  // quantum·scale + index is an exact integer in a double.
  const step = (max - min) / (2 ** (53 - indexBits) - 1) || 1;
  const packed = new Float64Array(n);
  for (let i = 0; i < n; i++) packed[i] = Math.floor((keys[i]! - min) / step) * scale + i;
  packed.sort();
  let previous = -1;
  for (let p = 0; p < n; p++) {
    const v = packed[p]!;
    const quantum = Math.floor(v / scale);
    const i = v - quantum * scale;
    order[p] = i;
    // Keys in one quantum: insertion sort by their exact values (runs are almost always one long).
    if (quantum === previous) {
      let q = p;
      while (q > 0 && Math.floor(packed[q - 1]! / scale) === quantum && keys[order[q - 1]!]! > keys[i]!) {
        order[q] = order[q - 1]!;
        q--;
      }
      order[q] = i;
    }
    previous = quantum;
  }
  return order;
}
