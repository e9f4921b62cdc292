import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FeatureCollection } from 'geojson';
import { ControlSnapshot, type ControlSnapshotInput } from '../../src/model/snapshot.js';
import { fixturesDir } from './paths.js';
import { densifyCollection } from './random-snapshots.js';

const dir = path.join(fixturesDir, 'snapshots');

/** A JSON file from fixtures/snapshots/. */
export const readJson = <T>(name: string): T => JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as T;

/** A snapshot fixture file: controllers' features plus the snapshot's metadata. */
export type SnapshotFile = FeatureCollection & { snapshot: Omit<ControlSnapshotInput, 'controllers'> };

/** A snapshot fixture. Fixtures are drawn with long edges; like any caller, the tests densify them before use. */
export const load = (name: string): ControlSnapshot => {
  const file = readJson<SnapshotFile>(name);
  return ControlSnapshot.fromFeatureCollection(densifyCollection(file), file.snapshot);
};
