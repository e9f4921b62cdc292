import type { MultiPolygon, Polygon, Position } from 'geojson';
import { FrontlineError } from '../errors.js';
import { removeSpikes } from './spikes.js';
import { area } from './area.js';
import { boxesTouch, outerRingsBox } from './bbox.js';
import { geodesicDistanceMeters } from './distance.js';
import { difference, intersection, isEmpty, polygonsOf, union, type Areal } from './overlay.js';

/** A labelled region to be fitted into a frame, e.g. an administrative unit from a coarse source. */
export interface FrameRegion {
  id: string;
  geometry: Polygon | MultiPolygon;
}

/**
 * Why a piece of the frame went to its region:
 * - `contained`: the piece lies inside that region only;
 * - `overlap`: several regions cover it; it went to the one with the largest area inside the frame;
 * - `neighbour`: no region covers it; it went to the region sharing the longest border with it;
 * - `nearest`: no region covers it and it shares no border with any labelled part; it went to the
 *   region whose centroid is closest to its own.
 */
export type PieceAssignment = 'contained' | 'overlap' | 'neighbour' | 'nearest';

/** One connected polygon of the frame and where it went. `areaM2` is ellipsoidal (WGS84), in m². */
export interface PartitionPiece {
  regionId: string;
  how: PieceAssignment;
  areaM2: number;
}

export interface PartitionResult {
  /** One per region, in input order; a region with nothing inside the frame has an empty MultiPolygon. */
  parts: { id: string; geometry: MultiPolygon }[];
  /** Every connected piece of the frame: first each region's own pieces (input order), then the leftover ones. */
  pieces: PartitionPiece[];
  /** How many leftover pieces touched no labelled part and were given to the nearest region (`how: 'nearest'`). */
  unassigned: number;
}

/**
 * Two boundary segments count as lying on each other when both ends of one are within this
 * distance (degrees) of the other's line: about 0.1 mm, far above the round-off of overlay output
 * (whose vertices sit on the input edges to ~1e-15°) and far below any real feature.
 */
const ON_BORDER_TOLERANCE_DEG = 1e-9;

/**
 * Fits labelled regions to an authoritative frame so that they partition it exactly: every point
 * of the frame ends up in exactly one part, and nothing outside the frame is kept.
 *
 * 1. The frame is cut into pieces: frame ∩ region for each region, and the connected polygons of
 *    frame − ∪ regions (the leftover).
 * 2. Where regions overlap inside the frame, the overlap goes to the region with the largest raw
 *    area inside the frame (ties: earlier in the input); it is counted once.
 * 3. A leftover piece goes to the region whose labelled part shares the longest border with it.
 *    Border length is the geodesic length (WGS84) of the piece's boundary segments that lie on a
 *    labelled part's boundary (within 1e-9°). Rounds repeat, pieces assigned in one round becoming
 *    labelled for the next, until no piece can be assigned; the rest (pieces touching no labelled
 *    part, e.g. an island of the frame) go to the region whose centroid is nearest (geodesic
 *    distance between planar lon/lat centroids of the piece and of the raw region) and are counted
 *    in `unassigned`.
 * 4. Each part is the union of its pieces; then every vertex of a part or of the frame lying on
 *    another part's edge is inserted there, so neighbours share their border vertex for vertex.
 *
 * Boolean operations are planar in lon/lat (see overlay.ts); areas are ellipsoidal (area.ts).
 * The parts' areas add up to the frame's with the frame's edges split where region borders cross
 * them; against the unsplit frame they differ by the lunes between a straight lon/lat edge and a
 * geodesic one (3e-7 of the total for the Karabakh districts in Natural Earth's 1994 area).
 * Inputs are not modified; every returned coordinate array is new.
 *
 * @param frame the authoritative outline (Polygon or MultiPolygon, lon/lat degrees)
 * @param regions labelled regions with unique non-empty ids
 * @returns one part per region (input order), the list of pieces with how each was assigned and its
 *   area in m², and the number of pieces assigned by nearest centroid
 * @throws FrontlineError INVALID_ARGUMENT for an empty frame, no regions, a region without id or
 *   geometry, or a duplicate id (the message names the index)
 * @example
 * const { parts } = partitionFrame(heldArea, districts.map((d) => ({ id: d.name, geometry: d.geometry })));
 */
export function partitionFrame(frame: Areal, regions: readonly FrameRegion[]): PartitionResult {
  const normalisedFrame = checkFrame(frame);
  checkRegions(regions);

  const clipped = regions.map((region) => intersection(normalisedFrame, region.geometry));
  const inFrameArea = clipped.map((geometry) => area(geometry));

  // Stable sort: equal areas keep input order, so the outcome never depends on the engine.
  const priority = regions.map((_, i) => i).sort((a, b) => inFrameArea[b]! - inFrameArea[a]!);

  const owned: MultiPolygon[] = new Array(regions.length);
  const pieces: PartitionPiece[] = [];
  const ownPieces: PartitionPiece[][] = regions.map(() => []);
  const boxes = clipped.map((g) => outerRingsBox(g.coordinates));
  priority.forEach((i, rank) => {
    // Only regions whose boxes meet this one's can overlap it; the others would only slow the overlay.
    const near = (j: number) => !isEmpty(clipped[j]!) && boxesTouch(boxes[i]!, boxes[j]!);
    const higher = priority
      .slice(0, rank)
      .filter(near)
      .map((j) => clipped[j]!);
    const lower = priority
      .slice(rank + 1)
      .filter(near)
      .map((j) => clipped[j]!);
    const mine = higher.length === 0 ? clipped[i]! : difference(clipped[i]!, ...higher);
    owned[i] = mine;
    if (isEmpty(mine)) return;
    const alone = lower.length === 0 ? mine : difference(mine, ...lower);
    const shared = lower.length === 0 ? emptyMultiPolygon() : intersection(mine, union(lower[0]!, ...lower.slice(1)));
    const id = regions[i]!.id;
    for (const p of polygonsOf(alone)) ownPieces[i]!.push({ regionId: id, how: 'contained', areaM2: area(p) });
    for (const p of polygonsOf(shared)) ownPieces[i]!.push({ regionId: id, how: 'overlap', areaM2: area(p) });
  });
  for (const list of ownPieces) pieces.push(...list);

  const covered = clipped.filter((g) => !isEmpty(g));
  const leftover = covered.length === 0 ? normalisedFrame : difference(normalisedFrame, ...covered);
  const leftoverPieces = polygonsOf(leftover);
  const assignment = assignLeftovers(
    regions.map((region, i) => ({ id: region.id, part: owned[i]!, raw: region.geometry })),
    leftoverPieces,
  );

  const extra: Polygon[][] = regions.map(() => []);
  let unassigned = 0;
  leftoverPieces.forEach((piece, k) => {
    const { region, how } = assignment[k]!;
    extra[region]!.push(piece);
    if (how === 'nearest') unassigned++;
    pieces.push({ regionId: regions[region]!.id, how, areaM2: area(piece) });
  });

  const merged = regions.map((_, i) => {
    const own = owned[i]!;
    const added = extra[i]!;
    return added.length === 0 ? own : union(own, ...added);
  });
  const parts = nodeParts(merged, frame).map((geometry, i) => ({ id: regions[i]!.id, geometry }));
  return { parts, pieces, unassigned };
}

/**
 * Inserts into every edge of every part the vertices of any part or of the frame that lie on it
 * (within 1e-9°), so that neighbouring parts describe their common border with the same vertices.
 * The overlay leaves T-junctions (a vertex of one part in the middle of its neighbour's edge);
 * with geodesic edges such an edge and the two halves on the other side bound different areas,
 * and topology builders (TopoJSON) only share arcs whose vertices match.
 */
function nodeParts(parts: MultiPolygon[], frame: Areal): MultiPolygon[] {
  const vertices: Position[] = [];
  // The frame's own vertices too: the overlay drops vertices that are collinear in lon/lat,
  // which with geodesic edges would change the area enclosed along the frame's border.
  for (const polygon of polygonsOf(frame)) for (const ring of polygon.coordinates) vertices.push(...ring);
  for (const part of parts) for (const polygon of part.coordinates) for (const ring of polygon) vertices.push(...ring);
  vertices.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  const xs = vertices.map((v) => v[0]!);
  const tol = ON_BORDER_TOLERANCE_DEG;

  const firstAtOrAbove = (x: number): number => {
    let lo = 0;
    let hi = xs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (xs[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  const nodeRing = (ring: Position[]): Position[] => {
    const out: Position[] = [];
    for (let i = 0; i + 1 < ring.length; i++) {
      const a = ring[i]!;
      const b = ring[i + 1]!;
      out.push(a);
      const dx = b[0]! - a[0]!;
      const dy = b[1]! - a[1]!;
      const len2 = dx * dx + dy * dy;
      if (len2 === 0) continue;
      const len = Math.sqrt(len2);
      const minY = Math.min(a[1]!, b[1]!) - tol;
      const maxY = Math.max(a[1]!, b[1]!) + tol;
      const maxX = Math.max(a[0]!, b[0]!) + tol;
      const inside: [number, Position][] = [];
      for (let k = firstAtOrAbove(Math.min(a[0]!, b[0]!) - tol); k < vertices.length && xs[k]! <= maxX; k++) {
        const p = vertices[k]!;
        if (p[1]! < minY || p[1]! > maxY) continue;
        const t = ((p[0]! - a[0]!) * dx + (p[1]! - a[1]!) * dy) / len2;
        if (t * len <= tol || (1 - t) * len <= tol) continue;
        if (Math.abs(dx * (p[1]! - a[1]!) - dy * (p[0]! - a[0]!)) / len > tol) continue;
        inside.push([t, p]);
      }
      inside.sort((u, v) => u[0] - v[0]);
      let last = a;
      for (const [, p] of inside) {
        if (p[0] === last[0] && p[1] === last[1]) continue;
        out.push([p[0]!, p[1]!]);
        last = p;
      }
    }
    const closing = ring[ring.length - 1];
    if (closing !== undefined) out.push(closing);
    // Merging thin leftover pieces into a part can leave out-and-back runs: drop them.
    return removeSpikes(out, true, tol);
  };

  return parts.map((part) => ({ type: 'MultiPolygon', coordinates: part.coordinates.map((polygon) => polygon.map(nodeRing)) }));
}

/**
 * Gives each unlabelled piece to a labelled region: by longest shared border, in rounds (a piece
 * assigned in one round is part of its region's labelled area in the next), then by nearest
 * centroid for pieces that touch no labelled part at all.
 *
 * `partitionFrame` calls it with the leftover of the frame; it is exported for callers whose
 * unlabelled pieces may border each other (e.g. faces of a polygonized line work), where the
 * rounds matter.
 *
 * @param labelled the regions: `part` is the area already labelled with the region (may be empty),
 *   `raw` the region's own geometry, used only for its centroid
 * @param pieces unlabelled polygons, lon/lat degrees
 * @returns for each piece (same order), the index into `labelled` and how it was chosen
 * @throws FrontlineError INVALID_ARGUMENT if there are pieces but no labelled regions
 */
export function assignLeftovers(
  labelled: readonly { id: string; part: Areal; raw: Areal }[],
  pieces: readonly Polygon[],
): { region: number; how: 'neighbour' | 'nearest' }[] {
  if (pieces.length > 0 && labelled.length === 0) {
    throw new FrontlineError('INVALID_ARGUMENT', 'cannot assign leftover pieces: there are no regions');
  }
  const borders = labelled.map((l) => segmentsOf(l.part));
  const result: ({ region: number; how: 'neighbour' | 'nearest' } | undefined)[] = pieces.map(() => undefined);
  const pieceSegments = pieces.map((p) => segmentsOf(p));

  for (;;) {
    const decided: { piece: number; region: number }[] = [];
    pieceSegments.forEach((segs, k) => {
      if (result[k] !== undefined) return;
      let best = -1;
      let bestLength = 0;
      borders.forEach((border, r) => {
        const length = sharedBorderLength(segs, border);
        if (length > bestLength) {
          best = r;
          bestLength = length;
        }
      });
      if (best >= 0) decided.push({ piece: k, region: best });
    });
    if (decided.length === 0) break;
    // All decisions of a round are taken before any of them is applied, so that the outcome does
    // not depend on the order of the pieces.
    for (const { piece, region } of decided) {
      result[piece] = { region, how: 'neighbour' };
      borders[region]!.push(...pieceSegments[piece]!);
    }
  }

  const centres = labelled.map((l) => centroidOf(l.raw));
  return result.map((r, k) => {
    if (r !== undefined) return r;
    const c = centroidOf(pieces[k]!);
    let best = 0;
    let bestDistance = Infinity;
    centres.forEach((centre, i) => {
      const d = geodesicDistanceMeters(c, centre);
      if (d < bestDistance) {
        best = i;
        bestDistance = d;
      }
    });
    return { region: best, how: 'nearest' };
  });
}

type Segment = { x0: number; y0: number; x1: number; y1: number; minX: number; minY: number; maxX: number; maxY: number };

function segmentsOf(geometry: Areal): Segment[] {
  const out: Segment[] = [];
  for (const polygon of polygonsOf(geometry)) {
    for (const ring of polygon.coordinates) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const [x0, y0] = ring[i]!;
        const [x1, y1] = ring[i + 1]!;
        if (x0 === x1 && y0 === y1) continue;
        out.push({
          x0: x0!,
          y0: y0!,
          x1: x1!,
          y1: y1!,
          minX: Math.min(x0!, x1!),
          minY: Math.min(y0!, y1!),
          maxX: Math.max(x0!, x1!),
          maxY: Math.max(y0!, y1!),
        });
      }
    }
  }
  return out;
}

/** Geodesic length (m) of the parts of `piece`'s segments that lie on some segment of `border`. */
function sharedBorderLength(piece: readonly Segment[], border: readonly Segment[]): number {
  const tol = ON_BORDER_TOLERANCE_DEG;
  let total = 0;
  for (const a of piece) {
    const dx = a.x1 - a.x0;
    const dy = a.y1 - a.y0;
    const len2 = dx * dx + dy * dy;
    const len = Math.sqrt(len2);
    const spans: [number, number][] = [];
    for (const b of border) {
      if (b.maxX < a.minX - tol || b.minX > a.maxX + tol || b.maxY < a.minY - tol || b.minY > a.maxY + tol) continue;
      const off0 = Math.abs(dx * (b.y0 - a.y0) - dy * (b.x0 - a.x0)) / len;
      const off1 = Math.abs(dx * (b.y1 - a.y0) - dy * (b.x1 - a.x0)) / len;
      if (off0 > tol || off1 > tol) continue;
      const t0 = (dx * (b.x0 - a.x0) + dy * (b.y0 - a.y0)) / len2;
      const t1 = (dx * (b.x1 - a.x0) + dy * (b.y1 - a.y0)) / len2;
      const lo = Math.max(0, Math.min(t0, t1));
      const hi = Math.min(1, Math.max(t0, t1));
      if (hi > lo) spans.push([lo, hi]);
    }
    if (spans.length === 0) continue;
    // A stretch of the piece's edge can lie on several border segments (e.g. a ring touching
    // itself); merged so it is counted once.
    spans.sort((p, q) => p[0] - q[0]);
    let [lo, hi] = spans[0]!;
    const flush = () => {
      total += geodesicDistanceMeters([a.x0 + lo * dx, a.y0 + lo * dy], [a.x0 + hi * dx, a.y0 + hi * dy]);
    };
    for (const [s, e] of spans.slice(1)) {
      if (s <= hi) hi = Math.max(hi, e);
      else {
        flush();
        [lo, hi] = [s, e];
      }
    }
    flush();
  }
  return total;
}

/**
 * Area-weighted centroid of the polygons in lon/lat, treated as a plane; only used to rank
 * distances, where this approximation is immaterial. Falls back to the mean vertex for
 * degenerate (zero-area) input.
 */
function centroidOf(geometry: Areal): [number, number] {
  let a = 0;
  let mx = 0;
  let my = 0;
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (const polygon of polygonsOf(geometry)) {
    polygon.coordinates.forEach((ring, index) => {
      // Coordinates relative to the ring's first vertex keep the cross products well conditioned.
      const origin = ring[0];
      if (origin === undefined) return;
      let ra = 0;
      let rx = 0;
      let ry = 0;
      for (let i = 0; i + 1 < ring.length; i++) {
        const [x0, y0] = relative(ring[i]!, origin);
        const [x1, y1] = relative(ring[i + 1]!, origin);
        const cross = x0 * y1 - x1 * y0;
        ra += cross;
        rx += (x0 + x1 + 3 * origin[0]!) * cross;
        ry += (y0 + y1 + 3 * origin[1]!) * cross;
        sx += ring[i]![0]!;
        sy += ring[i]![1]!;
        n++;
      }
      // Outer rings add and holes subtract whatever their winding, since raw input may not
      // follow the GeoJSON winding rule.
      const sign = (index === 0 ? 1 : -1) * (ra < 0 ? -1 : 1);
      a += sign * ra;
      mx += sign * rx;
      my += sign * ry;
    });
  }
  if (a > 0) return [mx / (3 * a), my / (3 * a)];
  return n > 0 ? [sx / n, sy / n] : [0, 0];
}

function relative(p: Position, origin: Position): [number, number] {
  return [p[0]! - origin[0]!, p[1]! - origin[1]!];
}

function emptyMultiPolygon(): MultiPolygon {
  return { type: 'MultiPolygon', coordinates: [] };
}

function checkFrame(frame: Areal): MultiPolygon {
  const type = (frame as { type?: unknown } | null | undefined)?.type;
  if (type !== 'Polygon' && type !== 'MultiPolygon') {
    throw new FrontlineError('INVALID_ARGUMENT', `frame must be a Polygon or MultiPolygon, got ${String(type)}`, { where: 'frame' });
  }
  if (!Array.isArray(frame.coordinates) || isEmpty(frame)) {
    throw new FrontlineError('INVALID_ARGUMENT', 'frame is empty', { where: 'frame' });
  }
  // Normalised through a union so that overlapping or adjacent polygons of a MultiPolygon frame
  // are counted once.
  const normalised = union(frame);
  if (isEmpty(normalised)) throw new FrontlineError('INVALID_ARGUMENT', 'frame is empty (it encloses no area)', { where: 'frame' });
  return normalised;
}

function checkRegions(regions: readonly FrameRegion[]): void {
  if (!Array.isArray(regions) || regions.length === 0) {
    throw new FrontlineError('INVALID_ARGUMENT', 'regions must be a non-empty array', { where: 'regions' });
  }
  const seen = new Map<string, number>();
  regions.forEach((region, i) => {
    const where = `regions[${i}]`;
    if (region === null || typeof region !== 'object') {
      throw new FrontlineError('INVALID_ARGUMENT', `${where} is not an object`, { where });
    }
    if (typeof region.id !== 'string' || region.id === '') {
      throw new FrontlineError('INVALID_ARGUMENT', `${where} has no id`, { where });
    }
    const type = (region.geometry as { type?: unknown } | null | undefined)?.type;
    if (type !== 'Polygon' && type !== 'MultiPolygon') {
      throw new FrontlineError('INVALID_ARGUMENT', `${where} (id "${region.id}") has no Polygon or MultiPolygon geometry`, { where });
    }
    if (!Array.isArray(region.geometry.coordinates)) {
      throw new FrontlineError('INVALID_ARGUMENT', `${where} (id "${region.id}") has no coordinates`, { where });
    }
    const first = seen.get(region.id);
    if (first !== undefined) {
      throw new FrontlineError('INVALID_ARGUMENT', `${where} repeats the id "${region.id}" of regions[${first}]`, { where });
    }
    seen.set(region.id, i);
  });
}
