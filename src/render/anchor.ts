/**
 * A point well inside a polygon (screen coordinates): the grid point farthest from every edge,
 * searched on a 24 × 24 grid over the polygon's box and refined twice around the best point.
 * Labels placed there sit inside the area even when it is a crescent or an L, where a centroid
 * can fall outside.
 *
 * @param rings the polygon's rings in pixels (first the shell, then holes); even-odd inside test.
 * @returns the point and its distance to the nearest edge, or null for a polygon with no area.
 */
export function interiorPoint(rings: readonly (readonly [number, number][])[]): { point: [number, number]; clearance: number } | null {
  const shell = rings[0];
  if (!shell || shell.length < 4) return null;
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (const [x, y] of shell) {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  if (!(x1 > x0 && y1 > y0)) return null;
  let best: { point: [number, number]; clearance: number } | null = null;
  let cx = (x0 + x1) / 2,
    cy = (y0 + y1) / 2,
    hw = (x1 - x0) / 2,
    hh = (y1 - y0) / 2;
  const n = 24;
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i <= n; i++) {
      for (let j = 0; j <= n; j++) {
        const x = cx - hw + (2 * hw * i) / n,
          y = cy - hh + (2 * hh * j) / n;
        if (!inside(x, y, rings)) continue;
        const d = clearance(x, y, rings);
        if (!best || d > best.clearance) best = { point: [x, y], clearance: d };
      }
    }
    if (!best) return null;
    [cx, cy] = best.point;
    hw = ((2 * hw) / n) * 2;
    hh = ((2 * hh) / n) * 2;
  }
  return best;
}

function inside(x: number, y: number, rings: readonly (readonly [number, number][])[]): boolean {
  let odd = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!,
        [xj, yj] = ring[j]!;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) odd = !odd;
    }
  }
  return odd;
}

function clearance(x: number, y: number, rings: readonly (readonly [number, number][])[]): number {
  let best = Infinity;
  for (const ring of rings) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const [ux, uy] = ring[i]!,
        [vx, vy] = ring[i + 1]!;
      const dx = vx - ux,
        dy = vy - uy;
      const len2 = dx * dx + dy * dy;
      const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - ux) * dx + (y - uy) * dy) / len2));
      best = Math.min(best, Math.hypot(x - ux - t * dx, y - uy - t * dy));
    }
  }
  return best;
}
