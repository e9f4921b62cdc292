import type { Feature, LineString, MultiPolygon, Polygon } from 'geojson';
import { FrontlineError, isFrontlineError } from '../../errors.js';
import { pointInPolygon } from '../../kernel/contains.js';
import { intersection, isEmpty, union, type Areal } from '../../kernel/overlay.js';
import { polygonize } from '../../kernel/polygonize.js';
import { lineFeatureBand } from '../../model/accuracy.js';
import { coverage } from '../../model/areas.js';
import { LayerPack, makeFeature, type Layer } from '../../model/layer.js';
import { karabakhSnapshotDescriptions } from './descriptions.js';
import { ARMENIAN_SIDE_ANCHORS, CUT_PARTS, heldUntilDecember, LINE_SPLIT_SNAP_TOLERANCE_M, type Cut } from './snapshots.js';

/**
 * The cuts of the Karabakh snapshots, made when the pack is built: the authored lines split the
 * area they cut (polygonized with its rings), the faces holding the anchors are the Armenian
 * side, and each line's band (its geodesic buffer at the stated accuracy of each segment) is
 * where it may lie. The pack carries the results as parts (`CUT_PARTS`, `LayerPack.parts`), so
 * that the snapshots, in a browser too, are overlays of the pack and nothing more.
 *
 * @param pack the pack as it will be read (positions on the grid), with the line layers.
 * @returns the cuts of 10 November and 14 December 2020, and the four parts that carry them
 *   (the Armenian side and the band of each).
 */
export function karabakhCuts(pack: LayerPack): { '2020-11-10': Cut; '2020-12-14': Cut; parts: Layer[] } {
  const control = coverage(pack.layer('control-1994'));
  const cut1110 = cutByLines(control, linesOf(pack, CUT_PARTS['2020-11-10'].lines), 'the lines of contact of 10 November 2020', 'control-1994');
  // The pocket of 14 December is cut from the Armenian area of 1 December, as the snapshots make it.
  const held1201 = heldUntilDecember(pack, cut1110).held1201.geometry;
  const cut1214 = cutByLines(
    held1201,
    linesOf(pack, CUT_PARTS['2020-12-14'].lines),
    'the line of contact of 14 December 2020',
    'the armenian-forces area of 1 December 2020',
  );
  return {
    '2020-11-10': cut1110,
    '2020-12-14': cut1214,
    parts: [
      ...cutParts('2020-11-10', cut1110, 'control-1994 cut by the authored lines of the southern and northern fronts'),
      ...cutParts('2020-12-14', cut1214, 'the armenian-forces area of 1 December 2020 cut by the authored line around Khtsaberd and Hin Tagher'),
    ],
  };
}

/**
 * The pack with its cuts made again from its line layers (after a line or its stated accuracy
 * was edited, say): the cut layers replaced, the snapshot descriptions rewritten.
 */
export function recutKarabakhPack(pack: LayerPack): LayerPack {
  const cuts = karabakhCuts(pack);
  return new LayerPack(pack.name, pack.title, pack.layers, pack.build, karabakhSnapshotDescriptions(pack, cuts['2020-11-10'], cuts['2020-12-14']), cuts.parts);
}

function cutParts(date: keyof typeof CUT_PARTS, cut: Cut, what: string): Layer[] {
  const ids = CUT_PARTS[date];
  const common = {
    validFrom: date,
    validTo: null,
    licence: 'Project-authored lines (MIT, with frontline) cut from layers of their own licences (see the layers named)',
  };
  return [
    {
      meta: {
        id: ids.side,
        title: `Armenian side of the authored lines of contact, ${date}`,
        kind: 'area',
        ...common,
        source: `${what} (polygonized, snap tolerance ${LINE_SPLIT_SNAP_TOLERANCE_M} m); the pieces holding ${ARMENIAN_SIDE_ANCHORS.map((a) => a.name).join(' or ')}`,
        accuracy: `The authored lines' (${ids.lines}); where they may lie is ${ids.band}`,
      },
      geojson: {
        type: 'FeatureCollection',
        features: [makeFeature(cut.side, { name: `Armenian side, ${date}`, faces: cut.faces, armenianFaces: cut.armenianFaces })],
      },
    },
    {
      meta: {
        id: ids.band,
        title: `Where the authored lines of contact of ${date} may lie`,
        kind: 'area',
        ...common,
        source: `Geodesic buffers of the lines of ${ids.lines}, each segment at its stated accuracy (segment_accuracy_m), united`,
        accuracy: 'Exactly the stated accuracy of each segment, in metres (WGS84 geodesic buffers)',
      },
      geojson: { type: 'FeatureCollection', features: [makeFeature(cut.band, { name: `Band of the lines of contact, ${date}` })] },
    },
  ];
}

/** The authored lines of a layer (one LineString feature each), with their bands. */
function linesOf(pack: LayerPack, layerId: string): { coordinates: Feature<LineString>['geometry']['coordinates']; band: MultiPolygon }[] {
  const lines = pack.layer(layerId).geojson.features.filter((f): f is Feature<LineString> => f?.geometry?.type === 'LineString');
  if (lines.length === 0) {
    throw new FrontlineError('PACK_MALFORMED', `layer "${layerId}" should hold at least one LineString feature (an authored line of contact), found none`, {
      where: layerId,
    });
  }
  return lines.map((feature, i) => {
    const where = `${layerId}/features[${i}]`;
    const coordinates = feature.geometry.coordinates;
    if (!Array.isArray(coordinates) || coordinates.length < 2) {
      throw new FrontlineError('PACK_MALFORMED', `layer "${layerId}": a line of contact needs at least two positions (feature ${i})`, { where });
    }
    try {
      return { coordinates, band: lineFeatureBand(feature) };
    } catch (error) {
      if (!isFrontlineError(error) || error.code !== 'INVALID_ARGUMENT') throw error;
      throw new FrontlineError('PACK_MALFORMED', `layer "${layerId}", feature ${i}: ${error.message}`, {
        where: `${where}.${error.where ?? 'properties'}`,
        cause: error,
      });
    }
  });
}

/**
 * Splits an area by lines that cross it. Polygonizing the area's rings together with the
 * lines (rather than cutting with a half-plane polygon built from a line) needs no guess of
 * which side is which or how far a closing polygon must reach: the faces are exactly the
 * pieces of the area, and the overshooting ends of the lines are dropped as dangles. Which
 * pieces are Armenian is decided by anchors far from the lines, so a small error in a line
 * cannot flip a side.
 */
function cutByLines(area: MultiPolygon, lines: ReturnType<typeof linesOf>, what: string, areaName: string): Cut {
  const rings = area.coordinates.flat();
  const { polygons } = polygonize([...rings, ...lines.map((l) => l.coordinates)], { snapToleranceMeters: LINE_SPLIT_SNAP_TOLERANCE_M });
  // Faces of holes of the area (if any) are not part of it: keep only faces inside the area.
  const pieces = polygons.filter((face) => !isEmpty(intersection(face, area)));
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
  return { side: intersection(merged, area), band, faces: pieces.length, armenianFaces: armenian.length };
}
