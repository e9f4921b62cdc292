/**
 * fast-check generators for the property tests (test/properties.test.ts): valid polygons and
 * multipolygons, pairs of them that share edges, touch at vertices, or run a hair apart, and
 * pairs of control snapshots.
 *
 * Shapes are drawn as data (a spec) in a unit square, then placed in a frame of 0.05°–0.3° at a
 * random place between 60° S and 60° N and densified to {@link PROPERTY_STEP_DEG}: the overlay
 * cuts edges as straight lines in lon/lat while `area` reads geodesics, and short edges keep the
 * two readings within the slack {@link geodesicSlackM2} bounds.
 *
 * - grid: cells of an n × n grid (n = 2..4) chosen at random and merged with the overlay's
 *   `union` (the only generator that uses the library): rings around a missing cell give
 *   holes, diagonal neighbours give vertices where two polygons (or a ring and itself) touch;
 * - star: a ring of 4–14 vertices at even angles and random radii around a centre (simple by
 *   construction), optionally with a star-shaped hole well inside it;
 * - two stars side by side, as one MultiPolygon.
 *
 * The second shape of a pair is another shape, the first shifted by eighths of the frame (grid
 * cells then share whole edges), the first moved by 1e-10°–1e-7° (edges that nearly coincide,
 * at and below the overlay's 1e-9° grid), or the first itself.
 */
import fc from 'fast-check';
import type { FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { densify } from '../../src/kernel/densify.js';
import { union } from '../../src/kernel/overlay.js';
import { packTopology } from '../../src/model/layer.js';
import { ControlSnapshot } from '../../src/model/snapshot.js';

/** Longest edge step (degrees) of the generated polygons, about 220 m. */
export const PROPERTY_STEP_DEG = 0.002;

/** Runs per property: `FRONTLINE_PROPERTY_RUNS`, default 200 (`npm run test:all` runs 1,000, `npm run fuzz` 20,000). */
export const PROPERTY_RUNS = Number(process.env.FRONTLINE_PROPERTY_RUNS ?? 200);
/** Seed of every property run, so that CI is reproducible: `FRONTLINE_PROPERTY_SEED`, default fixed. */
export const PROPERTY_SEED = Number(process.env.FRONTLINE_PROPERTY_SEED ?? 20201110);

export type Areal = Polygon | MultiPolygon;

export interface Frame {
  lon: number;
  lat: number;
  size: number;
}

export type ShapeSpec =
  | { kind: 'grid'; n: number; mask: boolean[] }
  | { kind: 'star'; centre: [number, number]; radii: number[]; hole: number[] | null }
  | { kind: 'stars'; left: number[]; right: number[] };

export type Relation = { kind: 'other'; shape: ShapeSpec } | { kind: 'shift'; dx: number; dy: number } | { kind: 'nudge'; eps: number } | { kind: 'same' };

export interface PairSpec {
  frame: Frame;
  a: ShapeSpec;
  b: Relation;
}

const unit = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

export const frameArb: fc.Arbitrary<Frame> = fc.record({ lon: unit(-179, 178), lat: unit(-60, 59.7), size: unit(0.05, 0.3) });

const gridArb: fc.Arbitrary<ShapeSpec> = fc
  .integer({ min: 2, max: 4 })
  .chain((n) => fc.array(fc.boolean(), { minLength: n * n, maxLength: n * n }).map((mask): ShapeSpec => ({ kind: 'grid', n, mask })));

const radii = (min: number, max: number, count: { minLength: number; maxLength: number }) => fc.array(unit(min, max), count);

const starArb: fc.Arbitrary<ShapeSpec> = fc.record({
  kind: fc.constant('star' as const),
  centre: fc.tuple(unit(0.45, 0.55), unit(0.45, 0.55)),
  // The ring's edges stay at least 0.25·cos(45°) ≈ 0.18 from the centre, beyond any hole radius.
  radii: radii(0.25, 0.44, { minLength: 4, maxLength: 14 }),
  hole: fc.option(radii(0.03, 0.15, { minLength: 3, maxLength: 8 }), { nil: null }),
});

const starsArb: fc.Arbitrary<ShapeSpec> = fc.record({
  kind: fc.constant('stars' as const),
  left: radii(0.1, 0.22, { minLength: 4, maxLength: 10 }),
  right: radii(0.1, 0.22, { minLength: 4, maxLength: 10 }),
});

export const shapeArb: fc.Arbitrary<ShapeSpec> = fc.oneof(
  { arbitrary: gridArb, weight: 3 },
  { arbitrary: starArb, weight: 2 },
  { arbitrary: starsArb, weight: 1 },
);

const eighth = fc.integer({ min: -4, max: 4 }).map((k) => k / 8);
const NUDGES = [1e-10, 4e-10, 1e-9, 2.5e-9, 1e-8, 1e-7];

const relationArb: fc.Arbitrary<Relation> = fc.oneof(
  { arbitrary: shapeArb.map((shape): Relation => ({ kind: 'other', shape })), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('shift' as const), dx: eighth, dy: eighth }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('nudge' as const), eps: fc.constantFrom(...NUDGES, ...NUDGES.map((e) => -e)) }), weight: 2 },
  { arbitrary: fc.constant({ kind: 'same' as const }), weight: 1 },
);

export const pairSpecArb: fc.Arbitrary<PairSpec> = fc.record({ frame: frameArb, a: shapeArb, b: relationArb });

function ringAround(cx: number, cy: number, rs: number[], clockwise: boolean): Position[] {
  const k = rs.length;
  const ring: Position[] = rs.map((r, i) => {
    const t = (2 * Math.PI * i) / k;
    return [cx + r * Math.cos(t), cy + r * Math.sin(t)];
  });
  if (clockwise) ring.reverse();
  ring.push([...ring[0]!]);
  return ring;
}

/** A spec as polygons in the unit square (shells counter-clockwise, holes clockwise). */
function unitPolygons(spec: ShapeSpec): Position[][][] {
  switch (spec.kind) {
    case 'star': {
      const shell = ringAround(spec.centre[0], spec.centre[1], spec.radii, false);
      return [spec.hole ? [shell, ringAround(spec.centre[0], spec.centre[1], spec.hole, true)] : [shell]];
    }
    case 'stars':
      return [[ringAround(0.25, 0.5, spec.left, false)], [ringAround(0.75, 0.5, spec.right, false)]];
    case 'grid': {
      const cells: Position[][][] = [];
      spec.mask.forEach((on, i) => {
        if (!on && !(i === 0 && !spec.mask.some(Boolean))) return;
        const x = (i % spec.n) / spec.n,
          y = Math.floor(i / spec.n) / spec.n,
          d = 1 / spec.n;
        cells.push([
          [
            [x, y],
            [x + d, y],
            [x + d, y + d],
            [x, y + d],
            [x, y],
          ],
        ]);
      });
      return cells;
    }
  }
}

function place(polygons: Position[][][], frame: Frame, dx: number, dy: number): MultiPolygon {
  const at = (p: Position): Position => [frame.lon + (p[0]! + dx) * frame.size, frame.lat + (p[1]! + dy) * frame.size];
  return { type: 'MultiPolygon', coordinates: polygons.map((rings) => rings.map((ring) => ring.map(at))) };
}

/** A shape in degrees, densified; grid cells merged with `union` first. */
export function buildShape(spec: ShapeSpec, frame: Frame, dx = 0, dy = 0): Areal {
  const placed = place(unitPolygons(spec), frame, dx, dy);
  const merged: Areal =
    spec.kind === 'grid' ? union(placed) : placed.coordinates.length === 1 ? { type: 'Polygon', coordinates: placed.coordinates[0]! } : placed;
  return densify(merged, PROPERTY_STEP_DEG);
}

function translate(g: Areal, ex: number, ey: number): Areal {
  const move = (ring: Position[]) => ring.map((p) => [p[0]! + ex, p[1]! + ey]);
  return g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: g.coordinates.map(move) }
    : { type: 'MultiPolygon', coordinates: g.coordinates.map((rings) => rings.map(move)) };
}

/** The two geometries a pair spec stands for. */
export function buildPair(spec: PairSpec): { a: Areal; b: Areal } {
  const a = buildShape(spec.a, spec.frame);
  switch (spec.b.kind) {
    case 'other':
      return { a, b: buildShape(spec.b.shape, spec.frame) };
    case 'shift':
      return { a, b: buildShape(spec.a, spec.frame, spec.b.dx, spec.b.dy) };
    case 'nudge':
      return { a, b: translate(a, spec.b.eps, 0.7 * spec.b.eps) };
    case 'same':
      return { a, b: structuredClone(a) };
  }
}

// ---------------------------------------------------------------------------------------
// Snapshots

export interface SnapshotPairSpec {
  frame: Frame;
  n: number;
  /** Per cell: how it is cut (0 whole, 1 halves, 2 triangles) and who holds each piece, before and after (−1 nobody). */
  cells: { cut: number; before: number[]; after: number[] }[];
}

const owner = fc.integer({ min: -1, max: 2 });

export const snapshotPairSpecArb: fc.Arbitrary<SnapshotPairSpec> = fc
  .record({ frame: frameArb.map((f) => ({ ...f, size: Math.min(f.size, 0.15) })), n: fc.integer({ min: 2, max: 3 }) })
  .chain(({ frame, n }) =>
    fc
      .array(
        fc.record({
          cut: fc.integer({ min: 0, max: 2 }),
          before: fc.array(owner, { minLength: 2, maxLength: 2 }),
          after: fc.array(owner, { minLength: 2, maxLength: 2 }),
        }),
        {
          minLength: n * n,
          maxLength: n * n,
        },
      )
      .map((cells) => ({ frame, n, cells })),
  );

const CONTROLLERS = ['blue', 'red', 'green'];

/** Two snapshots over one frame: cells cut the same way, pieces reassigned between the two dates. */
export function buildSnapshotPair(spec: SnapshotPairSpec): { a: ControlSnapshot; b: ControlSnapshot } {
  const pieces: { polygon: Position[][]; before: number; after: number }[] = [];
  spec.cells.forEach((cell, i) => {
    const x = (i % spec.n) / spec.n,
      y = Math.floor(i / spec.n) / spec.n,
      d = 1 / spec.n;
    const quad: Position[] = [
      [x, y],
      [x + d, y],
      [x + d, y + d],
      [x, y + d],
    ];
    const shapes: Position[][] =
      cell.cut === 0
        ? [quad]
        : cell.cut === 1
          ? [
              [
                [x, y],
                [x + d / 2, y],
                [x + d / 2, y + d],
                [x, y + d],
              ],
              [
                [x + d / 2, y],
                [x + d, y],
                [x + d, y + d],
                [x + d / 2, y + d],
              ],
            ]
          : [
              [quad[0]!, quad[1]!, quad[2]!],
              [quad[0]!, quad[2]!, quad[3]!],
            ];
    shapes.forEach((shape, k) => pieces.push({ polygon: [[...shape, shape[0]!]], before: cell.before[k]!, after: cell.after[k]! }));
  });
  const snapshot = (id: string, date: string, pick: (p: (typeof pieces)[number]) => number): ControlSnapshot => {
    const controllers = CONTROLLERS.flatMap((controller, index) => {
      const mine = pieces.filter((p) => pick(p) === index).map((p) => p.polygon);
      if (mine.length === 0) return [];
      return [{ controller, geometry: densify(place(mine, spec.frame, 0, 0), PROPERTY_STEP_DEG) }];
    });
    return new ControlSnapshot({ id, date, label: id, sources: ['property test'], controllers });
  };
  return { a: snapshot('before', '2020-01-01', (p) => p.before), b: snapshot('after', '2020-02-01', (p) => p.after) };
}

// ---------------------------------------------------------------------------------------
// Tolerances

/** Semi-axis of WGS84 and the smallest radius of curvature on it (the meridian's at the equator), metres. */
const A = 6378137;
const R_MIN = 6335439;
const D2R = Math.PI / 180;

/**
 * An upper bound (m²) on how far geodesic-edge areas of the given geometries can stray from the
 * areas of the same outlines with edges straight in lon/lat, plus the overlay's rounding.
 *
 * A straight lon/lat edge of length L is, on the ellipsoid, a curve of geodesic curvature at most
 * |tan φ|/R (that of the parallel, R ≥ R_MIN) at the edge's poleward end; the geodesic between its
 * ends strays from it by the sagitta L²κ/8, and the lune between the two encloses (2/3)·L·L²κ/8 =
 * L³κ/12. Summed over every edge of every geometry in an identity, this bounds what the two
 * readings disagree on, whichever edges the overlay cut. Doubled for the approximations (lengths
 * from an equirectangular estimate). The overlay moves each vertex it outputs by at most half a
 * grid step, 0.5e-9° in each coordinate (0.08 mm), which moves a ring's area by at most that
 * distance times its perimeter: `snapped` are the geometries the overlay produced.
 */
export function geodesicSlackM2(geometries: Areal[], snapped: Areal[] = []): number {
  let lunes = 0;
  let perimeter = 0;
  const walk = (g: Areal, f: (p: Position, q: Position) => void) => {
    const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    for (const rings of polygons) for (const ring of rings) for (let i = 1; i < ring.length; i++) f(ring[i - 1]!, ring[i]!);
  };
  // Over-estimated: the east-west scale of the edge's most equatorward point.
  const length = (p: Position, q: Position): number => {
    const phiMin = p[1]! * q[1]! <= 0 ? 0 : Math.min(Math.abs(p[1]!), Math.abs(q[1]!)) * D2R;
    return A * Math.hypot((q[0]! - p[0]!) * D2R * Math.cos(phiMin), (q[1]! - p[1]!) * D2R);
  };
  for (const g of geometries) {
    walk(g, (p, q) => {
      const L = length(p, q);
      const kappa = Math.tan(Math.max(Math.abs(p[1]!), Math.abs(q[1]!)) * D2R) / R_MIN;
      lunes += (L * L * L * kappa) / 12;
    });
  }
  for (const g of snapped) walk(g, (p, q) => (perimeter += length(p, q)));
  const snapMetres = 0.5e-9 * Math.SQRT2 * D2R * A;
  return 2 * lunes + snapMetres * perimeter;
}

/** Planar area in lon/lat (degrees²) of a geometry: shells minus holes, each ring measured from a local origin. */
export function planarArea(g: Areal, origin: Position): number {
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  let total = 0;
  for (const rings of polygons) {
    rings.forEach((ring, r) => {
      let s = 0;
      for (let i = 1; i < ring.length; i++) {
        const x1 = ring[i - 1]![0]! - origin[0]!,
          y1 = ring[i - 1]![1]! - origin[1]!,
          x2 = ring[i]![0]! - origin[0]!,
          y2 = ring[i]![1]! - origin[1]!;
        s += x1 * y2 - x2 * y1;
      }
      total += r === 0 ? Math.abs(s) / 2 : -Math.abs(s) / 2;
    });
  }
  return total;
}

/** Perimeter in degrees (lon/lat plane). */
export function planarPerimeter(g: Areal): number {
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  let total = 0;
  for (const rings of polygons)
    for (const ring of rings) for (let i = 1; i < ring.length; i++) total += Math.hypot(ring[i]![0]! - ring[i - 1]![0]!, ring[i]![1]! - ring[i - 1]![1]!);
  return total;
}

// ---------------------------------------------------------------------------------------
// Bad inputs for the fuzz suite (test/fuzz.test.ts): valid templates broken by seeded mutations

export const square = (x: number, y: number, d: number): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, y],
      [x + d, y],
      [x + d, y + d],
      [x, y + d],
      [x, y],
    ],
  ],
});
export const SNAPSHOT_FC = (): FeatureCollection & { date: string } => ({
  type: 'FeatureCollection',
  date: '2020-11-10',
  features: [
    { type: 'Feature', properties: { controller: 'blue' }, geometry: square(46.5, 39.5, 0.05) },
    { type: 'Feature', properties: { controller: 'red', notes: 'east' }, geometry: square(46.55, 39.5, 0.05) },
  ],
});
export const TOPOLOGY = () =>
  packTopology('fuzz', 'Fuzz pack', [
    {
      meta: { id: 'a', title: 'A', kind: 'area', validFrom: null, validTo: null, source: 's', licence: 'l', accuracy: 'a' },
      geojson: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'one' }, geometry: square(46.5, 39.5, 0.05) }] },
    },
    {
      meta: { id: 'b', title: 'B', kind: 'line', validFrom: '2020-01-01', validTo: null, source: 's', licence: 'l', accuracy: 'a' },
      geojson: {
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { name: 'two' },
            geometry: {
              type: 'LineString',
              coordinates: [
                [46.5, 39.5],
                [46.6, 39.6],
              ],
            },
          },
        ],
      },
    },
  ]);
const TEMPLATES: (() => unknown)[] = [
  () => square(10, 50, 0.1),
  () => ({ type: 'MultiPolygon', coordinates: [square(10, 50, 0.1).coordinates, square(10.2, 50, 0.1).coordinates] }),
  () => ({
    type: 'Polygon',
    coordinates: [
      square(0, 0, 1).coordinates[0],
      [
        [0.2, 0.2],
        [0.2, 0.4],
        [0.4, 0.4],
        [0.4, 0.2],
        [0.2, 0.2],
      ],
    ],
  }),
  () => ({ type: 'Feature', properties: { name: 'x' }, geometry: square(-179.9, -89, 0.5) }),
  SNAPSHOT_FC,
  TOPOLOGY,
  () => ({
    type: 'GeometryCollection',
    geometries: [
      square(1, 1, 1),
      {
        type: 'LineString',
        coordinates: [
          [0, 0],
          [1, 1],
        ],
      },
      { type: 'Point', coordinates: [5, 5] },
    ],
  }),
];

export const STRINGS = [
  '',
  ' ',
  'x',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'Polygon',
  'MultiPolygon',
  'Feature',
  'FeatureCollection',
  'GeometryCollection',
  'Topology',
  'LineString',
  'Point',
  '2020-01-01',
  '2020-02-30',
  'NaN',
  '(none)',
  '(outside regions)',
  'd\u0000e',
  'line\nbreak',
  '𝔘𝔫𝔦',
  'x'.repeat(2000),
];
export const NUMBERS = [
  0,
  -0,
  1,
  -1,
  0.5,
  2,
  3,
  4,
  90,
  -90,
  90.000001,
  180,
  -180,
  180.5,
  540,
  541,
  1e9,
  1e10,
  1e300,
  -1e300,
  5e-324,
  Number.MAX_VALUE,
  NaN,
  Infinity,
  -Infinity,
  2 ** 53,
  46.5,
  39.8,
];
const KEYS = [
  'type',
  'coordinates',
  'features',
  'geometry',
  'geometries',
  'properties',
  'controller',
  'date',
  'id',
  'arcs',
  'objects',
  'frontline',
  'transform',
  'scale',
  'translate',
  'layers',
  'format',
  'name',
  'controllers',
  ...STRINGS.slice(0, 8),
];

export type Rng = () => number;
export const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;

/** An object with own keys, __proto__ included (as JSON.parse makes them, never touching prototypes). */
function record(entries: [string, unknown][]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}

export function randomValue(rng: Rng, depth = 0): unknown {
  const r = rng();
  if (depth > 3 || r < 0.3) return pick(rng, NUMBERS);
  if (r < 0.42) return pick(rng, STRINGS);
  if (r < 0.46) return rng() < 0.5;
  if (r < 0.5) return null;
  if (r < 0.53) return undefined;
  if (r < 0.55) return 10n;
  if (r < 0.78) return Array.from({ length: Math.floor(rng() * 6) }, () => randomValue(rng, depth + 1));
  return record(Array.from({ length: Math.floor(rng() * 5) }, () => [pick(rng, KEYS), randomValue(rng, depth + 1)] as [string, unknown]));
}

/** A random place inside a value: the container and the key, or undefined at the root. */
function randomSlot(rng: Rng, root: unknown): { parent: Record<string | number, unknown>; key: string | number } | undefined {
  let slot: { parent: Record<string | number, unknown>; key: string | number } | undefined;
  let value = root;
  for (let depth = 0; depth < 12 && typeof value === 'object' && value !== null && rng() < 0.85; depth++) {
    const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
    if (keys.length === 0) break;
    const key = pick(rng, keys);
    slot = { parent: value as Record<string | number, unknown>, key };
    value = (value as Record<string | number, unknown>)[key];
  }
  return slot;
}

/** A valid template broken in one to four places, or a random value outright. */
export function badValue(rng: Rng): unknown {
  if (rng() < 0.1) return randomValue(rng);
  let root: unknown = pick(rng, TEMPLATES)();
  const edits = 1 + Math.floor(rng() * 4);
  for (let e = 0; e < edits; e++) {
    const slot = randomSlot(rng, root);
    const replace = (v: unknown) =>
      slot ? Object.defineProperty(slot.parent, slot.key, { value: v, enumerable: true, writable: true, configurable: true }) : (root = v);
    const current = slot ? slot.parent[slot.key] : root;
    const op = rng();
    if (op < 0.3) replace(randomValue(rng));
    else if (op < 0.45) replace(pick(rng, NUMBERS));
    else if (op < 0.55 && slot) {
      if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1);
      else delete slot.parent[slot.key];
    } else if (op < 0.63 && Array.isArray(current)) replace(current.slice(0, Math.floor(rng() * 3)));
    else if (op < 0.7 && Array.isArray(current)) replace([...current, ...current]);
    else if (op < 0.76) replace([current]);
    else if (op < 0.8) {
      let nested: unknown = current;
      for (let k = 0; k < 40 + Math.floor(rng() * 100); k++)
        nested =
          rng() < 0.5
            ? [nested]
            : record([
                ['type', 'GeometryCollection'],
                ['geometries', [nested]],
              ]);
      replace(nested);
    } else if (op < 0.86) replace(pick(rng, STRINGS));
    else if (op < 0.92 && Array.isArray(current)) replace([...current].reverse());
    else replace(typeof current === 'number' ? current * (rng() < 0.5 ? 1e9 : -1) : null);
  }
  return root;
}

/** JSON text for a value that may hold what JSON cannot (BigInt, undefined, NaN). */
export function toText(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? `${v}n` : v)) ?? 'null';
}

/** Bytes for a bad file: text of a bad value, cut, bit-flipped, wrapped, or not text at all. */
export function badBytes(rng: Rng): Buffer {
  const text = toText(badValue(rng));
  const r = rng();
  if (r < 0.45) return Buffer.from(text);
  if (r < 0.65) return Buffer.from(text.slice(0, Math.floor(rng() * text.length)));
  if (r < 0.75) {
    const bytes = Buffer.from(text);
    for (let k = 0; k < 3; k++) bytes[Math.floor(rng() * bytes.length)] = Math.floor(rng() * 256);
    return bytes;
  }
  if (r < 0.8) return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
  if (r < 0.85) return Buffer.from(`\ufeff${text}`, 'utf16le');
  if (r < 0.9) return Buffer.from(Array.from({ length: 64 }, () => Math.floor(rng() * 256)));
  if (r < 0.95) return Buffer.from(`${'['.repeat(2000 + Math.floor(rng() * 5000))}1`);
  return Buffer.from(
    `{"type":"FeatureCollection","features":[${'{"type":"Feature","properties":{"__proto__":{"polluted":1}},"geometry":null},'.repeat(50)}null]}`,
  );
}

/** Fixed bad files every file slot gets. */
export const FIXED_FILES: [string, Buffer][] = [
  ['empty', Buffer.alloc(0)],
  ['whitespace', Buffer.from('  \n\t ')],
  ['binary', Buffer.from([0x00, 0x01, 0xff, 0xfe, 0x80])],
  ['gzip', Buffer.from([0x1f, 0x8b, 0x08, 0x00])],
  ['truncated', Buffer.from('{"type":"FeatureCollection","features":[{"type":"Feat')],
  ['not-json', Buffer.from('type: FeatureCollection')],
  ['deep', Buffer.from(`${'['.repeat(5000)}${']'.repeat(5000)}`)],
  ['bad-utf8', Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d])],
  ['number', Buffer.from('42')],
  ['bare-polygon', Buffer.from(JSON.stringify(square(1, 1, 1)))],
  ['snapshot-no-date', Buffer.from(JSON.stringify({ ...SNAPSHOT_FC(), date: undefined }))],
  [
    'overlapping-snapshot',
    Buffer.from(
      JSON.stringify({
        ...SNAPSHOT_FC(),
        features: [...SNAPSHOT_FC().features, { type: 'Feature', properties: { controller: 'green' }, geometry: square(46.52, 39.5, 0.05) }],
      }),
    ),
  ],
  [
    'proto-keys',
    Buffer.from(
      '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"type":"FeatureCollection","date":"2020-01-01","features":[{"type":"Feature","properties":{"controller":"__proto__"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}',
    ),
  ],
  [
    'topology-bad-arcs',
    Buffer.from(
      JSON.stringify({
        ...TOPOLOGY(),
        arcs: [
          [
            [0, 0],
            [1, 'x'],
          ],
        ],
      }),
    ),
  ],
];
