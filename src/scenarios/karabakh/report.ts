import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { DiffRegion } from '../../model/diff.js';
import type { LayerPack } from '../../model/layer.js';
import { buildReport, type Report } from '../../model/report.js';
import type { ControlSnapshot } from '../../model/snapshot.js';
import { ONE_FIFTH_CLAIM } from './claims.js';
import { karabakhSnapshots } from './snapshots.js';

/** The diffs the Karabakh report walks through: ceasefire → statement → after the handovers. */
export const KARABAKH_DIFF_CHAIN = ['karabakh-1994-05-12', 'karabakh-2020-11-10', 'karabakh-2020-12-01'] as const;

/**
 * The regions transfers are broken down by: the seven districts (fitted, from `districts`)
 * and the former NKAO. They do not overlap: the fitted districts lie outside the oblast.
 */
export function karabakhRegions(pack: LayerPack): DiffRegion[] {
  const districts = pack.layer<Polygon | MultiPolygon>('districts').geojson.features.map((f) => ({
    id: String(f.properties?.district ?? f.properties?.name),
    name: String(f.properties?.name),
    geometry: f.geometry,
  }));
  const nkao = pack.layer<Polygon | MultiPolygon>('nkao-1991').geojson.features[0]!;
  return [...districts, { id: 'nkao', name: 'former NKAO', geometry: nkao.geometry }];
}

export interface KarabakhReportOptions {
  /** Snapshots to add to the built-in ones (e.g. read from a file). */
  extraSnapshots?: readonly ControlSnapshot[];
  /** Snapshot ids to diff in sequence; default {@link KARABAKH_DIFF_CHAIN}. */
  diffChain?: readonly string[];
}

/**
 * The Karabakh report: layer areas, the built-in snapshots, the diffs 1994 → 10 November
 * 2020 → 1 December 2020 by district and NKAO, and the "one fifth" claim.
 */
export function karabakhReport(pack: LayerPack, lineOfContact2020: FeatureCollection, options: KarabakhReportOptions = {}): Report {
  const snapshots = [...karabakhSnapshots(pack, lineOfContact2020), ...(options.extraSnapshots ?? [])];
  return buildReport({
    pack,
    snapshots,
    diffChain: options.diffChain ?? KARABAKH_DIFF_CHAIN,
    regions: karabakhRegions(pack),
    claims: [ONE_FIFTH_CLAIM],
  });
}
