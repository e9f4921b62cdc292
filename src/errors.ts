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
  | 'INVALID_CLAIM';

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
