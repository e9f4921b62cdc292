/**
 * Charts of a timeline as SVG: for each controller, the area it held over time (a line) beside
 * the ground it gained and lost in each period (bars above and below zero, the net change a
 * mark on each). Colours are Okabe–Ito's; losses are hatched and gains solid, and every line is
 * named at its end, so that no reading rests on hue alone. PNG through `frontline/node`'s
 * `svgToPng`, in DejaVu Sans like the maps.
 */
import { FrontlineError } from '../errors.js';
import { timelinePeriods, type PeriodUnit, type TimelinePeriodRow } from '../model/timeline-periods.js';
import type { TimelineRegionRow } from '../model/timeline-regions.js';
import type { TimelineRow } from '../model/timeline.js';
import { assignColours, tint } from './palette.js';
import { el, escapeXml, formatKm2, px } from './svg.js';
import { MAP_FONT_STACK, textWidth } from './text.js';

export interface ChartOptions {
  /** Title at the top; default names the controllers and the dates. */
  title?: string;
  /** Credit line(s) under the chart: where the data comes from (the method is added). */
  credits?: readonly string[];
  /** Period the gains and losses are summed by; default week up to a year of dates, month beyond. */
  by?: PeriodUnit;
  /** Controllers to draw, in this order; default all, largest first. */
  controllers?: readonly string[];
  /** Chart one region's rows (a name in `regionRows`) instead of the totals. */
  region?: string;
  /** Colours by controller (`#rrggbb`); others take Okabe–Ito colours in turn. */
  colours?: Readonly<Record<string, string>>;
  /** Pixels; default 1200 wide, 150 + 300 per controller high. */
  width?: number;
  height?: number;
}

export interface ChartInput {
  rows: readonly TimelineRow[];
  regionRows?: readonly TimelineRegionRow[];
}

export interface RenderedChart {
  svg: string;
  width: number;
  height: number;
  /** The periods the bars sum, per controller (what the bars show, as numbers). */
  periods: TimelinePeriodRow[];
}

const FONT = MAP_FONT_STACK;
const MARGIN = 24;
const AXIS = '#333333';
const LEGEND_GREY = '#555555';
const GRID = '#e3e3e3';
const DAY_MS = 86_400_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const dayOf = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

/**
 * Draws a timeline: per controller, area held over time and gains and losses per period.
 *
 * @param input the timeline's rows (and region rows, to chart one region with `region`)
 * @param options see {@link ChartOptions}
 * @returns the SVG, its size, and the period sums the bars show
 * @throws FrontlineError `INVALID_ARGUMENT` for an empty timeline, a controller or region it lacks
 * @example
 * const t = await computeTimeline(sources, { profile: DEEPSTATE_PROFILE });
 * writeFileSync('deepstate.svg', chartSvg(t, { by: 'week', credits: ['Data: DeepStateMap'] }).svg);
 */
export function chartSvg(input: ChartInput, options: ChartOptions = {}): RenderedChart {
  let rows: readonly (TimelineRow | TimelineRegionRow)[] = input?.rows ?? [];
  if (options.region !== undefined) {
    const regional = (input.regionRows ?? []).filter((r) => r.region === options.region);
    if (regional.length === 0) {
      const known = [...new Set((input.regionRows ?? []).map((r) => r.region))].slice(0, 12).join(', ');
      throw new FrontlineError(
        'INVALID_ARGUMENT',
        `chart: no rows for region "${options.region}" (regions: ${known || 'none; split the timeline by regions first'})`,
      );
    }
    rows = regional;
  }
  if (rows.length === 0) throw new FrontlineError('INVALID_ARGUMENT', 'chart: the timeline has no rows');
  const dates = [...new Set(rows.map((r) => r.date))].sort();
  const first = dates[0]!;
  const last = dates[dates.length - 1]!;
  const span = dayOf(last) - dayOf(first);
  const by: PeriodUnit = options.by ?? (span <= 400 ? 'week' : 'month');
  const heldAtEnd = new Map<string, number>();
  for (const r of rows) heldAtEnd.set(r.controller, Math.max(heldAtEnd.get(r.controller) ?? 0, r.areaKm2));
  const all = [...heldAtEnd.keys()];
  const controllers = options.controllers ? [...options.controllers] : all.sort((a, b) => heldAtEnd.get(b)! - heldAtEnd.get(a)! || (a < b ? -1 : 1));
  for (const c of controllers)
    if (!heldAtEnd.has(c)) throw new FrontlineError('INVALID_ARGUMENT', `chart: no controller "${c}" in the timeline (controllers: ${all.join(', ')})`);
  const colours = assignColours(controllers, options.colours);
  // Region rows have the fields periods are summed from; their cumulative change is not used.
  const summed = timelinePeriods(rows as readonly TimelineRow[], by);
  const periods = summed.rows.filter((p) => controllers.includes(p.controller));
  // Periods with days missing are drawn pale and named under the chart, with the snapshot
  // their first step reaches back to when that lies in an earlier period.
  const coverage = new Map(summed.periods.map((p) => [p.period, p]));
  const partial = new Set(summed.periods.filter((p) => p.snapshots.length > 0 && p.missing.length > 0).map((p) => p.period));
  const reachBack = new Map<string, string>();
  for (const p of periods) {
    const cover = coverage.get(p.period)!;
    if (p.from !== null && cover.snapshots.length > 0 && dayOf(cover.snapshots[0]!) - dayOf(p.from) > 1) reachBack.set(p.period, p.from);
  }

  const width = Math.max(640, Math.round(options.width ?? 1200));
  const panelHeight = 300;
  const top = 100;
  const partialNote =
    partial.size === 0
      ? []
      : [
          `Pale bars: ${by === 'week' ? 'weeks' : `${by}s`} with days missing: ${[...partial]
            .map((k) => {
              const c = coverage.get(k)!;
              const back = reachBack.get(k);
              return `${k} (${c.snapshots.length} of ${c.days} days${back ? `; changes since ${longDate(back)}` : ''})`;
            })
            .slice(0, 8)
            .join(', ')}${partial.size > 8 ? `, and ${partial.size - 8} more` : ''}.`,
        ];
  const creditLines = [
    ...partialNote,
    ...(options.credits ?? []),
    `Areas in km² on the WGS84 ellipsoid, geodesic edges; gains and losses summed by ${by === 'week' ? 'ISO week' : by}, a step counted in the period of its later date. Drawn with frontline.`,
  ];
  const bottom = 36 + creditLines.length * 15;
  const height = Math.max(top + bottom + 160 * controllers.length, Math.round(options.height ?? top + bottom + panelHeight * controllers.length));
  const rowHeight = (height - top - bottom) / controllers.length;

  const body: string[] = [];
  const hatch = (id: string, colour: string): string =>
    el('pattern', { id, patternUnits: 'userSpaceOnUse', width: 6, height: 6, patternTransform: 'rotate(45)' }, [
      el('rect', { width: 6, height: 6, fill: tint(colour, 0.75) }),
      el('line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: colour, 'stroke-width': 2.5 }),
    ]);
  body.push(el('defs', {}, [...controllers.map((c, i) => hatch(`lost-${i}`, colours.get(c)!)), hatch('lost-legend', LEGEND_GREY)]));
  const title =
    options.title ??
    `${options.region ? `${options.region}: ground` : 'Ground'} held, gained and lost by ${controllers.join(', ')}, ${longDate(first)} to ${longDate(last)}`;
  body.push(el('text', { x: MARGIN, y: 34, 'font-size': 22, 'font-weight': 'bold', fill: '#111111' }, escapeXml(title)));
  const subtitle = wrap(
    `Left: area held on each date with a snapshot (km²; the axis need not start at zero). Right: ground gained (solid, up) and lost (hatched, down) per ${by === 'week' ? 'ISO week' : by}; black diamonds mark the net change.`,
    13,
    width - 2 * MARGIN,
  );
  subtitle.forEach((line, i) => body.push(el('text', { x: MARGIN, y: 58 + i * 17, 'font-size': 13, fill: '#444444' }, escapeXml(line))));

  const gap = 56;
  const leftWidth = Math.round((width - 2 * MARGIN - gap) * 0.5);
  const rightWidth = width - 2 * MARGIN - gap - leftWidth;
  controllers.forEach((controller, index) => {
    const y0 = top + index * rowHeight;
    const colour = colours.get(controller)!;
    const series = rows.filter((r) => r.controller === controller);
    body.push(el('text', { x: MARGIN, y: y0 + 18, 'font-size': 15, 'font-weight': 'bold', fill: '#111111' }, escapeXml(controller)));
    body.push(areaPanel(series, dates, { x: MARGIN, y: y0 + 28, width: leftWidth, height: rowHeight - 72 }, colour, controller));
    body.push(
      changePanel(
        periods.filter((p) => p.controller === controller),
        by,
        { x: MARGIN + leftWidth + gap, y: y0 + 28, width: rightWidth, height: rowHeight - 72 },
        colour,
        index,
        partial,
      ),
    );
  });
  // Legend of the bars (the lines are named where they end).
  const legendY = height - bottom + 6;
  let lx = MARGIN;
  const swatch = (fill: string, label: string, stroke?: string): void => {
    body.push(el('rect', { x: lx, y: legendY - 10, width: 14, height: 12, fill, stroke: stroke ?? 'none', 'stroke-width': 0.8 }));
    body.push(el('text', { x: lx + 19, y: legendY, 'font-size': 12, fill: '#222222' }, escapeXml(label)));
    lx += 19 + textWidth(label, 12) + 22;
  };
  // In grey: the legend says what solid and hatched mean, the colours say whose (named on each row).
  swatch(LEGEND_GREY, 'gained');
  swatch('url(#lost-legend)', 'lost', LEGEND_GREY);
  body.push(diamond(lx + 6, legendY - 4));
  body.push(el('text', { x: lx + 16, y: legendY, 'font-size': 12, fill: '#222222' }, "net change (area at the period's end less area before it, km²)"));
  creditLines.forEach((line, i) =>
    body.push(el('text', { x: MARGIN, y: legendY + 20 + i * 15, 'font-size': 11, fill: '#555555', class: 'credits' }, escapeXml(line))),
  );

  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeXml(FONT)}">` +
    `<title>${escapeXml(title)}</title>` +
    el('rect', { x: 0, y: 0, width, height, fill: '#ffffff' }) +
    body.join('') +
    '</svg>';
  return { svg, width, height, periods };
}

interface Frame {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The area held, as a line over dates, on its own axis (a nice range around the values). */
function areaPanel(series: readonly { date: string; areaKm2: number }[], dates: readonly string[], frame: Frame, colour: string, name: string): string {
  const byDate = new Map(series.map((r) => [r.date, r.areaKm2]));
  // Dates after the controller's last row hold nothing; dates before its first do too.
  const values = dates.map((d) => byDate.get(d) ?? 0);
  const [lo, hi, step] = niceRange(Math.min(...values), Math.max(...values), 5);
  const labelWidth = Math.max(...ticks(lo, hi, step).map((t) => textWidth(formatAxis(t, step), 11))) + 8;
  const plot: Frame = { x: frame.x + labelWidth + 18, y: frame.y, width: frame.width - labelWidth - 18 - 70, height: frame.height - 26 };
  const [d0, d1] = [dayOf(dates[0]!), Math.max(dayOf(dates[dates.length - 1]!), dayOf(dates[0]!) + 1)];
  const xOf = (date: string): number => plot.x + ((dayOf(date) - d0) / (d1 - d0)) * plot.width;
  const yOf = (v: number): number => plot.y + plot.height - ((v - lo) / (hi - lo)) * plot.height;
  const parts: string[] = [];
  for (const t of ticks(lo, hi, step)) {
    parts.push(el('line', { x1: plot.x, x2: plot.x + plot.width, y1: yOf(t), y2: yOf(t), stroke: GRID, 'stroke-width': 1 }));
    parts.push(el('text', { x: plot.x - 6, y: yOf(t) + 4, 'font-size': 11, fill: AXIS, 'text-anchor': 'end' }, formatAxis(t, step)));
  }
  parts.push(...timeAxis(dates[0]!, dates[dates.length - 1]!, plot, xOf));
  parts.push(axisTitle(frame, plot, 'area held (km²)'));
  const path = dates.map((d, i) => `${i === 0 ? 'M' : 'L'}${px(xOf(d))} ${px(yOf(values[i]!))}`).join('');
  parts.push(el('path', { d: path, fill: 'none', stroke: colour, 'stroke-width': 2.2, 'stroke-linejoin': 'round' }));
  // Few snapshots: each is marked, so that a straight stretch reads as no data, not a steady change.
  if (dates.length <= 60)
    dates.forEach((d, i) => parts.push(el('circle', { cx: xOf(d), cy: yOf(values[i]!), r: 2.6, fill: '#ffffff', stroke: colour, 'stroke-width': 1.6 })));
  const end = values[values.length - 1]!;
  parts.push(el('circle', { cx: xOf(dates[dates.length - 1]!), cy: yOf(end), r: 3, fill: colour }));
  parts.push(el('text', { x: xOf(dates[dates.length - 1]!) + 6, y: yOf(end) + 4, 'font-size': 11, fill: '#111111' }, escapeXml(`${formatKm2(end)}`)));
  parts.push(el('text', { x: xOf(dates[dates.length - 1]!) + 6, y: yOf(end) + 17, 'font-size': 11, fill: '#444444' }, escapeXml(name)));
  parts.push(el('rect', { x: plot.x, y: plot.y, width: plot.width, height: plot.height, fill: 'none', stroke: '#999999', 'stroke-width': 0.8 }));
  return el('g', { class: 'area-panel' }, parts);
}

/** The vertical title of a panel's value axis, read bottom to top beside its tick labels. */
function axisTitle(frame: Frame, plot: Frame, title: string): string {
  const y = plot.y + plot.height / 2;
  return el('text', { x: frame.x, y, 'font-size': 12, fill: AXIS, 'text-anchor': 'middle', transform: `rotate(-90 ${px(frame.x + 4)} ${px(y)})` }, title);
}

/** Gains up and losses down per period, net change marked, on a shared symmetric-enough axis. */
function changePanel(periods: readonly TimelinePeriodRow[], by: PeriodUnit, frame: Frame, colour: string, index: number, partial: ReadonlySet<string>): string {
  const parts: string[] = [];
  const maxUp = Math.max(0, ...periods.map((p) => p.gainedKm2));
  const maxDown = Math.max(0, ...periods.map((p) => p.lostKm2));
  const [lo, hi, step] = niceRange(-maxDown, maxUp, 5, true);
  const labelWidth = Math.max(...ticks(lo, hi, step).map((t) => textWidth(formatAxis(t, step), 11))) + 8;
  const plot: Frame = { x: frame.x + labelWidth + 18, y: frame.y, width: frame.width - labelWidth - 18, height: frame.height - 26 };
  const yOf = (v: number): number => plot.y + plot.height - ((v - lo) / (hi - lo)) * plot.height;
  for (const t of ticks(lo, hi, step)) {
    parts.push(el('line', { x1: plot.x, x2: plot.x + plot.width, y1: yOf(t), y2: yOf(t), stroke: t === 0 ? AXIS : GRID, 'stroke-width': t === 0 ? 1.2 : 1 }));
    parts.push(el('text', { x: plot.x - 6, y: yOf(t) + 4, 'font-size': 11, fill: AXIS, 'text-anchor': 'end' }, formatAxis(t, step)));
  }
  parts.push(axisTitle(frame, plot, `km² per ${by === 'week' ? 'week' : by}`));
  const n = Math.max(1, periods.length);
  const slot = plot.width / n;
  const bar = Math.max(1, Math.min(28, slot * 0.7));
  periods.forEach((p, i) => {
    const cx = plot.x + slot * (i + 0.5);
    const pale = partial.has(p.period) ? 0.45 : undefined;
    if (p.gainedKm2 > 0)
      parts.push(
        el(
          'rect',
          {
            x: cx - bar / 2,
            y: yOf(p.gainedKm2),
            width: bar,
            height: yOf(0) - yOf(p.gainedKm2),
            fill: colour,
            'fill-opacity': pale,
            stroke: pale ? colour : undefined,
            'stroke-width': pale ? 1 : undefined,
          },
          el('title', {}, escapeXml(`${p.period}: gained ${formatKm2(p.gainedKm2)} km²`)),
        ),
      );
    if (p.lostKm2 > 0)
      parts.push(
        el(
          'rect',
          {
            x: cx - bar / 2,
            y: yOf(0),
            width: bar,
            height: yOf(-p.lostKm2) - yOf(0),
            fill: `url(#lost-${index})`,
            'fill-opacity': pale,
            stroke: colour,
            'stroke-width': 0.8,
          },
          el('title', {}, escapeXml(`${p.period}: lost ${formatKm2(p.lostKm2)} km²`)),
        ),
      );
    parts.push(diamond(cx, yOf(p.netKm2)));
  });
  // Period labels: as many as fit, each under its bar.
  const label = (p: TimelinePeriodRow): string =>
    by === 'week' ? p.period.slice(5) : by === 'month' ? `${MONTHS[Number(p.period.slice(5, 7)) - 1]} ${p.period.slice(2, 4)}` : p.period;
  const every = Math.max(1, Math.ceil((textWidth(by === 'month' ? 'Mmm 00' : 'W00', 11) + 10) / slot));
  periods.forEach((p, i) => {
    if (i % every !== 0) return;
    parts.push(
      el('text', { x: plot.x + slot * (i + 0.5), y: plot.y + plot.height + 16, 'font-size': 11, fill: AXIS, 'text-anchor': 'middle' }, escapeXml(label(p))),
    );
  });
  if (by === 'week' && periods.length > 0) {
    parts.push(
      el(
        'text',
        { x: plot.x + plot.width, y: plot.y + plot.height + 30, 'font-size': 10, fill: '#666666', 'text-anchor': 'end' },
        escapeXml(`ISO weeks of ${[...new Set(periods.map((p) => p.period.slice(0, 4)))].join('–')}`),
      ),
    );
  }
  parts.push(el('rect', { x: plot.x, y: plot.y, width: plot.width, height: plot.height, fill: 'none', stroke: '#999999', 'stroke-width': 0.8 }));
  return el('g', { class: 'change-panel' }, parts);
}

/** The mark of a net change. */
function diamond(x: number, y: number): string {
  return el('path', {
    d: `M${px(x)} ${px(y - 4.5)}L${px(x + 4.5)} ${px(y)}L${px(x)} ${px(y + 4.5)}L${px(x - 4.5)} ${px(y)}Z`,
    fill: '#111111',
    stroke: '#ffffff',
    'stroke-width': 0.8,
  });
}

/** Month ticks (or years, on long series) along a date axis. */
function timeAxis(first: string, last: string, plot: Frame, xOf: (date: string) => number): string[] {
  const parts: string[] = [];
  const [y0, m0] = [Number(first.slice(0, 4)), Number(first.slice(5, 7))];
  const [y1, m1] = [Number(last.slice(0, 4)), Number(last.slice(5, 7))];
  const months = (y1 - y0) * 12 + (m1 - m0) + 1;
  const stepMonths = months <= 8 ? 1 : months <= 18 ? 2 : months <= 36 ? 3 : months <= 72 ? 6 : 12;
  let labelled = false;
  for (let k = 0; k <= months; k++) {
    const y = y0 + Math.floor((m0 - 1 + k) / 12);
    const m = ((m0 - 1 + k) % 12) + 1;
    if ((m - 1) % stepMonths !== 0) continue;
    const date = `${y}-${String(m).padStart(2, '0')}-01`;
    if (date < first || date > last) continue;
    const x = xOf(date);
    parts.push(el('line', { x1: x, x2: x, y1: plot.y + plot.height, y2: plot.y + plot.height + 4, stroke: AXIS, 'stroke-width': 1 }));
    parts.push(
      el(
        'text',
        { x, y: plot.y + plot.height + 16, 'font-size': 11, fill: AXIS, 'text-anchor': 'middle' },
        m === 1 || !labelled || stepMonths === 12 ? `${MONTHS[m - 1]} ${y}` : MONTHS[m - 1]!,
      ),
    );
    labelled = true;
  }
  return parts;
}

/** A range covering [min, max] in round steps (1, 2 or 5 × 10ⁿ), about `count` of them. */
function niceRange(min: number, max: number, count: number, withZero = false): [number, number, number] {
  if (withZero) {
    min = Math.min(0, min);
    max = Math.max(0, max);
  }
  if (max - min < 1e-9) {
    const pad = Math.max(1, Math.abs(max) * 0.01);
    min -= pad;
    max += pad;
  }
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * power).find((s) => s >= raw)!;
  return [Math.floor(min / step) * step, Math.ceil(max / step) * step, step];
}

function ticks(lo: number, hi: number, step: number): number[] {
  const out: number[] = [];
  for (let v = lo; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

function formatAxis(v: number, step: number): string {
  const decimals = step >= 1 ? 0 : Math.min(3, Math.ceil(-Math.log10(step)));
  const fixed = Math.abs(v).toFixed(decimals);
  const [whole, fraction] = fixed.split('.') as [string, string | undefined];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${v < 0 && Number(fixed) !== 0 ? '−' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** Words of `text` in lines no wider than `width` pixels. */
function wrap(text: string, fontSize: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line === '' ? word : `${line} ${word}`;
    if (line !== '' && textWidth(next, fontSize) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line !== '') lines.push(line);
  return lines;
}

function longDate(date: string): string {
  return `${Number(date.slice(8, 10))} ${MONTHS[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;
}
