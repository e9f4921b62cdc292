import type { Geometry, LineString, MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';
import { FrontlineError } from '../errors.js';
import { geometriesBox } from '../kernel/bbox.js';
import type { Areal } from '../kernel/overlay.js';
import type { SnapshotDiff } from '../model/diff.js';
import { LayerPack, type Layer } from '../model/layer.js';
import { ControlSnapshot } from '../model/snapshot.js';
import { sharedBoundary } from './contact.js';
import { OKABE_ITO, assignColours, own, tint } from './palette.js';
import type { BBox } from './projection.js';
import { formatKm2 } from './svg.js';

/** What a map can show: layers (a pack, or some of its layers), a snapshot, a diff, or a chain of diffs. */
export type MapInput = LayerPack | readonly Layer[] | ControlSnapshot | SnapshotDiff | readonly SnapshotDiff[];

/** How one layer is drawn when a map shows layers. */
export interface LayerStyle {
  /** Fill colour, or `none` (default: a pale tint of the layer's colour for area layers). */
  fill?: string;
  /** Stripes of this colour over the fill. */
  hatch?: string;
  stroke?: string;
  strokeWidth?: number;
  /** SVG dash array, e.g. `6 3`. */
  dash?: string;
  /** Label each feature with its `name` (area layers), or with `label` when given. */
  labels?: boolean;
  label?: string;
  /** Legend text (default: the layer's title). */
  legend?: string;
}

/** Ground drawn under and around the data, for orientation. Every part is optional. */
export interface MapContext {
  /** Administrative units: thin outlines, names set in capitals inside them. */
  regions?: readonly { name: string; geometry: Areal }[];
  /** Areas outlined with a dashed line and named (a former oblast, say). */
  outlines?: readonly { name: string; geometry: Areal; legend: string }[];
  /** International boundaries. */
  borders?: readonly { geometry: LineString | MultiLineString; legend?: string }[];
  /** Corridors and zones drawn as an outlined band. */
  bands?: readonly { name: string; geometry: Areal; legend: string; colour?: string }[];
  /** Towns: a dot and a name. */
  places?: readonly { name: string; position: [number, number] }[];
  /** Country names written large and grey; dropped when they do not fit. */
  areaNames?: readonly { name: string; position: [number, number] }[];
}

export type Swatch =
  | { kind: 'fill'; fill: string; stroke?: string; under?: string; dash?: string }
  | { kind: 'line'; stroke: string; width: number; dash?: string }
  | { kind: 'dot' };

export interface LegendEntry {
  swatch: Swatch;
  text: string;
}

export interface LegendSection {
  title: string;
  entries: LegendEntry[];
}

export interface FillItem {
  geometry: Areal;
  fill: string;
  stroke?: string;
  strokeWidth?: number;
  dash?: string;
  className: string;
}

export interface LineItem {
  geometry: LineString | MultiLineString | Polygon | MultiPolygon;
  stroke: string;
  width: number;
  dash?: string;
  /** Draw a white line under it so it reads on any fill. */
  halo?: boolean;
  className: string;
}

export interface AreaLabel {
  text: string;
  geometry: Areal;
  style: 'region' | 'outline';
}

/** Everything the map draws, before projection. */
export interface Scene {
  kind: 'layers' | 'snapshot' | 'diff';
  title: string;
  subtitle: string;
  fills: FillItem[];
  lines: LineItem[];
  areaLabels: AreaLabel[];
  legend: LegendSection[];
  patterns: PatternSpec[];
  bbox: BBox;
}

export type PatternSpec =
  | { id: string; kind: 'stripes'; colour: string; angle: number; width: number; spacing: number; background?: string }
  | { id: string; kind: 'dots'; colour: string };

/** Options that shape the scene (see `MapOptions`). */
export interface SceneOptions {
  colours?: Readonly<Record<string, string>>;
  names?: Readonly<Record<string, string>>;
  bands?: readonly string[];
  layers?: readonly string[];
  layerStyles?: Readonly<Record<string, LayerStyle>>;
  context?: MapContext;
}

/** Areas below this (km²) are left out of legends: overlay slivers, not ground (see the report's tables). */
const MIN_LEGEND_KM2 = 0.05;
const CONTACT = '#1a1a1a';

/** Builds the scene for any map input. */
export function buildScene(input: MapInput, options: SceneOptions): Scene {
  if (input instanceof ControlSnapshot) return snapshotScene(input, options);
  if (input instanceof LayerPack) return layersScene(input.layers, options);
  if (Array.isArray(input)) {
    if (input.length === 0) throw new FrontlineError('INVALID_ARGUMENT', 'nothing to map: the input list is empty');
    if (input.every(isDiff)) return diffScene(input as SnapshotDiff[], options);
    if (input.every(isLayer)) return layersScene(input as Layer[], options);
    throw new FrontlineError('INVALID_ARGUMENT', 'a map input list must hold only layers or only snapshot diffs');
  }
  if (isDiff(input)) return diffScene([input], options);
  throw new FrontlineError('INVALID_ARGUMENT', 'cannot map this input: expected a LayerPack, layers, a ControlSnapshot, a SnapshotDiff or a chain of diffs');
}

function isDiff(value: unknown): value is SnapshotDiff {
  const d = value as SnapshotDiff | null;
  return typeof d === 'object' && d !== null && Array.isArray(d.controllers) && Array.isArray(d.transfers) && typeof d.from?.id === 'string';
}

function isLayer(value: unknown): value is Layer {
  const l = value as Layer | null;
  return typeof l === 'object' && l !== null && typeof l.meta?.id === 'string' && l.geojson?.type === 'FeatureCollection';
}

/** `armenian-forces` → `Armenian forces`, unless `names` says otherwise. */
export function displayName(controller: string, names: Readonly<Record<string, string>> = {}): string {
  const given = own(names, controller);
  if (given !== undefined) return given;
  const words = controller.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function multi(polygons: Position[][][]): MultiPolygon {
  return { type: 'MultiPolygon', coordinates: polygons };
}

function snapshotScene(snapshot: ControlSnapshot, options: SceneOptions): Scene {
  const colours = assignColours(snapshot.controllers, options.colours);
  const bands = new Set(options.bands ?? []);
  const fills: FillItem[] = [];
  const entries: LegendEntry[] = [];
  for (const c of snapshot.controllers) {
    const colour = colours.get(c)!;
    const band = bands.has(c);
    const fill = band ? tint(colour, 0.35) : tint(colour, 0.5);
    fills.push({ geometry: snapshot.geometry(c), fill, ...(band ? { stroke: colour, strokeWidth: 1.6 } : {}), className: `controller ${slug(c)}` });
    entries.push({
      swatch: { kind: 'fill', fill, ...(band ? { stroke: colour } : {}) },
      text: `${displayName(c, options.names)}: ${formatKm2(snapshot.areaKm2(c))} km²`,
    });
  }
  const held = new Map(snapshot.controllers.map((c) => [c, snapshot.geometry(c)]));
  const contact = contactLines(held, bands);
  const lines: LineItem[] = contact ? [{ geometry: contact, stroke: CONTACT, width: 2, dash: '7 4', halo: true, className: 'line-of-contact' }] : [];
  const legend: LegendSection[] = [{ title: `Held on ${snapshot.date}`, entries }];
  if (contact)
    legend.push({ title: 'Lines', entries: [{ swatch: { kind: 'line', stroke: CONTACT, width: 2, dash: '7 4' }, text: `Line of contact, ${snapshot.date}` }] });
  return {
    kind: 'snapshot',
    title: snapshot.label || `Control on ${snapshot.date}`,
    subtitle: `Control snapshot ${snapshot.id}`,
    fills,
    lines,
    areaLabels: [],
    legend,
    patterns: [],
    bbox: bboxOf(snapshot.controllers.map((c) => snapshot.geometry(c))),
  };
}

/**
 * The boundary between every two controllers, bands left out (a band is outlined on its own):
 * where the ground of one meets the ground of another is where they face each other.
 */
function contactLines(held: ReadonlyMap<string, MultiPolygon>, bands: ReadonlySet<string>): MultiLineString | null {
  const names = [...held.keys()].filter((c) => !bands.has(c));
  const lines: Position[][] = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      lines.push(...sharedBoundary(held.get(names[i]!)!, held.get(names[j]!)!).coordinates);
    }
  }
  return lines.length === 0 ? null : { type: 'MultiLineString', coordinates: lines };
}

/** The ground each controller holds after a diff: retained plus gained (they do not overlap). */
function heldAfter(diff: SnapshotDiff): Map<string, MultiPolygon> {
  return new Map(diff.controllers.map((c) => [c.controller, multi([...c.retained.coordinates, ...c.gained.coordinates])]));
}

function heldBefore(diff: SnapshotDiff): Map<string, MultiPolygon> {
  return new Map(diff.controllers.map((c) => [c.controller, multi([...c.retained.coordinates, ...c.lost.coordinates])]));
}

/**
 * Stripes for the steps of a chain: each step's gains lean their own way and have their own
 * weight, so two steps of one controller differ in texture as well as direction.
 */
const STEP_STRIPES: readonly { angle: number; width: number; spacing: number }[] = [
  { angle: 45, width: 2.6, spacing: 8 },
  { angle: -45, width: 1.4, spacing: 5 },
  { angle: 0, width: 2, spacing: 7 },
  { angle: 90, width: 1.2, spacing: 4 },
];

function diffScene(diffs: SnapshotDiff[], options: SceneOptions): Scene {
  for (let i = 1; i < diffs.length; i++) {
    if (diffs[i]!.from.id !== diffs[i - 1]!.to.id) {
      throw new FrontlineError(
        'INVALID_ARGUMENT',
        `diffs do not form a chain: diff ${i} starts at "${diffs[i]!.from.id}", the one before ends at "${diffs[i - 1]!.to.id}"`,
      );
    }
  }
  const single = diffs.length === 1;
  const names = [...new Set(diffs.flatMap((d) => d.controllers.map((c) => c.controller)))];
  const colours = assignColours(names, options.colours);
  const bands = new Set(options.bands ?? []);
  const name = (c: string) => displayName(c, options.names);
  const last = diffs[diffs.length - 1]!;
  const first = diffs[0]!;
  const fills: FillItem[] = [];
  const patterns: PatternSpec[] = [];
  const legend: LegendSection[] = [];

  // The ground as it is at the end, pale, so that stripes on it read as "changed hands".
  const after = heldAfter(last);
  const heldEntries: LegendEntry[] = [];
  const retainedEntries: LegendEntry[] = [];
  for (const change of last.controllers) {
    const c = change.controller;
    const colour = colours.get(c)!;
    const pale = tint(colour, single ? 0.7 : 0.6);
    const band = bands.has(c);
    if (single) {
      fills.push({ geometry: change.retained, fill: pale, className: `retained ${slug(c)}` });
      if (change.retainedKm2 >= MIN_LEGEND_KM2)
        retainedEntries.push({ swatch: { kind: 'fill', fill: pale }, text: `${name(c)} held both dates: ${formatKm2(change.retainedKm2)} km²` });
    } else {
      fills.push({ geometry: after.get(c)!, fill: pale, ...(band ? { stroke: colour, strokeWidth: 1.4 } : {}), className: `held ${slug(c)}` });
      if (change.afterKm2 >= MIN_LEGEND_KM2)
        heldEntries.push({ swatch: { kind: 'fill', fill: pale, ...(band ? { stroke: colour } : {}) }, text: `${name(c)}: ${formatKm2(change.afterKm2)} km²` });
    }
  }

  diffs.forEach((diff, step) => {
    const entries: LegendEntry[] = [];
    const stripes = STEP_STRIPES[step % STEP_STRIPES.length]!;
    for (const change of diff.controllers) {
      if (change.gainedKm2 < MIN_LEGEND_KM2) continue;
      const c = change.controller;
      const colour = colours.get(c)!;
      const id = `gained-${slug(c)}-${step}`;
      const background = single ? tint(colour, 0.7) : undefined;
      patterns.push({ id, kind: 'stripes', colour, ...stripes, ...(background ? { background } : {}) });
      fills.push({
        geometry: change.gained,
        fill: `url(#${id})`,
        ...(bands.has(c) ? { stroke: colour, strokeWidth: 1.4 } : {}),
        className: `gained ${slug(c)} step-${step}`,
      });
      entries.push({
        swatch: { kind: 'fill', fill: `url(#${id})`, under: single ? tint(colour, 0.7) : tint(colour, 0.6) },
        text: `${name(c)} gained ${formatKm2(change.gainedKm2)} km²`,
      });
    }
    if (single) {
      for (const change of diff.controllers) {
        if (change.lostKm2 < MIN_LEGEND_KM2) continue;
        const c = change.controller;
        const id = `lost-${slug(c)}`;
        patterns.push({ id, kind: 'dots', colour: colours.get(c)! });
        fills.push({ geometry: change.lost, fill: `url(#${id})`, className: `lost ${slug(c)}` });
        entries.push({ swatch: { kind: 'fill', fill: `url(#${id})`, under: '#ffffff' }, text: `${name(c)} lost ${formatKm2(change.lostKm2)} km²` });
      }
    }
    legend.push({ title: `${single ? 'Changed hands' : 'Gained'} ${diff.from.date} → ${diff.to.date}`, entries });
  });
  if (single) legend.push({ title: 'Unchanged', entries: retainedEntries });
  else legend.unshift({ title: `Held on ${last.to.date}`, entries: heldEntries });

  // The lines of contact at the start (dotted) and at the end (dashed); where the chain passes
  // in between, the change of stripes shows the line of that date.
  const states = [
    { date: first.from.date, held: heldBefore(first), stroke: '#333333', width: 1.6, dash: '1.5 3', className: 'line-of-contact before' },
    { date: last.to.date, held: heldAfter(last), stroke: CONTACT, width: 2, dash: '7 4', className: 'line-of-contact after' },
  ];
  const lines: LineItem[] = [];
  const lineEntries: LegendEntry[] = [];
  for (const state of states) {
    const contact = contactLines(state.held, bands);
    if (!contact) continue;
    lines.push({ geometry: contact, stroke: state.stroke, width: state.width, dash: state.dash, halo: true, className: state.className });
    lineEntries.push({ swatch: { kind: 'line', stroke: state.stroke, width: state.width, dash: state.dash }, text: `Line of contact, ${state.date}` });
  }
  if (lineEntries.length > 0) legend.push({ title: 'Lines', entries: lineEntries });

  const geometries = diffs.flatMap((d) => d.controllers.flatMap((c) => [c.retained, c.gained, c.lost]));
  return {
    kind: 'diff',
    title: single
      ? `Ground that changed hands, ${first.from.date} → ${last.to.date}`
      : `Who gained what, ${first.from.date} → ${diffs.map((d) => d.to.date).join(' → ')}`,
    subtitle: `Snapshots ${[first.from.id, ...diffs.map((d) => d.to.id)].join(' → ')}; areas on the WGS84 ellipsoid`,
    fills,
    lines,
    areaLabels: [],
    legend,
    patterns,
    bbox: bboxOf(geometries),
  };
}

function layersScene(all: readonly Layer[], options: SceneOptions): Scene {
  const byId = new Map(all.map((l) => [l.meta.id, l]));
  const ids = options.layers ?? all.map((l) => l.meta.id);
  const layers = ids.map((id) => {
    const layer = byId.get(id);
    if (!layer) throw new FrontlineError('UNKNOWN_LAYER', `no layer "${id}" to map (layers: ${[...byId.keys()].join(', ')})`, { where: id });
    return layer;
  });
  const areaLayers = layers.filter((l) => l.meta.kind === 'area');
  const colours = assignColours(areaLayers.map((l) => l.meta.id));
  const fills: FillItem[] = [];
  const lines: LineItem[] = [];
  const patterns: PatternSpec[] = [];
  const areaLabels: AreaLabel[] = [];
  const entries: LegendEntry[] = [];
  const lineEntries: LegendEntry[] = [];
  // Areas first, lines over them, each group in the order asked for.
  for (const layer of [...areaLayers, ...layers.filter((l) => l.meta.kind !== 'area')]) {
    const style = own(options.layerStyles, layer.meta.id) ?? {};
    const text = style.legend ?? layer.meta.title;
    const areal = layer.geojson.features.map((f) => f.geometry).filter(isAreal);
    const linear = layer.geojson.features.map((f) => f.geometry).filter(isLinear);
    if (layer.meta.kind === 'area') {
      const colour = colours.get(layer.meta.id)!;
      let fill = style.fill ?? tint(colour, 0.6);
      if (style.hatch) {
        const id = `hatch-${slug(layer.meta.id)}`;
        patterns.push({ id, kind: 'stripes', colour: style.hatch, angle: 45, width: 2.6, spacing: 8, ...(fill !== 'none' ? { background: fill } : {}) });
        fill = `url(#${id})`;
      }
      const stroke = style.stroke ?? colour;
      for (const geometry of areal) {
        fills.push({
          geometry,
          fill,
          stroke,
          strokeWidth: style.strokeWidth ?? 1,
          ...(style.dash ? { dash: style.dash } : {}),
          className: `layer ${slug(layer.meta.id)}`,
        });
      }
      if (style.labels) {
        for (const f of layer.geojson.features) {
          const text = style.label ?? f.properties?.name;
          if (isAreal(f.geometry) && typeof text === 'string') areaLabels.push({ text, geometry: f.geometry, style: style.label ? 'outline' : 'region' });
        }
      }
      entries.push({ swatch: { kind: 'fill', fill, stroke, under: '#ffffff', ...(style.dash ? { dash: style.dash } : {}) }, text });
    } else {
      const stroke = style.stroke ?? OKABE_ITO.black;
      const width = style.strokeWidth ?? 1.5;
      for (const geometry of linear)
        lines.push({ geometry, stroke, width, ...(style.dash ? { dash: style.dash } : {}), className: `layer ${slug(layer.meta.id)}` });
      lineEntries.push({ swatch: { kind: 'line', stroke, width, ...(style.dash ? { dash: style.dash } : {}) }, text });
    }
  }
  const legend: LegendSection[] = [{ title: 'Layers', entries }];
  if (lineEntries.length > 0) legend.push({ title: 'Lines', entries: lineEntries });
  const geometries = layers.flatMap((l) => l.geojson.features.map((f) => f.geometry).filter((g): g is Geometry => g !== null));
  return {
    kind: 'layers',
    title: 'Layers',
    subtitle: layers.map((l) => l.meta.id).join(', '),
    fills,
    lines,
    areaLabels,
    legend,
    patterns,
    bbox: bboxOf(geometries),
  };
}

/** True for a Polygon or MultiPolygon. */
export function isAreal(g: Geometry | null | undefined): g is Areal {
  return g?.type === 'Polygon' || g?.type === 'MultiPolygon';
}

function isLinear(g: Geometry | null | undefined): g is LineString | MultiLineString {
  return g?.type === 'LineString' || g?.type === 'MultiLineString';
}

/** A class or id fragment from a name. */
export function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'x'
  );
}

/** [west, south, east, north] of geometries (any type); throws when there is nothing to fit. */
export function bboxOf(geometries: readonly (Geometry | null)[]): BBox {
  const box = geometriesBox(geometries);
  if (!(box[0] < box[2]) || !(box[1] < box[3])) throw new FrontlineError('INVALID_ARGUMENT', 'nothing to map: the input has no geometry with an extent');
  return box;
}
