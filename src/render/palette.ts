/**
 * Okabe & Ito's eight colours ("Color Universal Design", 2008): distinguishable with the
 * common forms of colour-blindness. Maps pair them with a pattern (stripes, dots) wherever
 * the colour alone would carry a meaning, so that nothing rests on hue.
 */
export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

/** The order controllers without an assigned colour take colours in (yellow last: weak on white). */
export const CONTROLLER_COLOURS: readonly string[] = [
  OKABE_ITO.blue,
  OKABE_ITO.orange,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.vermillion,
  OKABE_ITO.skyBlue,
  OKABE_ITO.yellow,
];

/** `colour` (`#rrggbb`) mixed with white: `amount` 0 gives the colour, 1 gives white. */
export function tint(colour: string, amount: number): string {
  const m = /^#([0-9a-f]{6})$/i.exec(colour);
  if (!m) return colour;
  const n = parseInt(m[1]!, 16);
  const mix = (c: number) => Math.round(c + (255 - c) * amount);
  const channels = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map(mix);
  return `#${channels.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * A colour for each name: the one `assigned` gives it, else the next of
 * {@link CONTROLLER_COLOURS} not assigned to another name (cycling when they run out).
 */
export function assignColours(names: readonly string[], assigned: Readonly<Record<string, string>> = {}): Map<string, string> {
  const used = new Set(names.map((n) => own(assigned, n)).filter((c): c is string => c !== undefined));
  const free = CONTROLLER_COLOURS.filter((c) => !used.has(c));
  const pool = free.length > 0 ? free : CONTROLLER_COLOURS;
  let next = 0;
  return new Map(names.map((n) => [n, own(assigned, n) ?? pool[next++ % pool.length]!]));
}

/**
 * `record[key]` when the record itself has the key: controller and layer names are data, and a
 * controller called `toString` or `__proto__` must not find what every object inherits.
 */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}
