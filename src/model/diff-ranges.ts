import type { MultiPolygon } from 'geojson';
import { bboxOf, NONE, shortEdged, type ControlSnapshot } from './snapshot.js';
import { boxesOverlap } from '../kernel/bbox.js';
import type { DiffRegion, SnapshotDiff } from './diff.js';
import { OUTSIDE_REGIONS } from './diff.js';
import { areaKm2 } from '../kernel/area.js';
import { difference, intersection, union } from '../kernel/overlay.js';
import { areaRange, exactArea, isExact, rangeDifference, rangeOverlap, uncertainSetOperation, type Range, type UncertainArea } from './uncertainty.js';

/** The range of each figure of one controller's change (see {@link diffRanges}). */
export interface ControllerChangeRanges {
  controller: string;
  before: Range;
  after: Range;
  gained: Range;
  lost: Range;
  retained: Range;
  net: Range;
}

/** The range of a transfer and of each of its regional rows. */
export interface TransferRanges {
  from: string;
  to: string;
  area: Range;
  byRegion: { region: string; area: Range }[];
}

/** Every figure of a diff with its range; `value`s are the diff's own figures. */
export interface DiffRanges {
  controllers: ControllerChangeRanges[];
  transfers: TransferRanges[];
}

/**
 * The range of every figure of a diff between two snapshots whose controllers carry bounds
 * (`ControlSnapshot.uncertain`): what each controller held before and after, gained, lost and
 * kept, each transfer and its breakdown by region, from the same set formulas as
 * `diffSnapshots` applied to the bounds by interval arithmetic (`UncertainArea`): gained =
 * after − before lies between after⁻ − before⁺ and after⁺ − before⁻, and so on. The net change
 * is bounded both as after − before and as gained − lost, and the tighter of the two is kept.
 *
 * When both snapshots rest on the same uncertain line (one built from the other), the ranges
 * treat the two positions of the line as independent, so they are wider than the truth (the
 * ground the line could sweep counts as possibly gained as well as possibly lost); they never
 * leave out a value the stated accuracy allows. Between two exact snapshots every range is zero
 * and nothing is recomputed.
 *
 * @param diff the diff of `a` and `b` (`diffSnapshots(a, b, { regions })`), whose figures are the values.
 */
export function diffRanges(a: ControlSnapshot, b: ControlSnapshot, diff: SnapshotDiff, regions: readonly DiffRegion[] = []): DiffRanges {
  const exact = (value: number): Range => ({ value, low: value, high: value });
  const uncertainOf = (s: ControlSnapshot, c: string): UncertainArea => (s.has(c) ? s.uncertain(c) : exactArea(EMPTY));
  const allExact = [a, b].every((s) => s.controllers.every((c) => isExact(s.uncertain(c))));
  // The diff's value stands; the bounds' areas are measured in the same short-edged form.
  const ranged = (value: number, area: UncertainArea): Range => areaRange(area, value, shortEdged);

  const controllers = diff.controllers.map((change): ControllerChangeRanges => {
    const c = change.controller;
    if (allExact) {
      return {
        controller: c,
        before: exact(change.beforeKm2),
        after: exact(change.afterKm2),
        gained: exact(change.gainedKm2),
        lost: exact(change.lostKm2),
        retained: exact(change.retainedKm2),
        net: exact(change.netKm2),
      };
    }
    const before = uncertainOf(a, c),
      after = uncertainOf(b, c);
    const beforeR = a.has(c) ? a.areaRangeKm2(c) : exact(0);
    const afterR = b.has(c) ? b.areaRangeKm2(c) : exact(0);
    const gained = ranged(change.gainedKm2, uncertainSetOperation('difference', [after, before], change.gained));
    const lost = ranged(change.lostKm2, uncertainSetOperation('difference', [before, after], change.lost));
    const retained = ranged(change.retainedKm2, uncertainSetOperation('intersection', [before, after], change.retained));
    // Both bounds are valid, so their overlap is; widened by rounding (the two ways of taking the
    // net differ by about 1e-9 of the areas) to hold the diff's own value.
    const both = rangeOverlap(rangeDifference(afterR, beforeR), rangeDifference(gained, lost));
    const net = { value: change.netKm2, low: Math.min(both.low, change.netKm2), high: Math.max(both.high, change.netKm2) };
    return { controller: c, before: beforeR, after: afterR, gained, lost, retained, net };
  });

  let regionsUnion: MultiPolygon | undefined;
  const transfers = diff.transfers.map((t): TransferRanges => {
    if (allExact) return { from: t.from, to: t.to, area: exact(t.areaKm2), byRegion: t.byRegion.map((r) => ({ region: r.region, area: exact(r.areaKm2) })) };
    const ground =
      t.from === NONE
        ? uncertainSetOperation('difference', [uncertainOf(b, t.to), a.uncertainCoverage()], t.geometry)
        : t.to === NONE
          ? uncertainSetOperation('difference', [uncertainOf(a, t.from), b.uncertainCoverage()], t.geometry)
          : uncertainSetOperation('intersection', [uncertainOf(a, t.from), uncertainOf(b, t.to)], t.geometry);
    if (isExact(ground))
      return { from: t.from, to: t.to, area: exact(t.areaKm2), byRegion: t.byRegion.map((r) => ({ region: r.region, area: exact(r.areaKm2) })) };
    // A region row's bounds differ from its value only by the ground the transfer could gain
    // (outer − geometry) or lose (geometry − inner) inside the region: two small pieces, cut once,
    // then measured region by region, so a region they do not reach costs nothing.
    // Kept as the overlay returns them (on its grid) until they are measured: a piece cut back
    // to short edges has points off the grid, and a sliver of it could vanish on the way back in.
    const gain = difference(ground.outer, ground.geometry);
    const loss = difference(ground.geometry, ground.inner);
    const [gainBox, lossBox] = [bboxOf(gain), bboxOf(loss)];
    const within = (piece: MultiPolygon, box: ReturnType<typeof bboxOf>, region: DiffRegion | 'outside'): number => {
      if (region === 'outside') {
        regionsUnion ??= regions.length === 0 ? EMPTY : union(regions[0]!.geometry, ...regions.slice(1).map((r) => r.geometry));
        return areaKm2(shortEdged(difference(piece, regionsUnion)));
      }
      return boxesOverlap(box, bboxOf(region.geometry)) ? areaKm2(shortEdged(intersection(piece, region.geometry))) : 0;
    };
    const byRegion = t.byRegion.map((row) => {
      const region = row.region === OUTSIDE_REGIONS ? 'outside' : regions.find((r) => r.id === row.region);
      if (!region) return { region: row.region, area: exact(row.areaKm2) };
      const low = row.areaKm2 - within(loss, lossBox, region),
        high = row.areaKm2 + within(gain, gainBox, region);
      return { region: row.region, area: { value: row.areaKm2, low: Math.min(low, row.areaKm2), high: Math.max(high, row.areaKm2) } };
    });
    return { from: t.from, to: t.to, area: ranged(t.areaKm2, ground), byRegion };
  });

  return { controllers, transfers };
}

const EMPTY: MultiPolygon = { type: 'MultiPolygon', coordinates: [] };
