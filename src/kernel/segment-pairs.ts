/**
 * The pairs of edges of a set of closed rings whose boxes meet, in O(n log n + k) for n edges
 * and k such pairs, as GEOS finds them: each ring is cut into monotone chains (runs of edges
 * that never turn back in x or in y), the chains are swept in order of their west ends, and
 * two chains whose boxes meet are bisected down to their edges. A monotone chain's box is the
 * box of its two ends, so a chain of a thousand edges costs one box test until it comes near
 * another, and two edges of one chain never meet except at the vertex they share: a chain is
 * never tested against itself.
 *
 * Rings are given as flat coordinates with ring starts; edge s runs from vertex s to the next
 * vertex of its ring (the last vertex back to the first).
 */

/** Rings as flat coordinates: ring r has vertices starts[r] .. starts[r + 1] − 1, closed implicitly. */
export interface FlatRings {
  x: Float64Array;
  y: Float64Array;
  starts: Int32Array;
}

/** Monotone chains of a set of rings: chain c has edges first[c] .. last[c] and box box[4c .. 4c + 3]. */
export interface Chains {
  count: number;
  first: Int32Array;
  last: Int32Array;
  box: Float64Array;
}

/** Index of the vertex after v in its ring. */
export function nextVertices(rings: FlatRings): Int32Array {
  const n = rings.x.length;
  const next = new Int32Array(n);
  for (let r = 0; r + 1 < rings.starts.length; r++) {
    const s = rings.starts[r]!,
      e = rings.starts[r + 1]!;
    for (let v = s; v < e; v++) next[v] = v + 1 === e ? s : v + 1;
  }
  return next;
}

/** Cuts every ring into maximal runs of edges monotone (not strictly) in x and in y. */
export function monotoneChains(rings: FlatRings, next: Int32Array): Chains {
  const { x, y, starts } = rings;
  const n = x.length;
  const first = new Int32Array(n),
    last = new Int32Array(n);
  let count = 0;
  for (let r = 0; r + 1 < starts.length; r++) {
    const s = starts[r]!,
      e = starts[r + 1]!;
    let c0 = s,
      sx = 0,
      sy = 0;
    for (let v = s; v < e; v++) {
      const w = next[v]!;
      const dx = x[w]! > x[v]! ? 1 : x[w]! < x[v]! ? -1 : 0;
      const dy = y[w]! > y[v]! ? 1 : y[w]! < y[v]! ? -1 : 0;
      if ((dx !== 0 && sx !== 0 && dx !== sx) || (dy !== 0 && sy !== 0 && dy !== sy)) {
        first[count] = c0;
        last[count++] = v - 1;
        c0 = v;
        sx = dx;
        sy = dy;
      } else {
        if (sx === 0) sx = dx;
        if (sy === 0) sy = dy;
      }
    }
    if (e > s) {
      first[count] = c0;
      last[count++] = e - 1;
    }
  }
  const box = new Float64Array(4 * count);
  for (let c = 0; c < count; c++) {
    const a = first[c]!,
      b = next[last[c]!]!;
    const ax = x[a]!,
      bx = x[b]!,
      ay = y[a]!,
      by = y[b]!;
    box[4 * c] = ax < bx ? ax : bx;
    box[4 * c + 1] = ay < by ? ay : by;
    box[4 * c + 2] = ax < bx ? bx : ax;
    box[4 * c + 3] = ay < by ? by : ay;
  }
  return { count, first: first.subarray(0, count), last: last.subarray(0, count), box };
}

/**
 * The chains in order of their west ends, ties by index. A comparison sort spends most of its
 * time on mispredicted branches (and a comparator on calls back into JavaScript), so the chains
 * are first dealt into as many buckets as there are chains, by a key that never decreases as
 * the west end grows, then each bucket, nearly always of one or two chains, is put in exact
 * order by insertion.
 */
function westOrder(box: Float64Array, count: number): Int32Array {
  const order = new Int32Array(count);
  let lo = Infinity,
    hi = -Infinity;
  for (let c = 0; c < count; c++) {
    const w = box[4 * c]!;
    if (w < lo) lo = w;
    if (w > hi) hi = w;
  }
  // Rounding is monotone, so fl((w − lo)·scale) never decreases as w grows: the buckets are in
  // order, whatever they round.
  const scale = hi > lo ? (count - 1) / (hi - lo) : 0;
  const key = new Int32Array(count);
  const end = new Int32Array(count + 1);
  for (let c = 0; c < count; c++) {
    const k = Math.min(count - 1, Math.floor((box[4 * c]! - lo) * scale)) | 0;
    key[c] = k;
    end[k + 1]!++;
  }
  for (let k = 0; k < count; k++) end[k + 1]! += end[k]!;
  for (let c = 0; c < count; c++) order[end[key[c]!]!++] = c;
  for (let k = 0, from = 0; k < count; from = end[k++]!) {
    const to = end[k]!;
    if (to - from < 2) continue;
    if (to - from > 32) {
      // A crowded bucket (west ends bunched far from an outlier): an ordinary sort.
      const part = Array.from(order.subarray(from, to)).sort((a, b) => box[4 * a]! - box[4 * b]! || a - b);
      order.set(part, from);
      continue;
    }
    for (let i = from + 1; i < to; i++) {
      const c = order[i]!,
        w = box[4 * c]!;
      let j = i - 1;
      while (j >= from && (box[4 * order[j]!]! > w || (box[4 * order[j]!]! === w && order[j]! > c))) {
        order[j + 1] = order[j]!;
        j--;
      }
      order[j + 1] = c;
    }
  }
  return order;
}

/**
 * Calls `visit(a, b)` once for every pair of edges a ≠ b, of different chains, whose closed
 * boxes meet, but for neighbours along a ring: they always meet at the vertex they share, and a
 * caller that looks at them (for a ring turning straight back) walks the ring instead. Two edges
 * of one chain never meet but at a shared vertex, so they are not visited either.
 */
export function segmentPairs(rings: FlatRings, next: Int32Array, chains: Chains, visit: (a: number, b: number) => void): void {
  const { x, y } = rings;
  const { count, first, last, box } = chains;
  const order = westOrder(box, count);
  const active = new Int32Array(count);
  let activeCount = 0;
  // Ranges of edges still to compare, four numbers a frame: a0, a1, b0, b1.
  let stack = new Int32Array(256);
  for (let k = 0; k < count; k++) {
    const c = order[k]!;
    const cw = box[4 * c]!,
      cs = box[4 * c + 1]!,
      ce = box[4 * c + 2]!,
      cn = box[4 * c + 3]!;
    let kept = 0;
    for (let i = 0; i < activeCount; i++) {
      const o = active[i]!;
      if (box[4 * o + 2]! < cw) continue;
      active[kept++] = o;
      if (box[4 * o + 1]! > cn || box[4 * o + 3]! < cs || box[4 * o]! > ce) continue;
      // Bisect the two chains down to the pairs of edges whose boxes meet. Chains that follow
      // each other along a ring always meet where they join, and bisecting down to that pair
      // of neighbours would cost most of the sweep on a valid input: only the rest of the two
      // chains is bisected.
      let top = 0;
      const oFirst = first[o]!,
        oLast = last[o]!,
        cFirst = first[c]!,
        cLast = last[c]!;
      const oThenC = next[oLast] === cFirst,
        cThenO = next[cLast] === oFirst;
      if (oThenC && !cThenO) {
        if (oLast > oFirst) {
          stack[top++] = oFirst;
          stack[top++] = oLast - 1;
          stack[top++] = cFirst;
          stack[top++] = cLast;
        }
        if (cLast > cFirst) {
          stack[top++] = oLast;
          stack[top++] = oLast;
          stack[top++] = cFirst + 1;
          stack[top++] = cLast;
        }
      } else if (cThenO && !oThenC) {
        if (cLast > cFirst) {
          stack[top++] = oFirst;
          stack[top++] = oLast;
          stack[top++] = cFirst;
          stack[top++] = cLast - 1;
        }
        if (oLast > oFirst) {
          stack[top++] = oFirst + 1;
          stack[top++] = oLast;
          stack[top++] = cLast;
          stack[top++] = cLast;
        }
      } else {
        stack[top++] = oFirst;
        stack[top++] = oLast;
        stack[top++] = cFirst;
        stack[top++] = cLast;
      }
      while (top > 0) {
        const b1 = stack[--top]!,
          b0 = stack[--top]!,
          a1 = stack[--top]!,
          a0 = stack[--top]!;
        const ae = next[a1]!,
          be = next[b1]!;
        const ax0 = x[a0]!,
          ax1 = x[ae]!,
          ay0 = y[a0]!,
          ay1 = y[ae]!;
        const bx0 = x[b0]!,
          bx1 = x[be]!,
          by0 = y[b0]!,
          by1 = y[be]!;
        if ((ax0 < ax1 ? ax1 : ax0) < (bx0 < bx1 ? bx0 : bx1)) continue;
        if ((bx0 < bx1 ? bx1 : bx0) < (ax0 < ax1 ? ax0 : ax1)) continue;
        if ((ay0 < ay1 ? ay1 : ay0) < (by0 < by1 ? by0 : by1)) continue;
        if ((by0 < by1 ? by1 : by0) < (ay0 < ay1 ? ay0 : ay1)) continue;
        if (a0 === a1 && b0 === b1) {
          if (ae !== b0 && be !== a0) visit(a0, b0);
          continue;
        }
        if (top + 8 > stack.length) {
          const grown = new Int32Array(stack.length * 2);
          grown.set(stack);
          stack = grown;
        }
        if (a1 - a0 >= b1 - b0) {
          const m = (a0 + a1) >> 1;
          stack[top++] = a0;
          stack[top++] = m;
          stack[top++] = b0;
          stack[top++] = b1;
          stack[top++] = m + 1;
          stack[top++] = a1;
          stack[top++] = b0;
          stack[top++] = b1;
        } else {
          const m = (b0 + b1) >> 1;
          stack[top++] = a0;
          stack[top++] = a1;
          stack[top++] = b0;
          stack[top++] = m;
          stack[top++] = a0;
          stack[top++] = a1;
          stack[top++] = m + 1;
          stack[top++] = b1;
        }
      }
    }
    activeCount = kept;
    active[activeCount++] = c;
  }
}
