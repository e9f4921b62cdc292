import type { Box } from './projection.js';
import { textWidth } from './text.js';

/** A label to place. */
export interface LabelRequest {
  text: string;
  /** The point the label names, pixels: a place's dot, or a point well inside an area. */
  anchor: [number, number];
  fontSize: number;
  weight?: 'normal' | 'bold';
  /** Extra space between letters, pixels (added to the width per character gap). */
  letterSpacing?: number;
  /** `point`: set beside the anchor (a dot is there); `area`: centred on it. */
  kind: 'point' | 'area';
  /** Higher goes first and so wins a contested spot. */
  priority: number;
  /** May be drawn away from its anchor with a leader line when its own spot is taken (default true). */
  leader?: boolean;
  /** Free-form class for the SVG (`label <class>`). */
  className?: string;
}

/** A label where it was put. */
export interface PlacedLabel {
  request: LabelRequest;
  /** Where the text is drawn: centre x and baseline y (the text is `text-anchor="middle"`). */
  x: number;
  y: number;
  /** The box it takes, padding included: no other label's box meets it. */
  box: Box;
  /** Anchor to the nearest point of the box, when the label sits away from its anchor. */
  leader?: [number, number, number, number];
}

export interface LabelLayout {
  placed: PlacedLabel[];
  /** Labels for which no free spot was found near their anchor. */
  dropped: LabelRequest[];
}

/** Space kept clear around every label box, pixels. */
const PADDING = 2;

/**
 * Greedy label placement: labels in order of priority, each put at the first candidate spot
 * whose box stays inside `frame` and meets neither a placed label nor an obstacle; failing
 * that, at a spot further out with a leader line that crosses no placed label; failing that,
 * dropped. Candidates for a point label are the eight usual positions around its dot (right
 * first, as cartographers prefer); for an area label its anchor, then small shifts of it.
 * Boxes come from {@link textWidth} (an upper bound for DejaVu Sans) and the font's ascent and
 * descent, so boxes that do not meet mean texts that do not meet.
 *
 * @param requests labels to place (not modified).
 * @param obstacles boxes no label may cover (legend, scale bar, place dots...).
 * @param frame the box every label must stay inside.
 */
export function placeLabels(requests: readonly LabelRequest[], obstacles: readonly Box[], frame: Box): LabelLayout {
  const taken: Box[] = [...obstacles];
  const labelBoxes: Box[] = [];
  const placed: PlacedLabel[] = [];
  const dropped: LabelRequest[] = [];
  const order = requests.map((r, i) => ({ r, i })).sort((p, q) => q.r.priority - p.r.priority || p.i - q.i);
  for (const { r } of order) {
    const size = labelSize(r);
    const spot =
      firstFree(candidates(r, size, false), size, taken, frame) ?? (r.leader === false ? null : firstFreeWithLeader(r, size, taken, labelBoxes, frame));
    if (!spot) {
      dropped.push(r);
      continue;
    }
    const box = boxAt(spot.cx, spot.cy, size);
    const label: PlacedLabel = { request: r, x: spot.cx, y: spot.cy + size.baseline, box, ...(spot.leader ? { leader: spot.leader } : {}) };
    placed.push(label);
    taken.push(box);
    labelBoxes.push(box);
  }
  return { placed, dropped };
}

/** True when two boxes share interior (touching edges do not count). */
export function boxesMeet(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

interface Size {
  width: number;
  height: number;
  /** From the box's vertical centre to the text baseline. */
  baseline: number;
}

/** DejaVu Sans: ascent 0.928 em, descent 0.236 em (hhea). */
const ASCENT = 0.928,
  DESCENT = 0.236;

function labelSize(r: LabelRequest): Size {
  const chars = [...r.text].length;
  const width = textWidth(r.text, r.fontSize, r.weight) + (r.letterSpacing ?? 0) * Math.max(0, chars - 1) + 2 * PADDING;
  const height = (ASCENT + DESCENT) * r.fontSize + 2 * PADDING;
  return { width, height, baseline: ((ASCENT - DESCENT) / 2) * r.fontSize };
}

function boxAt(cx: number, cy: number, size: Size): Box {
  return { x: cx - size.width / 2, y: cy - size.height / 2, width: size.width, height: size.height };
}

interface Spot {
  cx: number;
  cy: number;
  leader?: [number, number, number, number];
}

function candidates(r: LabelRequest, size: Size, far: boolean): Spot[] {
  const [ax, ay] = r.anchor;
  if (r.kind === 'point') {
    const gap = far ? 3 * size.height : 5;
    const dx = size.width / 2 + gap,
      dy = size.height / 2 + gap * 0.6;
    const offsets: [number, number][] = [
      [dx, 0],
      [-dx, 0],
      [0, -dy],
      [0, dy],
      [dx, -dy],
      [-dx, -dy],
      [dx, dy],
      [-dx, dy],
    ];
    return offsets.map(([x, y]) => ({ cx: ax + x, cy: ay + y }));
  }
  if (!far) {
    const h = size.height,
      w = size.width;
    const offsets: [number, number][] = [
      [0, 0],
      [0, -h * 0.6],
      [0, h * 0.6],
      [-w * 0.3, 0],
      [w * 0.3, 0],
      [0, -h * 1.2],
      [0, h * 1.2],
      [-w * 0.3, -h * 0.6],
      [w * 0.3, h * 0.6],
    ];
    return offsets.map(([x, y]) => ({ cx: ax + x, cy: ay + y }));
  }
  const spots: Spot[] = [];
  for (const radius of [1.5, 2.5, 4]) {
    for (let k = 0; k < 12; k++) {
      const angle = (k * Math.PI) / 6;
      spots.push({ cx: ax + Math.cos(angle) * (size.width / 2 + radius * size.height), cy: ay + Math.sin(angle) * radius * size.height * 1.2 });
    }
  }
  return spots;
}

function fits(box: Box, taken: readonly Box[], frame: Box): boolean {
  if (box.x < frame.x || box.y < frame.y || box.x + box.width > frame.x + frame.width || box.y + box.height > frame.y + frame.height) return false;
  return !taken.some((t) => boxesMeet(box, t));
}

function firstFree(spots: Spot[], size: Size, taken: readonly Box[], frame: Box): Spot | null {
  return spots.find((s) => fits(boxAt(s.cx, s.cy, size), taken, frame)) ?? null;
}

function firstFreeWithLeader(r: LabelRequest, size: Size, taken: readonly Box[], labelBoxes: readonly Box[], frame: Box): Spot | null {
  const [ax, ay] = r.anchor;
  for (const spot of candidates(r, size, true)) {
    const box = boxAt(spot.cx, spot.cy, size);
    if (!fits(box, taken, frame)) continue;
    const ex = Math.max(box.x, Math.min(ax, box.x + box.width));
    const ey = Math.max(box.y, Math.min(ay, box.y + box.height));
    if (labelBoxes.some((b) => segmentMeetsBox(ax, ay, ex, ey, b))) continue;
    return { ...spot, leader: [ax, ay, ex, ey] };
  }
  return null;
}

/** Liang–Barsky: does the segment pass through the box's interior? */
function segmentMeetsBox(x1: number, y1: number, x2: number, y2: number, b: Box): boolean {
  let t0 = 0,
    t1 = 1;
  const dx = x2 - x1,
    dy = y2 - y1;
  const edges: [number, number][] = [
    [-dx, x1 - b.x],
    [dx, b.x + b.width - x1],
    [-dy, y1 - b.y],
    [dy, b.y + b.height - y1],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q <= 0) return false;
      continue;
    }
    const t = q / p;
    if (p < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 >= t1) return false;
  }
  return true;
}
