import type { MultiPolygon, Polygon } from 'geojson';
import { FrontlineError } from '../errors.js';
import { polygonFeatureBounds } from './accuracy.js';
import { layerAreas, type AreaRow } from './areas.js';
import { checkClaim, resolverFrom, type Claim, type ClaimCheck } from './claim.js';
import { diffSnapshots, type DiffRegion, type SnapshotDiff } from './diff.js';
import { diffRanges, type DiffRanges } from './diff-ranges.js';
import type { LayerPack } from './layer.js';
import { shortEdged, type ControlSnapshot } from './snapshot.js';
import { areaRange, isExact, uncertainUnion, type Range, type UncertainArea } from './uncertainty.js';

/** What a report covers: a pack, its snapshots, which of them to compare, and claims to test. */
export interface ReportInput {
  pack: LayerPack;
  snapshots: readonly ControlSnapshot[];
  /** Snapshot ids to diff in sequence: [a, b, c] gives a → b and b → c. */
  diffChain: readonly string[];
  /** Regions each transfer is broken down by (districts, an oblast...). */
  regions?: readonly DiffRegion[];
  claims?: readonly Claim[];
}

/** An area with the smallest and largest value the stated accuracies allow (equal to it where nothing is uncertain). */
export interface AreaFigures {
  areaKm2: number;
  areaKm2Low: number;
  areaKm2High: number;
}

/** A row of the layer table with its range (from `accuracy_m` on polygon features; zero width otherwise). */
export type LayerAreaRow = AreaRow & AreaFigures;

export interface SnapshotSummary {
  id: string;
  date: string;
  label: string;
  sources: readonly string[];
  notes: string | undefined;
  accuracy: string | undefined;
  controllers: ({ controller: string } & AreaFigures)[];
  method: 'ellipsoidal';
}

type ChangeNumbers = Omit<SnapshotDiff['controllers'][number], 'gained' | 'lost' | 'retained'>;
type ChangeKey = 'beforeKm2' | 'afterKm2' | 'gainedKm2' | 'lostKm2' | 'retainedKm2' | 'netKm2';

/** A controller's change with each figure's range: `beforeKm2Low`, `beforeKm2High`, … `netKm2High`. */
export type ControllerChangeSummary = ChangeNumbers & { [K in ChangeKey as `${K}Low` | `${K}High`]: number };

/** A diff without its geometry: the numbers a table or a JSON consumer needs, each with its range. */
export type DiffSummary = Omit<SnapshotDiff, 'controllers' | 'transfers'> & {
  controllers: ControllerChangeSummary[];
  transfers: (Omit<SnapshotDiff['transfers'][number], 'geometry' | 'byRegion'> &
    AreaFigures & { byRegion: (SnapshotDiff['transfers'][number]['byRegion'][number] & AreaFigures)[] })[];
};

/** The four tables of a report; every area in km², ellipsoidal, with its range. */
export interface Report {
  layers: LayerAreaRow[];
  snapshots: SnapshotSummary[];
  diffs: DiffSummary[];
  claims: ClaimCheck[];
}

const figures = (r: Range): AreaFigures => ({ areaKm2: r.value, areaKm2Low: r.low, areaKm2High: r.high });

/** Summarises a snapshot: its metadata and each controller's area with its range. */
export function summariseSnapshot(snapshot: ControlSnapshot): SnapshotSummary {
  return {
    id: snapshot.id,
    date: snapshot.date,
    label: snapshot.label,
    sources: snapshot.sources,
    notes: snapshot.notes,
    accuracy: snapshot.accuracy,
    controllers: snapshot.controllers.map((controller) => ({ controller, ...figures(snapshot.areaRangeKm2(controller)) })),
    method: 'ellipsoidal',
  };
}

/**
 * Drops the geometry of a diff, keeping every number, each with its range from `ranges`
 * (`diffRanges`); without `ranges` every range is zero wide, as for exact snapshots.
 */
export function summariseDiff(diff: SnapshotDiff, ranges?: DiffRanges): DiffSummary {
  const zero = (value: number): Range => ({ value, low: value, high: value });
  return {
    ...diff,
    controllers: diff.controllers.map(({ gained: _g, lost: _l, retained: _r, ...numbers }) => {
      const r = ranges?.controllers.find((x) => x.controller === numbers.controller);
      const pick = (key: 'before' | 'after' | 'gained' | 'lost' | 'retained' | 'net') => r?.[key] ?? zero(numbers[`${key}Km2`]);
      const out = { ...numbers } as ControllerChangeSummary;
      for (const key of ['before', 'after', 'gained', 'lost', 'retained', 'net'] as const) {
        const range = pick(key);
        out[`${key}Km2Low`] = range.low;
        out[`${key}Km2High`] = range.high;
      }
      return out;
    }),
    transfers: diff.transfers.map(({ geometry: _geometry, byRegion, ...numbers }) => {
      const r = ranges?.transfers.find((x) => x.from === numbers.from && x.to === numbers.to);
      const area = r?.area ?? zero(numbers.areaKm2);
      return {
        ...numbers,
        areaKm2Low: area.low,
        areaKm2High: area.high,
        byRegion: byRegion.map((row) => {
          const rr = r?.byRegion.find((x) => x.region === row.region)?.area ?? zero(row.areaKm2);
          return { ...row, areaKm2Low: rr.low, areaKm2High: rr.high };
        }),
      };
    }),
  };
}

/**
 * The layer table with ranges: a polygon feature stating `accuracy_m` gets the areas of its
 * bounds (`polygonFeatureBounds`), a layer total the union of its features' bounds; every
 * other row has a range of zero width.
 */
function layerRows(pack: LayerPack): LayerAreaRow[] {
  // layerAreas lists each layer as its total, then one row per feature in order.
  const rows = layerAreas(pack);
  const out: LayerAreaRow[] = [];
  let next = 0;
  for (const layer of pack.layers) {
    const bounds = layer.geojson.features.map((f) => (isPolygonal(f.geometry) ? polygonFeatureBounds(f) : null));
    const uncertain = bounds.some((b) => b !== null && !isExact(b));
    const ranged = (row: AreaRow, area: UncertainArea | null): LayerAreaRow => {
      const r = area && uncertain ? areaRange(area, row.areaKm2, shortEdged) : { low: row.areaKm2, high: row.areaKm2 };
      return { ...row, areaKm2Low: r.low, areaKm2High: r.high };
    };
    const polygons = bounds.filter((b): b is UncertainArea => b !== null);
    out.push(ranged(rows[next++]!, uncertain ? uncertainUnion(...polygons) : null));
    for (const b of bounds) out.push(ranged(rows[next++]!, b));
  }
  return out;
}

function isPolygonal(g: unknown): g is Polygon | MultiPolygon {
  const type = (g as { type?: unknown } | null)?.type;
  return type === 'Polygon' || type === 'MultiPolygon';
}

/**
 * Works out a report: layer areas, each snapshot's area per controller, the diffs along
 * `diffChain` broken down by region, and every claim with each of its readings; every figure
 * with its range (the smallest and largest value the stated accuracy of uncertain boundaries
 * allows, see `UncertainArea`), and every claim reading with its three-way verdict.
 *
 * @throws FrontlineError `UNKNOWN_SNAPSHOT` when the chain names a snapshot that is not given.
 */
export function buildReport(input: ReportInput): Report {
  const byId = new Map(input.snapshots.map((s) => [s.id, s]));
  const get = (id: string): ControlSnapshot => {
    const found = byId.get(id);
    if (!found) {
      throw new FrontlineError('UNKNOWN_SNAPSHOT', `no snapshot "${id}" (snapshots: ${[...byId.keys()].join(', ')})`, { where: id });
    }
    return found;
  };
  const chain = input.diffChain.map(get);
  const diffs: DiffSummary[] = [];
  const regions = input.regions ? [...input.regions] : [];
  for (let i = 0; i + 1 < chain.length; i++) {
    const diff = diffSnapshots(chain[i]!, chain[i + 1]!, { regions });
    diffs.push(summariseDiff(diff, diffRanges(chain[i]!, chain[i + 1]!, diff, regions)));
  }
  const resolver = resolverFrom(input.pack, input.snapshots);
  return {
    layers: layerRows(input.pack),
    snapshots: input.snapshots.map(summariseSnapshot),
    diffs,
    claims: (input.claims ?? []).map((claim) => checkClaim(claim, resolver)),
  };
}
