/**
 * Repair of GeoJSON: the fixes that cannot change what a geometry means, each one reported.
 * Nothing else in frontline repairs anything silently; `validate` says what is wrong, `repair`
 * what it changed and by how much area.
 *
 * What it fixes:
 * - rings that are not closed (the first position is repeated at the end);
 * - positions that repeat the one before (dropped);
 * - rings of fewer than three distinct positions (dropped: they enclose nothing; a polygon whose
 *   shell is such a ring is dropped with its holes);
 * - rings crossing themselves or each other, holes outside their shell or inside each other:
 *   the polygon is replaced by the ground inside its shell less the ground inside its holes,
 *   computed by the overlay (non-zero winding, so the lobes of a figure eight both count, and a
 *   hole removes only what lies in the shell), then cut back to edges no longer than the
 *   input's (the overlay merges collinear edges; long edges would read differently as geodesics);
 * - overlapping polygons of a MultiPolygon (merged with `union`);
 * - ring orientation (rewound to RFC 7946: shells counter-clockwise, holes clockwise).
 *
 * What it leaves: coordinates that are not numbers or out of range (an error: there is no safe
 * guess), edges jumping across the antimeridian, and controllers of a snapshot claiming the
 * same ground (which controller holds it is not a geometric question); `remaining` lists them.
 */
import type { Feature, GeoJSON, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import { FrontlineError } from '../errors.js';
import { area, ringArea } from './area.js';
import { densify } from './densify.js';
import { difference, union } from './overlay.js';
import { enclosesNothing, geometryTopology, type TopologyRing } from './polygon-topology.js';
import {
  FINDING_SEVERITY,
  cleanPositions,
  isBelowGrid,
  planarTwiceArea,
  validate,
  type CleanRing,
  type FindingCode,
  type ValidateOptions,
  type ValidationFinding,
} from './validate.js';

/** One thing `repair` changed. */
export interface RepairChange {
  /** The finding code of the problem fixed. */
  code: FindingCode;
  /** Where, as in `validate`'s findings. */
  path: string;
  message: string;
}

/** What `repair` returns. */
export interface RepairResult {
  /** A new GeoJSON object of the same kind (a Polygon may become a MultiPolygon); the input is not modified. */
  geojson: GeoJSON;
  /** Every change, in input order; empty when nothing needed fixing. */
  changes: RepairChange[];
  /** area(repaired) − area(input), m², ellipsoidal: what the repairs added (or removed) as `area` reads them. */
  areaChangeM2: number;
  /** Errors and warnings `validate` still finds in the result (e.g. controllers that overlap). */
  remaining: ValidationFinding[];
}

/** Problems no repair can guess around: the input is refused with `INVALID_GEOJSON`. */
const UNREPAIRABLE = new Set<FindingCode>(['NOT_JSON', 'NOT_GEOJSON', 'WRONG_TYPE', 'MALFORMED_POSITION', 'NON_FINITE_COORDINATE', 'COORDINATE_OUT_OF_RANGE']);

/**
 * Fixes what can be fixed safely in a GeoJSON object and reports each change.
 *
 * @param geojson any GeoJSON object (Geometry, Feature, FeatureCollection), never modified.
 *   Properties are copied one level deep; other members are kept.
 * @param options as for `validate` (the overlap tolerance used to decide which parts overlap).
 * @returns `{ geojson, changes, areaChangeM2, remaining }` (see {@link RepairResult}).
 * @throws FrontlineError `INVALID_GEOJSON` when the input is not GeoJSON or has positions that
 *   are not finite numbers in range; the message and `where` name the first such place.
 * @example
 * repair({ type: 'Polygon', coordinates: [[[0, 0], [1, 1], [1, 0], [0, 1]]] });
 * // geojson: a MultiPolygon of the bow tie's two triangles; changes: UNCLOSED_RING, SELF_INTERSECTION
 */
export function repair(geojson: unknown, options: ValidateOptions = {}): RepairResult {
  // Every finding, however many: a blocking one must not hide behind the listing limit.
  const blocking = validate(geojson, { ...options, maxFindings: Infinity }).find((f) => UNREPAIRABLE.has(f.code));
  if (blocking) {
    throw new FrontlineError('INVALID_GEOJSON', `cannot repair: ${blocking.message}${blocking.path ? ` at ${blocking.path}` : ''}`, {
      where: blocking.path || 'root',
    });
  }
  const ctx: Context = { changes: [], options, areaChangeM2: 0 };
  const output = repairObject(geojson as GeoJSON, ctx);
  const remaining = validate(output, options).filter((f) => f.severity !== 'info');
  return { geojson: output, changes: ctx.changes, areaChangeM2: ctx.changes.length === 0 ? 0 : ctx.areaChangeM2, remaining };
}

interface Context {
  changes: RepairChange[];
  options: ValidateOptions;
  /** Σ over polygonal geometries of area(repaired) − area(input as `area` reads it). */
  areaChangeM2: number;
}

/**
 * A polygon's area as `area` reads it, holes subtracted whatever they enclose: `area` itself
 * refuses a polygon whose holes exceed its shell, which is one of the things repair is for.
 */
function areaAsRead(rings: Position[][]): number {
  return rings.reduce((sum, ring, r) => sum + (r === 0 ? 1 : -1) * Math.abs(ringArea(ring)), 0);
}

function join(base: string, key: string): string {
  return base === '' ? key : `${base}.${key}`;
}

function repairObject(value: GeoJSON, ctx: Context): GeoJSON {
  if (value.type === 'FeatureCollection') {
    return { ...value, features: value.features.map((f, i) => repairFeature(f, `features[${i}]`, ctx)) };
  }
  if (value.type === 'Feature') return repairFeature(value, '', ctx);
  return repairGeometry(value, '', ctx);
}

function repairFeature(f: Feature, at: string, ctx: Context): Feature {
  const properties = f.properties === null || typeof f.properties !== 'object' ? f.properties : { ...f.properties };
  const geometry = f.geometry === null ? null : repairGeometry(f.geometry, join(at, 'geometry'), ctx);
  return { ...f, properties, geometry } as Feature;
}

function repairGeometry(g: Geometry, at: string, ctx: Context): Geometry {
  const cAt = join(at, 'coordinates');
  const changes = ctx.changes;
  switch (g.type) {
    case 'Point':
      return { ...g, coordinates: [...g.coordinates] };
    case 'MultiPoint':
      return { ...g, coordinates: g.coordinates.map((p) => [...p]) };
    case 'LineString':
      return { ...g, coordinates: repairLine(g.coordinates, cAt, changes) };
    case 'MultiLineString':
      return { ...g, coordinates: g.coordinates.map((line, i) => repairLine(line, `${cAt}[${i}]`, changes)) };
    case 'Polygon': {
      const polygons = repairPolygon(g.coordinates, cAt, changes, false);
      const out: Polygon | MultiPolygon =
        polygons.length === 1
          ? { ...g, coordinates: polygons[0]! }
          : polygons.length === 0
            ? { ...g, coordinates: [] }
            : { type: 'MultiPolygon', coordinates: polygons };
      ctx.areaChangeM2 += area(out) - areaAsRead(g.coordinates);
      return out;
    }
    case 'MultiPolygon': {
      const polygons = g.coordinates.flatMap((rings, i) => repairPolygon(rings, `${cAt}[${i}]`, changes, true));
      const out: MultiPolygon = { ...g, coordinates: mergeParts(polygons, g.coordinates, cAt, changes) };
      ctx.areaChangeM2 += area(out) - g.coordinates.reduce((sum, rings) => sum + areaAsRead(rings), 0);
      return out;
    }
    case 'GeometryCollection':
      return { ...g, geometries: g.geometries.map((child, i) => repairGeometry(child, `${join(at, 'geometries')}[${i}]`, ctx)) };
  }
}

function repairLine(line: Position[], at: string, changes: RepairChange[]): Position[] {
  const clean = cleanPositions(line, false);
  if (clean.dups > 0)
    changes.push({
      code: 'DUPLICATE_VERTEX',
      path: `${at}[${clean.firstDup}]`,
      message: `dropped ${clean.dups} position${clean.dups === 1 ? '' : 's'} repeating the one before`,
    });
  return Array.from(clean.orig.subarray(0, clean.m), (i) => [...line[i]!]);
}

/** Longest edge of a cleaned ring, as the larger of its spans in longitude and latitude (degrees). */
function longestStep(r: CleanRing): number {
  let step = 0;
  for (let k = 0; k < r.m; k++) {
    const k2 = k + 1 === r.m ? 0 : k + 1;
    step = Math.max(step, Math.abs(r.x[k2]! - r.x[k]!), Math.abs(r.y[k2]! - r.y[k]!));
  }
  return step;
}

/** Problems of topology repair resolves with the overlay, and how it names them. */
const RESOLVED: Partial<Record<FindingCode, string>> = {
  SELF_INTERSECTION: 'ring crossings',
  RING_SELF_TOUCH: 'rings touching themselves',
  RING_SPIKE: 'spikes and slits',
  SHARED_EDGE: 'rings sharing an edge',
  HOLE_OUTSIDE_SHELL: 'holes outside the shell',
  OVERLAPPING_HOLES: 'overlapping holes',
  DISCONNECTED_INTERIOR: 'an interior cut in two',
  OVERLAPPING_POLYGONS: 'overlapping polygons',
};

/** The topology errors of a set of polygons, by code: how many, and where the first is. */
function topologyProblems(polygons: { rings: CleanRing[]; paths: string[] }[], multi: boolean): Map<FindingCode, { count: number; first: string }> {
  const rings: TopologyRing[] = [];
  const paths: string[] = [];
  polygons.forEach((polygon, part) => {
    polygon.rings.forEach((clean, r) => {
      rings.push({ ...clean, part, hole: r > 0, name: r === 0 ? 'the shell' : `hole ${r}` });
      paths.push(polygon.paths[r]!);
    });
  });
  const problems = new Map<FindingCode, { count: number; first: string }>();
  geometryTopology(
    rings,
    (code, ring, vertex) => {
      if (FINDING_SEVERITY[code] !== 'error' || (!multi && code === 'OVERLAPPING_POLYGONS')) return;
      const entry = problems.get(code) ?? { count: 0, first: vertex === null ? paths[ring]! : `${paths[ring]!}[${vertex}]` };
      entry.count++;
      problems.set(code, entry);
    },
    { maxFindings: Infinity },
  );
  return problems;
}

function reportResolved(problems: Map<FindingCode, { count: number; first: string }>, how: string, changes: RepairChange[]): void {
  for (const [code, { count, first }] of problems) {
    changes.push({ code, path: first, message: `resolved ${RESOLVED[code] ?? code} (${count} found) ${how}` });
  }
}

/**
 * The ground a polygon's rings enclose as the overlay reads them (the shell less the union of
 * the holes, non-zero winding) in OGC form, cut back to edges no longer than the input's (the
 * overlay merges collinear edges; long edges would read differently as geodesics).
 */
function resolved(kept: { ring: Position[]; clean: CleanRing }[]): Position[][][] {
  const shell: Polygon = { type: 'Polygon', coordinates: [kept[0]!.ring] };
  // The holes as the shells of one MultiPolygon: the overlay reads that as their union.
  const holes: MultiPolygon = { type: 'MultiPolygon', coordinates: kept.slice(1).map((k) => [k.ring]) };
  const step = kept.reduce((m, k) => Math.max(m, longestStep(k.clean)), 0);
  return densify(difference(shell, holes), step).coordinates;
}

/** One polygon's rings, repaired: zero polygons (nothing left), one, or several (a crossing resolved). */
function repairPolygon(rings: Position[][], at: string, changes: RepairChange[], part: boolean): Position[][][] {
  const kept: { ring: Position[]; clean: CleanRing; index: number }[] = [];
  if (rings.length === 0) {
    // An empty Polygon stays as it is (EMPTY_GEOMETRY); an empty part of a MultiPolygon goes.
    if (part) changes.push({ code: 'EMPTY_PART', path: at, message: 'dropped the empty polygon' });
    return [];
  }
  for (let r = 0; r < rings.length; r++) {
    const ring = rings[r]!;
    const rAt = `${at}[${r}]`;
    const role = r === 0 ? 'shell' : `hole ${r}`;
    if (ring.length === 0) {
      // An empty shell is empty only with no holes (else TOO_FEW_POINTS, below).
      if (r > 0 || rings.every((x) => x.length === 0)) {
        changes.push({ code: 'EMPTY_PART', path: r === 0 ? at : rAt, message: r === 0 ? 'dropped the empty polygon' : `dropped the empty ${role}` });
        if (r === 0) return [];
        continue;
      }
    }
    const clean = cleanPositions(ring, true);
    if (clean.m < 3) {
      const message =
        r === 0
          ? `dropped the polygon: its shell has ${clean.m} distinct position${clean.m === 1 ? '' : 's'}, so it encloses no area`
          : `dropped ${role}: it has fewer than 3 distinct positions, so it encloses no area`;
      changes.push({ code: 'TOO_FEW_POINTS', path: rAt, message });
      if (r === 0) return [];
      continue;
    }
    if (enclosesNothing(clean.x, clean.y, clean.m)) {
      changes.push({
        code: 'ZERO_AREA_RING',
        path: rAt,
        message:
          r === 0
            ? 'dropped the polygon: its shell encloses no area (a line drawn out and back)'
            : `dropped ${role}: it encloses no area (a line drawn out and back)`,
      });
      if (r === 0) return [];
      continue;
    }
    if (!clean.closed) changes.push({ code: 'UNCLOSED_RING', path: rAt, message: `closed the ${role} by repeating its first position at the end` });
    if (clean.dups > 0)
      changes.push({
        code: 'DUPLICATE_VERTEX',
        path: `${rAt}[${clean.firstDup}]`,
        message: `dropped ${clean.dups} position${clean.dups === 1 ? '' : 's'} repeating the one before in the ${role}`,
      });
    const positions = Array.from(clean.orig.subarray(0, clean.m), (i) => [...ring[i]!]);
    positions.push([...positions[0]!]);
    kept.push({ ring: positions, clean, index: r });
  }
  if (kept.length === 0) return [];

  const problems = topologyProblems([{ rings: kept.map((k) => k.clean), paths: kept.map((k) => `${at}[${k.index}]`) }], false);
  if (problems.size > 0) {
    const below = kept.filter((k) => isBelowGrid(k.clean));
    if (below.length > 0) {
      // The overlay cannot see what is thinner than its grid: such rings go first, said so.
      for (const k of below)
        changes.push({
          code: 'BELOW_GRID',
          path: `${at}[${k.index}]`,
          message: `dropped ${k.index === 0 ? 'the polygon: its shell' : `hole ${k.index}: it`} is thinner than the overlay's grid, which resolving the polygon's topology needs`,
        });
      if (below.includes(kept[0]!)) return [];
      kept.splice(0, kept.length, ...kept.filter((k) => !below.includes(k)));
    }
    const polygons = resolved(kept);
    reportResolved(
      problems,
      `by overlaying the polygon with itself (the ground inside the shell less the ground inside the holes, in OGC form): ${polygons.length} polygon${polygons.length === 1 ? '' : 's'} now`,
      changes,
    );
    return polygons;
  }

  return [
    kept.map(({ ring, clean, index }) => {
      const twice = planarTwiceArea(clean);
      if (index === 0 ? twice >= 0 : twice <= 0) return ring;
      changes.push({
        code: 'RING_ORIENTATION',
        path: `${at}[${index}]`,
        message: `rewound the ${index === 0 ? 'shell to counter-clockwise' : `hole ${index} to clockwise`} (RFC 7946)`,
      });
      return ring.slice().reverse();
    }),
  ];
}

/**
 * The polygons of a MultiPolygon, merged with `union` when any two overlap, share an edge or
 * lie one inside another (OGC asks them to touch at points at most).
 */
function mergeParts(polygons: Position[][][], input: Position[][][], at: string, changes: RepairChange[]): Position[][][] {
  if (polygons.length < 2) return polygons;
  const asClean = polygons.map((rings, i) => ({ rings: rings.map((r) => cleanPositions(r, true)), paths: rings.map((_, r) => `${at}[${i}][${r}]`) }));
  const problems = topologyProblems(asClean, true);
  for (const code of [...problems.keys()]) if (code !== 'OVERLAPPING_POLYGONS' && code !== 'SHARED_EDGE') problems.delete(code);
  if (problems.size === 0) return polygons;
  const all: MultiPolygon = { type: 'MultiPolygon', coordinates: polygons };
  let step = 0;
  for (const rings of input) for (const ring of rings) step = Math.max(step, longestStep(cleanPositions(ring, true)));
  const merged = densify(union(all), step).coordinates;
  reportResolved(problems, `by merging the polygons with union: ${polygons.length} polygons became ${merged.length}`, changes);
  return merged;
}
