import type { Feature, GeoJsonProperties, Geometry, Position } from 'geojson';
import { FrontlineError } from '../errors.js';

/*
 * FlatGeobuf (flatgeobuf.org, version 3): magic bytes; a header (a FlatBuffers table: layer
 * name, extent, geometry type, columns, feature count, index node size, CRS); a packed Hilbert
 * R-tree over the features' boxes; the features, each a FlatBuffers table (geometry, then the
 * properties as bytes). Written here, in under 300 lines of code, rather than with the
 * `flatgeobuf` package, whose install (with OpenLayers, an optional dependency npm installs)
 * is 33 MB. Its three parts are one module so that only the writer's types ship.
 */

/**
 * Collects features and writes them as one FlatGeobuf file, its features in the Hilbert order
 * of their boxes behind the spatial index, as the format asks. Each geometry is encoded as it
 * is added (16 bytes a vertex), so a long stream of features (a timeline's changes) is not held
 * as GeoJSON; the properties are kept for {@link finish}, which needs them all to declare the
 * columns. A feature with no geometry has no place in the index: it is left out and counted in
 * {@link skipped} (GDAL refuses such features too).
 *
 * Columns come from the properties in the order they first appear: booleans `Bool`, whole
 * numbers `Long`, other numbers `Double`, strings `String`, anything else (arrays, objects, a
 * column whose values differ in kind) `Json`, as JSON text. Null properties are left unset.
 * Coordinates are written as given, longitude and latitude (EPSG:4326).
 *
 * @example
 * const writer = new FlatGeobufWriter('changes');
 * for (const f of collection.features) writer.add(f);
 * writeFileSync('changes.fgb', writer.finish());
 */
export class FlatGeobufWriter {
  private readonly geometries: Block[] = [];
  private readonly boxes: Box[] = [];
  private readonly properties: GeoJsonProperties[] = [];
  private readonly types = new Set<number>();
  /** Features left out for having no geometry. */
  skipped = 0;

  /** @param name the layer's name (GDAL's; `ogr2ogr` names its table after it). */
  constructor(private readonly name = 'features') {}

  /** Features to be written so far. */
  get count(): number {
    return this.geometries.length;
  }

  /**
   * Adds a feature (not modified; its properties are read when the file is finished).
   * @throws FrontlineError `INVALID_ARGUMENT` when a geometry is not GeoJSON or a position not two finite numbers.
   */
  add(feature: Feature): void {
    const box: Box = [Infinity, Infinity, -Infinity, -Infinity];
    const g = feature.geometry;
    const table = g && geometryTable(g, box);
    if (!table) {
      this.skipped++;
      return;
    }
    this.types.add(TYPES.indexOf(g.type));
    this.geometries.push(serialize(table));
    this.boxes.push(box);
    this.properties.push(feature.properties);
  }

  /** The whole file. */
  finish(): Uint8Array {
    const columns = columnsOf(this.properties);
    const features = this.geometries.map((g, i) => {
      const props = propertyBytes(this.properties[i] ?? null, columns);
      return serialize([{ block: g }, props.length > 0 ? { vector: 'u8', values: props } : undefined], true).bytes;
    });
    const extent = this.boxes.reduce((e, b) => grow(e, b), [Infinity, Infinity, -Infinity, -Infinity] as Box);
    const order = features.map((_, i) => i).sort(byHilbert(this.boxes, extent));
    const offsets: number[] = [];
    let offset = 0;
    for (const i of order) {
      offsets.push(offset);
      offset += features[i]!.length;
    }
    const header = serialize(
      [
        { string: this.name },
        features.length > 0 ? { vector: 'f64', values: extent } : undefined,
        { scalar: 'u8', value: this.types.size === 1 ? [...this.types][0]! : 0 },
        ...new Array<undefined>(4),
        columns.length > 0 ? { tables: columns.map((c): Table => [{ string: c.name }, { scalar: 'u8', value: c.type }]) } : undefined,
        { scalar: 'u64', value: features.length },
        // Written even at the default (16): 0 says "no index", as an empty file has.
        { scalar: 'u16', value: features.length > 0 ? NODE_SIZE : 0 },
        { table: [{ string: 'EPSG' }, { scalar: 'i32', value: 4326 }] },
      ],
      true,
    ).bytes;
    const parts = [
      new Uint8Array([0x66, 0x67, 0x62, 3, 0x66, 0x67, 0x62, 1]),
      header,
      ...(features.length > 0
        ? [
            packedRTree(
              order.map((i) => this.boxes[i]!),
              offsets,
            ),
          ]
        : []),
      ...order.map((i) => features[i]!),
    ];
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

// ---- Geometries and properties ----

/** Geometry types at their numbers in the format. */
const TYPES = ['Unknown', 'Point', 'LineString', 'Polygon', 'MultiPoint', 'MultiLineString', 'MultiPolygon', 'GeometryCollection'];
const BOOL = 2,
  LONG = 7,
  DOUBLE = 10,
  STRING = 11,
  JSON_TEXT = 12;

/**
 * The Geometry table, null when empty: points and lines are one list of x, y; a polygon's rings
 * or a MultiLineString's lines share one, `ends` saying where each stops (in points); a
 * MultiPolygon or a collection is a list of parts. Every table names its type, as readers need
 * when a file mixes types. `box` grows to hold the geometry.
 */
function geometryTable(g: Geometry, box: Box): Table | null {
  const type = TYPES.indexOf(g?.type);
  if (type < 1) throw new FrontlineError('INVALID_ARGUMENT', `FlatGeobuf: not a GeoJSON geometry: ${JSON.stringify(g).slice(0, 60)}`);
  const typed = (fields: Table): Table => [...fields, ...new Array<undefined>(6 - fields.length), { scalar: 'u8', value: type }];
  if (g.type === 'GeometryCollection' || g.type === 'MultiPolygon') {
    const parts = g.type === 'MultiPolygon' ? g.coordinates.map((coordinates): Geometry => ({ type: 'Polygon', coordinates })) : g.geometries;
    const tables = parts.map((p) => geometryTable(p, box)).filter((t): t is Table => t !== null);
    return tables.length > 0 ? [...typed([]), { tables }] : null;
  }
  const lines: Position[][] =
    g.type === 'Point'
      ? [g.coordinates.length > 0 ? [g.coordinates] : []]
      : g.type === 'LineString' || g.type === 'MultiPoint'
        ? [g.coordinates]
        : g.coordinates;
  const xy: number[] = [],
    ends: number[] = [];
  for (const line of lines) {
    for (const p of line) {
      if (!Number.isFinite(p?.[0]) || !Number.isFinite(p?.[1]))
        throw new FrontlineError('INVALID_ARGUMENT', `FlatGeobuf: a position is not two finite numbers: ${JSON.stringify(p)}`);
      xy.push(p[0]!, p[1]!);
      grow(box, [p[0]!, p[1]!, p[0]!, p[1]!]);
    }
    ends.push(xy.length / 2);
  }
  if (xy.length === 0) return null;
  return typed([ends.length > 1 ? { vector: 'u32', values: ends } : undefined, { vector: 'f64', values: xy }]);
}

function columnsOf(all: readonly GeoJsonProperties[]): { name: string; type: number }[] {
  const kinds = new Map<string, number>();
  for (const props of all) {
    for (const [name, v] of Object.entries(props ?? {})) {
      const was = kinds.get(name);
      if (v === null || v === undefined) {
        if (was === undefined) kinds.set(name, 0);
        continue;
      }
      const kind =
        typeof v === 'boolean' ? BOOL : typeof v === 'string' ? STRING : typeof v === 'number' ? (Number.isSafeInteger(v) ? LONG : DOUBLE) : JSON_TEXT;
      const numbers = (was === LONG || was === DOUBLE) && (kind === LONG || kind === DOUBLE);
      kinds.set(name, !was || was === kind ? kind : numbers ? DOUBLE : JSON_TEXT);
    }
  }
  // A column that is always null is declared a string, and left unset.
  return [...kinds].map(([name, type]) => ({ name, type: type || STRING }));
}

const utf8 = new TextEncoder();

/** For each column set, its index (u16) and its value: 1 byte for Bool, 8 for Long and Double, else a u32 length and UTF-8. */
function propertyBytes(props: GeoJsonProperties, columns: readonly { name: string; type: number }[]): number[] {
  const out: number[] = [];
  const scratch = new DataView(new ArrayBuffer(8));
  const take = (n: number) => {
    for (let i = 0; i < n; i++) out.push(scratch.getUint8(i));
  };
  columns.forEach(({ name, type }, i) => {
    const v = props?.[name];
    if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return;
    scratch.setUint16(0, i, true);
    take(2);
    if (type === BOOL) out.push(v ? 1 : 0);
    else if (type === LONG || type === DOUBLE) {
      if (type === LONG) scratch.setBigInt64(0, BigInt(v as number), true);
      else scratch.setFloat64(0, v as number, true);
      take(8);
    } else {
      const bytes = utf8.encode(type === STRING ? (v as string) : JSON.stringify(v));
      scratch.setUint32(0, bytes.length, true);
      take(4);
      out.push(...bytes);
    }
  });
  return out;
}

// ---- The index: a packed Hilbert R-tree ----

/** [min x, min y, max x, max y]; a feature with no geometry has [∞, ∞, −∞, −∞], which no search meets. */
type Box = [number, number, number, number];

/** Children per node: the format's default. */
const NODE_SIZE = 16;

function grow(b: Box, by: Box): Box {
  b[0] = Math.min(b[0], by[0]);
  b[1] = Math.min(b[1], by[1]);
  b[2] = Math.max(b[2], by[2]);
  b[3] = Math.max(b[3], by[3]);
  return b;
}

/** Compares items by where their boxes' centres fall along a Hilbert curve through the extent (65536 cells a side), ties in input order. */
function byHilbert(boxes: readonly Box[], extent: Box): (a: number, b: number) => number {
  const cell = (v: number, lo: number, hi: number) => (hi > lo ? Math.floor((0xffff * (v - lo)) / (hi - lo)) : 0);
  const keys = boxes.map((b) => {
    let x = cell((b[0] + b[2]) / 2, extent[0], extent[2]),
      y = cell((b[1] + b[3]) / 2, extent[1], extent[3]);
    let d = 0;
    for (let s = 0x8000; s > 0; s >>= 1) {
      const rx = x & s ? 1 : 0,
        ry = y & s ? 1 : 0;
      d += s * s * ((3 * rx) ^ ry);
      // Turn the quadrant so that the curve within it starts where the previous quadrant's ended.
      if (!ry) [x, y] = rx ? [0xffff - y, 0xffff - x] : [y, x];
    }
    return d;
  });
  return (a, b) => keys[a]! - keys[b]! || a - b;
}

/**
 * The tree over the leaves' boxes (in file order, with their features' byte offsets): nodes of
 * `NODE_SIZE` children, level by level up to one root, stored root first, 40 bytes a node (the
 * box as four doubles, then a u64: a leaf's feature offset, else its first child's index).
 */
function packedRTree(leaves: readonly Box[], offsets: readonly number[]): Uint8Array {
  const sizes = [leaves.length];
  while (sizes[sizes.length - 1]! > 1 || sizes.length === 1) sizes.push(Math.ceil(sizes[sizes.length - 1]! / NODE_SIZE));
  const starts: number[] = [];
  let total = sizes.reduce((a, b) => a + b, 0);
  const nodes = new Array<[Box, number]>(total);
  for (const n of sizes) starts.push((total -= n));
  leaves.forEach((b, i) => (nodes[starts[0]! + i] = [b, offsets[i]!]));
  for (let k = 1; k < sizes.length; k++) {
    for (let p = 0; p < sizes[k]!; p++) {
      const first = starts[k - 1]! + p * NODE_SIZE,
        end = Math.min(first + NODE_SIZE, starts[k - 1]! + sizes[k - 1]!);
      const box: Box = [Infinity, Infinity, -Infinity, -Infinity];
      for (let c = first; c < end; c++) grow(box, nodes[c]![0]);
      nodes[starts[k]! + p] = [box, first];
    }
  }
  const out = new DataView(new ArrayBuffer(nodes.length * 40));
  nodes.forEach(([box, ref], i) => {
    box.forEach((v, j) => out.setFloat64(i * 40 + 8 * j, v, true));
    out.setBigUint64(i * 40 + 32, BigInt(ref), true);
  });
  return new Uint8Array(out.buffer);
}

// ---- FlatBuffers ----
//
// Just enough of the FlatBuffers format (flatbuffers.dev, "internals") for these tables, laid
// out front to back: a table's vtable, the table (its offset to the vtable, then its fields,
// largest first), then what it references, since references are unsigned offsets and point
// forward. Every scalar sits at a multiple of its size from where the buffer starts in the
// file, as readers that map doubles straight from the file's bytes require.

type Scalar = 'u8' | 'u16' | 'i32' | 'u32' | 'u64' | 'f64';
/** A table's fields by slot, in the schema's order; absent fields undefined. */
type Table = (Field | undefined)[];
type Field =
  | { scalar: Scalar; value: number }
  | { table: Table }
  | { string: string }
  | { vector: Scalar; values: ArrayLike<number> }
  | { tables: Table[] }
  /** A table serialized on its own (its buffer starting 8-aligned), placed at an 8-aligned position. */
  | { block: Block };
interface Block {
  bytes: Uint8Array;
  root: number;
}

const SIZE: Record<Scalar, number> = { u8: 1, u16: 2, i32: 4, u32: 4, u64: 8, f64: 8 };

/**
 * A table serialized on its own or, `prefixed`, as FlatGeobuf stores its header and features:
 * the buffer's length (u32), the root table's offset, the tables, padded to a multiple of 8 bytes
 * so that buffers written one after another from an 8-aligned start stay aligned.
 */
function serialize(top: Table, prefixed = false): Block {
  let bytes = new Uint8Array(1024);
  let view = new DataView(bytes.buffer);
  let length = 0;
  // Space only ever grows at the end and starts zeroed, so padding and unset bytes are zero.
  const reserve = (n: number) => {
    if (length + n <= bytes.length) return;
    const bigger = new Uint8Array(Math.max(2 * bytes.length, length + n));
    bigger.set(bytes);
    bytes = bigger;
    view = new DataView(bytes.buffer);
  };
  const align = (n: number, ahead = 0) => {
    const pad = (n - ((length + ahead) % n)) % n;
    reserve(pad);
    length += pad;
  };
  const set = (kind: Scalar, at: number, v: number) => {
    if (kind === 'u8') view.setUint8(at, v);
    else if (kind === 'u16') view.setUint16(at, v, true);
    else if (kind === 'i32') view.setInt32(at, v, true);
    else if (kind === 'u32') view.setUint32(at, v, true);
    else if (kind === 'u64') view.setBigUint64(at, BigInt(v), true);
    else view.setFloat64(at, v, true);
  };
  const put = (kind: Scalar, v: number) => {
    reserve(SIZE[kind]);
    set(kind, length, v);
    return (length += SIZE[kind]) - SIZE[kind];
  };
  /** Writes what a field references; returns where the reference must point. */
  const referenced = (f: Exclude<Field, { scalar: Scalar }>): number => {
    if ('table' in f) return table(f.table);
    if ('block' in f) {
      align(8);
      reserve(f.block.bytes.length);
      bytes.set(f.block.bytes, length);
      length += f.block.bytes.length;
      return length - f.block.bytes.length + f.block.root;
    }
    if ('string' in f) {
      const text = utf8.encode(f.string);
      align(4);
      const at = put('u32', text.length);
      reserve(text.length + 1);
      bytes.set(text, length);
      length += text.length + 1;
      return at;
    }
    // A vector's length (u32) comes right before its first element, which is aligned to its size.
    const kind = 'vector' in f ? f.vector : 'u32';
    align(Math.max(4, SIZE[kind]), 4);
    if ('vector' in f) {
      const at = put('u32', f.values.length);
      for (let i = 0; i < f.values.length; i++) put(kind, f.values[i]!);
      return at;
    }
    const at = put('u32', f.tables.length);
    const slots = f.tables.map(() => put('u32', 0));
    f.tables.forEach((t, i) => set('u32', slots[i]!, table(t) - slots[i]!));
    return at;
  };
  const table = (fields: Table): number => {
    const present = fields.flatMap((f, slot) => (f ? [{ f, slot, size: 'scalar' in f ? SIZE[f.scalar] : 4 }] : []));
    present.sort((a, b) => b.size - a.size || a.slot - b.slot);
    const wide = present.some((p) => p.size === 8);
    const place: number[] = [];
    let size = wide ? 8 : 4;
    for (const p of present) {
      size = Math.ceil(size / p.size) * p.size;
      place[p.slot] = size;
      size += p.size;
    }
    align(2);
    const vtable = length;
    put('u16', 4 + 2 * fields.length);
    put('u16', size);
    for (let slot = 0; slot < fields.length; slot++) put('u16', place[slot] ?? 0);
    align(wide ? 8 : 4);
    const at = length;
    reserve(size);
    length += size;
    set('i32', at, at - vtable);
    for (const { f, slot } of present) {
      if ('scalar' in f) set(f.scalar, at + place[slot]!, f.value);
      else set('u32', at + place[slot]!, referenced(f) - at - place[slot]!);
    }
    return at;
  };
  if (prefixed) length = 8;
  const root = table(top);
  if (prefixed) {
    set('u32', 4, root - 4);
    align(8);
    set('u32', 0, length - 4);
  }
  return { bytes: bytes.slice(0, length), root };
}
