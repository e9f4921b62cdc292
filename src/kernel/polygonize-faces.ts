/**
 * Faces, polygonize.ts's last step: dangling chains and bridges dropped, faces walked with the
 * standard half-edge "sharpest left turn" rule, and the outline of each piece of line work
 * attached as a hole to the smallest face of another piece enclosing it.
 */
import type { Polygon, Position } from 'geojson';
import { insideRings } from './contains.js';
import { inBox, type Box, type Edge, type Graph, type Pt } from './polygonize-graph.js';
import { ringTwiceArea } from './rings.js';

interface Cycle {
  vertices: number[];
  /** Twice the signed planar area in degrees squared: > 0 counter-clockwise. */
  area2: number;
  component: number;
  box: Box;
}

/** The bounded faces of a noded graph as polygons, and how many dangling pieces were dropped (see `PolygonizeResult`). */
export function extractFaces(graph: Graph): { polygons: Polygon[]; danglesDropped: number } {
  const { points, edges } = graph;
  const { alive, fullDegree } = withoutDangles(points, edges);
  let cycles = walkFaces(points, edges, alive);
  // A bridge (an edge joining two otherwise separate rings) has the same face on both sides.
  const bridges = bridgesOf(cycles.halfEdgeCycle, alive);
  if (bridges.length > 0) {
    for (const e of bridges) alive[e] = false;
    cycles = walkFaces(points, edges, alive);
  }
  const danglesDropped = countChains(edges, alive, fullDegree);
  const component = componentsOf(points.length, edges, alive);
  const all: Cycle[] = cycles.cycles.map((vertices) => ({
    vertices,
    area2: ringTwiceArea(vertices.map((v) => points[v]!)),
    component: component[vertices[0]!]!,
    box: boxOf(vertices.map((v) => points[v]!)),
  }));
  const shells = all.filter((c) => c.area2 > 0);
  const holes = holesOf(points, all, shells);
  const ring = (c: Cycle): Position[] => {
    const r: Position[] = c.vertices.map((v) => [points[v]![0], points[v]![1]]);
    r.push([...r[0]!]);
    return r;
  };
  const polygons: Polygon[] = shells.map((shell, s) => ({
    type: 'Polygon',
    coordinates: [ring(shell), ...holes[s]!.map(ring)],
  }));
  return { polygons, danglesDropped };
}

/**
 * The edges left alive once dangling chains are peeled (degree-1 vertices removed until none
 * is left), and each vertex's degree before.
 */
function withoutDangles(points: Pt[], edges: Edge[]): { alive: boolean[]; fullDegree: number[] } {
  const degree = new Array<number>(points.length).fill(0);
  const incident: number[][] = points.map(() => []);
  edges.forEach(([a, b], e) => {
    degree[a]!++;
    degree[b]!++;
    incident[a]!.push(e);
    incident[b]!.push(e);
  });
  const fullDegree = [...degree];
  const alive = edges.map(() => true);
  const stack = points.map((_, v) => v).filter((v) => degree[v] === 1);
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (degree[v] !== 1) continue;
    const e = incident[v]!.find((k) => alive[k])!;
    alive[e] = false;
    const [a, b] = edges[e]!;
    const w = a === v ? b : a;
    degree[v] = 0;
    degree[w]!--;
    if (degree[w] === 1) stack.push(w);
  }
  return { alive, fullDegree };
}

/**
 * The holes of each shell. Each connected piece of line work has one clockwise cycle, its
 * outline; it is a hole of the smallest face of another piece that encloses it, or of nothing
 * when it is outermost.
 */
function holesOf(points: Pt[], all: Cycle[], shells: Cycle[]): Cycle[][] {
  const holes: Cycle[][] = shells.map(() => []);
  for (const outline of all) {
    if (outline.area2 >= 0) continue;
    const probe = points[outline.vertices[0]!]!;
    let host = -1;
    shells.forEach((shell, s) => {
      if (shell.component === outline.component || !inBox(probe, shell.box)) return;
      // The probe never lies on the shell: pieces of line work are disjoint.
      if (!insideRings(probe[0], probe[1], [shell.vertices.map((v) => points[v]!)])) return;
      if (host < 0 || shell.area2 < shells[host]!.area2) host = s;
    });
    if (host >= 0) holes[host]!.push(outline);
  }
  return holes;
}

/**
 * Walks every face of the live edges, keeping the face on the left of each half-edge: from
 * a half-edge arriving at v, the next one leaves v by the sharpest left turn, i.e. the
 * outgoing edge just clockwise of the way back. Bounded faces come out counter-clockwise;
 * the outline of each connected piece comes out clockwise.
 * Half-edge 2e runs along edge e from its first vertex to its second, 2e + 1 back.
 */
function walkFaces(points: Pt[], edges: Edge[], alive: boolean[]): { cycles: number[][]; halfEdgeCycle: Int32Array } {
  const origin = (h: number): number => edges[h >> 1]![h & 1]!;
  const outgoing: number[][] = points.map(() => []);
  const angle = new Float64Array(edges.length * 2);
  edges.forEach(([a, b], e) => {
    if (!alive[e]) return;
    const pa = points[a]!;
    const pb = points[b]!;
    angle[2 * e] = Math.atan2(pb[1] - pa[1], pb[0] - pa[0]);
    angle[2 * e + 1] = Math.atan2(pa[1] - pb[1], pa[0] - pb[0]);
    outgoing[a]!.push(2 * e);
    outgoing[b]!.push(2 * e + 1);
  });
  const position = new Int32Array(edges.length * 2);
  for (const list of outgoing) {
    list.sort((h, k) => angle[h]! - angle[k]!);
    list.forEach((h, i) => (position[h] = i));
  }
  const next = (h: number): number => {
    const back = h ^ 1;
    const list = outgoing[origin(back)]!;
    return list[(position[back]! - 1 + list.length) % list.length]!;
  };

  const halfEdgeCycle = new Int32Array(edges.length * 2).fill(-1);
  const cycles: number[][] = [];
  for (let start = 0; start < edges.length * 2; start++) {
    if (!alive[start >> 1] || halfEdgeCycle[start] !== -1) continue;
    const vertices: number[] = [];
    let h = start;
    do {
      halfEdgeCycle[h] = cycles.length;
      vertices.push(origin(h));
      h = next(h);
    } while (h !== start);
    cycles.push(vertices);
  }
  return { cycles, halfEdgeCycle };
}

function bridgesOf(halfEdgeCycle: Int32Array, alive: boolean[]): number[] {
  const bridges: number[] = [];
  alive.forEach((live, e) => {
    if (live && halfEdgeCycle[2 * e] === halfEdgeCycle[2 * e + 1]) bridges.push(e);
  });
  return bridges;
}

/** Dropped edges grouped into maximal chains through vertices with exactly two edges. */
function countChains(edges: Edge[], alive: boolean[], fullDegree: number[]): number {
  const parent = edges.map((_, e) => e);
  const find = (e: number): number => {
    while (parent[e] !== e) e = parent[e] = parent[parent[e]!]!;
    return e;
  };
  const through = new Map<number, number>();
  let chains = 0;
  edges.forEach((edge, e) => {
    if (alive[e]) return;
    chains++;
    for (const v of edge) {
      if (fullDegree[v] !== 2) continue;
      const other = through.get(v);
      if (other === undefined) {
        through.set(v, e);
        continue;
      }
      const r1 = find(other);
      const r2 = find(e);
      if (r1 !== r2) {
        parent[r1] = r2;
        chains--;
      }
    }
  });
  return chains;
}

function componentsOf(n: number, edges: Edge[], alive: boolean[]): number[] {
  const parent = Array.from({ length: n }, (_, v) => v);
  const find = (v: number): number => {
    while (parent[v] !== v) v = parent[v] = parent[parent[v]!]!;
    return v;
  };
  edges.forEach(([a, b], e) => {
    if (alive[e]) parent[find(a)] = find(b);
  });
  return parent.map((_, v) => find(v));
}

function boxOf(ring: Pt[]): Box {
  const box = { west: Infinity, south: Infinity, east: -Infinity, north: -Infinity };
  for (const [x, y] of ring) {
    box.west = Math.min(box.west, x);
    box.east = Math.max(box.east, x);
    box.south = Math.min(box.south, y);
    box.north = Math.max(box.north, y);
  }
  return box;
}
