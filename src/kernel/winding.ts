/**
 * Regions by winding number: where a balanced chain of directed edges (as many edges into
 * every vertex as out of it) winds around positively, and where negatively. change.ts builds
 * such a chain, ∂after − ∂before, whose positive region is the ground gained and negative
 * region the ground lost.
 *
 * The chain is walked into closed loops. A loop is read face by face (winding-faces.ts) when
 * it allows: a ring of one side alone (added or removed) that is simple, or a stretch of
 * `after` and the stretch of `before` it replaced (two strands from a vertex u to a vertex v),
 * each simple, meeting each other only by proper crossings or at vertices both pass through,
 * in the same order along both, and meeting no other loop. Between consecutive meeting places
 * the two strands bound a simple face, gained when it runs counter-clockwise, lost when
 * clockwise; this is the usual day-to-day change, and also a stretch redrawn with every vertex
 * moved a little (hundreds of slivers). Anything else (a touch, a collinear overlap, crossings
 * out of order, a loop of more than two strands, loops that meet, a loop inside another) goes
 * to Clipper2's sweep with the `Positive` fill rule, which is exact on the integer grid for any
 * configuration once spikes are cut (see {@link withoutSpikes}).
 *
 * Points are on the kernel's grid (1e-9°, grid.ts), as the overlay's; crossing points are rounded to it, as
 * the sweep rounds them, and every input vertex is kept (collinear ones too).
 */
import type { MultiPolygon } from 'geojson';
import { ClipType, FillRule, clipPolygons, type Path64 } from './clipper.js';
import { toGrid } from './grid.js';
import { turnsBack } from './predicates.js';
import { spikeFreeIndices } from './spikes.js';
import { facesWithoutSweep } from './winding-faces.js';
import type { Loop } from './winding-strands.js';

/**
 * A chain of directed edges x1, y1, x2, y2 (degrees): first the `fromAfter` edges of one side
 * (`after`), then those of the other (`before`, reversed). Which side an edge came from only
 * guides the walk and the face-by-face reading; the regions depend on the edges alone.
 */
export interface ChangeChain {
  ends: Float64Array;
  fromAfter: number;
}

/**
 * Hash of a vertex. It only spreads keys over a table (keys are compared exactly), so it
 * reads the coordinates at two scales, 1e-7 and 1e-12 degrees, cheaply instead of bit by bit.
 */
export function hashVertex(x: number, y: number): number {
  const hx = Math.imul((x * 1e7) | 0, 0x9e3779b1) ^ ((x * 1e12) | 0);
  const hy = Math.imul((y * 1e7) | 0, 0x85ebca6b) ^ ((y * 1e12) | 0);
  return Math.imul(hx ^ (hy << 13) ^ (hy >>> 19), 0xc2b2ae35);
}

/** What {@link windingRegions} found. */
export interface WindingRegions {
  /** Where the chain winds positively (RFC 7946 winding; possibly no polygons). */
  gained: MultiPolygon;
  /** Where it winds negatively. */
  lost: MultiPolygon;
  /** Closed loops the chain forms. */
  loops: number;
  /** Loops that needed Clipper2's sweep (0 when every loop could be read face by face). */
  sweptLoops: number;
  /** False when the edges did not close into loops (the chain was not balanced); the regions are then empty. */
  closed: boolean;
}

/**
 * The regions where a balanced chain winds positively and negatively (see the module comment).
 *
 * @throws FrontlineError `GEOMETRY_FAILED` when Clipper2 fails
 */
export function windingRegions(chain: ChangeChain): WindingRegions {
  const empty = (): MultiPolygon => ({ type: 'MultiPolygon', coordinates: [] });
  if (chain.ends.length === 0) return { gained: empty(), lost: empty(), loops: 0, sweptLoops: 0, closed: true };
  const loops = closedLoops(chain);
  if (loops === null) return { gained: empty(), lost: empty(), loops: 0, sweptLoops: 0, closed: false };
  const read = facesWithoutSweep(loops) ?? { gained: [], lost: [], swept: loops.map((_, i) => i) };
  if (read.swept.length > 0) {
    const forward = read.swept
      .map((i) => withoutSpikes(loops[i]!.xy))
      .filter((xy) => xy.length > 0)
      .map(toPath);
    const reversed = forward.map((path) => path.slice().reverse());
    read.gained.push(...positiveRegion(forward).coordinates);
    read.lost.push(...positiveRegion(reversed).coordinates);
  }
  return {
    gained: { type: 'MultiPolygon', coordinates: read.gained },
    lost: { type: 'MultiPolygon', coordinates: read.lost },
    loops: loops.length,
    sweptLoops: read.swept.length,
    closed: true,
  };
}

/**
 * Walks a balanced set of directed edges into closed loops of grid points. From any unused
 * edge, follow unused edges out of each vertex reached, edges of the same side first (so that
 * a stretch of `after` and the stretch of `before` it replaces come out as one loop): in a
 * chain where every vertex has as many edges in as out, the walk can only stop where it
 * started. Null if it stops elsewhere.
 */
function closedLoops(chain: ChangeChain): Loop[] | null {
  const ends = chain.ends;
  const m = ends.length / 4;
  const { from, to, vertices } = edgeVertices(ends);
  // Out-edges of each vertex as a linked list (consumed as the walk uses them).
  const head = new Int32Array(vertices).fill(-1);
  const next = new Int32Array(m);
  for (let e = m - 1; e >= 0; e--) {
    next[e] = head[from[e]!]!;
    head[from[e]!] = e;
  }
  const used = new Uint8Array(m);
  const loops: Loop[] = [];
  for (let start = 0; start < m; start++) {
    if (used[start]) continue;
    const origin = from[start]!;
    const xy: number[] = [];
    const fromAfter: boolean[] = [];
    const firstSide = start < chain.fromAfter;
    let switched = false;
    let e = start;
    for (;;) {
      used[e] = 1;
      xy.push(toGrid(ends[4 * e]!), toGrid(ends[4 * e + 1]!));
      const side = e < chain.fromAfter;
      fromAfter.push(side);
      switched ||= side !== firstSide;
      const v = to[e]!;
      let out = -1;
      for (let f = head[v]!; f >= 0; f = next[f]!) {
        if (used[f]) continue;
        if (v === origin) {
          // Back at the start: go on only to take in the other side's ring through this vertex
          // (a ring whose every edge changed), so that the loop has two strands.
          if (!switched && f < chain.fromAfter !== side) out = f;
          if (out >= 0) break;
          continue;
        }
        if (out < 0) out = f;
        if (f < chain.fromAfter === side) {
          out = f;
          break;
        }
      }
      if (v === origin && out < 0) break;
      if (out < 0) return null;
      e = out;
    }
    loops.push({ xy, fromAfter });
  }
  return loops;
}

/** Ids of the vertices each edge runs from and to (equal coordinates, equal ids), and how many there are. */
function edgeVertices(ends: Float64Array): { from: Int32Array; to: Int32Array; vertices: number } {
  const m = ends.length / 4;
  // Vertex ids through a small open-addressing table on exact coordinates.
  let capacity = 16;
  while (capacity < m * 4) capacity *= 2;
  const mask = capacity - 1;
  const keys = new Float64Array(capacity * 2);
  const ids = new Int32Array(capacity).fill(-1);
  let vertices = 0;
  const vertexId = (x: number, y: number): number => {
    let s = hashVertex(x, y) & mask;
    while (ids[s] !== -1) {
      if (keys[2 * s] === x && keys[2 * s + 1] === y) return ids[s]!;
      s = (s + 1) & mask;
    }
    keys[2 * s] = x;
    keys[2 * s + 1] = y;
    ids[s] = vertices;
    return vertices++;
  };
  const from = new Int32Array(m);
  const to = new Int32Array(m);
  for (let e = 0; e < m; e++) {
    from[e] = vertexId(ends[4 * e]!, ends[4 * e + 1]!);
    to[e] = vertexId(ends[4 * e + 2]!, ends[4 * e + 3]!);
  }
  return { from, to, vertices };
}

function toPath(loop: number[]): Path64 {
  const path: Path64 = new Array(loop.length / 2);
  for (let i = 0; i < path.length; i++) path[i] = { x: loop[2 * i]!, y: loop[2 * i + 1]! };
  return path;
}

/**
 * A loop without spikes or repeated points (flat grid coordinates in, the same out; fewer
 * than three points left means nothing is left). Cutting a spike a → b → c to a → c leaves
 * the winding number of every point off the line unchanged, and Clipper2 (clipper2-ts 2.0.1)
 * fills paths with spikes wrongly under every fill rule: checked on seeded rectilinear loops
 * against winding numbers counted cell by cell, it erred on about one loop set in ten with
 * spikes and on none of 8,000 without.
 */
function withoutSpikes(loop: number[]): number[] {
  const same = (i: number, j: number) => loop[2 * i] === loop[2 * j] && loop[2 * i + 1] === loop[2 * j + 1];
  const back = (i: number, v: number, j: number) => turnsBack(loop[2 * i]!, loop[2 * i + 1]!, loop[2 * v]!, loop[2 * v + 1]!, loop[2 * j]!, loop[2 * j + 1]!);
  const kept = spikeFreeIndices(loop.length / 2, true, same, back);
  if (kept.length < 3) return [];
  return kept.flatMap((i) => [loop[2 * i]!, loop[2 * i + 1]!]);
}

/** The region the paths wind around positively (counter-clockwise), as a MultiPolygon. */
function positiveRegion(paths: Path64[]): MultiPolygon {
  const job = { type: ClipType.Union, fillRule: FillRule.Positive, preserveCollinear: true, subject: paths };
  return { type: 'MultiPolygon', coordinates: clipPolygons(job, 'winding fill of changed edges failed') };
}
