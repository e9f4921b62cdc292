import type { Position } from 'geojson';

/**
 * A uniform grid over lon/lat that indexes edges (segments) by the cells their padded
 * bounding box touches, so that "which edges pass near this point?" costs one cell lookup
 * instead of a scan of every edge. Cells should be a few times the typical edge length.
 */
export class EdgeGrid<T> {
  private readonly cells = new Map<string, T[]>();

  /**
   * @param cellDeg cell size, degrees
   * @param padDeg how far (degrees) around each edge it must be found
   */
  constructor(
    private readonly cellDeg: number,
    private readonly padDeg: number,
  ) {}

  /** Indexes the edge p → q under `item`. */
  add(p: Position, q: Position, item: T): void {
    const c = this.cellDeg,
      pad = this.padDeg;
    const i0 = Math.floor((Math.min(p[0]!, q[0]!) - pad) / c),
      i1 = Math.floor((Math.max(p[0]!, q[0]!) + pad) / c);
    const j0 = Math.floor((Math.min(p[1]!, q[1]!) - pad) / c),
      j1 = Math.floor((Math.max(p[1]!, q[1]!) + pad) / c);
    for (let i = i0; i <= i1; i++) {
      for (let j = j0; j <= j1; j++) {
        const key = `${i},${j}`;
        const list = this.cells.get(key);
        if (list) list.push(item);
        else this.cells.set(key, [item]);
      }
    }
  }

  /** The items of every edge whose padded box covers the cell holding (x, y). */
  near(x: number, y: number): readonly T[] {
    return this.cells.get(`${Math.floor(x / this.cellDeg)},${Math.floor(y / this.cellDeg)}`) ?? [];
  }
}
