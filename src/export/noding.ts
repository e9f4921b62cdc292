import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { EdgeGrid } from '../kernel/edge-grid.js';
import { GRID_DEG } from '../kernel/grid.js';

/** Cell size (degrees) of the grid that indexes edges. */
const CELL_DEG = 0.01;

/**
 * Polygons made to share their borders vertex for vertex: wherever a vertex of one ring lies
 * on an edge of another (within `epsilonDeg`, between the edge's ends), a copy of it is inserted
 * into that edge. Neighbours computed by an overlay share their borders as lines but not always
 * as vertices (each side densified between its own corners, a corner of a third polygon on one
 * side only); snapped to a grid, two such versions of one border cross each other in slivers.
 * Noded first, they snap to the same grid points and a topology stores them as one arc.
 *
 * @param collections named FeatureCollections (not modified); only polygon rings are noded.
 * @param epsilonDeg how far (degrees, planar) a vertex may be from an edge and count as on it;
 *   the default, two steps of the kernel's grid (grid.ts), covers rounding to it.
 * @returns new collections; properties are shared with the input.
 */
export function nodeCollections(collections: Record<string, FeatureCollection>, epsilonDeg = 2 * GRID_DEG): Record<string, FeatureCollection> {
  const rings: Position[][] = [];
  const visit = (g: Geometry | null) => {
    if (g?.type === 'Polygon') rings.push(...g.coordinates);
    else if (g?.type === 'MultiPolygon') for (const p of g.coordinates) rings.push(...p);
    else if (g?.type === 'GeometryCollection') g.geometries.forEach(visit);
  };
  for (const fc of Object.values(collections)) for (const f of fc.features) visit(f.geometry);

  const grid = new EdgeGrid<[number, number]>(CELL_DEG, epsilonDeg);
  rings.forEach((ring, r) => {
    for (let k = 0; k + 1 < ring.length; k++) grid.add(ring[k]!, ring[k + 1]!, [r, k]);
  });

  // Insertions per ring and edge: the parameter along the edge and the vertex to copy.
  const inserts = new Map<number, Map<number, { t: number; p: Position }[]>>();
  rings.forEach((ring, r) => {
    for (let k = 0; k + 1 < ring.length; k++) {
      const v = ring[k]!;
      for (const [r2, k2] of grid.near(v[0]!, v[1]!)) {
        if (r2 === r) continue;
        const a = rings[r2]![k2]!,
          b = rings[r2]![k2 + 1]!;
        if ((v[0] === a[0] && v[1] === a[1]) || (v[0] === b[0] && v[1] === b[1])) continue;
        const dx = b[0]! - a[0]!,
          dy = b[1]! - a[1]!;
        const len2 = dx * dx + dy * dy;
        if (len2 === 0) continue;
        const t = ((v[0]! - a[0]!) * dx + (v[1]! - a[1]!) * dy) / len2;
        if (!(t > 0 && t < 1)) continue;
        if (Math.hypot(v[0]! - a[0]! - t * dx, v[1]! - a[1]! - t * dy) > epsilonDeg) continue;
        const byEdge = inserts.get(r2) ?? new Map<number, { t: number; p: Position }[]>();
        inserts.set(r2, byEdge);
        const list = byEdge.get(k2) ?? [];
        byEdge.set(k2, list);
        list.push({ t, p: [v[0]!, v[1]!] });
      }
    }
  });
  if (inserts.size === 0) return collections;

  const noded = new Map<Position[], Position[]>();
  inserts.forEach((byEdge, r) => {
    const ring = rings[r]!;
    const out: Position[] = [];
    for (let k = 0; k < ring.length; k++) {
      out.push(ring[k]!);
      const extra = byEdge.get(k);
      if (!extra || k + 1 >= ring.length) continue;
      extra.sort((x, y) => x.t - y.t);
      for (const { p } of extra) {
        const last = out[out.length - 1]!;
        if (last[0] !== p[0] || last[1] !== p[1]) out.push(p);
      }
    }
    noded.set(ring, out);
  });
  const ringOf = (ring: Position[]) => noded.get(ring) ?? ring;
  const geometry = (g: Geometry | null): Geometry | null => {
    if (g?.type === 'Polygon') return { ...g, coordinates: g.coordinates.map(ringOf) };
    if (g?.type === 'MultiPolygon') return { ...g, coordinates: g.coordinates.map((p) => p.map(ringOf)) };
    if (g?.type === 'GeometryCollection') return { ...g, geometries: g.geometries.map((x) => geometry(x) as Geometry) };
    return g;
  };
  return Object.fromEntries(
    Object.entries(collections).map(([name, fc]) => [
      name,
      { ...fc, features: fc.features.map((f): Feature => ({ ...f, geometry: geometry(f.geometry) as Geometry })) },
    ]),
  );
}
