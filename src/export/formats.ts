import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { FrontlineError } from '../errors.js';
import { areaKm2 } from '../kernel/area.js';
import { checkPrecision, DEFAULT_GEOJSON_PRECISION, tidyCollection } from './coordinates.js';
import { mergedCollection, type ExportCollections } from './features.js';
import { fromTopology, toTopology, type TopologyExportInfo } from './topojson.js';
import { toWkt } from './wkt.js';
import { csvCell } from './csv.js';

/** The formats frontline writes. */
export type ExportFormat = 'geojson' | 'topojson' | 'csv' | 'wkt';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['geojson', 'topojson', 'csv', 'wkt'];

export interface ExportOptions {
  /** Decimal places of degrees kept (default 6 for GeoJSON, CSV and WKT; 5 for TopoJSON, its grid step). */
  precision?: number;
  /** Simplification tolerance, metres (default 0: none); see `TopologyOptions.simplify`. Done on a topology, so shared borders stay shared. */
  simplify?: number;
  /** CSV only: add a `wkt` column with each feature's geometry. */
  wkt?: boolean;
}

/**
 * Writes collections in one of the export formats, as text.
 *
 * - `geojson`: one FeatureCollection (RFC 7946: shells counter-clockwise); with several
 *   collections (a pack) each feature gets `properties.layer`.
 * - `topojson`: one topology, an object per collection, quantized to the precision's grid and
 *   optionally simplified; a pack or a layer keeps the `frontline` metadata block, so
 *   `loadPack` reads the file back as a pack (areas then carry the simplification's error).
 * - `csv`: one row per feature: `layer` (for several collections), `feature` (index), every
 *   property (objects as JSON), `area_km2` (WGS84 ellipsoid, geodesic edges, of the geometry as
 *   given, before rounding or simplification) and, with `wkt`, the geometry as written.
 * - `wkt`: one line per feature, its geometry as Well-Known Text, in the CSV's row order.
 *
 * @param exported collections from `packCollections`, `layerCollections`, `snapshotCollections`, `diffCollections`.
 * @param format one of {@link EXPORT_FORMATS}.
 * @param options precision, simplification, WKT column.
 * @returns the file's text.
 * @throws FrontlineError `INVALID_ARGUMENT` for an unknown format or a bad option.
 * @example
 * const text = exportAs(packCollections(pack), 'topojson', { simplify: 100 });
 */
export function exportAs(exported: ExportCollections, format: ExportFormat, options: ExportOptions = {}): string {
  return exportWithInfo(exported, format, options).text;
}

/**
 * {@link exportAs}, with what the export did: the grid, the simplification, and how many
 * features the repairs on the grid changed (see `toTopology`). CSV without `wkt` writes the
 * geometry as it is and reports null.
 */
export function exportWithInfo(exported: ExportCollections, format: ExportFormat, options: ExportOptions = {}): { text: string; info: TopologyExportInfo | null } {
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new FrontlineError('INVALID_ARGUMENT', `unknown export format "${String(format)}" (formats: ${EXPORT_FORMATS.join(', ')})`, { where: 'format' });
  }
  if (format === 'topojson') {
    const { topology, info } = toTopology(exported, { ...(options.precision !== undefined ? { precision: options.precision } : {}), ...(options.simplify !== undefined ? { simplify: options.simplify } : {}) });
    return { text: JSON.stringify({ ...topology, frontline: frontlineBlock(exported, info) }), info };
  }
  if (format === 'csv' && !options.wkt) return { text: csvText(exported, null), info: null };
  const { collection, info } = processed(exported, options);
  if (format === 'geojson') return { text: JSON.stringify(collection), info };
  if (format === 'wkt') return { text: collection.features.map((f) => toWkt(f.geometry)).join('\n') + '\n', info };
  return { text: csvText(exported, collection.features), info };
}

/** The pack metadata block `loadPack` reads (format 1, model/layer.ts), plus what the export did. */
function frontlineBlock(exported: ExportCollections, info: TopologyExportInfo): Record<string, unknown> {
  if (!exported.pack) return { name: exported.name, export: info };
  return { format: 1, ...exported.pack, export: info };
}

/**
 * The merged collection as written: snapped to the precision's grid, simplified and repaired
 * on a topology (see `toTopology`), tidied for GeoJSON; features in input order.
 */
function processed(exported: ExportCollections, options: ExportOptions): { collection: FeatureCollection; info: TopologyExportInfo } {
  const precision = checkPrecision(options.precision ?? DEFAULT_GEOJSON_PRECISION);
  const { topology, info } = toTopology(exported, { precision, ...(options.simplify !== undefined ? { simplify: options.simplify } : {}) });
  const back = fromTopology(topology);
  const collections = Object.fromEntries(Object.keys(exported.collections).map((name) => [name, back[name]!]));
  return { collection: tidyCollection(mergedCollection({ ...exported, collections }), precision), info };
}

/** CSV rows of the collections as given; `written`, the same features as exported, fills a WKT column (none when null). */
function csvText(exported: ExportCollections, written: readonly Feature[] | null): string {
  const original = mergedCollection(exported).features;
  const wkt = written !== null;
  const many = Object.keys(exported.collections).length > 1;
  const keys: string[] = [];
  for (const f of original) for (const k of Object.keys(f.properties ?? {})) if (k !== 'layer' && !keys.includes(k)) keys.push(k);
  const header = [...(many ? ['layer'] : []), 'feature', ...keys, 'area_km2', ...(wkt ? ['wkt'] : [])];
  const index = new Map<string, number>();
  const rows = original.map((f: Feature, i) => {
    const layer = many ? String(f.properties?.layer) : '';
    const n = index.get(layer) ?? 0;
    index.set(layer, n + 1);
    return [
      ...(many ? [layer] : []),
      n,
      ...keys.map((k) => f.properties?.[k]),
      areaOf(f.geometry),
      ...(written !== null ? [toWkt(written[i]?.geometry ?? null)] : []),
    ];
  });
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

function areaOf(geometry: Geometry | null): number {
  return geometry === null ? 0 : areaKm2(geometry);
}

