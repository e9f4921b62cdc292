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
  const fail = (code: FrontlineErrorCode, reason: string, cause?: unknown): never => {
    throw new FrontlineError(code, `${file}: ${reason} (expected ${expected})`, { where: file, cause });
  };
  let text: string;
  let size: number;
  {
    // The bytes are dropped once decoded: a large file should not sit in memory twice.
    let bytes: Uint8Array;
    try {
      bytes = readRegularFile(file, MAX_JSON_BYTES);
    } catch (cause) {
      if (!(cause instanceof UnreadableFile)) throw cause;
      return fail(cause.tooLarge ? 'FILE_TOO_LARGE' : missingCode, cause.reason, cause);
    }
    size = bytes.length;
    if (size === 0) fail('FILE_EMPTY', 'is empty (0 bytes)');
    const binary = binaryKind(bytes);
    if (binary) fail('FILE_BINARY', `is not text but ${binary}`);
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch (cause) {
      return fail('FILE_BINARY', 'is not UTF-8 text (it has byte sequences UTF-8 does not allow)', cause);
    }
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
