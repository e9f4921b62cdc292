import type { ControlSnapshot } from '../model/snapshot.js';
import { snapshotFromGeoJSON } from '../model/snapshot-file.js';
import { readJsonFile } from './read-json.js';

/**
 * A control snapshot read from a GeoJSON file (a FeatureCollection whose features name their
 * `controller`; see `snapshotFromGeoJSON`). The file name is its id of last resort and is
 * named in every error.
 */
export function readSnapshotFile(file: string): ControlSnapshot {
  return snapshotFromGeoJSON(readJsonFile(file, 'a GeoJSON FeatureCollection of controllers'), file);
}
