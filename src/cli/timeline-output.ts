/**
 * What `frontline timeline` prints and writes besides the plain rows: rows by region, sums by
 * period, and how every file was read. The plain rows' CSV (the reference's shape) is in
 * commands/timeline.ts.
 */
import { csvCell } from '../export/csv.js';
import type { SnapshotReading, TimelineFallback, TimelineRow } from '../model/timeline.js';
import type { TimelinePeriods } from '../model/timeline-periods.js';
import type { TimelineRegionRow } from '../model/timeline-regions.js';
import { formatKm2, formatTable } from './table.js';

/** The region of the rows that are a controller's totals, in region CSVs and tables. */
export const TOTAL_REGION = '(total)';

/**
 * A number rounded to 1e-6 (1 m² in km²) and written as Python writes a float (`repr`):
 * shortest digits, `.0` on whole numbers, exponent form below 1e-4. The reference CSVs were
 * written that way, so equal values give equal text. Empty for null.
 */
export function csvNumber(value: number | null): string {
  if (value === null) return '';
  const r = Number(value.toFixed(6));
  if (r === 0) return Object.is(r, -0) ? '-0.0' : '0.0';
  if (Number.isInteger(r)) return `${r}.0`;
  if (Math.abs(r) < 1e-4) {
    const [mantissa, exponent] = r.toExponential().split('e') as [string, string];
    const sign = exponent.startsWith('-') ? '-' : '+';
    return `${mantissa}e${sign}${exponent.replace(/^[+-]/, '').padStart(2, '0')}`;
  }
  return String(r);
}

const crlf = (lines: string[]): string => `${lines.join('\r\n')}\r\n`;

/** Rows by region: each date and controller's total (region `(total)`), then its regions. */
export function regionCsv(rows: readonly TimelineRow[], regionRows: readonly TimelineRegionRow[]): string {
  const lines = ['date,controller,region,area_km2,gained_km2,lost_km2,net_km2'];
  for (const line of byTotal(rows, regionRows)) {
    lines.push(
      [
        line.date.replaceAll('-', ''),
        csvCell(line.controller),
        csvCell(line.region),
        csvNumber(line.areaKm2),
        csvNumber(line.gainedKm2),
        csvNumber(line.lostKm2),
        csvNumber(line.netKm2),
      ].join(','),
    );
  }
  return crlf(lines);
}

/** Totals followed by their region rows, in the timeline's order. */
function byTotal(rows: readonly TimelineRow[], regionRows: readonly TimelineRegionRow[]): TimelineRegionRow[] {
  const regions = new Map<string, TimelineRegionRow[]>();
  for (const r of regionRows) {
    const key = `${r.date}\u0000${r.controller}`;
    let list = regions.get(key);
    if (!list) regions.set(key, (list = []));
    list.push(r);
  }
  return rows.flatMap((r) => [
    { date: r.date, controller: r.controller, region: TOTAL_REGION, areaKm2: r.areaKm2, gainedKm2: r.gainedKm2, lostKm2: r.lostKm2, netKm2: r.netKm2 },
    ...(regions.get(`${r.date}\u0000${r.controller}`) ?? []),
  ]);
}

/** Sums by period, one line per period and controller (and region: totals first). */
export function periodsCsv(periods: TimelinePeriods): string {
  const withRegions = periods.regionRows.length > 0;
  const lines = [`period,start,end,controller,${withRegions ? 'region,' : ''}from,to,gained_km2,lost_km2,net_km2,area_km2,snapshots,days,missing_days,missing`];
  const cover = new Map(periods.periods.map((p) => [p.period, p]));
  for (const r of periodLines(periods)) {
    const p = cover.get(r.period)!;
    const missingDays = p.missing.reduce((s, [a, b]) => s + (Date.parse(b) - Date.parse(a)) / 86_400_000 + 1, 0);
    lines.push(
      [
        r.period,
        p.start.replaceAll('-', ''),
        p.end.replaceAll('-', ''),
        csvCell(r.controller),
        ...(withRegions ? [csvCell(r.region ?? TOTAL_REGION)] : []),
        r.from?.replaceAll('-', '') ?? '',
        r.to.replaceAll('-', ''),
        csvNumber(r.gainedKm2),
        csvNumber(r.lostKm2),
        csvNumber(r.netKm2),
        csvNumber(r.areaKm2),
        String(p.snapshots.length),
        String(p.days),
        String(missingDays),
        csvCell(p.missing.map(([a, b]) => (a === b ? a : `${a}..${b}`)).join(' ')),
      ].join(','),
    );
  }
  return crlf(lines);
}

/** Period rows with each controller's total first, then its regions. */
function periodLines(periods: TimelinePeriods): TimelinePeriods['rows'] {
  if (periods.regionRows.length === 0) return periods.rows;
  const regions = new Map<string, TimelinePeriods['rows']>();
  for (const r of periods.regionRows) {
    const key = `${r.period}\u0000${r.controller}`;
    let list = regions.get(key);
    if (!list) regions.set(key, (list = []));
    list.push(r);
  }
  return periods.rows.flatMap((r) => [r, ...(regions.get(`${r.period}\u0000${r.controller}`) ?? [])]);
}

const km2 = (v: number | null): string => (v === null ? '' : formatKm2(v, 3));

export function regionTable(rows: readonly TimelineRow[], regionRows: readonly TimelineRegionRow[]): string {
  return formatTable(
    ['date', 'controller', 'region', 'area_km2', 'gained_km2', 'lost_km2', 'net_km2'],
    byTotal(rows, regionRows).map((r) => [r.date, r.controller, r.region, km2(r.areaKm2), km2(r.gainedKm2), km2(r.lostKm2), km2(r.netKm2)]),
    [false, false, false, true, true, true, true],
  );
}

export function periodsTable(periods: TimelinePeriods): string {
  const withRegions = periods.regionRows.length > 0;
  const cover = new Map(periods.periods.map((p) => [p.period, p]));
  return formatTable(
    ['period', 'controller', ...(withRegions ? ['region'] : []), 'from', 'to', 'gained_km2', 'lost_km2', 'net_km2', 'area_km2', 'snapshots'],
    periodLines(periods).map((r) => {
      const p = cover.get(r.period)!;
      return [
        r.period,
        r.controller,
        ...(withRegions ? [r.region ?? TOTAL_REGION] : []),
        r.from ?? '',
        r.to,
        km2(r.gainedKm2),
        km2(r.lostKm2),
        km2(r.netKm2),
        km2(r.areaKm2),
        `${p.snapshots.length}/${p.days}`,
      ];
    }),
    [false, false, ...(withRegions ? [false] : []), false, false, true, true, true, true, true],
  );
}

/**
 * One line per file that a reader should hear about: what it held, what was skipped (points,
 * lines), what was left out and why. Files read whole into one controller with nothing left
 * out are summed up in one line at the end.
 */
export function readingLines(readings: readonly SnapshotReading[]): string[] {
  const lines: string[] = [];
  let plain = 0;
  const plainControllers = new Set<string>();
  for (const r of readings) {
    const dropped = r.classes.filter((c) => c.outcome !== 'held');
    const skipped = r.skipped.points + r.skipped.lines + r.skipped.empty;
    if (dropped.length === 0 && skipped === 0 && !r.drawnTwiceKm2) {
      plain++;
      for (const c of r.classes) plainControllers.add(c.controller!);
      continue;
    }
    const parts: string[] = [];
    const held = new Map<string, { features: number; km2: number }>();
    for (const c of r.classes.filter((c) => c.outcome === 'held')) {
      const h = held.get(c.controller!) ?? { features: 0, km2: 0 };
      h.features += c.features;
      h.km2 += c.areaKm2;
      held.set(c.controller!, h);
    }
    parts.push(`held: ${[...held].map(([c, h]) => `${c} ${h.features} (${formatKm2(h.km2, 1)} km²)`).join(', ') || 'nothing'}`);
    if (skipped > 0)
      parts.push(
        `skipped without area: ${[
          [r.skipped.points, 'point'],
          [r.skipped.lines, 'line'],
          [r.skipped.empty, 'empty'],
        ]
          .filter(([n]) => (n as number) > 0)
          .map(([n, w]) => `${n} ${w}${n === 1 || w === 'empty' ? '' : 's'}`)
          .join(', ')}`,
      );
    const groups = new Map<string, { features: number; km2: number; classes: string[] }>();
    for (const c of dropped) {
      const why = c.outcome === 'outside' ? c.reason! : c.outcome === 'unmapped' ? 'no rule covers it' : `ignored (${c.reason})`;
      const g = groups.get(why) ?? { features: 0, km2: 0, classes: [] };
      g.features += c.features;
      g.km2 += c.areaKm2;
      g.classes.push(c.class);
      groups.set(why, g);
    }
    for (const [why, g] of groups) {
      const names = g.classes
        .map((c) => shorten(c))
        .slice(0, 4)
        .join('; ');
      parts.push(`${why}: ${g.features} (${formatKm2(g.km2, 1)} km²: ${names}${g.classes.length > 4 ? `; +${g.classes.length - 4} more` : ''})`);
    }
    if (r.drawnTwiceKm2)
      parts.push(
        `drawn twice, counted once: ${Object.entries(r.drawnTwiceKm2)
          .map(([c, v]) => `${c} ${formatKm2(v, 3)} km²`)
          .join(', ')}`,
      );
    lines.push(`${r.name} (${r.date}, ${r.features} features): ${parts.join('; ')}`);
  }
  if (plain > 0)
    lines.push(`${plain} file${plain === 1 ? '' : 's'} with nothing left out: every polygon held by ${[...plainControllers].join(', ') || 'nobody'}`);
  return lines;
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** The whole run as one JSON document. */
export function timelineJson(input: {
  rows: readonly TimelineRow[];
  regionRows: readonly TimelineRegionRow[];
  periods?: TimelinePeriods;
  readings: readonly SnapshotReading[];
  fallbacks: readonly TimelineFallback[];
  superseded: readonly { file: string; date: string; keptFile: string }[];
  profile?: string;
  regions?: { file: string; property: string };
}): string {
  return `${JSON.stringify(
    {
      method: 'ellipsoidal',
      unit: 'km2',
      ...(input.profile ? { profile: input.profile } : {}),
      ...(input.regions ? { regions: input.regions } : {}),
      rows: input.rows,
      ...(input.regionRows.length > 0 ? { regionRows: input.regionRows } : {}),
      ...(input.periods ? { periods: input.periods } : {}),
      fallbacks: input.fallbacks,
      readings: input.readings,
      superseded: input.superseded,
    },
    null,
    1,
  )}\n`;
}
