import type { ControlSnapshot } from '../model/snapshot.js';
import { snapshotFromFeatures, snapshotFromGeoJSON } from '../sources/snapshot-file.js';
import { readJsonFeatures } from './read-json.js';

/**
 * A control snapshot read from a GeoJSON file (a FeatureCollection whose features name their
 * `controller`; see `snapshotFromGeoJSON`). The file name is its id of last resort and is
 * named in every error. Features are read one at a time, so a large file is never held whole.
 */
export function readSnapshotFile(file: string): ControlSnapshot {
  const read = readJsonFeatures(file, 'a GeoJSON FeatureCollection of controllers');
  if (read.streamed) return snapshotFromFeatures(read.members, read.features(), file);
  return snapshotFromGeoJSON(read.value, file);
}
