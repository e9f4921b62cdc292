import { isUtf8 } from 'node:buffer';
import { FrontlineError, type FrontlineErrorCode } from '../errors.js';
import { readRegularFile, UnreadableFile } from './read-file.js';

/**
 * Largest JSON file read, bytes (256 MiB). Parsed GeoJSON takes two to four times its text
 * in memory, so a larger file would risk running Node out of heap (a crash, not an error);
 * the engine's own limit on a string (about 512 MiB) is further out still.
 */
export const MAX_JSON_BYTES = 256 * 1024 * 1024;

/**
 * Deepest nesting of arrays and objects read. GeoJSON needs 9 levels (a MultiPolygon's
 * position inside a FeatureCollection), TopoJSON fewer; properties may nest further, but a
 * file nested thousands deep is an attack or an accident, and code walking it recursively
 * would run out of stack.
 */
export const MAX_JSON_DEPTH = 1000;

/**
 * Reads and parses a JSON file; failures name the file and what was expected of it, each with
 * its own code: `missingCode` (default `FILE_UNREADABLE`) when the file is missing, is not a
 * regular file (a directory, a FIFO, a device) or cannot be read, `FILE_EMPTY`, `FILE_BINARY`
 * (not UTF-8 text: NUL bytes, UTF-16, gzip...), `FILE_TOO_LARGE` (over {@link MAX_JSON_BYTES}
 * read), `JSON_TOO_DEEP` (over {@link MAX_JSON_DEPTH}), `FILE_TRUNCATED` (the JSON stops before
 * its end) and `FILE_NOT_JSON` (a syntax error, with line and column). A UTF-8 byte order mark
 * is skipped.
 */
export function readJsonFile(file: string, expected: string, missingCode: 'UPSTREAM_MISSING' | 'FILE_UNREADABLE' = 'FILE_UNREADABLE'): unknown {
  // The read is handed over whole, so that parsing can drop the bytes once they are decoded:
  // a large file should not sit in memory twice, as bytes and as text.
  const read: { bytes?: Uint8Array; fail: (code: FrontlineErrorCode, reason: string, cause?: unknown) => never } = readJsonBytes(file, expected, missingCode);
  return parseJsonBytes(read, read.fail);
}

/**
 * A JSON file whose top level is an object with a `features` array (a GeoJSON
 * FeatureCollection), its features parsed one at a time, as {@link readJsonFeatures} gives it.
 */
export interface JsonFeatureFile {
  readonly streamed: true;
  /** The other members of the top-level object, parsed, in the file's order. */
  readonly members: Readonly<Record<string, unknown>>;
  readonly featureCount: number;
  /**
   * The features in order, each parsed when reached and kept by nobody else. Throws the
   * errors of {@link readJsonFile} when the file turns out not to be JSON partway through.
   */
  features(): IterableIterator<unknown>;
  /** The whole top-level value, as {@link readJsonFile} returns it. */
  value(): unknown;
}

/**
 * Reads a JSON file as {@link readJsonFile} does, with the same checks and errors, but a
 * FeatureCollection is not parsed whole: its features are parsed one at a time from the file's
 * bytes, so that a caller that keeps only what it needs of each never holds the text of the
 * file as a string nor the whole tree of its positions (JSON.parse's arrays take about 70 bytes
 * a position, 2.5 times the text they come from). Each feature, and each other member, is parsed
 * by JSON.parse, so numbers and strings are exactly what reading the file whole gives.
 *
 * @returns the file's features as a {@link JsonFeatureFile} when its top level is an object
 *   with one `features` array; else `{ streamed: false, value }`, the value parsed whole.
 */
export function readJsonFeatures(
  file: string,
  expected: string,
  missingCode: 'UPSTREAM_MISSING' | 'FILE_UNREADABLE' = 'FILE_UNREADABLE',
): JsonFeatureFile | { readonly streamed: false; readonly value: unknown } {
  const { bytes, fail } = readJsonBytes(file, expected, missingCode);
  const layout = isUtf8(bytes) ? featureLayout(bytes) : undefined;
  // Anything unusual (not UTF-8, too deep, a syntax error, another shape) is read whole, so
  // that the diagnosis is the one readJsonFile gives.
  if (layout === undefined) return { streamed: false, value: parseJsonBytes({ bytes }, fail) };
  const slice = (from: number, to: number): unknown => {
    try {
      return JSON.parse(bytes.toString('utf8', from, to));
    } catch {
      // Not JSON inside: the whole text says where, as readJsonFile would.
      parseJsonBytes({ bytes }, fail);
      throw new Error(`${file}: bytes ${from}–${to} are not JSON, yet the file parses`);
    }
  };
  const members: Record<string, unknown> = {};
  const define = (target: Record<string, unknown>, key: string, value: unknown) =>
    // As JSON.parse defines members: a key "__proto__" is a member, not the prototype.
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  for (const [key, from, to] of layout.members) define(members, key, slice(from, to));
  const { starts, ends } = layout;
  function* features(): IterableIterator<unknown> {
    for (let i = 0; i < starts.length; i++) yield slice(starts[i]!, ends[i]!);
  }
  return {
    streamed: true,
    members,
    featureCount: starts.length,
    features,
    value: () => {
      const whole: Record<string, unknown> = {};
      for (const [key, from, to] of layout.all) define(whole, key, key === 'features' && from < 0 ? [...features()] : slice(from, to));
      return whole;
    },
  };
}

/** A JSON file's bytes, read with the checks every reader makes (regular file, size, not empty, not binary). */
function readJsonBytes(
  file: string,
  expected: string,
  missingCode: 'UPSTREAM_MISSING' | 'FILE_UNREADABLE',
): { bytes: Buffer; fail: (code: FrontlineErrorCode, reason: string, cause?: unknown) => never } {
  const fail = (code: FrontlineErrorCode, reason: string, cause?: unknown): never => {
    throw new FrontlineError(code, `${file}: ${reason} (expected ${expected})`, { where: file, cause });
  };
  let bytes: Buffer;
  try {
    bytes = readRegularFile(file, MAX_JSON_BYTES);
  } catch (cause) {
    if (!(cause instanceof UnreadableFile)) throw cause;
    return fail(cause.tooLarge ? 'FILE_TOO_LARGE' : missingCode, cause.reason, cause);
  }
  if (bytes.length === 0) fail('FILE_EMPTY', 'is empty (0 bytes)');
  const binary = binaryKind(bytes);
  if (binary) fail('FILE_BINARY', `is not text but ${binary}`);
  return { bytes, fail };
}

/** UTF-8 text of the bytes in `read`, which lets go of them: from here on only the text holds the file. */
function decodeAndRelease(read: { bytes?: Uint8Array }): string {
  const bytes = read.bytes!;
  read.bytes = undefined;
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** The bytes of a JSON file decoded and parsed whole, or the error that says what is wrong and where. */
function parseJsonBytes(read: { bytes?: Uint8Array }, fail: (code: FrontlineErrorCode, reason: string, cause?: unknown) => never): unknown {
  const size = read.bytes!.length;
  let text: string;
  try {
    text = decodeAndRelease(read);
  } catch (cause) {
    return fail('FILE_BINARY', 'is not UTF-8 text (it has byte sequences UTF-8 does not allow)', cause);
  }
  if (text.trim() === '') fail('FILE_EMPTY', `holds only whitespace (${size} bytes)`);
  const shape = scanJson(text);
  if (shape.maxDepth > MAX_JSON_DEPTH) {
    fail(
      'JSON_TOO_DEEP',
      `nests arrays and objects ${shape.maxDepth > 1e6 ? 'over a million' : shape.maxDepth} levels deep, more than the ${MAX_JSON_DEPTH} frontline reads (${lineColumn(text, shape.deepAt)})`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    // Where the text stops being JSON, found by our own scan: the engine's messages do not
    // always say, and differ between versions.
    const at = jsonErrorOffset(text);
    let end = text.length;
    while (end > 0 && ' \t\n\r'.includes(text[end - 1]!)) end--;
    if (at < 0 || at >= end) {
      const inside = shape.inString
        ? 'inside a string'
        : shape.depth > 0
          ? `with ${shape.depth} ${shape.depth === 1 ? 'array or object' : 'arrays or objects'} still open`
          : 'in the middle of a value';
      return fail('FILE_TRUNCATED', `truncated JSON: the text stops ${inside} after ${size} bytes (${lineColumn(text, end)}); the file was cut short`, cause);
    }
    const found = text.codePointAt(at)!;
    return fail('FILE_NOT_JSON', `not valid JSON at ${lineColumn(text, at)}: unexpected ${JSON.stringify(String.fromCodePoint(found))}`, cause);
  }
}

/** Where the values of a top-level object lie in the bytes; its features' one by one. */
interface FeatureLayout {
  /** Members other than `features`: key, first byte, end. */
  members: [string, number, number][];
  /** Every member in order, `features` with from = −1. */
  all: [string, number, number][];
  starts: number[];
  ends: number[];
}

const SPACE = 0x20,
  TAB = 0x09,
  LF = 0x0a,
  CR = 0x0d,
  QUOTE = 0x22,
  BACKSLASH = 0x5c,
  COMMA = 0x2c,
  COLON = 0x3a,
  OPEN_BRACE = 0x7b,
  CLOSE_BRACE = 0x7d,
  OPEN_BRACKET = 0x5b,
  CLOSE_BRACKET = 0x5d;

/**
 * The layout of a top-level object with one `features` array, found by one scan of the bytes
 * that counts nesting and skips strings without decoding them; undefined when the bytes are
 * anything else (another top level, `features` twice or not an array, nesting deeper than
 * {@link MAX_JSON_DEPTH}, brackets or punctuation out of place). The scan checks what lies
 * between the values; JSON.parse checks each value when it is read.
 */
function featureLayout(bytes: Buffer): FeatureLayout | undefined {
  const n = bytes.length;
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const space = () => {
    for (let c = bytes[i]; c === SPACE || c === LF || c === CR || c === TAB; c = bytes[++i]);
  };
  /** Moves `i` past the string at `i`; false when it does not end. */
  const string = (): boolean => {
    for (i++; i < n; i++) {
      const c = bytes[i];
      if (c === QUOTE) {
        i++;
        return true;
      }
      if (c === BACKSLASH) i++;
    }
    return false;
  };
  /** Moves `i` past the value at `i`, nested `depth` deep; false when its brackets do not match or it goes too deep. */
  const value = (depth: number): boolean => {
    const c = bytes[i];
    if (c === QUOTE) return string();
    if (c !== OPEN_BRACE && c !== OPEN_BRACKET) {
      // A number or a word: up to the next delimiter; JSON.parse judges it.
      const from = i;
      for (
        let d = bytes[i];
        i < n && d !== COMMA && d !== CLOSE_BRACE && d !== CLOSE_BRACKET && d !== SPACE && d !== LF && d !== CR && d !== TAB;
        d = bytes[++i]
      );
      return i > from;
    }
    const open: number[] = [];
    for (; i < n; i++) {
      const d = bytes[i];
      if (d === QUOTE) {
        if (!string()) return false;
        i--;
      } else if (d === OPEN_BRACE || d === OPEN_BRACKET) {
        open.push(d + 2);
        if (depth + open.length > MAX_JSON_DEPTH) return false;
      } else if (d === CLOSE_BRACE || d === CLOSE_BRACKET) {
        if (open.pop() !== d) return false;
        if (open.length === 0) {
          i++;
          return true;
        }
      }
    }
    return false;
  };
  space();
  if (bytes[i] !== OPEN_BRACE) return undefined;
  i++;
  const layout: FeatureLayout = { members: [], all: [], starts: [], ends: [] };
  let features = false;
  space();
  if (bytes[i] === CLOSE_BRACE) return undefined;
  for (;;) {
    space();
    if (bytes[i] !== QUOTE) return undefined;
    const keyFrom = i;
    if (!string()) return undefined;
    let key: string;
    try {
      key = JSON.parse(bytes.toString('utf8', keyFrom, i)) as string;
    } catch {
      return undefined;
    }
    space();
    if (bytes[i] !== COLON) return undefined;
    i++;
    space();
    if (key === 'features') {
      if (features || bytes[i] !== OPEN_BRACKET) return undefined;
      features = true;
      layout.all.push([key, -1, -1]);
      i++;
      space();
      if (bytes[i] === CLOSE_BRACKET) i++;
      else
        for (;;) {
          const from = i;
          if (!value(2)) return undefined;
          layout.starts.push(from);
          layout.ends.push(i);
          space();
          if (bytes[i] === CLOSE_BRACKET) {
            i++;
            break;
          }
          if (bytes[i] !== COMMA) return undefined;
          i++;
          space();
        }
    } else {
      const from = i;
      if (!value(1)) return undefined;
      layout.members.push([key, from, i]);
      layout.all.push([key, from, i]);
    }
    space();
    if (bytes[i] === CLOSE_BRACE) break;
    if (bytes[i] !== COMMA) return undefined;
    i++;
  }
  i++;
  space();
  return i === n && features ? layout : undefined;
}

/**
 * Offset of the first character at which `text` stops being JSON (RFC 8259), its length when it
 * ends before the value does, or −1 when it is JSON. A scan with an explicit stack, building
 * nothing, so any depth is fine.
 */
export function jsonErrorOffset(text: string): number {
  const n = text.length;
  const open: boolean[] = []; // true for an object, false for an array
  let i = 0;
  let state: 'value' | 'key' | 'after' = 'value';
  const skip = () => {
    for (let c = text.charCodeAt(i); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = text.charCodeAt(++i));
  };
  const digits = (): boolean => {
    const from = i;
    while (i < n && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
    return i > from;
  };
  for (;;) {
    skip();
    if (i >= n) return open.length === 0 && state === 'after' ? -1 : n;
    const c = text[i]!;
    if (state === 'after') {
      if (open.length === 0) return i;
      if (c === ',') {
        i++;
        state = open[open.length - 1] ? 'key' : 'value';
      } else if ((c === '}' && open[open.length - 1]) || (c === ']' && !open[open.length - 1])) {
        open.pop();
        i++;
      } else return i;
      continue;
    }
    if (state === 'key') {
      if (c !== '"') return i;
      const e = stringEnd(text, i);
      if (e < 0 || e >= n) return e < 0 ? -e - 1 : n;
      i = e;
      skip();
      if (i >= n) return n;
      if (text[i] !== ':') return i;
      i++;
      state = 'value';
      continue;
    }
    if (c === '{' || c === '[') {
      open.push(c === '{');
      i++;
      skip();
      if (i < n && text[i] === (c === '{' ? '}' : ']')) {
        open.pop();
        i++;
        state = 'after';
      } else state = c === '{' ? 'key' : 'value';
      continue;
    }
    if (c === '"') {
      const e = stringEnd(text, i);
      if (e < 0 || e > n) return e < 0 ? -e - 1 : n;
      i = e;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      if (c === '-') i++;
      if (i >= n) return n;
      if (text[i] === '0') i++;
      else if (!digits()) return i;
      if (text[i] === '.') {
        i++;
        if (i >= n) return n;
        if (!digits()) return i;
      }
      if (text[i] === 'e' || text[i] === 'E') {
        i++;
        if (text[i] === '+' || text[i] === '-') i++;
        if (i >= n) return n;
        if (!digits()) return i;
      }
    } else {
      const word = c === 't' ? 'true' : c === 'f' ? 'false' : c === 'n' ? 'null' : '';
      if (word === '') return i;
      for (let k = 0; k < word.length; k++, i++) {
        if (i >= n) return n;
        if (text[i] !== word[k]) return i;
      }
    }
    state = 'after';
  }
}

/** Offset just past the string starting at `start`, its text's length + 1 when unterminated, or −(offset + 1) of a bad character. */
function stringEnd(text: string, start: number): number {
  const n = text.length;
  for (let i = start + 1; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) return -(i + 1);
    if (c === 0x5c) {
      const e = text[++i];
      if (e === undefined) return n + 1;
      if (e === 'u') {
        for (let k = 1; k <= 4; k++) {
          if (i + k >= n) return n + 1;
          if (!/[0-9a-fA-F]/.test(text[i + k]!)) return -(i + k + 1);
        }
        i += 4;
      } else if (!'"\\/bfnrt'.includes(e)) return -(i + 1);
    }
  }
  return n + 1;
}

/** What a file is when its first bytes say it is not UTF-8 text, else undefined. */
function binaryKind(bytes: Uint8Array): string | undefined {
  const [a, b] = [bytes[0], bytes[1]];
  if ((a === 0xff && b === 0xfe) || (a === 0xfe && b === 0xff)) return 'UTF-16 text (save it as UTF-8)';
  if (a === 0x1f && b === 0x8b) return 'gzip-compressed data (decompress it first)';
  if (a === 0x50 && b === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'a ZIP archive (extract it first)';
  // JSON text never holds a raw NUL byte (it must be escaped as \u0000).
  const nul = bytes.indexOf(0);
  if (nul >= 0) return `binary data (a NUL byte at offset ${nul})`;
  return undefined;
}

interface JsonShape {
  maxDepth: number;
  /** Offset where nesting first went past MAX_JSON_DEPTH. */
  deepAt: number;
  /** Nesting still open at the end of the text. */
  depth: number;
  inString: boolean;
  open: boolean;
}

/** One pass over the text counting nesting outside strings, without building anything. */
function scanJson(text: string): JsonShape {
  let depth = 0,
    maxDepth = 0,
    deepAt = -1,
    inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) {
        maxDepth = depth;
        if (depth > MAX_JSON_DEPTH && deepAt < 0) deepAt = i;
      }
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return { maxDepth, deepAt, depth: Math.max(depth, 0), inString, open: inString || depth > 0 };
}

function lineColumn(text: string, offset: number): string {
  let line = 1,
    lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

function _formatMiB(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
