import type { Feature, FeatureCollection, Geometry, GeoJsonProperties } from 'geojson';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { feature as topoFeature } from 'topojson-client';
import { topology as toTopology } from 'topojson-server';
import { FrontlineError, describeValue } from '../errors.js';
import { transformProblem } from './topology-transform.js';

export { transformProblem };

/** What a layer's geometry stands for. */
export type LayerKind =
  /** areas that partition or describe territory (polygons) */
  | 'area'
  /** lines such as boundaries and lines of contact */
  | 'line';

/** Everything a reader needs to know about a layer besides its geometry. */
export interface LayerMeta {
  /** Stable identifier, e.g. `nkao-1991`. */
  readonly id: string;
  readonly title: string;
  readonly kind: LayerKind;
  /** First day the layer describes (ISO date), or null when it has no start. */
  readonly validFrom: string | null;
  /** Day the layer stops describing reality (ISO date, exclusive), or null when still valid. */
  readonly validTo: string | null;
  /** Where the geometry comes from and how it was derived. */
  readonly source: string;
  /** Licence the layer is shipped under (derived layers inherit their sources' terms). */
  readonly licence: string;
  /** How far the geometry can be trusted. */
  readonly accuracy: string;
  readonly description?: string;
}

/** One layer: a GeoJSON FeatureCollection plus its metadata. */
export interface Layer<G extends Geometry = Geometry, P extends GeoJsonProperties = GeoJsonProperties> {
  readonly meta: LayerMeta;
  readonly geojson: FeatureCollection<G, P>;
}

/** Properties every feature of a pack carries; `name` is English, `nameAz` Azerbaijani where one exists. */
export interface FeatureNames {
  name: string;
  nameAz?: string;
}

/** Version of the metadata block written into a pack's topology. */
const PACK_FORMAT = 1;

/** The metadata block a pack stores beside its TopoJSON objects. */
export interface PackInfo {
  readonly format: number;
  readonly name: string;
  readonly title: string;
  readonly layers: readonly LayerMeta[];
  /** What building the pack repaired, fitted or clipped, as the builder reported it. */
  readonly build?: unknown;
  /** The control snapshots a scenario makes of the pack's layers, described in words. */
  readonly snapshots?: readonly SnapshotDescription[];
  /** Geometry derived for the snapshots (see {@link LayerPack.parts}), described like layers. */
  readonly parts?: readonly LayerMeta[];
}

/**
 * A control snapshot as a pack describes it: everything but its geometry, which the scenario
 * builds from the pack's layers. Carried by the pack so that the description of the data travels
 * with the data.
 */
export interface SnapshotDescription {
  readonly id: string;
  /** `YYYY-MM-DD`. */
  readonly date: string;
  readonly label: string;
  readonly sources: string[];
  readonly notes?: string;
  readonly accuracy?: string;
}

/** A topology with frontline's metadata block. */
export type PackTopology = Topology & { frontline: PackInfo };

/** A set of layers that belong together, loaded from one TopoJSON topology. */
export class LayerPack {
  readonly name: string;
  readonly title: string;
  readonly layers: readonly Layer[];
  /** The build report stored with the pack, if any. */
  readonly build: unknown;
  /** The snapshots the pack describes (none when it describes none). */
  readonly snapshots: readonly SnapshotDescription[];
  /**
   * Geometry a scenario derived from the layers to build its snapshots from (the side of an
   * area that authored lines cut, the band where the lines may lie), carried so that snapshots
   * are overlays of the pack alone. Not layers: no table, map or export of the pack lists them.
   */
  readonly parts: readonly Layer[];
  private readonly byId: ReadonlyMap<string, Layer>;

  constructor(
    name: string,
    title: string,
    layers: readonly Layer[],
    build?: unknown,
    snapshots: readonly SnapshotDescription[] = [],
    parts: readonly Layer[] = [],
  ) {
    const byId = new Map<string, Layer>();
    for (const layer of layers) {
      if (byId.has(layer.meta.id)) {
        throw new FrontlineError('INVALID_ARGUMENT', `two layers share the id "${layer.meta.id}"`, { where: layer.meta.id });
      }
      byId.set(layer.meta.id, layer);
    }
    this.name = name;
    this.title = title;
    this.layers = layers;
    this.byId = byId;
    this.build = build;
    this.snapshots = snapshots;
    this.parts = parts;
  }

  /** The part with this id (see {@link LayerPack.parts}); throws `UNKNOWN_LAYER` naming the ids that exist. */
  part<G extends Geometry = Geometry>(id: string): Layer<G> {
    const found = this.parts.find((p) => p.meta.id === id);
    if (!found) {
      throw new FrontlineError(
        'UNKNOWN_LAYER',
        `no part "${id}" in pack "${this.name}" (parts: ${this.parts.map((p) => p.meta.id).join(', ') || 'none'}); rebuild the pack`,
        {
          where: id,
        },
      );
    }
    return found as Layer<G>;
  }

  /** Layer ids in pack order. */
  get ids(): string[] {
    return this.layers.map((layer) => layer.meta.id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The layer with this id; throws `UNKNOWN_LAYER` naming the ids that exist. */
  layer<G extends Geometry = Geometry>(id: string): Layer<G> {
    const found = this.byId.get(id);
    if (!found) {
      throw new FrontlineError('UNKNOWN_LAYER', `no layer "${id}" in pack "${this.name}" (layers: ${this.ids.join(', ')})`, {
        where: id,
      });
    }
    return found as Layer<G>;
  }
}

/**
 * Writes layers into one TopoJSON topology. Coordinates are not quantized, so every
 * vertex survives exactly and areas computed from the pack equal those of the layers;
 * borders shared by several layers (identical vertex runs) are stored once as arcs.
 */
export function packTopology(name: string, title: string, layers: readonly Layer[], parts: readonly Layer[] = []): PackTopology {
  const objects: Record<string, FeatureCollection> = {};
  for (const layer of [...layers, ...parts]) {
    if (Object.hasOwn(objects, layer.meta.id))
      throw new FrontlineError('INVALID_ARGUMENT', `two layers or parts share the id "${layer.meta.id}"`, { where: layer.meta.id });
    objects[layer.meta.id] = layer.geojson;
  }
  const topology = toTopology(objects) as Topology;
  const info: PackInfo = {
    format: PACK_FORMAT,
    name,
    title,
    layers: layers.map((layer) => ({ ...layer.meta })),
    ...(parts.length > 0 ? { parts: parts.map((part) => ({ ...part.meta })) } : {}),
  };
  return { ...topology, frontline: info };
}

/**
 * The pack with its arcs written the way TopoJSON quantizes them: integer steps of
 * 10^-decimals degrees, each position as the step from the one before. About a quarter smaller
 * as text, and lossless for coordinates that already lie on that grid: decoded, each lands
 * within 1e-12° of where it was (double rounding of step × count + origin), far inside the
 * overlay's 1e-9° grid. A coordinate off the grid is refused (`INVALID_ARGUMENT`), never moved.
 */
export function quantizedPack(pack: PackTopology, decimals = 9): PackTopology {
  if (pack.transform) throw new FrontlineError('INVALID_ARGUMENT', 'the pack is quantized already');
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 12)
    throw new FrontlineError('INVALID_ARGUMENT', `decimals must be a whole number from 0 to 12, got ${describeValue(decimals)}`);
  const units = 10 ** decimals;
  const step = 1 / units;
  let minX = Infinity,
    minY = Infinity;
  for (const arc of pack.arcs)
    for (const [x, y] of arc) {
      if (x! < minX) minX = x!;
      if (y! < minY) minY = y!;
    }
  const origin = [Math.round(minX * units), Math.round(minY * units)] as const;
  const translate: [number, number] = [origin[0] / units, origin[1] / units];
  const arcs = pack.arcs.map((arc, a) => {
    let px = 0,
      py = 0;
    return arc.map(([x, y], i) => {
      const qx = Math.round(x! * units) - origin[0],
        qy = Math.round(y! * units) - origin[1];
      if (Math.abs(qx * step + translate[0] - x!) > 1e-12 || Math.abs(qy * step + translate[1] - y!) > 1e-12) {
        throw new FrontlineError('INVALID_ARGUMENT', `arc ${a}, position ${i} (${x}, ${y}) is not on the 1e-${decimals}° grid`, { where: `arcs[${a}][${i}]` });
      }
      const delta: [number, number] = [qx - px, qy - py];
      px = qx;
      py = qy;
      return delta;
    });
  });
  return { ...pack, transform: { scale: [step, step], translate }, arcs };
}

/**
 * Reads a pack from its topology, given as parsed JSON (the library never touches the
 * file system, so this works the same in a browser). Throws `PACK_MALFORMED` naming
 * what is missing.
 */
export function loadPack(topology: unknown): LayerPack {
  if (!isRecord(topology) || topology.type !== 'Topology' || !isRecord(topology.objects) || !Array.isArray(topology.arcs)) {
    throw new FrontlineError('PACK_MALFORMED', 'not a TopoJSON topology (expected {"type": "Topology", "objects": {...}, "arcs": [...]})');
  }
  const info = topology.frontline;
  if (!isRecord(info) || typeof info.name !== 'string' || !Array.isArray(info.layers)) {
    throw new FrontlineError('PACK_MALFORMED', 'topology has no "frontline" metadata block with a name and layers');
  }
  if (info.format !== PACK_FORMAT) {
    throw new FrontlineError('PACK_MALFORMED', `pack format ${describeValue(info.format)} is not supported (expected ${PACK_FORMAT}); rebuild it`);
  }
  const objects = topology.objects;
  checkArcs(topology);
  const read = (list: unknown, field: 'layers' | 'parts') =>
    (list as unknown[]).map((value, index): Layer => {
      const meta = layerMeta(value, index, field);
      const object = objects[meta.id];
      if (!isRecord(object) || object.type !== 'GeometryCollection') {
        throw new FrontlineError(
          'PACK_MALFORMED',
          `${field === 'layers' ? 'layer' : 'part'} "${meta.id}" has no GeometryCollection in the topology's objects`,
          {
            where: meta.id,
          },
        );
      }
      checkTopoGeometry(object, `objects[${JSON.stringify(meta.id)}]`, (topology.arcs as unknown[]).length, 0);
      const geojson = topoFeature(topology as unknown as Topology, object as unknown as GeometryCollection) as FeatureCollection;
      return { meta, geojson };
    });
  const layers = read(info.layers, 'layers');
  if (info.parts !== undefined && !Array.isArray(info.parts))
    throw new FrontlineError('PACK_MALFORMED', 'frontline.parts must be an array', { where: 'frontline.parts' });
  const parts = read(info.parts ?? [], 'parts');
  return new LayerPack(info.name, typeof info.title === 'string' ? info.title : info.name, layers, info.build, snapshotDescriptions(info.snapshots), parts);
}

/**
 * A layer's metadata as the pack states it, every field checked: a pack from elsewhere (a file
 * a user gives, a fetched URL) is data, and a missing licence or a misspelt kind must be named,
 * not cast into a LayerMeta that later code trusts.
 */
function layerMeta(value: unknown, index: number, field: 'layers' | 'parts' = 'layers'): LayerMeta {
  const at = `frontline.${field}[${index}]`;
  if (!isRecord(value) || typeof value.id !== 'string' || value.id === '') {
    throw new FrontlineError('PACK_MALFORMED', `layer metadata ${index} has no id`, { where: at });
  }
  const id = value.id;
  const bad = (field: string, expected: string): never => {
    throw new FrontlineError('PACK_MALFORMED', `layer "${id}": ${field} must be ${expected}, got ${describeValue(value[field])}`, { where: `${at}.${field}` });
  };
  const text = (field: string): string => (typeof value[field] === 'string' ? (value[field] as string) : bad(field, 'a string'));
  const date = (field: string): string | null => {
    const v = value[field];
    if (v === null) return null;
    return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : bad(field, 'an ISO date (YYYY-MM-DD) or null');
  };
  const kind = value.kind === 'area' || value.kind === 'line' ? value.kind : bad('kind', '"area" or "line"');
  const description = value.description;
  if (description !== undefined && typeof description !== 'string') bad('description', 'a string when present');
  return {
    id,
    title: text('title'),
    kind,
    validFrom: date('validFrom'),
    validTo: date('validTo'),
    source: text('source'),
    licence: text('licence'),
    accuracy: text('accuracy'),
    ...(typeof description === 'string' ? { description } : {}),
  };
}

/** The snapshot descriptions of a pack's metadata block, every field checked (none when absent). */
function snapshotDescriptions(value: unknown): SnapshotDescription[] {
  if (value === undefined) return [];
  if (!Array.isArray(value))
    throw new FrontlineError('PACK_MALFORMED', `frontline.snapshots must be an array, got ${describeValue(value)}`, { where: 'frontline.snapshots' });
  return value.map((d, i): SnapshotDescription => {
    const at = `frontline.snapshots[${i}]`;
    const bad = (field: string, expected: string): never => {
      throw new FrontlineError('PACK_MALFORMED', `snapshot description ${i}: ${field} must be ${expected}`, { where: `${at}.${field}` });
    };
    if (!isRecord(d)) return bad('(the description)', 'an object');
    const text = (field: string): string => (typeof d[field] === 'string' && d[field] !== '' ? (d[field] as string) : bad(field, 'a non-empty string'));
    const optional = (field: string): string | undefined => (d[field] === undefined ? undefined : text(field));
    const date = text('date');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) bad('date', 'a date, YYYY-MM-DD');
    if (!Array.isArray(d.sources) || !d.sources.every((s) => typeof s === 'string')) bad('sources', 'an array of strings');
    const notes = optional('notes'),
      accuracy = optional('accuracy');
    return {
      id: text('id'),
      date,
      label: text('label'),
      sources: [...(d.sources as string[])],
      ...(notes ? { notes } : {}),
      ...(accuracy ? { accuracy } : {}),
    };
  });
}

/** Builds a Feature with the given geometry and properties (never shares the caller's objects). */
export function makeFeature<G extends Geometry, P extends GeoJsonProperties>(geometry: G, properties: P): Feature<G, P> {
  return { type: 'Feature', properties, geometry };
}

function malformed(message: string, where: string): never {
  throw new FrontlineError('PACK_MALFORMED', `${message} at ${where}`, { where });
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * The parts of a topology topojson-client reads without checking: the transform, and every arc
 * as a list of positions of finite numbers. Without this a bad pack fails deep inside the
 * conversion with a TypeError that names nothing.
 */
function checkArcs(topology: Record<string, unknown>): void {
  const problem = transformProblem(topology.transform);
  if (problem) malformed(problem, 'transform');
  (topology.arcs as unknown[]).forEach((arc, i) => {
    if (!Array.isArray(arc) || arc.length === 0) malformed('arc must be a non-empty array of positions', `arcs[${i}]`);
    (arc as unknown[]).forEach((p, j) => {
      if (!Array.isArray(p) || p.length < 2 || !isFiniteNumber(p[0]) || !isFiniteNumber(p[1]))
        malformed('position must be an array of two finite numbers', `arcs[${i}][${j}]`);
    });
  });
}

const ARC_DEPTH: Record<string, number> = { LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 };

/** A TopoJSON geometry: its type, and arc references that are integers naming arcs that exist (~i for arc i reversed). */
function checkTopoGeometry(geometry: unknown, where: string, arcCount: number, depth: number): void {
  if (!isRecord(geometry)) malformed('geometry must be an object', where);
  const type = geometry.type;
  if (type === null) return;
  if (type === 'GeometryCollection') {
    if (!Array.isArray(geometry.geometries)) malformed('GeometryCollection has no geometries array', `${where}.geometries`);
    if (depth >= 32) malformed('GeometryCollections nested more than 32 deep', where);
    (geometry.geometries as unknown[]).forEach((g, i) => checkTopoGeometry(g, `${where}.geometries[${i}]`, arcCount, depth + 1));
    return;
  }
  if (type === 'Point' || type === 'MultiPoint') {
    const list = type === 'Point' ? [geometry.coordinates] : geometry.coordinates;
    if (!Array.isArray(list) || !list.every((p) => Array.isArray(p) && p.length >= 2 && isFiniteNumber(p[0]) && isFiniteNumber(p[1]))) {
      malformed(`${type} coordinates must be positions of finite numbers`, `${where}.coordinates`);
    }
    return;
  }
  const levels = typeof type === 'string' ? ARC_DEPTH[type] : undefined;
  if (levels === undefined || !Object.hasOwn(ARC_DEPTH, type as string)) malformed(`unknown geometry type ${describeValue(type)}`, `${where}.type`);
  const walk = (value: unknown, level: number, at: string): void => {
    if (level === 0) {
      if (!Number.isInteger(value) || ((value as number) < 0 ? -(value as number) - 1 : (value as number)) >= arcCount)
        malformed(`arc reference ${describeValue(value)} is not an arc of this topology (it has ${arcCount})`, at);
      return;
    }
    if (!Array.isArray(value)) malformed('arcs must be nested arrays of arc indices', at);
    (value as unknown[]).forEach((v, i) => walk(v, level - 1, `${at}[${i}]`));
  };
  walk(geometry.arcs, levels!, `${where}.arcs`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
