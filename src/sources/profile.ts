/**
 * Source profiles: how to read one source's files as timeline snapshots, declared as data
 * (JSON) rather than code. A profile says where the date is, which features belong to which
 * controller (by property value or pattern, on several properties, or by colour), which to
 * ignore and why, how to treat polygons of one controller that overlap, and optionally an
 * area of interest outside which polygons are dropped. Reading a file through a profile gives,
 * beside the snapshot, a report of every class of feature seen and what was done with it
 * (see `SnapshotReading` in timeline-source.ts), so that nothing is dropped silently.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import { FrontlineError, describeValue } from '../errors.js';
import { NAME_DATE_FORMATS, type DateRule } from './dates.js';

/** A test on a feature's properties. Text is compared after {@link normaliseText}. */
export type Condition =
  /** The property (or any of them) equals one of the values, ignoring case. */
  | { property: string | string[]; equals: string | string[] }
  /** The property (or any of them) matches the regular expression (Unicode, ignoring case). */
  | { property: string | string[]; pattern: string }
  | { any: Condition[] }
  | { all: Condition[] }
  | { not: Condition };

/** One rule: features it matches go to `controller`, or are ignored for the reason given. */
export interface ClassRule {
  /** Names the rule in reports: `occupied (translation key)`. */
  label?: string;
  when: Condition;
  controller?: string;
  /** Why features it matches are not ground anyone holds (`legend`, `another conflict`). */
  ignore?: string;
}

/** Polygons outside this area are dropped, and reported. */
export interface AreaOfInterestSpec {
  /** Named in reports: `Ukraine in its 1991 borders`. */
  name?: string;
  /** A GeoJSON file of polygons (read by `frontline/node`, relative to the profile file). */
  file?: string;
  /** A built-in area (see `BUILTIN_AREAS`). */
  builtin?: string;
  /** Only the features of `file` whose `property` is one of `values` (e.g. `ADMIN`, `["Ukraine"]`). */
  property?: string;
  values?: string[];
}

/**
 * How to read a source. Controllers come from exactly one of: `controller` (every polygon is
 * that controller's), `controllerProperty` (a property names it), or `rules` (the first rule
 * that matches decides; a polygon no rule matches stops the run unless unmapped classes are
 * allowed). Without any of them, the timeline's own options decide (a `controller` property,
 * else one controller).
 */
export interface SourceProfile {
  name: string;
  description?: string;
  /** Where the date is; `duplicates: 'last'` keeps the latest file of a day (by its timestamp, else its name) and reports the others. */
  date?: DateRule & { duplicates?: 'error' | 'last' };
  controller?: string;
  controllerProperty?: string;
  rules?: ClassRule[];
  /**
   * Properties whose values name a feature's class in the report (default: those the rules
   * read, else the controller property).
   */
  classBy?: string[];
  /**
   * `refuse` (default): polygons of one controller must not overlap (their ground would be
   * counted twice), as in any timeline. `union`: they are united before they are measured,
   * for sources drawn by hand where shapes of one kind overlap; the ground drawn twice is
   * reported with each file.
   */
  overlaps?: 'refuse' | 'union';
  areaOfInterest?: AreaOfInterestSpec;
}

/** An area of interest ready to test polygons against. */
export interface AreaOfInterest {
  name: string;
  geometry: Polygon | MultiPolygon;
}

const PROFILE_KEYS = ['name', 'description', 'date', 'controller', 'controllerProperty', 'rules', 'classBy', 'overlaps', 'areaOfInterest'];
const DATE_KEYS = ['name', 'property', 'duplicates'];
const RULE_KEYS = ['label', 'when', 'controller', 'ignore'];
const AREA_KEYS = ['name', 'file', 'builtin', 'property', 'values'];

function invalid(message: string, where: string, profile: string): never {
  throw new FrontlineError('INVALID_PROFILE', `profile ${profile}: ${message} at ${where}`, { where });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks that a value is a well-formed {@link SourceProfile} and returns it typed. Strict on
 * keys: a misspelt `"controler"` or `"patern"` would otherwise silently change what is read.
 *
 * @param value parsed JSON
 * @param origin named in errors (a file name)
 * @throws FrontlineError `INVALID_PROFILE` naming the path of the bad element, e.g. `rules[3].when.any[1]`
 */
export function validateProfile(value: unknown, origin = 'profile'): SourceProfile {
  const fail = (message: string, where: string): never => invalid(message, where, origin);
  const keys = (v: Record<string, unknown>, allowed: string[], where: string): void => {
    const extra = Object.keys(v).filter((k) => !allowed.includes(k));
    if (extra.length > 0)
      fail(`unexpected key${extra.length > 1 ? 's' : ''} ${extra.map((k) => JSON.stringify(k)).join(', ')} (allowed: ${allowed.join(', ')})`, where);
  };
  const text = (v: unknown, where: string): string =>
    typeof v === 'string' && v !== '' ? v : fail(`expected a non-empty string, got ${describeValue(v)}`, where);
  if (!isObject(value)) return fail('a profile is a JSON object', 'profile');
  keys(value, PROFILE_KEYS, 'profile');
  text(value.name, 'name');
  if (value.description !== undefined && typeof value.description !== 'string') fail('expected a string', 'description');
  if (value.date !== undefined) {
    if (!isObject(value.date)) fail('expected an object { name?, property?, duplicates? }', 'date');
    const date = value.date as Record<string, unknown>;
    keys(date, DATE_KEYS, 'date');
    if (date.name !== undefined && !NAME_DATE_FORMATS.includes(date.name as never))
      fail(`expected one of ${NAME_DATE_FORMATS.join(', ')}, got ${describeValue(date.name)}`, 'date.name');
    if (date.property !== undefined) text(date.property, 'date.property');
    if (date.duplicates !== undefined && date.duplicates !== 'error' && date.duplicates !== 'last')
      fail(`expected "error" or "last", got ${describeValue(date.duplicates)}`, 'date.duplicates');
  }
  const ways = ['controller', 'controllerProperty', 'rules'].filter((k) => value[k] !== undefined);
  if (ways.length > 1) fail(`give one of controller, controllerProperty and rules, not ${ways.join(' and ')}`, 'profile');
  if (value.controller !== undefined) text(value.controller, 'controller');
  if (value.controllerProperty !== undefined) text(value.controllerProperty, 'controllerProperty');
  if (value.rules !== undefined) {
    if (!Array.isArray(value.rules) || value.rules.length === 0) fail('expected a non-empty array of rules', 'rules');
    (value.rules as unknown[]).forEach((r, i) => {
      const at = `rules[${i}]`;
      if (!isObject(r)) return fail('a rule is an object { when, controller } or { when, ignore }', at);
      keys(r, RULE_KEYS, at);
      if (r.label !== undefined) text(r.label, `${at}.label`);
      if ((r.controller === undefined) === (r.ignore === undefined)) fail('a rule gives either a controller or a reason to ignore', at);
      if (r.controller !== undefined) text(r.controller, `${at}.controller`);
      if (r.ignore !== undefined) text(r.ignore, `${at}.ignore`);
      checkCondition(r.when, `${at}.when`, fail);
    });
  }
  if (value.classBy !== undefined) {
    if (!Array.isArray(value.classBy) || value.classBy.length === 0) fail('expected a non-empty array of property names', 'classBy');
    (value.classBy as unknown[]).forEach((p, i) => text(p, `classBy[${i}]`));
  }
  if (value.overlaps !== undefined && value.overlaps !== 'refuse' && value.overlaps !== 'union')
    fail(`expected "refuse" or "union", got ${describeValue(value.overlaps)}`, 'overlaps');
  if (value.areaOfInterest !== undefined) {
    if (!isObject(value.areaOfInterest)) fail('expected an object { file | builtin, property?, values?, name? }', 'areaOfInterest');
    const a = value.areaOfInterest as Record<string, unknown>;
    keys(a, AREA_KEYS, 'areaOfInterest');
    if ((a.file === undefined) === (a.builtin === undefined)) fail('give either a file or a builtin area', 'areaOfInterest');
    if (a.file !== undefined) text(a.file, 'areaOfInterest.file');
    if (a.builtin !== undefined) text(a.builtin, 'areaOfInterest.builtin');
    if (a.name !== undefined) text(a.name, 'areaOfInterest.name');
    if ((a.property === undefined) !== (a.values === undefined)) fail('property and values go together', 'areaOfInterest');
    if (a.property !== undefined) text(a.property, 'areaOfInterest.property');
    if (a.values !== undefined) {
      if (!Array.isArray(a.values) || a.values.length === 0) fail('expected a non-empty array of strings', 'areaOfInterest.values');
      (a.values as unknown[]).forEach((v, i) => text(v, `areaOfInterest.values[${i}]`));
    }
  }
  return value as unknown as SourceProfile;
}

function checkCondition(value: unknown, where: string, fail: (message: string, where: string) => never, depth = 0): void {
  if (depth > 16) fail('conditions nested more than 16 deep', where);
  if (!isObject(value)) fail('a condition is an object: { property, equals }, { property, pattern }, { any }, { all } or { not }', where);
  const keys = Object.keys(value).sort().join(',');
  switch (keys) {
    case 'equals,property':
    case 'pattern,property': {
      const props = Array.isArray(value.property) ? value.property : [value.property];
      if (props.length === 0 || props.some((p) => typeof p !== 'string' || p === ''))
        fail('property is a name or a non-empty array of names', `${where}.property`);
      if ('pattern' in value) {
        if (typeof value.pattern !== 'string' || value.pattern === '') fail('pattern is a non-empty regular expression', `${where}.pattern`);
        try {
          new RegExp(value.pattern as string, 'iu');
        } catch (cause) {
          fail(`pattern is not a regular expression: ${(cause as Error).message}`, `${where}.pattern`);
        }
      } else {
        const values = Array.isArray(value.equals) ? value.equals : [value.equals];
        if (values.length === 0 || values.some((v) => typeof v !== 'string')) fail('equals is a string or a non-empty array of strings', `${where}.equals`);
      }
      return;
    }
    case 'any':
    case 'all': {
      const list = value[keys];
      if (!Array.isArray(list) || list.length === 0) fail(`${keys} is a non-empty array of conditions`, `${where}.${keys}`);
      (list as unknown[]).forEach((c, i) => checkCondition(c, `${where}.${keys}[${i}]`, fail, depth + 1));
      return;
    }
    case 'not':
      checkCondition(value.not, `${where}.not`, fail, depth + 1);
      return;
    default:
      fail(`a condition is { property, equals }, { property, pattern }, { any }, { all } or { not } (got keys: ${keys || 'none'})`, where);
  }
}

/**
 * Text as rules compare it: Unicode NFKC (so that full-width or composed letters compare
 * equal), every run of white space (no-break spaces, line ends) one space, trimmed. Exports
 * of hand-edited maps carry such differences between features of one kind.
 */
export function normaliseText(value: unknown): string {
  if (typeof value === 'string') return value.normalize('NFKC').replace(/\s+/gu, ' ').trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

/** A feature's properties as rules see them. */
type Properties = Record<string, unknown> | null | undefined;

/** A profile's rules, compiled: regular expressions built once, every property name read once. */
export interface CompiledRules {
  /** The rule deciding a feature, or undefined when none matches. */
  match(properties: Properties): { index: number; rule: ClassRule } | undefined;
  /** Properties the rules read, in the order first met. */
  properties: string[];
}

export function compileRules(rules: readonly ClassRule[]): CompiledRules {
  const read = new Set<string>();
  const compile = (c: Condition): ((p: Properties) => boolean) => {
    if ('any' in c) {
      const parts = c.any.map(compile);
      return (p) => parts.some((t) => t(p));
    }
    if ('all' in c) {
      const parts = c.all.map(compile);
      return (p) => parts.every((t) => t(p));
    }
    if ('not' in c) {
      const inner = compile(c.not);
      return (p) => !inner(p);
    }
    const names = Array.isArray(c.property) ? c.property : [c.property];
    for (const n of names) read.add(n);
    if ('pattern' in c) {
      const re = new RegExp(c.pattern, 'iu');
      return (p) => names.some((n) => re.test(normaliseText(p?.[n])));
    }
    const wanted = new Set((Array.isArray(c.equals) ? c.equals : [c.equals]).map((v) => normaliseText(v).toLowerCase()));
    return (p) => names.some((n) => wanted.has(normaliseText(p?.[n]).toLowerCase()));
  };
  const tests = rules.map((r) => compile(r.when));
  return {
    match(properties) {
      for (let i = 0; i < tests.length; i++) if (tests[i]!(properties)) return { index: i, rule: rules[i]! };
      return undefined;
    },
    properties: [...read],
  };
}
