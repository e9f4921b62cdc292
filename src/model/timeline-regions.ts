/**
 * A timeline's rows split by region (oblasts, districts, countries: any polygons), so that
 * "how much did Russia take in Donetsk oblast in October" is a sum of rows.
 *
 * Areas by region are measured in full on the first date (each controller's ground intersected
 * with each region), then carried forward: each step adds the gained pieces that fall in a
 * region and takes away the lost ones. Pieces are small (the ground that changed hands), and
 * most lie wholly inside one region: the regions' edges are kept in a grid of small cells, and
 * a piece whose box no region edge crosses is given whole to the region holding one of its
 * points, with no overlay. Only a piece a border crosses is intersected, with the region's part
 * in the 8° block around it (cut once, lazily), never with all of Russia.
 *
 * Rows sum exactly to the totals: ground outside every region is its own row,
 * {@link OUTSIDE_REGIONS}, the total less the regions. The step's gained − lost differs from
 * its net change by the geodesic bow of the edges cut (timeline.ts explains it); that small
 * residual is shared among the regions in proportion to the ground that changed in each, so
 * that no region drifts from its own area over a long series (test/timeline-regions.test.ts
 * measures the drift against regions measured in full).
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { FrontlineError } from '../errors.js';
import { area } from '../kernel/area.js';
import { intersection } from '../kernel/overlay.js';
import { insideRings } from '../kernel/contains.js';
import { segmentsMeet } from '../kernel/predicates.js';
import { polygonRings } from '../kernel/rings.js';

/**
 * Region id (and name) of the ground, or the part of a transfer, that falls in none of the
 * regions given: timelines' rows and snapshot diffs (diff.ts) alike.
 */
export const OUTSIDE_REGIONS = '(outside regions)';

/** One region: a name and its polygons. */
export interface TimelineRegion {
  name: string;
  geometry: Polygon | MultiPolygon;
}

/** The regions a timeline is split by. They must not overlap one another. */
export interface TimelineRegions {
  regions: TimelineRegion[];
}

/** One controller in one region on one date (km², WGS84 ellipsoid, geodesic edges). */
export interface TimelineRegionRow {
  date: string;
  controller: string;
  /** The region's name, or {@link OUTSIDE_REGIONS}. */
  region: string;
  areaKm2: number;
  /** Null on the first date. */
  gainedKm2: number | null;
  lostKm2: number | null;
  netKm2: number | null;
}

/** Side of the cells regions' edges are filed under, degrees. */
const CELL_DEG = 0.25;
/**
 * Sides of the blocks regions are cut into for the pieces borders cross, degrees: a piece is cut
 * with the smallest block that holds it, and each block from the next larger one, so that a
 * large region (Russia, 7,450 vertices) is overlaid in full once per 32° block at most.
 */
const BLOCK_DEGS = [1, 8, 32];

/** Below this a region row is left out (0.5 m², under the 1e-6 km² the CSV writes). */
const NEGLIGIBLE_KM2 = 5e-7;

interface Region {
  name: string;
  polygons: Position[][][];
  box: [number, number, number, number];
  /** Cell → the region's edges that may pass through it (filed by the edge's box): ax, ay, bx, by each. */
  edges: Map<number, number[]> | undefined;
  /** Block → the region's part in it. */
  blocks: Map<string, MultiPolygon>;
  /** Cells without edges of the region → whether they lie inside it. */
  cellInside: Map<number, boolean>;
}

const cellKey = (i: number, j: number): number => (i + 1000) * 4000 + (j + 1000);

function boxOf(polygons: readonly (readonly (readonly Position[])[])[]): [number, number, number, number] {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const rings of polygons) {
    for (const p of rings[0] ?? []) {
      if (p[0]! < x0) x0 = p[0]!;
      if (p[0]! > x1) x1 = p[0]!;
      if (p[1]! < y0) y0 = p[1]!;
      if (p[1]! > y1) y1 = p[1]!;
    }
  }
  return [x0, y0, x1, y1];
}

/**
 * Whether (x, y) lies inside a region (even–odd), by a ray cast east, west, north or south,
 * whichever leaves the region's box soonest, counting only the edges filed in the cells the ray
 * passes through (each counted in the cell where it crosses the ray, so once).
 */
function inside(x: number, y: number, r: Region): boolean {
  if (x < r.box[0] || x > r.box[2] || y < r.box[1] || y > r.box[3]) return false;
  // A cell no edge of the region passes through is wholly inside or outside it: cast once.
  const cell = cellKey(Math.floor(x / CELL_DEG), Math.floor(y / CELL_DEG));
  if (!r.edges!.has(cell)) {
    let known = r.cellInside.get(cell);
    if (known === undefined) r.cellInside.set(cell, (known = castRay(x, y, r)));
    return known;
  }
  return castRay(x, y, r);
}

function castRay(x: number, y: number, r: Region): boolean {
  const reach = [r.box[2] - x, x - r.box[0], r.box[3] - y, y - r.box[1]];
  const way = reach.indexOf(Math.min(...reach));
  const alongX = way < 2;
  const sign = way % 2 === 0 ? 1 : -1;
  // Along x the ray runs at height y through the cells of row j; along y, at x through column i.
  const [u, v] = alongX ? [x, y] : [y, x];
  const fixed = Math.floor(v / CELL_DEG);
  const start = Math.floor(u / CELL_DEG);
  const end = Math.floor((alongX ? (sign > 0 ? r.box[2] : r.box[0]) : sign > 0 ? r.box[3] : r.box[1]) / CELL_DEG);
  let odd = false;
  for (let c = start; sign > 0 ? c <= end : c >= end; c += sign) {
    const list = r.edges!.get(alongX ? cellKey(c, fixed) : cellKey(fixed, c));
    if (!list) continue;
    for (let k = 0; k < list.length; k += 4) {
      const [au, av, bu, bv] = alongX ? [list[k]!, list[k + 1]!, list[k + 2]!, list[k + 3]!] : [list[k + 1]!, list[k]!, list[k + 3]!, list[k + 2]!];
      if (av > v === bv > v) continue;
      const cu = au + ((v - av) * (bu - au)) / (bv - av);
      if ((sign > 0 ? cu > u : cu < u) && Math.floor(cu / CELL_DEG) === c) odd = !odd;
    }
  }
  return odd;
}

/** Files a region's edges under the cells their boxes cover (once, when the region is first needed). */
function fileEdges(r: Region): Map<number, number[]> {
  if (r.edges) return r.edges;
  const edges = new Map<number, number[]>();
  for (const rings of r.polygons) {
    for (const ring of rings) {
      for (let k = 1; k < ring.length; k++) {
        const a = ring[k - 1]!;
        const b = ring[k]!;
        const [x0, x1] = a[0]! < b[0]! ? [a[0]!, b[0]!] : [b[0]!, a[0]!];
        const [y0, y1] = a[1]! < b[1]! ? [a[1]!, b[1]!] : [b[1]!, a[1]!];
        for (let i = Math.floor(x0 / CELL_DEG); i <= Math.floor(x1 / CELL_DEG); i++) {
          for (let j = Math.floor(y0 / CELL_DEG); j <= Math.floor(y1 / CELL_DEG); j++) {
            const key = cellKey(i, j);
            let list = edges.get(key);
            if (!list) edges.set(key, (list = []));
            list.push(a[0]!, a[1]!, b[0]!, b[1]!);
          }
        }
      }
    }
  }
  r.edges = edges;
  return edges;
}

/**
 * Region areas per controller, carried from step to step. One ledger serves one run of a
 * timeline; `start` measures a controller in full, `step` carries it forward. Ground outside
 * every region is measured like a region (slot `regions.length`), so that what is left over
 * is only the bow of the edges the regions' borders cut, which is shared out.
 */
export class RegionLedger {
  private readonly regions: Region[];
  /** Controller → areas (km²) on the last date: the regions in order, then outside. */
  private readonly areas = new Map<string, number[]>();

  constructor(input: TimelineRegions) {
    const byName = new Map<string, Position[][][]>();
    (input?.regions ?? []).forEach((r, i) => {
      if (typeof r?.name !== 'string' || r.name === '' || r.name === OUTSIDE_REGIONS) {
        throw new FrontlineError('INVALID_ARGUMENT', `regions[${i}]: a region's name must be a non-empty string other than "${OUTSIDE_REGIONS}"`, {
          where: `regions[${i}].name`,
        });
      }
      const g = r.geometry;
      const polygons = g?.type === 'Polygon' ? [g.coordinates] : g?.type === 'MultiPolygon' ? g.coordinates : undefined;
      if (!polygons)
        throw new FrontlineError('INVALID_ARGUMENT', `region "${r.name}": expected a Polygon or MultiPolygon`, { where: `regions[${i}].geometry` });
      // Features of one name (a country drawn as several features) are one region.
      byName.set(r.name, [...(byName.get(r.name) ?? []), ...polygons]);
    });
    if (byName.size === 0) throw new FrontlineError('INVALID_ARGUMENT', 'no regions to split the timeline by');
    this.regions = [...byName].map(([name, polygons]) => ({
      name,
      polygons,
      box: boxOf(polygons),
      edges: undefined,
      blocks: new Map(),
      cellInside: new Map(),
    }));
  }

  /** The region names, in row order (outside last). */
  get names(): string[] {
    return [...this.regions.map((r) => r.name), OUTSIDE_REGIONS];
  }

  /** Measures a controller's ground in every region in full (the first date of a run). */
  start(controller: string, date: string, geometry: MultiPolygon, totalKm2: number): TimelineRegionRow[] {
    const measured = this.byRegion(geometry);
    // What the borders' cuts add or take (the bow of the edges cut), shared by area.
    const list = shareOut(measured, totalKm2 - measured.reduce((s, a) => s + a, 0), measured);
    this.areas.set(controller, list);
    this.checkOutside(controller, date, totalKm2, list);
    return this.rows(
      list,
      (i) => Math.abs(list[i]!) > NEGLIGIBLE_KM2,
      (i, a) => ({ date, controller, region: this.nameOf(i), areaKm2: a, gainedKm2: null, lostKm2: null, netKm2: null }),
    );
  }

  /**
   * Carries a controller forward one step.
   *
   * @param row the step's row for the controller (its area, gained, lost and net)
   * @param gained the ground it gained, lost the ground it lost
   */
  step(
    row: { date: string; controller: string; areaKm2: number; gainedKm2: number | null; lostKm2: number | null; netKm2: number | null },
    gained: MultiPolygon,
    lost: MultiPolygon,
  ): TimelineRegionRow[] {
    const before = this.areas.get(row.controller) ?? this.names.map(() => 0);
    // Pieces cut by the regions' borders measure a little more or less than the whole piece
    // (the bow of the edges cut): shared out, so that the regions' gained and lost sum to the step's.
    const gMeasured = this.byRegion(gained);
    const lMeasured = this.byRegion(lost);
    const g = shareOut(gMeasured, (row.gainedKm2 ?? 0) - gMeasured.reduce((s, x) => s + x, 0), gMeasured);
    const l = shareOut(lMeasured, (row.lostKm2 ?? 0) - lMeasured.reduce((s, x) => s + x, 0), lMeasured);
    // Everything the pieces do not account for: the bow residual of the step (gained − lost
    // against the net change).
    const accounted = g.reduce((s, x, i) => s + x - l[i]!, 0);
    const residual = (row.netKm2 ?? 0) - accounted;
    const moved = before.map((a, i) => a + g[i]! - l[i]!);
    // Shared by the ground held after the step: a region emptied stays empty.
    const after = shareOut(moved, residual, moved);
    this.areas.set(row.controller, after);
    this.checkOutside(row.controller, row.date, row.areaKm2, after);
    return this.rows(
      after,
      (i) => Math.abs(after[i]!) > NEGLIGIBLE_KM2 || Math.abs(before[i]!) > NEGLIGIBLE_KM2 || g[i]! > NEGLIGIBLE_KM2 || l[i]! > NEGLIGIBLE_KM2,
      (i, a) => ({ date: row.date, controller: row.controller, region: this.nameOf(i), areaKm2: a, gainedKm2: g[i]!, lostKm2: l[i]!, netKm2: a - before[i]! }),
    );
  }

  private nameOf(i: number): string {
    return i < this.regions.length ? this.regions[i]!.name : OUTSIDE_REGIONS;
  }

  private rows(list: number[], keep: (i: number) => boolean, make: (i: number, area: number) => TimelineRegionRow): TimelineRegionRow[] {
    const out: TimelineRegionRow[] = [];
    for (let i = 0; i < list.length; i++) if (keep(i)) out.push(make(i, list[i]!));
    return out;
  }

  /** Regions hold more than the whole only when they overlap: ground would be counted twice. */
  private checkOutside(controller: string, date: string, totalKm2: number, list: number[]): void {
    // Overlaps are found where pieces are measured (byRegion); this catches what slips past, far
    // above the bow residuals shared out (1e-6 of the area).
    if (list.every((a) => a >= -(1e-2 + 1e-5 * totalKm2))) return;
    const inRegions = list.slice(0, -1).reduce((s, a) => s + a, 0);
    throw new FrontlineError(
      'INVALID_ARGUMENT',
      `${date}: the regions hold ${inRegions.toFixed(3)} km² of "${controller}", more than its ${totalKm2.toFixed(3)} km²: regions overlap, and ground in two of them would be counted twice; give regions that do not overlap`,
      { where: date },
    );
  }

  /**
   * km² of a geometry in each region, then outside them all. A polygon whose box no region edge
   * crosses lies wholly in one region or outside all: it is measured whole, and given to the
   * region holding one of its vertices. A polygon a border crosses is intersected with the
   * part of each such region in the block around it; what no region holds is the rest.
   */
  private byRegion(geometry: MultiPolygon): number[] {
    const out = this.names.map(() => 0);
    const outside = this.regions.length;
    for (const polygon of geometry.coordinates) {
      const box = boxOf([polygon]);
      const single: MultiPolygon = { type: 'MultiPolygon', coordinates: [polygon] };
      const whole = area(single) / 1e6;
      const [x, y] = polygon[0]![0]! as [number, number];
      let holder: number | undefined;
      const crossed: number[] = [];
      for (let k = 0; k < this.regions.length; k++) {
        const r = this.regions[k]!;
        if (!boxesMeet(r.box, box)) continue;
        fileEdges(r);
        // No edges meet: the piece lies in the region, the region in the piece, or they are apart.
        if (crosses(r, polygon, box) || holdsPart(polygon, box, r)) crossed.push(k);
        else if (inside(x, y, r)) {
          if (holder !== undefined) this.overlapping(holder, k, x, y);
          holder = k;
        }
      }
      if (crossed.length === 0) {
        out[holder ?? outside]! += whole;
        continue;
      }
      let planar = holder === undefined ? 0 : planarArea(single);
      let inRegions = holder === undefined ? 0 : whole;
      if (holder !== undefined) out[holder]! += whole;
      for (const k of crossed) {
        for (const part of this.partsAround(this.regions[k]!, box)) {
          const piece = intersection(single, part);
          if (piece.coordinates.length === 0) continue;
          const km2 = area(piece) / 1e6;
          out[k]! += km2;
          inRegions += km2;
          planar += planarArea(piece);
        }
      }
      // Parts that add up to more than the polygon (planar areas, which cutting leaves exactly
      // additive; 1e-7 deg² is about 0.001 km²) mean regions overlap there.
      if (planar > planarArea(single) + 1e-7) this.overlapping(crossed[0]!, crossed[1] ?? holder ?? crossed[0]!, x, y);
      // The rest is outside every region; a remainder as small as the bow of the edges cut is
      // only that, and is shared out with the other measures' residuals.
      const rest = whole - inRegions;
      if (rest > 1e-6 * whole + NEGLIGIBLE_KM2) out[outside]! += rest;
    }
    return out;
  }

  private overlapping(a: number, b: number, x: number, y: number): never {
    throw new FrontlineError(
      'INVALID_ARGUMENT',
      `regions "${this.regions[a]!.name}" and "${this.regions[b]!.name}" overlap near (${x}, ${y}): ground there would be counted twice; give regions that do not overlap`,
      { where: this.regions[b]!.name },
    );
  }

  /**
   * The region's parts to intersect a polygon with: its part in the smallest block holding the
   * polygon's box, or, for a polygon larger than a block (a whole front on the first date), its
   * parts in every large block the box covers. Pieces cut along a block's side meet the pieces of
   * the next block along the same segment, whose geodesic bows cancel in the sum.
   */
  private partsAround(r: Region, box: readonly number[]): MultiPolygon[] {
    for (const size of BLOCK_DEGS) {
      const [bi, bj] = [Math.floor(box[0]! / size), Math.floor(box[1]! / size)];
      // Strictly inside the block: its sides never cut the polygon.
      if (box[2]! >= (bi + 1) * size || box[3]! >= (bj + 1) * size || box[0]! <= bi * size || box[1]! <= bj * size) continue;
      return [this.blockPart(r, size, bi, bj)];
    }
    const size = BLOCK_DEGS[BLOCK_DEGS.length - 1]!;
    const parts: MultiPolygon[] = [];
    for (let bi = Math.floor(Math.max(box[0]!, r.box[0]) / size); bi <= Math.floor(Math.min(box[2]!, r.box[2]) / size); bi++) {
      for (let bj = Math.floor(Math.max(box[1]!, r.box[1]) / size); bj <= Math.floor(Math.min(box[3]!, r.box[3]) / size); bj++) {
        const part = this.blockPart(r, size, bi, bj);
        if (part.coordinates.length > 0) parts.push(part);
      }
    }
    return parts;
  }

  /** A region's part in one block (cut once): from its part in the next larger block, the largest from the whole region. */
  private blockPart(r: Region, size: number, bi: number, bj: number): MultiPolygon {
    const key = `${size}:${bi}:${bj}`;
    let part = r.blocks.get(key);
    if (!part) {
      const [x0, y0] = [bi * size, bj * size];
      const larger = BLOCK_DEGS[BLOCK_DEGS.indexOf(size) + 1];
      const source: MultiPolygon =
        larger === undefined ? { type: 'MultiPolygon', coordinates: r.polygons } : this.blockPart(r, larger, Math.floor(x0 / larger), Math.floor(y0 / larger));
      const box = [x0, y0, x0 + size, y0 + size] as const;
      part =
        source.coordinates.length === 0
          ? source
          : intersection(cropped(source, box), {
              type: 'Polygon',
              coordinates: [
                [
                  [x0, y0],
                  [x0 + size, y0],
                  [x0 + size, y0 + size],
                  [x0, y0 + size],
                  [x0, y0],
                ],
              ],
            });
      r.blocks.set(key, part);
    }
    return part;
  }
}

/**
 * Whether an edge of the region meets an edge of the polygon (closed segments, exactly; a
 * touch counts). The region's edges are those filed under the cells the polygon's box covers,
 * so a long coastline near a small piece is tested edge by edge, not box by box.
 */
function crosses(r: Region, polygon: readonly (readonly Position[])[], box: readonly number[]): boolean {
  const seen = new Set<number>();
  for (let i = Math.floor(box[0]! / CELL_DEG); i <= Math.floor(box[2]! / CELL_DEG); i++) {
    for (let j = Math.floor(box[1]! / CELL_DEG); j <= Math.floor(box[3]! / CELL_DEG); j++) {
      const list = r.edges!.get(cellKey(i, j));
      if (!list || seen.has(cellKey(i, j))) continue;
      seen.add(cellKey(i, j));
      for (let k = 0; k < list.length; k += 4) {
        const [ax, ay, bx, by] = [list[k]!, list[k + 1]!, list[k + 2]!, list[k + 3]!];
        if (Math.min(ax, bx) > box[2]! || Math.max(ax, bx) < box[0]! || Math.min(ay, by) > box[3]! || Math.max(ay, by) < box[1]!) continue;
        for (const ring of polygon) {
          for (let v = 1; v < ring.length; v++) {
            if (segmentsMeet(ax, ay, bx, by, ring[v - 1]![0]!, ring[v - 1]![1]!, ring[v]![0]!, ring[v]![1]!)) return true;
          }
        }
      }
    }
  }
  return false;
}

/** Whether a polygon holds a vertex of the region (so, its edges apart, a part of the region whole). */
function holdsPart(polygon: readonly (readonly Position[])[], box: readonly number[], r: Region): boolean {
  for (const rings of r.polygons) {
    const [x, y] = rings[0]![0]! as [number, number];
    if (x >= box[0]! && x <= box[2]! && y >= box[1]! && y <= box[3]! && insideRings(x, y, polygon)) return true;
  }
  return false;
}

/**
 * The polygons with every run of consecutive vertices beyond one side of the box (all east of
 * it, say) replaced by the run's first and last vertex: the run and its chord close a loop on
 * that side, which winds round no point of the box, so every point of the box keeps its winding
 * number and the polygons' part in the box is the same. Far from the box, a country's
 * thousands of vertices shrink to a few before the overlay sees them. Rings wholly beyond one
 * side, and polygons whose shell is, are dropped.
 */
function cropped(geometry: MultiPolygon, box: readonly [number, number, number, number]): MultiPolygon {
  const side = (p: Position): number => (p[0]! > box[2] ? 1 : p[0]! < box[0] ? 2 : p[1]! > box[3] ? 3 : p[1]! < box[1] ? 4 : 0);
  const ring = (points: Position[]): Position[] | null => {
    const out: Position[] = [];
    const n = points.length - 1;
    let all = side(points[0]!);
    for (let i = 0; i < n; i++) {
      const s = side(points[i]!);
      if (s !== all) all = -1;
      // Kept: a vertex off every side, or one that starts or ends a run on its side.
      if (s === 0 || side(points[(i + n - 1) % n]!) !== s || side(points[(i + 1) % n]!) !== s) out.push(points[i]!);
    }
    if (all > 0) return null;
    if (out.length < 3) return null;
    out.push(out[0]!);
    return out;
  };
  const coordinates: Position[][][] = [];
  for (const polygon of geometry.coordinates) {
    const shell = ring(polygon[0]!);
    if (!shell) continue;
    const holes = polygon
      .slice(1)
      .map(ring)
      .filter((r): r is Position[] => r !== null);
    coordinates.push([shell, ...holes]);
  }
  return { type: 'MultiPolygon', coordinates };
}

/** Shoelace area in degrees² of polygons, shells less holes, whatever their winding. */
function planarArea(geometry: Polygon | MultiPolygon): number {
  let total = 0;
  for (const rings of polygonRings(geometry, 'planarArea')) {
    rings.forEach((ring, r) => {
      let twice = 0;
      for (let k = 1; k < ring.length; k++) twice += ring[k - 1]![0]! * ring[k]![1]! - ring[k]![0]! * ring[k - 1]![1]!;
      total += (r === 0 ? 1 : -1) * Math.abs(twice / 2);
    });
  }
  return total;
}

/** Adds `residual` to `values` in proportion to `weights` (evenly when they are all zero). */
function shareOut(values: number[], residual: number, weights: number[]): number[] {
  const total = weights.reduce((s, w) => s + Math.max(0, w), 0);
  if (residual === 0) return values;
  if (total === 0) return values.map((v, i) => (i === values.length - 1 ? v + residual : v));
  return values.map((v, i) => v + (residual * Math.max(0, weights[i]!)) / total);
}

function boxesMeet(a: readonly number[], b: readonly number[]): boolean {
  return a[0]! <= b[2]! && b[0]! <= a[2]! && a[1]! <= b[3]! && b[1]! <= a[3]!;
}
