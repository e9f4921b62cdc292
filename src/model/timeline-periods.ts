/**
 * A timeline summed by period: ISO weeks (Monday to Sunday, numbered as ISO 8601 does, so that
 * 30 December 2024 is in 2025-W01), calendar months or years. For each period and controller
 * (and region): the ground gained and lost over the steps that end in the period, the net
 * change, and the area held on the period's last snapshot; and for each period, which days it
 * had a snapshot for and which it did not, so that a month with a week missing says so.
 *
 * A step belongs to the period of its later date. When days are missing, the step after the
 * gap carries everything that changed over it, and may reach back into the period before: the
 * row's `from` says from which snapshot its figures are measured.
 */
import { FrontlineError } from '../errors.js';
import type { TimelineRow } from './timeline.js';
import type { TimelineRegionRow } from './timeline-regions.js';

export type PeriodUnit = 'week' | 'month' | 'year';

export const PERIOD_UNITS: readonly PeriodUnit[] = ['week', 'month', 'year'];

/** One period of the calendar and the snapshots the timeline has in it. */
export interface PeriodCoverage {
  /** `2024-W27`, `2024-07` or `2024`. */
  period: string;
  /** First and last day of the period, `YYYY-MM-DD`. */
  start: string;
  end: string;
  days: number;
  /** Dates with a snapshot. */
  snapshots: string[];
  /** Days without one, as ranges of consecutive days `[first, last]`. */
  missing: [string, string][];
}

/** One controller (in one region, with regions) over one period; km², WGS84 ellipsoid. */
export interface TimelinePeriodRow {
  period: string;
  controller: string;
  /** With regions: the region, or `(outside regions)`. */
  region?: string;
  /** The snapshot the figures are measured from: the last one before the period, or null for the series' first period. */
  from: string | null;
  /** The period's last snapshot. */
  to: string;
  gainedKm2: number;
  lostKm2: number;
  /** Area at `to` less area at `from` (the sum of the steps' net changes). */
  netKm2: number;
  /** Area held on `to`. */
  areaKm2: number;
}

export interface TimelinePeriods {
  by: PeriodUnit;
  periods: PeriodCoverage[];
  /** One per period and controller. */
  rows: TimelinePeriodRow[];
  /** With regions: one per period, controller and region (outside last); they sum to `rows`. */
  regionRows: TimelinePeriodRow[];
}

const DAY_MS = 86_400_000;
const dayOf = (date: string): number => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
const dateOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/**
 * The period a date falls in, and the period's first and last day.
 *
 * @example
 * periodOf('2024-12-30', 'week');  // { period: '2025-W01', start: '2024-12-30', end: '2025-01-05' }
 * periodOf('2024-07-08', 'month'); // { period: '2024-07', start: '2024-07-01', end: '2024-07-31' }
 */
export function periodOf(date: string, by: PeriodUnit): { period: string; start: string; end: string } {
  const day = dayOf(date);
  if (!Number.isFinite(day)) throw new FrontlineError('INVALID_ARGUMENT', `not a date: ${JSON.stringify(date)}`);
  const y = Number(date.slice(0, 4));
  if (by === 'year') return { period: String(y).padStart(4, '0'), start: `${date.slice(0, 4)}-01-01`, end: `${date.slice(0, 4)}-12-31` };
  if (by === 'month') {
    const m = Number(date.slice(5, 7));
    const last = dateOf(Date.UTC(y, m, 1) / DAY_MS - 1);
    return { period: date.slice(0, 7), start: `${date.slice(0, 7)}-01`, end: last };
  }
  // ISO 8601: weeks start on Monday; week 1 is the one with the year's first Thursday.
  const weekday = (new Date(day * DAY_MS).getUTCDay() + 6) % 7;
  const monday = day - weekday;
  const thursday = monday + 3;
  const isoYear = new Date(thursday * DAY_MS).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(isoYear, 0, 1) / DAY_MS) / 7) + 1;
  return { period: `${isoYear}-W${String(week).padStart(2, '0')}`, start: dateOf(monday), end: dateOf(monday + 6) };
}

/**
 * Sums a timeline's rows (and region rows) by period.
 *
 * @param rows the timeline's rows, in date order (as `computeTimeline` gives them)
 * @param by `week`, `month` or `year`
 * @param regionRows the rows split by region, when the timeline has them
 * @example
 * const months = timelinePeriods(timeline.rows, 'month');
 * months.rows.find((r) => r.period === '2024-10' && r.controller === 'russia')?.gainedKm2;
 */
export function timelinePeriods(rows: readonly TimelineRow[], by: PeriodUnit, regionRows: readonly TimelineRegionRow[] = []): TimelinePeriods {
  if (!PERIOD_UNITS.includes(by)) throw new FrontlineError('INVALID_ARGUMENT', `periods are week, month or year, got ${JSON.stringify(by)}`);
  const dates = [...new Set(rows.map((r) => r.date))].sort();
  const periods: PeriodCoverage[] = [];
  const periodIndex = new Map<string, number>();
  if (dates.length > 0) {
    let day = dayOf(periodOf(dates[0]!, by).start);
    const lastDay = dayOf(periodOf(dates[dates.length - 1]!, by).end);
    const have = new Set(dates);
    while (day <= lastDay) {
      const p = periodOf(dateOf(day), by);
      const [d0, d1] = [dayOf(p.start), dayOf(p.end)];
      const cover: PeriodCoverage = { period: p.period, start: p.start, end: p.end, days: d1 - d0 + 1, snapshots: [], missing: [] };
      for (let d = d0; d <= d1; d++) {
        const date = dateOf(d);
        if (have.has(date)) cover.snapshots.push(date);
        else {
          const last = cover.missing[cover.missing.length - 1];
          if (last && dayOf(last[1]) === d - 1) last[1] = date;
          else cover.missing.push([date, date]);
        }
      }
      periodIndex.set(p.period, periods.length);
      periods.push(cover);
      day = d1 + 1;
    }
  }
  const summed = (series: readonly (TimelineRow | TimelineRegionRow)[], region: boolean): TimelinePeriodRow[] => {
    const groups = new Map<string, (TimelineRow | TimelineRegionRow)[]>();
    for (const r of series) {
      const key = region ? `${r.controller}\u0000${(r as TimelineRegionRow).region}` : r.controller;
      let list = groups.get(key);
      if (!list) groups.set(key, (list = []));
      list.push(r);
    }
    const produced: TimelinePeriodRow[] = [];
    for (const list of groups.values()) {
      const byDate = new Map(list.map((r) => [r.date, r]));
      const { controller } = list[0]!;
      const regionName = region ? (list[0] as TimelineRegionRow).region : undefined;
      let previousSnapshot: string | null = null;
      for (const cover of periods) {
        if (cover.snapshots.length === 0) continue;
        const to = cover.snapshots[cover.snapshots.length - 1]!;
        let gained = 0;
        let lost = 0;
        let net = 0;
        let any = false;
        for (const date of cover.snapshots) {
          const r = byDate.get(date);
          if (!r) continue;
          any = true;
          gained += r.gainedKm2 ?? 0;
          lost += r.lostKm2 ?? 0;
          net += r.netKm2 ?? 0;
        }
        const areaKm2 = byDate.get(to)?.areaKm2 ?? 0;
        if (any || areaKm2 > 0) {
          produced.push({
            period: cover.period,
            controller,
            ...(regionName !== undefined ? { region: regionName } : {}),
            from: previousSnapshot,
            to,
            gainedKm2: gained,
            lostKm2: lost,
            netKm2: net,
            areaKm2,
          });
        }
        previousSnapshot = to;
      }
    }
    // Stable: regions stay in the order the timeline gave them.
    return produced.sort((a, b) => periodIndex.get(a.period)! - periodIndex.get(b.period)! || cmp(a.controller, b.controller));
  };
  return { by, periods, rows: summed(rows, false), regionRows: regionRows.length > 0 ? summed(regionRows, true) : [] };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
