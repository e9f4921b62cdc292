/**
 * Every error frontline raises on purpose is a FrontlineError with a stable `code`,
 * so callers (and the CLI) can branch on the kind of failure instead of parsing messages.
 */
export type FrontlineErrorCode =
  | 'INVALID_ARGUMENT'
  | 'INVALID_GEOJSON'
  | 'UPSTREAM_MISSING'
  | 'UPSTREAM_MALFORMED'
  | 'PACK_MISSING'
  | 'PACK_MALFORMED'
  | 'UNKNOWN_LAYER'
  | 'GEOMETRY_FAILED'
  | 'FILE_UNREADABLE'
  | 'USAGE'
  | 'INVALID_SNAPSHOT'
  | 'SNAPSHOT_OVERLAP'
  | 'UNKNOWN_SNAPSHOT'
  | 'UNKNOWN_CONTROLLER'
  | 'INVALID_CLAIM'
  | 'FILE_EMPTY'
  | 'FILE_BINARY'
  | 'FILE_TRUNCATED'
  | 'FILE_NOT_JSON'
  | 'FILE_TOO_LARGE'
  | 'JSON_TOO_DEEP'
  | 'FILE_UNWRITABLE'
  | 'FONT_MISSING'
  | 'INVALID_TIMELINE'
  | 'BELOW_GRID'
  | 'AMBIGUOUS_RING'
  | 'CROSSES_ANTIMERIDIAN'
  | 'INVALID_PROFILE'
  | 'UNMAPPED_CLASS';

export class FrontlineError extends Error {
  readonly code: FrontlineErrorCode;
  /** Where the problem is: a file path, a layer id, or a path into a GeoJSON object. */
  readonly where: string | undefined;

  constructor(code: FrontlineErrorCode, message: string, options: { where?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FrontlineError';
    this.code = code;
    this.where = options.where;
  }
}

export function isFrontlineError(value: unknown): value is FrontlineError {
  return value instanceof FrontlineError;
}

/**
 * A short description of any value for an error message, that never throws: JSON.stringify
 * throws on a BigInt and String() on an object whose toString is not a function, and a message
 * about bad input must survive the input.
 */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'string':
      return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
    case 'bigint':
      return `${String(value)}n (a BigInt)`;
    case 'undefined':
    case 'boolean':
    case 'symbol':
      return String(value);
    case 'function':
      return 'a function';
    default:
      if (value === null) return 'null';
      return Array.isArray(value) ? `an array of ${value.length}` : 'an object';
  }
}
