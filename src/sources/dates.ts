/**
 * The date of a snapshot, from where a source puts it: its file name (`YYYYMMDD`, ISO
 * `YYYY-MM-DD`, or a Unix timestamp read as UTC) or a property of the data. Dates are
 * `YYYY-MM-DD` everywhere past this module.
 */
import { FrontlineError } from '../errors.js';

/** How a file name carries its date. */
export type NameDateFormat = 'auto' | 'yyyymmdd' | 'iso' | 'unix' | 'unix-ms';

export const NAME_DATE_FORMATS: readonly NameDateFormat[] = ['auto', 'yyyymmdd', 'iso', 'unix', 'unix-ms'];

/**
 * The date a file name carries: by default (`auto`) the last `YYYY-MM-DD` or `YYYYMMDD`
 * (eight digits standing alone) in it that is a real date, as `YYYY-MM-DD`; `unix` and
 * `unix-ms`: the last number standing alone read as seconds (or milliseconds) since
 * 1970-01-01 UTC, the UTC day it falls on. Undefined if there is none.
 *
 * @example
 * dateFromName('deepstatemap_data_20240708.geojson'); // '2024-07-08'
 * dateFromName('front-2024-07-08.topo.json');          // '2024-07-08'
 * dateFromName('1714512461.geojson', 'unix');          // '2024-04-30' (21:27:41 UTC)
 */
export function dateFromName(name: string, format: NameDateFormat = 'auto'): string | undefined {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  if (format === 'unix' || format === 'unix-ms') {
    const found = [...base.matchAll(/(?<!\d)\d+(?!\d)/g)].pop();
    return found ? dateFromTimestamp(Number(found[0]) * (format === 'unix' ? 1000 : 1)) : undefined;
  }
  const pattern =
    format === 'iso'
      ? /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/g
      : format === 'yyyymmdd'
        ? /(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)/g
        : /(?<!\d)(\d{4})-?(\d{2})-?(\d{2})(?!\d)/g;
  const found = [...base.matchAll(pattern)]
    .filter((m) => (m[0].length === 8 || m[0].length === 10) && realDate(Number(m[1]), Number(m[2]), Number(m[3])))
    .pop();
  return found ? `${found[1]}-${found[2]}-${found[3]}` : undefined;
}

/**
 * Timestamps outside these years are refused: a ten-digit number in a name that is not a
 * capture time (an id, a size) reads as a date in 1970 or 2286, never as one a map can be from.
 */
const FIRST_YEAR = 1990;
const LAST_YEAR = 2100;

/** The UTC day of a time in milliseconds since 1970, or undefined outside 1990–2100. */
export function dateFromTimestamp(ms: number): string | undefined {
  if (!Number.isFinite(ms)) return undefined;
  const t = new Date(ms);
  const year = t.getUTCFullYear();
  if (year < FIRST_YEAR || year > LAST_YEAR) return undefined;
  return t.toISOString().slice(0, 10);
}

/**
 * The instant a file name carries, in milliseconds, when the format is a timestamp: files of
 * one day are ordered by it (see `duplicates` in a profile's date rule).
 */
export function timestampFromName(name: string, format: NameDateFormat): number | undefined {
  if (format !== 'unix' && format !== 'unix-ms') return undefined;
  const found = [...name.matchAll(/(?<!\d)\d+(?!\d)/g)].pop();
  return found ? Number(found[0]) * (format === 'unix' ? 1000 : 1) : undefined;
}

/** `YYYY-MM-DD`, `YYYYMMDD` or an ISO timestamp's date part, as `YYYY-MM-DD`, if it is a real date. */
export function normaliseDate(value: string): string | undefined {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(value);
  if (!m || !realDate(Number(m[1]), Number(m[2]), Number(m[3]))) return undefined;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/** A date given by the caller, checked: `YYYY-MM-DD` or `YYYYMMDD`, as `YYYY-MM-DD`. */
export function requireDate(value: string, what: string, where?: string): string {
  const date = normaliseDate(value);
  if (date === undefined) {
    throw new FrontlineError('INVALID_TIMELINE', `${what}: date ${JSON.stringify(value)} is not a real date written YYYY-MM-DD or YYYYMMDD`, {
      where: where ?? what,
    });
  }
  return date;
}

export function realDate(y: number, m: number, d: number): boolean {
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** Where a snapshot's date is found. */
export interface DateRule {
  /** How the file name writes it; default `auto` (`YYYYMMDD` or `YYYY-MM-DD`). */
  name?: NameDateFormat;
  /** Property of the collection, or of its first feature, holding the date when the name has none; default `date`. */
  property?: string;
}

/**
 * A snapshot's date: the one given with the source, else from its name, else from the
 * collection's (or its first feature's) date property.
 *
 * @throws FrontlineError `INVALID_TIMELINE` when none is found or one found is not a real date
 */
export function snapshotDate(source: { name?: string; date?: string }, data: object, firstProperties: unknown, name: string, rule: DateRule = {}): string {
  const property = rule.property ?? 'date';
  if (source.date !== undefined) return requireDate(source.date, name);
  const fromName = source.name === undefined ? undefined : dateFromName(source.name, rule.name);
  if (fromName !== undefined) return fromName;
  const candidates = [(data as Record<string, unknown>)[property], (firstProperties as Record<string, unknown> | null | undefined)?.[property]];
  for (const value of candidates) {
    if (typeof value !== 'string') continue;
    const date = normaliseDate(value);
    if (date === undefined) {
      throw new FrontlineError('INVALID_TIMELINE', `${name}: "${property}" ${JSON.stringify(value)} is not a real date written YYYY-MM-DD or YYYYMMDD`, {
        where: name,
      });
    }
    return date;
  }
  const named =
    rule.name === 'unix' || rule.name === 'unix-ms'
      ? `a Unix timestamp in ${rule.name === 'unix' ? 'seconds' : 'milliseconds'} (1714512461.geojson)`
      : '…_20240708.geojson or …2024-07-08…';
  throw new FrontlineError(
    'INVALID_TIMELINE',
    `${name}: no date: put it in the name (${named}), or give the collection or its first feature a "${property}" of YYYY-MM-DD`,
    {
      where: name,
    },
  );
}
