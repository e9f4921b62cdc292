/**
 * Timeline snapshots sent between threads as flat typed arrays. Structured cloning a
 * MultiPolygon of a few thousand positions (one small array each) costs more than parsing its
 * JSON did; the same coordinates in one Float64Array are moved, not copied, and become arrays
 * again in a fraction of that time.
 */
import type { MultiPolygon, Position } from 'geojson';
import type { TimelineSnapshot } from '../model/timeline.js';

/** A snapshot whose geometries are flat: per controller, coordinates and ring/polygon sizes. */
export interface PackedSnapshot extends Omit<TimelineSnapshot, 'controllers'> {
  controllers: Map<string, { xy: Float64Array; rings: Int32Array; polygons: Int32Array }>;
}

export function packSnapshot(snapshot: TimelineSnapshot): { snapshot: PackedSnapshot; transfer: ArrayBuffer[] } {
  const controllers: PackedSnapshot['controllers'] = new Map();
  const transfer: ArrayBuffer[] = [];
  for (const [controller, geometry] of snapshot.controllers) {
    let positions = 0;
    let ringCount = 0;
    for (const polygon of geometry.coordinates) {
      ringCount += polygon.length;
      for (const ring of polygon) positions += ring.length;
    }
    const xy = new Float64Array(positions * 2);
    const rings = new Int32Array(ringCount);
    const polygons = new Int32Array(geometry.coordinates.length);
    let k = 0;
    let r = 0;
    geometry.coordinates.forEach((polygon, p) => {
      polygons[p] = polygon.length;
      for (const ring of polygon) {
        rings[r++] = ring.length;
        for (const q of ring) {
          xy[k++] = q[0]!;
          xy[k++] = q[1]!;
        }
      }
    });
    controllers.set(controller, { xy, rings, polygons });
    transfer.push(xy.buffer as ArrayBuffer, rings.buffer as ArrayBuffer, polygons.buffer as ArrayBuffer);
  }
  return { snapshot: { ...snapshot, controllers }, transfer };
}

export function unpackSnapshot(packed: PackedSnapshot): TimelineSnapshot {
  const controllers = new Map<string, MultiPolygon>();
  for (const [controller, { xy, rings, polygons }] of packed.controllers) {
    const coordinates: Position[][][] = new Array(polygons.length);
    let k = 0;
    let r = 0;
    for (let p = 0; p < polygons.length; p++) {
      const polygon: Position[][] = new Array(polygons[p]!);
      for (let j = 0; j < polygon.length; j++) {
        const ring: Position[] = new Array(rings[r++]!);
        for (let v = 0; v < ring.length; v++, k += 2) ring[v] = [xy[k]!, xy[k + 1]!];
        polygon[j] = ring;
      }
      coordinates[p] = polygon;
    }
    controllers.set(controller, { type: 'MultiPolygon', coordinates });
  }
  return { ...packed, controllers };
}
