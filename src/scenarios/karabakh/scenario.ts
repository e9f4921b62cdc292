import { checkClaim, resolverFrom, type ClaimCheck } from '../../model/claim.js';
import { diffSnapshots, type DiffRegion, type SnapshotDiff } from '../../model/diff.js';
import type { LayerPack } from '../../model/layer.js';
import { buildReport, type Report } from '../../model/report.js';
import { findSnapshot, type ControlSnapshot } from '../../model/snapshot.js';
import { ONE_FIFTH_CLAIM } from './claims.js';
import { karabakhPack } from './pack.js';
import { karabakhRegionsOf } from './regions.js';
import { karabakhSnapshotsOf } from './snapshots.js';

/**
 * The diffs the Karabakh report walks through: ceasefire → statement → after the handovers →
 * after the Khtsaberd–Hin Tagher pocket was taken.
 */
export const KARABAKH_DIFF_CHAIN = ['karabakh-1994-05-12', 'karabakh-2020-11-10', 'karabakh-2020-12-01', 'karabakh-2020-12-14'] as const;

// Snapshots are built by overlay (about a tenth of a second); once per pack is enough.
const snapshotsByPack = new WeakMap<LayerPack, readonly ControlSnapshot[]>();

/**
 * The Karabakh control snapshots in date order, from the 1994 ceasefire to the end of the
 * Armenian-held area in 2023 (ids `karabakh-1994-05-12`, `karabakh-2020-09-27`,
 * `karabakh-2020-11-10`, `karabakh-2020-12-01`, `karabakh-2020-12-14`, `karabakh-2022-08-26`,
 * `karabakh-2023-09-20`). The controllers of the 2020–2023 snapshots carry bounds
 * (`ControlSnapshot.uncertain`, `areaRangeKm2`) from the stated accuracy of the authored lines.
 *
 * @param pack defaults to the shipped pack ({@link karabakhPack}).
 */
export function karabakhSnapshots(pack: LayerPack = karabakhPack()): readonly ControlSnapshot[] {
  let snapshots = snapshotsByPack.get(pack);
  if (!snapshots) {
    snapshots = Object.freeze(karabakhSnapshotsOf(pack));
    snapshotsByPack.set(pack, snapshots);
  }
  return snapshots;
}

/**
 * One Karabakh snapshot by id (`karabakh-2020-12-01`) or by date: a date (`2021-06-01`) gives
 * the snapshot in force that day, the last one on or before it.
 *
 * @throws FrontlineError `UNKNOWN_SNAPSHOT` naming the snapshots there are.
 * @example
 * karabakhSnapshot('2020-12-01').areaKm2('armenian-forces');
 */
export function karabakhSnapshot(idOrDate: string, pack: LayerPack = karabakhPack()): ControlSnapshot {
  return findSnapshot(karabakhSnapshots(pack), idOrDate);
}

/** The regions Karabakh diffs are broken down by: the seven districts and the former NKAO. */
export function karabakhRegions(pack: LayerPack = karabakhPack()): DiffRegion[] {
  return karabakhRegionsOf(pack);
}

/**
 * What each side gained, lost and kept between two snapshots (ids or dates, see
 * {@link karabakhSnapshot}), broken down by district and former NKAO.
 *
 * @example
 * const war = karabakhDiff('1994-05-12', '2020-11-10');
 * war.transfers.map((t) => [t.from, t.to, t.areaKm2]);
 */
export function karabakhDiff(from: string | ControlSnapshot, to: string | ControlSnapshot, pack: LayerPack = karabakhPack()): SnapshotDiff {
  const pick = (s: string | ControlSnapshot) => (typeof s === 'string' ? karabakhSnapshot(s, pack) : s);
  return diffSnapshots(pick(from), pick(to), { regions: karabakhRegionsOf(pack) });
}

/**
 * The "one fifth" claim checked reading by reading against the pack and its snapshots: each
 * fraction with its range and verdict (`around`, `not around`, `depends`), and again under the
 * published figures for its terms (`alternatives`).
 */
export function karabakhClaim(pack: LayerPack = karabakhPack()): ClaimCheck {
  return checkClaim(ONE_FIFTH_CLAIM, resolverFrom(pack, karabakhSnapshots(pack)));
}

export interface KarabakhReportOptions {
  /** A pack of your own; defaults to the shipped pack. */
  pack?: LayerPack;
  /** Snapshots to add to the built-in ones (e.g. read from a file). */
  extraSnapshots?: readonly ControlSnapshot[];
  /** Snapshot ids to diff in sequence; default {@link KARABAKH_DIFF_CHAIN}. */
  diffChain?: readonly string[];
}

/**
 * The Karabakh report: layer areas, the built-in snapshots, the diffs 1994 → 10 November
 * 2020 → 1 December 2020 → 14 December 2020 by district and NKAO, and the "one fifth" claim;
 * every figure with its range, every reading with its three-way verdict.
 *
 * @example
 * for (const r of karabakhReport().claims[0]!.readings) console.log(r.name, r.fraction);
 */
export function karabakhReport(options: KarabakhReportOptions = {}): Report {
  const pack = options.pack ?? karabakhPack();
  const extra = options.extraSnapshots ?? [];
  const chain = options.diffChain ?? KARABAKH_DIFF_CHAIN;
  const build = () =>
    buildReport({ pack, snapshots: [...karabakhSnapshots(pack), ...extra], diffChain: chain, regions: karabakhRegionsOf(pack), claims: [ONE_FIFTH_CLAIM] });
  // The ranges take a second or two of overlays; a report of the built-in snapshots depends only
  // on the pack and the chain, so it is worked out once and each caller gets its own copy.
  if (extra.length > 0) return build();
  let byChain = reportsByPack.get(pack);
  if (!byChain) reportsByPack.set(pack, (byChain = new Map()));
  const key = JSON.stringify(chain);
  let report = byChain.get(key);
  if (!report) byChain.set(key, (report = build()));
  return structuredClone(report);
}

const reportsByPack = new WeakMap<LayerPack, Map<string, Report>>();
