import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { FrontlineError } from '../errors.js';
import { areaKm2 } from '../kernel/area.js';
import { checkPrecision, DEFAULT_GEOJSON_PRECISION, tidyCollection } from './coordinates.js';
import { mergedCollection, type ExportCollections } from './features.js';
import { FlatGeobufWriter } from './flatgeobuf.js';
import { fromTopology, toTopology, type TopologyExportInfo } from './topojson.js';
import { toWkt } from './wkt.js';
import { csvCell } from './csv.js';

/** The formats frontline writes as text. */
export type TextExportFormat = 'geojson' | 'topojson' | 'csv' | 'wkt';

/** The formats frontline writes: text, and FlatGeobuf (binary). */
export type ExportFormat = TextExportFormat | 'flatgeobuf';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['geojson', 'topojson', 'csv', 'wkt', 'flatgeobuf'];

/** What {@link exportWithInfo} returns: the file's text, or its bytes for FlatGeobuf, and what the export did. */
export type ExportResult =
  | { text: string; bytes?: undefined; info: TopologyExportInfo | null }
  | { bytes: Uint8Array; text?: undefined; info: TopologyExportInfo; skipped: number };

export interface ExportOptions {
  /** Decimal places of degrees kept (default 6 for GeoJSON, CSV, WKT and FlatGeobuf; 5 for TopoJSON, its grid step). */
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
 * - `flatgeobuf`: the features of the GeoJSON export (the same coordinates) as one FlatGeobuf
 *   layer named as the export, with a spatial index; binary, so the result is a `Uint8Array`.
 *   Features whose geometry vanished on the grid are left out (see `FlatGeobufWriter`).
 *
 * @param exported collections from `packCollections`, `layerCollections`, `snapshotCollections`, `diffCollections`.
 * @param format one of {@link EXPORT_FORMATS}.
 * @param options precision, simplification, WKT column.
 * @returns the file's text (its bytes for `flatgeobuf`).
 * @throws FrontlineError `INVALID_ARGUMENT` for an unknown format or a bad option.
 * @example
 * const text = exportAs(packCollections(pack), 'topojson', { simplify: 100 });
 */
export function exportAs(exported: ExportCollections, format: 'flatgeobuf', options?: ExportOptions): Uint8Array;
export function exportAs(exported: ExportCollections, format: TextExportFormat, options?: ExportOptions): string;
export function exportAs(exported: ExportCollections, format: ExportFormat, options?: ExportOptions): string | Uint8Array;
export function exportAs(exported: ExportCollections, format: ExportFormat, options: ExportOptions = {}): string | Uint8Array {
  const result = exportWithInfo(exported, format, options);
  return result.bytes ?? result.text;
}

/**
 * {@link exportAs}, with what the export did: the grid, the simplification, and how many
 * features the repairs on the grid changed (see `toTopology`). CSV without `wkt` writes the
 * geometry as it is and reports null. FlatGeobuf gives bytes, and how many features it left out
 * for having no geometry left (`skipped`).
 */
export function exportWithInfo(
  exported: ExportCollections,
  format: 'flatgeobuf',
  options?: ExportOptions,
): { bytes: Uint8Array; info: TopologyExportInfo; skipped: number };
export function exportWithInfo(
  exported: ExportCollections,
  format: TextExportFormat,
  options?: ExportOptions,
): { text: string; info: TopologyExportInfo | null };
export function exportWithInfo(exported: ExportCollections, format: ExportFormat, options?: ExportOptions): ExportResult;
export function exportWithInfo(exported: ExportCollections, format: ExportFormat, options: ExportOptions = {}): ExportResult {
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new FrontlineError('INVALID_ARGUMENT', `unknown export format "${String(format)}" (formats: ${EXPORT_FORMATS.join(', ')})`, { where: 'format' });
  }
  if (format === 'topojson') {
    const { topology, info } = toTopology(exported, {
      ...(options.precision !== undefined ? { precision: options.precision } : {}),
      ...(options.simplify !== undefined ? { simplify: options.simplify } : {}),
    });
    return { text: JSON.stringify({ ...topology, frontline: frontlineBlock(exported, info) }), info };
  }
  if (format === 'csv' && !options.wkt) return { text: csvText(exported, null), info: null };
  const { collection, info } = processed(exported, options);
  if (format === 'geojson') return { text: JSON.stringify(collection), info };
  if (format === 'wkt') return { text: `${collection.features.map((f) => toWkt(f.geometry)).join('\n')}\n`, info };
  if (format === 'flatgeobuf') {
    const writer = new FlatGeobufWriter(exported.name);
    for (const f of collection.features) writer.add(f);
    return { bytes: writer.finish(), info, skipped: writer.skipped };
  }
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
  return `${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
}

function areaOf(geometry: Geometry | null): number {
  return geometry === null ? 0 : areaKm2(geometry);
}
