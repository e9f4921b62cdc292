import type { Feature, LineString } from 'geojson';
import { FrontlineError } from '../../errors.js';
import type { LayerPack, SnapshotDescription } from '../../model/layer.js';
import { ARMENIAN_SIDE_ANCHORS, LINE_OF_CONTACT_1214_LAYER, LINE_OF_CONTACT_LAYER, LINE_SPLIT_SNAP_TOLERANCE_M, type Cut } from './snapshots.js';

/**
 * What each Karabakh snapshot is, in words: its label, the sources of every layer it is made
 * from, how it is made and how far it can be trusted. Written when the pack is built (the cuts'
 * face counts are known then) and carried by the pack (`frontline.snapshots`), so that the
 * snapshots' descriptions travel with their data and the code that builds their geometry,
 * which runs in browsers too, stays small.
 */
export function karabakhSnapshotDescriptions(
  pack: LayerPack,
  cut1110: Pick<Cut, 'faces' | 'armenianFaces'>,
  cut1214: Pick<Cut, 'faces' | 'armenianFaces'>,
): SnapshotDescription[] {
  const lines1110 = linesOf(pack, LINE_OF_CONTACT_LAYER);
  const [line1214] = linesOf(pack, LINE_OF_CONTACT_1214_LAYER);

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

  const ceasefire = (id: string, date: string, label: string, extra: string): SnapshotDescription => ({
    id,
    date,
    label,
    sources: [...aoiSources, ...layerSources(['control-1994'])],
    notes: `${aoiNote} armenian-forces = control-1994 ∩ AOI; azerbaijan = AOI − control-1994.${extra}`,
    accuracy: controlAccuracy,
  });

  return [
    ceasefire('karabakh-1994-05-12', '1994-05-12', 'Ceasefire of 12 May 1994 (Bishkek Protocol in force)', ''),
    ceasefire(
      'karabakh-2020-09-27',
      '2020-09-27',
      'Eve of the 2020 war, 27 September 2020',
      ' The geometry is equal to 1994 at this resolution: the line of contact moved little between 1994 and 2020 (the April 2016 clashes changed it by a few km² only), which the Natural Earth layer does not record.',
    ),
    {
      id: 'karabakh-2020-11-10',
      date: '2020-11-10',
      label: 'Trilateral statement signed, 10 November 2020',
      sources: [...aoiSources, ...layerSources(['control-1994']), ...sources1110],
      notes:
        `${aoiNote} control-1994 is split by the authored lines of contact of 10 November 2020, the southern and the northern front together ` +
        `(polygonized with the 1994 boundary, snap tolerance ${LINE_SPLIT_SNAP_TOLERANCE_M} m, into ${cut1110.faces} pieces); the pieces containing ` +
        `${ARMENIAN_SIDE_ANCHORS.map((a) => a.name).join(' or ')} (${cut1110.armenianFaces}) stay armenian-forces (∩ AOI); ` +
        'everything else in the AOI is azerbaijan: the south taken in the war and the Talish–Madagiz (Sugovushan) salient in the north. ' +
        'The Murov heights (Kalbajar district), announced taken on 27 September 2020, are not modelled.' +
        rangeNote,
      accuracy: `${accuracy1110} ${controlAccuracy}`,
    },
    {
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
    },
    {
      id: 'karabakh-2020-12-14',
      date: '2020-12-14',
      label: 'After the Khtsaberd–Hin Tagher pocket was taken, 14 December 2020',
      sources: [...aoiSources, ...layerSources(['control-1994', 'handover-2020', 'lachin-corridor']), ...sources1110, ...sources1214],
      notes:
        `${aoiNote} armenian-forces = the 1 December Armenian area split by the authored line of 14 December 2020 (polygonized, snap tolerance ` +
        `${LINE_SPLIT_SNAP_TOLERANCE_M} m, into ${cut1214.faces} pieces; the pieces containing ${ARMENIAN_SIDE_ANCHORS.map((a) => a.name).join(' or ')} ` +
        `(${cut1214.armenianFaces}) stay armenian-forces): the Khtsaberd–Hin Tagher pocket of Hadrut region, attacked on 11–12 December and taken by ` +
        '14 December, goes to azerbaijan, with any sliver of the 1 December area that holds no anchor; russian-peacekeepers as on 1 December; ' +
        'azerbaijan = the rest of the AOI.' +
        rangeNote,
      accuracy: `${accuracy1110} ${accuracy1214} ${handoverAccuracy} ${corridorAccuracy}`,
    },
    {
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
    },
    {
      id: 'karabakh-2023-09-20',
      date: '2023-09-20',
      label: 'End of the Armenian-held area, 20 September 2023',
      sources: aoiSources,
      notes:
        `${aoiNote} Azerbaijan's offensive of 19–20 September 2023 ended the Armenian-held area; the whole AOI is azerbaijan. ` +
        'Russian peacekeepers stayed until their withdrawal in 2024 but held no zone of their own after this date.',
      accuracy: "Exact at this level: one controller over the whole area of interest (whose edges carry the layers' own accuracy).",
    },
  ];
}

interface AuthoredLine {
  id: string;
  title: string;
  accuracy: string;
}

/** What the snapshots' notes say of the authored lines of a layer (one LineString feature each). */
function linesOf(pack: LayerPack, layerId: string): AuthoredLine[] {
  const lines = pack.layer(layerId).geojson.features.filter((f): f is Feature<LineString> => f?.geometry?.type === 'LineString');
  if (lines.length === 0) {
    throw new FrontlineError('PACK_MALFORMED', `layer "${layerId}" should hold at least one LineString feature (an authored line of contact), found none`, {
      where: layerId,
    });
  }
  return lines.map((feature, i) => {
    const p = feature.properties ?? {};
    const text = (value: unknown, fallback: string) => (typeof value === 'string' && value.length > 0 ? value : fallback);
    return {
      id: text(p.id, `${layerId}#${i}`),
      title: text(p.title, `line of contact (${layerId})`),
      accuracy: text(p.accuracy, "not stated by the line's author"),
    };
  });
}
