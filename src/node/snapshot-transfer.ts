/**
 * What passes between the timeline's threads: tasks, messages, and snapshots sent as flat typed
 * arrays. Structured cloning a
 * MultiPolygon of a few thousand positions (one small array each) costs more than parsing its
 * JSON did; the same coordinates in one Float64Array are moved, not copied, and become arrays
 * again in a fraction of that time.
 */
import type { FrontlineErrorCode } from '../errors.js';
import { packPolygons, unpackPolygons, type PackedPolygons } from '../kernel/packed.js';
import type { TimelineSnapshot, TimelineStep } from '../model/timeline.js';
import type { ReadingOptions, TimelineOptions } from '../sources/timeline-source.js';
import type { TimelineFile } from './timeline-files.js';

/** What a worker is given: a date range to run, or files to read (every `stride`-th from `offset`). */
export type TimelineWorkerTask =
  | { kind: 'range'; files: TimelineFile[]; options: TimelineOptions }
  | { kind: 'read'; files: TimelineFile[]; options: ReadingOptions; offset: number; stride: number; window: number };

/** What a worker posts back. */
export type TimelineWorkerMessage =
  | { type: 'step'; step: TimelineStep }
  | { type: 'snapshot'; index: number; snapshot: PackedSnapshot }
  | { type: 'done' }
  | { type: 'error'; index?: number; code: FrontlineErrorCode | null; message: string; where?: string };

/** A snapshot whose geometries are packed (kernel/packed.ts), one set of arrays per controller. */
export interface PackedSnapshot extends Omit<TimelineSnapshot, 'controllers'> {
  controllers: Map<string, PackedPolygons>;
}

export function packSnapshot(snapshot: TimelineSnapshot): { snapshot: PackedSnapshot; transfer: ArrayBuffer[] } {
  const controllers: PackedSnapshot['controllers'] = new Map();
  const transfer: ArrayBuffer[] = [];
  for (const [controller, geometry] of snapshot.controllers) {
    const packed = packPolygons(geometry.coordinates);
    controllers.set(controller, packed);
    transfer.push(packed.coords.buffer as ArrayBuffer, packed.ringEnds.buffer as ArrayBuffer, packed.polygonEnds.buffer as ArrayBuffer);
  }
  return { snapshot: { ...snapshot, controllers }, transfer };
}

export function unpackSnapshot(packed: PackedSnapshot): TimelineSnapshot {
  const controllers: TimelineSnapshot['controllers'] = new Map();
  for (const [controller, polygons] of packed.controllers) controllers.set(controller, { type: 'MultiPolygon', coordinates: unpackPolygons(polygons) });
  return { ...packed, controllers };
}
