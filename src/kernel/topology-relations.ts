/**
 * Two rings that meet along more than points: they cross, run along each other on the same side
 * (enclosing that ground twice) or share an edge (ground on both sides). A pair of rings is one
 * finding however often its rings meet, a crossing taking the place of a shared edge; what it is
 * called depends on the rings: one ring, two polygons, a hole and its shell, two holes.
 */
import { pointText, type Findings, type RingLayout } from './topology-rings.js';

export class RingRelations {
  /** Ring pairs already reported, so that two rings crossing at a hundred places are one finding. */
  private readonly related = new Set<number>();
  /** Polygons two of whose rings cross or share an edge: whether their interior is connected is moot. */
  readonly partsRelated = new Set<number>();
  /** Shared edges, reported once the sweep is done, for pairs of rings that do not also cross. */
  private readonly sharedPairs = new Map<number, () => void>();

  constructor(
    private readonly layout: RingLayout,
    private readonly findings: Findings,
  ) {}

  private pairKey(a: number, b: number): number {
    const R = this.layout.count;
    return a < b ? a * R + b : b * R + a;
  }

  /** Whether rings a ≠ b have no finding between them yet; if so, the caller's is now theirs. */
  claim(a: number, b: number): boolean {
    const key = this.pairKey(a, b);
    if (this.related.has(key)) return false;
    this.related.add(key);
    return true;
  }

  /** The rings of edges sa and sb cross at (x, y), or run along each other from there (enclosing ground twice). */
  meet(sa: number, sb: number, what: 'crosses' | 'runs along', x: number, y: number): void {
    const { ringOf, partOf, isHole } = this.layout;
    const edgeName = (s: number) => this.layout.edgeName(s);
    const nameOf = (r: number) => this.layout.nameOf(r);
    const ra = ringOf[sa]!,
      rb = ringOf[sb]!;
    if (ra === rb) {
      const message =
        what === 'crosses'
          ? `ring crosses itself: edge ${edgeName(sa)} crosses edge ${edgeName(sb)} at ${pointText(x, y)}`
          : `ring runs along itself: edges ${edgeName(sa)} and ${edgeName(sb)} overlap from ${pointText(x, y)}, enclosing that ground twice`;
      this.findings.emit('SELF_INTERSECTION', ra, this.layout.vertexName(sa), message, [x, y]);
      return;
    }
    if (!this.claim(ra, rb)) return;
    if (partOf[ra] === partOf[rb]) this.partsRelated.add(partOf[ra]!);
    // Two rings that cross are reported so even where they also share an edge.
    this.sharedPairs.delete(this.pairKey(ra, rb));
    // The finding goes on the later ring: a hole rather than its shell, the later polygon.
    const [r1, s1, r2, s2] = ra < rb ? [ra, sa, rb, sb] : [rb, sb, ra, sa];
    if (partOf[r1] !== partOf[r2]) {
      this.findings.emit(
        'OVERLAPPING_POLYGONS',
        r2,
        this.layout.vertexName(s2),
        `polygons overlap: edge ${edgeName(s2)} of ${nameOf(r2)} ${what} edge ${edgeName(s1)} of ${nameOf(r1)} at ${pointText(x, y)}`,
        [x, y],
      );
    } else if (!isHole[r1] || !isHole[r2]) {
      const [hole, hs, shell, ss] = isHole[r1] ? [r1, s1, r2, s2] : [r2, s2, r1, s1];
      this.findings.emit(
        'HOLE_OUTSIDE_SHELL',
        hole,
        this.layout.vertexName(hs),
        `${nameOf(hole)} ${what} ${nameOf(shell)} (edge ${edgeName(hs)} and edge ${edgeName(ss)}) at ${pointText(x, y)}, so part of it lies outside`,
        [x, y],
      );
    } else {
      this.findings.emit(
        'OVERLAPPING_HOLES',
        r2,
        this.layout.vertexName(s2),
        `${nameOf(r1)} and ${nameOf(r2)} overlap: edge ${edgeName(s2)} ${what} edge ${edgeName(s1)} at ${pointText(x, y)}`,
        [x, y],
      );
    }
  }

  /** The rings of edges sa and sb (different rings) run along each other on opposite sides from (x, y) to (xe, ye). */
  shareEdge(sa: number, sb: number, x: number, y: number, xe: number, ye: number): void {
    const { ringOf, partOf } = this.layout;
    const ra = ringOf[sa]!,
      rb = ringOf[sb]!;
    const key = this.pairKey(ra, rb);
    if (this.related.has(key) || this.sharedPairs.has(key)) return;
    if (partOf[ra] === partOf[rb]) this.partsRelated.add(partOf[ra]!);
    const [r1, s1, r2, s2] = ra < rb ? [ra, sa, rb, sb] : [rb, sb, ra, sa];
    const { layout } = this;
    this.sharedPairs.set(key, () =>
      this.findings.emit(
        'SHARED_EDGE',
        r2,
        layout.vertexName(s2),
        `${layout.nameOf(r2)} and ${layout.nameOf(r1)} share an edge from ${pointText(x, y)} to ${pointText(xe, ye)} (edges ${layout.edgeName(s2)} and ${layout.edgeName(s1)}): rings may touch at points, not along lines`,
        [x, y],
      ),
    );
  }

  /** Reports the shared edges of the pairs of rings that turned out not to cross. */
  reportSharedEdges(): void {
    for (const [key, report] of this.sharedPairs) {
      this.related.add(key);
      report();
    }
  }
}
