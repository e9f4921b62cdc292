import type { LineString, MultiLineString, MultiPolygon, Polygon } from 'geojson';
import type { SnapshotDiff } from '../../model/diff.js';
import { difference, union } from '../../kernel/overlay.js';
import type { LayerPack } from '../../model/layer.js';
import { isExact } from '../../model/uncertainty.js';
import type { ControlSnapshot } from '../../model/snapshot.js';
import { renderMap, type MapOptions, type RenderedMap } from '../../render/map.js';
import { OKABE_ITO } from '../../render/palette.js';
import { bboxOf, isAreal, type LayerStyle, type MapContext } from '../../render/scene.js';
import { karabakhPack } from './pack.js';
import { karabakhSnapshot } from './scenario.js';

/**
 * How the Karabakh pack is drawn: which of its layers give the context (districts, the former
 * oblast, the borders, the corridor), its controllers' colours and names, the towns shown, and
 * the credits its sources require. Data about the pack's layer ids only; the renderer itself
 * knows nothing of the conflict.
 */

/** Controller colours (Okabe–Ito): orange and blue stay apart for every common colour-vision deficiency. */
export const KARABAKH_COLOURS: Readonly<Record<string, string>> = {
  'armenian-forces': OKABE_ITO.orange,
  azerbaijan: OKABE_ITO.blue,
  'russian-peacekeepers': OKABE_ITO.bluishGreen,
};

export const KARABAKH_NAMES: Readonly<Record<string, string>> = {
  'armenian-forces': 'Armenian forces',
  azerbaijan: 'Azerbaijan',
  'russian-peacekeepers': 'Russian peacekeepers',
};

/** Towns drawn on Karabakh maps, [longitude, latitude] (degrees, to about 1 km). */
export const KARABAKH_PLACES: readonly { name: string; position: [number, number] }[] = [
  { name: 'Stepanakert', position: [46.752, 39.815] },
  { name: 'Shusha', position: [46.751, 39.758] },
  { name: 'Lachin', position: [46.546, 39.64] },
  { name: 'Kalbajar', position: [46.038, 40.108] },
  { name: 'Goris', position: [46.338, 39.511] },
];

const AREA_NAMES: readonly { name: string; position: [number, number] }[] = [
  { name: 'Armenia', position: [45.92, 39.45] },
  { name: 'Iran', position: [46.95, 38.93] },
];

/** The credit every map of the pack carries: its upstream sources and the licence geoBoundaries requires. */
export const KARABAKH_CREDIT = 'Natural Earth; geoBoundaries, CC BY-SA 3.0.';
const CORRIDOR_NOTE = 'Lachin corridor routes authored for frontline from cited waypoints (fixtures/lachin-corridor).';
const LINE_NOTE = 'Lines of contact of 10 Nov. and 14 Dec. 2020 authored for frontline, ±1–6 km (purple: where they may lie; fixtures/karabakh).';
/** Outline of the zone where the authored lines may lie: the Okabe–Ito colour no controller or line of the map uses. */
const UNCERTAINTY_COLOUR = OKABE_ITO.reddishPurple;

/** Layers a `layers` map of the pack draws by default, bottom to top within areas, then lines. */
export const KARABAKH_MAP_LAYERS = ['control-1994', 'handover-2020', 'lachin-corridor', 'nkao-1991', 'districts', 'ceasefire-line-1994', 'borders'] as const;

const LAYER_STYLES: Readonly<Record<string, LayerStyle>> = {
  'control-1994': { fill: '#f7d58a', stroke: OKABE_ITO.orange, strokeWidth: 1.2, legend: 'Held by Armenian forces, 1994–2020 (control-1994)' },
  'handover-2020': {
    fill: 'none',
    hatch: OKABE_ITO.blue,
    stroke: OKABE_ITO.blue,
    strokeWidth: 1,
    legend: 'Handed over to Azerbaijan, 20 Nov – 1 Dec 2020 (handover-2020)',
  },
  'lachin-corridor': {
    fill: '#9fd9c4',
    stroke: OKABE_ITO.bluishGreen,
    strokeWidth: 1.4,
    legend: 'Lachin corridor, 5 km: 2020 and 2022 routes (lachin-corridor)',
  },
  'nkao-1991': {
    fill: 'none',
    stroke: '#222222',
    strokeWidth: 1.6,
    dash: '9 3 2 3',
    labels: true,
    label: 'former NKAO',
    legend: 'Former NKAO, 1923–1991 (nkao-1991)',
  },
  districts: { fill: 'none', stroke: '#6e6e6e', strokeWidth: 0.8, labels: true, legend: 'The seven districts (districts)' },
  'ceasefire-line-1994': { stroke: OKABE_ITO.vermillion, strokeWidth: 2, dash: '7 4', legend: 'Line of contact, 1994 (ceasefire-line-1994)' },
  borders: { stroke: '#4d4d4d', strokeWidth: 1.8, dash: '10 3 2 3', legend: 'International boundary (borders)' },
};

/**
 * Map options for the Karabakh pack: its extent (the former NKAO and the seven districts),
 * colours, controller names, towns, credits, and context drawn from the pack's layers.
 *
 * @param pack the Karabakh layer pack (layers nkao-1991, districts, borders, lachin-corridor).
 * @param what `layers` for a map of the layers themselves (they carry their own context);
 *   otherwise the date (YYYY-MM-DD) the map shows, which picks the corridor route in force,
 *   and whether the authored line of contact is drawn from (`authoredLine`).
 */
export function karabakhMapOptions(pack: LayerPack, what: { layers: true } | { date: string; authoredLine: boolean }): MapOptions {
  const nkao = pack.layer<Polygon | MultiPolygon>('nkao-1991').geojson.features;
  const districts = pack.layer<Polygon | MultiPolygon>('districts').geojson.features;
  const extent = bboxOf([...nkao, ...districts].map((f) => f.geometry));
  const borders = pack.layer<LineString | MultiLineString>('borders').geojson.features.map((f) => ({ geometry: f.geometry, legend: 'International boundary' }));
  const common: MapOptions = { extent, colours: KARABAKH_COLOURS, names: KARABAKH_NAMES, bands: ['russian-peacekeepers'] };
  if ('layers' in what) {
    return {
      ...common,
      title: 'Nagorno-Karabakh: the layers of the frontline pack',
      subtitle: 'The former oblast, the seven districts, the 1994–2020 area, the 2020 handovers and the Lachin corridor',
      layers: [...KARABAKH_MAP_LAYERS],
      layerStyles: LAYER_STYLES,
      context: { places: KARABAKH_PLACES, areaNames: AREA_NAMES },
      credits: [`${KARABAKH_CREDIT} ${CORRIDOR_NOTE}`],
    };
  }
  const date = what.date;
  const corridor = pack
    .layer('lachin-corridor')
    .geojson.features.filter(
      (f) => isAreal(f.geometry) && String(f.properties?.validFrom ?? '') <= date && (f.properties?.validTo == null || date < String(f.properties.validTo)),
    );
  const zone = what.authoredLine ? uncertainZone(karabakhSnapshot(date, pack)) : null;
  const context: MapContext = {
    regions: districts.map((f) => ({ name: String(f.properties?.name), geometry: f.geometry })),
    outlines: nkao.map((f) => ({ name: 'former NKAO', geometry: f.geometry, legend: 'Former NKAO (oblast boundary, 1991)' })),
    borders,
    bands: [
      ...corridor.map((f) => ({
        name: 'Lachin corridor',
        geometry: f.geometry as Polygon | MultiPolygon,
        legend: `Lachin corridor, 5 km (route from ${String(f.properties?.validFrom)})`,
        colour: OKABE_ITO.bluishGreen,
      })),
      ...(zone
        ? [
            {
              name: 'uncertainty',
              geometry: zone,
              legend: `Where the line of contact may lie on ${date} (stated accuracy of the authored lines)`,
              colour: UNCERTAINTY_COLOUR,
            },
          ]
        : []),
    ],
    places: KARABAKH_PLACES,
    areaNames: AREA_NAMES,
  };
  const notes = [what.authoredLine ? LINE_NOTE : '', corridor.length > 0 ? CORRIDOR_NOTE : ''].filter(Boolean).join(' ');
  return { ...common, context, credits: [KARABAKH_CREDIT, ...(notes ? [notes] : [])] };
}

/**
 * The ground whose holder on a snapshot's date depends on where the authored lines lie inside
 * their stated accuracy: for each controller with bounds, its outer bound less its inner one.
 * Null when the snapshot rests on no uncertain line.
 */
function uncertainZone(snapshot: ControlSnapshot): MultiPolygon | null {
  const zones = snapshot.controllers
    .map((c) => snapshot.uncertain(c))
    .filter((u) => !isExact(u))
    .map((u) => difference(u.outer, u.inner));
  return zones.length === 0 ? null : union(zones[0]!, ...zones.slice(1));
}

/**
 * True when one of the dates falls while the authored line of 10 November 2020 bounds the
 * Armenian-held area (from then until 20 September 2023), so the map must credit it.
 */
function usesAuthoredLine(dates: readonly string[]): boolean {
  return dates.some((d) => d >= '2020-11-10' && d < '2023-09-20');
}

/** Map options, and the pack to take the context from (default: the shipped pack). */
export interface KarabakhMapOptions extends MapOptions {
  pack?: LayerPack;
}

/**
 * A Karabakh snapshot (or its id or date, see `karabakhSnapshot`) drawn with the pack's
 * context: districts, the former NKAO, the corridor in force, towns, credits.
 *
 * @example
 * const { svg } = renderKarabakhSnapshot('2020-12-01');
 */
export function renderKarabakhSnapshot(snapshot: ControlSnapshot | string, options: KarabakhMapOptions = {}): RenderedMap {
  const { pack = karabakhPack(), ...map } = options;
  const s = typeof snapshot === 'string' ? karabakhSnapshot(snapshot, pack) : snapshot;
  return renderMap(s, { ...karabakhMapOptions(pack, { date: s.date, authoredLine: usesAuthoredLine([s.date]) }), ...map });
}

/**
 * A Karabakh diff, or chain of diffs, drawn with the pack's context: the corridor of the last
 * date, the towns, the districts.
 *
 * @example
 * const { svg } = renderKarabakhDiff([karabakhDiff('1994-05-12', '2020-11-10'), karabakhDiff('2020-11-10', '2020-12-01')]);
 */
export function renderKarabakhDiff(diffs: SnapshotDiff | readonly SnapshotDiff[], options: KarabakhMapOptions = {}): RenderedMap {
  const { pack = karabakhPack(), ...map } = options;
  const list = Array.isArray(diffs) ? (diffs as readonly SnapshotDiff[]) : [diffs as SnapshotDiff];
  const last = list[list.length - 1]!;
  const dates = list.flatMap((d) => [d.from.date, d.to.date]);
  return renderMap(list.length === 1 ? list[0]! : list, { ...karabakhMapOptions(pack, { date: last.to.date, authoredLine: usesAuthoredLine(dates) }), ...map });
}

/** The pack's layers on one map. */
export function renderKarabakhLayers(options: KarabakhMapOptions = {}): RenderedMap {
  const { pack = karabakhPack(), ...map } = options;
  return renderMap(pack, { ...karabakhMapOptions(pack, { layers: true }), ...map });
}
