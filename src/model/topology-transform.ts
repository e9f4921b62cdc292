// Apart from layer.ts, so that reading a TopoJSON snapshot does not load the TopoJSON writer.

const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/**
 * What is wrong with a TopoJSON `transform`, or null when it is absent or usable: scale and
 * translate are pairs of finite numbers, and the scale is not zero (a zero scale puts every
 * position of a quantized topology at one point, and every area at 0).
 */
export function transformProblem(transform: unknown): string | null {
  if (transform === undefined) return null;
  const t = transform as { scale?: unknown; translate?: unknown } | null;
  const pair = (v: unknown) => Array.isArray(v) && v.length >= 2 && finite(v[0]) && finite(v[1]);
  if (!(typeof t === 'object' && t !== null && !Array.isArray(t)) || !pair(t.scale) || !pair(t.translate))
    return 'transform must be {"scale": [x, y], "translate": [x, y]} with finite numbers';
  const scale = t.scale as number[];
  if (scale[0] === 0 || scale[1] === 0)
    return `transform scale ${JSON.stringify(scale.slice(0, 2))} has a zero: every position would collapse onto one line or point`;
  return null;
}
