/**
 * Everything frontline builds and writes is valid under the OGC rules, by frontline's own
 * `validate` (whose verdicts match GEOS's `IsValidOp`, test/validate.test.ts): the pack, every
 * snapshot, the diffs between them and their pieces, the DeepState timeline's changes, and the
 * exports of all of them. test/postgis.test.ts asks PostGIS the same where it is installed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { diffCollections, layerCollections, mergedCollection, snapshotCollections } from '../src/export/features.js';
import { exportAs } from '../src/export/formats.js';
import { fromTopology } from '../src/export/topojson.js';
import { validate } from '../src/kernel/validate.js';
import { coverage } from '../src/model/areas.js';
import { diffSnapshots, type SnapshotDiff } from '../src/model/diff.js';
import { loadPack, type LayerPack } from '../src/model/layer.js';
import type { ControlSnapshot } from '../src/model/snapshot.js';
import { timelineSteps } from '../src/sources/timeline-source.js';
import { listTimelineFiles, timelineSources } from '../src/node/index.js';
import { shippedPackPath } from '../src/node/paths.js';
import { karabakhSnapshots } from '../src/scenarios/karabakh/index.js';
import { samplesDir } from './support/paths.js';

let pack: LayerPack;
let snapshots: readonly ControlSnapshot[];
let diffs: SnapshotDiff[];

beforeAll(() => {
  pack = loadPack(JSON.parse(readFileSync(shippedPackPath(), 'utf8')));
  snapshots = karabakhSnapshots(pack);
  // Every step of the chain, and the whole of it.
  diffs = [...snapshots.slice(1).map((s, i) => diffSnapshots(snapshots[i]!, s)), diffSnapshots(snapshots[0]!, snapshots[snapshots.length - 1]!)];
});

/** Each error finding, described; an empty list when the input is valid. */
function errors(input: unknown, label: string): string[] {
  return validate(input)
    .filter((f) => f.severity === 'error')
    .map((f) => `${label}: ${f.code} ${f.path}: ${f.message}`);
}

/** Geometries one by one, so that pieces meant to overlap (a diff's gained and retained) are judged alone. */
function geometryErrors(geometries: readonly (Geometry | null)[], label: string): string[] {
  return geometries.flatMap((g, i) => (g === null ? [] : errors(g, `${label} #${i}`)));
}

describe('what frontline builds', () => {
  it("the pack: every layer, and each layer's coverage", () => {
    for (const layer of pack.layers) {
      expect(errors(layer.geojson, layer.meta.id)).toEqual([]);
      expect(errors(coverage(layer), `${layer.meta.id} coverage`)).toEqual([]);
    }
  });

  it('every snapshot, as a collection of controllers that do not overlap', () => {
    for (const s of snapshots) expect(errors(s.toFeatureCollection(), s.id)).toEqual([]);
  });

  it("every diff: each controller's gained, lost and retained ground, and each transfer", () => {
    for (const d of diffs) {
      const label = `${d.from.id}..${d.to.id}`;
      expect(
        geometryErrors(
          d.controllers.flatMap((c) => [c.gained, c.lost, c.retained]),
          label,
        ),
      ).toEqual([]);
      expect(
        geometryErrors(
          d.transfers.map((t) => t.geometry),
          `${label} transfers`,
        ),
      ).toEqual([]);
      expect(errors(mergedCollection(diffCollections(d)), label)).toEqual([]);
    }
  });

  it("the DeepState timeline's changes", async () => {
    const dir = path.join(samplesDir, 'deepstate');
    const features: Feature[] = [];
    for await (const step of timelineSteps(timelineSources(listTimelineFiles(dir, {})), { changes: true })) features.push(...(step.changes as Feature[]));
    expect(features.length).toBeGreaterThan(100);
    expect(
      geometryErrors(
        features.map((f) => f.geometry),
        'deepstate changes',
      ),
    ).toEqual([]);
  });
});

describe('what frontline exports, as readers see it', () => {
  const written = (text: string): FeatureCollection[] => {
    const json = JSON.parse(text);
    return json.type === 'Topology' ? Object.values(fromTopology(json)) : [json];
  };

  it('the pack, every snapshot and every diff, as GeoJSON and TopoJSON at their default grids and simplified', () => {
    const all = [
      ...pack.layers.map((l) => [l.meta.id, layerCollections(pack, l.meta.id)] as const),
      ...snapshots.map((s) => [s.id, snapshotCollections(s)] as const),
      ...diffs.map((d) => [`${d.from.id}..${d.to.id}`, diffCollections(d)] as const),
    ];
    for (const [name, exported] of all) {
      for (const options of [{}, { simplify: 100 }]) {
        for (const format of ['geojson', 'topojson'] as const) {
          const found = written(exportAs(exported, format, options)).flatMap((fc) => errors(fc, `${name} ${format} ${JSON.stringify(options)}`));
          expect(found).toEqual([]);
        }
      }
    }
  });
});
