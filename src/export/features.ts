import type { Feature, FeatureCollection, Geometry, MultiPolygon } from 'geojson';
import type { SnapshotDiff } from '../model/diff.js';
import type { LayerMeta, LayerPack } from '../model/layer.js';
import type { ControlSnapshot } from '../model/snapshot.js';

/**
 * The things frontline exports, each as named FeatureCollections (one per TopoJSON object):
 * a pack gives one collection per layer, a layer one, a snapshot one (a feature per
 * controller), a diff one (a feature per transfer and per controller's retained ground).
 */
export interface ExportCollections {
  /** Name of the whole (pack name, layer id, snapshot id, `FROM..TO`). */
  name: string;
  collections: Record<string, FeatureCollection>;
  /** For a pack or a layer: the metadata a TopoJSON export carries so that `loadPack` reads it back. */
  pack?: { name: string; title: string; layers: LayerMeta[]; build?: unknown };
}

/** Every layer of a pack, one collection per layer id. Features are the layers' own (not copied). */
export function packCollections(pack: LayerPack): ExportCollections {
  return {
    name: pack.name,
    collections: Object.fromEntries(pack.layers.map((l) => [l.meta.id, l.geojson])),
    pack: { name: pack.name, title: pack.title, layers: pack.layers.map((l) => ({ ...l.meta })), ...(pack.build === undefined ? {} : { build: pack.build }) },
  };
}

/** One layer of a pack. */
export function layerCollections(pack: LayerPack, id: string): ExportCollections {
  const layer = pack.layer(id);
  return { name: id, collections: { [id]: layer.geojson }, pack: { name: `${pack.name}/${id}`, title: layer.meta.title, layers: [{ ...layer.meta }] } };
}

/** A snapshot: a feature per controller, as `ControlSnapshot.toFeatureCollection` writes it. */
export function snapshotCollections(snapshot: ControlSnapshot): ExportCollections {
  return { name: snapshot.id, collections: { [snapshot.id]: snapshot.toFeatureCollection() } };
}

/**
 * A diff as ground that does not overlap: one feature per transfer (`change: "transfer"`,
 * `from`, `to`) and one per controller's retained ground (`change: "retained"`, `from` = `to`
 * = the controller), each with `areaKm2` (ellipsoidal) and the two snapshots' ids and dates.
 * What a controller gained is the transfers `to` it, what it lost the transfers `from` it;
 * the pieces tile everything either snapshot covers, so a web map can colour them directly.
 */
export function diffCollections(diff: SnapshotDiff): ExportCollections {
  const name = `${diff.from.id}..${diff.to.id}`;
  const common = { fromSnapshot: diff.from.id, fromDate: diff.from.date, toSnapshot: diff.to.id, toDate: diff.to.date, method: diff.method };
  const features: Feature<MultiPolygon>[] = [
    ...diff.transfers.map((t) => ({
      type: 'Feature' as const,
      properties: { change: 'transfer', from: t.from, to: t.to, areaKm2: t.areaKm2, ...common },
      geometry: t.geometry,
    })),
    ...diff.controllers
      .filter((c) => c.retained.coordinates.length > 0)
      .map((c) => ({
        type: 'Feature' as const,
        properties: { change: 'retained', from: c.controller, to: c.controller, areaKm2: c.retainedKm2, ...common },
        geometry: c.retained,
      })),
  ];
  return { name, collections: { [name]: { type: 'FeatureCollection', features } } };
}

/** All collections as one FeatureCollection, each feature tagged with its collection's name in `properties.layer`. */
export function mergedCollection(exported: ExportCollections): FeatureCollection {
  const many = Object.keys(exported.collections).length > 1;
  const features = Object.entries(exported.collections).flatMap(([layer, fc]) =>
    fc.features.map((f): Feature<Geometry | null> => (many ? { ...f, properties: { layer, ...(f.properties ?? {}) } } : f)),
  );
  return { type: 'FeatureCollection', features: features as Feature[] };
}
