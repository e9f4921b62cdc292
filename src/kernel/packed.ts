/**
 * Polygons packed into flat typed arrays: 16 bytes a position, where GeoJSON's nested arrays
 * take 60 to 100 (a JavaScript array per position, and a boxed number per coordinate once the
 * array is frozen). Large geometry is kept this way and unpacked to GeoJSON only when asked for,
 * a polygon or a few at a time where that is all a step needs.
 *
 * Only longitude and latitude are kept: the overlay, whose output is what gets packed, has no
 * third coordinate either.
 */
import type { Position } from 'geojson';
import type { BBox } from './bbox.js';
import { BoxIndex } from './box-index.js';

/** Polygons as flat arrays: positions, where each ring ends, where each polygon's rings end. */
export interface PackedPolygons {
  /** x₀, y₀, x₁, y₁, … for every position of every ring, in order. */
  readonly coords: Float64Array;
  /** For ring r: the position after its last (exclusive end, counted in positions). */
  readonly ringEnds: Uint32Array;
  /** For polygon k: the ring after its last (exclusive end, counted in rings). */
  readonly polygonEnds: Uint32Array;
}

/** Appends polygons to growing typed arrays; `finish` trims them to size. */
export class PolygonPacker {
  private coords = new Float64Array(1024);
  private ringEnds = new Uint32Array(64);
  private polygonEnds = new Uint32Array(16);
  private positions = 0;
  private rings = 0;
  private polygons = 0;

  add(polygon: readonly (readonly Position[])[]): void {
    for (const ring of polygon) {
      if (2 * (this.positions + ring.length) > this.coords.length) this.coords = grown(this.coords, 2 * (this.positions + ring.length));
      let at = 2 * this.positions;
      for (const p of ring) {
        this.coords[at++] = p[0]!;
        this.coords[at++] = p[1]!;
      }
      this.positions += ring.length;
      if (this.rings === this.ringEnds.length) this.ringEnds = grown(this.ringEnds, this.rings + 1);
      this.ringEnds[this.rings++] = this.positions;
    }
    if (this.polygons === this.polygonEnds.length) this.polygonEnds = grown(this.polygonEnds, this.polygons + 1);
    this.polygonEnds[this.polygons++] = this.rings;
  }

  finish(): PackedPolygons {
    return {
      coords: this.coords.slice(0, 2 * this.positions),
      ringEnds: this.ringEnds.slice(0, this.rings),
      polygonEnds: this.polygonEnds.slice(0, this.polygons),
    };
  }
}

function grown<T extends Float64Array | Uint32Array>(array: T, needed: number): T {
  // Half again rather than double: the largest of these hold most of a big file's positions.
  const next = new (array.constructor as new (n: number) => T)(Math.max(needed, Math.ceil(array.length * 1.5)));
  next.set(array);
  return next;
}

/** Packs GeoJSON polygons (a MultiPolygon's coordinates). */
export function packPolygons(polygons: readonly (readonly (readonly Position[])[])[]): PackedPolygons {
  const packer = new PolygonPacker();
  for (const polygon of polygons) packer.add(polygon);
  return packer.finish();
}

export function polygonCount(packed: PackedPolygons): number {
  return packed.polygonEnds.length;
}

/** Polygon k as GeoJSON rings (new arrays). */
export function unpackPolygon(packed: PackedPolygons, k: number): Position[][] {
  const { coords, ringEnds, polygonEnds } = packed;
  const rings: Position[][] = [];
  for (let r = k === 0 ? 0 : polygonEnds[k - 1]!; r < polygonEnds[k]!; r++) {
    const end = ringEnds[r]!;
    const ring: Position[] = new Array(end - (r === 0 ? 0 : ringEnds[r - 1]!));
    for (let i = r === 0 ? 0 : ringEnds[r - 1]!, j = 0; i < end; i++, j++) ring[j] = [coords[2 * i]!, coords[2 * i + 1]!];
    rings.push(ring);
  }
  return rings;
}

/** The polygons at `indices` (all, in order, by default) as a MultiPolygon's coordinates. */
export function unpackPolygons(packed: PackedPolygons, indices?: readonly number[]): Position[][][] {
  if (indices) return indices.map((k) => unpackPolygon(packed, k));
  return Array.from({ length: polygonCount(packed) }, (_, k) => unpackPolygon(packed, k));
}

/** The boxes [west, south, east, north] of every polygon's outer ring, four numbers each. */
export function packedPolygonBoxes(packed: PackedPolygons): Float64Array {
  const { coords, ringEnds, polygonEnds } = packed;
  const boxes = new Float64Array(4 * polygonEnds.length);
  for (let k = 0; k < polygonEnds.length; k++) {
    const ring = k === 0 ? 0 : polygonEnds[k - 1]!;
    let w = Infinity,
      s = Infinity,
      e = -Infinity,
      n = -Infinity;
    for (let i = ring === 0 ? 0 : ringEnds[ring - 1]!; i < ringEnds[ring]!; i++) {
      const x = coords[2 * i]!;
      const y = coords[2 * i + 1]!;
      if (x < w) w = x;
      if (x > e) e = x;
      if (y < s) s = y;
      if (y > n) n = y;
    }
    boxes.set([w, s, e, n], 4 * k);
  }
  return boxes;
}

/** Box k of a {@link packedPolygonBoxes} array. */
export function boxAt(boxes: Float64Array, k: number): BBox {
  return [boxes[4 * k]!, boxes[4 * k + 1]!, boxes[4 * k + 2]!, boxes[4 * k + 3]!];
}

/**
 * Groups of polygons whose boxes (four numbers each), widened by `margin` on every side, meet
 * or touch, directly or through others. With a margin of the overlay's grid step these are the
 * only polygons an overlay can merge: it rounds every position to its grid first, which can
 * close a gap of up to a step. Each group lists its polygons in order; the groups come in the
 * order of their first polygon. `boxes` is not modified.
 */
export function touchingGroups(input: Float64Array, margin = 0): number[][] {
  const n = input.length / 4;
  const boxes = new Float64Array(input.length);
  for (let k = 0; k < input.length; k += 4) {
    boxes[k] = input[k]! - margin;
    boxes[k + 1] = input[k + 1]! - margin;
    boxes[k + 2] = input[k + 2]! + margin;
    boxes[k + 3] = input[k + 3]! + margin;
  }
  const parent = new Uint32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  if (n > 1) {
    new BoxIndex(boxes, n).pairs((i, j) => {
      const a = root(i);
      const b = root(j);
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    });
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const r = root(i);
    const group = groups.get(r);
    if (group) group.push(i);
    else groups.set(r, [i]);
  }
  return [...groups.values()];
}
