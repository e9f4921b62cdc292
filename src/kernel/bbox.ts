import type { Geometry, Position } from 'geojson';

/** [west, south, east, north] in degrees. */
export type BBox = [number, number, number, number];

/**
 * The box of the outer rings of polygons (holes lie inside them), [Infinity, Infinity,
 * -Infinity, -Infinity] when there are none.
 */
export function outerRingsBox(polygons: readonly (readonly (readonly Position[])[])[]): BBox {
  let w = Infinity,
    s = Infinity,
    e = -Infinity,
    n = -Infinity;
  for (const rings of polygons) {
    for (const p of rings[0] ?? []) {
      const x = p[0]!,
        y = p[1]!;
      if (x < w) w = x;
      if (x > e) e = x;
      if (y < s) s = y;
      if (y > n) n = y;
    }
  }
  return [w, s, e, n];
}

/**
 * The box of every position of geometries of any type, GeometryCollections included, nulls
 * skipped; [Infinity, Infinity, -Infinity, -Infinity] when there are no positions.
 */
export function geometriesBox(geometries: Iterable<Geometry | null>): BBox {
  let w = Infinity,
    s = Infinity,
    e = -Infinity,
    n = -Infinity;
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number') {
      const x = c[0],
        y = c[1] as number;
      if (x < w) w = x;
      if (x > e) e = x;
      if (y < s) s = y;
      if (y > n) n = y;
      return;
    }
    for (const child of c) visit(child);
  };
  const geometry = (g: Geometry | null): void => {
    if (g?.type === 'GeometryCollection') g.geometries.forEach(geometry);
    else if (g) visit(g.coordinates);
  };
  for (const g of geometries) geometry(g);
  return [w, s, e, n];
}

/** True when two boxes share interior: boxes that only touch cannot hold an intersection with area. */
export function boxesOverlap(a: BBox, b: BBox): boolean {
  return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}

/** True when two boxes meet, touching included. */
export function boxesTouch(a: BBox, b: BBox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}
