import type { MultiPolygon } from 'geojson';
import { FrontlineError } from '../../errors.js';
import { difference, intersection, union } from '../../kernel/overlay.js';
import { coverage } from '../../model/areas.js';
import type { LayerPack, SnapshotDescription } from '../../model/layer.js';
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
 * The pack parts the build cuts with the authored lines (see cuts.ts): for each date, the side
 * of the area cut that holds the anchors (`ARMENIAN_SIDE_ANCHORS`), and the band where the
 * lines may lie. Compiled into the pack, so that snapshots are built with overlays alone.
 */
export const CUT_PARTS = {
  '2020-11-10': { side: 'armenian-side-2020-11-10', band: 'line-of-contact-2020-band', lines: LINE_OF_CONTACT_LAYER },
  '2020-12-14': { side: 'armenian-side-2020-12-14', band: 'line-of-contact-2020-12-14-band', lines: LINE_OF_CONTACT_1214_LAYER },
} as const;

/** One cut of an area by authored lines: the anchors' side, the lines' band, and how many faces the cut made. */
export interface Cut {
  side: MultiPolygon;
  band: MultiPolygon;
  faces: number;
  armenianFaces: number;
}

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
  return snapshotsWith(pack, cutOf(pack, '2020-11-10'), cutOf(pack, '2020-12-14'));
}

/**
 * The ground of each step of the chain from the ceasefire to 1 December 2020, given the cut of
 * 10 November: what the build needs to make the cut of 14 December, and the snapshots use.
 */
export function heldUntilDecember(pack: LayerPack, cut1110: Cut) {
  const nkao = coverage(pack.layer('nkao-1991'));
  const aoi = exactArea(union(nkao, coverage(pack.layer('districts'))));
  const control = exactArea(coverage(pack.layer('control-1994')));
  const handover = exactArea(coverage(pack.layer('handover-2020')));
  // Inside the former NKAO the corridor road runs through ground the Armenian side kept
  // (Lisagor to Stepanakert): only the strip outside it is the peacekeepers' own zone.
  const corridor2020 = exactArea(difference(intersection(corridorFrom(pack, '2020-11-10'), aoi.geometry), nkao));
  const corridor2022 = exactArea(difference(intersection(corridorFrom(pack, '2022-08-26'), aoi.geometry), nkao));
  const held1994 = uncertainIntersection(control, aoi);
  const held1110 = uncertainIntersection(cutByUncertainLine(control, cut1110.side, cut1110.band), aoi);
  const held1201 = uncertainDifference(held1110, handover, corridor2020);
  return { aoi, corridor2020, corridor2022, held1994, held1110, held1201 };
}

function snapshotsWith(pack: LayerPack, split1110: Cut, split1214: Cut): ControlSnapshot[] {
  const { aoi, corridor2020, corridor2022, held1994, held1110, held1201 } = heldUntilDecember(pack, split1110);
  const held1214 = cutByUncertainLine(held1201, split1214.side, split1214.band);
  const peacekeepers2022 = uncertainDifference(corridor2022, held1214);
  const snapshot = (id: string, controllers: ReturnType<typeof overAoi> | { controllers: ControllerInput[] }) =>
    new ControlSnapshot({ ...describedIn(pack, id), ...controllers });
  return [
    snapshot('karabakh-1994-05-12', overAoi(aoi, [[ARMENIAN_FORCES, held1994]])),
    snapshot('karabakh-2020-09-27', overAoi(aoi, [[ARMENIAN_FORCES, held1994]])),
    snapshot('karabakh-2020-11-10', overAoi(aoi, [[ARMENIAN_FORCES, held1110]])),
    snapshot(
      'karabakh-2020-12-01',
      overAoi(aoi, [
        [ARMENIAN_FORCES, held1201],
        [RUSSIAN_PEACEKEEPERS, corridor2020],
      ]),
    ),
    snapshot(
      'karabakh-2020-12-14',
      overAoi(aoi, [
        [ARMENIAN_FORCES, held1214],
        [RUSSIAN_PEACEKEEPERS, corridor2020],
      ]),
    ),
    snapshot(
      'karabakh-2022-08-26',
      overAoi(aoi, [
        [ARMENIAN_FORCES, held1214],
        [RUSSIAN_PEACEKEEPERS, peacekeepers2022],
      ]),
    ),
    snapshot('karabakh-2023-09-20', { controllers: [{ controller: AZERBAIJAN, geometry: aoi.geometry }] }),
  ];
}

/** A snapshot's id, date, label, sources, notes and accuracy, as the pack describes it (see descriptions.ts). */
function describedIn(pack: LayerPack, id: string): SnapshotDescription {
  const found = pack.snapshots.find((d) => d.id === id);
  if (!found)
    throw new FrontlineError('PACK_MALFORMED', `pack "${pack.name}" does not describe the snapshot "${id}"; rebuild the pack`, {
      where: 'frontline.snapshots',
    });
  return found;
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

/** The cut of a date as the pack carries it (see {@link CUT_PARTS}). */
function cutOf(pack: LayerPack, date: keyof typeof CUT_PARTS): Cut {
  const ids = CUT_PARTS[date];
  const side = pack.part(ids.side).geojson.features[0];
  const count = (key: string): number => {
    const v = side?.properties?.[key];
    if (typeof v !== 'number' || !Number.isInteger(v))
      throw new FrontlineError('PACK_MALFORMED', `layer "${ids.side}" should say how many ${key} the cut made`, { where: ids.side });
    return v;
  };
  return { side: coverage(pack.part(ids.side)), band: coverage(pack.part(ids.band)), faces: count('faces'), armenianFaces: count('armenianFaces') };
}

function corridorFrom(pack: LayerPack, validFrom: string): MultiPolygon {
  const features = pack.layer('lachin-corridor').geojson.features.filter((f) => f.properties?.validFrom === validFrom);
  if (features.length !== 1) {
    throw new FrontlineError(
      'PACK_MALFORMED',
      `layer "lachin-corridor" should have exactly one feature with validFrom ${validFrom}, found ${features.length}`,
      {
        where: 'lachin-corridor',
      },
    );
  }
  const g = features[0]!.geometry;
  if (g?.type !== 'Polygon' && g?.type !== 'MultiPolygon') {
    throw new FrontlineError('PACK_MALFORMED', `the lachin-corridor feature valid from ${validFrom} is not a (Multi)Polygon`, { where: 'lachin-corridor' });
  }
  return g.type === 'MultiPolygon' ? g : { type: 'MultiPolygon', coordinates: [g.coordinates] };
}
