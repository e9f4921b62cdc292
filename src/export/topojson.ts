import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import type { GeometryCollection, Topology, Transform } from 'topojson-specification';
import { feature } from 'topojson-client';
import { topology } from 'topojson-server';
import { presimplify, simplify, sphericalTriangleArea } from 'topojson-simplify';
import { FrontlineError } from '../errors.js';
import { geometriesBox, type BBox } from '../kernel/bbox.js';
import { checkPrecision, DEFAULT_TOPOJSON_PRECISION, roundTo } from './coordinates.js';
import type { ExportCollections } from './features.js';
import { nodeCollections } from './noding.js';
import { emptyTally, repairOnGrid, separateControllers, type RepairTally } from './repair.js';

/** Radius (m) of the sphere topojson-simplify measures triangles on: the mean Earth radius. */
const EARTH_RADIUS_M = 6_371_008.8;

export interface TopologyOptions {
  /**
   * Decimal places of degrees kept: coordinates are snapped to multiples of 10^-precision
   * degrees (5, the default, is about 1 m), which is also the TopoJSON quantization step.
   */
  precision?: number;
  /**
   * Simplification tolerance in metres (default 0: none). Visvalingam–Whyatt on the topology's
   * arcs: a vertex goes when the triangle it forms with its neighbours (its effective area, on
   * the sphere) is under `simplify`² m²; a bump of height h on edges of length L weighs about
   * h·L/2. Arcs are simplified once for every feature they bound, so shared borders stay shared:
   * neighbours neither overlap nor leave gaps. Rings that shrink to nothing are dropped (a
   * feature left with no ring keeps its place, with a null geometry).
   */
  simplify?: number;
}

/** What {@link toTopology} did, stored in the topology's `frontline.export` block. */
export interface TopologyExportInfo {
  precision: number;
  /** Grid steps across the wider side of the data's box (TopoJSON's "quantization"). */
  quantization: number;
  simplifyMeters: number;
  /** Features each repair on the grid changed (all zero when snapping broke nothing). */
  repairs: RepairTally;
}

/**
 * Writes named collections as one quantized TopoJSON topology (objects named as the
 * collections), optionally simplified with the topology preserved (see {@link TopologyOptions}).
 *
 * All the work is done on an integer grid of 10^-precision degrees (aligned to multiples of
 * that step, so the coordinates it gives back print as exactly `precision` decimals): the
 * collections are snapped to it and cut into shared arcs (so borders whose vertices differ by
 * less than a step become one arc), simplified there, and every polygon is then cleaned of
 * zero-width spikes and, where snapping made it invalid, rebuilt valid on the grid
 * (`repairOnGrid`), before the arcs are cut again. Integer orientation tests are exact, so the
 * cleaning is too.
 *
 * @param exported collections from `packCollections`, `snapshotCollections`...; not modified.
 * @param options precision (decimal places of degrees) and simplification tolerance (metres).
 * @returns the topology (delta-encoded, with its transform) and what was applied.
 * @throws FrontlineError `INVALID_ARGUMENT` on a bad precision or tolerance, or nothing with coordinates.
 */
export function toTopology(exported: ExportCollections, options: TopologyOptions = {}): { topology: Topology; info: TopologyExportInfo } {
  const precision = checkPrecision(options.precision ?? DEFAULT_TOPOJSON_PRECISION);
  const tolerance = options.simplify ?? 0;
  if (typeof tolerance !== 'number' || !Number.isFinite(tolerance) || tolerance < 0) {
    throw new FrontlineError('INVALID_ARGUMENT', `simplify must be a tolerance in metres ≥ 0, got ${String(options.simplify)}`, { where: 'simplify' });
  }
  const step = 1 / 10 ** precision;
  const box = boxOf(exported.collections);
  const origin: [number, number] = [Math.floor(box[0] / step), Math.floor(box[1] / step)];
  const transform: Transform = { scale: [step, step], translate: [origin[0] * step, origin[1] * step] };
  const toDegrees = (p: Position): Position => [(p[0]! + origin[0]) * step, (p[1]! + origin[1]) * step];
  const decoded = (p: Position): Position => [p[0]! * step + transform.translate[0], p[1]! * step + transform.translate[1]];
  const printed = (p: Position): Position => toDegrees(p).map((v) => roundTo(v, precision));

  let grid = topology(
    snapped(nodeCollections(exported.collections), (p) => [Math.round(p[0]! / step) - origin[0], Math.round(p[1]! / step) - origin[1]]),
  ) as Topology;
  if (tolerance > 0) {
    // The typings want property-less objects; the functions carry properties through. Rings
    // that collapse are dropped later, feature by feature (topojson-simplify's `filter` would
    // drop whole features from their collections).
    type Simplifiable = Parameters<typeof presimplify>[0];
    const degrees = (p: number[]) => toDegrees(p) as [number, number];
    const triangle = (t: [number, number][]) => sphericalTriangleArea(t.map(degrees) as Parameters<typeof sphericalTriangleArea>[0]);
    grid = simplify(presimplify(grid as Simplifiable, triangle as Parameters<typeof presimplify>[1]), (tolerance / EARTH_RADIUS_M) ** 2) as unknown as Topology;
  }
  const repairs = emptyTally();
  const repaired = repairedCollections(grid, [decoded, printed], repairs);
  const quantization = Math.round(Math.max(box[2] - box[0], box[3] - box[1]) / step) + 1;
  return { topology: encode(topology(repaired) as Topology, transform), info: { precision, quantization, simplifyMeters: tolerance, repairs } };
}

/** The collections back from a topology (e.g. one {@link toTopology} wrote), one FeatureCollection per object. */
export function fromTopology(topo: Topology): Record<string, FeatureCollection> {
  return Object.fromEntries(
    Object.entries(topo.objects).map(([name, object]) => [name, feature(topo, object as GeometryCollection) as unknown as FeatureCollection]),
  );
}

/** Collections with every position mapped by `f` and repeats dropped; new objects, properties shared. */
function snapped(collections: Record<string, FeatureCollection>, f: (p: Position) => Position): Record<string, FeatureCollection> {
  const line = (ps: Position[]): Position[] => {
    const out: Position[] = [];
    for (const p of ps) {
      const q = f(p);
      const last = out[out.length - 1];
      if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
    }
    return out;
  };
  const geometry = (g: Geometry | null): Geometry | null => {
    if (g === null) return null;
    switch (g.type) {
      case 'Point':
        return { type: 'Point', coordinates: f(g.coordinates) };
      case 'MultiPoint':
        return { type: 'MultiPoint', coordinates: g.coordinates.map(f) };
      case 'LineString':
        return { type: 'LineString', coordinates: line(g.coordinates) };
      case 'MultiLineString':
      case 'Polygon':
        return { type: g.type, coordinates: g.coordinates.map(line) } as Geometry;
      case 'MultiPolygon':
        return { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(line)) };
      case 'GeometryCollection':
        return { type: 'GeometryCollection', geometries: g.geometries.map((x) => geometry(x)).filter((x): x is Geometry => x !== null) };
    }
  };
  return Object.fromEntries(
    Object.entries(collections).map(([name, fc]) => [
      name,
      { type: 'FeatureCollection', features: fc.features.map((x): Feature => ({ ...x, geometry: geometry(x.geometry) as Geometry })) },
    ]),
  );
}

/**
 * Every object back as features on the grid, each polygon cleaned and, where snapping broke
 * it, rebuilt (`repairOnGrid`); controllers' ground kept from overlapping (`separateControllers`).
 */
function repairedCollections(grid: Topology, toDegrees: readonly ((p: Position) => Position)[], tally: RepairTally): Record<string, FeatureCollection> {
  const clean = (g: Geometry | null): Geometry | null => {
    if (g?.type === 'Polygon' || g?.type === 'MultiPolygon') return repairOnGrid(g, toDegrees, tally);
    // A line shorter than a grid step snaps to one point: it goes, as a collapsed ring does.
    if (g?.type === 'LineString') return g.coordinates.length >= 2 ? g : null;
    if (g?.type === 'MultiLineString') {
      const lines = g.coordinates.filter((l) => l.length >= 2);
      return lines.length > 0 ? { type: 'MultiLineString', coordinates: lines } : null;
    }
    return g;
  };
  return Object.fromEntries(
    Object.entries(fromTopology(grid)).map(([name, fc]) => [
      name,
      separateControllers(
        { type: 'FeatureCollection', features: fc.features.map((f): Feature => ({ ...f, geometry: clean(f.geometry) as Geometry })) },
        toDegrees,
        tally,
      ),
    ]),
  );
}

/** A topology on grid integers delta-encoded under `transform`, as quantized TopoJSON stores arcs. */
function encode(topo: Topology, transform: Transform): Topology {
  const arcs = topo.arcs.map((arc) => {
    let x = 0,
      y = 0;
    return arc.map((p): [number, number] => {
      const d: [number, number] = [p[0]! - x, p[1]! - y];
      x = p[0]!;
      y = p[1]!;
      return d;
    });
  });
  const { bbox: _gridBox, ...rest } = topo;
  return { ...rest, transform, arcs };
}

/** [west, south, east, north] of every coordinate in the collections. */
function boxOf(collections: Record<string, FeatureCollection>): BBox {
  const box = geometriesBox(Object.values(collections).flatMap((fc) => fc.features.map((f) => f.geometry)));
  if (!(box[0] <= box[2] && box[1] <= box[3])) throw new FrontlineError('INVALID_ARGUMENT', 'nothing to export: no feature has coordinates');
  return box;
}
