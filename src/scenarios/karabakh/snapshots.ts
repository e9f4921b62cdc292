import type { Feature, LineString, MultiPolygon, Polygon, Position } from 'geojson';
import { FrontlineError } from '../../errors.js';
import { pointInPolygon } from '../../kernel/contains.js';
import { difference, intersection, isEmpty, union, type Areal } from '../../kernel/overlay.js';
import { polygonize } from '../../kernel/polygonize.js';
import { coverage } from '../../model/areas.js';
import type { LayerPack } from '../../model/layer.js';
import { ControlSnapshot } from '../../model/snapshot.js';
import { KARABAKH_FIXTURES } from './sources.js';

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

/** The pack layer holding the authored line of 10 November 2020. */
export const LINE_OF_CONTACT_LAYER = 'line-of-contact-2020';

const LINE_FIXTURE = `fixtures/${KARABAKH_FIXTURES.lineOfContact2020}`;

/**
 * The Karabakh control snapshots, from the 1994 ceasefire to the end of the Armenian-held
 * area in 2023, over the area of interest AOI = nkao-1991 ∪ the seven `districts`:
 *
 * - `1994-05-12` and `2020-09-27`: armenian-forces = control-1994 ∩ AOI, azerbaijan = the rest.
 * - `2020-11-10`: control-1994 split by the authored line of contact (the pieces containing
 *   Stepanakert or Kalbajar stay armenian-forces), azerbaijan = the rest.
 * - `2020-12-01`: the 10 November Armenian area less the three handed-over districts and the
 *   2020 Lachin corridor; russian-peacekeepers = the 2020 corridor outside the former NKAO
 *   (inside it the road ran through ground the Armenian side kept, Stepanakert included).
 * - `2022-08-26`: the same Armenian area; russian-peacekeepers = the 2022 corridor outside
 *   the former NKAO and the Armenian area.
 * - `2023-09-20`: azerbaijan holds the whole AOI.
 *
 * Every snapshot covers the AOI exactly (azerbaijan is computed as the AOI less the others),
 * and ControlSnapshot checks that no two controllers overlap.
 *
 * @param pack a Karabakh layer pack (layers nkao-1991, districts, control-1994,
 *   handover-2020, lachin-corridor, line-of-contact-2020).
 * @returns six snapshots in date order.
 * @throws FrontlineError `UNKNOWN_LAYER` for a missing layer, `PACK_MALFORMED` for a
 *   malformed line, `GEOMETRY_FAILED` when the line does not split control-1994.
 */
export function karabakhSnapshotsOf(pack: LayerPack): ControlSnapshot[] {
  const nkao = coverage(pack.layer('nkao-1991'));
  const aoi = union(nkao, coverage(pack.layer('districts')));
  const control = coverage(pack.layer('control-1994'));
  const handover = coverage(pack.layer('handover-2020'));
  // Inside the former NKAO the corridor road runs through ground the Armenian side kept
  // (Lisagor to Stepanakert): only the strip outside it is the peacekeepers' own zone.
  const corridor2020 = difference(intersection(corridorFrom(pack, '2020-11-10'), aoi), nkao);
  const corridor2022 = difference(intersection(corridorFrom(pack, '2022-08-26'), aoi), nkao);
  const line = lineOf(pack);

  const held1994 = intersection(control, aoi);
  const split = splitByLine(control, line.coordinates);
  const held1110 = intersection(split.armenian, aoi);
  const held1201 = difference(held1110, handover, corridor2020);
  const peacekeepers2022 = difference(corridor2022, held1201);

  const layerSources = (ids: string[]) => ids.map((id) => `${id}: ${pack.layer(id).meta.source}`);
  const aoiSources = layerSources(['nkao-1991', 'districts']);
  const lineSource = `${LINE_FIXTURE} (${line.id}): ${line.title}`;
  const aoiNote = 'Area of interest: the former NKAO (nkao-1991) and the seven surrounding districts (districts), united.';
  const controlAccuracy = `control-1994: ${pack.layer('control-1994').meta.accuracy}`;
  const lineAccuracy = `Line of contact of 10 November 2020: ${line.accuracy}`;
  const corridorAccuracy = `lachin-corridor: ${pack.layer('lachin-corridor').meta.accuracy}`;
  const handoverAccuracy = `handover-2020: ${pack.layer('handover-2020').meta.accuracy}`;

  const ceasefire = (id: string, date: string, label: string, extra: string) =>
    new ControlSnapshot({
      id,
      date,
      label,
      sources: [...aoiSources, ...layerSources(['control-1994'])],
      notes: `${aoiNote} armenian-forces = control-1994 ∩ AOI; azerbaijan = AOI − control-1994.${extra}`,
      accuracy: controlAccuracy,
      controllers: [
        { controller: ARMENIAN_FORCES, geometry: held1994 },
        { controller: AZERBAIJAN, geometry: difference(aoi, held1994) },
      ],
    });

  const holdoutNote =
    'The Khtsaberd–Hin Tagher holdout of Hadrut region, taken by Azerbaijan on 12–14 December 2020, is on the Armenian side of the authored line and is not removed afterwards.';

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
      sources: [...aoiSources, ...layerSources(['control-1994']), lineSource],
      notes:
        `${aoiNote} control-1994 is split by the authored line of contact of 10 November 2020 (polygonized with the 1994 boundary, ` +
        `snap tolerance ${LINE_SPLIT_SNAP_TOLERANCE_M} m, into ${split.faces} pieces); the pieces containing ` +
        `${ARMENIAN_SIDE_ANCHORS.map((a) => a.name).join(' or ')} (${split.armenianFaces}) stay armenian-forces (∩ AOI); ` +
        'everything else in the AOI is azerbaijan. The line models the southern front only: the villages taken on the northern front ' +
        '(Sugovushan/Talish area, October 2020) are counted Armenian here.',
      accuracy: `${lineAccuracy} ${controlAccuracy}`,
      controllers: [
        { controller: ARMENIAN_FORCES, geometry: held1110 },
        { controller: AZERBAIJAN, geometry: difference(aoi, held1110) },
      ],
    }),
    new ControlSnapshot({
      id: 'karabakh-2020-12-01',
      date: '2020-12-01',
      label: 'After the handovers of Agdam, Kalbajar and Lachin, 1 December 2020',
      sources: [...aoiSources, ...layerSources(['control-1994', 'handover-2020', 'lachin-corridor']), lineSource],
      notes:
        `${aoiNote} armenian-forces = the 10 November Armenian area − handover-2020 (Agdam, Kalbajar, Lachin) − the 2020 Lachin corridor; ` +
        'russian-peacekeepers = the 2020 corridor ∩ AOI outside the former NKAO (the 5-km strip linking it with Armenia that the statement ' +
        'puts under Russian peacekeepers; inside the former NKAO the road runs through Armenian-held ground and stays armenian-forces, and the ' +
        `peacekeepers' deployment along the line of contact is not a separate zone here); azerbaijan = the rest of the AOI. ${holdoutNote}`,
      accuracy: `${lineAccuracy} ${handoverAccuracy} ${corridorAccuracy}`,
      controllers: [
        { controller: ARMENIAN_FORCES, geometry: held1201 },
        { controller: RUSSIAN_PEACEKEEPERS, geometry: corridor2020 },
        { controller: AZERBAIJAN, geometry: difference(aoi, held1201, corridor2020) },
      ],
    }),
    new ControlSnapshot({
      id: 'karabakh-2022-08-26',
      date: '2022-08-26',
      label: 'Lachin corridor moved to the road bypassing Lachin, 26 August 2022',
      sources: [...aoiSources, ...layerSources(['control-1994', 'handover-2020', 'lachin-corridor']), lineSource],
      notes:
        `${aoiNote} armenian-forces as on 1 December 2020; russian-peacekeepers = the 2022 corridor outside the former NKAO − the Armenian area; ` +
        'azerbaijan = the rest of the AOI, which now includes Lachin town, Zabukh and Sus and the part of the 2020 corridor the new road ' +
        `does not follow. ${holdoutNote}`,
      accuracy: `${lineAccuracy} ${handoverAccuracy} ${corridorAccuracy}`,
      controllers: [
        { controller: ARMENIAN_FORCES, geometry: held1201 },
        { controller: RUSSIAN_PEACEKEEPERS, geometry: peacekeepers2022 },
        { controller: AZERBAIJAN, geometry: difference(aoi, held1201, peacekeepers2022) },
      ],
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
      controllers: [{ controller: AZERBAIJAN, geometry: aoi }],
    }),
  ];
}

interface AuthoredLine {
  id: string;
  title: string;
  accuracy: string;
  coordinates: Position[];
}

function lineOf(pack: LayerPack): AuthoredLine {
  const where = LINE_OF_CONTACT_LAYER;
  const lines = pack.layer(where).geojson.features.filter((f): f is Feature<LineString> => f?.geometry?.type === 'LineString');
  if (lines.length !== 1) {
    throw new FrontlineError('PACK_MALFORMED', `layer "${where}" should hold exactly one LineString feature, found ${lines.length}`, { where });
  }
  const feature = lines[0]!;
  const coordinates = feature.geometry.coordinates;
  if (!Array.isArray(coordinates) || coordinates.length < 2) {
    throw new FrontlineError('PACK_MALFORMED', `layer "${where}": the line of contact needs at least two positions`, { where });
  }
  const p = feature.properties ?? {};
  const text = (value: unknown, fallback: string) => (typeof value === 'string' && value.length > 0 ? value : fallback);
  return {
    id: text(p.id, 'line-of-contact-2020-11-10'),
    title: text(p.title, 'line of contact, 10 November 2020'),
    accuracy: text(p.accuracy, 'not stated by the line\'s author'),
    coordinates,
  };
}

/**
 * Splits an area by a line that crosses it. Polygonizing the area's rings together with the
 * line (rather than cutting with a half-plane polygon built from the line) needs no guess of
 * which side is which or how far a closing polygon must reach: the faces are exactly the
 * pieces of the area, and the overshooting ends of the line are dropped as dangles. Which
 * pieces are Armenian is decided by anchors far from the line, so a small error in the line
 * cannot flip a side.
 */
function splitByLine(area: MultiPolygon, line: Position[]): { armenian: MultiPolygon; faces: number; armenianFaces: number } {
  const rings = area.coordinates.flatMap((polygon) => polygon);
  const { polygons } = polygonize([...rings, line], { snapToleranceMeters: LINE_SPLIT_SNAP_TOLERANCE_M });
  // Faces of holes of the area (if any) are not part of it: keep only faces inside the area.
  const pieces = polygons.filter((face) => !isEmpty(intersection(face, area)));
  const isArmenian = (face: Polygon) => ARMENIAN_SIDE_ANCHORS.some((a) => pointInPolygon(a.position, face));
  const armenian = pieces.filter(isArmenian);
  if (pieces.length < 2 || armenian.length === 0 || armenian.length === pieces.length) {
    throw new FrontlineError(
      'GEOMETRY_FAILED',
      `the line of contact does not split control-1994 into an Armenian side (containing ${ARMENIAN_SIDE_ANCHORS.map((a) => a.name).join(', ')}) and another side: ` +
        `${pieces.length} piece(s), ${armenian.length} on the Armenian side; does the line start and end outside the 1994 area?`,
      { where: 'line of contact 2020-11-10' },
    );
  }
  const merged: Areal = armenian.length === 1 ? armenian[0]! : union(armenian[0]!, ...armenian.slice(1));
  return { armenian: intersection(merged, area), faces: pieces.length, armenianFaces: armenian.length };
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
