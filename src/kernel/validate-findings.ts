/**
 * What `validate` reports (validate.ts): the finding codes, their severities, and the list the
 * checks add findings to, capped, with the overlap tolerance the caller asked for.
 */

/** How bad a finding is: `error` makes the input invalid; `warning` is legal but likely a mistake; `info` is a note. */
export type FindingSeverity = 'error' | 'warning' | 'info';

/** What a finding is about; each code has one severity ({@link FINDING_SEVERITY}). */
export type FindingCode =
  | 'NOT_JSON'
  | 'NOT_GEOJSON'
  | 'WRONG_TYPE'
  | 'MALFORMED_POSITION'
  | 'NON_FINITE_COORDINATE'
  | 'COORDINATE_OUT_OF_RANGE'
  | 'TOO_FEW_POINTS'
  | 'UNCLOSED_RING'
  | 'SELF_INTERSECTION'
  | 'HOLE_OUTSIDE_SHELL'
  | 'OVERLAPPING_HOLES'
  | 'OVERLAPPING_POLYGONS'
  | 'RING_SELF_TOUCH'
  | 'RING_SPIKE'
  | 'ZERO_AREA_RING'
  | 'SHARED_EDGE'
  | 'DISCONNECTED_INTERIOR'
  | 'CONTROLLER_OVERLAP'
  | 'FEATURES_OVERLAP'
  | 'EMPTY_GEOMETRY'
  | 'DUPLICATE_VERTEX'
  | 'LONGITUDE_WRAPPED'
  | 'ANTIMERIDIAN_JUMP'
  | 'SELF_TOUCHING_HOLE'
  | 'BELOW_GRID'
  | 'RING_ORIENTATION'
  | 'EMPTY_PART'
  | 'TOO_MANY_FINDINGS';

/** The severity of each finding code. */
export const FINDING_SEVERITY: Readonly<Record<FindingCode, FindingSeverity>> = Object.freeze({
  NOT_JSON: 'error',
  NOT_GEOJSON: 'error',
  WRONG_TYPE: 'error',
  MALFORMED_POSITION: 'error',
  NON_FINITE_COORDINATE: 'error',
  COORDINATE_OUT_OF_RANGE: 'error',
  TOO_FEW_POINTS: 'error',
  UNCLOSED_RING: 'error',
  SELF_INTERSECTION: 'error',
  HOLE_OUTSIDE_SHELL: 'error',
  OVERLAPPING_HOLES: 'error',
  OVERLAPPING_POLYGONS: 'error',
  RING_SELF_TOUCH: 'error',
  RING_SPIKE: 'error',
  ZERO_AREA_RING: 'error',
  SHARED_EDGE: 'error',
  DISCONNECTED_INTERIOR: 'error',
  CONTROLLER_OVERLAP: 'error',
  EMPTY_GEOMETRY: 'warning',
  DUPLICATE_VERTEX: 'warning',
  FEATURES_OVERLAP: 'warning',
  LONGITUDE_WRAPPED: 'warning',
  ANTIMERIDIAN_JUMP: 'warning',
  SELF_TOUCHING_HOLE: 'warning',
  BELOW_GRID: 'warning',
  RING_ORIENTATION: 'info',
  EMPTY_PART: 'info',
  TOO_MANY_FINDINGS: 'info',
});

/** One problem found in an input. */
export interface ValidationFinding {
  code: FindingCode;
  severity: FindingSeverity;
  /** Index of the feature in a FeatureCollection, else null. */
  feature: number | null;
  /** Path of the element from the root, e.g. `features[3].geometry.coordinates[0][5]`; `''` is the root itself. */
  path: string;
  /** What is wrong, in a sentence that names the place. */
  message: string;
  /** [longitude, latitude] of the problem, where it has one (a crossing, an overlap). */
  location?: [number, number];
  /** Area concerned, m² (ellipsoidal), for overlaps. */
  areaM2?: number;
}

/** The findings of one `validate`: listed up to `max`, the rest counted; with the options the checks read. */
export class FindingList {
  readonly list: ValidationFinding[] = [];
  suppressed = 0;
  errors = 0;
  readonly tolerance: number | undefined;

  constructor(
    readonly max: number,
    tolerance: unknown,
    readonly selfTouchingHoles: boolean,
  ) {
    this.tolerance = typeof tolerance === 'number' && tolerance >= 0 && Number.isFinite(tolerance) ? tolerance : undefined;
  }

  add(code: FindingCode, feature: number | null, path: string, message: string, extra: { location?: [number, number]; areaM2?: number } = {}): void {
    const severity = FINDING_SEVERITY[code];
    if (severity === 'error') this.errors++;
    if (this.list.length >= this.max) {
      this.suppressed++;
      return;
    }
    this.list.push({ code, severity, feature, path, message, ...extra });
  }

  finish(): ValidationFinding[] {
    if (this.suppressed > 0) {
      this.list.push({
        code: 'TOO_MANY_FINDINGS',
        severity: 'info',
        feature: null,
        path: '',
        message: `${this.suppressed} more findings not listed (the first ${this.max} are)`,
      });
    }
    return this.list;
  }

  toleranceFor(aM2: number, bM2: number): number {
    return overlapTolerance(aM2, bM2, this.tolerance);
  }
}

/**
 * The largest overlap (m²) between areas of `aM2` and `bM2` taken as rounding: `explicit` when it
 * is a finite number ≥ 0, else max(1 m², 1e-9 of the two areas), the rule of `ControlSnapshot`.
 */
export function overlapTolerance(aM2: number, bM2: number, explicit?: unknown): number {
  return typeof explicit === 'number' && explicit >= 0 && Number.isFinite(explicit) ? explicit : Math.max(1, 1e-9 * (aM2 + bM2));
}
