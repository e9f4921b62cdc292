/**
 * The rings of a Polygon or MultiPolygon, for `validate` (validate.ts): each ring's structure
 * (closed, enough distinct positions, some area, its winding, not below the overlay's grid),
 * then all of them together by the OGC rules (polygon-topology.ts).
 */
import type { Position } from 'geojson';
import { describeValue as show } from '../errors.js';
import { GRID_DEG, toGrid } from './grid.js';
import { enclosesNothing, numberText as fmt, ringsTopology, type TopologyRings } from './polygon-topology.js';
import type { FindingList } from './validate-findings.js';
import { checkPositions, cleanPositions, planarTwiceArea, reportDuplicates, reportJumps, type CleanRing } from './validate-positions.js';

/** Topology findings listed per polygon before the rest are only counted. */
const MAX_TOPOLOGY_FINDINGS = 100;

/**
 * Checks a Polygon's or MultiPolygon's rings one by one (structure), then all of them together
 * (topology, polygon-topology.ts), so that the parts of a MultiPolygon are checked against each
 * other in the same sweep as the rings of each part.
 */
export function checkAreal(type: 'Polygon' | 'MultiPolygon', coordinates: unknown[], feature: number | null, cAt: string, out: FindingList): void {
  if (coordinates.length === 0) {
    out.add('EMPTY_GEOMETRY', feature, cAt, `${type} has no ${type === 'Polygon' ? 'rings' : 'polygons'}`);
    return;
  }
  const multi = type === 'MultiPolygon';
  const polygons = multi ? coordinates : [coordinates];
  const rings = new RingSet(polygons, multi, cAt);
  let nonEmpty = 0;
  for (let i = 0; i < polygons.length; i++) {
    const polygon: unknown = polygons[i];
    const pAt = multi ? `${cAt}[${i}]` : cAt;
    if (!Array.isArray(polygon)) {
      out.add('NOT_GEOJSON', feature, pAt, `polygon is ${show(polygon)}, not an array of rings`);
      continue;
    }
    if (polygon.length === 0 || (Array.isArray(polygon[0]) && polygon[0].length === 0 && polygon.every((r) => Array.isArray(r) && r.length === 0))) {
      out.add(
        'EMPTY_PART',
        feature,
        pAt,
        multi ? `polygon ${i} is empty; it is ignored (OGC Simple Features allow empty parts)` : 'Polygon is empty; it has no area',
      );
      continue;
    }
    nonEmpty++;
    checkRings(polygon, multi ? i : null, feature, pAt, out, rings);
  }
  if (multi && nonEmpty === 0) out.add('EMPTY_GEOMETRY', feature, cAt, 'MultiPolygon has only empty polygons');
  if (rings.count > 0) {
    ringsTopology(
      rings.topology(),
      (code, ring, vertex, message, location) => {
        out.add(code, feature, vertex === null ? rings.path(ring) : `${rings.path(ring)}[${vertex}]`, message, location ? { location } : {});
      },
      { selfTouchingHoles: out.selfTouchingHoles, maxFindings: MAX_TOPOLOGY_FINDINGS },
    );
  }
  rings.release();
}

/**
 * The arrays the last geometry's rings were cleaned into, kept for the next one. A typed array's
 * memory lies outside V8's heap and goes only when a later collection finds the array dead, so
 * a check of a thousand polygons would otherwise allocate a thousand sets; these are reused
 * (never read before being written). Sets of more than SPARE_LIMIT vertices are not kept, so
 * that checking a large input does not leave its size in memory.
 */
let spareArrays: { x: Float64Array; y: Float64Array; orig: Int32Array } | undefined;
const SPARE_LIMIT = 1 << 16;

/**
 * The rings of one Polygon or MultiPolygon fit for topology, cleaned into one set of arrays as
 * they are checked (no copy per ring), with what names them in findings.
 */
class RingSet {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly orig: Int32Array;
  /** Vertices stored so far. */
  used = 0;
  count = 0;
  private readonly starts: number[] = [0];
  private readonly parts: number[] = [];
  /** Index of each ring in its polygon (0 the shell). */
  private readonly indices: number[] = [];
  private readonly twices: number[] = [];

  constructor(
    polygons: unknown[],
    private readonly multi: boolean,
    private readonly at: string,
  ) {
    let positions = 0;
    for (const polygon of polygons) if (Array.isArray(polygon)) for (const ring of polygon) if (Array.isArray(ring)) positions += ring.length;
    const kept = spareArrays;
    if (kept && kept.x.length >= positions) {
      spareArrays = undefined;
      this.x = kept.x;
      this.y = kept.y;
      this.orig = kept.orig;
    } else {
      this.x = new Float64Array(positions);
      this.y = new Float64Array(positions);
      this.orig = new Int32Array(positions);
    }
  }

  /** Hands the arrays on to the next geometry; the set is not used after. */
  release(): void {
    if (this.x.length <= SPARE_LIMIT && !(spareArrays && spareArrays.x.length >= this.x.length)) spareArrays = { x: this.x, y: this.y, orig: this.orig };
  }

  /** Cleans a ring (its positions checked) into the free space; `add` keeps it. */
  clean(positions: Position[]): CleanRing {
    return cleanPositions(positions, true, { x: this.x, y: this.y, orig: this.orig, at: this.used });
  }

  add(c: CleanRing, part: number, index: number, twice: number): void {
    this.used += c.m;
    this.starts.push(this.used);
    this.parts.push(part);
    this.indices.push(index);
    this.twices.push(twice);
    this.count++;
  }

  /** Where ring r is in the input, e.g. `coordinates[2][1]`. */
  path(r: number): string {
    return this.multi ? `${this.at}[${this.parts[r]!}][${this.indices[r]!}]` : `${this.at}[${this.indices[r]!}]`;
  }

  name(r: number): string {
    const k = this.indices[r]!;
    if (!this.multi) return k === 0 ? 'the shell' : `hole ${k}`;
    return k === 0 ? `the shell of polygon ${this.parts[r]!}` : `hole ${k} of polygon ${this.parts[r]!}`;
  }

  topology(): TopologyRings {
    return {
      x: this.x.subarray(0, this.used),
      y: this.y.subarray(0, this.used),
      orig: this.orig.subarray(0, this.used),
      starts: Int32Array.from(this.starts),
      part: Int32Array.from(this.parts),
      hole: Uint8Array.from(this.indices, (k) => (k > 0 ? 1 : 0)),
      twice: Float64Array.from(this.twices),
      name: (r) => this.name(r),
    };
  }
}

/**
 * Checks one polygon's rings for structure, and adds those fit for topology to `rings` (a hole
 * only when its shell is fit: a hole means nothing without one).
 */
function checkRings(polygon: unknown[], index: number | null, feature: number | null, at: string, out: FindingList, rings: RingSet): void {
  const of = index === null ? '' : ` of polygon ${index}`;
  let shellFit = false;
  for (let r = 0; r < polygon.length; r++) {
    const ring: unknown = polygon[r];
    const role = r === 0 ? 'shell' : `hole ${r}`;
    if (!Array.isArray(ring)) {
      out.add('NOT_GEOJSON', feature, `${at}[${r}]`, `ring is ${show(ring)}, not an array of positions`);
      continue;
    }
    if (ring.length === 0) {
      if (r === 0) out.add('TOO_FEW_POINTS', feature, `${at}[${r}]`, `shell${of} is empty, but it has holes; a polygon needs a shell to have holes`);
      else out.add('EMPTY_PART', feature, `${at}[${r}]`, `hole ${r}${of} is empty; it is ignored (OGC Simple Features allow empty rings)`);
      continue;
    }
    const rAt = `${at}[${r}]`;
    if (!checkPositions(ring, feature, rAt, 'ring', out)) continue;
    const c = rings.clean(ring as Position[]);
    if (!c.closed) {
      out.add(
        'UNCLOSED_RING',
        feature,
        rAt,
        `${role}${of} is not closed: its last position differs from its first (RFC 7946 asks for the first position repeated at the end)`,
      );
    }
    reportDuplicates(c, feature, rAt, 'ring', out);
    if (c.m < 3) {
      out.add(
        'TOO_FEW_POINTS',
        feature,
        rAt,
        `${role}${of} has ${c.m} distinct position${c.m === 1 ? '' : 's'}; a ring needs at least 3 (4 with the closing one)`,
      );
      continue;
    }
    reportJumps(c, feature, rAt, 'ring', out, true);
    const twice = planarTwiceArea(c);
    if (enclosesNothing(c.x, c.y, c.m)) {
      out.add(
        'ZERO_AREA_RING',
        feature,
        rAt,
        `${role}${of} encloses no area: every edge runs back along another (it is a line drawn out and back); ${r === 0 ? 'the polygon is empty' : 'remove the hole'}`,
      );
      continue;
    }
    if (r === 0 ? twice < 0 : twice > 0) {
      out.add(
        'RING_ORIENTATION',
        feature,
        rAt,
        `${role}${of} runs ${r === 0 ? 'clockwise' : 'counter-clockwise'}; RFC 7946 asks for shells counter-clockwise and holes clockwise (areas do not depend on it)`,
      );
    }
    reportBelowGrid(c, twice, feature, rAt, `${role}${of}`, out);
    if (r === 0) shellFit = true;
    else if (!shellFit) continue;
    rings.add(c, index ?? 0, r, twice);
  }
}

/**
 * A ring so thin that it has no area on the overlay's grid (grid.ts): every operation would
 * drop it, so it is said here, with its size. Only a ring whose area is below its perimeter
 * times the grid can be so thin, which spares the test for nearly every ring.
 */
function reportBelowGrid(c: CleanRing, twice: number, feature: number | null, at: string, what: string, out: FindingList): void {
  if (!isBelowGrid(c, twice)) return;
  out.add(
    'BELOW_GRID',
    feature,
    at,
    `${what} is thinner than the overlay's ${GRID_DEG}° grid (${formatSize(c)}, ${fmt(Math.abs(twice) / 2)} square degrees): union, intersection and difference would refuse it (BELOW_GRID)`,
  );
}

/** Whether a ring that encloses some area has none on the overlay's grid (grid.ts). */
export function isBelowGrid(c: CleanRing, twice = planarTwiceArea(c)): boolean {
  let perimeter = 0;
  for (let k = 0; k < c.m; k++) {
    const k2 = k + 1 === c.m ? 0 : k + 1;
    perimeter += Math.abs(c.x[k2]! - c.x[k]!) + Math.abs(c.y[k2]! - c.y[k]!);
  }
  if (Math.abs(twice) / 2 > perimeter * GRID_DEG) return false;
  const gx = new Float64Array(c.m),
    gy = new Float64Array(c.m);
  for (let k = 0; k < c.m; k++) {
    gx[k] = toGrid(c.x[k]!);
    gy[k] = toGrid(c.y[k]!);
  }
  const kept = cleanGrid(gx, gy, c.m);
  return enclosesNothing(kept.x, kept.y, kept.m) && !enclosesNothing(c.x, c.y, c.m);
}

function cleanGrid(x: Float64Array, y: Float64Array, m: number): { x: Float64Array; y: Float64Array; m: number } {
  let k = 0;
  for (let i = 0; i < m; i++) {
    if (k > 0 && x[k - 1] === x[i] && y[k - 1] === y[i]) continue;
    x[k] = x[i]!;
    y[k] = y[i]!;
    k++;
  }
  while (k > 1 && x[k - 1] === x[0] && y[k - 1] === y[0]) k--;
  return { x, y, m: k };
}

function formatSize(c: CleanRing): string {
  let w = Infinity,
    s = Infinity,
    e = -Infinity,
    n = -Infinity;
  for (let k = 0; k < c.m; k++) {
    w = Math.min(w, c.x[k]!);
    e = Math.max(e, c.x[k]!);
    s = Math.min(s, c.y[k]!);
    n = Math.max(n, c.y[k]!);
  }
  return `${fmt(e - w)}° by ${fmt(n - s)}°`;
}
