/**
 * A timeline's rows split by region (oblasts, districts, countries: any polygons), so that
 * "how much did Russia take in Donetsk oblast in October" is a sum of rows.
 *
 * Areas by region are measured in full on the first date (each controller's ground intersected
 * with each region), then carried forward: each step adds the gained pieces that fall in a
 * region and takes away the lost ones. Pieces are small (the ground that changed hands), so a
 * step costs a few intersections of small polygons, not an overlay of the whole map; regions
 * are cut into 1° cells once, lazily, where pieces fall, so that a piece is intersected with a
 * cell-sized part of a region, never with all of Russia.
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
import { difference, intersection } from '../kernel/overlay.js';
import { OUTSIDE_REGIONS } from './diff.js';

export { OUTSIDE_REGIONS };

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

/** Side of the cells regions are cut into, degrees. */
const CELL_DEG = 1;
/** Side of the blocks cut first, so that a cell is cut from a block, not from the whole region. */
const BLOCK_CELLS = 8;

/** Below this a region row is left out (0.5 m², under the 1e-6 km² the CSV writes). */
const NEGLIGIBLE_KM2 = 5e-7;

interface Region {
  name: string;
  polygons: Position[][][];
  box: [number, number, number, number];
  /** Cells an edge of the region passes through (by the edge's box, so a superset). */
  boundary: Set<number>;
  /** Cells wholly inside (true) or outside (false) the region, tested once. */
  interior: Map<number, boolean>;
  blocks: Map<number, MultiPolygon>;
  /** The region's part in a block of cells, by `i0,j0,i1,j1`. */
  windows: Map<string, MultiPolygon>;
}

const cellKey = (i: number, j: number): number => (i + 400) * 1000 + (j + 200);
const cellBox = (i: number, j: number, size: number): Polygon => {
  const [x0, y0, x1, y1] = [i * size, j * size, (i + 1) * size, (j + 1) * size];
  return { type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] };
};

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

function inside(x: number, y: number, polygons: Position[][][]): boolean {
  let odd = false;
  for (const rings of polygons) {
    for (const ring of rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const a = ring[i]!;
        const b = ring[j]!;
        if (a[1]! > y !== b[1]! > y && x < ((b[0]! - a[0]!) * (y - a[1]!)) / (b[1]! - a[1]!) + a[0]!) odd = !odd;
      }
    }
  }
  return odd;
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
        throw new FrontlineError('INVALID_ARGUMENT', `regions[${i}]: a region's name must be a non-empty string other than "${OUTSIDE_REGIONS}"`, { where: `regions[${i}].name` });
      }
      const g = r.geometry;
      const polygons = g?.type === 'Polygon' ? [g.coordinates] : g?.type === 'MultiPolygon' ? g.coordinates : undefined;
      if (!polygons) throw new FrontlineError('INVALID_ARGUMENT', `region "${r.name}": expected a Polygon or MultiPolygon`, { where: `regions[${i}].geometry` });
      // Features of one name (a country drawn as several features) are one region.
      byName.set(r.name, [...(byName.get(r.name) ?? []), ...polygons]);
    });
    if (byName.size === 0) throw new FrontlineError('INVALID_ARGUMENT', 'no regions to split the timeline by');
    this.regions = [...byName].map(([name, polygons]) => {
      const boundary = new Set<number>();
      for (const rings of polygons) {
        for (const ring of rings) {
          for (let k = 1; k < ring.length; k++) {
            const a = ring[k - 1]!;
            const b = ring[k]!;
            const [i0, i1] = [Math.floor(Math.min(a[0]!, b[0]!) / CELL_DEG), Math.floor(Math.max(a[0]!, b[0]!) / CELL_DEG)];
            const [j0, j1] = [Math.floor(Math.min(a[1]!, b[1]!) / CELL_DEG), Math.floor(Math.max(a[1]!, b[1]!) / CELL_DEG)];
            for (let i = i0; i <= i1; i++) for (let j = j0; j <= j1; j++) boundary.add(cellKey(i, j));
          }
        }
      }
      return { name, polygons, box: boxOf(polygons), boundary, interior: new Map(), blocks: new Map(), windows: new Map() };
    });
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
    return this.rows(list, (i) => Math.abs(list[i]!) > NEGLIGIBLE_KM2, (i, a) => ({ date, controller, region: this.nameOf(i), areaKm2: a, gainedKm2: null, lostKm2: null, netKm2: null }));
  }

  /**
   * Carries a controller forward one step.
   *
   * @param row the step's row for the controller (its area, gained, lost and net)
   * @param gained the ground it gained, lost the ground it lost
   */
  step(row: { date: string; controller: string; areaKm2: number; gainedKm2: number | null; lostKm2: number | null; netKm2: number | null }, gained: MultiPolygon, lost: MultiPolygon): TimelineRegionRow[] {
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
    if (list.every((a) => a >= -(1e-3 + 1e-6 * totalKm2))) return;
    const inRegions = list.slice(0, -1).reduce((s, a) => s + a, 0);
    throw new FrontlineError(
      'INVALID_ARGUMENT',
      `${date}: the regions hold ${inRegions.toFixed(3)} km² of "${controller}", more than its ${totalKm2.toFixed(3)} km²: regions overlap, and ground in two of them would be counted twice; give regions that do not overlap`,
      { where: date },
    );
  }

  /**
   * km² of a geometry in each region, then outside them all. Each polygon is intersected with
   * the regions' parts inside the block of cells under it. The block contains the polygon, so
   * its box never cuts the polygon (a cut along a long straight line would bow differently as a
   * geodesic on either side); where every cell under the polygon is inside one region, or
   * outside all, no overlay is needed at all.
   */
  private byRegion(geometry: MultiPolygon): number[] {
    const out = this.names.map(() => 0);
    const outside = this.regions.length;
    for (const polygon of geometry.coordinates) {
      const box = boxOf([polygon]);
      const single: MultiPolygon = { type: 'MultiPolygon', coordinates: [polygon] };
      const [i0, i1] = [Math.floor(box[0] / CELL_DEG), Math.floor(box[2] / CELL_DEG)];
      const [j0, j1] = [Math.floor(box[1] / CELL_DEG), Math.floor(box[3] / CELL_DEG)];
      const near = this.regions.map((_, k) => k).filter((k) => boxesMeet(this.regions[k]!.box, box));
      let owner: number | undefined;
      let uniform = true;
      const touched = new Set<number>();
      for (let i = i0; i <= i1; i++) {
        for (let j = j0; j <= j1; j++) {
          const here = this.cellOwner(near, i, j);
          if (here === 'edge') {
            uniform = false;
            for (const k of near) if (this.cellState(this.regions[k]!, i, j) !== 'out') touched.add(k);
          } else {
            if (owner !== undefined && here !== owner) uniform = false;
            owner ??= here;
            if (here !== outside) touched.add(here);
          }
        }
      }
      if (uniform) {
        out[owner!]! += area(single) / 1e6;
        continue;
      }
      const parts: MultiPolygon[] = [];
      for (const k of touched) {
        const part = this.windowPart(this.regions[k]!, i0, j0, i1, j1);
        if (part.coordinates.length === 0) continue;
        parts.push(part);
        out[k]! += area(intersection(single, part)) / 1e6;
      }
      out[outside]! += area(parts.length > 0 ? difference(single, ...parts) : single) / 1e6;
    }
    return out;
  }

  /** The one region a cell is wholly inside, `regions.length` when it is outside all, or `edge`. */
  private cellOwner(near: number[], i: number, j: number): number | 'edge' {
    let owner: number = this.regions.length;
    for (const k of near) {
      const state = this.cellState(this.regions[k]!, i, j);
      if (state === 'edge') return 'edge';
      if (state === 'in') {
        if (owner !== this.regions.length) this.overlapping(owner, k, i, j);
        owner = k;
      }
    }
    return owner;
  }

  private overlapping(a: number, b: number, i: number, j: number): never {
    throw new FrontlineError(
      'INVALID_ARGUMENT',
      `regions "${this.regions[a]!.name}" and "${this.regions[b]!.name}" overlap near (${(i + 0.5) * CELL_DEG}, ${(j + 0.5) * CELL_DEG}): ground there would be counted twice; give regions that do not overlap`,
      { where: this.regions[b]!.name },
    );
  }

  private cellState(r: Region, i: number, j: number): 'in' | 'out' | 'edge' {
    const key = cellKey(i, j);
    if (r.boundary.has(key)) return 'edge';
    let known = r.interior.get(key);
    if (known === undefined) {
      const [x, y] = [(i + 0.5) * CELL_DEG, (j + 0.5) * CELL_DEG];
      known = x >= r.box[0] && x <= r.box[2] && y >= r.box[1] && y <= r.box[3] && inside(x, y, r.polygons);
      r.interior.set(key, known);
    }
    return known ? 'in' : 'out';
  }

  /**
   * A region's part in the block of cells i0..i1 × j0..j1 (cached), cut from the region's
   * part in the block of 8 × 8 cells holding it when there is one, so that a large region
   * is overlaid in full once per such block, not once per piece.
   */
  private windowPart(r: Region, i0: number, j0: number, i1: number, j1: number): MultiPolygon {
    const key = `${i0},${j0},${i1},${j1}`;
    let part = r.windows.get(key);
    if (part) return part;
    const [bi, bj] = [Math.floor(i0 / BLOCK_CELLS), Math.floor(j0 / BLOCK_CELLS)];
    const window: Polygon = { type: 'Polygon', coordinates: [[[i0 * CELL_DEG, j0 * CELL_DEG], [(i1 + 1) * CELL_DEG, j0 * CELL_DEG], [(i1 + 1) * CELL_DEG, (j1 + 1) * CELL_DEG], [i0 * CELL_DEG, (j1 + 1) * CELL_DEG], [i0 * CELL_DEG, j0 * CELL_DEG]]] };
    if (Math.floor(i1 / BLOCK_CELLS) === bi && Math.floor(j1 / BLOCK_CELLS) === bj) {
      const blockKey = cellKey(bi, bj);
      let block = r.blocks.get(blockKey);
      if (!block) {
        block = intersection({ type: 'MultiPolygon', coordinates: r.polygons }, cellBox(bi, bj, CELL_DEG * BLOCK_CELLS));
        r.blocks.set(blockKey, block);
      }
      part = block.coordinates.length === 0 ? block : intersection(block, window);
    } else {
      part = intersection({ type: 'MultiPolygon', coordinates: r.polygons }, window);
    }
    r.windows.set(key, part);
    // Overlapping regions would count ground twice: checked once per window, where ground is
    // being measured, by planar areas (degrees², which cutting leaves exactly additive).
    this.checkWindow(key, i0, j0);
    return part;
  }

  private readonly checkedWindows = new Set<string>();

  private checkWindow(key: string, i0: number, j0: number): void {
    if (this.checkedWindows.has(key)) return;
    this.checkedWindows.add(key);
    const parts = this.regions.map((r, k) => [k, r.windows.get(key)] as const).filter((e): e is readonly [number, MultiPolygon] => e[1] !== undefined && e[1].coordinates.length > 0);
    for (let a = 0; a < parts.length; a++) {
      for (let b = a + 1; b < parts.length; b++) {
        // 1e-7 deg² is about 0.001 km²: regions drawn from one source meet along shared borders.
        if (planarArea(intersection(parts[a]![1], parts[b]![1])) > 1e-7) this.overlapping(parts[a]![0], parts[b]![0], i0, j0);
      }
    }
  }
}

/** Shoelace area in degrees² of overlay output (shells counter-clockwise, holes clockwise). */
function planarArea(geometry: Polygon | MultiPolygon): number {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let twice = 0;
  for (const rings of polygons) {
    for (const ring of rings) {
      for (let k = 1; k < ring.length; k++) twice += ring[k - 1]![0]! * ring[k]![1]! - ring[k]![0]! * ring[k - 1]![1]!;
    }
  }
  return twice / 2;
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
