/**
 * The one integer grid of the kernel: 1e-9° (about 0.11 mm of latitude), on which the overlay
 * (overlay.ts), the winding fill (winding.ts) and the export's rebuilt polygons compute
 * exactly. A coordinate of d degrees is the integer round(d · 10^9) on it; grid integer k is
 * the double nearest to the decimal k · 10^-9 when read back.
 *
 * Both directions are unbiased. Reading back divides by 10^9, an exact double, so k / 10^9 is
 * correctly rounded; multiplying by 1e-9 instead (or by 1 / 1e-9, which is 999999999.9999999,
 * not 10^9) lands one unit in the last place off for most k. Going onto the grid multiplies by
 * 10^9: for k / 10^9 the product is within 2^-52·|k| of k, far below one half for any |k| below
 * 2^51, so a coordinate already on the grid comes back as the same integer and a round trip
 * returns the same double, bit for bit. Halves round away from zero, so a mirrored geometry
 * lands on the mirrored grid points.
 */

/** Size of the grid, degrees. */
export const GRID_DEG = 1e-9;

/** Grid units per degree, an exact double. */
export const GRID_UNITS_PER_DEG = 1_000_000_000;

/** The grid integer nearest to a coordinate (halves away from zero). */
export function toGrid(deg: number): number {
  const units = deg * GRID_UNITS_PER_DEG;
  return units < 0 ? -Math.round(-units) : Math.round(units);
}

/** A grid integer as a coordinate: the double nearest to k · 10^-9. */
export function fromGrid(units: number): number {
  return units / GRID_UNITS_PER_DEG;
}

/** Whether a coordinate is a point of the grid (reads back from it unchanged). */
export function isOnGrid(deg: number): boolean {
  return fromGrid(toGrid(deg)) === deg;
}

/** A coordinate moved to the nearest point of the grid (unchanged when it is on it). */
export function snapToGrid(deg: number): number {
  return fromGrid(toGrid(deg));
}
