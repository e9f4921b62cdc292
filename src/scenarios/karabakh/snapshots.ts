import type { Feature, LineString, MultiPolygon, Polygon, Position } from 'geojson';
import { FrontlineError, isFrontlineError } from '../../errors.js';
import { pointInPolygon } from '../../kernel/contains.js';
import { difference, intersection, isEmpty, union, type Areal } from '../../kernel/overlay.js';
import { polygonize } from '../../kernel/polygonize.js';
import { lineFeatureBand } from '../../model/accuracy.js';
import { coverage } from '../../model/areas.js';
import type { LayerPack } from '../../model/layer.js';
import { ControlSnapshot, type ControllerInput } from '../../model/snapshot.js';
import { cutByUncertainLine, exactArea, isExact, uncertainDifference, uncertainIntersection, type UncertainArea } from '../../model/uncertainty.js';

/** Controller names used by the Karabakh snapshots. */
export const ARMENIAN_FORCES = 'armenian-forces';
export const AZERBAIJAN = 'azerbaijan';
export const RUSSIAN_PEACEKEEPERS = 'russian-peacekeepers';

/**
 * Places that were held by Armenian forces on 10 November 2020 whatever the exact course of
 * the line: the pieces of the 1994 area containing one of them are the Armenian side.
 * [longitude, latitude] in degrees.
 */
export const ARMENIAN_SIDE_ANCHORS: readonly { name: string; position: readonly [number, number] }[] = [
  { name: 'Stepanakert', position: [46.752, 39.815] },
  { name: 'Kalbajar', position: [46.04, 40.1] },
];

/**
 * Snap tolerance (geodesic metres) when the line of contact is polygonized with the 1994
 * boundary. The boundary ring is closed and the authored line overshoots it at both ends by
 * more than a kilometre, so nothing needs joining; 10 m only absorbs round-off.
 */
export const LINE_SPLIT_SNAP_TOLERANCE_M = 10;

/** The pack layer holding the authored lines of 10 November 2020 (southern and northern fronts). */
export const LINE_OF_CONTACT_LAYER = 'line-of-contact-2020';
/** The pack layer holding the authored line of 14 December 2020 (the Khtsaberd–Hin Tagher pocket). */
export const LINE_OF_CONTACT_1214_LAYER = 'line-of-contact-2020-12-14';

/**
 * The Karabakh control snapshots, from the 1994 ceasefire to the end of the Armenian-held
 * area in 2023, over the area of interest AOI = nkao-1991 ∪ the seven `districts`:
 *
 * - `1994-05-12` and `2020-09-27`: armenian-forces = control-1994 ∩ AOI, azerbaijan = the rest.
 * - `2020-11-10`: control-1994 split by the authored lines of contact of the southern and
 *   northern fronts together (the pieces containing Stepanakert or Kalbajar stay
 *   armenian-forces), azerbaijan = the rest.
 * - `2020-12-01`: the 10 November Armenian area less the three handed-over districts and the
 *   2020 Lachin corridor; russian-peacekeepers = the 2020 corridor outside the former NKAO
 *   (inside it the road ran through ground the Armenian side kept, Stepanakert included).
 * - `2020-12-14`: the 1 December Armenian area split by the authored line of 14 December (the
 *   Khtsaberd–Hin Tagher pocket goes to azerbaijan); the peacekeepers as on 1 December.
 * - `2022-08-26`: the 14 December Armenian area; russian-peacekeepers = the 2022 corridor
 *   outside the former NKAO and the Armenian area.
 * - `2023-09-20`: azerbaijan holds the whole AOI.
 *
 * Every snapshot covers the AOI exactly (azerbaijan is computed as the AOI less the others),
 * and ControlSnapshot checks that no two controllers overlap.
 *
 * The authored lines state their accuracy per segment (`segment_accuracy_m`), so every
 * controller of the snapshots they cut carries bounds (`ControlSnapshot.uncertain`): the line
 * may lie anywhere in its band (`lineBand`), and the bounds follow each step above by interval
 * arithmetic (`cutByUncertainLine`, `uncertainDifference`...). The Natural Earth and
 * geoBoundaries layers, the handovers and the corridor are taken as exact.
 *
 * @param pack a Karabakh layer pack (layers nkao-1991, districts, control-1994,
 *   handover-2020, lachin-corridor, line-of-contact-2020, line-of-contact-2020-12-14).
 * @returns seven snapshots in date order.
 * @throws FrontlineError `UNKNOWN_LAYER` for a missing layer, `PACK_MALFORMED` for a
 *   malformed line or accuracy, `GEOMETRY_FAILED` when a line does not split the area it cuts.
 */
export function karabakhSnapshotsOf(pack: LayerPack): ControlSnapshot[] {
  const nkao = coverage(pack.layer('nkao-1991'));
  const aoi = exactArea(union(nkao, coverage(pack.layer('districts'))));
  const control = exactArea(coverage(pack.layer('control-1994')));
  const handover = exactArea(coverage(pack.layer('handover-2020')));
  // Inside the former NKAO the corridor road runs through ground the Armenian side kept
  // (Lisagor to Stepanakert): only the strip outside it is the peacekeepers' own zone.
  const corridor2020 = exactArea(difference(intersection(corridorFrom(pack, '2020-11-10'), aoi.geometry), nkao));
  const corridor2022 = exactArea(difference(intersection(corridorFrom(pack, '2022-08-26'), aoi.geometry), nkao));
  const lines1110 = linesOf(pack, LINE_OF_CONTACT_LAYER);
  const [line1214] = linesOf(pack, LINE_OF_CONTACT_1214_LAYER);

  const held1994 = uncertainIntersection(control, aoi);
  const split1110 = splitByLines(control, lines1110, 'the lines of contact of 10 November 2020', 'control-1994');
  const held1110 = uncertainIntersection(split1110.armenian, aoi);
  const held1201 = uncertainDifference(held1110, handover, corridor2020);
  const split1214 = splitByLines(held1201, [line1214!], 'the line of contact of 14 December 2020', 'the armenian-forces area of 1 December 2020');
  const held1214 = split1214.armenian;
  const peacekeepers2022 = uncertainDifference(corridor2022, held1214);

  const layerSources = (ids: string[]) => ids.map((id) => `${id}: ${pack.layer(id).meta.source}`);
  const aoiSources = layerSources(['nkao-1991', 'districts']);
  const lineSources = (lines: readonly AuthoredLine[], layerId: string) => lines.map((l) => `fixtures/karabakh (${layerId}, ${l.id}): ${l.title}`);
  const sources1110 = lineSources(lines1110, LINE_OF_CONTACT_LAYER);
  const sources1214 = lineSources([line1214!], LINE_OF_CONTACT_1214_LAYER);
  const aoiNote = 'Area of interest: the former NKAO (nkao-1991) and the seven surrounding districts (districts), united.';
  const controlAccuracy = `control-1994: ${pack.layer('control-1994').meta.accuracy}`;
  const linesAccuracy = (lines: readonly AuthoredLine[]) => lines.map((l) => `${l.title}: ${l.accuracy}`).join(' ');
  const accuracy1110 = linesAccuracy(lines1110);
  const accuracy1214 = linesAccuracy([line1214!]);
  const corridorAccuracy = `lachin-corridor: ${pack.layer('lachin-corridor').meta.accuracy}`;
  const handoverAccuracy = `handover-2020: ${pack.layer('handover-2020').meta.accuracy}`;
  const rangeNote =
    ' Each controller carries bounds (uncertain): the lines of contact may lie anywhere within their stated accuracy per segment, and the bounds are the smallest and largest ground that allows.';

  const ceasefire = (id: string, date: string, label: string, extra: string) =>
    new ControlSnapshot({
      id,
      date,
      label,
      sources: [...aoiSources, ...layerSources(['control-1994'])],
      notes: `${aoiNote} armenian-forces = control-1994 ∩ AOI; azerbaijan = AOI − control-1994.${extra}`,
      accuracy: controlAccuracy,
      ...overAoi(aoi, [[ARMENIAN_FORCES, held1994]]),
    });

  return [
    ceasefire('karabakh-1994-05-12', '1994-05-12', 'Ceasefire of 12 May 1994 (Bishkek Protocol in force)', ''),
    ceasefire(
      'karabakh-2020-09-27',
      '2020-09-27',
      'Eve of the 2020 war, 27 September 2020',
      ' The geometry is equal to 1994 at this resolution: the line of contact moved little between 1994 and 2020 (the April 2016 clashes changed it by a few km² only), which the Natural Earth layer does not record.',
    ),
    new ControlSnapshot({
      id: 'karabakh-2020-11-10',
      date: '2020-11-10',
      label: 'Trilateral statement signed, 10 November 2020',
      sources: [...aoiSources, ...layerSources(['control-1994']), ...sources1110],
      notes:
        `${aoiNote} control-1994 is split by the authored lines of contact of 10 November 2020, the southern and the northern front together ` +
        `(polygonized with the 1994 boundary, snap tolerance ${LINE_SPLIT_SNAP_TOLERANCE_M} m, into ${split1110.faces} pieces); the pieces containing ` +
        `${ARMENIAN_SIDE_ANCHORS.map((a) => a.name).join(' or ')} (${split1110.armenianFaces}) stay armenian-forces (∩ AOI); ` +
        'everything else in the AOI is azerbaijan: the south taken in the war and the Talish–Madagiz (Sugovushan) salient in the north. ' +
        'The Murov heights (Kalbajar district), announced taken on 27 September 2020, are not modelled.' +
        rangeNote,
      accuracy: `${accuracy1110} ${controlAccuracy}`,
      ...overAoi(aoi, [[ARMENIAN_FORCES, held1110]]),
    }),
    new ControlSnapshot({
      id: 'karabakh-2020-12-01',
      date: '2020-12-01',
      label: 'After the handovers of Agdam, Kalbajar and Lachin, 1 December 2020',
      sources: [...aoiSources, ...layerSources(['control-1994', 'handover-2020', 'lachin-corridor']), ...sources1110],
      notes:
        `${aoiNote} armenian-forces = the 10 November Armenian area − handover-2020 (Agdam, Kalbajar, Lachin) − the 2020 Lachin corridor; ` +
        'russian-peacekeepers = the 2020 corridor ∩ AOI outside the former NKAO (the 5-km strip linking it with Armenia that the statement ' +
        'puts under Russian peacekeepers; inside the former NKAO the road runs through Armenian-held ground and stays armenian-forces, and the ' +
        "peacekeepers' deployment along the line of contact is not a separate zone here); azerbaijan = the rest of the AOI. " +
        'The Khtsaberd–Hin Tagher pocket of Hadrut region is still Armenian-held on this date (taken 11–14 December 2020, see karabakh-2020-12-14).' +
        rangeNote,
      accuracy: `${accuracy1110} ${handoverAccuracy} ${corridorAccuracy}`,
      ...overAoi(aoi, [[ARMENIAN_FORCES, held1201], [RUSSIAN_PEACEKEEPERS, corridor2020]]),
    }),
    new ControlSnapshot({
      id: 'karabakh-2020-12-14',
      date: '2020-12-14',
      label: 'After the Khtsaberd–Hin Tagher pocket was taken, 14 December 2020',
      sources: [...aoiSources, ...layerSources(['control-1994', 'handover-2020', 'lachin-corridor']), ...sources1110, ...sources1214],
      notes:
        `${aoiNote} armenian-forces = the 1 December Armenian area split by the authored line of 14 December 2020 (polygonized, snap tolerance ` +
        `${LINE_SPLIT_SNAP_TOLERANCE_M} m, into ${split1214.faces} pieces; the pieces containing ${ARMENIAN_SIDE_ANCHORS.map((a) => a.name).join(' or ')} ` +
        `(${split1214.armenianFaces}) stay armenian-forces): the Khtsaberd–Hin Tagher pocket of Hadrut region, attacked on 11–12 December and taken by ` +
        '14 December, goes to azerbaijan, with any sliver of the 1 December area that holds no anchor; russian-peacekeepers as on 1 December; ' +
        'azerbaijan = the rest of the AOI.' +
        rangeNote,
      accuracy: `${accuracy1110} ${accuracy1214} ${handoverAccuracy} ${corridorAccuracy}`,
      ...overAoi(aoi, [[ARMENIAN_FORCES, held1214], [RUSSIAN_PEACEKEEPERS, corridor2020]]),
    }),
    new ControlSnapshot({
      id: 'karabakh-2022-08-26',
      date: '2022-08-26',
      label: 'Lachin corridor moved to the road bypassing Lachin, 26 August 2022',
      sources: [...aoiSources, ...layerSources(['control-1994', 'handover-2020', 'lachin-corridor']), ...sources1110, ...sources1214],
      notes:
        `${aoiNote} armenian-forces as on 14 December 2020; russian-peacekeepers = the 2022 corridor outside the former NKAO − the Armenian area; ` +
        'azerbaijan = the rest of the AOI, which now includes Lachin town, Zabukh and Sus and the part of the 2020 corridor the new road ' +
        'does not follow.' +
        rangeNote,
      accuracy: `${accuracy1110} ${accuracy1214} ${handoverAccuracy} ${corridorAccuracy}`,
      ...overAoi(aoi, [[ARMENIAN_FORCES, held1214], [RUSSIAN_PEACEKEEPERS, peacekeepers2022]]),
    }),
    new ControlSnapshot({
      id: 'karabakh-2023-09-20',
      date: '2023-09-20',
      label: 'End of the Armenian-held area, 20 September 2023',
      sources: aoiSources,
      notes:
        `${aoiNote} Azerbaijan's offensive of 19–20 September 2023 ended the Armenian-held area; the whole AOI is azerbaijan. ` +
        'Russian peacekeepers stayed until their withdrawal in 2024 but held no zone of their own after this date.',
      accuracy: 'Exact at this level: one controller over the whole area of interest (whose edges carry the layers\' own accuracy).',
      controllers: [{ controller: AZERBAIJAN, geometry: aoi.geometry }],
    }),
  ];
}

/**
 * The controllers of a snapshot over the AOI: the ones given, then azerbaijan = the AOI less
 * all of them. Bounds are passed on for every controller that has them. Wherever the lines lie,
 * azerbaijan takes what the others leave, so together they cover the AOI exactly, which the
 * snapshot is told (`coverageExact`).
 */
function overAoi(aoi: UncertainArea, others: [string, UncertainArea][]): { controllers: ControllerInput[]; coverageExact: true } {
  const azerbaijan = uncertainDifference(aoi, ...others.map(([, area]) => area));
  const controllers = [...others, [AZERBAIJAN, azerbaijan] as [string, UncertainArea]].map(([controller, area]) => ({
    controller,
    geometry: area.geometry,
    ...(isExact(area) ? {} : { bounds: { inner: area.inner, outer: area.outer } }),
  }));
  return { controllers, coverageExact: true };
}

interface AuthoredLine {
  id: string;
  title: string;
  accuracy: string;
  coordinates: Position[];
  /** Where the true line may lie: the line's band at its stated accuracy per segment. */
  band: MultiPolygon;
}

/** The authored lines of a layer (one LineString feature each), with their bands. */
function linesOf(pack: LayerPack, layerId: string): AuthoredLine[] {
  const lines = pack.layer(layerId).geojson.features.filter((f): f is Feature<LineString> => f?.geometry?.type === 'LineString');
  if (lines.length === 0) {
    throw new FrontlineError('PACK_MALFORMED', `layer "${layerId}" should hold at least one LineString feature (an authored line of contact), found none`, { where: layerId });
  }
  return lines.map((feature, i) => {
    const where = `${layerId}/features[${i}]`;
    const coordinates = feature.geometry.coordinates;
    if (!Array.isArray(coordinates) || coordinates.length < 2) {
      throw new FrontlineError('PACK_MALFORMED', `layer "${layerId}": a line of contact needs at least two positions (feature ${i})`, { where });
    }
    let band: MultiPolygon;
    try {
      band = lineFeatureBand(feature);
    } catch (error) {
      if (!isFrontlineError(error) || error.code !== 'INVALID_ARGUMENT') throw error;
      throw new FrontlineError('PACK_MALFORMED', `layer "${layerId}", feature ${i}: ${error.message}`, { where: `${where}.${error.where ?? 'properties'}`, cause: error });
    }
    const p = feature.properties ?? {};
    const text = (value: unknown, fallback: string) => (typeof value === 'string' && value.length > 0 ? value : fallback);
    return {
      id: text(p.id, `${layerId}#${i}`),
      title: text(p.title, `line of contact (${layerId})`),
      accuracy: text(p.accuracy, "not stated by the line's author"),
      coordinates,
      band,
    };
  });
}

/**
 * Splits an area by lines that cross it. Polygonizing the area's rings together with the
 * lines (rather than cutting with a half-plane polygon built from a line) needs no guess of
 * which side is which or how far a closing polygon must reach: the faces are exactly the
 * pieces of the area, and the overshooting ends of the lines are dropped as dangles. Which
 * pieces are Armenian is decided by anchors far from the lines, so a small error in a line
 * cannot flip a side. The split is made on the area as drawn; its bounds come from the lines'
 * bands (`cutByUncertainLine`).
 */
function splitByLines(
  area: UncertainArea,
  lines: readonly AuthoredLine[],
  what: string,
  areaName: string,
): { armenian: UncertainArea; faces: number; armenianFaces: number } {
  const rings = area.geometry.coordinates.flatMap((polygon) => polygon);
  const { polygons } = polygonize([...rings, ...lines.map((l) => l.coordinates)], { snapToleranceMeters: LINE_SPLIT_SNAP_TOLERANCE_M });
  // Faces of holes of the area (if any) are not part of it: keep only faces inside the area.
  const pieces = polygons.filter((face) => !isEmpty(intersection(face, area.geometry)));
  const isArmenian = (face: Polygon) => ARMENIAN_SIDE_ANCHORS.some((a) => pointInPolygon(a.position, face));
  const armenian = pieces.filter(isArmenian);
  if (pieces.length < 2 || armenian.length === 0 || armenian.length === pieces.length) {
    throw new FrontlineError(
      'GEOMETRY_FAILED',
      `${what} do not split ${areaName} into an Armenian side (containing ${ARMENIAN_SIDE_ANCHORS.map((a) => a.name).join(', ')}) and another side: ` +
        `${pieces.length} piece(s), ${armenian.length} on the Armenian side; does each line start and end outside the area?`,
      { where: what },
    );
  }
  const merged: Areal = armenian.length === 1 ? armenian[0]! : union(armenian[0]!, ...armenian.slice(1));
  const bands = lines.map((l) => l.band).filter((b) => !isEmpty(b));
  const band: MultiPolygon = bands.length === 0 ? { type: 'MultiPolygon', coordinates: [] } : union(bands[0]!, ...bands.slice(1));
  return {
    armenian: cutByUncertainLine(area, intersection(merged, area.geometry), band),
    faces: pieces.length,
    armenianFaces: armenian.length,
  };
}

function corridorFrom(pack: LayerPack, validFrom: string): MultiPolygon {
  const features = pack.layer('lachin-corridor').geojson.features.filter((f) => f.properties?.validFrom === validFrom);
  if (features.length !== 1) {
    throw new FrontlineError('PACK_MALFORMED', `layer "lachin-corridor" should have exactly one feature with validFrom ${validFrom}, found ${features.length}`, {
      where: 'lachin-corridor',
    });
  }
  const g = features[0]!.geometry;
  if (g?.type !== 'Polygon' && g?.type !== 'MultiPolygon') {
    throw new FrontlineError('PACK_MALFORMED', `the lachin-corridor feature valid from ${validFrom} is not a (Multi)Polygon`, { where: 'lachin-corridor' });
  }
  return g.type === 'MultiPolygon' ? g : { type: 'MultiPolygon', coordinates: [g.coordinates] };
}
