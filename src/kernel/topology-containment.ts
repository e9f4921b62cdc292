/**
 * Containment, the last step of polygon-topology.ts: holes inside their shell and outside each
 * other, no polygon inside another. Rings that cross or run along each other are reported
 * already, so two rings either nest or lie apart, and one point of a ring off the other tells
 * which: a ray towards +x from it crosses a ring around it an odd number of times. Rays are cast
 * only against rings whose boxes hold the ring's box.
 */
import { BoxIndex } from './box-index.js';
import { orient } from './predicates.js';
import type { TouchNodes } from './topology-edges.js';
import type { RingRelations } from './topology-relations.js';
import { pointText, type Findings, type RingLayout } from './topology-rings.js';

/** A polygon's rings: its shell (−1 when it has none fit to check) and its holes. */
interface Part {
  shell: number;
  holes: number[];
}

/** Reports holes outside their shell or inside another hole, and polygons inside other polygons. */
export function reportContainment(layout: RingLayout, findings: Findings, relations: RingRelations, nodes: TouchNodes): void {
  const parts = partsOf(layout);
  const rays = new Rays(layout, nodes);
  for (const part of parts.values()) placeHoles(layout, findings, relations, rays, part);
  if (parts.size > 1)
    placePolygons(
      layout,
      findings,
      relations,
      rays,
      [...parts.values()].filter((p) => p.shell >= 0),
    );
}

function partsOf(layout: RingLayout): Map<number, Part> {
  const parts = new Map<number, Part>();
  for (let r = 0; r < layout.count; r++) {
    const part = layout.partOf[r]!;
    let entry = parts.get(part);
    if (!entry) parts.set(part, (entry = { shell: -1, holes: [] }));
    if (layout.isHole[r]) entry.holes.push(r);
    else entry.shell = r;
  }
  return parts;
}

/**
 * Rays towards +x from points of rings, and the crossings they count with other rings: ring r's
 * in counts[r]. Also each ring's box.
 */
class Rays {
  /** Per ring: its box, west, south, east, north. */
  readonly boxes: Float64Array;
  /** Per ring: how often the last ray cast against it crossed it. */
  readonly counts: Int32Array;
  /** Chains were cut ring by ring: ring r has chains chainStart[r] .. chainStart[r + 1] − 1. */
  private readonly chainStart: Int32Array;
  // A ring cast against often gets a box index of its chains; a few casts scan them.
  private readonly ringIndex = new Map<number, BoxIndex>();
  private readonly castsAgainst: Int32Array;

  constructor(
    private readonly layout: RingLayout,
    private readonly nodes: TouchNodes,
  ) {
    const R = layout.count;
    const { chains, ringOf } = layout;
    this.chainStart = new Int32Array(R + 1);
    for (let c = 0, r = 0; r <= R; r++) {
      while (c < chains.count && ringOf[chains.first[c]!]! < r) c++;
      this.chainStart[r] = c;
    }
    this.boxes = ringBoxes(layout, this.chainStart);
    this.counts = new Int32Array(R);
    this.castsAgainst = new Int32Array(R);
  }

  /** Whether ring r's box holds (x, y). */
  inBox(r: number, x: number, y: number): boolean {
    const boxes = this.boxes;
    return boxes[4 * r]! <= x && x <= boxes[4 * r + 2]! && boxes[4 * r + 1]! <= y && y <= boxes[4 * r + 3]!;
  }

  /** Casts from a point of ring r off the rings of `targets`; undefined when none was found. */
  castFrom(r: number, targets: readonly number[]): [number, number] | undefined {
    const { X, Y, starts, next } = this.layout;
    let tried = 0;
    for (let v = starts[r]!; v < starts[r + 1]! && tried < 16; v++) {
      if (this.nodes.size > 0 && this.nodes.has(`${X[v]!},${Y[v]!}`)) continue;
      tried++;
      if (this.cast(X[v]!, Y[v]!, targets)) return [X[v]!, Y[v]!];
    }
    for (let v = starts[r]!; v < starts[r + 1]! && v < starts[r]! + 16; v++) {
      const x = X[v]! + (X[next[v]!]! - X[v]!) / 2,
        y = Y[v]! + (Y[next[v]!]! - Y[v]!) / 2;
      if (this.cast(x, y, targets)) return [x, y];
    }
    return undefined;
  }

  /** Crossings of the ray from (px, py) towards +x with each ring of `targets`, into `counts`; false when the point lies on one. */
  private cast(px: number, py: number, targets: readonly number[]): boolean {
    for (const r of targets) {
      const n = this.crossingsOf(r, px, py);
      if (n < 0) return false;
      this.counts[r] = n;
    }
    return true;
  }

  /** Crossings of the ray from (px, py) towards +x with ring r; −1 when the point lies on it. */
  private crossingsOf(r: number, px: number, py: number): number {
    const { X, Y, next, chains } = this.layout;
    let count = 0;
    const chain = (c: number): boolean => {
      if (chains.box[4 * c + 1]! > py || chains.box[4 * c + 3]! < py || chains.box[4 * c + 2]! < px) return true;
      for (let s = chains.first[c]!; s <= chains.last[c]!; s++) {
        const e = next[s]!;
        const sy = Y[s]!,
          ey = Y[e]!;
        if ((sy < py && ey < py) || (sy > py && ey > py)) continue;
        const o = orient(X[s]!, sy, X[e]!, ey, px, py);
        if (o === 0 && Math.min(X[s]!, X[e]!) <= px && px <= Math.max(X[s]!, X[e]!)) return false;
        if (sy > py === ey > py) continue;
        if (ey > sy ? o > 0 : o < 0) count++;
      }
      return true;
    };
    const c0 = this.chainStart[r]!,
      c1 = this.chainStart[r + 1]!;
    if (c1 - c0 > 64 && ++this.castsAgainst[r]! > 4) {
      let index = this.ringIndex.get(r);
      if (!index) this.ringIndex.set(r, (index = new BoxIndex(chains.box.subarray(4 * c0, 4 * c1), c1 - c0)));
      let on = false;
      index.search(px, py, Infinity, py, (i) => {
        if (!on && !chain(c0 + i)) on = true;
      });
      return on ? -1 : count;
    }
    for (let c = c0; c < c1; c++) if (!chain(c)) return -1;
    return count;
  }
}

/** Each ring's box, the box of its chains' boxes. */
function ringBoxes(layout: RingLayout, chainStart: Int32Array): Float64Array {
  const R = layout.count;
  const b = layout.chains.box;
  const boxes = new Float64Array(4 * R);
  for (let r = 0; r < R; r++) {
    let w = Infinity,
      s = Infinity,
      e = -Infinity,
      n = -Infinity;
    for (let c = chainStart[r]!; c < chainStart[r + 1]!; c++) {
      if (b[4 * c]! < w) w = b[4 * c]!;
      if (b[4 * c + 1]! < s) s = b[4 * c + 1]!;
      if (b[4 * c + 2]! > e) e = b[4 * c + 2]!;
      if (b[4 * c + 3]! > n) n = b[4 * c + 3]!;
    }
    boxes[4 * r] = w;
    boxes[4 * r + 1] = s;
    boxes[4 * r + 2] = e;
    boxes[4 * r + 3] = n;
  }
  return boxes;
}

/** Reports the holes of one polygon that lie outside its shell or inside another of its holes. */
function placeHoles(layout: RingLayout, findings: Findings, relations: RingRelations, rays: Rays, { shell, holes }: Part): void {
  const { X, Y, starts } = layout;
  const { boxes, counts } = rays;
  const nameOf = (r: number) => layout.nameOf(r);
  const holesAround = otherHolesAround(rays, holes);
  for (const h of holes) {
    const hb = 4 * h;
    const inShellBox = shell >= 0 && rays.inBox(shell, boxes[hb]!, boxes[hb + 1]!) && rays.inBox(shell, boxes[hb + 2]!, boxes[hb + 3]!);
    const otherHoles = holesAround(h);
    if (!inShellBox) {
      if (shell >= 0 && relations.claim(shell, h)) {
        findings.emit('HOLE_OUTSIDE_SHELL', h, null, `${nameOf(h)} lies outside ${nameOf(shell)} (its box reaches beyond the shell's)`, [
          X[starts[h]!]!,
          Y[starts[h]!]!,
        ]);
      }
      continue;
    }
    const point = rays.castFrom(h, [shell, ...otherHoles]);
    if (!point) continue;
    const [px, py] = point;
    if (counts[shell]! % 2 === 0 && relations.claim(shell, h)) {
      findings.emit('HOLE_OUTSIDE_SHELL', h, null, `${nameOf(h)} lies outside ${nameOf(shell)} (its point ${pointText(px, py)} is not inside it)`, [px, py]);
    }
    for (const g of otherHoles) {
      if (counts[g]! % 2 === 0 || !relations.claim(g, h)) continue;
      findings.emit('OVERLAPPING_HOLES', h, null, `${nameOf(h)} lies inside ${nameOf(g)} (its point ${pointText(px, py)} is inside it)`, [px, py]);
    }
  }
}

/** The other holes whose boxes hold a hole's box, in order: a scan for a few holes, a box index for many. */
function otherHolesAround(rays: Rays, holes: readonly number[]): (h: number) => number[] {
  const { boxes } = rays;
  const holeIndex = holes.length > 16 ? new BoxIndex(Float64Array.from(holes.flatMap((g) => [...boxes.subarray(4 * g, 4 * g + 4)])), holes.length) : undefined;
  return (h) => {
    const hb = 4 * h;
    const around: number[] = [];
    const consider = (g: number) => {
      if (g !== h && rays.inBox(g, boxes[hb]!, boxes[hb + 1]!) && rays.inBox(g, boxes[hb + 2]!, boxes[hb + 3]!)) around.push(g);
    };
    if (holeIndex) holeIndex.search(boxes[hb]!, boxes[hb + 1]!, boxes[hb + 2]!, boxes[hb + 3]!, (i) => consider(holes[i]!));
    else holes.forEach(consider);
    return around.sort((a, b) => a - b);
  };
}

/** Reports polygons inside another polygon, in none of its holes (`shells`: the polygons with a shell). */
function placePolygons(layout: RingLayout, findings: Findings, relations: RingRelations, rays: Rays, shells: readonly Part[]): void {
  const { boxes, counts } = rays;
  // Shells whose boxes hold another shell's box: only those can contain it.
  const shellBoxes = new Float64Array(4 * shells.length);
  shells.forEach((p, i) => shellBoxes.set(boxes.subarray(4 * p.shell, 4 * p.shell + 4), 4 * i));
  const shellIndex = shells.length > 32 ? new BoxIndex(shellBoxes, shells.length) : undefined;
  shells.forEach((q, i) => {
    const qb = 4 * q.shell;
    const w = boxes[qb]!,
      s = boxes[qb + 1]!,
      e = boxes[qb + 2]!,
      n = boxes[qb + 3]!;
    const around: number[] = [];
    const consider = (j: number) => {
      const shell = shells[j]!.shell;
      if (j !== i && rays.inBox(shell, w, s) && rays.inBox(shell, e, n)) around.push(j);
    };
    if (shellIndex) shellIndex.search(w, s, e, n, consider);
    else for (let j = 0; j < shells.length; j++) consider(j);
    if (around.length === 0) return;
    const overlaps = (h: number) => boxes[4 * h]! <= e && w <= boxes[4 * h + 2]! && boxes[4 * h + 1]! <= n && s <= boxes[4 * h + 3]!;
    const targets = around.flatMap((j) => [shells[j]!.shell, ...shells[j]!.holes.filter(overlaps)]);
    // Holes not cast against count as not around the point.
    for (const j of around) for (const h of shells[j]!.holes) counts[h] = 0;
    const point = rays.castFrom(q.shell, targets);
    if (!point) return;
    for (const j of around.sort((a, b) => a - b)) {
      const p = shells[j]!;
      if (counts[p.shell]! % 2 === 0 || p.holes.some((h) => counts[h]! % 2 === 1) || !relations.claim(p.shell, q.shell)) continue;
      const [inner, outer] = [q.shell, p.shell];
      findings.emit(
        'OVERLAPPING_POLYGONS',
        inner,
        null,
        `${layout.nameOf(inner)} lies inside ${layout.nameOf(outer)} (its point ${pointText(point[0], point[1])} is inside it, in none of its holes), so that ground is covered twice`,
        point,
      );
    }
  });
}
