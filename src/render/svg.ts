/** Escapes text for an XML text node or attribute value. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A pixel coordinate as SVG writes it: at most one decimal (a tenth of a pixel is below what any renderer shows). */
export function px(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

type Attrs = Record<string, string | number | undefined>;

/** One SVG element as text; attributes that are `undefined` are left out, numbers go through {@link px}. */
export function el(tag: string, attrs: Attrs, children: string | string[] = ''): string {
  const list = Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${typeof v === 'number' ? px(v) : escapeXml(v!)}"`)
    .join('');
  const body = Array.isArray(children) ? children.join('') : children;
  return body === '' ? `<${tag}${list}/>` : `<${tag}${list}>${body}</${tag}>`;
}

/** A number of km² with thousands separators and one decimal, as the CLI tables print them (e.g. `3,782.7`). */
export function formatKm2(km2: number): string {
  const fixed = Math.abs(km2).toFixed(1);
  const [whole, decimals] = fixed.split('.') as [string, string];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${km2 < 0 && fixed !== '0.0' ? '−' : ''}${grouped}.${decimals}`;
}
