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
  private readonly byId: ReadonlyMap<string, Layer>;

  constructor(name: string, title: string, layers: readonly Layer[], build?: unknown) {
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
export function packTopology(name: string, title: string, layers: readonly Layer[]): PackTopology {
  const objects: Record<string, FeatureCollection> = {};
  for (const layer of layers) objects[layer.meta.id] = layer.geojson;
  const topology = toTopology(objects) as Topology;
  const info: PackInfo = { format: PACK_FORMAT, name, title, layers: layers.map((layer) => ({ ...layer.meta })) };
  return { ...topology, frontline: info };
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
  const layers = (info.layers as unknown[]).map((meta, index): Layer => {
    if (!isRecord(meta) || typeof meta.id !== 'string') {
      throw new FrontlineError('PACK_MALFORMED', `layer metadata ${index} has no id`, { where: `frontline.layers[${index}]` });
    }
    const object = objects[meta.id];
    if (!isRecord(object) || object.type !== 'GeometryCollection') {
      throw new FrontlineError('PACK_MALFORMED', `layer "${meta.id}" has no GeometryCollection in the topology's objects`, {
        where: meta.id,
      });
    }
    checkTopoGeometry(object, `objects[${JSON.stringify(meta.id)}]`, (topology.arcs as unknown[]).length, 0);
    const geojson = topoFeature(topology as unknown as Topology, object as unknown as GeometryCollection) as FeatureCollection;
    return { meta: meta as unknown as LayerMeta, geojson };
  });
  return new LayerPack(info.name, typeof info.title === 'string' ? info.title : info.name, layers, info.build);
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
      if (!Array.isArray(p) || p.length < 2 || !isFiniteNumber(p[0]) || !isFiniteNumber(p[1])) malformed('position must be an array of two finite numbers', `arcs[${i}][${j}]`);
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
      if (!Number.isInteger(value) || ((value as number) < 0 ? -(value as number) - 1 : (value as number)) >= arcCount) malformed(`arc reference ${describeValue(value)} is not an arc of this topology (it has ${arcCount})`, at);
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
