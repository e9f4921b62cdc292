/**
 * Claims about a timeline: "Russia took about 4,000 km² in 2024". Like the fraction claims of
 * claim.ts, the statement is checked reading by reading, each an explicit definition: which
 * measure (ground gained, lost, or the net change of the area held), of which controller,
 * between which two dates, optionally inside one region. Each reading is worked out from the
 * timeline's rows and compared with the stated number and tolerance (km²).
 *
 * A reading from A to B sums the steps whose date is after A and on or before B: the ground
 * gained and lost between the snapshot of A and the snapshot of B. When the timeline has no
 * snapshot on A or B, the last one before is used, and the result says which dates it used.
 */
import { FrontlineError, describeValue } from '../errors.js';
import type { TimelineRow } from './timeline.js';
import type { TimelineRegionRow } from './timeline-regions.js';

export type TimelineMeasure = 'gained' | 'lost' | 'net';

/** One explicit reading of a timeline claim. */
export interface TimelineClaimReading {
  id: string;
  name: string;
  description?: string;
  measure: TimelineMeasure;
  controller: string;
  /** `YYYY-MM-DD`: the reading runs from the snapshot of this day (exclusive)... */
  from: string;
  /** ...to the snapshot of this day (inclusive). */
  to: string;
  /** Only inside this region (the timeline must be split by regions). */
  region?: string;
}

/** A statement about an area over time, in km², with the readings it admits. */
export interface TimelineClaim {
  id: string;
  text: string;
  source: string;
  statedKm2: number;
  /** How far (km²) a reading may be from the stated number and still be "about" it. */
  toleranceKm2: number;
  readings: TimelineClaimReading[];
}

export interface TimelineReadingResult extends TimelineClaimReading {
  /** The snapshots actually used (the last on or before `from` and `to`). */
  fromUsed: string;
  toUsed: string;
  valueKm2: number;
  /** valueKm2 − statedKm2. */
  deviationKm2: number;
  /** |deviation| ≤ tolerance. */
  about: boolean;
}

export interface TimelineClaimCheck {
  claim: { id: string; text: string; source: string; statedKm2: number; toleranceKm2: number };
  method: 'ellipsoidal';
  readings: TimelineReadingResult[];
}

const MEASURES: readonly TimelineMeasure[] = ['gained', 'lost', 'net'];
const CLAIM_KEYS = ['id', 'text', 'source', 'statedKm2', 'toleranceKm2', 'readings'];
const READING_KEYS = ['id', 'name', 'description', 'measure', 'controller', 'from', 'to', 'region'];

function invalid(message: string, where: string): never {
  throw new FrontlineError('INVALID_CLAIM', `${message} at ${where}`, { where });
}

const isDate = (v: unknown): v is string =>
  typeof v === 'string' &&
  /^\d{4}-\d{2}-\d{2}$/.test(v) &&
  !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
  new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

/**
 * Whether a parsed JSON value is meant as a timeline claim (it states km², not a fraction).
 */
export function isTimelineClaim(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'statedKm2' in value;
}

/**
 * Checks that a value is a well-formed {@link TimelineClaim} and returns it typed. Strict on
 * keys, as claim.ts is: a misspelt `"regoin"` would otherwise widen a reading to the whole map.
 *
 * @throws FrontlineError `INVALID_CLAIM` whose `where` is the path of the bad element
 */
export function validateTimelineClaim(value: unknown): TimelineClaim {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid('claim must be an object', 'claim');
  const c = value as Record<string, unknown>;
  const extra = Object.keys(c).filter((k) => !CLAIM_KEYS.includes(k));
  if (extra.length > 0)
    invalid(`unexpected key${extra.length > 1 ? 's' : ''} ${extra.map((k) => JSON.stringify(k)).join(', ')} (allowed: ${CLAIM_KEYS.join(', ')})`, 'claim');
  if (typeof c.id !== 'string' || c.id === '') invalid('id must be a non-empty string', 'id');
  if (typeof c.text !== 'string') invalid('text must be a string', 'text');
  if (typeof c.source !== 'string') invalid('source must be a string', 'source');
  if (typeof c.statedKm2 !== 'number' || !Number.isFinite(c.statedKm2))
    invalid(`statedKm2 must be a finite number of km², got ${describeValue(c.statedKm2)}`, 'statedKm2');
  if (typeof c.toleranceKm2 !== 'number' || !Number.isFinite(c.toleranceKm2) || c.toleranceKm2 < 0)
    invalid(`toleranceKm2 must be a finite number ≥ 0, got ${describeValue(c.toleranceKm2)}`, 'toleranceKm2');
  if (!Array.isArray(c.readings) || c.readings.length === 0) invalid('readings must be a non-empty array', 'readings');
  const ids = new Set<string>();
  (c.readings as unknown[]).forEach((r, i) => {
    const at = `readings[${i}]`;
    if (typeof r !== 'object' || r === null || Array.isArray(r)) invalid('reading must be an object', at);
    const reading = r as Record<string, unknown>;
    const unknown = Object.keys(reading).filter((k) => !READING_KEYS.includes(k));
    if (unknown.length > 0)
      invalid(`unexpected key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => JSON.stringify(k)).join(', ')} (allowed: ${READING_KEYS.join(', ')})`, at);
    if (typeof reading.id !== 'string' || reading.id === '') invalid('id must be a non-empty string', `${at}.id`);
    if (ids.has(reading.id)) invalid(`reading id "${reading.id}" is used twice`, `${at}.id`);
    ids.add(reading.id);
    if (typeof reading.name !== 'string') invalid('name must be a string', `${at}.name`);
    if (reading.description !== undefined && typeof reading.description !== 'string') invalid('description must be a string', `${at}.description`);
    if (!MEASURES.includes(reading.measure as TimelineMeasure))
      invalid(`measure must be one of ${MEASURES.join(', ')}, got ${describeValue(reading.measure)}`, `${at}.measure`);
    if (typeof reading.controller !== 'string' || reading.controller === '') invalid('controller must be a non-empty string', `${at}.controller`);
    if (!isDate(reading.from)) invalid(`from must be a real date written YYYY-MM-DD, got ${describeValue(reading.from)}`, `${at}.from`);
    if (!isDate(reading.to)) invalid(`to must be a real date written YYYY-MM-DD, got ${describeValue(reading.to)}`, `${at}.to`);
    if (!((reading.from as string) < (reading.to as string))) invalid(`from (${reading.from}) must come before to (${reading.to})`, at);
    if (reading.region !== undefined && (typeof reading.region !== 'string' || reading.region === ''))
      invalid('region must be a non-empty string', `${at}.region`);
  });
  return value as TimelineClaim;
}

/**
 * Works out every reading of a timeline claim from a timeline's rows.
 *
 * @param claim the claim (checked with {@link validateTimelineClaim})
 * @param timeline its rows, and its region rows for readings inside a region
 * @throws FrontlineError `INVALID_CLAIM` for a malformed claim, a reading whose dates lie
 *   before the timeline's first snapshot, a controller or region the timeline never had
 * @example
 * const t = await computeTimeline(sources, { profile: DEEPSTATE_PROFILE });
 * checkTimelineClaim(claim, t).readings.map((r) => [r.id, r.valueKm2, r.about]);
 */
export function checkTimelineClaim(
  claim: TimelineClaim,
  timeline: { rows: readonly TimelineRow[]; regionRows?: readonly TimelineRegionRow[] },
): TimelineClaimCheck {
  validateTimelineClaim(claim);
  const dates = [...new Set(timeline.rows.map((r) => r.date))].sort();
  if (dates.length === 0) throw new FrontlineError('INVALID_CLAIM', 'the timeline has no rows to check the claim against');
  const controllers = new Set(timeline.rows.map((r) => r.controller));
  const regions = new Set((timeline.regionRows ?? []).map((r) => r.region));
  const lastOnOrBefore = (date: string, where: string): string => {
    let found: string | undefined;
    for (const d of dates) if (d <= date) found = d;
    if (found === undefined)
      throw new FrontlineError(
        'INVALID_CLAIM',
        `${date} is before the timeline's first snapshot (${dates[0]}): nothing is known of what was held then; start the reading on or after it`,
        { where },
      );
    return found;
  };
  const readings = claim.readings.map((r, i): TimelineReadingResult => {
    const at = `readings[${i}]`;
    if (!controllers.has(r.controller)) {
      throw new FrontlineError(
        'INVALID_CLAIM',
        `reading "${r.id}": the timeline has no controller "${r.controller}" (controllers: ${[...controllers].sort().join(', ')})`,
        { where: `${at}.controller` },
      );
    }
    let rows: readonly (TimelineRow | TimelineRegionRow)[] = timeline.rows;
    if (r.region !== undefined) {
      if (!regions.has(r.region)) {
        const known = [...regions].slice(0, 12).join(', ');
        throw new FrontlineError(
          'INVALID_CLAIM',
          `reading "${r.id}": no region "${r.region}" in the timeline (${known ? `regions: ${known}` : 'split it by regions first: --regions FILE --region-property NAME'})`,
          { where: `${at}.region` },
        );
      }
      rows = (timeline.regionRows ?? []).filter((x) => x.region === r.region);
    }
    rows = rows.filter((x) => x.controller === r.controller);
    const fromUsed = lastOnOrBefore(r.from, `${at}.from`);
    const toUsed = lastOnOrBefore(r.to, `${at}.to`);
    const within = rows.filter((x) => x.date > fromUsed && x.date <= toUsed);
    const areaOn = (date: string): number => rows.find((x) => x.date === date)?.areaKm2 ?? 0;
    const valueKm2 =
      r.measure === 'gained'
        ? within.reduce((s, x) => s + (x.gainedKm2 ?? 0), 0)
        : r.measure === 'lost'
          ? within.reduce((s, x) => s + (x.lostKm2 ?? 0), 0)
          : areaOn(toUsed) - areaOn(fromUsed);
    const deviationKm2 = valueKm2 - claim.statedKm2;
    return { ...r, fromUsed, toUsed, valueKm2, deviationKm2, about: Math.abs(deviationKm2) <= claim.toleranceKm2 };
  });
  return {
    claim: { id: claim.id, text: claim.text, source: claim.source, statedKm2: claim.statedKm2, toleranceKm2: claim.toleranceKm2 },
    method: 'ellipsoidal',
    readings,
  };
}
