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
import { intersection } from '../kernel/overlay.js';
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
  cells: Map<number, MultiPolygon>;
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
 * timeline; `start` measures a controller in full, `step` carries it forward.
 */
export class RegionLedger {
  private readonly regions: Region[];
  /** Controller → region areas (km²) on the last date, in the order of `regions`. */
  private readonly areas = new Map<string, number[]>();

  constructor(input: TimelineRegions, baseline?: Record<string, Record<string, number>>) {
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
      return { name, polygons, box: boxOf(polygons), boundary, interior: new Map(), blocks: new Map(), cells: new Map() };
    });
    if (baseline) {
      for (const [controller, byRegion] of Object.entries(baseline)) this.areas.set(controller, this.regions.map((r) => byRegion[r.name] ?? 0));
    }
  }

  /** The region names, in row order (outside last). */
  get names(): string[] {
    return [...this.regions.map((r) => r.name), OUTSIDE_REGIONS];
  }

  /** Areas by region on the last date, for a later date range of a parallel run. */
  snapshot(): Record<string, Record<string, number>> {
    return Object.fromEntries([...this.areas].map(([c, list]) => [c, Object.fromEntries(this.regions.map((r, i) => [r.name, list[i]!]))]));
  }

  /** Measures a controller's ground in every region in full (the first date of a run). */
  start(controller: string, date: string, geometry: MultiPolygon, totalKm2: number): TimelineRegionRow[] {
    const list = this.regions.map((r) => {
      if (geometry.coordinates.length === 0 || !boxesMeet(r.box, boxOf(geometry.coordinates))) return 0;
      return area(intersection(geometry, { type: 'MultiPolygon', coordinates: r.polygons })) / 1e6;
    });
    this.areas.set(controller, list);
    const rows: TimelineRegionRow[] = [];
    list.forEach((a, i) => {
      if (a > NEGLIGIBLE_KM2) rows.push({ date, controller, region: this.regions[i]!.name, areaKm2: a, gainedKm2: null, lostKm2: null, netKm2: null });
    });
    const outside = this.checkedOutside(controller, date, totalKm2, list);
    if (Math.abs(outside) > NEGLIGIBLE_KM2) rows.push({ date, controller, region: OUTSIDE_REGIONS, areaKm2: outside, gainedKm2: null, lostKm2: null, netKm2: null });
    return rows;
  }

  /**
   * Carries a controller forward one step.
   *
   * @param row the step's row for the controller (its area, gained, lost and net)
   * @param gained the ground it gained, lost the ground it lost
   */
  step(row: { date: string; controller: string; areaKm2: number; gainedKm2: number | null; lostKm2: number | null; netKm2: number | null }, gained: MultiPolygon, lost: MultiPolygon): TimelineRegionRow[] {
    const before = this.areas.get(row.controller) ?? this.regions.map(() => 0);
    const g = this.byRegion(gained);
    const l = this.byRegion(lost);
    const gainedKm2 = row.gainedKm2 ?? 0;
    const lostKm2 = row.lostKm2 ?? 0;
    const beforeTotal = row.areaKm2 - (row.netKm2 ?? 0);
    // The bow residual of the step, shared by the ground that changed in each region (or, on a
    // step where nothing changed hands, by the ground held).
    const residual = (row.netKm2 ?? 0) - (gainedKm2 - lostKm2);
    const changed = gainedKm2 + lostKm2;
    const after = before.map((a, i) => {
      const share = changed > 0 ? (g[i]! + l[i]!) / changed : beforeTotal > 0 ? a / beforeTotal : 0;
      return a + g[i]! - l[i]! + residual * share;
    });
    this.areas.set(row.controller, after);
    const rows: TimelineRegionRow[] = [];
    after.forEach((a, i) => {
      if (a > NEGLIGIBLE_KM2 || before[i]! > NEGLIGIBLE_KM2 || g[i]! > 0 || l[i]! > 0) {
        rows.push({ date: row.date, controller: row.controller, region: this.regions[i]!.name, areaKm2: Math.max(0, a), gainedKm2: g[i]!, lostKm2: l[i]!, netKm2: a - before[i]! });
      }
    });
    const outsideBefore = beforeTotal - before.reduce((s, a) => s + a, 0);
    const outside = this.checkedOutside(row.controller, row.date, row.areaKm2, after);
    const gOut = gainedKm2 - g.reduce((s, a) => s + a, 0);
    const lOut = lostKm2 - l.reduce((s, a) => s + a, 0);
    if (Math.abs(outside) > NEGLIGIBLE_KM2 || Math.abs(outsideBefore) > NEGLIGIBLE_KM2 || Math.abs(gOut) > NEGLIGIBLE_KM2 || Math.abs(lOut) > NEGLIGIBLE_KM2) {
      rows.push({ date: row.date, controller: row.controller, region: OUTSIDE_REGIONS, areaKm2: outside, gainedKm2: gOut, lostKm2: lOut, netKm2: outside - outsideBefore });
    }
    return rows;
  }

  /** The ground outside every region: the total less the regions; far below zero means regions overlap. */
  private checkedOutside(controller: string, date: string, totalKm2: number, list: number[]): number {
    const inRegions = list.reduce((s, a) => s + a, 0);
    const outside = totalKm2 - inRegions;
    if (outside < -(1e-3 + 1e-6 * totalKm2)) {
      throw new FrontlineError(
        'INVALID_ARGUMENT',
        `${date}: the regions hold ${inRegions.toFixed(3)} km² of "${controller}", more than its ${totalKm2.toFixed(3)} km²: regions overlap, and ground in two of them would be counted twice; give regions that do not overlap`,
        { where: date },
      );
    }
    return outside;
  }

  /** km² of a geometry in each region. */
  private byRegion(geometry: MultiPolygon): number[] {
    const out = this.regions.map(() => 0);
    for (const polygon of geometry.coordinates) {
      const box = boxOf([polygon]);
      const single: MultiPolygon = { type: 'MultiPolygon', coordinates: [polygon] };
      const [i0, i1] = [Math.floor(box[0] / CELL_DEG), Math.floor(box[2] / CELL_DEG)];
      const [j0, j1] = [Math.floor(box[1] / CELL_DEG), Math.floor(box[3] / CELL_DEG)];
      let whole: number | undefined;
      this.regions.forEach((r, k) => {
        if (!boxesMeet(r.box, box)) return;
        // Wholly inside one region's interior cells: the piece is that region's, no overlay.
        let allIn = true;
        let anyNear = false;
        for (let i = i0; i <= i1 && (allIn || !anyNear); i++) {
          for (let j = j0; j <= j1; j++) {
            const state = this.cellState(r, i, j);
            if (state !== 'in') allIn = false;
            if (state !== 'out') anyNear = true;
          }
        }
        if (!anyNear) return;
        if (allIn) {
          whole ??= area(single) / 1e6;
          out[k]! += whole;
          return;
        }
        for (let i = i0; i <= i1; i++) {
          for (let j = j0; j <= j1; j++) {
            const state = this.cellState(r, i, j);
            if (state === 'out') continue;
            const part = state === 'in' ? cellBox(i, j, CELL_DEG) : this.cellPart(r, i, j);
            if (part.coordinates.length === 0) continue;
            out[k]! += area(intersection(single, part)) / 1e6;
          }
        }
      });
    }
    return out;
  }

  private cellState(r: Region, i: number, j: number): 'in' | 'out' | 'edge' {
    const key = cellKey(i, j);
    if (r.boundary.has(key)) return 'edge';
    let known = r.interior.get(key);
    if (known === undefined) {
      known = inside((i + 0.5) * CELL_DEG, (j + 0.5) * CELL_DEG, r.polygons);
      r.interior.set(key, known);
    }
    return known ? 'in' : 'out';
  }

  private cellPart(r: Region, i: number, j: number): MultiPolygon {
    const key = cellKey(i, j);
    let part = r.cells.get(key);
    if (!part) {
      const [bi, bj] = [Math.floor(i / BLOCK_CELLS), Math.floor(j / BLOCK_CELLS)];
      const blockKey = cellKey(bi, bj);
      let block = r.blocks.get(blockKey);
      if (!block) {
        block = intersection({ type: 'MultiPolygon', coordinates: r.polygons }, cellBox(bi, bj, CELL_DEG * BLOCK_CELLS));
        r.blocks.set(blockKey, block);
      }
      part = block.coordinates.length === 0 ? block : intersection(block, cellBox(i, j, CELL_DEG));
      r.cells.set(key, part);
    }
    return part;
  }
}

function boxesMeet(a: readonly number[], b: readonly number[]): boolean {
  return a[0]! <= b[2]! && b[0]! <= a[2]! && a[1]! <= b[3]! && b[1]! <= a[3]!;
}
