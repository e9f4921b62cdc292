import type { LineString, MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';
import { FrontlineError } from '../errors.js';
import { polygonsOf, type Areal } from '../kernel/overlay.js';
import { interiorPoint } from './anchor.js';
import { placeLabels, type LabelRequest, type PlacedLabel } from './labels.js';
import { fitAlbers, type BBox, type Box, type FittedProjection } from './projection.js';
import { buildScene, type LegendSection, type MapContext, type MapInput, type PatternSpec, type SceneOptions, type Swatch } from './scene.js';
import { el, escapeXml, px } from './svg.js';
import { MAP_FONT_STACK, textWidth } from './text.js';

/** How a map is drawn. Every option has a default. */
export interface MapOptions extends SceneOptions {
  /** Size of the picture in pixels (default 1200 × 900). */
  width?: number;
  height?: number;
  /** Title and the line under it (defaults describe the input). */
  title?: string;
  subtitle?: string;
  /** [west, south, east, north] to fit the map to (default: the input's extent). */
  extent?: BBox;
  /** Ground drawn for orientation: units, outlines, borders, corridors, towns. */
  context?: MapContext;
  /**
   * Credit lines printed under the map: the data's sources and licences. Default one line
   * naming no source; pass the sources of what you draw (`karabakhMapOptions` does).
   */
  credits?: readonly string[];
}

/** A drawn map, with what was measured while drawing it (tests and callers use these). */
export interface RenderedMap {
  svg: string;
  width: number;
  height: number;
  projection: FittedProjection;
  /** Labels drawn, with their boxes (pixels); no two boxes meet. */
  labels: PlacedLabel[];
  /** Labels left out for want of room. */
  droppedLabels: string[];
  /** The scale bar: its length in km and in pixels (pixels = km × projection.pixelsPerKm). */
  scaleBar: { km: number; pixels: number };
  /** Legend entries as printed. */
  legend: LegendSection[];
}

const FONT = MAP_FONT_STACK;
const HALO = { stroke: '#ffffff', 'stroke-width': 3, 'stroke-linejoin': 'round', 'paint-order': 'stroke' } as const;
const MARGIN = 16;
const TITLE_BAND = 64;
const CREDITS_BAND = 52;
const LEGEND_WIDTH = 330;

/**
 * Draws a map as SVG text: layers, a control snapshot, a diff, or a chain of diffs, with a
 * title, a legend, a scale bar in km, a north arrow, source credits and labels that do not
 * collide. Pure: no file system, no DOM; the text renders in a browser as it is, or to PNG with
 * resvg (the CLI's `render` command; text is set in DejaVu Sans).
 *
 * - layers: each area layer filled (its colour or `layerStyles`), line layers stroked.
 * - snapshot: each controller's ground in its colour, lines of contact (where two controllers'
 *   ground meets) dashed, controllers named in `bands` outlined as a band.
 * - diff: ground held on both dates pale; ground gained striped in the gainer's colour; ground
 *   lost dotted in the loser's colour (stripes and dots, not only hue, tell gained from lost);
 *   the lines of contact before (dotted) and after (dashed).
 * - chain of diffs (each starting where the last ended): ground held at the end pale, each
 *   step's gains striped at its own angle, the line of contact of every date.
 *
 * The projection is an Albers equal-area conic fitted to the extent (see {@link fitAlbers});
 * the scale bar is true at the map's centre.
 *
 * @param input a LayerPack, an array of layers, a ControlSnapshot, a SnapshotDiff or an array of chained diffs.
 * @param options see {@link MapOptions}.
 * @returns the SVG and what was measured while drawing it.
 * @throws FrontlineError `INVALID_ARGUMENT` for an input with nothing to draw or diffs that do
 *   not chain; `UNKNOWN_LAYER` for a layer id `options.layers` names that the input lacks.
 * @example
 * const map = renderMap(diffSnapshots(before, after), { title: 'Changes' });
 * map.svg; // '<svg xmlns=...'
 */
export function renderMap(input: MapInput, options: MapOptions = {}): RenderedMap {
  const width = options.width ?? 1200,
    height = options.height ?? 900;
  if (!(width >= 600 && height >= 400 && Number.isFinite(width) && Number.isFinite(height))) {
    throw new FrontlineError('INVALID_ARGUMENT', `map size ${width} × ${height} is too small (at least 600 × 400 pixels)`);
  }
  const scene = buildScene(input, options);
  const frame: Box = { x: MARGIN, y: TITLE_BAND, width: width - LEGEND_WIDTH - 2 * MARGIN, height: height - TITLE_BAND - CREDITS_BAND };
  const extent = padded(options.extent ?? scene.bbox, 0.03);
  const projection = fitAlbers(extent, frame);
  const path = pathMaker(projection);
  const context = options.context ?? {};

  const body: string[] = [];
  const clip = 'map-frame';
  body.push(el('rect', { x: frame.x, y: frame.y, width: frame.width, height: frame.height, fill: '#f3f1ec' }));

  const mapLayer: string[] = [];
  for (const f of scene.fills) {
    const d = path.areal(f.geometry);
    if (d)
      mapLayer.push(
        el('path', {
          d,
          fill: f.fill,
          'fill-rule': 'evenodd',
          stroke: f.stroke,
          'stroke-width': f.strokeWidth,
          'stroke-dasharray': f.dash,
          class: f.className,
        }),
      );
  }
  const contextLegend: LegendSection['entries'] = [];
  for (const r of context.regions ?? []) {
    const d = path.areal(r.geometry);
    if (d) mapLayer.push(el('path', { d, fill: 'none', stroke: '#6e6e6e', 'stroke-width': 0.8, class: 'region' }));
  }
  if ((context.regions ?? []).length > 0) contextLegend.push({ swatch: { kind: 'fill', fill: 'none', stroke: '#6e6e6e' }, text: 'District boundary' });
  for (const o of context.outlines ?? []) {
    const d = path.areal(o.geometry);
    if (d) mapLayer.push(el('path', { d, fill: 'none', stroke: '#222222', 'stroke-width': 1.4, 'stroke-dasharray': '9 3 2 3', class: 'outline' }));
    contextLegend.push({ swatch: { kind: 'line', stroke: '#222222', width: 1.4, dash: '9 3 2 3' }, text: o.legend });
  }
  for (const b of context.bands ?? []) {
    const d = path.areal(b.geometry);
    const colour = b.colour ?? '#009E73';
    if (d) mapLayer.push(el('path', { d, fill: 'none', stroke: colour, 'stroke-width': 1.6, class: 'band' }));
    contextLegend.push({ swatch: { kind: 'fill', fill: 'none', stroke: colour }, text: b.legend });
  }
  for (const line of scene.lines) {
    const d = path.linear(line.geometry);
    if (!d) continue;
    if (line.halo)
      mapLayer.push(el('path', { d, fill: 'none', stroke: '#ffffff', 'stroke-width': line.width + 2.5, 'stroke-linejoin': 'round', class: 'halo' }));
    mapLayer.push(
      el('path', {
        d,
        fill: 'none',
        stroke: line.stroke,
        'stroke-width': line.width,
        'stroke-dasharray': line.dash,
        'stroke-linejoin': 'round',
        'stroke-linecap': line.dash?.startsWith('1.5') ? 'round' : undefined,
        class: line.className,
      }),
    );
  }
  for (const b of context.borders ?? []) {
    const d = path.linear(b.geometry);
    if (d) mapLayer.push(el('path', { d, fill: 'none', stroke: '#4d4d4d', 'stroke-width': 1.8, 'stroke-dasharray': '10 3 2 3', class: 'border' }));
  }
  if ((context.borders ?? []).length > 0)
    contextLegend.push({
      swatch: { kind: 'line', stroke: '#4d4d4d', width: 1.8, dash: '10 3 2 3' },
      text: context.borders![0]!.legend ?? 'International boundary',
    });

  // Furniture first: its boxes are obstacles for the labels.
  const scale = scaleBar(projection, frame);
  const north = northArrow(projection, frame, scale.box);
  const obstacles: Box[] = [scale.box, north.box];
  const places = (context.places ?? []).map((p) => ({ ...p, xy: projection.project(p.position) })).filter((p) => inside(p.xy, frame));
  for (const p of places) obstacles.push({ x: p.xy[0] - 4, y: p.xy[1] - 4, width: 8, height: 8 });
  if (places.length > 0) contextLegend.push({ swatch: { kind: 'dot' }, text: 'Town' });

  const requests: LabelRequest[] = [];
  for (const p of places) requests.push({ text: p.name, anchor: p.xy, fontSize: 13, weight: 'bold', kind: 'point', priority: 40, className: 'place' });
  const areaLabel = (text: string, geometry: Areal, style: 'region' | 'outline') => {
    const anchor = path.anchor(geometry, frame);
    if (!anchor) return;
    if (style === 'region')
      requests.push({ text: text.toUpperCase(), anchor, fontSize: 11.5, letterSpacing: 1, kind: 'area', priority: 30, className: 'region' });
    else requests.push({ text, anchor, fontSize: 12.5, weight: 'bold', kind: 'area', priority: 35, className: 'outline' });
  };
  for (const r of context.regions ?? []) areaLabel(r.name, r.geometry, 'region');
  for (const o of context.outlines ?? []) areaLabel(o.name, o.geometry, 'outline');
  for (const a of scene.areaLabels) areaLabel(a.text, a.geometry, a.style);
  for (const a of context.areaNames ?? []) {
    const xy = projection.project(a.position);
    if (inside(xy, frame))
      requests.push({
        text: a.name.toUpperCase(),
        anchor: xy,
        fontSize: 15,
        letterSpacing: 3,
        kind: 'area',
        priority: 10,
        leader: false,
        className: 'area-name',
      });
  }
  const layout = placeLabels(requests, obstacles, frame);

  const labelLayer: string[] = [];
  for (const p of places)
    labelLayer.push(el('circle', { cx: p.xy[0], cy: p.xy[1], r: 3.2, fill: '#111111', stroke: '#ffffff', 'stroke-width': 1.2, class: 'place-dot' }));
  for (const label of layout.placed) labelLayer.push(labelSvg(label));

  body.push(el('g', { 'clip-path': `url(#${clip})` }, [...mapLayer, ...labelLayer]));
  body.push(
    el('rect', { x: frame.x, y: frame.y, width: frame.width, height: frame.height, fill: 'none', stroke: '#8c8c8c', 'stroke-width': 1, class: 'frame' }),
  );
  body.push(scale.svg, north.svg);

  const legend = [...scene.legend, ...(contextLegend.length > 0 ? [{ title: 'Context', entries: contextLegend }] : [])];
  const legendBox: Box = { x: frame.x + frame.width + MARGIN, y: TITLE_BAND, width: LEGEND_WIDTH - MARGIN, height: frame.height };
  body.push(legendSvg(legend, legendBox));

  const title = options.title ?? scene.title;
  const subtitle = options.subtitle ?? scene.subtitle;
  body.push(el('text', { x: MARGIN, y: 30, 'font-size': 22, 'font-weight': 'bold', fill: '#111111', class: 'title' }, escapeXml(title)));
  body.push(el('text', { x: MARGIN, y: 52, 'font-size': 13, fill: '#444444', class: 'subtitle' }, escapeXml(subtitle)));

  const credits = [...(options.credits ?? ['Sources: see the metadata of the layers drawn']), `${projection.description}; scale bar true at the map centre.`];
  credits.forEach((line, i) => {
    body.push(el('text', { x: MARGIN, y: frame.y + frame.height + 17 + i * 14, 'font-size': 11, fill: '#444444', class: 'credits' }, escapeXml(line)));
  });

  const defs = el('defs', {}, [
    el('clipPath', { id: clip }, el('rect', { x: frame.x, y: frame.y, width: frame.width, height: frame.height })),
    ...scene.patterns.map(patternSvg),
  ]);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeXml(FONT)}">` +
    el('title', {}, escapeXml(title)) +
    defs +
    el('rect', { x: 0, y: 0, width, height, fill: '#ffffff' }) +
    body.join('') +
    '</svg>';
  return {
    svg,
    width,
    height,
    projection,
    labels: layout.placed,
    droppedLabels: layout.dropped.map((r) => r.text),
    scaleBar: { km: scale.km, pixels: scale.pixels },
    legend,
  };
}

/**
 * {@link renderMap}'s SVG text alone.
 *
 * @example
 * writeFileSync('map.svg', renderSvg(snapshot, { title: 'Control on 1 December 2020' }));
 */
export function renderSvg(input: MapInput, options: MapOptions = {}): string {
  return renderMap(input, options).svg;
}

function padded([w, s, e, n]: BBox, fraction: number): BBox {
  const dx = (e - w) * fraction,
    dy = (n - s) * fraction;
  return [w - dx, s - dy, e + dx, n + dy];
}

function inside([x, y]: [number, number], frame: Box): boolean {
  return x >= frame.x && x <= frame.x + frame.width && y >= frame.y && y <= frame.y + frame.height;
}

interface PathMaker {
  areal(geometry: Areal): string;
  linear(geometry: LineString | MultiLineString | Polygon | MultiPolygon): string;
  anchor(geometry: Areal, frame: Box): [number, number] | null;
}

/**
 * Projects geometry to SVG path data. Points are projected one by one (the model's edges are
 * short, so no resampling is needed) and rounded to a tenth of a pixel; repeated points are
 * dropped. Rings are written as they come and filled even-odd, so winding does not matter.
 */
function pathMaker(projection: FittedProjection): PathMaker {
  const run = (positions: readonly Position[], close: boolean): string => {
    let out = '',
      last = '',
      count = 0;
    for (const p of positions) {
      const [x, y] = projection.project(p);
      const xy = `${px(x)},${px(y)}`;
      if (xy === last) continue;
      out += (count === 0 ? 'M' : 'L') + xy;
      last = xy;
      count++;
    }
    if (close) return count >= 3 ? `${out}Z` : '';
    return count >= 2 ? out : '';
  };
  const rings = (geometry: Areal) => polygonsOf(geometry).flatMap((p) => p.coordinates);
  return {
    areal: (geometry) =>
      rings(geometry)
        .map((r) => run(r, true))
        .join(''),
    linear: (geometry) => {
      const lines =
        geometry.type === 'LineString' ? [geometry.coordinates] : geometry.type === 'MultiLineString' ? geometry.coordinates : rings(geometry as Areal);
      return lines.map((l) => run(l, false)).join('');
    },
    anchor: (geometry, frame) => {
      // The largest part, clipped to the frame, gets the label.
      let best: { point: [number, number]; clearance: number } | null = null;
      for (const polygon of polygonsOf(geometry)) {
        const screen = polygon.coordinates.map((ring) => ring.map((p) => clamp(projection.project(p), frame)));
        const found = interiorPoint(screen);
        if (found && (!best || found.clearance > best.clearance)) best = found;
      }
      return best?.point ?? null;
    },
  };
}

function clamp([x, y]: [number, number], f: Box): [number, number] {
  return [Math.max(f.x, Math.min(f.x + f.width, x)), Math.max(f.y, Math.min(f.y + f.height, y))];
}

function labelSvg(label: PlacedLabel): string {
  const r = label.request;
  const b = label.box;
  const parts: string[] = [];
  if (label.leader) {
    const [x1, y1, x2, y2] = label.leader;
    parts.push(el('line', { x1, y1, x2, y2, stroke: '#333333', 'stroke-width': 0.9, class: 'leader' }));
  }
  const fill = r.className === 'area-name' ? '#8a8a8a' : r.className === 'region' ? '#333333' : '#111111';
  parts.push(
    el(
      'text',
      {
        x: label.x,
        y: label.y,
        'text-anchor': 'middle',
        'font-size': r.fontSize,
        'font-weight': r.weight === 'bold' ? 'bold' : undefined,
        'letter-spacing': r.letterSpacing,
        fill,
        ...HALO,
      },
      escapeXml(r.text),
    ),
  );
  return el('g', { class: `label ${r.className ?? ''}`.trim(), 'data-bbox': `${px(b.x)} ${px(b.y)} ${px(b.width)} ${px(b.height)}` }, parts);
}

/** Scale-bar lengths tried, km: the longest that fits in about 180 pixels is used. */
const NICE_KM = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000];

function scaleBar(projection: FittedProjection, frame: Box): { svg: string; box: Box; km: number; pixels: number } {
  const ppk = projection.pixelsPerKm;
  const km = [...NICE_KM].reverse().find((k) => k * ppk <= 180) ?? NICE_KM[0]!;
  const pixels = km * ppk;
  const x0 = frame.x + 18,
    y0 = frame.y + frame.height - 24;
  const box: Box = { x: x0 - 10, y: y0 - 26, width: pixels + 20 + textWidth(' km', 11), height: 40 };
  const parts: string[] = [el('rect', { ...box, fill: '#ffffff', 'fill-opacity': 0.85, stroke: '#bbbbbb', 'stroke-width': 0.6, rx: 3 })];
  const segments = 4;
  for (let i = 0; i < segments; i++) {
    parts.push(
      el('rect', {
        x: x0 + (i * pixels) / segments,
        y: y0,
        width: pixels / segments,
        height: 6,
        fill: i % 2 === 0 ? '#222222' : '#ffffff',
        stroke: '#222222',
        'stroke-width': 0.8,
      }),
    );
  }
  const label = (x: number, text: string) => el('text', { x, y: y0 - 5, 'text-anchor': 'middle', 'font-size': 11, fill: '#222222' }, escapeXml(text));
  parts.push(label(x0, '0'), label(x0 + pixels / 2, String(km / 2)), label(x0 + pixels, `${km} km`));
  return { svg: el('g', { class: 'scale-bar', 'data-km': String(km), 'data-pixels': px(pixels) }, parts), box, km, pixels };
}

/**
 * A north arrow that points along the meridian where it stands: on a conic projection the
 * meridians converge, so "up" is north only on the central meridian.
 */
function northArrow(projection: FittedProjection, _frame: Box, beside: Box): { svg: string; box: Box } {
  const cx = beside.x + beside.width + 26,
    cy = beside.y + beside.height - 22;
  const box: Box = { x: cx - 16, y: cy - 30, width: 32, height: 50 };
  let angle = 0;
  const inverse = projection.invert([cx, cy]);
  if (inverse) {
    const [x1, y1] = projection.project(inverse);
    const [x2, y2] = projection.project([inverse[0], inverse[1] + 0.05]);
    angle = (Math.atan2(x2 - x1, -(y2 - y1)) * 180) / Math.PI;
  }
  const arrow = el('g', { transform: `rotate(${px(angle)} ${px(cx)} ${px(cy)})` }, [
    el('path', { d: `M${px(cx)},${px(cy - 18)}L${px(cx + 7)},${px(cy + 6)}L${px(cx)},${px(cy + 1)}Z`, fill: '#222222' }),
    el('path', {
      d: `M${px(cx)},${px(cy - 18)}L${px(cx - 7)},${px(cy + 6)}L${px(cx)},${px(cy + 1)}Z`,
      fill: '#ffffff',
      stroke: '#222222',
      'stroke-width': 0.8,
    }),
  ]);
  const n = el('text', { x: cx, y: cy + 18, 'text-anchor': 'middle', 'font-size': 12, 'font-weight': 'bold', fill: '#222222' }, 'N');
  return {
    svg: el('g', { class: 'north-arrow', 'data-angle': px(angle) }, [
      el('rect', { ...box, fill: '#ffffff', 'fill-opacity': 0.85, stroke: '#bbbbbb', 'stroke-width': 0.6, rx: 3 }),
      arrow,
      n,
    ]),
    box,
  };
}

const SWATCH_W = 28,
  SWATCH_H = 16,
  LINE_H = 15;

function legendSvg(sections: LegendSection[], box: Box): string {
  const parts: string[] = [];
  let y = box.y + 14;
  const textX = box.x + SWATCH_W + 10;
  const textWidthMax = box.x + box.width - textX;
  for (const section of sections) {
    if (section.entries.length === 0) continue;
    parts.push(el('text', { x: box.x, y, 'font-size': 13, 'font-weight': 'bold', fill: '#111111', class: 'legend-title' }, escapeXml(section.title)));
    y += 10;
    for (const entry of section.entries) {
      const lines = wrap(entry.text, 12, textWidthMax);
      const h = Math.max(SWATCH_H, lines.length * LINE_H);
      parts.push(swatchSvg(entry.swatch, box.x, y + (h - SWATCH_H) / 2 + 2));
      lines.forEach((line, i) => {
        parts.push(
          el(
            'text',
            { x: textX, y: y + 2 + (h - lines.length * LINE_H) / 2 + (i + 1) * LINE_H - 3, 'font-size': 12, fill: '#222222', class: 'legend-entry' },
            escapeXml(line),
          ),
        );
      });
      y += h + 7;
    }
    y += 16;
  }
  return el('g', { class: 'legend' }, parts);
}

function swatchSvg(s: Swatch, x: number, y: number): string {
  if (s.kind === 'line') {
    return el('g', { class: 'swatch' }, [
      el('line', {
        x1: x,
        y1: y + SWATCH_H / 2,
        x2: x + SWATCH_W,
        y2: y + SWATCH_H / 2,
        stroke: s.stroke,
        'stroke-width': s.width,
        'stroke-dasharray': s.dash,
      }),
    ]);
  }
  if (s.kind === 'dot')
    return el(
      'g',
      { class: 'swatch' },
      el('circle', { cx: x + SWATCH_W / 2, cy: y + SWATCH_H / 2, r: 3.2, fill: '#111111', stroke: '#ffffff', 'stroke-width': 1.2 }),
    );
  const rect = { x, y, width: SWATCH_W, height: SWATCH_H };
  return el('g', { class: 'swatch' }, [
    ...(s.under ? [el('rect', { ...rect, fill: s.under })] : []),
    el('rect', { ...rect, fill: s.fill, stroke: s.stroke ?? '#888888', 'stroke-width': s.stroke ? 1.5 : 0.6, 'stroke-dasharray': s.dash }),
  ]);
}

/** Splits text into lines no wider than `maxWidth` pixels at `fontSize`, breaking at spaces. */
function wrap(text: string, fontSize: number, maxWidth: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (current !== '' && textWidth(candidate, fontSize) > maxWidth) {
      lines.push(current);
      current = word;
    } else {
      current = candidate;
    }
  }
  if (current !== '') lines.push(current);
  return lines;
}

function patternSvg(p: PatternSpec): string {
  if (p.kind === 'dots') {
    return el('pattern', { id: p.id, patternUnits: 'userSpaceOnUse', width: 7, height: 7 }, el('circle', { cx: 3.5, cy: 3.5, r: 1.5, fill: p.colour }));
  }
  const size = p.spacing;
  return el('pattern', { id: p.id, patternUnits: 'userSpaceOnUse', width: size, height: size, patternTransform: `rotate(${p.angle})` }, [
    ...(p.background ? [el('rect', { x: 0, y: 0, width: size, height: size, fill: p.background })] : []),
    el('line', { x1: size / 2, y1: 0, x2: size / 2, y2: size, stroke: p.colour, 'stroke-width': p.width }),
  ]);
}
