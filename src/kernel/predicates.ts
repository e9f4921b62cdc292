/**
 * The kernel's one orientation predicate, exact for any finite doubles: a floating-point
 * determinant with Shewchuk's error bound ("Adaptive Precision Floating-Point Arithmetic and
 * Fast Robust Geometric Predicates", 1997), and where the bound cannot decide, the same
 * determinant in BigInt on the exact binary values of the coordinates. Grid integers are
 * doubles too, so the same predicate serves coordinates in degrees and on the grid (grid.ts).
 */

/** Shewchuk's bound on the error of the floating-point 2×2 determinant below, (3 + 16ε)ε. */
const ORIENT_BOUND = 3.3306690738754716e-16;

/**
 * Sign of the turn a → b → c: 1 counter-clockwise, −1 clockwise, 0 collinear, exact for any
 * finite doubles.
 */
export function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const l = (ax - cx) * (by - cy);
  const r = (ay - cy) * (bx - cx);
  const det = l - r;
  const bound = ORIENT_BOUND * (Math.abs(l) + Math.abs(r));
  // Products near the bottom of the double range lose digits the bound does not count.
  if (bound > 1e-280) {
    if (det > bound) return 1;
    if (-det > bound) return -1;
  } else if (l === 0 && r === 0 && (ax === cx || by === cy) && (ay === cy || bx === cx)) {
    return 0;
  }
  return orientExact(ax, ay, bx, by, cx, cy);
}

const scratch = new DataView(new ArrayBuffer(8));

/** A double as an exact integer: its value times 2^1074. */
function exact(v: number): bigint {
  if (v === 0) return 0n;
  scratch.setFloat64(0, v);
  const hi = scratch.getUint32(0),
    lo = scratch.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let shift = 0;
  if (biased !== 0) {
    mantissa |= 1n << 52n;
    shift = biased - 1;
  }
  const value = mantissa << BigInt(shift);
  return hi >>> 31 ? -value : value;
}

function orientExact(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const X = exact(cx),
    Y = exact(cy);
  const det = (exact(ax) - X) * (exact(by) - Y) - (exact(ay) - Y) * (exact(bx) - X);
  return det > 0n ? 1 : det < 0n ? -1 : 0;
}

/**
 * Whether the path p → v → q turns straight back at v: the three collinear (exactly) and p and
 * q on the same side of v, so that v → q runs back along p → v (a spike of zero width). Signs
 * of differences of doubles are exact, so the side is decided exactly too.
 */
export function turnsBack(px: number, py: number, vx: number, vy: number, qx: number, qy: number): boolean {
  return Math.sign(px - vx) === Math.sign(qx - vx) && Math.sign(py - vy) === Math.sign(qy - vy) && orient(px, py, vx, vy, qx, qy) === 0;
}

/**
 * The determinant (b − a) × (c − a) in floating point: twice the signed area of the triangle
 * a b c, whose size places a crossing along a segment. Its sign is only as good as its
 * rounding: decide turns with {@link orient}.
 */
export function cross(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

/** Whether the closed segments ab and cd meet (touching included), decided exactly. */
export function segmentsMeet(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): boolean {
  if (Math.max(ax, bx) < Math.min(cx, dx) || Math.max(cx, dx) < Math.min(ax, bx) || Math.max(ay, by) < Math.min(cy, dy) || Math.max(cy, dy) < Math.min(ay, by))
    return false;
  const o1 = orient(ax, ay, bx, by, cx, cy);
  const o2 = orient(ax, ay, bx, by, dx, dy);
  const o3 = orient(cx, cy, dx, dy, ax, ay);
  const o4 = orient(cx, cy, dx, dy, bx, by);
  return !(o1 * o2 > 0 || o3 * o4 > 0);
}
