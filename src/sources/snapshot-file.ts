import type { FeatureCollection } from 'geojson';
import { FrontlineError } from '../errors.js';
import { ControlSnapshot } from '../model/snapshot.js';

/**
 * A snapshot from GeoJSON as users write it (and as `ControlSnapshot.toFeatureCollection`
 * writes it): a FeatureCollection whose features name their `controller`. The snapshot's
 * `id`, `date`, `label` and `sources` come from members of the collection of those names,
 * else from the first feature's `snapshot` and `date` properties; `name` (a file name, say)
 * is the id of last resort and is named in every error.
 *
 * @throws FrontlineError `INVALID_GEOJSON` when it is not a FeatureCollection,
 *   `INVALID_SNAPSHOT` when no date is given or a feature has no controller.
 */
export function snapshotFromGeoJSON(json: unknown, name: string): ControlSnapshot {
  const fc = json as FeatureCollection;
  const features = typeof fc === 'object' && fc !== null && Array.isArray(fc.features) ? fc.features : undefined;
  return snapshotFromFeatures(json, features, name);
}

/**
 * {@link snapshotFromGeoJSON} of a FeatureCollection given as its other members and its
 * features, taken one at a time (as a reader of a large file gives them, so that the file's
 * features are never all held at once): `members` is the collection without its `features`,
 * `features` undefined when the collection has no features array.
 *
 * @throws FrontlineError as {@link snapshotFromGeoJSON}.
 */
export function snapshotFromFeatures(members: unknown, features: Iterable<unknown> | undefined, name: string): ControlSnapshot {
  const fc = members as { type?: unknown; id?: unknown; date?: unknown; label?: unknown; sources?: unknown };
  if (typeof fc !== 'object' || fc === null || fc.type !== 'FeatureCollection' || features === undefined) {
    throw new FrontlineError('INVALID_GEOJSON', `${name}: expected a GeoJSON FeatureCollection of controllers' areas`, { where: name });
  }
  const iterator = features[Symbol.iterator]();
  const head = iterator.next();
  const first = ((head.done ? undefined : (head.value as { properties?: unknown } | null | undefined)?.properties) ?? {}) as {
    snapshot?: unknown;
    date?: unknown;
  };
  const pick = (...values: unknown[]) => values.find((v): v is string => typeof v === 'string' && v.length > 0);
  const date = pick(fc.date, first.date);
  if (date === undefined) {
    throw new FrontlineError('INVALID_SNAPSHOT', `${name}: no date (give the collection a "date": "YYYY-MM-DD" member)`, { where: name });
  }
  const id = pick(fc.id, first.snapshot) ?? name;
  const sources = Array.isArray(fc.sources) ? fc.sources.filter((s): s is string => typeof s === 'string') : [name];
  function* all(): Generator<unknown> {
    if (head.done) return;
    yield head.value;
    for (let next = iterator.next(); !next.done; next = iterator.next()) yield next.value;
  }
  return ControlSnapshot.fromFeatures(all(), { id, date, label: pick(fc.label) ?? id, sources });
}
