import type { Position } from 'geojson';

/**
 * A point inside a polygon (shell and holes), as GEOS's InteriorPointArea finds one: a
 * horizontal line is drawn halfway between the two vertex latitudes nearest the middle of the
 * polygon's extent (so that it passes through no vertex), its crossings with every ring are
 * sorted, and the middle of the widest stretch inside is taken. Unlike a centroid, the point
 * is inside even for a crescent or a ring around a hole. Undefined for a polygon with no
 * extent in latitude.
 *
 * @example
 * interiorPoint([[[0, 0], [4, 0], [4, 1], [1, 1], [1, 3], [0, 3], [0, 0]]]); // [0.5, 1.5], inside the L
 */
export function interiorPoint(rings: readonly (readonly Position[])[]): [number, number] | undefined {
  const shell = rings[0];
  if (!shell || shell.length < 3) return undefined;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const p of shell) {
    const y = p[1]!;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  if (!(maxY > minY)) return undefined;
  const middle = (minY + maxY) / 2;
  let below = minY;
  let above = maxY;
  for (const ring of rings) {
    for (const p of ring) {
      const y = p[1]!;
      if (y <= middle && y > below) below = y;
      if (y > middle && y < above) above = y;
    }
  }
  const y = (below + above) / 2;
  const xs: number[] = [];
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const a = ring[j]!;
      const b = ring[i]!;
      const ya = a[1]!;
      const yb = b[1]!;
      if (ya > y !== yb > y) xs.push(a[0]! + ((y - ya) * (b[0]! - a[0]!)) / (yb - ya));
    }
  }
  xs.sort((a, b) => a - b);
  let best: [number, number] | undefined;
  let width = -1;
  for (let i = 0; i + 1 < xs.length; i += 2) {
    if (xs[i + 1]! - xs[i]! > width) {
      width = xs[i + 1]! - xs[i]!;
      best = [(xs[i]! + xs[i + 1]!) / 2, y];
    }
  }
  return best;
}
