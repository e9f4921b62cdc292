/**
 * Whether each polygon's interior is connected. Holes touching the shell or each other at points
 * cut the interior in two when the touches close a cycle: a graph of rings (or, for rings
 * accepted as forming holes, their loops) and touch points, with an edge where a ring passes
 * through a point, must be a forest. Rings of different polygons may touch anyhow, and a polygon
 * two of whose rings cross or share an edge is wrong already.
 */
import type { RingsTouching } from './topology-nodes.js';
import type { RingRelations } from './topology-relations.js';
import { pointText, type Findings, type RingLayout } from './topology-rings.js';
import type { Loop } from './topology-self-touch.js';

/** Union–find over the vertices of the graph. */
class Forest {
  readonly parent: number[] = [];

  add(): number {
    const id = this.parent.length;
    this.parent.push(id);
    return id;
  }

  find(i: number): number {
    const parent = this.parent;
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  }
}

/** A touch point and the graph's vertices (rings or loops) that pass through it. */
interface Membership {
  at: { x: number; y: number };
  members: number[];
}

/** Reports the first touch point that closes a cycle in each polygon (`DISCONNECTED_INTERIOR`). */
export function reportDisconnectedInteriors(
  layout: RingLayout,
  findings: Findings,
  relations: RingRelations,
  touching: readonly RingsTouching[],
  loopsOf: Map<number, Loop[]>,
): void {
  const forest = new Forest();
  // The ring of each vertex of the graph (the ring itself, or the ring a loop is part of).
  const ringOfVertex = new Map<number, number>();
  const disconnected = new Set<number>();
  for (const m of touchMemberships(forest, ringOfVertex, touching, loopsOf)) {
    // One point of the graph per polygon touching there.
    const byPart = new Map<number, number[]>();
    for (const id of m.members) {
      const part = layout.partOf[ringOfVertex.get(id)!]!;
      const list = byPart.get(part) ?? [];
      list.push(id);
      byPart.set(part, list);
    }
    for (const [part, ids] of byPart) {
      if (ids.length < 2 || disconnected.has(part) || relations.partsRelated.has(part)) continue;
      const id = closesCycle(forest, ids);
      if (id === undefined) continue;
      disconnected.add(part);
      const r = ringOfVertex.get(id)!;
      findings.emit(
        'DISCONNECTED_INTERIOR',
        r,
        layout.firstVertexAt(r, m.at.x, m.at.y),
        `the interior is cut in two at ${pointText(m.at.x, m.at.y)}: ${layout.nameOf(r)} touches the other rings there and at another point, so the rings between enclose part of the interior on its own (write it as a polygon of its own; repair does)`,
        [m.at.x, m.at.y],
      );
    }
  }
}

/**
 * The graph's vertices, added to `forest` (loops first, then rings as touch points name them),
 * with their rings into `ringOfVertex`; and per touch point, the vertices passing through it.
 */
function touchMemberships(forest: Forest, ringOfVertex: Map<number, number>, touching: readonly RingsTouching[], loopsOf: Map<number, Loop[]>): Membership[] {
  const memberships: Membership[] = [];
  const pointsOfLoops = new Map<string, number[]>();
  for (const [r, loops] of loopsOf) {
    for (const loop of loops) {
      const id = forest.add();
      ringOfVertex.set(id, r);
      for (const k of loop.nodes) {
        const list = pointsOfLoops.get(k) ?? [];
        list.push(id);
        pointsOfLoops.set(k, list);
      }
    }
  }
  const vertexOfRing = new Map<number, number>();
  for (const t of touching) {
    const members: number[] = [];
    for (const r of t.rings) {
      if (loopsOf.has(r)) continue;
      let id = vertexOfRing.get(r);
      if (id === undefined) {
        vertexOfRing.set(r, (id = forest.add()));
        ringOfVertex.set(id, r);
      }
      members.push(id);
    }
    for (const id of pointsOfLoops.get(t.key) ?? []) members.push(id);
    pointsOfLoops.delete(t.key);
    memberships.push({ at: t, members });
  }
  // Points where only loops of one ring touch.
  for (const [key, members] of pointsOfLoops) {
    const [xs, ys] = key.split(',');
    memberships.push({ at: { x: Number(xs), y: Number(ys) }, members });
  }
  return memberships;
}

/** Joins a new touch point to the vertices `ids`; the first vertex already joined to it (a cycle closed), if any. */
function closesCycle(forest: Forest, ids: readonly number[]): number | undefined {
  const point = forest.add();
  for (const id of ids) {
    const a = forest.find(id),
      b = forest.find(point);
    if (a === b) return id;
    forest.parent[a] = b;
  }
  return undefined;
}
