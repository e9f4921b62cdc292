import type { BBox, Feature, Geometry, LineString, MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';
import { area } from '../../kernel/area.js';
import { bufferLine } from '../../kernel/buffer.js';
import { snapToGrid } from '../../kernel/grid.js';
import { clipLinesToBox, runsOf, type LineRuns } from '../../kernel/lines.js';
import { difference, intersection, union, type Areal } from '../../kernel/overlay.js';
import { partitionFrame } from '../../kernel/partition.js';
import { polygonize } from '../../kernel/polygonize.js';
import { polygonRings } from '../../kernel/rings.js';
import { FrontlineError, isFrontlineError } from '../../errors.js';
import { SEGMENT_ACCURACY_PROPERTY, segmentAccuracyM } from '../../model/accuracy.js';
import { loadPack, makeFeature, packTopology, type Layer, type LayerMeta, type PackTopology } from '../../model/layer.js';
import { recutKarabakhPack } from './cuts.js';
import { DISTRICTS, HANDOVERS, type DistrictInfo } from './districts.js';
import { areal, linear, malformed, selectFeatures, featuresOf, type KarabakhSources, type UpstreamFile } from './sources.js';

/** Largest gap between oblast arcs that is closed when building the NKAO ring (metres). */
export const NKAO_SNAP_TOLERANCE_M = 250;
/** Half the corridor's width: the statement says 5 km wide (metres). */
export const CORRIDOR_HALF_WIDTH_M = 2500;

const NE = 'Natural Earth 1:10m cultural vectors (v5), naturalearthdata.com';
const NE_LICENCE = 'Public domain (Natural Earth); GeoJSON conversion CC0';
const GB = "geoBoundaries AZE ADM2 (gbOpen, boundary year 2020), traced from Wikipedia's map of the administrative divisions of Azerbaijan";
const GB_LICENCE = 'CC BY-SA 3.0 (geoBoundaries; attribution required, share-alike)';
const MIXED_LICENCE = `${GB_LICENCE}, derived from ${NE_LICENCE.toLowerCase()} data`;

/** What the build repaired or fitted, so nothing it does to the sources goes unreported. */
export interface KarabakhBuildReport {
  readonly nkao: { gapsClosedMeters: number[]; danglesDropped: number; areaKm2: number };
  readonly districtFit: {
    id: string;
    name: string;
    rawKm2: number;
    rawHeldKm2: number;
    fittedHeldKm2: number;
    changeKm2: number;
  }[];
  readonly frameKm2: number;
  readonly corridor: { route: string; validFrom: string; validTo: string | null; bufferKm2: number; corridorKm2: number }[];
}

export interface KarabakhBuild {
  readonly layers: Layer[];
  readonly report: KarabakhBuildReport;
}

const km2 = (g: Areal): number => area(g) / 1e6;

/**
 * Compiles the Karabakh layer pack from its upstream sources (already parsed; the caller
 * reads files, so this runs anywhere). Each step that changes the sources (closing gaps,
 * fitting districts, clipping) is recorded in the returned report.
 */
export function buildKarabakhLayers(sources: KarabakhSources): KarabakhBuild {
  // 1994 area held by Armenian forces: Natural Earth's breakaway polygon.
  const [breakaway] = selectFeatures(sources.disputedAreas, 'BRK_NAME "Nagorno-Karabakh"', (p) => p.BRK_NAME === 'Nagorno-Karabakh');
  const control = areal(sources.disputedAreas, breakaway!, 'the Nagorno-Karabakh breakaway area');

  // NKAO: noded and polygonized from the "Former USSR oblast in 1991" arcs.
  const isAze = (p: Record<string, unknown>) => p.adm0_left === 'Azerbaijan' && p.adm0_right === 'Azerbaijan';
  const oblastArcs = selectFeatures(
    sources.disputedLines,
    'name "Former USSR oblast in 1991" inside Azerbaijan',
    (p) => isAze(p) && p.name === 'Former USSR oblast in 1991',
  );
  const oblastRuns: LineRuns = oblastArcs.flatMap((f) => runsOf(linear(sources.disputedLines, f, 'an oblast arc')));
  const ring = polygonize(oblastRuns, { snapToleranceMeters: NKAO_SNAP_TOLERANCE_M });
  if (ring.polygons.length !== 1) {
    throw malformed(
      sources.disputedLines,
      `the "Former USSR oblast in 1991" arcs should close into one polygon with gaps of at most ${NKAO_SNAP_TOLERANCE_M} m, got ${ring.polygons.length}`,
    );
  }
  const nkao: Polygon = ring.polygons[0]!;

  // Ceasefire line of 1994.
  const ceasefire = selectFeatures(sources.disputedLines, 'name "Ceasefire Line 1994" inside Azerbaijan', (p) => isAze(p) && p.name === 'Ceasefire Line 1994');
  const ceasefireRuns = ceasefire.flatMap((f) => runsOf(linear(sources.disputedLines, f, 'the 1994 ceasefire line')));

  // Districts: raw geoBoundaries polygons, then fitted to the 1994 frame.
  const adm2 = featuresOf(sources.districts);
  const raw = DISTRICTS.map((d) => {
    const found = adm2.filter((f): f is Feature<Geometry, Record<string, unknown>> => f?.properties?.shapeName === d.adm2Name && f.geometry != null);
    if (found.length !== 1) throw malformed(sources.districts, `expected exactly one unit with shapeName "${d.adm2Name}", found ${found.length}`);
    return { district: d, geometry: areal(sources.districts, found[0]!, d.adm2Name) };
  });
  const frame = difference(control, nkao);
  const fit = partitionFrame(
    frame,
    raw.map((r) => ({ id: r.district.id, geometry: r.geometry })),
  );
  const heldPart = new Map(fit.parts.map((p) => [p.id, p.geometry]));
  const controlOrNkao = union(control, nkao);
  const fullDistrict = (d: DistrictInfo, rawGeometry: Areal): MultiPolygon => {
    const held = heldPart.get(d.id)!;
    // Districts held in full are exactly their held part: whatever of the traced polygon lies
    // outside the frame is misregistration between the two sources, not land that was not held.
    return d.heldInFull ? held : union(held, difference(rawGeometry, controlOrNkao));
  };

  // The Lachin corridor: a geodesic buffer of each authored route, kept on the Azerbaijani side.
  const corridors = [sources.corridor2020, sources.corridor2022].map((file) => corridorFromRoute(file, controlOrNkao));

  // Handovers: the districts' parts still held on 10 November 2020 (Lachin less the 2020 corridor).
  const corridor2020 = corridors[0]!;
  const handovers = HANDOVERS.map((h) => {
    const d = DISTRICTS.find((x) => x.id === h.districtId)!;
    const held = heldPart.get(d.id)!;
    const geometry = d.id === 'lachin' ? difference(held, corridor2020.geometry) : held;
    return makeFeature(geometry, {
      name: d.name,
      nameAz: d.nameAz,
      district: d.id,
      deadline: h.deadline,
      ...(h.originalDeadline ? { originalDeadline: h.originalDeadline } : {}),
      clause: h.clause,
    });
  });

  // International borders in the region.
  const box = regionBox([control, ...raw.map((r) => r.geometry)], 0.5);
  const pairs: [string, string, string][] = [
    ['Armenia', 'Azerbaijan', 'Armenia–Azerbaijan'],
    ['Azerbaijan', 'Iran', 'Azerbaijan–Iran'],
  ];
  const borders = pairs.map(([x, y, name]) => {
    const found = selectFeatures(sources.landLines, `adm0_left/adm0_right ${x} and ${y}`, (p) => {
      const pair = [p.adm0_left, p.adm0_right];
      return pair.includes(x) && pair.includes(y);
    });
    const runs = clipLinesToBox(
      found.flatMap((f) => runsOf(linear(sources.landLines, f, `the ${name} boundary`))),
      box,
    );
    if (runs.length === 0) throw malformed(sources.landLines, `the ${name} boundary does not reach the region ${box.join(',')}`);
    return makeFeature<MultiLineString, { name: string }>({ type: 'MultiLineString', coordinates: runs }, { name });
  });

  const districtProps = (d: DistrictInfo) => ({ name: d.name, nameAz: d.nameAz, district: d.id });
  const layers: Layer[] = [
    layer(meta.nkao, [makeFeature(nkao, { name: 'Nagorno-Karabakh Autonomous Oblast', nameAz: 'Dağlıq Qarabağ Muxtar Vilayəti' })]),
    layer(meta.control, [makeFeature(control, { name: 'Area held by Armenian forces, 1994–2020' })]),
    layer(meta.ceasefire, [
      makeFeature<MultiLineString, { name: string }>({ type: 'MultiLineString', coordinates: ceasefireRuns }, { name: 'Line of contact, 1994' }),
    ]),
    layer(
      meta.districts,
      raw.map((r) => makeFeature(fullDistrict(r.district, r.geometry), { ...districtProps(r.district), heldInFull1994: r.district.heldInFull })),
    ),
    layer(
      meta.districtsHeld,
      raw.map((r) => makeFeature(heldPart.get(r.district.id)!, districtProps(r.district))),
    ),
    layer(
      meta.districtsRaw,
      raw.map((r) => makeFeature(r.geometry, { ...districtProps(r.district), shapeName: r.district.adm2Name })),
    ),
    layer(meta.handover, handovers),
    layer(
      meta.corridor,
      corridors.map((c) => c.feature),
    ),
    layer(meta.borders, borders),
    layer(meta.lineOfContact, [
      lineOfContactFeature(sources.lineOfContact2020, 'Line of contact, 10 November 2020 (southern front)'),
      lineOfContactFeature(sources.lineOfContact2020North, 'Line of contact, 10 November 2020 (northern front)'),
    ]),
    layer(meta.lineOfContact1214, [
      lineOfContactFeature(sources.lineOfContact2020Khtsaberd, 'Line of contact, 14 December 2020 (Khtsaberd–Hin Tagher pocket)'),
    ]),
  ];

  const report: KarabakhBuildReport = {
    nkao: { gapsClosedMeters: ring.gapsClosed.map((g) => g.distanceMeters), danglesDropped: ring.danglesDropped, areaKm2: km2(nkao) },
    frameKm2: km2(frame),
    districtFit: raw.map((r) => {
      const rawHeld = km2(intersection(r.geometry, frame));
      const fitted = km2(heldPart.get(r.district.id)!);
      return { id: r.district.id, name: r.district.name, rawKm2: km2(r.geometry), rawHeldKm2: rawHeld, fittedHeldKm2: fitted, changeKm2: fitted - rawHeld };
    }),
    corridor: corridors.map((c) => c.report),
  };
  return { layers, report };
}

/** Compiles the pack and writes it into one TopoJSON topology with its build report. */
export function buildKarabakhPack(sources: KarabakhSources): PackTopology {
  const { layers, report } = buildKarabakhLayers(sources);
  // Twice: the cuts are made on the pack as it will be read (positions on the grid), exactly
  // as the snapshots will overlay them, then written into it.
  const cut = recutKarabakhPack(loadPack(onGridTopology(layers)));
  const topology = onGridTopology(cut.layers, cut.parts);
  return { ...topology, frontline: { ...topology.frontline, build: report, snapshots: [...cut.snapshots] } };
}

function onGridTopology(layers: readonly Layer[], parts: readonly Layer[] = []): PackTopology {
  const topology = packTopology('karabakh', 'Nagorno-Karabakh, 1991–2023', layers, parts);
  return { ...topology, arcs: topology.arcs.map(onGrid) };
}

/**
 * An arc with its positions on the overlay's 1e-9° grid (0.1 mm; the sources are accurate to
 * hundreds of metres). Overlay results are on the grid already; the source layers kept as they
 * are (districts-raw, control-1994...) are put on it too, so that every layer of the pack comes
 * back from an overlay bit for bit, and the pack is stored in short decimals. A position that
 * lands on the one before it is dropped (an arc keeps its two ends).
 */
function onGrid(arc: Position[]): Position[] {
  const out: Position[] = [];
  arc.forEach((p, i) => {
    const q = [snapToGrid(p[0]!), snapToGrid(p[1]!)];
    const last = out[out.length - 1];
    if (last && last[0] === q[0] && last[1] === q[1]) {
      if (i === arc.length - 1) out[out.length - 1] = q;
      return;
    }
    out.push(q);
  });
  return out.length >= 2 ? out : [out[0]!, out[0]!];
}

function layer(m: LayerMeta, features: Feature[]): Layer {
  return { meta: m, geojson: { type: 'FeatureCollection', features } };
}

interface RouteProps {
  id?: unknown;
  title?: unknown;
  validFrom?: unknown;
  validTo?: unknown;
  accuracy?: unknown;
}

function corridorFromRoute(file: UpstreamFile, land: Areal) {
  const lines = featuresOf(file).filter((f) => f?.geometry?.type === 'LineString') as Feature<LineString, RouteProps>[];
  if (lines.length !== 1) throw malformed(file, `expected exactly one LineString route, found ${lines.length}`);
  const route = lines[0]!;
  const props = route.properties ?? {};
  if (typeof props.validFrom !== 'string') throw malformed(file, 'the route needs a "validFrom" ISO date');
  const validTo = typeof props.validTo === 'string' ? props.validTo : null;
  const buffer = bufferLine(route.geometry.coordinates, CORRIDOR_HALF_WIDTH_M);
  // The route starts on the Armenian border; the round end cap reaching into Armenia is not part of the corridor.
  const geometry = intersection(buffer, land);
  if (geometry.coordinates.length === 0) throw malformed(file, 'the route does not cross the 1994 area');
  const name = typeof props.title === 'string' ? props.title : `Lachin corridor from ${props.validFrom}`;
  return {
    geometry,
    feature: makeFeature(geometry, {
      name,
      route: typeof props.id === 'string' ? props.id : file.file,
      validFrom: props.validFrom,
      validTo,
      widthMeters: 2 * CORRIDOR_HALF_WIDTH_M,
      accuracy: typeof props.accuracy === 'string' ? props.accuracy : null,
    }),
    report: { route: file.file, validFrom: props.validFrom, validTo, bufferKm2: km2(buffer), corridorKm2: km2(geometry) },
  };
}

/**
 * An authored line of contact as the pack carries it: the LineString feature with its
 * properties (id, title, date, cuts, description, accuracy in words and in metres per segment).
 * The cited places beside it in the fixture are the evidence for the line, checked by the
 * tests, and stay in the repository. The stated accuracy is checked here, since the snapshots
 * turn it into the range of every figure.
 */
function lineOfContactFeature(file: UpstreamFile, name: string): Feature<LineString> {
  const lines = featuresOf(file).filter((f) => f?.geometry?.type === 'LineString') as Feature<LineString>[];
  if (lines.length !== 1) throw malformed(file, `expected exactly one LineString (the line of contact), found ${lines.length}`);
  const line = lines[0]!;
  if (!Array.isArray(line.geometry.coordinates) || line.geometry.coordinates.length < 2)
    throw malformed(file, 'the line of contact needs at least two positions');
  if (line.properties?.[SEGMENT_ACCURACY_PROPERTY] === undefined)
    throw malformed(file, `the line of contact needs "${SEGMENT_ACCURACY_PROPERTY}", its accuracy in metres per segment`);
  try {
    segmentAccuracyM(line);
  } catch (error) {
    throw malformed(file, isFrontlineError(error) ? error.message : String(error));
  }
  return makeFeature(line.geometry, { name, ...(line.properties ?? {}) });
}

function regionBox(geometries: Areal[], marginDegrees: number): BBox {
  let w = Infinity,
    s = Infinity,
    e = -Infinity,
    n = -Infinity;
  const visit = (p: Position) => {
    w = Math.min(w, p[0]!);
    e = Math.max(e, p[0]!);
    s = Math.min(s, p[1]!);
    n = Math.max(n, p[1]!);
  };
  for (const g of geometries) {
    for (const poly of polygonRings(g, 'regionBox')) for (const r of poly) r.forEach(visit);
  }
  if (!Number.isFinite(w)) throw new FrontlineError('INVALID_ARGUMENT', 'cannot frame an empty region');
  return [w - marginDegrees, s - marginDegrees, e + marginDegrees, n + marginDegrees];
}

const meta = {
  nkao: {
    id: 'nkao-1991',
    title: 'Nagorno-Karabakh Autonomous Oblast (1923–1991)',
    kind: 'area',
    validFrom: '1923-07-07',
    validTo: '1991-11-26',
    source: `${NE}: "Former USSR oblast in 1991" boundary arcs, noded, gaps of up to ${NKAO_SNAP_TOLERANCE_M} m closed, polygonized`,
    licence: NE_LICENCE,
    accuracy: 'Natural Earth 1:10m generalisation (vertices every few hundred metres); about 2.4 % smaller than the published 4,388 km², see docs/data.md',
  },
  control: {
    id: 'control-1994',
    title: 'Area held by Armenian forces, 1994 ceasefire to 27 September 2020',
    kind: 'area',
    validFrom: '1994-05-12',
    validTo: '2020-09-27',
    source: `${NE}: admin-0 breakaway polygon "Nagorno-Karabakh"`,
    licence: NE_LICENCE,
    accuracy: 'Natural Earth 1:10m generalisation; about 4 % larger than the published 11,458 km² table, see docs/data.md',
  },
  ceasefire: {
    id: 'ceasefire-line-1994',
    title: 'Line of contact after the 1994 ceasefire',
    kind: 'line',
    validFrom: '1994-05-12',
    validTo: '2020-09-27',
    source: `${NE}: boundary lines "Ceasefire Line 1994"`,
    licence: NE_LICENCE,
    accuracy: 'Natural Earth 1:10m generalisation',
  },
  districts: {
    id: 'districts',
    title: 'The seven districts around the former NKAO',
    kind: 'area',
    validFrom: null,
    validTo: null,
    source: `${GB}, fitted to the ${NE} 1994 area: the held parts partition control-1994 minus nkao-1991 exactly; outside it, Agdam and Fuzuli keep their traced edges`,
    licence: MIXED_LICENCE,
    accuracy:
      'Held parts follow Natural Earth; unheld parts of Agdam and Fuzuli follow a traced map (edges several km off); per-district changes from fitting are in docs/data.md',
  },
  districtsHeld: {
    id: 'districts-held-1994',
    title: 'Parts of the seven districts held by Armenian forces, 1994–2020',
    kind: 'area',
    validFrom: '1994-05-12',
    validTo: '2020-09-27',
    source: `control-1994 minus nkao-1991, each piece labelled by the ${GB} district containing it; pieces no district contains go to the neighbour sharing the longest border`,
    licence: MIXED_LICENCE,
    accuracy: "Partition of the Natural Earth 1994 area; district edges inside it are geoBoundaries' (several km)",
  },
  districtsRaw: {
    id: 'districts-raw',
    title: 'The seven districts as published by geoBoundaries (unfitted)',
    kind: 'area',
    validFrom: null,
    validTo: null,
    source: GB,
    licence: GB_LICENCE,
    accuracy: 'Traced from a map, not surveyed: edges several km off Natural Earth, areas within about ±10 % of published figures',
  },
  handover: {
    id: 'handover-2020',
    title: 'Districts returned without a fight under the 10 November 2020 statement',
    kind: 'area',
    validFrom: '2020-11-10',
    validTo: '2020-12-01',
    source: 'districts-held-1994 for Agdam, Kalbajar and Lachin (Lachin less the 2020 corridor); deadlines from the trilateral statement of 9/10 November 2020',
    licence: MIXED_LICENCE,
    accuracy:
      'Approximates the parts still held on 10 November 2020 by those held since 1994: front-line changes inside these three districts during the war are not modelled',
  },
  corridor: {
    id: 'lachin-corridor',
    title: 'Lachin corridor under Russian peacekeepers (5 km wide)',
    kind: 'area',
    validFrom: '2020-11-10',
    validTo: '2023-09-20',
    source: `geodesic buffer (2.5 km each side, WGS84) of project-authored routes (fixtures/lachin-corridor, every waypoint cited), clipped to the Azerbaijani side of the ${NE} Armenia–Azerbaijan border`,
    licence: `Routes: project-authored; clipping frame ${NE_LICENCE.toLowerCase()}`,
    accuracy: 'Width exact to the buffer (5 km ± 0.5 %); the route follows the road to about 1 km, see fixtures/lachin-corridor/README.md',
  },
  lineOfContact: {
    id: 'line-of-contact-2020',
    title: 'Lines of contact when the trilateral statement took effect, 10 November 2020 (southern and northern fronts)',
    kind: 'line',
    validFrom: '2020-11-10',
    validTo: '2023-09-20',
    source: 'Project-authored from named places whose side of the line is reported (fixtures/karabakh, every place cited)',
    licence: 'Project-authored (MIT, with frontline)',
    accuracy:
      'Authored from named places, not surveyed lines: southern front ±1–6 km per segment (±3–5 km over most of it), northern front ±2.5–4 km; each feature states its accuracy in metres per segment (segment_accuracy_m), see fixtures/karabakh/README.md',
  },
  lineOfContact1214: {
    id: 'line-of-contact-2020-12-14',
    title: 'Northern limit of the Khtsaberd–Hin Tagher pocket, taken by Azerbaijan on 11–14 December 2020',
    kind: 'line',
    validFrom: '2020-12-14',
    validTo: '2023-09-20',
    source: 'Project-authored along the geoBoundaries Shusha–Khojavend edge (the old Hadrut–Shusha raion boundary), places cited (fixtures/karabakh)',
    licence: 'Project-authored (MIT, with frontline)',
    accuracy: '±3 km per segment (segment_accuracy_m): a raion boundary as geoBoundaries draws it, not a reported position, see fixtures/karabakh/README.md',
  },
  borders: {
    id: 'borders',
    title: 'Armenia–Azerbaijan and Azerbaijan–Iran boundaries in the region',
    kind: 'line',
    validFrom: null,
    validTo: null,
    source: `${NE}: admin-0 land boundary lines, clipped to the region`,
    licence: NE_LICENCE,
    accuracy: 'Natural Earth 1:10m generalisation',
  },
} satisfies Record<string, LayerMeta>;
