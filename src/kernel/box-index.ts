/**
 * The kernel's box index: a static packed R-tree (Hilbert-sorted, 16 entries a node) on flat
 * typed arrays, searched without recursion. Validation uses it for rays through the rings of a
 * geometry; the segment sweep (segment-pairs.ts) for the pairs of edges that may meet.
 */
const NODE_SIZE = 16;

/**
 * A static R-tree over n boxes: entries sorted along a Hilbert curve through their centres,
 * packed 16 to a node, levels stored bottom-up in flat typed arrays. Searches use an explicit
 * stack, so no input can exhaust the call stack.
 */
export class BoxIndex {
  private readonly boxes: Float64Array;
  /** For an entry: its index in the input; for a node: the position of its first child. */
  private readonly ids: Uint32Array;
  /** Position where each level ends (level 0: the entries). */
  private readonly levelEnds: number[];
  /** Work space of `search`: (position, level) pairs; a depth-first walk holds at most 16 a level. */
  private readonly stack: Uint32Array;

  /** @param input n boxes as [minX, minY, maxX, maxY, ...] (finite numbers, min ≤ max). */
  constructor(input: Float64Array, n: number) {
    let minX = Infinity,
      minY = Infinity,
      maxX = -Infinity,
      maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      if (input[4 * i]! < minX) minX = input[4 * i]!;
      if (input[4 * i + 1]! < minY) minY = input[4 * i + 1]!;
      if (input[4 * i + 2]! > maxX) maxX = input[4 * i + 2]!;
      if (input[4 * i + 3]! > maxY) maxY = input[4 * i + 3]!;
    }
    const levelEnds = [n];
    let total = n,
      count = n;
    do {
      count = Math.ceil(count / NODE_SIZE);
      total += count;
      levelEnds.push(total);
    } while (count > 1);
    this.levelEnds = levelEnds;
    this.boxes = new Float64Array(4 * total);
    this.ids = new Uint32Array(total);

    // Sort by Hilbert value with the entry's index packed below it, so a plain numeric sort of
    // one Float64Array does it (exact: the key stays below 2^53).
    const indexBits = Math.max(1, Math.ceil(Math.log2(n + 1)));
    const hilbertShift = Math.max(0, 32 + indexBits - 53);
    const scale = 2 ** indexBits;
    const w = maxX - minX || 1,
      h = maxY - minY || 1;
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const cx = ((input[4 * i]! + input[4 * i + 2]!) / 2 - minX) / w;
      const cy = ((input[4 * i + 1]! + input[4 * i + 3]!) / 2 - minY) / h;
      const hv = hilbert(Math.min(65535, Math.floor(cx * 65535)), Math.min(65535, Math.floor(cy * 65535)));
      keys[i] = Math.floor(hv / 2 ** hilbertShift) * scale + i;
    }
    keys.sort();
    const boxes = this.boxes;
    for (let p = 0; p < n; p++) {
      const key = keys[p]!;
      const i = key - Math.floor(key / scale) * scale;
      this.ids[p] = i;
      boxes[4 * p] = input[4 * i]!;
      boxes[4 * p + 1] = input[4 * i + 1]!;
      boxes[4 * p + 2] = input[4 * i + 2]!;
      boxes[4 * p + 3] = input[4 * i + 3]!;
    }
    this.stack = new Uint32Array(2 * (NODE_SIZE * levelEnds.length + 1));
    let start = 0;
    for (let level = 1; level < levelEnds.length; level++) {
      const end = levelEnds[level - 1]!;
      let node = end;
      for (let child = start; child < end; child += NODE_SIZE) {
        let a = Infinity,
          b = Infinity,
          c = -Infinity,
          d = -Infinity;
        const last = Math.min(child + NODE_SIZE, end);
        for (let q = child; q < last; q++) {
          if (this.boxes[4 * q]! < a) a = this.boxes[4 * q]!;
          if (this.boxes[4 * q + 1]! < b) b = this.boxes[4 * q + 1]!;
          if (this.boxes[4 * q + 2]! > c) c = this.boxes[4 * q + 2]!;
          if (this.boxes[4 * q + 3]! > d) d = this.boxes[4 * q + 3]!;
        }
        this.boxes[4 * node] = a;
        this.boxes[4 * node + 1] = b;
        this.boxes[4 * node + 2] = c;
        this.boxes[4 * node + 3] = d;
        this.ids[node] = child;
        node++;
      }
      start = end;
    }
  }

  /**
   * Calls `visit(i, j)` once for every pair i < j of input boxes that meet: one search per
   * leaf node (its 16 entries together) rather than one per entry.
   */
  pairs(visit: (i: number, j: number) => void): void {
    const n = this.levelEnds[0]!;
    const b = this.boxes,
      ids = this.ids;
    let leaf = n;
    for (let first = 0; first < n; first += NODE_SIZE, leaf++) {
      const last = Math.min(first + NODE_SIZE, n);
      this.searchPositions(b[4 * leaf]!, b[4 * leaf + 1]!, b[4 * leaf + 2]!, b[4 * leaf + 3]!, (q) => {
        const j = ids[q]!;
        const qx0 = b[4 * q]!,
          qy0 = b[4 * q + 1]!,
          qx1 = b[4 * q + 2]!,
          qy1 = b[4 * q + 3]!;
        for (let p = first; p < last; p++) {
          const i = ids[p]!;
          if (i < j && b[4 * p]! <= qx1 && qx0 <= b[4 * p + 2]! && b[4 * p + 1]! <= qy1 && qy0 <= b[4 * p + 3]!) visit(i, j);
        }
      });
    }
  }

  /** Calls `visit(i)` for every input box that meets [minX, maxX] × [minY, maxY] (closed). */
  search(minX: number, minY: number, maxX: number, maxY: number, visit: (i: number) => void): void {
    const ids = this.ids;
    this.searchPositions(minX, minY, maxX, maxY, (p) => visit(ids[p]!));
  }

  /** Like `search`, with the entries' positions in the sorted order. */
  private searchPositions(minX: number, minY: number, maxX: number, maxY: number, visit: (p: number) => void): void {
    if (this.levelEnds[0] === 0) return;
    const b = this.boxes,
      ids = this.ids,
      stack = this.stack,
      ends = this.levelEnds;
    stack[0] = b.length / 4 - 1;
    stack[1] = ends.length - 1;
    let top = 2;
    while (top > 0) {
      const level = stack[--top]!;
      const node = stack[--top]!;
      if (b[4 * node]! > maxX || b[4 * node + 1]! > maxY || b[4 * node + 2]! < minX || b[4 * node + 3]! < minY) continue;
      if (level === 0) {
        visit(node);
        continue;
      }
      const first = ids[node]!;
      const last = Math.min(first + NODE_SIZE, ends[level - 1]!);
      for (let q = first; q < last; q++) {
        stack[top++] = q;
        stack[top++] = level - 1;
      }
    }
  }
}

/**
 * Position of (x, y), each in [0, 65535], along a Hilbert curve over that square, by bit-parallel
 * prefix operations (the public-domain "fast Hilbert curve" of rawrunprotected, as flatbush uses
 * it) rather than sixteen rounds of one bit each: building an index is mostly this and the sort.
 */
function hilbert(x: number, y: number): number {
  let a = x ^ y;
  let b = 0xffff ^ a;
  let c = 0xffff ^ (x | y);
  let d = x & (y ^ 0xffff);

  let A = a | (b >> 1);
  let B = (a >> 1) ^ a;
  let C = (c >> 1) ^ (b & (d >> 1)) ^ c;
  let D = (a & (c >> 1)) ^ (d >> 1) ^ d;

  a = A;
  b = B;
  c = C;
  d = D;
  A = (a & (a >> 2)) ^ (b & (b >> 2));
  B = (a & (b >> 2)) ^ (b & ((a ^ b) >> 2));
  C ^= (a & (c >> 2)) ^ (b & (d >> 2));
  D ^= (b & (c >> 2)) ^ ((a ^ b) & (d >> 2));

  a = A;
  b = B;
  c = C;
  d = D;
  A = (a & (a >> 4)) ^ (b & (b >> 4));
  B = (a & (b >> 4)) ^ (b & ((a ^ b) >> 4));
  C ^= (a & (c >> 4)) ^ (b & (d >> 4));
  D ^= (b & (c >> 4)) ^ ((a ^ b) & (d >> 4));

  a = A;
  b = B;
  c = C;
  d = D;
  C ^= (a & (c >> 8)) ^ (b & (d >> 8));
  D ^= (b & (c >> 8)) ^ ((a ^ b) & (d >> 8));

  a = C ^ (C >> 1);
  b = D ^ (D >> 1);

  let i0 = x ^ y;
  let i1 = b | (0xffff ^ (i0 | a));

  i0 = (i0 | (i0 << 8)) & 0x00ff00ff;
  i0 = (i0 | (i0 << 4)) & 0x0f0f0f0f;
  i0 = (i0 | (i0 << 2)) & 0x33333333;
  i0 = (i0 | (i0 << 1)) & 0x55555555;

  i1 = (i1 | (i1 << 8)) & 0x00ff00ff;
  i1 = (i1 | (i1 << 4)) & 0x0f0f0f0f;
  i1 = (i1 | (i1 << 2)) & 0x33333333;
  i1 = (i1 | (i1 << 1)) & 0x55555555;

  return ((i1 << 1) | i0) >>> 0;
}
