/**
 * What the steps of polygon-topology.ts share: the rings of one geometry laid end to end (each
 * vertex's ring and the next vertex along it, the rings' monotone chains, the names findings
 * give them) and the findings, passed on up to a limit and counted after it.
 */
import { orient } from './predicates.js';
import { monotoneChains, type Chains, type FlatRings } from './segment-pairs.js';

/** Finding codes the topology reports. */
export type TopologyCode =
  | 'SELF_INTERSECTION'
  | 'RING_SELF_TOUCH'
  | 'RING_SPIKE'
  | 'SHARED_EDGE'
  | 'HOLE_OUTSIDE_SHELL'
  | 'OVERLAPPING_HOLES'
  | 'OVERLAPPING_POLYGONS'
  | 'DISCONNECTED_INTERIOR'
  | 'SELF_TOUCHING_HOLE';

/**
 * The rings of one geometry laid end to end, as `ringsTopology` reads them: ring r has
 * vertices starts[r] .. starts[r + 1] − 1 of x and y, without repeats, closed implicitly, at
 * least three, enclosing some area; a part's holes come with its shell.
 */
export interface TopologyRings {
  x: Float64Array;
  y: Float64Array;
  /** R + 1 offsets for R rings. */
  starts: Int32Array;
  /** Index in the input ring of each vertex. */
  orig: Int32Array;
  /** Per ring: which polygon of the geometry it belongs to. */
  part: Int32Array;
  /** Per ring: 1 for a hole. */
  hole: Uint8Array;
  /** Per ring: twice its signed area in the lon/lat plane (positive counter-clockwise). */
  twice: Float64Array;
  /** A ring's name in messages: "the shell", "hole 2", "the shell of polygon 3", ... */
  name: (ring: number) => string;
}

/** Receives one finding: the ring (index into the rings given), the vertex (input index) or null, a message, a place. */
export type TopologyReport = (code: TopologyCode, ring: number, vertex: number | null, message: string, location?: [number, number]) => void;

/** A number for a message: ten significant digits, no trailing zeros. */
export function numberText(v: number): string {
  return String(Number(v.toPrecision(10)));
}

/** A point for a message. */
export function pointText(x: number, y: number): string {
  return `(${numberText(x)}, ${numberText(y)})`;
}

/** The rings as the checks read them. Vertices are indices into X and Y; edge s runs from vertex s to next[s]. */
export class RingLayout {
  /** How many rings. */
  readonly count: number;
  readonly X: Float64Array;
  readonly Y: Float64Array;
  readonly starts: Int32Array;
  /** Per ring: which polygon of the geometry it belongs to. */
  readonly partOf: Int32Array;
  /** Per ring: 1 for a hole. */
  readonly isHole: Uint8Array;
  /** Per vertex: its ring. */
  readonly ringOf: Int32Array;
  /** Per vertex: the next along its ring. */
  readonly next: Int32Array;
  readonly flat: FlatRings;
  readonly chains: Chains;
  /**
   * Per ring: +1 for a ring wound as RFC 7946 has it (shell counter-clockwise, holes clockwise),
   * −1 if not. Where two rings run along each other, their directions so corrected tell a
   * shared edge (opposite: ground on both sides) from ground enclosed twice (the same).
   */
  readonly forward: Int8Array;

  constructor(private readonly rings: TopologyRings) {
    const { starts } = rings;
    const R = starts.length - 1;
    const total = starts[R]!;
    this.count = R;
    this.starts = starts;
    this.partOf = rings.part;
    this.isHole = rings.hole;
    this.X = rings.x.length === total ? rings.x : rings.x.subarray(0, total);
    this.Y = rings.y.length === total ? rings.y : rings.y.subarray(0, total);
    const ringOf = new Int32Array(total);
    const next = new Int32Array(total);
    for (let r = 0; r < R; r++) {
      const s = starts[r]!,
        e = starts[r + 1]!;
      ringOf.fill(r, s, e);
      for (let v = s; v + 1 < e; v++) next[v] = v + 1;
      next[e - 1] = s;
    }
    this.ringOf = ringOf;
    this.next = next;
    this.flat = { x: this.X, y: this.Y, starts };
    this.chains = monotoneChains(this.flat, next);
    const forward = new Int8Array(R);
    for (let r = 0; r < R; r++) forward[r] = (rings.hole[r] ? rings.twice[r]! <= 0 : rings.twice[r]! >= 0) ? 1 : -1;
    this.forward = forward;
  }

  /** The vertex before v along its ring. */
  prevOf(v: number): number {
    const { starts, ringOf } = this;
    return v === starts[ringOf[v]!]! ? starts[ringOf[v]! + 1]! - 1 : v - 1;
  }

  /** Vertex v's index in its input ring. */
  vertexName(v: number): number {
    return this.rings.orig[v]!;
  }

  /** Edge s in messages, by the input indices of its ends: "[4]→[5]". */
  edgeName(s: number): string {
    return `[${this.vertexName(s)}]→[${this.vertexName(this.next[s]!)}]`;
  }

  /** Ring r in messages. */
  nameOf(r: number): string {
    return this.rings.name(r);
  }

  /** The first vertex of ring r at (x, y), else the start of the first edge through it (input indices). */
  firstVertexAt(r: number, x: number, y: number): number {
    const { X, Y, starts, next } = this;
    for (let v = starts[r]!; v < starts[r + 1]!; v++) if (X[v] === x && Y[v] === y) return this.vertexName(v);
    for (let v = starts[r]!; v < starts[r + 1]!; v++) {
      const e = next[v]!;
      if (
        orient(X[v]!, Y[v]!, X[e]!, Y[e]!, x, y) === 0 &&
        Math.min(X[v]!, X[e]!) <= x &&
        x <= Math.max(X[v]!, X[e]!) &&
        Math.min(Y[v]!, Y[e]!) <= y &&
        y <= Math.max(Y[v]!, Y[e]!)
      )
        return this.vertexName(v);
    }
    return this.vertexName(starts[r]!);
  }
}

/** Findings passed on while fewer than `maxListed` have been, then only counted; and the errors among all of them. */
export class Findings {
  private listed = 0;
  private unlisted = 0;
  private unlistedErrors = 0;
  private errors = 0;

  constructor(
    private readonly report: TopologyReport,
    private readonly maxListed: number,
  ) {}

  emit(code: TopologyCode, ring: number, vertex: number | null, message: string, location?: [number, number]): void {
    if (code !== 'SELF_TOUCHING_HOLE') this.errors++;
    if (this.listed < this.maxListed) {
      this.listed++;
      this.report(code, ring, vertex, message, location);
    } else {
      this.unlisted++;
      if (code !== 'SELF_TOUCHING_HOLE') this.unlistedErrors++;
    }
  }

  /** Reports how many findings went unlisted, if any. @returns the number of errors found (listed or not). */
  finish(): number {
    if (this.unlisted > 0)
      this.report(
        this.unlistedErrors > 0 ? 'SELF_INTERSECTION' : 'SELF_TOUCHING_HOLE',
        0,
        null,
        `and ${this.unlisted} more crossings or touches in this geometry (${this.unlistedErrors} of them errors), not listed`,
      );
    return this.errors;
  }
}
